"""GET /api/v1/articles and /api/v1/articles/{id}; the app factory and the error shape."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from newsdb.app import create_app
from newsdb.config import Settings

ERROR_KEYS = {"code", "status", "message", "errors"}


def test_factory_takes_a_test_config(fresh_url: str) -> None:
    assert not create_app({"NEWSDB_SETTINGS": Settings(database_url=fresh_url)}).testing
    assert create_app({"TESTING": True,
                       "NEWSDB_SETTINGS": Settings(database_url=fresh_url)}).testing


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"


def test_list_articles_with_pagination_headers(client: FlaskClient) -> None:
    response = client.get("/api/v1/articles?page_size=2&sort=id")
    assert response.status_code == 200
    assert [a["language"] for a in response.json] == ["en", "en"]
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 3 and pagination["total_pages"] == 2
    assert 'rel="next"' in response.headers["Link"] and "page=2" in response.headers["Link"]
    assert all(a["raw_text"] is None for a in response.json)


def test_list_filters(client: FlaskClient) -> None:
    german = client.get("/api/v1/articles?language=de").json
    assert len(german) == 1 and "Sévaré" in german[0]["body"]
    assert len(client.get("/api/v1/articles?q=sevare").json) == 1
    assert len(client.get("/api/v1/articles?q=Pistorius").json) == 1
    dated = client.get("/api/v1/articles?published_from=2023-12-15&published_to=2023-12-15").json
    assert [a["published_at"] for a in dated] == ["2023-12-15"]
    assert client.get("/api/v1/articles?q=%22unbalanced").status_code == 200
    assert client.get("/api/v1/articles?q=AND OR NOT (").status_code == 200


def test_get_one_article_with_etag_and_raw_text(client: FlaskClient) -> None:
    first = client.get("/api/v1/articles?sort=id").json[0]
    response = client.get(f"/api/v1/articles/{first['id']}")
    assert response.status_code == 200
    assert response.json["agencies"] == ["AFP", "dpa", "Reuters"]
    assert response.json["raw_text"] is None
    etag = response.headers["ETag"]
    assert client.get(f"/api/v1/articles/{first['id']}",
                      headers={"If-None-Match": etag}).status_code == 304
    full = client.get(f"/api/v1/articles/{first['id']}?include=raw_text").json
    assert "Skip to content" in full["raw_text"]


def test_errors_share_one_shape(client: FlaskClient) -> None:
    cases = [
        (client.get("/api/v1/articles/999999"), 404),
        (client.get("/api/v1/nowhere"), 404),
        (client.get("/api/v1/articles?page_size=101"), 422),
        (client.get("/api/v1/articles?colour=red"), 422),
        (client.get("/api/v1/articles?published_from=yesterday"), 422),
        (client.get("/api/v1/articles?page=0"), 422),
        (client.put("/api/v1/articles/1"), 405),
    ]
    for response, status in cases:
        assert response.status_code == status, response.json
        assert set(response.json) == ERROR_KEYS
        assert response.json["code"] == status
    assert "GET" in cases[-1][0].headers["Allow"]
