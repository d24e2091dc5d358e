"""/api/v1/entities: people, organizations and places, their aliases, relations and merges.

A merged entity's id answers GET and HEAD with 308 to its survivor, and writes with 409.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from newsdb.api.articles import wants_raw_text
from newsdb.api.blueprint import ApiBlueprint, created_links
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.articles import ArticleListArgsSchema, ArticleSchema
from newsdb.api.schemas.common import PageArgsSchema
from newsdb.api.schemas.entities import (
    AliasCreateSchema,
    AliasSchema,
    EntityCreateSchema,
    EntityDetailSchema,
    EntityFieldsSchema,
    EntityListArgsSchema,
    EntitySchema,
    MergeSchema,
    RelatedArgsSchema,
    RelatedEntitySchema,
    TimelineArgsSchema,
    TimelineEntrySchema,
)
from newsdb.api.schemas.events import EventListArgsSchema, EventSchema
from newsdb.services import entities as service
from newsdb.services.articles import ArticleFilters, list_articles
from newsdb.services.curation import merge_entities
from newsdb.services.events import EventFilters, list_events
from newsdb.services.graph import entity_timeline, related_entities

blp = ApiBlueprint("entities", __name__, url_prefix="/api/v1/entities",
                   description="Entities: one row per real-world person, organization or place, "
                               "whatever the language it is named in")
MERGED = {"response": "PERMANENT_REDIRECT"}


def _detail(entity_id: int) -> Any:
    session = get_session()
    return service.entity_summary(session, service.get_entity(session, entity_id))


@blp.route("")
class Entities(MethodView):
    @blp.etag
    @blp.arguments(EntityListArgsSchema, location="query")
    @blp.response(200, EntitySchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List entities (merged ones are hidden), filtered and sorted."""
        page = page_request(args)
        rows, total = service.list_entities(get_session(), service.EntityFilters(**args),
                                            offset=page.offset, limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(EntityCreateSchema)
    @blp.doc(**created_links("/api/v1/entities/{entity_id}", "entity_id",
                             "get", "patch", "delete"))
    @blp.response(201, EntityDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]) -> Any:
        """Create an entity; its name becomes its first alias."""
        entity = service.create_entity(get_session(), data)
        location = url_for("entities.EntityById", entity_id=entity.id)
        return service.entity_summary(get_session(), entity), 201, {"Location": location}


@blp.route("/<id:entity_id>")
class EntityById(MethodView):
    @blp.etag
    @blp.response(200, EntityDetailSchema)
    @blp.alt_response(308, **MERGED)
    def get(self, entity_id: int) -> Any:
        """Get one entity with its aliases and counts."""
        return _detail(entity_id)

    @blp.requires("write")
    @blp.etag
    @blp.arguments(EntityFieldsSchema)
    @blp.response(200, EntityDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, changes: dict[str, Any], entity_id: int) -> Any:
        """Correct an entity (a new name is kept as an alias)."""
        detail = _detail(entity_id)
        blp.check_etag(detail, EntityDetailSchema)
        service.update_entity(get_session(), detail.entity, changes)
        return _detail(entity_id)

    @blp.requires("admin")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, entity_id: int) -> None:
        """Delete an entity and its mentions (re-extraction will not bring them back)."""
        detail = _detail(entity_id)
        blp.check_etag(detail, EntityDetailSchema)
        service.delete_entity(get_session(), detail.entity)


@blp.route("/<id:entity_id>/articles")
class EntityArticles(MethodView):
    @blp.etag
    @blp.arguments(ArticleListArgsSchema, location="query")
    @blp.response(200, ArticleSchema(many=True), headers=PAGINATION_HEADERS)
    @blp.alt_response(308, **MERGED)
    def get(self, args: dict[str, Any], entity_id: int) -> Any:
        """List the articles that mention an entity (the article filters apply too)."""
        page = page_request(args)
        with_raw_text = wants_raw_text(args)
        live_id = service.live_entity_id(get_session(), entity_id)
        filters = ArticleFilters(**{**args, "entity": [live_id, *args.get("entity", [])]})
        rows, total = list_articles(get_session(), filters, offset=page.offset,
                                    limit=page.page_size, with_raw_text=with_raw_text)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:entity_id>/events")
