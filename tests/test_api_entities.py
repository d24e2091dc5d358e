"""/api/v1/entities: lists, one entity, relations, curation (PATCH, aliases, DELETE) and merges
with exactly the semantics of DESIGN.md §8."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdb.models import Entity, EntityAlias, EventParticipant, Mention, MentionSuppression
from tests.test_auth import bearer

API = "/api/v1/entities"


@pytest.fixture()
def admin(session: Session) -> dict[str, str]:
    return bearer(session, "admin")


def entity(client: FlaskClient, slug: str) -> dict[str, Any]:
    """Return the entity with ``slug`` (a knowledge-base entity of the seeds)."""
    found = [e for e in client.get(f"{API}?q={slug}&page_size=100").json if e["slug"] == slug]
    assert found, f"no entity {slug}"
    return found[0]


def create(client: FlaskClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = client.post(API, json={"kind": "organization", **fields}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


# --- reading -----------------------------------------------------------------------------------
def test_list_filters_and_hides_nothing_live(client: FlaskClient) -> None:
    listed = client.get(f"{API}?page_size=100")
    assert listed.status_code == 200
    counts = [e["mention_count"] for e in listed.json]
    assert counts == sorted(counts, reverse=True)  # default sort: most mentioned first
    assert json.loads(listed.headers["X-Pagination"])["total"] >= len(listed.json)
    assert all(e["kind"] == "person" for e in client.get(f"{API}?kind=person").json)
    assert {e["slug"] for e in client.get(f"{API}?q=sévaré").json} >= {"sevare"}
    assert {e["slug"] for e in client.get(f"{API}?q=RUSSLAND").json} == {"russia"}
    assert all(e["country_code"] == "ML" for e in client.get(f"{API}?country=ml").json)
    frequent = client.get(f"{API}?min_mentions=5&page_size=100").json
    assert frequent and all(e["mention_count"] >= 5 for e in frequent)
    names = [e["name"] for e in client.get(f"{API}?sort=name&page_size=100").json]
    assert names == sorted(names)
    assert client.get(f"{API}?updated_since=2999-01-01T00:00:00Z").json == []
    for bad in ("kind=animal", "min_mentions=-1", "sort=colour", "country=DEU", "page_size=0"):
        assert client.get(f"{API}?{bad}").status_code == 422, bad


def test_get_one_with_aliases_and_etag(client: FlaskClient) -> None:
    russia = entity(client, "russia")
    response = client.get(f"{API}/{russia['id']}")
    assert response.status_code == 200
    assert {"russia", "russland"} <= {a["normalized"] for a in response.json["aliases"]}
    assert response.json["article_count"] == 3
    assert client.get(f"{API}/{russia['id']}",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get(f"{API}/999999").status_code == 404
    assert client.get(f"{API}/0").status_code == 404


def test_articles_of_an_entity(client: FlaskClient) -> None:
    minusma = entity(client, "minusma")
    english = client.get(f"{API}/{minusma['id']}/articles").json
    assert sorted(a["language"] for a in english) == ["en", "en"]
    for slug in ("russia", "germany"):
        found = client.get(f"{API}/{entity(client, slug)['id']}/articles").json
        assert sorted(a["language"] for a in found) == ["de", "en", "en"], slug
    assert client.get(f"{API}/999999/articles").status_code == 404


def test_related_entities_ranked_by_shared_articles(client: FlaskClient) -> None:
    mali = entity(client, "mali")
    related = client.get(f"{API}/{mali['id']}/related?page_size=100")
    assert related.status_code == 200
    shared = [e["shared_articles"] for e in related.json]
    assert shared == sorted(shared, reverse=True) and shared[0] == 3
    assert {"russia", "germany"} <= {e["slug"] for e in related.json if e["shared_articles"] == 3}
    assert mali["id"] not in {e["id"] for e in related.json}
    people = client.get(f"{API}/{mali['id']}/related?kind=person&page_size=100").json
    assert people and all(e["kind"] == "person" for e in people)
    assert client.get(f"{API}/{mali['id']}/related?min_shared=3&page_size=100").json == [
        e for e in related.json if e["shared_articles"] >= 3]


def test_timeline_and_events_of_an_entity(client: FlaskClient) -> None:
    germany = entity(client, "germany")
    timeline = client.get(f"{API}/{germany['id']}/timeline?page_size=100").json
    dated = [e["date"] for e in timeline if e["date"]]
    assert dated == sorted(dated)
    assert {e["type"] for e in timeline} >= {"article"}
    assert sum(e["type"] == "article" for e in timeline) == 3
    backwards = client.get(f"{API}/{germany['id']}/timeline?sort=-date&page_size=100").json
    assert [e["date"] for e in backwards if e["date"]] == sorted(dated, reverse=True)
    events = client.get(f"{API}/{germany['id']}/events?page_size=100").json
    for event in events:
        assert germany["id"] in {p["entity"]["id"] for p in event["participants"]}


# --- curation ----------------------------------------------------------------------------------
def test_create_patch_and_delete_an_entity(client: FlaskClient, admin: dict[str, str],
                                           session: Session) -> None:
    made = create(client, admin, name="Alliance des États du Sahel", aliases=["AES"],
                  wikidata_id="Q123456789", country_code="ML")
    assert made["slug"] == "alliance-des-etats-du-sahel"
    url = f"{API}/{made['id']}"
    assert {a["alias"] for a in made["aliases"]} == {"Alliance des États du Sahel", "AES"}
    assert client.post(API, json={"kind": "organization", "name": "Other", "slug": made["slug"]},
                       headers=admin).status_code == 409
    assert client.post(API, json={"kind": "organization", "name": "Other",
                                  "wikidata_id": "Q123456789"}, headers=admin).status_code == 409
    for bad in ({"kind": "animal", "name": "X"}, {"kind": "person"}, {"kind": "person",
                "name": "X", "wikidata_id": "123"}, {"kind": "person", "name": "X",
                "latitude": 91.0}, {"kind": "person", "name": "X", "latitude": "1.5"},
                {"kind": "person", "name": "!!!"}, {"kind": "person", "name": "X", "slug": "12"}):
        assert client.post(API, json=bad, headers=admin).status_code == 422, bad
    etag = client.get(url).headers["ETag"]
    patched = client.patch(url, json={"name": "Alliance of Sahel States", "latitude": 12.6},
                           headers={**admin, "If-Match": etag})
    assert patched.status_code == 200 and patched.json["version"] == made["version"] + 1
    assert "alliance of sahel states" in {a["normalized"] for a in patched.json["aliases"]}
    assert client.patch(url, json={"name": "Y"},
                        headers={**admin, "If-Match": etag}).status_code == 412
    assert client.delete(url, headers=admin).status_code == 204
    assert client.get(url).status_code == 404


def test_deleting_an_entity_suppresses_its_mentions(client: FlaskClient, admin: dict[str, str],
                                                    session: Session) -> None:
    wunstorf = entity(client, "wunstorf")
    assert client.delete(f"{API}/{wunstorf['id']}", headers=bearer(session, "write")
                         ).status_code == 403
    assert client.delete(f"{API}/{wunstorf['id']}", headers=admin).status_code == 204
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Mention)
                          .where(Mention.entity_id == wunstorf["id"])) == 0
    assert session.scalar(select(func.count()).select_from(MentionSuppression)
                          .where(MentionSuppression.text == "Wunstorf")) >= 1


def test_aliases(client: FlaskClient, admin: dict[str, str]) -> None:
    made = create(client, admin, name="Economic Community of West African States")
    url = f"{API}/{made['id']}/aliases"
    added = client.post(url, json={"alias": "ECOWAS", "language": "en"}, headers=admin)
    assert added.status_code == 201 and added.json["normalized"] == "ecowas"
    assert added.headers["Location"] == f"{url}/{added.json['id']}"
    assert client.post(url, json={"alias": "Ecowas"}, headers=admin).status_code == 409
    assert client.post(url, json={"alias": "CEDEAO", "language": "french"},
                       headers=admin).status_code == 422
    listed = client.get(url).json
    assert [a["alias"] for a in listed] == ["Economic Community of West African States", "ECOWAS"]
    assert client.delete(f"{url}/{added.json['id']}", headers=admin).status_code == 204
    assert client.delete(f"{url}/{added.json['id']}", headers=admin).status_code == 404
    assert client.get(f"{API}?q=ecowas").json == []


# --- merges ------------------------------------------------------------------------------------
def _mention(client: FlaskClient, headers: dict[str, str], article: dict[str, Any],
             entity_id: int, word: str) -> None:
    start = article["body"].index(word)
    response = client.post("/api/v1/mentions", headers=headers, json={
        "article_id": article["id"], "entity_id": entity_id, "char_start": start,
        "char_end": start + len(word)})
    assert response.status_code == 201, response.json


def _event(client: FlaskClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/events", json={"kind": "meeting", "title": "Talks",
                                                   **fields}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_merge_moves_everything_and_deduplicates(client: FlaskClient, admin: dict[str, str],
                                                 session: Session) -> None:
    german = client.get("/api/v1/articles?language=de").json[0]
    survivor = create(client, admin, name="Forces armées maliennes", aliases=["FAMa"])
    twin = create(client, admin, name="Malian Armed Forces", aliases=["fama", "Malian army"],
                  wikidata_id="Q987654321")
    _mention(client, admin, german, twin["id"], "Streitkräfte")
    shared = _event(client, admin, participants=[{"entity_id": survivor["id"]},
                                                 {"entity_id": twin["id"]}])
    placed = _event(client, admin, location_id=twin["id"],
                    participants=[{"entity_id": twin["id"], "role": "target"}])

    merged = client.post(f"{API}/{survivor['id']}/merge", json={"ids": [twin["id"]]},
                         headers=admin)
    assert merged.status_code == 200, merged.json
    assert merged.json["wikidata_id"] == "Q987654321"  # the survivor had none
    assert merged.json["mention_count"] == 1
    normalized = [a["normalized"] for a in merged.json["aliases"]]
    assert sorted(normalized) == sorted(set(normalized))
    assert {"fama", "malian armed forces", "malian army"} <= set(normalized)

    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Mention)
                          .where(Mention.entity_id == twin["id"])) == 0
    assert session.scalar(select(func.count()).select_from(EntityAlias)
                          .where(EntityAlias.entity_id == twin["id"])) == 0
    roles = session.execute(select(EventParticipant.event_id, EventParticipant.entity_id)
                            .where(EventParticipant.event_id == shared["id"])).all()
    assert roles == [(shared["id"], survivor["id"])]
    after = client.get(f"/api/v1/events/{placed['id']}").json
    assert after["location"]["id"] == survivor["id"]
    assert after["participants"][0]["entity"]["id"] == survivor["id"]


def test_merged_ids_redirect_conflict_and_follow(client: FlaskClient,
                                                 admin: dict[str, str]) -> None:
    first = create(client, admin, name="Wagner Group PMC")
    second = create(client, admin, name="PMC Wagner")
    third = create(client, admin, name="Africa Corps")
    assert client.post(f"{API}/{second['id']}/merge", json={"ids": [first["id"]]},
                       headers=admin).status_code == 200
    # A chain: first → second → third collapses to third.
    assert client.post(f"{API}/{third['id']}/merge", json={"ids": [second["id"]]},
                       headers=admin).status_code == 200
    for merged in (first, second):
        got = client.get(f"{API}/{merged['id']}/related?page_size=5")
        assert got.status_code == 308
        assert got.headers["Location"] == f"{API}/{third['id']}/related?page_size=5"
        assert got.json["errors"] == {"survivor_id": third["id"]}
        assert client.head(f"{API}/{merged['id']}").status_code == 308
        write = client.patch(f"{API}/{merged['id']}", json={"description": "x"}, headers=admin)
        assert write.status_code == 409 and write.json["errors"] == {"survivor_id": third["id"]}
        assert client.post(f"{API}/{merged['id']}/aliases", json={"alias": "Z"},
                           headers=admin).status_code == 409
    assert client.get(f"{API}/{first['id']}", follow_redirects=True).json["id"] == third["id"]
    listed = {e["id"] for e in client.get(f"{API}?q=wagner&page_size=100").json}
    assert third["id"] in listed and not listed & {first["id"], second["id"]}
    # Filters naming a merged id use the survivor.
    for url in (f"/api/v1/articles?entity={first['id']}", f"/api/v1/events?entity={first['id']}",
                f"/api/v1/mentions?entity={first['id']}", f"/api/v1/graph?entity={first['id']}"):
        assert client.get(url).status_code == 200, url
    graph = client.get(f"/api/v1/graph?entity={first['id']}").json
    assert graph["nodes"][0]["id"] == third["id"]


def test_merge_errors(client: FlaskClient, admin: dict[str, str], session: Session) -> None:
    one = create(client, admin, name="Entity One")
    url = f"{API}/{one['id']}/merge"
    assert client.post(url, json={"ids": [one["id"]]}, headers=admin).status_code == 422
    assert client.post(url, json={"ids": [999999]}, headers=admin).status_code == 404
    assert client.post(url, json={"ids": []}, headers=admin).status_code == 422
    assert client.post(url, json={"ids": ["2"]}, headers=admin).status_code == 422
    assert client.post(url, json={}, headers=admin).status_code == 422
    assert client.post(f"{API}/999999/merge", json={"ids": [one["id"]]},
                       headers=admin).status_code == 404
    assert client.post(url, json={"ids": [1]}, headers=bearer(session, "write")
                       ).status_code == 403
    with_wikidata = create(client, admin, name="Entity Two", wikidata_id="Q555")
    kept = create(client, admin, name="Entity Three", wikidata_id="Q777")
    merged = client.post(f"{API}/{kept['id']}/merge", json={"ids": [with_wikidata["id"]]},
                         headers=admin).json
    assert merged["wikidata_id"] == "Q777"  # the survivor keeps its own
    assert client.post(f"{API}/{kept['id']}/merge", json={"ids": [with_wikidata["id"]]},
                       headers=admin).status_code == 200  # already folded: nothing to do
    assert session.scalar(select(Entity.merged_into_id).where(
        Entity.id == with_wikidata["id"])) == kept["id"]
