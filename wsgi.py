"""WSGI entry point: ``gunicorn wsgi:app`` (and ``newsdb serve``)."""

from newsdb.app import create_app
from newsdb.serving import install_json_errors

install_json_errors()  # under gunicorn, what it refuses itself answers in newsdb's error shape
app = create_app()
