"""WSGI entry point: ``gunicorn wsgi:app`` (and ``newsdb serve``)."""

from newsdb.app import create_app

app = create_app()
