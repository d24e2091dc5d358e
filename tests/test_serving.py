"""Serving for real: `newsdb serve` (gunicorn, 2 workers) on 127.0.0.1, with security headers,
CORS from NEWSDB_CORS_ORIGINS, 413 for oversized bodies, bearer tokens, and a request log that
never holds a token. The header rules are also checked in-process, where they are cheaper."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import text

from newsdb.db import make_engine, session_scope
from newsdb.models import ApiToken, utcnow
from newsdb.schema import upgrade
from newsdb.services.tokens import create_token
from newsdb.web import CACHE_NEVER, CACHE_REVALIDATE, SECURITY_HEADERS
from tests.conftest import LiveServer

TIMEOUT_S = 60
ARTICLE = {"title": "Patrols along the border", "published_at": "2024-03-05",
           "body": "The defence ministers of Mali and Niger met in Niamey on Tuesday to plan "
                   "joint patrols along their border."}
MAX_BODY = 64 * 1024  # small, so that the oversized bodies below stay cheap


def make_token(url: str, *scopes: str) -> tuple[int, str]:
    engine = make_engine(url)
    try:
        with session_scope(engine, write=True) as session:
            token, secret = create_token(session, f"serving {' '.join(scopes)}", scopes)
            session.flush()
            return token.id, secret
    finally:
        engine.dispose()


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture()
def server(backend_url: str, live_server: Callable[..., LiveServer]) -> Iterator[LiveServer]:
    upgrade(backend_url)
    yield live_server(backend_url, workers=2, env={
        "NEWSDB_CORS_ORIGINS": "https://dash.example, https://other.example",
        "NEWSDB_MAX_BODY_BYTES": str(MAX_BODY)})


# --- in-process: the header rules ----------------------------------------------------------------
def test_api_answers_carry_security_and_cache_headers(client: FlaskClient) -> None:
    listed = client.get("/api/v1/articles")
    for name, value in SECURITY_HEADERS.items():
        assert listed.headers[name] == value
    assert listed.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert listed.headers["Cache-Control"] == CACHE_REVALIDATE and listed.headers["ETag"]
    not_modified = client.get("/api/v1/articles",
                              headers={"If-None-Match": listed.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.headers["Cache-Control"] == CACHE_REVALIDATE
    missing = client.get("/api/v1/articles/999999")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == CACHE_NEVER
    refused = client.post("/api/v1/articles", json=ARTICLE)
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == CACHE_NEVER
    assert refused.headers["X-Frame-Options"] == "DENY"


def test_swagger_ui_may_run_its_own_scripts_only(client: FlaskClient) -> None:
    page = client.get("/docs")
    policy = page.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'" and directives["connect-src"] == "'self'"
    inline = re.findall(r"<script>(.*?)</script>", page.get_data(as_text=True), re.DOTALL)
    assert inline, "the Swagger UI page has its initializer inline"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]
    asset = client.get("/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset.headers["X-Content-Type-Options"] == "nosniff"
    asset.close()


def test_request_id_is_echoed_when_plain_and_replaced_when_not(client: FlaskClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers[
        "X-Request-ID"] == "abc-123"
    replaced = client.get("/healthz", headers={"X-Request-ID": "x" * 500}).headers[
        "X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


# --- through gunicorn ----------------------------------------------------------------------------
def test_gunicorn_serves_with_headers_and_cors(server: LiveServer) -> None:
    health = requests.get(server.url + "/healthz", timeout=TIMEOUT_S)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.headers["Server"].startswith("gunicorn")
    listed = requests.get(server.url + "/api/v1/articles",
                          headers={"Origin": "https://dash.example"}, timeout=TIMEOUT_S)
    assert listed.status_code == 200 and listed.json() == []
    assert listed.headers["Access-Control-Allow-Origin"] == "https://dash.example"
    assert "X-Pagination" in listed.headers["Access-Control-Expose-Headers"]
    assert listed.headers["X-Content-Type-Options"] == "nosniff"
    preflight = requests.options(server.url + "/api/v1/articles", headers={
        "Origin": "https://other.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"}, timeout=TIMEOUT_S)
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    foreign = requests.get(server.url + "/api/v1/articles",
                           headers={"Origin": "https://evil.example"}, timeout=TIMEOUT_S)
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_oversized_bodies_answer_413_in_the_error_shape(server: LiveServer) -> None:
    _id, secret = make_token(server.database_url, "write")
    oversized = b'{"body": "' + b"a" * (MAX_BODY + 10) + b'"}'
    for headers in ({}, auth(secret)):
        answer = requests.post(server.url + "/api/v1/articles", data=oversized,
                               headers={"Content-Type": "application/json", **headers},
                               timeout=TIMEOUT_S)
        assert answer.status_code == 413, answer.text
        assert answer.json()["code"] == 413 and set(answer.json()) == {
            "code", "status", "message", "errors"}

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is met while reading
        yield b'{"title": "x", "body": "'
        for _ in range(MAX_BODY // 8192 + 2):
            yield b"a" * 8192
        yield b'"}'

    chunked = requests.post(server.url + "/api/v1/articles", data=chunks(),
                            headers={"Content-Type": "application/json", **auth(secret)},
                            timeout=TIMEOUT_S)
    assert chunked.status_code == 413 and chunked.json()["code"] == 413
    def nested() -> Iterator[bytes]:  # chunked, and deeper than Python's JSON parser goes
        yield b"[" * 5000
        yield b"]" * 5000

    deep = requests.post(server.url + "/api/v1/imports", data=nested(),
                         headers={"Content-Type": "application/json", **auth(secret)},
                         timeout=TIMEOUT_S)
    assert deep.status_code == 400 and deep.json()["code"] == 400
    # The server is none the worse: a body within the limit is stored.
    created = requests.post(server.url + "/api/v1/articles", json=ARTICLE,
                            headers=auth(secret), timeout=TIMEOUT_S)
    assert created.status_code == 201, created.text


def test_requests_gunicorn_refuses_answer_in_the_error_shape(server: LiveServer) -> None:
    """A request line or a header too long for gunicorn never reaches the app: gunicorn
    answers it, in newsdb's error shape too, and the server serves on."""
    long_path = requests.get(server.url + "/api/v1/search?q=" + "x" * 9000, timeout=TIMEOUT_S)
    long_header = requests.get(server.url + "/api/v1/articles",
                               headers={"X-Padding": "y" * 9000}, timeout=TIMEOUT_S)
    for answer, code in ((long_path, 414), (long_header, 431)):
        assert answer.status_code == code, answer.text
        assert answer.headers["Content-Type"] == "application/json"
        body = answer.json()
        assert set(body) == {"code", "status", "message", "errors"} and body["code"] == code
        assert len(body["message"]) <= 200
    # gunicorn gives 501 the reason "Bad Request": the status line and body name it right
    import json
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT_S) as raw:
        raw.sendall(b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\n"
                    b"Transfer-Encoding: foo\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 501 Not Implemented\r\n"), head
    assert json.loads(body) == {"code": 501, "status": "Not Implemented",
                                "message": json.loads(body)["message"], "errors": {}}
    assert requests.get(server.url + "/healthz", timeout=TIMEOUT_S).status_code == 200


