"""The HTTP layer around the API: security headers, CORS for the origins NEWSDB_CORS_ORIGINS
names (flask-cors), and one log line per request (never its credentials)."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import time
import uuid

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnprocessableEntity

from newsdb.config import Settings

log = logging.getLogger("newsdb.request")

API_PREFIX = "/api/"
DOCS_PREFIX = "/docs"
REQUEST_ID_HEADER = "X-Request-ID"
# A client's request id is echoed and logged only when it is short and plain: a log line is no
# place for a client's megabyte or its control characters.
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# JSON, CSV and error answers load and run nothing.
LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI at /docs: its scripts and styles come from /docs/assets (same origin), it sets
# inline styles and data: icons, fetches /openapi.json and lets "Try it out" call the API. Its
# one inline script (the page's initializer) is allowed by hash, not by 'unsafe-inline'.
DOCS_CSP = ("default-src 'none'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

# API reads carry an ETag: a cache may keep them but must revalidate (If-None-Match → 304);
# "private" because reads may need a token (NEWSDB_REQUIRE_READ_TOKEN). Everything else —
# writes, errors — is never stored.
CACHE_REVALIDATE = "private, no-cache"
CACHE_NEVER = "no-store"

# Python's JSON parser gives up (RecursionError) near 1000 levels of nesting, and refuses
# integers longer than 4300 digits (ValueError): parsers that expect only JSONDecodeError would
# answer 500. A body with fewer brackets than this cannot nest deep enough to matter, and is
# not parsed here.
JSON_BRACKETS_WORTH_CHECKING = 500
MAX_JSON_DIGITS = 4000
_LONG_NUMBER = re.compile(rb"\d{%d}" % MAX_JSON_DIGITS)

CORS_EXPOSED_HEADERS = ["ETag", "Link", "Location", "X-Pagination", REQUEST_ID_HEADER]
CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match",
                        REQUEST_ID_HEADER]
CORS_METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"]
CORS_MAX_AGE_SECONDS = 600


def _start_request() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex


def refuse_oversized_stream() -> None:
    """Answer 413 for a chunked body (no Content-Length) over MAX_CONTENT_LENGTH.

    Werkzeug stops reading such a body at the limit without a word, so the view would parse a
    cut body (400, "invalid JSON") instead of refusing it. Read it here, at most the limit,
    and see whether the client sent more. (A body with Content-Length over the limit is refused
    unread by the API's content check.)
    """
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None or request.content_length is not None \
            or "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return
    request.get_data(cache=True)  # what the view parses later; at most `limit` bytes
    if request.environ.get("wsgi.input_terminated") and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes")


def refuse_unparseable_json() -> None:
    """Answer 400 for a JSON body that Python's parser cannot take: too deeply nested, or
    holding an absurdly long number. Bodies that cannot be either (fewer brackets than the
    depth limit, no long digit run) are not parsed here."""
    if not request.is_json:
        return
    data = request.get_data(cache=True)  # within MAX_CONTENT_LENGTH: checked before
    brackets = data.count(b"[") + data.count(b"{")
    if brackets < JSON_BRACKETS_WORTH_CHECKING and not _LONG_NUMBER.search(data):
        return
    try:
        json.loads(data, parse_int=_bounded_int)
    except RecursionError:
        _invalid_json("The JSON body is nested too deeply")
    except ValueError:
        pass  # plain bad JSON: the view says so, in its own words


def _bounded_int(digits: str) -> int:
    if len(digits) >= MAX_JSON_DIGITS:
        _invalid_json(f"The JSON body holds a number of {MAX_JSON_DIGITS} digits or more")
    return int(digits)


def _invalid_json(message: str) -> None:
    error = BadRequest(message)
    error.data = {"errors": {"json": ["Invalid JSON body."]}}  # type: ignore[attr-defined]
    raise error


def refuse_nul_in_query() -> None:
    """Answer 422 for a NUL character in a query parameter: no newsdb filter holds one, and
    PostgreSQL cannot compare text with it."""
    bad = sorted({name for name, value in request.args.items(multi=True)
                  if "\x00" in name or "\x00" in value})
    if bad:
        error = UnprocessableEntity("The request's data is invalid")
        error.data = {"errors": {"query": {  # type: ignore[attr-defined]
            name.replace("\x00", "\\x00"): ["Must not contain NUL characters."]
            for name in bad}}}
        raise error


def _inline_script_hashes(response: Response) -> str:
    if response.direct_passthrough or response.mimetype != "text/html":
        return ""
    hashes = [base64.b64encode(hashlib.sha256(script).digest()).decode("ascii")
              for script in _INLINE_SCRIPT.findall(response.get_data())]
    return "".join(f" 'sha256-{digest}'" for digest in hashes)


def add_security_headers(response: Response) -> Response:
    """Forbid sniffing, framing and referrers; lock content down; say how to cache."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}  # one pass, not one per header
    added = [(name, value) for name, value in SECURITY_HEADERS.items()
             if name.lower() not in present]
    path = request.path
    if "content-security-policy" not in present:
        docs = path == DOCS_PREFIX or path.startswith(DOCS_PREFIX + "/")
        added.append(("Content-Security-Policy",
                      DOCS_CSP.format(scripts=_inline_script_hashes(response)) if docs
                      else LOCKED_DOWN_CSP))
    if path.startswith(API_PREFIX) and "cache-control" not in present:
        readable = request.method in ("GET", "HEAD") and response.status_code in (200, 304)
        added.append(("Cache-Control", CACHE_REVALIDATE if readable else CACHE_NEVER))
    headers.extend(added)
    return response


def log_request(response: Response) -> Response:
    """Log one line per request: method, path (no query string), status, size, duration, the
    id of the token used (never the token) and the request id, which the answer echoes."""
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    if not log.isEnabledFor(level):
        return response
    started = g.get("request_started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    token_id = g.get("token_id")
    log.log(level, "%s %s %s %sB %.1fms token=%s id=%s %s", request.method, request.path,
            response.status_code, response.calculate_content_length() or 0, elapsed_ms,
            token_id if token_id is not None else "-", request_id,
            request.remote_addr or "-")
    return response


def init_cors(app: Flask, settings: Settings) -> None:
    """Let the listed origins (``*``: any) read the API and its paging and caching headers."""
    if not settings.cors_origins:
        return
    CORS(app, resources={r"/api/*": {}, r"/openapi.json": {}},
         origins=list(settings.cors_origins), expose_headers=CORS_EXPOSED_HEADERS,
         allow_headers=CORS_ALLOWED_HEADERS, methods=CORS_METHODS,
         max_age=CORS_MAX_AGE_SECONDS, supports_credentials=False, vary_header=True)


def init_app(app: Flask) -> None:
    """Install the request log, security headers and CORS on ``app``.

    Called before the API registers its hooks, so that the request log starts first and
    writes last, after every other hook has shaped the answer.
    """
    settings: Settings = app.config["NEWSDB_SETTINGS"]
    app.before_request(_start_request)
    app.before_request(refuse_oversized_stream)
    app.before_request(refuse_unparseable_json)
    app.before_request(refuse_nul_in_query)
    app.after_request(log_request)
    app.after_request(add_security_headers)
    init_cors(app, settings)
