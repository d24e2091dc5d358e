"""/api/v1/events and /api/v1/mentions: filters, manual records, corrections, evidence."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from newsdb.models import MentionSuppression
from tests.statements import statements_sent
from tests.test_api_entities import entity
from tests.test_auth import bearer

API = "/api/v1/events"


@pytest.fixture()
def writer(session: Session) -> dict[str, str]:
    return bearer(session, "write")


def _post(client: FlaskClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = client.post(API, json={"kind": "meeting", "title": "Talks", **fields},
                           headers=headers)
    assert response.status_code == 201, response.json
    assert response.headers["Location"] == f"{API}/{response.json['id']}"
    return response.json


def test_seed_events_filter_by_entity_and_date(client: FlaskClient) -> None:
    germany = entity(client, "germany")
    everything = client.get(f"{API}?entity=germany&page_size=100").json
    assert everything, "the seeds report events with Germany taking part"
    for event in everything:
        assert germany["id"] in {p["entity"]["id"] for p in event["participants"]}
    since = client.get(f"{API}?entity={germany['id']}&date_from=2023-12-01&page_size=100").json
    assert since and all(e["occurred_on"] >= "2023-12-01" for e in since)
    assert {e["id"] for e in since} <= {e["id"] for e in everything}
    until = client.get(f"{API}?entity=germany&date_to=2023-11-30&page_size=100").json
    assert all(e["occurred_on"] <= "2023-11-30" for e in until)
    assert not {e["id"] for e in since} & {e["id"] for e in until}
    kinds = client.get(f"{API}?kind=withdrawal&page_size=100").json
    assert kinds and all(e["kind"] == "withdrawal" for e in kinds)


@pytest.mark.parametrize("url", [f"{API}?entity=germany",
                                 "/api/v1/mentions", "/api/v1/entities/{germany}/events"])
def test_a_page_costs_the_same_statements_at_any_size(client: FlaskClient,
                                                     connection: Connection, url: str) -> None:
    """The entities a page of events or mentions shows (places, participants, the entity of
    each mention) and the events' articles come in one query each, not one a row."""
    url = url.format(germany=entity(client, "germany")["id"])
    used = {}
    with statements_sent(connection) as statements:
        for size in (1, 100):
            statements.clear()
            page = client.get(f"{url}{'&' if '?' in url else '?'}page_size={size}").json
            used[size] = len(statements)
    assert len(page) > 3
    shown = [e["entity"]["id"] for e in page if "entity" in e] + [
        p["entity"]["id"] for e in page for p in e.get("participants", [])]
    assert len(set(shown)) > 1
    assert used[1] == used[100], used


def test_filters_on_events_of_our_own(client: FlaskClient, writer: dict[str, str]) -> None:
    mali, niger, russia = (entity(client, s) for s in ("mali", "niger", "russia"))
    article = client.get("/api/v1/articles?language=de").json[0]
    start = article["body"].index("Russland") if "Russland" in article["body"] else 0
    planned = _post(client, writer, kind="visit", modality="planned", title="Visit to Niamey",
                    occurred_on="2031-02-03", date_precision="day", location_id=niger["id"],
                    participants=[{"entity_id": russia["id"]},
                                  {"entity_id": mali["id"], "role": "target"}],
                    evidence=[{"article_id": article["id"], "char_start": start,
                               "char_end": start + 8}])
    assert planned["article_ids"] == [article["id"]]
    evidence = client.get(f"{API}/{planned['id']}/evidence").json
    assert evidence[0]["text"] == article["body"][start:start + 8]

    def ids(query: str) -> set[int]:
        response = client.get(f"{API}?{query}&page_size=100")
        assert response.status_code == 200, response.json
        return {e["id"] for e in response.json}

    assert planned["id"] in ids("modality=planned&kind=visit")
    assert planned["id"] not in ids("modality=occurred")
    assert planned["id"] in ids(f"entity=russia&entity={mali['id']}")
    assert planned["id"] in ids("location=niger") and planned["id"] in ids("country=NE")
    assert planned["id"] not in ids("location=mali")
    assert planned["id"] in ids("date_from=2031-02-03&date_to=2031-02-03")
    assert planned["id"] not in ids("date_from=2031-02-04")
    assert planned["id"] in ids(f"article={article['id']}")
    assert planned["id"] in ids("updated_since=2000-01-01T00:00:00Z")
    assert client.get(f"{API}?entity=nobody-at-all").status_code == 422
    assert client.get(f"{API}?modality=maybe").status_code == 422
    dates = [e["occurred_on"] for e in client.get(f"{API}?sort=occurred_on&page_size=100").json
             if e["occurred_on"]]
    assert dates == sorted(dates)


