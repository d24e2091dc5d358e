"""Building blocks of the API's schemas: strict fields, pages, references, the error shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from newsdb.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from newsdb.services.entities import MAX_ROW_ID

# Ids are SQL INTEGER columns (32 bits on PostgreSQL): a larger number cannot name a row.
MAX_ID = MAX_ROW_ID
# Character offsets into a body; bodies are at most a few MB.
MAX_OFFSET = 10_000_000
# Datetimes outside this range cannot be converted to UTC safely (year 1 minus an offset).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)
ENTITY_REF_PATTERN = r"^[a-z0-9][a-z0-9-]{0,319}$"
ENTITY_REF_DESCRIPTION = "An entity id or slug (a merged entity stands for its survivor)"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]{0,11}$"


def _storable(value: str) -> None:
    """Refuse text no database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValidationError("Must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("Must be valid Unicode text.") from None


class Text(fields.String):
    """A string that any database can store, of bounded length."""

    def __init__(self, *, max_length: int, min_length: int = 0, **kwargs: Any) -> None:
        validators: list[Callable[[Any], Any]] = [
            validate.Length(min=min_length, max=max_length), _storable]
        extra = kwargs.pop("validate", None)
        if extra is not None:
            validators.extend(extra if isinstance(extra, list) else [extra])
        super().__init__(validate=validators, **kwargs)


class JsonInteger(fields.Integer):
    """An integer that must be a JSON number (no "5", no 5.0, no true)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


class JsonFloat(fields.Float):
    """A number that must be a JSON number (no "1.5", no true)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class JsonBoolean(fields.Boolean):
    """A boolean that must be JSON true or false."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class QueryBoolean(fields.Boolean):
    """A boolean query argument: exactly ``true`` or ``false``."""

    truthy = {"true"}
    falsy = {"false"}


def Id(**kwargs: Any) -> fields.Integer:
    """An id in a JSON body."""
    return JsonInteger(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def QueryId(**kwargs: Any) -> fields.Integer:
    """An id in a query string."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def EntityRef(**kwargs: Any) -> fields.String:
    """An entity named by id or slug in a query string."""
    kwargs.setdefault("metadata", {"description": ENTITY_REF_DESCRIPTION})
    return fields.String(validate=validate.Regexp(ENTITY_REF_PATTERN), **kwargs)


def Since(**kwargs: Any) -> fields.AwareDateTime:
    """A time-zone aware ``updated_since`` moment."""
    kwargs.setdefault("metadata", {"description": "Only records changed at or after this "
                                                  "moment (ISO 8601 with a time zone)"})
    return fields.AwareDateTime(validate=validate.Range(min=EARLIEST, max=LATEST), **kwargs)


def Sort(choices: Any, default: str) -> fields.String:
    """A ``sort`` argument: a field name, ``-`` first for descending."""
    return fields.String(load_default=default, validate=validate.OneOf(sorted(choices)),
                         metadata={"description": "Sort key; a leading `-` sorts descending"})


def Pattern(pattern: str, max_length: int, **kwargs: Any) -> Text:
    """A short string matching ``pattern``."""
    return Text(max_length=max_length, validate=validate.Regexp(re.compile(pattern)), **kwargs)


class StrictSchema(Schema):
    """A schema that refuses unknown fields."""

    class Meta:
        unknown = RAISE


class PageArgsSchema(StrictSchema):
    """page and page_size of a list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=DEFAULT_PAGE_SIZE,
                               validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class ErrorSchema(Schema):
    """newsdb's one error shape."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    status = fields.String(required=True, metadata={"description": "The HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong, in words"})
    errors = fields.Dict(required=True, metadata={
        "description": "Details: per-field messages by location (`json`, `query`), or facts "
                       "such as `existing_id` or `survivor_id`"})


class EntityRefSchema(Schema):
    """An entity in short."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True)


class SourceRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
