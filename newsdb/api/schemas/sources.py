"""Schemas of sources and import runs."""

from __future__ import annotations

from marshmallow import fields, validate

from newsdb.api.schemas.common import (
    COUNTRY_PATTERN,
    LanguageCode,
    PageArgsSchema,
    Pattern,
    QueryBoolean,
    RecordSchema,
    Since,
    Sort,
    StrictSchema,
    Text,
)
from newsdb.models.import_run import RUN_ORIGINS, RUN_STATUSES
from newsdb.models.source import SOURCE_KINDS
from newsdb.services.sources import DEFAULT_SOURCE_SORT, SOURCE_SORTS

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
DOMAIN_PATTERN = rf"^{_LABEL}(\.{_LABEL})+$"


class SourceSchema(RecordSchema):
    """A publisher or a wire agency."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    domain = fields.String(allow_none=True)
    country_code = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    article_count = fields.Integer(required=True, metadata={
        "description": "Articles it published or is credited on"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()


class SourceListArgsSchema(PageArgsSchema):
    q = fields.String(validate=validate.Length(max=200),
                      metadata={"description": "Part of the name"})
    kind = fields.String(validate=validate.OneOf(SOURCE_KINDS))
    updated_since = Since()
    sort = Sort(SOURCE_SORTS, DEFAULT_SOURCE_SORT)


class SourceFieldsSchema(StrictSchema):
    name = Text(min_length=1, max_length=200, validate=validate.Regexp(r"\S"))
    kind = fields.String(validate=validate.OneOf(SOURCE_KINDS))
    domain = Pattern(DOMAIN_PATTERN, 255, allow_none=True)
    country_code = Pattern(COUNTRY_PATTERN, 2, allow_none=True)
    language = LanguageCode(allow_none=True)


class SourceCreateSchema(SourceFieldsSchema):
    name = Text(required=True, min_length=1, max_length=200, validate=validate.Regexp(r"\S"))
    kind = fields.String(load_default="publisher", validate=validate.OneOf(SOURCE_KINDS))


class ItemResultSchema(RecordSchema):
    """What became of one imported item."""

    item = fields.String(required=True, metadata={"description": "`item N` or `line N`"})
    status = fields.String(required=True, metadata={
        "description": "`created`, `duplicate` or `failed`"})
    id = fields.Integer(metadata={"description": "The new article (created)"})
    existing_id = fields.Integer(metadata={"description": "The stored article (duplicate)"})
    reason = fields.String(allow_none=True)


class ImportRunSchema(RecordSchema):
    """One run of the importer, from the CLI or the API."""

    id = fields.Integer(required=True)
    origin = fields.String(required=True)
    input = fields.String(allow_none=True)
    status = fields.String(required=True)
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    created = fields.Integer(required=True)
    duplicates = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    errors = fields.List(fields.Dict(), metadata={
        "description": "The failed and duplicate items, each with its reason"})


class ImportResultSchema(ImportRunSchema):
    results = fields.Method("dump_results", metadata={
        "type": "array", "items": {"$ref": "#/components/schemas/ItemResult"},
        "description": "Every item, in order"})

    def dump_results(self, result: object) -> list[dict[str, object]]:
        return [r.as_record() for r in getattr(result, "results", [])]


class ImportArgsSchema(StrictSchema):
    extract = QueryBoolean(metadata={"description": "`false`: store without extraction"})


class ImportListArgsSchema(PageArgsSchema):
    origin = fields.String(validate=validate.OneOf(RUN_ORIGINS))
    status = fields.String(validate=validate.OneOf(RUN_STATUSES))
