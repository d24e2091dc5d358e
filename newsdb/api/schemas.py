"""Marshmallow schemas of the API: strict (unknown fields are an error), documented."""

from __future__ import annotations

from flask import g, has_request_context
from marshmallow import RAISE, Schema, fields, validate

from newsdb.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from newsdb.services.articles import ARTICLE_SORTS, DEFAULT_ARTICLE_SORT


class StrictSchema(Schema):
    """A schema that refuses unknown fields."""

    class Meta:
        unknown = RAISE


class SourceRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class QualityFlagSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    message = fields.String()
    field = fields.String()
    char_start = fields.Integer(allow_none=True)
    char_end = fields.Integer(allow_none=True)


class ArticleSchema(Schema):
    id = fields.Integer(dump_only=True)
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    published_at = fields.Date(allow_none=True)
    source = fields.Nested(SourceRefSchema, allow_none=True)
    agencies = fields.Method("dump_agencies")
    body = fields.String()
    raw_text = fields.Method("dump_raw_text")
    word_count = fields.Integer()
    content_hash = fields.String()
    duplicate_of_id = fields.Integer(allow_none=True)
    extractor_version = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()

    def dump_agencies(self, article: object) -> list[str]:
        return [link.source.name for link in getattr(article, "agencies", [])]

    def dump_raw_text(self, article: object) -> str | None:
        # raw_text is large and rarely wanted: only sent when the request says include=raw_text.
        wanted = has_request_context() and "raw_text" in g.get("include", ())
        return getattr(article, "raw_text", None) if wanted else None


class IncludeArgsSchema(StrictSchema):
    include = fields.String(
        validate=validate.OneOf(["raw_text"]),
        metadata={"description": "Extra fields to include: `raw_text`"},
    )


class PageArgsSchema(StrictSchema):
    """page and page_size of a list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=DEFAULT_PAGE_SIZE,
                               validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class ArticleListArgsSchema(PageArgsSchema, IncludeArgsSchema):
    q = fields.String(validate=validate.Length(max=500),
                      metadata={"description": "Full-text query: words, \"phrases\", prefix*"})
    language = fields.String(validate=validate.Regexp(r"^[a-z]{2}$"))
    source = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "Source name or id"})
    published_from = fields.Date()
    published_to = fields.Date()
    updated_since = fields.AwareDateTime(default_timezone=None)
    sort = fields.String(load_default=DEFAULT_ARTICLE_SORT,
                         validate=validate.OneOf(sorted(ARTICLE_SORTS)))
