"""Bearer tokens: the `newsdb token` commands, hashes only, 401/403 and scopes (§8 Access)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.cli import cli
from newsdb.config import Settings
from newsdb.models import ApiToken, utcnow
from newsdb.services.tokens import create_token, grants, hash_token

NEW_ARTICLE = {"title": "Talks in Niamey", "body": "The ministers of Mali and Niger met in "
               "Niamey on Tuesday to talk about the border."}


def bearer(session: Session, *scopes: str, **kwargs: object) -> dict[str, str]:
    """Create a token with ``scopes`` in the test's transaction; return its header."""
    _token, secret = create_token(session, f"test {' '.join(scopes)}", scopes, **kwargs)
    session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_cli_creates_lists_and_revokes_tokens(runner: CliRunner, fresh_url: str) -> None:
    created = runner.invoke(cli, ["token", "create", "dashboard", "--scope", "write",
                                  "--scope", "sql", "--expires-in", "30"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert re.fullmatch(r"newsdb_[A-Za-z0-9_-]{40,}", secret)
    assert "Token 1 (write sql, expires" in created.stderr

    listed = runner.invoke(cli, ["token", "list"])
    assert listed.exit_code == 0
    assert "dashboard" in listed.stdout and "write sql" in listed.stdout
    assert "active" in listed.stdout and secret not in listed.stdout

    revoked = runner.invoke(cli, ["token", "revoke", "1"])
    assert revoked.exit_code == 0 and "Revoked token 1 (dashboard)" in revoked.stdout
    assert "revoked" in runner.invoke(cli, ["token", "list"]).stdout
    missing = runner.invoke(cli, ["token", "revoke", "99"])
    assert missing.exit_code == 1 and "Token 99 not found" in missing.output


def test_cli_refuses_unknown_scopes_and_missing_scope(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["token", "create", "x", "--scope", "root"]).exit_code == 2
    assert runner.invoke(cli, ["token", "create", "x"]).exit_code == 2
    assert runner.invoke(cli, ["token", "create", "x", "--scope", "read",
                               "--expires-in", "0"]).exit_code == 2


def test_only_the_hash_is_stored(session: Session) -> None:
    token, secret = create_token(session, "hashed", ["read"])
    stored = session.scalars(select(ApiToken).where(ApiToken.id == token.id)).one()
    assert stored.token_hash == hash_token(secret) and len(stored.token_hash) == 64
    assert secret not in (stored.token_hash, stored.name, stored.scopes)


@pytest.mark.parametrize(("scopes", "needed", "granted"), [
    ("admin", "write", True), ("admin", "read", True), ("write", "read", True),
    ("write", "admin", False), ("read", "write", False), ("sql", "read", True),
    ("sql", "write", False), ("admin", "sql", False), ("read sql", "sql", True),
])
def test_scopes_nest(scopes: str, needed: str, granted: bool) -> None:
    assert grants(scopes, needed) is granted


def test_writes_need_a_token(client: FlaskClient) -> None:
    response = client.post("/api/v1/articles", json=NEW_ARTICLE)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "scope 'write'" in response.json["message"]


def test_unknown_revoked_and_expired_tokens_are_refused(client: FlaskClient,
                                                        session: Session) -> None:
    unknown = client.post("/api/v1/sources", json={"name": "X"},
                          headers={"Authorization": "Bearer nope"})
    assert unknown.status_code == 401 and 'error="invalid_token"' in unknown.headers[
        "WWW-Authenticate"]
    headers = bearer(session, "write")
    token = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    token.revoked_at = utcnow()
    session.commit()
    assert client.post("/api/v1/sources", json={"name": "X"},
                       headers=headers).status_code == 401
    expired = bearer(session, "write", expires_in_days=1)
    token = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert client.post("/api/v1/sources", json={"name": "X"},
                       headers=expired).status_code == 401
    basic = client.post("/api/v1/sources", json={"name": "X"},
                        headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_wrong_scope_is_403(client: FlaskClient, session: Session) -> None:
    reader = bearer(session, "read")
    response = client.post("/api/v1/sources", json={"name": "Wire"}, headers=reader)
    assert response.status_code == 403 and "scope 'write'" in response.json["message"]
    writer = bearer(session, "write")
    assert client.post("/api/v1/sources", json={"name": "Wire"},
                       headers=writer).status_code == 201
    # Deleting an entity, merging and deleting articles need admin, which write lacks.
    assert client.delete("/api/v1/entities/1", headers=writer).status_code == 403
    assert client.post("/api/v1/entities/1/merge", json={"ids": [2]},
                       headers=writer).status_code == 403
    assert client.delete("/api/v1/articles/1", headers=writer).status_code == 403
    sql_only = bearer(session, "sql")
    assert client.post("/api/v1/sources", json={"name": "Other"},
                       headers=sql_only).status_code == 403


def test_reads_are_open_unless_required(client: FlaskClient, connection: Connection,
                                        database_url: str, session: Session) -> None:
    assert client.get("/api/v1/articles").status_code == 200
    locked: Flask = create_app({"TESTING": True, "NEWSDB_ENGINE": connection,
                                "NEWSDB_SETTINGS": Settings(database_url=database_url,
                                                            require_read_token=True)})
    locked_client = locked.test_client()
    assert locked_client.get("/api/v1/articles").status_code == 401
    assert locked_client.get("/api/v1/articles", headers=bearer(session, "read")).status_code \
        == 200
    assert locked_client.get("/api/v1/entities", headers=bearer(session, "sql")).status_code \
        == 200
    assert locked_client.get("/healthz").status_code == 200
    assert locked_client.get("/openapi.json").status_code == 200


def test_last_used_at_is_written_at_most_once_a_minute(client: FlaskClient,
                                                       session: Session) -> None:
    headers = bearer(session, "write")
    token = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    assert token.last_used_at is None
    client.post("/api/v1/sources", json={"name": "First"}, headers=headers)
    session.expire_all()
    first = session.get(ApiToken, token.id).last_used_at
    assert first is not None
    client.post("/api/v1/sources", json={"name": "Second"}, headers=headers)
    session.expire_all()
    assert session.get(ApiToken, token.id).last_used_at == first
    session.get(ApiToken, token.id).last_used_at = first - timedelta(minutes=2)
    session.commit()
    client.get("/api/v1/sources", headers=headers)
    session.expire_all()
    assert session.get(ApiToken, token.id).last_used_at > first


def test_openapi_declares_bearer_security_per_operation(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"]}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "patch", "delete"}:
                scopes = operation["security"][0]["bearerAuth"]
                assert scopes and scopes[0] in {"write", "admin", "sql"}, (method, path)
    merge = spec["paths"]["/api/v1/entities/{entity_id}/merge"]["post"]
    assert merge["security"] == [{"bearerAuth": ["admin"]}]
