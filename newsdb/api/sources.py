"""/api/v1/sources: publishers and wire agencies."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.sources import (
    SourceCreateSchema,
    SourceFieldsSchema,
    SourceListArgsSchema,
    SourceSchema,
)
from newsdb.services import sources as service

blp = ApiBlueprint("sources", __name__, url_prefix="/api/v1/sources",
                   description="Sources: publishers and the wire agencies articles credit")


def _summary(source: Any) -> service.SourceSummary:
    return service.source_summary(get_session(), source)


@blp.route("")
class Sources(MethodView):
    @blp.etag
    @blp.arguments(SourceListArgsSchema, location="query")
    @blp.response(200, SourceSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List sources with their article counts."""
        page = page_request(args)
        rows, total = service.list_sources(get_session(), **args, offset=page.offset,
                                           limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(SourceCreateSchema)
    @blp.response(201, SourceSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]) -> Any:
        """Create a source (names are unique, case-insensitively)."""
        source = service.create_source(get_session(), data)
        return _summary(source), 201, {"Location": url_for("sources.SourceById",
                                                           source_id=source.id)}


@blp.route("/<id:source_id>")
class SourceById(MethodView):
    @blp.etag
    @blp.response(200, SourceSchema)
    def get(self, source_id: int) -> Any:
        """Get one source."""
        return _summary(service.get_source(get_session(), source_id))

    @blp.requires("write")
    @blp.etag
    @blp.arguments(SourceFieldsSchema)
    @blp.response(200, SourceSchema)
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, changes: dict[str, Any], source_id: int) -> Any:
        """Correct a source."""
        source = _summary(service.get_source(get_session(), source_id))
        blp.check_etag(source, SourceSchema)
        return _summary(service.update_source(get_session(), source.source, changes))

    @blp.requires("write")
    @blp.etag
    @blp.response(204)
    def delete(self, source_id: int) -> None:
        """Delete a source; its articles stay, without a publisher."""
        source = _summary(service.get_source(get_session(), source_id))
        blp.check_etag(source, SourceSchema)
        service.delete_source(get_session(), source.source)
