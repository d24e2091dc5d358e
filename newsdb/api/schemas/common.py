"""Building blocks of the API's schemas: strict fields, pages, references, the error shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import ensure_text_type

from newsdb.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from newsdb.db import MAX_ROW_ID
from newsdb.pipeline.checks import is_language_code, language_code

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
# A language as an input writes it ("en", "en-US", "deu", "German"): at most this long
MAX_LANGUAGE_TAG = 64
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


def LanguageCode(**kwargs: Any) -> fields.String:
    """An article's, a source's or an alias's language: an ISO 639-1 code (one error for a
    bad value: the pattern's, or that ISO 639-1 has no such code)."""
    return fields.String(validate=[validate.Regexp(_LANGUAGE), _known_language], **kwargs)


class LanguageTag(fields.String):
    """An incoming article's language, as a file or feed writes it: an ISO 639-1 code, or a
    value naming one ("EN", "en-US", "de_CH", a retired "iw", ISO 639-2 "deu", "German"),
    loaded as that code (:func:`newsdb.pipeline.checks.language_code`, as ``newsdb import``
    reads it); a value naming no language is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {"maxLength": MAX_LANGUAGE_TAG, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        code = language_code(text) if len(text) <= MAX_LANGUAGE_TAG else None
        if code is None:
            raise ValidationError(f"{text[:MAX_LANGUAGE_TAG]!r} names no language: give an "
                                  "ISO 639-1 code such as 'en'.")
        return code


_LANGUAGE = re.compile(LANGUAGE_PATTERN)


def _known_language(code: str) -> None:
    if _LANGUAGE.match(code) and not is_language_code(code):
        raise ValidationError(f"{code!r} is not an ISO 639-1 language code such as 'en'.")


def Pattern(pattern: str, max_length: int, **kwargs: Any) -> Text:
    """A short string matching ``pattern``."""
    return Text(max_length=max_length, validate=validate.Regexp(re.compile(pattern)), **kwargs)


class _NeverExact:
    """A type no value has: its fields always go through their converter."""


def _value_converter(field: fields.Field) -> tuple[type, Callable[[Any], Any]] | None:
    """What ``field._serialize`` does to a value that is not None, for the plain field types
    (exact types only: a subclass may serialize differently), as (a type whose values it
    returns unchanged, the conversion of any other value); None for any other field."""
    kind = type(field)
    if kind is fields.String:
        return str, ensure_text_type
    if kind is fields.Integer and not field.as_string:  # type: ignore[attr-defined]
        return int, int
    if kind is fields.Float and not field.as_string:  # type: ignore[attr-defined]
        return float, float
    if kind in (fields.Date, fields.DateTime):
        temporal: Any = field
        convert = temporal.SERIALIZATION_FUNCS.get(temporal.format or temporal.DEFAULT_FORMAT)
        return (_NeverExact, convert) if convert is not None else None
    if kind is fields.Nested:
        nested: Any = field
        return _NeverExact, lambda v: nested.schema.dump(
            v, many=nested.schema.many or nested.many)
    if kind is fields.List:
        inner = _value_converter(field.inner)  # type: ignore[attr-defined]
        if inner is None:
            return None
        same, convert_one = inner
        return _NeverExact, lambda values: [
            v if v is None or type(v) is same else convert_one(v) for v in values]
    return None


# How to dump one field: (key, attribute, type kept as is, conversion) for the plain fields;
# (key, None, None, function of the object giving the value or `missing`) for the others.
_FieldPlan = tuple[str, str | None, type | None, Callable[[Any], Any]]


def _field_plan(name: str, field: fields.Field) -> _FieldPlan:
    key = field.data_key if field.data_key is not None else name
    if type(field) is fields.Method and field._serialize_method is not None:  # type: ignore[attr-defined]
        return key, None, None, field._serialize_method  # type: ignore[attr-defined]
    converter = _value_converter(field)
    if converter is None or field.dump_default is not missing:
        return key, None, None, lambda obj: field.serialize(name, obj)
    return key, field.attribute or name, converter[0], converter[1]


class RecordSchema(Schema):
    """A response schema that dumps plain objects (the records a read service returns) with
    one precomputed function per field instead of marshmallow's generic path: the same keys,
    order and values (``tests/test_api_serialization.py`` compares both), a fraction of the
    time. Anything unusual — hooks, objects with ``__getitem__`` — takes marshmallow's path."""

    # Off: every dump takes marshmallow's own path (the tests compare the two).
    records_dumped_directly = True

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        """Serialize ``obj`` (a collection when ``many``) like :meth:`Schema.dump`."""
        many = self.many if many is None else bool(many)
        if not self.records_dumped_directly or self._hooks[PRE_DUMP] or self._hooks[POST_DUMP]:
            return super().dump(obj, many=many)
        if many:
            return None if obj is None else [self._dump_record(one) for one in obj]
        return self._dump_record(obj)

    def _dump_record(self, obj: Any) -> dict[str, Any]:
        if hasattr(obj, "__getitem__"):
            return super().dump(obj, many=False)  # type: ignore[no-any-return]
        plans: list[_FieldPlan] | None = self.__dict__.get("_field_plans")
        if plans is None:
            plans = [_field_plan(name, field) for name, field in self.dump_fields.items()]
            self._field_plans = plans
        result = {}
        for key, attribute, same, convert in plans:
            if attribute is None:
                value = convert(obj)
            else:
                value = getattr(obj, attribute, missing)
                if value is not None and type(value) is not same and value is not missing:
                    value = convert(value)
            if value is not missing:
                result[key] = value
        return result


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


class EntityRefSchema(RecordSchema):
    """An entity in short."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True)


class SourceRefSchema(RecordSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
