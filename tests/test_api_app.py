"""The app around the API: the OpenAPI 3.1 document, Swagger UI served offline at /docs, CORS,
and HEAD/ETag conventions."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import Connection

from newsdb.app import create_app
from newsdb.config import Settings


def test_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    paths = spec["paths"]
    for path in ("/api/v1/articles", "/api/v1/articles/{article_id}/quality",
                 "/api/v1/entities/{entity_id}/merge", "/api/v1/entities/{entity_id}/timeline",
                 "/api/v1/events/{event_id}/evidence", "/api/v1/mentions", "/api/v1/sources",
                 "/api/v1/imports/{run_id}", "/api/v1/search", "/api/v1/graph"):
        assert path in paths, path
    article_id = paths["/api/v1/articles/{article_id}"]["parameters"][0]["schema"]
    assert article_id == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    error = spec["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "status", "message", "errors"}
    patch = paths["/api/v1/entities/{entity_id}"]["patch"]
    if_match = next(p for p in patch["parameters"] if p.get("name") == "If-Match")
    assert if_match["required"] is False and "428" not in patch["responses"]
    imports = paths["/api/v1/imports"]["post"]["requestBody"]["content"]
    assert set(imports) == {"application/json", "application/x-ndjson"}


def test_swagger_ui_is_served_from_the_package(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/docs/assets/") for url in urls)
    assert "//" not in "".join(urls) and "unpkg" not in html and "cdn" not in html.lower()
    for url in urls:
        with client.get(url) as asset:
            assert asset.status_code == 200 and len(asset.data) > 1000, url
    assert '"/openapi.json"' in html


def test_head_and_etags_on_lists(client: FlaskClient) -> None:
    listed = client.get("/api/v1/entities?page_size=5")
    assert client.head("/api/v1/entities?page_size=5").status_code == 200
    assert client.get("/api/v1/entities?page_size=5",
                      headers={"If-None-Match": listed.headers["ETag"]}).status_code == 304
    other_page = client.get("/api/v1/entities?page_size=5&page=2")
    assert other_page.headers["ETag"] != listed.headers["ETag"]


def test_cors_only_for_listed_origins(connection: Connection, database_url: str,
                                      client: FlaskClient) -> None:
    assert "Access-Control-Allow-Origin" not in client.get(
        "/api/v1/articles", headers={"Origin": "https://dash.example"}).headers
    app = create_app({"TESTING": True, "NEWSDB_ENGINE": connection,
                      "NEWSDB_SETTINGS": Settings(database_url=database_url,
                                                  cors_origins=("https://dash.example",))})
    listed = app.test_client()
    answer = listed.get("/api/v1/articles", headers={"Origin": "https://dash.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "https://dash.example"
    assert "X-Pagination" in answer.headers["Access-Control-Expose-Headers"]
    preflight = listed.options("/api/v1/articles", headers={
        "Origin": "https://dash.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and "POST" in preflight.headers[
        "Access-Control-Allow-Methods"]
    other = listed.get("/api/v1/articles", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_a_doubled_slash_is_no_route_and_answers_json(client: FlaskClient) -> None:
    """Not Werkzeug's HTML redirect to the merged path: the JSON 404 of any unknown path."""
    for path in ("/api/v1//articles", "/api/v1/articles//1"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path
        assert response.json["code"] == 404
