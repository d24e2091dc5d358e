"""Bearer tokens: which scope a request needs, and whether its token grants it (§8 Access)."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_smorest import abort

from newsdb.api.blueprint import SCOPE_ATTRIBUTE
from newsdb.api.database import WRITE_METHODS, separate_session
from newsdb.config import Settings
from newsdb.services.tokens import authenticate, grants, needs_touch, touch

API_PREFIX = "/api/"
REALM = 'Bearer realm="newsdb"'


def required_scope() -> str | None:
    """Return the scope the current request needs, or None when it is open."""
    if not request.path.startswith(API_PREFIX) or request.endpoint is None:
        return None  # docs, health, and unknown routes (which answer 404/405 on their own)
    if request.method == "OPTIONS":
        return None  # a CORS preflight carries no credentials
    view = current_app.view_functions.get(request.endpoint)
    view_class = getattr(view, "view_class", None)
    method = "get" if request.method == "HEAD" else request.method.lower()
    handler = getattr(view_class, method, None) if view_class is not None else view
    declared: str | None = getattr(handler, SCOPE_ATTRIBUTE, None)
    if declared is not None:
        return declared
    if request.method in WRITE_METHODS:
        return "write"  # a write nobody declared is still a write
    settings: Settings = current_app.config["NEWSDB_SETTINGS"]
    return "read" if settings.require_read_token else None


def _unauthorized(message: str, error: str | None = None) -> None:
    challenge = REALM + (f', error="{error}"' if error else "")
    abort(401, message=message, headers={"WWW-Authenticate": challenge})


def authorize_request() -> None:
    """Refuse the request (401, 403) unless its bearer token grants the scope it needs."""
    needed = required_scope()
    credentials = request.authorization
    if needed is None:
        if credentials is None or not request.path.startswith(API_PREFIX) \
                or request.endpoint is None or request.method == "OPTIONS":
            return
        needed = "read"  # an open read that names a token still gets it checked
    if credentials is None or credentials.type != "bearer" or not credentials.token:
        _unauthorized(f"This request needs a bearer token with scope '{needed}'")
        return
    with separate_session() as session:
        token = authenticate(session, credentials.token)
        token_id, scopes = (token.id, token.scopes) if token else (None, "")
        stale = token is not None and needs_touch(token)
    if token_id is None:
        _unauthorized("The bearer token is unknown, revoked or expired", "invalid_token")
        return
    if not grants(scopes, needed):
        abort(403, message=f"This request needs a token with scope '{needed}'; "
                           f"this one has: {scopes}",
              headers={"WWW-Authenticate": REALM + ', error="insufficient_scope", '
                                                    f'scope="{needed}"'})
    if stale:
        with separate_session(write=True) as session:
            touch(session, token_id)
    g.token_id = token_id


def init_app(app: Flask) -> None:
    """Check tokens before every API request."""
    app.before_request(authorize_request)
