"""Request bodies: JSON in (NDJSON too where a route says so), bounded in size."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_smorest import abort

# Routes that take NDJSON besides JSON.
NDJSON_ENDPOINTS = {"imports.Imports"}
NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl"}


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", "").lower()


def check_request_body() -> None:
    """Answer 413 for a body over the limit and 415 for a body that is not JSON."""
    if not request.path.startswith("/api/") or not _has_body():
        return
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        abort(413, message=f"The request body is larger than {limit} bytes")
    if request.is_json:
        return
    if request.endpoint in NDJSON_ENDPOINTS and request.mimetype in NDJSON_TYPES:
        return
    accepted = "application/json" + (
        " or application/x-ndjson" if request.endpoint in NDJSON_ENDPOINTS else "")
    abort(415, message=f"Send the body as {accepted}, not {request.mimetype or 'untyped data'}")


def init_app(app: Flask) -> None:
    """Check request bodies before the views read them."""
    app.before_request(check_request_body)