def test_tokens_are_checked_and_never_logged_or_stored(server: LiveServer) -> None:
    url = server.database_url
    reader_id, reader = make_token(url, "read")
    writer_id, writer = make_token(url, "write")
    revoked_id, revoked = make_token(url, "write")
    expired_id, expired = make_token(url, "write")
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        session.get(ApiToken, revoked_id).revoked_at = utcnow()
        session.get(ApiToken, expired_id).expires_at = utcnow() - timedelta(seconds=1)
    articles = server.url + "/api/v1/articles"

    assert requests.post(articles, json=ARTICLE, timeout=TIMEOUT_S).status_code == 401
    assert requests.post(articles, json=ARTICLE, headers=auth(reader),
                         timeout=TIMEOUT_S).status_code == 403
    for secret in (revoked, expired, writer + "x"):
        refused = requests.post(articles, json=ARTICLE, headers=auth(secret),
                                timeout=TIMEOUT_S)
        assert refused.status_code == 401 and "invalid_token" in refused.headers[
            "WWW-Authenticate"]
    created = requests.post(articles, json=ARTICLE, headers=auth(writer), timeout=TIMEOUT_S)
    assert created.status_code == 201
    # A token mistakenly put in a query string is not logged either: the log has paths only.
    requests.get(articles + f"?q={writer}", headers=auth(reader), timeout=TIMEOUT_S)
    server.stop()  # flushes the log

    log = server.log()
    assert "POST /api/v1/articles 201" in log and f"token={writer_id}" in log
    assert "POST /api/v1/articles 401" in log and "POST /api/v1/articles 403" in log
    secrets = (reader, writer, revoked, expired)
    for secret in secrets:
        assert secret not in log
        assert secret.removeprefix("newsdb_") not in log
    _assert_not_stored(engine, url, secrets)
    engine.dispose()


def _assert_not_stored(engine: object, url: str, secrets: tuple[str, ...]) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for secret in secrets:
            assert secret.encode() not in stored
        return
    with engine.connect() as connection:  # type: ignore[attr-defined]
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        for table in tables:
            dump = " ".join(str(row) for row in connection.execute(
                text(f'SELECT * FROM "{table}"')))
            for secret in secrets:
                assert secret not in dump, table


def test_gunicorn_wsgi_app_answers_its_own_errors_in_the_error_shape(
        backend_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`gunicorn wsgi:app`, not only `newsdb serve`, writes what gunicorn refuses as JSON."""
    import importlib
    import sys

    import gunicorn.util

    from newsdb import serving

    upgrade(backend_url)
    monkeypatch.setenv("NEWSDB_DATABASE_URL", backend_url)
    monkeypatch.setattr(gunicorn.util, "write_error", gunicorn.util.write_error)
    monkeypatch.delitem(sys.modules, "wsgi", raising=False)
    importlib.import_module("wsgi")
    assert gunicorn.util.write_error is serving.write_json_error
