"""Schemas of full-text search."""

from __future__ import annotations

from marshmallow import fields, validate

from newsdb.api.schemas.articles import ArticleSchema
from newsdb.api.schemas.common import PageArgsSchema, RecordSchema
from newsdb.api.schemas.entities import EntitySchema


class SearchArgsSchema(PageArgsSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "Words, \"quoted phrases\" and prefix* (anything else is searched as "
                       "plain words)"})
    expand = fields.String(validate=validate.OneOf(["entities"]), metadata={
        "description": "`entities`: also the articles that mention an entity the query names, "
                       "in any language"})


class SearchHitSchema(ArticleSchema):
    """An article found: its metadata and snippet (the body is one request away)."""

    class Meta:
        exclude = ("body", "raw_text", "content_hash")

    score = fields.Float(allow_none=True, metadata={
        "description": "Text relevance, higher is better; null for a match by entity only"})
    matched_by = fields.List(fields.String(), required=True, metadata={
        "description": "`text` and/or `entity`"})
    title_highlight = fields.String(allow_none=True, metadata={
        "description": "The title, HTML-escaped, matches in `<mark>`"})
    snippet = fields.String(allow_none=True, metadata={
        "description": "Text around the matches, HTML-escaped, matches in `<mark>`"})


class SearchResultSchema(RecordSchema):
    query = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "Articles found"})
    articles = fields.List(fields.Nested(SearchHitSchema), required=True)
    entities = fields.List(fields.Nested(EntitySchema), required=True, metadata={
        "description": "Entities whose name or alias matches the query"})