def test_create_validates(client: FlaskClient, writer: dict[str, str]) -> None:
    for bad in ({"kind": "party", "title": "x"}, {"title": "no kind"},
                {"kind": "meeting", "title": "x", "confidence": 2},
                {"kind": "meeting", "title": "x", "participants": [{"entity_id": 999999}]},
                {"kind": "meeting", "title": "x", "location_id": 999999},
                {"kind": "meeting", "title": "x", "evidence": [
                    {"article_id": 1, "char_start": 5, "char_end": 2}]},
                {"kind": "meeting", "title": "x", "evidence": [
                    {"article_id": 1, "char_start": 0, "char_end": 9_999_999}]},
                {"kind": "meeting", "title": "x", "evidence": [
                    {"article_id": 999999, "char_start": 0, "char_end": 1}]}):
        response = client.post(API, json=bad, headers=writer)
        assert response.status_code == 422, (bad, response.json)
        assert response.json["errors"], bad
    assert client.post(API, json={"kind": "meeting", "title": "x"}).status_code == 401


def test_patch_replaces_participants_and_delete(client: FlaskClient,
                                                writer: dict[str, str]) -> None:
    mali, france = entity(client, "mali"), entity(client, "france")
    event = _post(client, writer, participants=[{"entity_id": mali["id"]}])
    url = f"{API}/{event['id']}"
    etag = client.get(url).headers["ETag"]
    patched = client.patch(url, headers={**writer, "If-Match": etag}, json={
        "modality": "cancelled", "participants": [{"entity_id": france["id"], "role": "target"}]})
    assert patched.status_code == 200, patched.json
    assert patched.json["modality"] == "cancelled"
    assert [(p["entity"]["slug"], p["role"]) for p in patched.json["participants"]] == [
        ("france", "target")]
    assert patched.json["version"] > event["version"]
    assert client.patch(url, json={"title": "y"},
                        headers={**writer, "If-Match": etag}).status_code == 412
    assert client.patch(url, json={"kind": "party"}, headers=writer).status_code == 422
    assert client.delete(url, headers=writer).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/evidence").status_code == 404
    assert client.delete(url, headers=writer).status_code == 404


def test_mentions_list_add_and_remove(client: FlaskClient, writer: dict[str, str],
                                      session: Session) -> None:
    niamey = entity(client, "niamey")
    listed = client.get("/api/v1/mentions?entity=niamey&page_size=100").json
    assert listed and {m["entity"]["id"] for m in listed} == {niamey["id"]}
    article = client.get(f"/api/v1/articles/{listed[0]['article_id']}").json
    word = "Bundeswehr" if "Bundeswehr" in article["body"] else article["body"].split()[0]
    start = article["body"].index(word)
    added = client.post("/api/v1/mentions", headers=writer, json={
        "article_id": article["id"], "entity_id": niamey["id"], "char_start": start,
        "char_end": start + len(word)})
    assert added.status_code == 201, added.json
    assert added.json["method"] == "manual" and added.json["text"] == word
    assert client.post("/api/v1/mentions", headers=writer, json={
        "article_id": article["id"], "entity_id": niamey["id"], "char_start": start,
        "char_end": start + len(word)}).status_code == 409
    assert client.post("/api/v1/mentions", headers=writer, json={
        "article_id": article["id"], "entity_id": niamey["id"], "char_start": 0,
        "char_end": len(article["body"]) + 1}).status_code == 422
    manual = client.get(f"/api/v1/mentions?article={article['id']}&method=manual").json
    assert [m["id"] for m in manual] == [added.json["id"]]
    url = f"/api/v1/mentions/{listed[0]['id']}"
    assert client.get(url).json == listed[0]
    assert client.delete(url, headers=writer).status_code == 204
    assert client.get(url).status_code == 404
    assert session.scalar(select(MentionSuppression.text).where(
        MentionSuppression.article_id == article["id"],
        MentionSuppression.char_start == listed[0]["char_start"])) == "Niamey"
    assert client.get("/api/v1/mentions?article=0").status_code == 422
