"""Entity counts kept by the database (``entities.mention_count``, ``article_count``): true after
every kind of write — imports, deletions, merges, curation, cascades and SQL typed by hand."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from newsdb.models import Entity, Mention
from tests.test_auth import bearer

RECOUNTED = text(
    "SELECT e.id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id), "
    "(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) "
    "FROM entities e ORDER BY e.id")


def assert_counts_true(connection: Session | Connection) -> None:
    stored = connection.execute(select(Entity.id, Entity.mention_count, Entity.article_count)
                                .order_by(Entity.id)).all()
    assert [tuple(row) for row in stored] == [tuple(row) for row in connection.execute(RECOUNTED)]


def _busiest(session: Session, count: int = 2) -> list[tuple[int, int]]:
    """(entity id, article id) of entities mentioned more than once in one article."""
    return [tuple(row) for row in session.execute(  # type: ignore[misc]
        select(Mention.entity_id, Mention.article_id)
        .group_by(Mention.entity_id, Mention.article_id).having(func.count() > 1)
        .order_by(func.count().desc(), Mention.entity_id).limit(count))]


def test_imported_seeds_are_counted(session: Session, client: FlaskClient) -> None:
    assert_counts_true(session)
    listed = client.get("/api/v1/entities?sort=-mentions&page_size=5").json
    assert listed[0]["mention_count"] > 1
    assert [e["mention_count"] for e in listed] == sorted(
        (e["mention_count"] for e in listed), reverse=True)
    for entity in listed:
        detail = client.get(f"/api/v1/entities/{entity['id']}").json
        assert {key: detail[key] for key in entity} == entity
    mentioned = client.get(f"/api/v1/entities?min_mentions={listed[0]['mention_count']}").json
    assert {e["id"] for e in mentioned} == {
        e["id"] for e in listed if e["mention_count"] == listed[0]["mention_count"]}


def test_curation_keeps_counts_true(session: Session, client: FlaskClient) -> None:
    admin = bearer(session, "admin")
    (entity_id, article_id), = _busiest(session, 1)
    article = client.get(f"/api/v1/articles/{article_id}").json
    other = client.post("/api/v1/entities", json={"name": "Zorvath Kiel", "kind": "person"},
                        headers=admin).json
    for word in ("the", "and"):  # two mentions of the new entity in one article
        start = article["body"].index(f" {word} ") + 1
        response = client.post("/api/v1/mentions", headers=admin, json={
            "article_id": article_id, "entity_id": other["id"], "char_start": start,
            "char_end": start + len(word)})
        assert response.status_code == 201, response.json
    assert_counts_true(session)
    fetched = client.get(f"/api/v1/entities/{other['id']}").json
    assert (fetched["mention_count"], fetched["article_count"]) == (2, 1)

    merged = client.post(f"/api/v1/entities/{entity_id}/merge", json={"ids": [other["id"]]},
                         headers=admin)
    assert merged.status_code == 200, merged.json
    assert_counts_true(session)
    mentions = client.get(f"/api/v1/mentions?entity={entity_id}&page_size=100").json
    assert merged.json["mention_count"] == len(mentions)

    assert client.delete(f"/api/v1/mentions/{mentions[0]['id']}",
                         headers=admin).status_code == 204
    assert_counts_true(session)
    assert client.delete(f"/api/v1/articles/{article_id}", headers=admin).status_code == 204
    assert_counts_true(session)
    assert client.delete(f"/api/v1/entities/{entity_id}", headers=admin).status_code == 204
    assert_counts_true(session)


def test_sql_typed_by_hand_keeps_counts_true(connection: Connection) -> None:
    """Several rows in one statement (PostgreSQL's row triggers see the statement's rows
    written before theirs), updates that move mentions, deletes by a cascade."""
    entity_id, article_id, other_article = connection.execute(text(
        "SELECT (SELECT min(id) FROM entities), (SELECT min(id) FROM articles), "
        "(SELECT max(id) FROM articles)")).one()
    fresh = connection.execute(text(
        "INSERT INTO entities (kind, name, slug, created_at, updated_at, version) "
        "VALUES ('person', 'Ilse Vornhagen', 'ilse-vornhagen', :now, :now, 1) RETURNING id"),
        {"now": "2026-12-02 00:00:00"}).scalar_one()
    rows: list[dict[str, Any]] = [
        {"a": article, "e": entity, "s": start}
        for article, entity, start in ((article_id, fresh, 0), (article_id, fresh, 5),
                                       (other_article, fresh, 9), (article_id, entity_id, 900))]
    values = ", ".join(f"(:a{n}, :e{n}, :s{n}, :s{n} + 3, 'Ilse', 1.0, 'manual', :now)"
                       for n in range(len(rows)))
    connection.execute(text(
        "INSERT INTO mentions (article_id, entity_id, char_start, char_end, text, confidence, "
        f"method, created_at) VALUES {values}"),
        {"now": "2026-12-02 00:00:00",
         **{f"{key}{n}": value for n, row in enumerate(rows) for key, value in row.items()}})
    assert connection.execute(select(Entity.mention_count, Entity.article_count)
                              .where(Entity.id == fresh)).one() == (3, 2)
    assert_counts_true(connection)
    connection.execute(text("UPDATE mentions SET article_id = :a WHERE entity_id = :e"),
                       {"a": other_article, "e": fresh})
    assert_counts_true(connection)
    connection.execute(text("UPDATE mentions SET entity_id = :to WHERE entity_id = :e"),
                       {"to": entity_id, "e": fresh})
    assert_counts_true(connection)
    connection.execute(text("DELETE FROM mentions WHERE article_id = :a AND char_start < 10"),
                       {"a": other_article})
    assert_counts_true(connection)
    connection.execute(text("DELETE FROM articles WHERE id = :a"), {"a": article_id})
    assert_counts_true(connection)
    connection.execute(text("DELETE FROM entities WHERE id = :e"), {"e": entity_id})
    assert_counts_true(connection)


def test_a_transaction_can_pause_counting_and_count_once(connection: Connection) -> None:
    """PostgreSQL: a transaction that writes many mentions of one entity (a merge, a restore)
    pauses the triggers and recounts what it touched; SQLite counts on throughout."""
    from newsdb.models.counts import counting_paused

    paused = connection.dialect.name == "postgresql"
    entity_id, article_id = connection.execute(text(
        "SELECT entity_id, article_id FROM mentions ORDER BY id LIMIT 1")).one()
    before = connection.execute(select(Entity.mention_count).where(Entity.id == entity_id))
    stored_before = before.scalar_one()
    with counting_paused(connection, {entity_id}):
        connection.execute(text(
            "INSERT INTO mentions (article_id, entity_id, char_start, char_end, text, "
            "confidence, method, created_at) VALUES (:a, :e, 0, 1, 'x', 1.0, 'manual', :now)"),
            {"a": article_id, "e": entity_id, "now": "2026-12-02 00:00:00"})
        stored = connection.execute(select(Entity.mention_count).where(Entity.id == entity_id))
        assert stored.scalar_one() == (stored_before if paused else stored_before + 1)
    assert_counts_true(connection)  # recounted on leaving the block
    connection.execute(text("DELETE FROM mentions WHERE entity_id = :e AND char_end = 1"),
                       {"e": entity_id})  # counted again after the block
    assert_counts_true(connection)
