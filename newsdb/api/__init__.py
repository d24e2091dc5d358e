"""The REST API (flask-smorest blueprints under /api/v1)."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from newsdb.api import database
from newsdb.api.errors import register_error_handlers


def init_app(app: Flask) -> Api:
    """Create the API on ``app`` and register every blueprint."""
    from newsdb.api import articles

    api = Api(app)
    register_error_handlers(app, api)
    database.init_app(app)
    api.register_blueprint(articles.blp)
    return api
