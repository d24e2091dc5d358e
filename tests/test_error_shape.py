"""One error shape, {"code", "status", "message", "errors"}, for every error status (§8), and
never a traceback."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from newsdb.app import create_app
from newsdb.config import Settings
from tests.test_auth import bearer

ERROR_KEYS = {"code", "status", "message", "errors"}


def assert_error(response: TestResponse, status: int) -> dict[str, object]:
    """Check that a response is an error of ``status`` in the one shape; return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) == ERROR_KEYS
    assert body["code"] == status
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def test_400_malformed_json(client: FlaskClient, session: Session) -> None:
    response = client.post("/api/v1/sources", data="{", content_type="application/json",
                           headers=bearer(session, "write"))
    assert_error(response, 400)


def test_401_and_403(client: FlaskClient, session: Session) -> None:
    unauthorized = client.post("/api/v1/sources", json={"name": "X"})
    assert_error(unauthorized, 401)
    assert unauthorized.headers["WWW-Authenticate"].startswith("Bearer")
    forbidden = client.post("/api/v1/sources", json={"name": "X"},
                            headers=bearer(session, "read"))
    assert_error(forbidden, 403)


@pytest.mark.parametrize("url", ["/api/v1/nowhere", "/nowhere", "/api/v1/articles/999999",
                                 "/api/v1/articles/abc", "/api/v1/entities/0",
                                 "/api/v1/entities/99999999999999999999999",
                                 "/api/v1/entities/2147483648",
                                 "/api/v1/events/999999", "/api/v1/sources/999999",
                                 "/api/v1/imports/999999", "/api/v1/mentions/999999"])
def test_404(client: FlaskClient, url: str) -> None:
    assert_error(client.get(url), 404)


def test_405_names_the_allowed_methods(client: FlaskClient) -> None:
    body = assert_error(client.put("/api/v1/articles/1"), 405)
    assert body["status"] == "Method Not Allowed"
    allowed = client.put("/api/v1/articles/1").headers["Allow"]
    assert {"GET", "PATCH", "DELETE"} <= {m.strip() for m in allowed.split(",")}
    assert "POST" in client.delete("/api/v1/articles").headers["Allow"]


def test_409_conflict(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "write")
    client.post("/api/v1/sources", json={"name": "Conflicted"}, headers=headers)
    assert_error(client.post("/api/v1/sources", json={"name": "Conflicted"}, headers=headers),
                 409)


def test_412_stale_if_match(client: FlaskClient, session: Session) -> None:
    response = client.patch("/api/v1/sources/1", json={"domain": "afp.com"},
                            headers={**bearer(session, "write"), "If-Match": '"old"'})
    body = assert_error(response, 412)
    assert "changed" in str(body["message"])


def test_413_body_too_large(connection: Connection, database_url: str, session: Session) -> None:
    app = create_app({"TESTING": True, "NEWSDB_ENGINE": connection,
                      "NEWSDB_SETTINGS": Settings(database_url=database_url,
                                                  max_body_bytes=1000)})
    response = app.test_client().post("/api/v1/articles", json={"body": "x" * 2000},
                                      headers=bearer(session, "write"))
    assert_error(response, 413)


def test_415_not_json(client: FlaskClient, session: Session) -> None:
    response = client.post("/api/v1/articles", data="Some text", content_type="text/plain",
                           headers=bearer(session, "write"))
    assert_error(response, 415)
    form = client.post("/api/v1/sources", data={"name": "Form"}, headers=bearer(session, "write"))
    assert_error(form, 415)


def test_422_names_each_field(client: FlaskClient, session: Session) -> None:
    body = assert_error(client.get("/api/v1/articles?page_size=101&colour=red"), 422)
    assert set(body["errors"]["query"]) == {"page_size", "colour"}
    body = assert_error(client.post("/api/v1/entities", json={"kind": "animal", "name": ""},
                                    headers=bearer(session, "write")), 422)
    assert set(body["errors"]["json"]) == {"kind", "name"}


def test_500_without_traceback(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("newsdb.services.sources.list_sources", explode)
    response = client.get("/api/v1/sources")
    body = assert_error(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert body["message"] == "Internal server error"


def test_redirect_of_a_merged_entity_shares_the_shape(client: FlaskClient,
                                                      session: Session) -> None:
    admin = bearer(session, "admin")
    first = client.post("/api/v1/entities", json={"kind": "other", "name": "First"},
                        headers=admin).json
    second = client.post("/api/v1/entities", json={"kind": "other", "name": "Second"},
                         headers=admin).json
    client.post(f"/api/v1/entities/{second['id']}/merge", json={"ids": [first["id"]]},
                headers=admin)
    assert_error(client.get(f"/api/v1/entities/{first['id']}"), 308)
    assert_error(client.delete(f"/api/v1/entities/{first['id']}", headers=admin), 409)

