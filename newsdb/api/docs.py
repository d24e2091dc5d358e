"""Swagger UI at /docs, its assets served from the installed swagger-ui-bundle package (no
CDN: the docs work offline)."""

from __future__ import annotations

from flask import Blueprint, Flask

ASSETS_URL = "/docs/assets"


def swagger_ui_folder() -> str:
    """Return the folder of the Swagger UI files that the package ships."""
    from swagger_ui_bundle import swagger_ui_path

    return str(swagger_ui_path)


def init_app(app: Flask) -> None:
    """Serve the Swagger UI assets; flask-smorest serves the page at OPENAPI_SWAGGER_UI_PATH."""
    assets = Blueprint("swagger_ui_assets", __name__, static_folder=swagger_ui_folder(),
                       static_url_path=ASSETS_URL)
    app.register_blueprint(assets)
