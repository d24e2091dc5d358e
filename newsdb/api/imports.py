"""/api/v1/imports: import a batch of articles (a JSON list or NDJSON) and see past runs."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.content import NDJSON_TYPES
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.articles import ArticleInputSchema
from newsdb.api.schemas.sources import (
    ImportArgsSchema,
    ImportListArgsSchema,
    ImportResultSchema,
    ImportRunSchema,
)
from newsdb.errors import InputError
from newsdb.pipeline.read import ArticleInput, codec_name, parse_ndjson_line, with_flags
from newsdb.pipeline.text_stages import FlagCandidate
from newsdb.services.article_writes import (
    MAX_IMPORT_ITEMS,
    article_input,
    get_run,
    import_batch,
    list_runs,
)

blp = ApiBlueprint("imports", __name__, url_prefix="/api/v1/imports",
                   description="Import runs: batches of articles, each item created, a "
                               "duplicate, or failed with its reason")
IMPORT_BODY = {
    "required": True,
    "description": "A JSON list of articles, or NDJSON: one article object a line. Every "
                   "article is checked first (a malformed one makes the request a 422 naming "
                   "each bad item); then each is imported on its own, and one that fails (no "
                   "text left after cleaning, a database error) never stops the others.",
    "content": {
        "application/json": {"schema": {"type": "array", "minItems": 1,
                                        "maxItems": MAX_IMPORT_ITEMS,
                                        "items": {"$ref": "#/components/schemas/ArticleInput"}}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}


class _Unreadable:
    """An NDJSON line that is no JSON, or no text: why, for the 422."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _ndjson_records() -> list[tuple[str, Any, tuple[FlagCandidate, ...]]]:
    """The request's NDJSON lines, each read as ``newsdb import`` reads a file's (UTF-8, else
    cp1252 with the encoding_repaired flag), or in the charset the request declares."""
    charset = request.mimetype_params.get("charset")
    try:
        if charset:
            codec_name(charset)
    except InputError as error:
        abort(415, message=str(error))
    records: list[tuple[str, Any, tuple[FlagCandidate, ...]]] = []
    for number, line in enumerate(request.get_data().splitlines(), start=1):
        if line.strip():
            try:
                records.append((f"line {number}", *parse_ndjson_line(line, charset)))
            except InputError as error:
                records.append((f"line {number}", _Unreadable(_sentence(str(error))), ()))
    return records


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def read_import_body() -> list[ArticleInput]:
    """Read the request's articles, a JSON list or NDJSON lines, each checked field by field:
    a malformed item makes the request a 422 that names every bad item."""
    ndjson = request.mimetype in NDJSON_TYPES
    records: list[tuple[Any, Any, tuple[FlagCandidate, ...]]]
    if ndjson:
        records = _ndjson_records()
    else:
        body = request.get_json()
        records = [(number, record, ()) for number, record in enumerate(body, 1)] \
            if isinstance(body, list) else []
    location = "ndjson" if ndjson else "json"
    if not records:
        abort(422, message="Send a non-empty JSON list of articles, or NDJSON lines",
              errors={location: {"_schema": ["Must hold at least one article."]}})
    if len(records) > MAX_IMPORT_ITEMS:
        abort(422, message=f"An import takes at most {MAX_IMPORT_ITEMS} articles",
              errors={location: {"_schema": [f"At most {MAX_IMPORT_ITEMS} articles."]}})
    items, errors = [], {}
    for key, record, flags in records:
        try:
            if isinstance(record, _Unreadable):
                raise ValidationError(record.reason)
            data = ArticleInputSchema().load(record)
        except ValidationError as error:
            errors[str(key)] = error.messages
            continue
        items.append(with_flags(article_input(data, key if ndjson else f"item {key}"), flags))
    if errors:
        abort(422, message="The request's data is invalid", errors={location: errors})
    return items


@blp.route("")
class Imports(MethodView):
    @blp.etag
    @blp.arguments(ImportListArgsSchema, location="query")
    @blp.response(200, ImportRunSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List import runs, newest first."""
        page = page_request(args)
        rows, total = list_runs(get_session(), **args, offset=page.offset, limit=page.page_size)
        return rows, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(ImportArgsSchema, location="query")
    @blp.doc(requestBody=IMPORT_BODY)
    @blp.response(201, ImportResultSchema)
    def post(self, args: dict[str, Any]) -> Any:
        """Import a batch of articles, each on its own: one bad item never stops the others."""
        result = import_batch(get_session(), read_import_body(), extract=args.get("extract", True),
                              description=f"POST /imports ({request.mimetype})")
        return result, 201, {"Location": url_for("imports.ImportById", run_id=result.run.id)}


@blp.route("/<id:run_id>")
class ImportById(MethodView):
    @blp.etag
    @blp.response(200, ImportRunSchema)
    def get(self, run_id: int) -> Any:
        """Get one import run with its failed and duplicate items."""
        return get_run(get_session(), run_id)
