"""Schemas of events, their evidence, and mentions."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema
from sqlalchemy.orm import object_session

from newsdb.api.schemas.common import (
    MAX_OFFSET,
    EntityRef,
    EntityRefSchema,
    Id,
    JsonFloat,
    JsonInteger,
    PageArgsSchema,
    QueryId,
    RecordSchema,
    Since,
    Sort,
    StrictSchema,
    Text,
)
from newsdb.models import Entity
from newsdb.models.entity import MENTION_METHODS
from newsdb.models.event import DATE_PRECISIONS, EVENT_KINDS, MODALITIES, ROLES
from newsdb.services.events import DEFAULT_EVENT_SORT, EVENT_SORTS


class ParticipantSchema(RecordSchema):
    entity = fields.Nested(EntityRefSchema, required=True)
    role = fields.String(required=True)


class EventSchema(RecordSchema):
    """Something that happened or is planned: who did what, where and when."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    modality = fields.String(required=True)
    title = fields.String(required=True)
    occurred_on = fields.Date(allow_none=True, metadata={
        "description": "First day of the period the event happened in"})
    date_precision = fields.String(allow_none=True)
    location = fields.Method("dump_location", metadata={"oneOf": [
        {"$ref": "#/components/schemas/EntityRef"}, {"type": "null"}]})
    confidence = fields.Float()
    participants = fields.Method("dump_participants", metadata={
        "type": "array", "items": {"$ref": "#/components/schemas/Participant"}})
    article_ids = fields.Method("dump_article_ids", metadata={
        "type": "array", "items": {"type": "integer"},
        "description": "Articles that report the event"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()

    def dump_location(self, event: Any) -> dict[str, Any] | None:
        session = object_session(event)
        if event.location_id is None or session is None:
            return None
        place = session.get(Entity, event.location_id)
        return EntityRefSchema().dump(place) if place is not None else None

    def dump_participants(self, event: Any) -> list[dict[str, Any]]:
        session = object_session(event)
        if session is None:
            return []
        return [{"entity": EntityRefSchema().dump(session.get(Entity, p.entity_id)),
                 "role": p.role} for p in event.participants]

    def dump_article_ids(self, event: Any) -> list[int]:
        return sorted({evidence.article_id for evidence in event.evidence})


class EvidenceSchema(RecordSchema):
    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    article_id = fields.Integer(required=True)
    char_start = fields.Integer(required=True)
    char_end = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"description": "The sentence that reports it"})
    date_text = fields.String(allow_none=True,
                              metadata={"description": "The words the date came from"})


class EventListArgsSchema(PageArgsSchema):
    kind = fields.String(validate=validate.OneOf(EVENT_KINDS))
    modality = fields.String(validate=validate.OneOf(MODALITIES))
    entity = fields.List(EntityRef(), validate=validate.Length(max=10), metadata={
        "description": "Entity id or slug taking part; repeat it for events with all of them"})
    location = EntityRef()
    country = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$"), metadata={
        "description": "ISO 3166-1 alpha-2 code of the event's location"})
    date_from = fields.Date(metadata={"description": "Events whose date is on or after"})
    date_to = fields.Date(metadata={"description": "Events whose date is on or before"})
    article = QueryId(metadata={"description": "Events reported by this article"})
    updated_since = Since()
    sort = Sort(EVENT_SORTS, DEFAULT_EVENT_SORT)


class ParticipantInputSchema(StrictSchema):
    entity_id = Id(required=True)
    role = fields.String(load_default="actor", validate=validate.OneOf(ROLES))


class EvidenceInputSchema(StrictSchema):
    article_id = Id(required=True)
    char_start = JsonInteger(required=True, validate=validate.Range(min=0, max=MAX_OFFSET))
    char_end = JsonInteger(required=True, validate=validate.Range(min=1, max=MAX_OFFSET))
    date_text = Text(max_length=200, allow_none=True)


class EventFieldsSchema(StrictSchema):
    kind = fields.String(validate=validate.OneOf(EVENT_KINDS))
    modality = fields.String(validate=validate.OneOf(MODALITIES))
    title = Text(min_length=1, max_length=500)
    occurred_on = fields.Date(allow_none=True)
    date_precision = fields.String(allow_none=True, validate=validate.OneOf(DATE_PRECISIONS))
    location_id = Id(allow_none=True)
    confidence = JsonFloat(validate=validate.Range(min=0, max=1))
    participants = fields.List(fields.Nested(ParticipantInputSchema),
                               validate=validate.Length(max=100))


class EventCreateSchema(EventFieldsSchema):
    kind = fields.String(required=True, validate=validate.OneOf(EVENT_KINDS))
    title = Text(required=True, min_length=1, max_length=500)
    modality = fields.String(load_default="occurred", validate=validate.OneOf(MODALITIES))
    confidence = JsonFloat(load_default=1.0, validate=validate.Range(min=0, max=1))
    evidence = fields.List(fields.Nested(EvidenceInputSchema), validate=validate.Length(max=100))

    @validates_schema
    def _spans(self, data: dict[str, Any], **_kwargs: Any) -> None:
        for span in data.get("evidence") or []:
            if span["char_end"] <= span["char_start"]:
                raise ValidationError("char_end must be after char_start", "evidence")


class MentionSchema(RecordSchema):
    id = fields.Integer(required=True)
    article_id = fields.Integer(required=True)
    entity = fields.Method("dump_entity", metadata={"$ref": "#/components/schemas/EntityRef"})
    char_start = fields.Integer(required=True)
    char_end = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"description": "body[char_start:char_end]"})
    sentence = fields.Integer(allow_none=True)
    confidence = fields.Float()
    method = fields.String(required=True)
    created_at = fields.DateTime()

    def dump_entity(self, mention: Any) -> dict[str, Any]:
        session = object_session(mention)
        entity = session.get(Entity, mention.entity_id) if session is not None else None
        return EntityRefSchema().dump(entity) if entity is not None else {}


class MentionListArgsSchema(PageArgsSchema):
    article = QueryId()
    entity = EntityRef()
    method = fields.String(validate=validate.OneOf(MENTION_METHODS))


class MentionCreateSchema(StrictSchema):
    article_id = Id(required=True)
    entity_id = Id(required=True)
    char_start = JsonInteger(required=True, validate=validate.Range(min=0, max=MAX_OFFSET))
    char_end = JsonInteger(required=True, validate=validate.Range(min=1, max=MAX_OFFSET))
