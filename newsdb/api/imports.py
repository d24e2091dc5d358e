"""/api/v1/imports: import a batch of articles (a JSON list or NDJSON) and see past runs."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.articles import ArticleInputSchema
from newsdb.api.schemas.sources import (
    ImportArgsSchema, ImportListArgsSchema, ImportResultSchema, ImportRunSchema,
)
from newsdb.pipeline.read import ReadResult
from newsdb.services.article_writes import (
    MAX_IMPORT_ITEMS, article_input, get_run, import_batch, list_runs, ndjson_items,
)

blp = ApiBlueprint("imports", __name__, url_prefix="/api/v1/imports",
                   description="Import runs: batches of articles, each item created, a "
                               "duplicate, or failed with its reason")
NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl"}
IMPORT_BODY = {
    "required": True,
    "description": "A JSON list of articles (validated as a whole: a malformed one is a 422), "
                   "or NDJSON, one article object a line (a bad line is a failed item).",
    "content": {
        "application/json": {"schema": {"type": "array", "minItems": 1,
                                        "maxItems": MAX_IMPORT_ITEMS,
                                        "items": {"$ref": "#/components/schemas/ArticleInput"}}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}


def read_import_body() -> list[ReadResult]:
    """Read the request's articles: a JSON list checked field by field, or NDJSON lines."""
    if request.mimetype in NDJSON_TYPES:
        items = list(ndjson_items(request.get_data(as_text=True)))
        if not items:
            abort(422, message="The NDJSON body holds no article")
        return items
    records = request.get_json()
    if not isinstance(records, list) or not records:
        abort(422, message="Send a non-empty JSON list of articles, or NDJSON",
              errors={"json": {"_schema": ["Must be a non-empty list."]}})
    if len(records) > MAX_IMPORT_ITEMS:
        abort(422, message=f"An import takes at most {MAX_IMPORT_ITEMS} articles",
              errors={"json": {"_schema": [f"At most {MAX_IMPORT_ITEMS} items."]}})
    try:
        loaded = ArticleInputSchema(many=True).load(records)
    except ValidationError as error:
        abort(422, message="The request's data is invalid", errors={"json": error.messages})
    return [article_input(data, f"item {number}") for number, data in enumerate(loaded, 1)]


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
