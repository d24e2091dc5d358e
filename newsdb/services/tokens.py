"""API tokens: create, list, revoke and check them; only SHA-256 hashes are stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsdb.errors import InputError, NotFound
from newsdb.models import ApiToken, utcnow
from newsdb.models.token import SCOPES

TOKEN_PREFIX = "newsdb_"
# 32 random bytes: far beyond guessing, and short enough to paste.
TOKEN_BYTES = 32
# last_used_at is a hint for humans, not an audit log: one write a minute per token is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_EXPIRY_DAYS = 3650
# Scopes nest: admin ⊃ write ⊃ read; sql reads through its own door, so it reads too.
GRANTS = {
    "read": {"read"},
    "write": {"write", "read"},
    "admin": {"admin", "write", "read"},
    "sql": {"sql", "read"},
}


def hash_token(secret: str) -> str:
    """Return the hex SHA-256 of a token: what the database keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_scopes(scopes: Iterable[str]) -> str:
    """Return scopes as stored: known names, deduplicated, space-separated in a fixed order."""
    wanted = {scope.strip().lower() for scope in scopes if scope.strip()}
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise InputError(f"unknown scope(s): {', '.join(unknown)}; use {', '.join(SCOPES)}")
    if not wanted:
        raise InputError("a token needs at least one scope")
    return " ".join(scope for scope in SCOPES if scope in wanted)


def grants(scopes: str, needed: str) -> bool:
    """Tell whether a token's scopes allow what ``needed`` names."""
    return any(needed in GRANTS.get(scope, set()) for scope in scopes.split())


def create_token(session: Session, name: str, scopes: Iterable[str],
                 expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token; return its row and the secret, which is shown this once only."""
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("a token needs a name of 1 to 200 characters")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise InputError(f"--expires-in must be between 1 and {MAX_EXPIRY_DAYS} days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    token = ApiToken(
        name=name, token_hash=hash_token(secret), scopes=normalize_scopes(scopes),
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session) -> list[ApiToken]:
    """Return every token, oldest first (secrets are never stored, so never listed)."""
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(session: Session, token_id: int) -> ApiToken:
    """Revoke a token: it stops working at once. Revoking twice keeps the first date."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"Token {token_id} not found")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def token_status(token: ApiToken, now: datetime | None = None) -> str:
    """Return ``active``, ``revoked`` or ``expired``."""
    now = now or utcnow()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def authenticate(session: Session, secret: str, now: datetime | None = None) -> ApiToken | None:
    """Return the active token with this secret, or None."""
    token = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(secret))).first()
    if token is None or token_status(token, now) != "active":
        return None
    return token


def needs_touch(token: ApiToken, now: datetime | None = None) -> bool:
    """Tell whether ``last_used_at`` is older than its resolution (or unset)."""
    now = now or utcnow()
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION


def touch(session: Session, token_id: int, now: datetime | None = None) -> None:
    """Record that a token was just used."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id)
                    .values(last_used_at=now or utcnow()))
