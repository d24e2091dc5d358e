"""The REST API (flask-smorest blueprints under /api/v1)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.routing import IntegerConverter

from newsdb.api import auth, content, database, docs
from newsdb.api.blueprint import BEARER_SCHEME
from newsdb.api.errors import register_error_handlers
from newsdb.api.schemas.common import MAX_ID, EntityRefSchema, ErrorSchema


class IdConverter(IntegerConverter):
    """A row id in a path: 1 up to the largest SQL integer (anything else is a 404)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


class NewsdbApi(Api):
    """flask-smorest's Api, documenting newsdb's one error shape."""

    ERROR_SCHEMA = ErrorSchema


def _document(api: NewsdbApi) -> None:
    from newsdb.api.schemas.articles import ArticleInputSchema
    from newsdb.api.schemas.events import ParticipantSchema
    from newsdb.api.schemas.sources import ItemResultSchema

    api.spec.components.security_scheme(BEARER_SCHEME, {
        "type": "http", "scheme": "bearer",
        "description": "A token from `newsdb token create NAME --scope SCOPE`. Scopes nest: "
                       "admin ⊃ write ⊃ read; sql for /sql. Reads need none unless "
                       "NEWSDB_REQUIRE_READ_TOKEN=1."})
    for name, schema in (("EntityRef", EntityRefSchema), ("Participant", ParticipantSchema),
                         ("ItemResult", ItemResultSchema), ("ArticleInput", ArticleInputSchema)):
        api.spec.components.schema(name, schema=schema)


def init_app(app: Flask) -> Api:
    """Create the API on ``app`` and register every blueprint."""
    from newsdb.api import articles, entities, events, imports, reports, search, sources

    app.url_map.converters["id"] = IdConverter
    # A path with doubled slashes is no route (a JSON 404, as a trailing slash is), not
    # Werkzeug's HTML redirect to the merged path.
    app.url_map.merge_slashes = False
    api = NewsdbApi(app)
    register_error_handlers(app, api)
    database.init_app(app)
    content.init_app(app)  # before auth: an oversized body is refused unread, token or not
    auth.init_app(app)
    docs.init_app(app)
    _document(api)
    for blueprint in (articles.blp, entities.blp, events.blp, events.mentions_blp,
                      sources.blp, imports.blp, search.blp, reports.blp):
        api.register_blueprint(blueprint)
    return api
