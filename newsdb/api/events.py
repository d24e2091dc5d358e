"""/api/v1/events and /api/v1/mentions: what happened, and where articles name entities."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.common import PageArgsSchema
from newsdb.api.schemas.events import (
    EventCreateSchema,
    EventFieldsSchema,
    EventListArgsSchema,
    EventSchema,
    EvidenceSchema,
    MentionCreateSchema,
    MentionListArgsSchema,
    MentionSchema,
)
from newsdb.services import events as service
from newsdb.services import mentions

blp = ApiBlueprint("events", __name__, url_prefix="/api/v1/events",
                   description="Events: who did what, where and when, with the sentences that "
                               "report them")
mentions_blp = ApiBlueprint("mentions", __name__, url_prefix="/api/v1/mentions",
                            description="Mentions: spans of article bodies that name an entity")


@blp.route("")
class Events(MethodView):
    @blp.etag
    @blp.arguments(EventListArgsSchema, location="query")
    @blp.response(200, EventSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List events, filtered and sorted."""
        page = page_request(args)
        rows, total = service.list_events(get_session(), service.EventFilters(**args),
                                          offset=page.offset, limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(EventCreateSchema)
    @blp.response(201, EventSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Record an event by hand, with its participants and evidence spans."""
        event = service.create_event(get_session(), data)
        return event, 201, {"Location": url_for("events.EventById", event_id=event.id)}


@blp.route("/<id:event_id>")
class EventById(MethodView):
    @blp.etag
    @blp.response(200, EventSchema)
    def get(self, event_id: int) -> Any:
        """Get one event."""
        return service.get_event(get_session(), event_id)

    @blp.requires("write")
    @blp.etag
    @blp.arguments(EventFieldsSchema)
    @blp.response(200, EventSchema)
    def patch(self, changes: dict[str, Any], event_id: int) -> Any:
        """Correct an event; `participants`, when given, replace the current ones."""
        event = service.get_event(get_session(), event_id)
        blp.check_etag(event, EventSchema)
        return service.update_event(get_session(), event, changes)

    @blp.requires("write")
    @blp.etag
    @blp.response(204)
    def delete(self, event_id: int) -> None:
        """Delete an event with its participants and evidence."""
        event = service.get_event(get_session(), event_id)
        blp.check_etag(event, EventSchema)
        service.delete_event(get_session(), event)


@blp.route("/<id:event_id>/evidence")
class EventEvidence(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, EvidenceSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any], event_id: int) -> Any:
        """List the sentences of articles that report an event."""
        page = page_request(args)
        event = service.get_event(get_session(), event_id)
        rows, total = service.list_evidence(get_session(), event, offset=page.offset,
                                            limit=page.page_size)
        return rows, 200, page_headers(page, total)


@mentions_blp.route("")
class Mentions(MethodView):
    @mentions_blp.etag
    @mentions_blp.arguments(MentionListArgsSchema, location="query")
    @mentions_blp.response(200, MentionSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List mentions, by article and/or entity (a merged entity stands for its survivor)."""
        page = page_request(args)
        rows, total = mentions.list_mentions(get_session(), **args, offset=page.offset,
                                             limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @mentions_blp.requires("write")
    @mentions_blp.arguments(MentionCreateSchema)
    @mentions_blp.response(201, MentionSchema)
    @mentions_blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]) -> Any:
        """Record by hand that a span of an article names an entity (`method` = `manual`)."""
        mention = mentions.add_mention(get_session(), **data)
        return mention, 201, {"Location": url_for("mentions.MentionById",
                                                  mention_id=mention.id)}


@mentions_blp.route("/<id:mention_id>")
class MentionById(MethodView):
    @mentions_blp.etag
    @mentions_blp.response(200, MentionSchema)
    def get(self, mention_id: int) -> Any:
        """Get one mention."""
        return mentions.get_mention(get_session(), mention_id)

    @mentions_blp.requires("write")
    @mentions_blp.etag
    @mentions_blp.response(204)
    def delete(self, mention_id: int) -> None:
        """Remove a mention; re-extraction will not bring it back."""
        mention = mentions.get_mention(get_session(), mention_id)
        mentions_blp.check_etag(mention, MentionSchema)
        mentions.delete_mention(get_session(), mention)
