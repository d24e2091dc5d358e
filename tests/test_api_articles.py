"""/api/v1/articles: lists and filters, one article and what was found in it, POST through the
pipeline, PATCH with ETags, DELETE; the app factory and the error shape."""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.config import Settings
from tests.test_auth import bearer

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


# --- relational filters and sub-resources on the seeds ---------------------------------------
def _languages(client: FlaskClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json
    return sorted(a["language"] for a in response.json)


def test_articles_of_an_entity_across_languages(client: FlaskClient) -> None:
    assert _languages(client, "/api/v1/articles?entity=minusma") == ["en", "en"]
    assert _languages(client, "/api/v1/articles?entity=russia") == ["de", "en", "en"]
    assert _languages(client, "/api/v1/articles?entity=germany") == ["de", "en", "en"]
    assert _languages(client, "/api/v1/articles?entity=russia&entity=minusma") == ["en", "en"]
    minusma = client.get("/api/v1/entities?q=minusma").json[0]
    assert _languages(client, f"/api/v1/articles?entity={minusma['id']}") == ["en", "en"]
    unknown = client.get("/api/v1/articles?entity=atlantis")
    assert unknown.status_code == 422 and "entity" in unknown.json["errors"]["query"]


def test_articles_by_event_kind_and_updated_since(client: FlaskClient) -> None:
    withdrawals = client.get("/api/v1/articles?event_kind=withdrawal").json
    assert withdrawals, "the seeds report the German withdrawal from Mali"
    for article in withdrawals:
        events = client.get(f"/api/v1/articles/{article['id']}/events?page_size=100").json
        kinds = {event["kind"] for event in events}
        assert "withdrawal" in kinds
    assert client.get("/api/v1/articles?event_kind=election&language=de").json == []
    assert len(client.get("/api/v1/articles?updated_since=2000-01-01T00:00:00Z").json) == 3
    assert client.get("/api/v1/articles?updated_since=2999-01-01T00:00:00%2B01:00").json == []
    assert client.get("/api/v1/articles?updated_since=2024-01-01").status_code == 422


def test_article_sub_resources(client: FlaskClient) -> None:
    article = client.get("/api/v1/articles?language=de").json[0]
    base = f"/api/v1/articles/{article['id']}"
    mentions = client.get(f"{base}/mentions?page_size=100").json
    assert mentions and all(article["body"][m["char_start"]:m["char_end"]] == m["text"]
                            for m in mentions)
    assert [m["char_start"] for m in mentions] == sorted(m["char_start"] for m in mentions)
    entities = client.get(f"{base}/entities?page_size=100").json
    slugs = {e["slug"] for e in entities}
    assert {"russia", "mali", "sevare"} <= slugs
    assert entities == sorted(entities, key=lambda e: -e["mentions"])
    assert client.get(f"{base}/events").status_code == 200
    quality = client.get(f"{base}/quality").json
    assert {"missing_date"} <= {flag["code"] for flag in quality}
    detail = client.get(base).json
    assert {e["slug"] for e in detail["entities"]} == slugs
    assert detail["quality_flags"] == quality
    for suffix in ("mentions", "entities", "events", "quality"):
        missing = client.get(f"/api/v1/articles/999999/{suffix}")
        assert missing.status_code == 404 and missing.json["code"] == 404


# --- writes ------------------------------------------------------------------------------------
NIAMEY = {
    "title": "West African ministers meet in Niamey",
    "body": "West African ministers meet in Niamey\n\nThe defence ministers of Mali, Burkina Faso "
            "and Niger met in Niamey on Tuesday to plan joint patrols along their borders. "
            "Russia sent an observer to the talks.",
    "language": "en",
    "published_at": "2024-03-05",
    "source": "Sahel Wire",
}


def test_post_article_runs_the_pipeline_and_a_duplicate_is_409(client: FlaskClient,
                                                                session: Session) -> None:
    headers = bearer(session, "write")
    created = client.post("/api/v1/articles", json=NIAMEY, headers=headers)
    assert created.status_code == 201, created.json
    article = created.json
    assert created.headers["Location"] == f"/api/v1/articles/{article['id']}"
    assert {"niamey", "mali", "niger", "burkina-faso"} <= {e["slug"] for e in article["entities"]}
    assert article["source"]["name"] == "Sahel Wire"
    assert article["published_at"] == "2024-03-05" and article["extractor_version"]
    assert isinstance(article["events"], list) and isinstance(article["quality_flags"], list)
    again = client.post("/api/v1/articles", json=NIAMEY, headers=headers)
    assert again.status_code == 409
    assert again.json["errors"] == {"existing_id": article["id"]}
    assert again.headers["Location"] == created.headers["Location"]
    assert client.get(created.headers["Location"]).json["id"] == article["id"]


def test_post_article_without_extraction(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "write")
    plain = {**NIAMEY, "text": NIAMEY["body"], "url": "https://example.org/niamey"}
    del plain["body"]
    created = client.post("/api/v1/articles?extract=false", json=plain, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["entities"] == [] and created.json["extractor_version"] is None
    other = client.post("/api/v1/articles", headers=headers,
                        json={"body": "Berlin and Paris agreed on Monday.", "extract": False})
    assert other.status_code == 201 and other.json["entities"] == []


def test_a_json_body_may_start_with_a_byte_order_mark(client: FlaskClient,
                                                     session: Session) -> None:
    """Windows tools write a UTF-8 BOM before JSON; RFC 8259 lets a reader skip it."""
    headers = {**bearer(session, "write"), "Content-Type": "application/json"}
    body = json.dumps({"body": "Berlin and Paris agreed on a plan on Monday."}).encode()
    created = client.post("/api/v1/articles?extract=false", data=b"\xef\xbb\xbf" + body,
                          headers=headers)
    assert created.status_code == 201, created.json
    broken = client.post("/api/v1/articles", data=b"\xef\xbb\xbf{", headers=headers)
    assert broken.status_code == 400 and broken.json["code"] == 400


def test_a_language_naming_one_is_stored_as_its_iso_639_1_code(client: FlaskClient,
                                                               session: Session) -> None:
    """As ``newsdb import`` reads a file's language, so does the API: "en-US", "iw", "deu"
    or "German" are stored as en, he, de; PATCH reads it the same way."""
    headers = bearer(session, "write")
    stored = []
    for number, given in enumerate(("en-US", "iw", "deu", "German"), 1):
        created = client.post("/api/v1/articles?extract=false", headers=headers, json={
            "body": f"The ministers met in Niamey on Tuesday, day {number} of the talks.",
            "language": given})
        assert created.status_code == 201, created.json
        stored.append(created.json["language"])
    assert stored == ["en", "he", "de", "de"]
    patched = client.patch(f"/api/v1/articles/{created.json['id']}", headers=headers,
                           json={"language": "FR"})
    assert patched.status_code == 200 and patched.json["language"] == "fr"


def test_post_article_validates_strictly(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "write")
    cases = [
        ({**NIAMEY, "colour": "red"}, "colour"),
        ({**NIAMEY, "language": "elvish"}, "language"),
        ({**NIAMEY, "language": "x" * 65}, "language"),
        ({**NIAMEY, "language": "zz"}, "language"),
        ({**NIAMEY, "published_at": "last week"}, "published_at"),
        ({**NIAMEY, "url": "ftp://example.org"}, "url"),
        ({**NIAMEY, "title": 5}, "title"),
        ({**NIAMEY, "extract": "no"}, "extract"),
        ({"title": "No text"}, "body"),
        ({**NIAMEY, "text": "twice"}, "body"),
        ({**NIAMEY, "body": "nul \x00 byte"}, "body"),
    ]
    for payload, field in cases:
        response = client.post("/api/v1/articles", json=payload, headers=headers)
        assert response.status_code == 422, (field, response.json)
        assert field in response.json["errors"]["json"], response.json
    boilerplate = client.post("/api/v1/articles", json={"body": "Skip to content"},
                              headers=headers)
    assert boilerplate.status_code == 422 and boilerplate.json["message"]


def test_patch_article_with_and_without_if_match(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "write")
    german = client.get("/api/v1/articles?language=de").json[0]
    url = f"/api/v1/articles/{german['id']}"
    read = client.get(url)
    etag = read.headers["ETag"]
    assert not read.get_data().isascii()  # the ETag of UTF-8 text ("für") matches as well
    patched = client.patch(url, json={"published_at": "2025-11-12", "author": "Redaktion"},
                           headers={**headers, "If-Match": etag})
    assert patched.status_code == 200, patched.json
    assert patched.json["published_at"] == "2025-11-12"
    assert patched.json["version"] == german["version"] + 1
    assert "missing_date" not in {f["code"] for f in patched.json["quality_flags"]}
    assert patched.headers["ETag"] != etag
    stale = client.patch(url, json={"author": "Someone"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.json["code"] == 412
    blind = client.patch(url, json={"author": "Last writer", "source": "Tagesspiegel"},
                         headers=headers)
    assert blind.status_code == 200 and blind.json["author"] == "Last writer"
    assert blind.json["source"]["name"] == "Tagesspiegel"
    assert client.patch(url, json={"body": "new text"}, headers=headers).status_code == 422
    assert client.patch("/api/v1/articles/999999", json={}, headers=headers).status_code == 404


def test_patch_url_to_anothers_is_409(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "write")
    first, second = client.get("/api/v1/articles?sort=id").json[:2]
    client.patch(f"/api/v1/articles/{first['id']}", json={"url": "https://example.org/a"},
                 headers=headers)
    clash = client.patch(f"/api/v1/articles/{second['id']}", json={"url": "https://example.org/a"},
                         headers=headers)
    assert clash.status_code == 409 and clash.json["errors"] == {"existing_id": first["id"]}


def test_delete_article_needs_admin_and_removes_what_it_alone_reported(
        client: FlaskClient, session: Session) -> None:
    admin = bearer(session, "admin")
    created = client.post("/api/v1/articles", json=NIAMEY, headers=admin).json
    url = f"/api/v1/articles/{created['id']}"
    own_events = [e["id"] for e in created["events"]
                  if client.get(f"/api/v1/events/{e['id']}").json["article_ids"] == [created["id"]]]
    assert client.delete(url, headers=bearer(session, "write")).status_code == 403
    stale = client.delete(url, headers={**admin, "If-Match": '"stale"'})
    assert stale.status_code == 412
    assert client.delete(url, headers=admin).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/mentions?article={created['id']}").json == []
    for event_id in own_events:
        assert client.get(f"/api/v1/events/{event_id}").status_code == 404
    assert client.delete(url, headers=admin).status_code == 404
