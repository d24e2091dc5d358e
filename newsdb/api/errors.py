"""One JSON error shape for every error: {"code", "status", "message", "errors"}."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request, url_for
from flask_smorest import Api
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BuildError

from newsdb.errors import Conflict, InputError, NotFound
from newsdb.services.article_writes import DuplicateArticle
from newsdb.services.entities import EntityMerged, InvalidReference

log = logging.getLogger(__name__)


def error_response(code: int, name: str, message: str, errors: Any = None,
                   headers: dict[str, str] | None = None) -> Response:
    """Build a response in newsdb's error shape."""
    response = jsonify({"code": code, "status": name, "message": message,
                        "errors": errors if errors is not None else {}})
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def handle_http_exception(error: HTTPException) -> Response:
    """Render any HTTP error in the one shape, keeping ``Allow`` on 405."""
    if error.code == 304:
        return Response(status=304)  # Not Modified: no body, by definition
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    message = data.get("message") or error.description or error.name
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        # flask-smorest's own handler drops Werkzeug's Allow header; keep it.
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if error.code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="newsdb"')
    code = error.code or 500
    if code == 422 and isinstance(errors, dict) and set(errors) <= {"json", "query", "headers",
                                                                     "files", "form"}:
        message = data.get("message") or "The request's data is invalid"
    return error_response(code, error.name, str(message), errors, headers)


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected error and answer 500 without a traceback."""
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "Internal Server Error", "Internal server error")


def handle_merged(error: EntityMerged) -> Response:
    """Answer a merged entity's id: GET and HEAD go to the survivor (308), writes conflict."""
    facts = {"survivor_id": error.survivor_id}
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return error_response(409, "Conflict", f"{error}: write to entity {error.survivor_id}",
                              facts)
    try:
        location = url_for(request.endpoint, **{**(request.view_args or {}),
                                                "entity_id": error.survivor_id})
    except BuildError:
        return error_response(409, "Conflict", str(error), facts)
    if request.query_string:
        location += "?" + request.query_string.decode("latin-1")
    return error_response(308, "Permanent Redirect", str(error), facts, {"Location": location})


def handle_duplicate(error: DuplicateArticle) -> Response:
    """Answer 409 naming the stored article, with its ``Location``."""
    location = url_for("articles.ArticleById", article_id=error.existing_id)
    return error_response(409, "Conflict", str(error), {"existing_id": error.existing_id},
                          {"Location": location})


def handle_invalid_reference(error: InvalidReference) -> Response:
    """Answer 422 with the message under the field that named a missing record."""
    return error_response(422, "Unprocessable Entity", str(error),
                          {error.location: {error.field: [str(error)]}})


def register_error_handlers(app: Flask, api: Api) -> None:
    """Map HTTP, domain and database errors to the one error shape."""
    api.handle_http_exception = handle_http_exception  # type: ignore[method-assign]
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(
        NotFound, lambda e: error_response(404, "Not Found", str(e)))
    app.register_error_handler(
        Conflict, lambda e: error_response(409, "Conflict", str(e)))
    app.register_error_handler(
        InputError, lambda e: error_response(422, "Unprocessable Entity", str(e)))
    app.register_error_handler(EntityMerged, handle_merged)
    app.register_error_handler(DuplicateArticle, handle_duplicate)
    app.register_error_handler(InvalidReference, handle_invalid_reference)
    app.register_error_handler(
        StaleDataError,
        lambda e: error_response(412, "Precondition Failed",
                                 "The record changed meanwhile; fetch it again"))
    app.register_error_handler(
        IntegrityError,
        lambda e: error_response(409, "Conflict", "The change conflicts with stored data"))
    app.register_error_handler(SQLAlchemyError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
