"""/api/v1/sources: publishers and agencies."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.test_auth import bearer

API = "/api/v1/sources"


def test_seed_agencies_with_counts(client: FlaskClient) -> None:
    sources = {s["name"]: s for s in client.get(f"{API}?page_size=100").json}
    assert {"AFP", "dpa", "Reuters"} <= set(sources)
    assert sources["AFP"]["kind"] == "agency" and sources["AFP"]["article_count"] >= 1
    assert [s["name"] for s in client.get(f"{API}?q=reu").json] == ["Reuters"]
    assert all(s["kind"] == "agency" for s in client.get(f"{API}?kind=agency").json)
    assert client.get(f"{API}?kind=blog").status_code == 422
    one = client.get(f"{API}/{sources['AFP']['id']}")
    assert one.status_code == 200 and one.json == sources["AFP"]
    assert client.get(f"{API}/999999").status_code == 404


def test_create_patch_delete(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    created = client.post(API, json={"name": "Deutsche Welle", "domain": "dw.com",
                                     "country_code": "DE", "language": "de"}, headers=writer)
    assert created.status_code == 201, created.json
    assert created.json["kind"] == "publisher" and created.json["article_count"] == 0
    url = created.headers["Location"]
    assert url == f"{API}/{created.json['id']}"
    assert client.post(API, json={"name": "deutsche welle"}, headers=writer).status_code == 409
    for bad in ({"name": ""}, {"name": "   "}, {"name": "X", "domain": "not a domain"},
                {"name": "X", "country_code": "Germany"}, {"name": "X", "kind": "blog"},
                {"name": "X", "extra": 1}, {"domain": "dw.com"}):
        assert client.post(API, json=bad, headers=writer).status_code == 422, bad
    etag = client.get(url).headers["ETag"]
    patched = client.patch(url, json={"name": "DW English"},
                           headers={**writer, "If-Match": etag})
    assert patched.status_code == 200 and patched.json["name"] == "DW English"
    assert client.patch(url, json={"name": "DW 2"},
                        headers={**writer, "If-Match": etag}).status_code == 412
    assert client.patch(url, json={"name": "AFP"}, headers=writer).status_code == 409
    assert client.delete(url, headers=writer).status_code == 204
    assert client.get(url).status_code == 404
    assert client.delete(url, headers=writer).status_code == 404


def test_deleting_a_publisher_keeps_its_articles(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    article = client.get("/api/v1/articles?sort=id").json[0]
    client.patch(f"/api/v1/articles/{article['id']}", json={"source": "DW"}, headers=writer)
    dw = client.get(f"{API}?q=DW").json[0]
    assert dw["article_count"] == 1
    assert client.delete(f"{API}/{dw['id']}", headers=writer).status_code == 204
    assert client.get(f"/api/v1/articles/{article['id']}").json["source"] is None
