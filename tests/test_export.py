"""`newsdb export` and its restore (§9): typed NDJSON records, every table but tokens and import
runs; restored into an empty database, ids and relations kept, and exported again the same."""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from newsdb.cli import cli
from newsdb.db import make_engine, session_scope
from newsdb.errors import Conflict
from newsdb.models import (
    ApiToken,
    Article,
    Entity,
    EntityAlias,
    Event,
    EventEvidence,
    EventParticipant,
    ImportRun,
    Mention,
    MentionSuppression,
    QualityFlag,
    Source,
)
from newsdb.schema import upgrade
from newsdb.services.export import (
    DumpError,
    export_dump,
    export_to_file,
    is_export_dump,
    restore_dump,
)

TABLES = ["sources", "articles", "article_agencies", "quality_flags", "entities",
          "entity_aliases", "mentions", "mention_suppressions", "events", "event_participants",
          "event_evidence"]


def _dump(engine: Engine) -> str:
    out = io.StringIO()
    export_dump(engine, out)
    return out.getvalue()


def _records(dump: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in dump.splitlines()]


@contextmanager
def scratch_postgres(url: str) -> Iterator[str]:
    """Yield the URL of a new, empty PostgreSQL database beside ``url``'s; drop it after."""
    name = f"newsdb_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture()
def target_url(tmp_path: Path, database_url: str) -> Iterator[str]:
    """An empty, migrated database of the session's dialect to restore into."""
    if database_url.startswith("postgresql"):
        with scratch_postgres(database_url) as url:
            upgrade(url)
            yield url
    else:
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        upgrade(url)
        yield url


@pytest.fixture()
def target(target_url: str) -> Iterator[Engine]:
    engine = make_engine(target_url)
    yield engine
    engine.dispose()


# --- the round trip --------------------------------------------------------------------------
def test_export_restore_export_gives_the_same_records(engine: Engine, target: Engine,
                                                      tmp_path: Path) -> None:
    first = _dump(engine)
    path = tmp_path / "dump.ndjson"
    path.write_text(first, encoding="utf-8")
    summary = restore_dump(target, path)
    second = _dump(target)
    assert second == first
    records = _records(first)
    assert records[0] == {"type": "newsdb-export", "version": 1, "tables": TABLES}
    assert summary.total == len(records) - 1
    types = [record["type"] for record in records[1:]]
    assert types == sorted(types, key=TABLES.index), "tables in dependency order"
    assert {"api_tokens", "import_runs"}.isdisjoint(types)
    assert summary.counts["articles"] == 3 and summary.counts["mentions"] > 0


def test_entity_counts_are_counted_again_not_restored(engine: Engine, target: Engine,
                                                     tmp_path: Path) -> None:
    """The counts the database keeps are not in a dump; a dump that has them (written by hand)
    restores with the counts of its mentions, not its own."""
    from tests.test_entity_counts import assert_counts_true

    records = _records(_dump(engine))
    entities = [r for r in records if r["type"] == "entities"]
    assert entities and not any("mention_count" in r or "article_count" in r for r in entities)
    for record in entities:
        record.update(mention_count=999, article_count=999)
    path = tmp_path / "dump.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    restore_dump(target, path)
    with target.connect() as connection:
        assert_counts_true(connection)
        assert connection.scalar(select(func.max(Entity.mention_count))) > 0
    with engine.connect() as connection:
        source_counts = connection.execute(
            select(Entity.id, Entity.mention_count, Entity.article_count).order_by(Entity.id)).all()
    with target.connect() as connection:
        assert connection.execute(select(Entity.id, Entity.mention_count, Entity.article_count)
                                  .order_by(Entity.id)).all() == source_counts


def test_a_dump_holds_typed_records_with_every_column(engine: Engine) -> None:
    records = _records(_dump(engine))
    article = next(r for r in records if r["type"] == "articles" and r["published_at"])
    assert set(article) == {"type", *Article.__table__.columns.keys()}
    assert article["published_at"] == "2023-12-15"
    assert str(article["created_at"]).endswith("+00:00")
    ids = [r["id"] for r in records if r["type"] == "mentions"]
    assert ids == sorted(ids)


