"""An import commits its articles in batches, and every article stays atomic: a failure rolls
the batch back and stores its articles again one by one; what is reported is committed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from benchmarks.corpus import write_ndjson
from newsdb.db import make_engine
from newsdb.errors import InputError
from newsdb.pipeline.extract import extract_article
from newsdb.pipeline.read import ArticleInput, ReadResult, read_paths
from newsdb.schema import upgrade
from newsdb.services import imports
from newsdb.services.imports import ImportSummary, ItemResult, run_import
from newsdb.services.linking import alias_cache_for
from tests.test_import_pool import _dump  # every stored table, ids included


class Interrupted(BaseException):
    """Stands for Ctrl-C in the middle of an import."""


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> list[ReadResult]:
    path = tmp_path_factory.mktemp("corpus") / "corpus.ndjson"
    write_ndjson(path, 12)
    return list(read_paths([path]))


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "BATCH_ITEMS", 4)
    monkeypatch.setattr(imports, "BATCH_SECONDS", 3600.0)


def _engine(tmp_path: Path, name: str) -> Engine:
    url = f"sqlite:///{tmp_path / name}.sqlite3"
    upgrade(url)
    return make_engine(url)


def _import(engine: Engine, items: Iterable[ReadResult], **options: Any) -> ImportSummary:
    options.setdefault("after_store", extract_article)
    return run_import(engine, items, origin="cli", description="test", **options)


def _articles(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())


def test_input_errors_fail_alone_and_cost_the_batch_nothing(
        good: list[ReadResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = _engine(tmp_path, "clean")
    _import(clean, good)
    bad = [ArticleInput(raw_text="Some text here.", origin="bad-url", url="ftp://x"),
           ArticleInput(raw_text="   \n\n ", origin="blank")]
    items = [*good[:2], bad[0], *good[2:7], bad[1], *good[7:]]

    def no_rollback(*_args: Any) -> list[ItemResult]:
        raise AssertionError("an input error found before any write rolled a batch back")

    monkeypatch.setattr(imports._Batch, "_one_by_one", no_rollback)
    engine = _engine(tmp_path, "with-bad")
    summary = _import(engine, items)
    assert [r.origin for r in summary.results] == [i.origin for i in items]
    assert [r.status for r in summary.results] == [
        "failed" if i in bad else "created" for i in items]
    assert "not an http(s) URL" in (summary.results[2].reason or "")
    assert "no article text left" in (summary.results[8].reason or "")
    assert _dump(engine) == _dump(clean)


@pytest.mark.parametrize("error, reason", [
    (InputError("extraction failed"), "extraction failed"),
    # a defect (not an input or database error) costs its article only, the same way
    (ValueError("year 10000 is out of range"),
     "internal error: ValueError: year 10000 is out of range"),
])
def test_an_article_failing_after_it_wrote_fails_alone_and_its_batch_is_stored(
        good: list[ReadResult], tmp_path: Path, error: Exception, reason: str) -> None:
    doomed = good[5]
    clean = _engine(tmp_path, "clean")
    _import(clean, [item for item in good if item is not doomed])
    engine = _engine(tmp_path, "one-fails")
    assert isinstance(doomed, ArticleInput) and doomed.url

    def extract_or_fail(session: Session, article_id: int, *args: Any) -> bool:
        url = session.execute(text("SELECT url FROM articles WHERE id = :id"),
                              {"id": article_id}).scalar_one()
        if url == doomed.url:  # stored, then extraction fails: the batch must undo it
            raise error
        return extract_article(session, article_id, *args)

    bad_url = ArticleInput(raw_text="Some text here.", origin="bad-url", url="ftp://x")
    items = [*good[:5], bad_url, *good[5:]]  # in the batch the doomed article rolls back
    summary = _import(engine, items, after_store=extract_or_fail)
    assert [r.status for r in summary.results] == [
        "failed" if item in (doomed, bad_url) else "created" for item in items]
    assert "not an http(s) URL" in (summary.results[5].reason or "")
    assert summary.results[6].reason == reason
    assert _dump(engine) == _dump(clean)
    assert _run_status(engine, summary.run_id) == "completed_with_errors"


def _run_status(engine: Engine, run_id: int) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT status FROM import_runs WHERE id = :id"),
                                      {"id": run_id}).scalar_one())


def test_a_failed_commit_stores_the_batch_one_article_at_a_time(
        good: list[ReadResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = _engine(tmp_path, "clean")
    _import(clean, good)
    engine = _engine(tmp_path, "commit-fails")
    commits = {"n": 0}
    real_commit = Session.commit

    def commit(session: Session) -> None:
        commits["n"] += 1
        if commits["n"] == 2:  # the first is start_run's; the second the first batch's
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        real_commit(session)

    monkeypatch.setattr(Session, "commit", commit)
    summary = _import(engine, good)
    assert summary.created == len(good) and summary.failed == 0
    assert _dump(engine) == _dump(clean)
    with Session(engine) as session:  # the names cache holds stored names only
        cache = alias_cache_for(session)
        cache.refresh(session)
        stored = {row[0]: row[1] for row in session.execute(text(
            "SELECT a.normalized, min(a.entity_id) FROM entity_aliases a GROUP BY a.normalized"))}
        for name, entries in cache.by_name.items():
            assert entries[0][0] == stored[name]


def test_what_is_reported_is_committed(good: list[ReadResult], tmp_path: Path) -> None:
    engine = _engine(tmp_path, "reported")
    seen: list[int] = []

    def on_item(result: ItemResult) -> None:
        assert result.article_id is not None
        seen.append(result.article_id)
        with engine.connect() as other:  # another connection sees it: committed
            assert other.execute(text("SELECT count(*) FROM articles WHERE id = :id"),
                                 {"id": result.article_id}).scalar_one() == 1

    summary = _import(engine, good, on_item=on_item)
    assert seen == [r.article_id for r in summary.results] and len(seen) == len(good)


def test_an_interrupted_import_keeps_its_committed_batches(
        good: list[ReadResult], tmp_path: Path) -> None:
    clean = _engine(tmp_path, "clean")
    _import(clean, good)
    engine = _engine(tmp_path, "interrupted")
    stored: list[int] = []

    def extract_then_interrupt(session: Session, article_id: int, *args: Any) -> bool:
        stored.append(article_id)
        if len(stored) == 6:  # in the second batch of four
            raise Interrupted
        return extract_article(session, article_id, *args)

    with pytest.raises(Interrupted):
        _import(engine, good, after_store=extract_then_interrupt)
    assert _articles(engine) == 4
    assert _run_status(engine, 1) == "failed"  # it stopped before its last item
    again = _import(engine, good)
    assert (again.duplicates, again.created) == (4, len(good) - 4)
    assert _dump(engine) == _dump(clean)


def test_an_import_stopped_by_an_error_outside_any_item_is_recorded_as_failed(
        good: list[ReadResult], tmp_path: Path) -> None:
    engine = _engine(tmp_path, "stopped")

    def items() -> Iterable[ReadResult]:
        yield from good[:5]
        raise OSError("the input went away")

    with pytest.raises(OSError, match="went away"):
        _import(engine, items())
    assert _articles(engine) == 4  # the first batch was committed
    assert _run_status(engine, 1) == "failed"


def test_a_source_created_then_rolled_back_is_created_again(fresh_engine: Engine) -> None:
    from newsdb.models import Source
    from newsdb.pipeline.store import source_id_for

    with Session(fresh_engine) as session:
        assert source_id_for(session, "Kept Wire") == source_id_for(session, "Kept Wire")
        nested = session.begin_nested()
        gone = source_id_for(session, "Gone Wire")
        nested.rollback()
        assert session.get(Source, gone) is None
        again = source_id_for(session, "Gone Wire")
        source = session.get(Source, again)
        assert source is not None and source.name == "Gone Wire"
        closed = source_id_for(session, "Closed Wire")
        session.close()  # rolls the transaction back, Closed Wire with it
        assert session.get(Source, closed) is None
        reopened = session.get(Source, source_id_for(session, "Closed Wire"))
        assert reopened is not None and reopened.name == "Closed Wire"


# Without ids, which PostgreSQL's sequences do not hand out again after a rollback
_BY_CONTENT = {
    "articles": "SELECT url, title, extractor_version FROM articles",
    "entities": "SELECT kind, name, slug FROM entities",
    "mentions": "SELECT a.url, e.slug, m.char_start, m.char_end FROM mentions m "
                "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id",
    "evidence": "SELECT a.url, v.kind, v.occurred_on, x.char_start FROM event_evidence x "
                "JOIN articles a ON a.id = x.article_id JOIN events v ON v.id = x.event_id",
}


def _content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        # as text: a date is a string on SQLite, a date on PostgreSQL
        return {name: sorted(tuple("" if v is None else str(v) for v in row)
                              for row in connection.execute(text(sql)))
                for name, sql in _BY_CONTENT.items()}


def test_rolled_back_batches_on_the_suites_backend(
        good: list[ReadResult], tmp_path: Path, backend_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on PostgreSQL (when the suite runs there): an article failing after it wrote,
    then a failed commit, each roll a batch back; what is stored is what a clean import of
    the other articles stores."""
    doomed = good[5]
    assert isinstance(doomed, ArticleInput)
    clean = _engine(tmp_path, "clean")
    _import(clean, [item for item in good if item is not doomed])
    upgrade(backend_url)
    engine = make_engine(backend_url)
    commits = {"n": 0}
    real_commit = Session.commit

    def commit(session: Session) -> None:
        commits["n"] += 1
        if commits["n"] == 4:  # a batch's commit, after the rollback the doomed one caused
            raise OperationalError("COMMIT", {}, Exception("could not write"))
        real_commit(session)

    def extract_or_fail(session: Session, article_id: int, *args: Any) -> bool:
        url = session.execute(text("SELECT url FROM articles WHERE id = :id"),
                              {"id": article_id}).scalar_one()
        if url == doomed.url:
            raise InputError("extraction failed")
        return extract_article(session, article_id, *args)

    monkeypatch.setattr(Session, "commit", commit)
    try:
        summary = _import(engine, good, after_store=extract_or_fail)
        assert [r.status for r in summary.results] == [
            "failed" if item is doomed else "created" for item in good]
        assert _content(engine) == _content(clean)
    finally:
        engine.dispose()


@pytest.mark.parametrize("published", [date.min, date(1, 1, 7), date(9999, 12, 20), date.max])
def test_articles_dated_at_the_ends_of_the_calendar_are_imported(tmp_path: Path,
                                                                 published: date) -> None:
    """Relative dates ("in December", "next week", "earlier this year") read against a
    publication date in the year 1 or 9999 stay within the calendar."""
    texts = {
        "en": "In December, France withdrew from Mali. Earlier this year Russia sent troops "
              "to Mali. Next week, Germany will send soldiers to Gao on Monday.",
        "de": "Im Dezember zog Frankreich aus Mali ab. Nächste Woche wird Deutschland am "
              "Mittwoch Soldaten nach Gao schicken.",
        "fr": "En décembre, la France s'est retirée du Mali. La semaine prochaine, "
              "l'Allemagne enverra des soldats à Gao mercredi.",
    }
    items = [ArticleInput(raw_text=body, origin=language, language=language,
                          published_on=published) for language, body in texts.items()]
    summary = _import(_engine(tmp_path, "calendar"), items)
    assert [(r.status, r.reason) for r in summary.results] == [("created", None)] * 3
