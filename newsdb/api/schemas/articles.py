"""Schemas of articles, their flags, and the article list's arguments."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from newsdb.api.schemas.common import (
    LANGUAGE_PATTERN,
    EntityRef,
    EntityRefSchema,
    JsonBoolean,
    LanguageTag,
    PageArgsSchema,
    Pattern,
    QueryBoolean,
    RecordSchema,
    Since,
    Sort,
    SourceRefSchema,
    StrictSchema,
    Text,
)
from newsdb.models.event import EVENT_KINDS
from newsdb.pipeline.checks import MAX_URL_LENGTH
from newsdb.pipeline.store import MAX_TITLE_LENGTH
from newsdb.services.articles import ARTICLE_SORTS, DEFAULT_ARTICLE_SORT

# What one request may carry as an article's text; NEWSDB_MAX_BODY_BYTES caps the request too.
MAX_BODY_CHARS = 2_000_000
URL_PATTERN = r"^https?://\S+$"


class QualityFlagSchema(RecordSchema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    message = fields.String(required=True)
    field = fields.String(required=True, metadata={"description": "`body` or `raw_text`"})
    char_start = fields.Integer(allow_none=True)
    char_end = fields.Integer(allow_none=True)


class ArticleSchema(RecordSchema):
    """An article; ``raw_text`` is null unless asked for with ``include=raw_text``."""

    id = fields.Integer(required=True)
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    published_at = fields.Date(allow_none=True)
    source = fields.Nested(SourceRefSchema, allow_none=True)
    agencies = fields.Method("dump_agencies", metadata={"type": "array",
                                                         "items": {"type": "string"}})
    body = fields.String(required=True)
    # Large and rarely wanted: the read services fill it only for include=raw_text.
    raw_text = fields.String(allow_none=True, dump_only=True)
    word_count = fields.Integer()
    content_hash = fields.String()
    duplicate_of_id = fields.Integer(allow_none=True)
    extractor_version = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()

    def dump_agencies(self, article: Any) -> list[str]:
        return list(article.agencies)


class ArticleEntitySchema(EntityRefSchema):
    mentions = fields.Integer(required=True, metadata={"description": "Mentions in the article"})


class ArticleEventSchema(RecordSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    modality = fields.String(required=True)
    title = fields.String(required=True)
    occurred_on = fields.Date(allow_none=True)
    date_precision = fields.String(allow_none=True)


class ArticleDetailSchema(ArticleSchema):
    """An article with its quality flags, the entities it mentions and the events it reports."""

    quality_flags = fields.List(fields.Nested(QualityFlagSchema))
    entities = fields.List(fields.Nested(ArticleEntitySchema))
    events = fields.List(fields.Nested(ArticleEventSchema))


class IncludeArgsSchema(StrictSchema):
    include = fields.String(validate=validate.OneOf(["raw_text"]),
                            metadata={"description": "Extra fields to include: `raw_text`"})


class ArticleListArgsSchema(PageArgsSchema, IncludeArgsSchema):
    q = fields.String(validate=validate.Length(max=500),
                      metadata={"description": "Full-text query: words, \"phrases\", prefix*"})
    language = fields.String(validate=validate.Regexp(LANGUAGE_PATTERN))
    source = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "Source name or id"})
    entity = fields.List(EntityRef(), validate=validate.Length(max=10), metadata={
        "description": "Entity id or slug; repeat it for articles that mention all of them"})
    event_kind = fields.String(validate=validate.OneOf(EVENT_KINDS),
                               metadata={"description": "Articles reporting an event of this kind"})
    published_from = fields.Date()
    published_to = fields.Date(metadata={"description": "Inclusive"})
    updated_since = Since()
    sort = Sort(ARTICLE_SORTS, DEFAULT_ARTICLE_SORT)


class ArticleInputSchema(StrictSchema):
    """An article to import: its text in ``body`` (or ``text``) and what the client knows."""

    title = Text(max_length=MAX_TITLE_LENGTH, allow_none=True)
    body = Text(max_length=MAX_BODY_CHARS, metadata={"description": "The article's text"})
    text = Text(max_length=MAX_BODY_CHARS, metadata={"description": "Synonym of `body`"})
    url = Pattern(URL_PATTERN, MAX_URL_LENGTH, allow_none=True)
    language = LanguageTag(allow_none=True, metadata={
        "description": "ISO 639-1 (a tag such as `en-US`, an ISO 639-2 code or an English name "
                       "is read as its ISO 639-1 code); detected when absent"})
    published_at = fields.Date(allow_none=True, metadata={
        "description": "Publication day; else taken from a dateline"})
    source = Text(min_length=1, max_length=200, allow_none=True,
                  validate=validate.Regexp(r"\S"), metadata={"description": "Publisher name"})
    author = Text(max_length=500, allow_none=True)

    @validates_schema
    def _one_text(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if bool(data.get("body")) == bool(data.get("text")):
            raise ValidationError("Give the article's text in `body` or in `text`.", "body")


class ArticleCreateSchema(ArticleInputSchema):
    extract = JsonBoolean(metadata={"description": "false: store without extraction"})


class ExtractArgsSchema(StrictSchema):
    extract = QueryBoolean(metadata={"description": "`false`: store without extraction"})


class ArticlePatchSchema(StrictSchema):
    """Corrections of an article's metadata (the text itself is what was imported)."""

    title = Text(max_length=MAX_TITLE_LENGTH, allow_none=True)
    author = Text(max_length=500, allow_none=True)
    url = Pattern(URL_PATTERN, MAX_URL_LENGTH, allow_none=True)
    language = LanguageTag(allow_none=True)
    published_at = fields.Date(allow_none=True)
    source = Text(min_length=1, max_length=200, allow_none=True,
                  validate=validate.Regexp(r"\S"), metadata={"description": "Publisher name"})
