"""The Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import text

from newsdb import __version__
from newsdb.config import Settings, load_settings
from newsdb.db import get_engine


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the newsdb app; ``config`` overrides Flask settings and may carry
    ``NEWSDB_SETTINGS`` (a :class:`Settings`) or ``NEWSDB_ENGINE`` (an engine to use)."""
    app = Flask("newsdb")
    settings: Settings = (config or {}).get("NEWSDB_SETTINGS") or load_settings()
    app.config.update(
        API_TITLE="newsdb",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {"description": "newsdb: news articles, the entities they mention and the "
                                    "events they report. Errors share one shape: "
                                    "`{code, status, message, errors}`."},
            # Reads are open unless NEWSDB_REQUIRE_READ_TOKEN=1; writes say what they need.
            "security": [{}, {"bearerAuth": []}],
        },
        ETAG_ENABLED=True,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        NEWSDB_SETTINGS=settings,
    )
    app.config.update(config or {})
    app.extensions["newsdb_engine"] = app.config.get("NEWSDB_ENGINE") or get_engine(
        settings.database_url)

    from newsdb import api, web
    from newsdb.api import encoding

    encoding.init_app(app)
    web.init_app(app)  # first: its request log wraps every other hook
    api.init_app(app)
    _register_health(app)
    return app


def _register_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> Any:
        """Tell whether the app and its database answer."""
        from newsdb.api.database import get_session

        get_session().execute(text("SELECT 1"))
        return jsonify({"status": "ok", "version": __version__})
