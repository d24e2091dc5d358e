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


def test_article_counts_count_each_article_once(client: FlaskClient, session: Session) -> None:
    """A source's count is of the articles it published or is credited on: one published by a
    source that it also credits counts once, as do credits on others' articles."""
    from sqlalchemy import select

    from newsdb.models import Article, ArticleAgency

    credit = session.scalars(select(ArticleAgency).order_by(ArticleAgency.id)).first()
    assert credit is not None, "the seeds credit an agency"
    article = session.get(Article, credit.article_id)
    assert article is not None
    article.source_id = credit.source_id  # published by the agency it credits
    session.flush()
    expected: dict[int, set[int]] = {}
    for article_id, source_id in session.execute(select(Article.id, Article.source_id)):
        expected.setdefault(source_id, set()).add(article_id)
    for article_id, source_id in session.execute(
            select(ArticleAgency.article_id, ArticleAgency.source_id)):
        expected.setdefault(source_id, set()).add(article_id)
    listed = client.get(f"{API}?page_size=100").json
    assert listed and {s["id"]: s["article_count"] for s in listed} == {
        s["id"]: len(expected.get(s["id"], ())) for s in listed}
    one = client.get(f"{API}/{credit.source_id}").json
    assert one["article_count"] == len(expected[credit.source_id])