class EntityEvents(MethodView):
    @blp.etag
    @blp.arguments(EventListArgsSchema, location="query")
    @blp.response(200, EventSchema(many=True), headers=PAGINATION_HEADERS)
    @blp.alt_response(308, **MERGED)
    def get(self, args: dict[str, Any], entity_id: int) -> Any:
        """List the events an entity takes part in (the event filters apply too)."""
        page = page_request(args)
        entity = service.get_entity(get_session(), entity_id)
        filters = EventFilters(**{**args, "entity": [str(entity.id), *args.get("entity", [])]})
        rows, total = list_events(get_session(), filters, offset=page.offset,
                                  limit=page.page_size)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:entity_id>/related")
class EntityRelated(MethodView):
    @blp.etag
    @blp.arguments(RelatedArgsSchema, location="query")
    @blp.response(200, RelatedEntitySchema(many=True), headers=PAGINATION_HEADERS)
    @blp.alt_response(308, **MERGED)
    def get(self, args: dict[str, Any], entity_id: int) -> Any:
        """List the entities mentioned in the same articles, most shared articles first."""
        page = page_request(args)
        live_id = service.live_entity_id(get_session(), entity_id)
        rows, total = related_entities(get_session(), live_id, **args, offset=page.offset,
                                       limit=page.page_size)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:entity_id>/timeline")
class EntityTimeline(MethodView):
    @blp.etag
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.response(200, TimelineEntrySchema(many=True), headers=PAGINATION_HEADERS)
    @blp.alt_response(308, **MERGED)
    def get(self, args: dict[str, Any], entity_id: int) -> Any:
        """List an entity's events and the articles mentioning it, in date order."""
        page = page_request(args)
        entity = service.get_entity(get_session(), entity_id)
        entries, total = entity_timeline(get_session(), entity.id,
                                         descending=args["sort"] == "-date",
                                         offset=page.offset, limit=page.page_size)
        return entries, 200, page_headers(page, total)


@blp.route("/<id:entity_id>/aliases")
class EntityAliases(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, AliasSchema(many=True), headers=PAGINATION_HEADERS)
    @blp.alt_response(308, **MERGED)
    def get(self, args: dict[str, Any], entity_id: int) -> Any:
        """List an entity's aliases: the names it goes by, in every language."""
        page = page_request(args)
        entity = service.get_entity(get_session(), entity_id)
        rows, total = service.list_aliases(get_session(), entity, offset=page.offset,
                                           limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(AliasCreateSchema)
    @blp.response(201, AliasSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any], entity_id: int) -> Any:
        """Give an entity another name."""
        entity = service.get_entity(get_session(), entity_id)
        alias = service.add_alias(get_session(), entity, data["alias"], data.get("language"))
        location = url_for("entities.EntityAliases", entity_id=entity.id)
        return alias, 201, {"Location": f"{location}/{alias.id}"}


@blp.route("/<id:entity_id>/aliases/<id:alias_id>")
class EntityAlias(MethodView):
    @blp.requires("write")
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, entity_id: int, alias_id: int) -> None:
        """Remove one of an entity's aliases."""
        entity = service.get_entity(get_session(), entity_id)
        service.delete_alias(get_session(), entity, alias_id)


@blp.route("/<id:entity_id>/merge")
class EntityMerge(MethodView):
    @blp.requires("admin")
    @blp.arguments(MergeSchema)
    @blp.response(200, EntityDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any], entity_id: int) -> Any:
        """Fold the entities `ids` into this one.

        Mentions, aliases (deduplicated), event participations (deduplicated) and event
        locations move here; this entity keeps its Wikidata id unless it has none. The merged
        ids answer 308 to this one from now on.
        """
        survivor = merge_entities(get_session(), entity_id, data["ids"])
        return service.entity_summary(get_session(), survivor)
