"""Schemas of entities, their aliases, merges and relations."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from newsdb.api.schemas.common import (
    COUNTRY_PATTERN,
    WIKIDATA_PATTERN,
    EntityRefSchema,
    Id,
    JsonFloat,
    LanguageCode,
    PageArgsSchema,
    Pattern,
    RecordSchema,
    Since,
    Sort,
    StrictSchema,
    Text,
)
from newsdb.models.entity import ENTITY_KINDS
from newsdb.services.curation import MAX_MERGE_IDS
from newsdb.services.entities import DEFAULT_ENTITY_SORT, ENTITY_SORTS
from newsdb.services.graph import DEFAULT_NODES, MAX_DEPTH, MAX_NODES

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _not_a_number(slug: str) -> None:
    # A slug of digits only would read as an id wherever an entity is named by id or slug.
    if slug.isdigit():
        raise ValidationError("A slug needs at least one letter.")


class EntitySchema(RecordSchema):
    """A person, organization, place or other named thing, with how often it is mentioned."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    description = fields.String(allow_none=True)
    wikidata_id = fields.String(allow_none=True)
    country_code = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    mention_count = fields.Integer(required=True)
    article_count = fields.Integer(required=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()


class AliasSchema(RecordSchema):
    id = fields.Integer(required=True)
    alias = fields.String(required=True)
    language = fields.String(allow_none=True)
    normalized = fields.String(required=True,
                               metadata={"description": "Case- and accent-folded form"})
    created_at = fields.DateTime()


class EntityDetailSchema(EntitySchema):
    aliases = fields.List(fields.Nested(AliasSchema))


class EntityListArgsSchema(PageArgsSchema):
    q = fields.String(validate=validate.Length(max=300), metadata={
        "description": "Part of a name or alias (case- and accent-insensitive)"})
    kind = fields.String(validate=validate.OneOf(ENTITY_KINDS))
    country = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$"),
                            metadata={"description": "ISO 3166-1 alpha-2 country code"})
    min_mentions = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    updated_since = Since()
    sort = Sort(ENTITY_SORTS, DEFAULT_ENTITY_SORT)


class EntityFieldsSchema(StrictSchema):
    """The fields a client may set on an entity."""

    kind = fields.String(validate=validate.OneOf(ENTITY_KINDS))
    name = Text(min_length=1, max_length=300)
    slug = Text(max_length=300, validate=[validate.Regexp(SLUG_PATTERN), _not_a_number])
    description = Text(max_length=5000, allow_none=True)
    wikidata_id = Pattern(WIKIDATA_PATTERN, 20, allow_none=True)
    country_code = Pattern(COUNTRY_PATTERN, 2, allow_none=True)
    latitude = JsonFloat(allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = JsonFloat(allow_none=True, validate=validate.Range(min=-180, max=180))


class EntityCreateSchema(EntityFieldsSchema):
    kind = fields.String(required=True, validate=validate.OneOf(ENTITY_KINDS))
    name = Text(required=True, min_length=1, max_length=300)
    aliases = fields.List(Text(min_length=1, max_length=300), validate=validate.Length(max=100),
                          metadata={"description": "Other names (the name is one already)"})


class AliasCreateSchema(StrictSchema):
    alias = Text(required=True, min_length=1, max_length=300)
    language = LanguageCode(allow_none=True)


class MergeSchema(StrictSchema):
    ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=MAX_MERGE_IDS),
                      metadata={"description": "Entities to fold into this one"})


class RelatedEntitySchema(EntityRefSchema):
    shared_articles = fields.Integer(required=True,
                                     metadata={"description": "Articles mentioning both"})


class RelatedArgsSchema(PageArgsSchema):
    kind = fields.String(validate=validate.OneOf(ENTITY_KINDS))
    min_shared = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))


class TimelineEntrySchema(RecordSchema):
    date = fields.Date(allow_none=True)
    date_precision = fields.String(allow_none=True)
    type = fields.String(required=True, metadata={"description": "`event` or `article`"})
    id = fields.Integer(required=True)
    title = fields.String(allow_none=True)
    kind = fields.String(allow_none=True, metadata={"description": "The event's kind"})
    modality = fields.String(allow_none=True)
    role = fields.String(allow_none=True, metadata={
        "description": "The entity's part: `actor`, `target`, `other` or `location` (an entity "
                       "with several parts in one event: the first of these)"})


class TimelineArgsSchema(PageArgsSchema):
    sort = Sort(["date", "-date"], "date")


class GraphArgsSchema(StrictSchema):
    entity = fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,319}$"), metadata={
        "description": "Center on this entity (id or slug); else the most mentioned entities"})
    depth = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_DEPTH))
    min_weight = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000),
                                metadata={"description": "Least number of shared articles"})
    max_nodes = fields.Integer(load_default=DEFAULT_NODES,
                               validate=validate.Range(min=1, max=MAX_NODES))


class GraphNodeSchema(EntityRefSchema):
    mention_count = fields.Integer(required=True)
    depth = fields.Integer(allow_none=True, metadata={"description": "Steps from the center"})


class GraphEdgeSchema(RecordSchema):
    source = fields.Integer(required=True)
    target = fields.Integer(required=True)
    weight = fields.Integer(required=True, metadata={"description": "Articles shared"})


class GraphSchema(RecordSchema):
    nodes = fields.List(fields.Nested(GraphNodeSchema), required=True)
    edges = fields.List(fields.Nested(GraphEdgeSchema), required=True)

