"""CORS for the origins NEWSDB_CORS_ORIGINS names (none by default): dashboards on another origin
may read the API and see its paging and caching headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from newsdb.config import Settings

EXPOSED_HEADERS = "ETag, Link, Location, X-Pagination"
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match"
ALLOWED_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS"
PREFLIGHT_MAX_AGE = "600"


def add_cors_headers(response: Response) -> Response:
    """Let a listed origin read the answer (``*`` in the list allows any origin)."""
    settings: Settings = current_app.config["NEWSDB_SETTINGS"]
    origin = request.headers.get("Origin")
    if not origin or not settings.cors_origins:
        return response
    if origin not in settings.cors_origins and "*" not in settings.cors_origins:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers.add("Vary", "Origin")
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def init_app(app: Flask) -> None:
    """Add CORS headers to every answer."""
    app.after_request(add_cors_headers)