def test_restore_keeps_ids_relations_and_full_text(engine: Engine, target: Engine,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "dump.ndjson"
    path.write_text(_dump(engine), encoding="utf-8")
    restore_dump(target, path)
    query = select(Mention.id, Mention.article_id, Entity.name, Mention.text).join(
        Entity, Entity.id == Mention.entity_id).order_by(Mention.id)
    with Session(engine) as source, Session(target) as restored:
        assert restored.execute(query).all() == source.execute(query).all()
    if target.dialect.name == "sqlite":
        with target.connect() as connection:
            hits = connection.exec_driver_sql(
                "SELECT a.language FROM articles_fts JOIN articles AS a "
                "ON a.id = articles_fts.rowid WHERE articles_fts MATCH 'sevare'").all()
        assert hits == [("de",)]


def _world(engine: Engine) -> None:
    """Rows whose references point forwards: a merge into a later entity, a duplicate of a later
    article, a suppression, an alias, an event with everything."""
    with session_scope(engine, write=True) as session:
        wire = Source(name="Wire", kind="agency")
        session.add(wire)
        session.flush()
        copy = Article(title="Copy", body="Bamako.", raw_text="Bamako.", content_hash="c" * 64,
                       language="en", source_id=wire.id)
        session.add(copy)
        session.flush()
        first = Article(title="First", body="Bamako.", raw_text="Bamako.",
                        content_hash="c" * 64, language="en", published_at=date(2024, 1, 2))
        session.add(first)
        session.flush()
        copy.duplicate_of_id = first.id
        duplicate = Entity(kind="location", name="Bamako City", slug="bamako-city")
        session.add(duplicate)
        session.flush()
        city = Entity(kind="location", name="Bamako", slug="bamako", country_code="ML",
                      latitude=12.6392, longitude=-8.0029, wikidata_id="Q3703")
        session.add(city)
        session.flush()
        duplicate.merged_into_id = city.id
        session.add_all([
            EntityAlias(entity_id=city.id, alias="Bamako", normalized="bamako", language="fr"),
            Mention(article_id=first.id, entity_id=city.id, char_start=0, char_end=6,
                    text="Bamako", sentence=0, confidence=0.875, method="kb"),
            MentionSuppression(article_id=copy.id, char_start=0, char_end=6, text="Bamako"),
            QualityFlag(article_id=copy.id, code="missing_date", message="No date",
                        field="raw_text"),
        ])
        event = Event(kind="protest", modality="planned", title="Protest in Bamako",
                      occurred_on=date(2024, 1, 5), date_precision="week", location_id=city.id,
                      confidence=0.5)
        session.add(event)
        session.flush()
        session.add_all([
            EventParticipant(event_id=event.id, entity_id=city.id, role="other"),
            EventEvidence(event_id=event.id, article_id=first.id, char_start=0, char_end=7,
                          text="Bamako.", date_text="next Friday"),
            ApiToken(name="secret", token_hash="f" * 64, scopes="admin"),
            ImportRun(origin="cli", input="x", errors=[], status="completed"),
        ])


def test_forward_references_merges_and_duplicates_survive(fresh_engine: Engine,
                                                          tmp_path: Path) -> None:
    _world(fresh_engine)
    first = _dump(fresh_engine)
    path = tmp_path / "world.ndjson"
    path.write_text(first, encoding="utf-8")
    copy_url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    upgrade(copy_url)
    restored = make_engine(copy_url)
    summary = restore_dump(restored, path)
    assert summary.describe() == ("1 sources, 2 articles, 1 quality_flags, 2 entities, "
                                  "1 entity_aliases, 1 mentions, 1 mention_suppressions, "
                                  "1 events, 1 event_participants, 1 event_evidence")
    assert _dump(restored) == first
    with Session(restored) as session:
        merged = session.scalar(select(Entity).where(Entity.slug == "bamako-city"))
        assert merged is not None and merged.merged_into_id == session.scalar(
            select(Entity.id).where(Entity.slug == "bamako"))
        copy = session.scalar(select(Article).where(Article.title == "Copy"))
        assert copy is not None and copy.duplicate_of_id is not None
        assert session.get(Article, copy.duplicate_of_id).title == "First"  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
        assert session.scalar(select(func.count()).select_from(ImportRun)) == 0
        # New rows get fresh ids after the restored ones.
        session.add(Source(name="Later", kind="publisher"))
        session.flush()
        assert session.scalar(select(Source.id).where(Source.name == "Later")) == 2
    restored.dispose()


def test_postgres_sequences_move_past_the_restored_ids(engine: Engine, target: Engine,
                                                       tmp_path: Path) -> None:
    if target.dialect.name != "postgresql":
        pytest.skip("PostgreSQL sequences")
    path = tmp_path / "dump.ndjson"
    path.write_text(_dump(engine), encoding="utf-8")
    restore_dump(target, path)
    with session_scope(target, write=True) as session:
        highest = session.scalar(select(func.max(Entity.id)))
        entity = Entity(kind="other", name="After the restore", slug="after-the-restore")
        session.add(entity)
        session.flush()
        assert entity.id == (highest or 0) + 1


# --- refusals --------------------------------------------------------------------------------
def test_restore_into_a_database_with_data_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "dump.ndjson"
    path.write_text(_dump(engine), encoding="utf-8")
    with pytest.raises(Conflict, match="cannot restore into a database that holds data"):
        restore_dump(engine, path)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 3


@pytest.mark.parametrize(("lines", "message"), [
    (['{"type": "articles", "id": 1}'], "is not a newsdb export"),
    (['{"type": "newsdb-export", "version": 2}'], "is a version 2 export"),
    (['{"type": "newsdb-export", "version": 1}', "not json"], ":2: not a JSON record"),
    (['{"type": "newsdb-export", "version": 1}', '{"type": "secrets", "id": 1}'],
     "unknown record type 'secrets'"),
    (['{"type": "newsdb-export", "version": 1}', '{"type": "sources", "id": 1, "colour": 1}'],
     "sources has no column 'colour'"),
    (['{"type": "newsdb-export", "version": 1}', '{"type": "sources", "name": "x"}'],
     "needs an integer id"),
    (['{"type": "newsdb-export", "version": 1}', '{"type": "sources", "id": 99999999999999999999'
      '999, "name": "x", "kind": "publisher"}'],
     "sources.id is out of range"),
    (['{"type": "newsdb-export", "version": 1}',  # fits SQLite, not PostgreSQL's INTEGER
      '{"type": "sources", "id": 2147483648, "name": "x", "kind": "publisher"}'],
     "sources.id is out of range: 2147483648"),
    (['{"type": "newsdb-export", "version": 1}',
      '{"type": "sources", "id": 1, "name": ["x"], "kind": "publisher"}'],
     "sources.name must be a single value, not list"),
    (['{"type": "newsdb-export", "version": 1}',
      '{"type": "articles", "id": 1, "body": "b", "raw_text": "b", "content_hash": "h", '
      '"word_count": 1, "published_at": "yesterday"}'],
     "articles.published_at is not an ISO date"),
    (['{"type": "newsdb-export", "version": 1}',
      '{"type": "mentions", "id": 1, "article_id": 7, "entity_id": 9, "char_start": 0, '
      '"char_end": 1, "text": "x", "confidence": 1, "method": "kb", '
      '"created_at": "2024-01-01T00:00:00+00:00"}'],
     "records do not fit together"),
    (['{"type": "newsdb-export", "version": 1}',
      '{"type": "entities", "id": 1, "kind": "person", "name": "A", "slug": "a", '
      '"created_at": "2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00", '
      '"version": 1}',
      '{"type": "sources", "id": 1, "name": "S", "kind": "publisher", '
      '"created_at": "2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00", '
      '"version": 1}'],
     "sources records come after entities records"),
])
def test_malformed_dumps_are_refused_and_change_nothing(fresh_engine: Engine, tmp_path: Path,
                                                        lines: list[str], message: str) -> None:
    path = tmp_path / "bad.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DumpError, match=message):
        restore_dump(fresh_engine, path)
    with Session(fresh_engine) as session:
        for model in (Source, Article, Entity, Mention):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_export_dumps_are_recognized(engine: Engine, tmp_path: Path) -> None:
    dump = tmp_path / "dump.ndjson"
    export_to_file(engine, dump)
    assert is_export_dump(dump)
    assert not (tmp_path / "dump.ndjson.partial").exists()
    articles = tmp_path / "articles.ndjson"
    articles.write_text('{"title": "T", "body": "An article."}\n', encoding="utf-8")
    text_file = tmp_path / "article.txt"
    text_file.write_text("Bamako, 3 May (AFP) - A story.\n", encoding="utf-8")
    binary = tmp_path / "image.ndjson"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for path in (articles, text_file, binary, tmp_path / "missing.ndjson"):
        assert not is_export_dump(path), path


# --- the command line ------------------------------------------------------------------------
def test_cli_export_writes_a_file_or_stdout(database_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "newsdb.ndjson"
    written = runner.invoke(cli, ["--database-url", database_url, "export", "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert written.stderr.startswith(f"Exported {len(out.read_text().splitlines()) - 1} "
                                     f"record(s) to {out}: ")
    assert "3 articles" in written.stderr
    printed = runner.invoke(cli, ["--database-url", database_url, "export"])
    assert printed.exit_code == 0
    assert printed.stdout == out.read_text(encoding="utf-8")


def test_cli_import_restores_a_dump(database_url: str, runner: CliRunner, fresh_url: str,
                                    tmp_path: Path) -> None:
    import inspect as python_inspect

    import newsdb.cli

    if "is_export_dump" not in python_inspect.getsource(newsdb.cli):
        pytest.skip("the import command does not restore dumps yet")
    dump = tmp_path / "dump.ndjson"
    assert CliRunner().invoke(cli, ["--database-url", database_url, "export", "--out",
                                    str(dump)]).exit_code == 0
    restored = runner.invoke(cli, ["import", str(dump)])
    assert restored.exit_code == 0, restored.output
    again = runner.invoke(cli, ["export"])
    assert again.stdout == dump.read_text(encoding="utf-8")
    refused = runner.invoke(cli, ["import", str(dump)])
    assert refused.exit_code == 1
    assert "cannot restore into a database that holds data" in refused.stderr
    engine = make_engine(fresh_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar() == 3
    engine.dispose()


def test_a_failed_export_leaves_no_file_behind(fresh_engine: Engine, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(_engine: Engine, out: io.TextIOBase) -> None:
        out.write("half a dump")
        raise OSError("disk full")

    monkeypatch.setattr("newsdb.services.export.export_dump", broken)
    with pytest.raises(OSError, match="disk full"):
        export_to_file(fresh_engine, folder / "dump.ndjson")
    assert os.listdir(folder) == []


def test_an_export_never_overwrites_the_database(tmp_path: Path) -> None:
    """--out naming the SQLite file being exported (or its journal, or a hard link to it) is
    refused, and the database is as it was; so is a folder that does not exist."""
    database = tmp_path / "live.sqlite3"
    url = f"sqlite:///{database}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--database-url", url, "seed"]).exit_code == 0
    os.link(database, tmp_path / "linked.sqlite3")
    (tmp_path / "sub").mkdir()
    for out in (database, tmp_path / "sub" / ".." / "live.sqlite3-wal",
                tmp_path / "linked.sqlite3"):
        result = runner.invoke(cli, ["--database-url", url, "export", "--out", str(out)])
        assert result.exit_code == 1
        assert result.stderr == (f"Error: {out} is the database being exported: write the "
                                 "dump to another file\n")
    missing = tmp_path / "no" / "dump.ndjson"
    result = runner.invoke(cli, ["--database-url", url, "export", "--out", str(missing)])
    assert result.exit_code == 1 and result.stderr == (
        f"Error: cannot write {missing}: no directory {missing.parent}\n")
    stats = runner.invoke(cli, ["--database-url", url, "stats"])
    assert stats.exit_code == 0 and "articles" in stats.stdout
