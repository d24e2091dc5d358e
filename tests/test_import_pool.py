"""Importing with worker processes stores exactly what a sequential import stores."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from benchmarks.corpus import write_ndjson
from newsdb.config import ConfigError, load_settings
from newsdb.db import make_engine
from newsdb.pipeline.drafts import ExtractionDrafts, NamesVersion
from newsdb.pipeline.extract import extract_article
from newsdb.pipeline.read import ArticleInput, ReadResult, read_paths
from newsdb.pipeline.text_stages import PreparedText
from newsdb.schema import upgrade
from newsdb.services import import_pool
from newsdb.services.imports import ImportSummary, run_import

pytestmark = pytest.mark.skipif(not import_pool.fork_available(),
                                reason="worker processes are forked")

TABLES = {
    "articles": "id, title, body, language, published_at, source_id, content_hash, "
                "duplicate_of_id, extractor_version",
    "sources": "id, name, kind",
    "quality_flags": "article_id, code, field, char_start, char_end",
    "entities": "id, kind, name, slug, wikidata_id, merged_into_id",
    "entity_aliases": "id, entity_id, alias, normalized, language",
    "mentions": "article_id, entity_id, char_start, char_end, text, sentence, confidence, "
                "method",
    "events": "id, kind, title, modality, occurred_on, date_precision, location_id",
    "event_participants": "event_id, entity_id, role",
    "event_evidence": "event_id, article_id, char_start, char_end, text, date_text",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated articles in three languages whose people come back from article to article
    (a name learned from one article is found bare in the next ones)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.ndjson"
    write_ndjson(path, 48)
    return path


def _import(tmp_path: Path, name: str, items: Iterable[ReadResult], **options: Any
            ) -> tuple[Engine, ImportSummary]:
    url = f"sqlite:///{tmp_path / name}.sqlite3"
    upgrade(url)
    engine = make_engine(url)
    summary = run_import(engine, items, origin="cli", description=name,
                         after_store=extract_article, **options)
    return engine, summary


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {table: [tuple(row) for row in connection.execute(
            text(f"SELECT {columns} FROM {table} ORDER BY {columns}"))]
            for table, columns in TABLES.items()}


def test_workers_store_what_a_sequential_import_stores(corpus: Path, tmp_path: Path) -> None:
    sequential, _ = _import(tmp_path, "sequential", read_paths([corpus]), workers=0)
    pooled, summary = _import(tmp_path, "pooled", read_paths([corpus]), workers=2, warmup=0)
    assert summary.created == 48
    assert summary.prepared_ahead == 48
    # names learned from the articles just before an article reached a worker: drafted again
    assert 0 < summary.drafted_again < summary.prepared_ahead  # and most drafts were kept
    assert _dump(pooled) == _dump(sequential)
    assert _dump(pooled)["mentions"]


def _raise() -> None:
    raise RuntimeError("worker trouble")


def _die() -> None:
    os._exit(3)


def test_prepared_items_cross_processes_through_their_constructors(corpus: Path) -> None:
    """Compiled, a frozen dataclass refuses the attribute-by-attribute unpickling mypyc does:
    the pipeline's frozen dataclasses are pickled as a call of their constructor instead."""
    import copyreg
    import pickle

    from newsdb.pipeline.mentions import KnownName
    from newsdb.pipeline.types import EventCandidate, MentionCandidate, Sentence

    for shipped in (PreparedText, ExtractionDrafts, NamesVersion, Sentence, MentionCandidate,
                    EventCandidate, KnownName, import_pool.PreparedItem):
        if shipped is not import_pool.PreparedItem:  # a service's, never compiled
            assert shipped in copyreg.dispatch_table, shipped
    item = list(read_paths([corpus]))[0]
    assert isinstance(item, ArticleInput)
    prepared = import_pool.prepare_item(item, {}, frozenset(), NamesVersion(0, 0))
    assert prepared.drafts is not None and prepared.drafts.events
    assert pickle.loads(pickle.dumps(prepared)) == prepared


@pytest.mark.parametrize(("trouble", "prepared_ahead"), [
    (_raise, lambda n: n == 11),  # that one item goes to the writer
    (_die, lambda n: n < 12),  # that worker's items from there on, and maybe the others'
], ids=["raises", "dies"])
def test_a_worker_in_trouble_costs_nothing_but_speed(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        trouble: Callable[[], None], prepared_ahead: Callable[[int], bool]) -> None:
    real = import_pool.prepare_item

    def troubled(item: ArticleInput, *args: Any) -> import_pool.PreparedItem:
        if item.origin.endswith(":5"):
            trouble()
        return real(item, *args)

    monkeypatch.setattr(import_pool, "prepare_item", troubled)
    items = list(read_paths([corpus]))[:12]
    sequential, _ = _import(tmp_path, "sequential", items, workers=0)
    pooled, summary = _import(tmp_path, "pooled", items, workers=2, warmup=0)
    assert summary.created == 12
    assert prepared_ahead(summary.prepared_ahead)
    assert _dump(pooled) == _dump(sequential)


def _fails_ahead() -> None:
    raise RuntimeError("writer trouble")  # the writer calls prepare_item only ahead


@pytest.mark.parametrize("in_writer", [None, _fails_ahead], ids=["prepares", "fails"])
def test_the_writer_prepares_ahead_where_it_would_wait_for_a_slow_worker(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        in_writer: Callable[[], None] | None) -> None:
    """What the writer fails to prepare ahead it prepares in its turn, as without workers."""
    writer = os.getpid()
    real = import_pool.prepare_item

    def slow_in_workers(*args: Any) -> import_pool.PreparedItem:
        if os.getpid() != writer:
            time.sleep(0.05)
        elif in_writer is not None:
            in_writer()
        return real(*args)

    monkeypatch.setattr(import_pool, "prepare_item", slow_in_workers)
    sequential, _ = _import(tmp_path, "sequential", read_paths([corpus]), workers=0)
    pooled, summary = _import(tmp_path, "pooled", read_paths([corpus]), workers=1, warmup=0)
    assert summary.created == 48
    assert 0 < summary.prepared_by_writer < 48
    if in_writer is None:
        assert summary.prepared_ahead == 48
        assert summary.drafted_again > 0  # its drafts are checked like a worker's
    else:
        assert summary.prepared_ahead == 48 - summary.prepared_by_writer
    assert _dump(pooled) == _dump(sequential)


def test_workers_without_extraction_prepare_the_text(corpus: Path, tmp_path: Path) -> None:
    items = list(read_paths([corpus]))
    dumps = []
    for workers in (0, 2):
        path = tmp_path / f"plain-{workers}.sqlite3"
        upgrade(f"sqlite:///{path}")
        engine = make_engine(f"sqlite:///{path}")
        summary = run_import(engine, items, origin="cli", description="plain", workers=workers,
                             warmup=0)
        assert summary.prepared_ahead == (48 if workers else 0)
        dumps.append(_dump(engine))
    assert dumps[0] == dumps[1]
    assert dumps[0]["articles"] and not dumps[0]["mentions"]


def test_bad_items_fail_alone_with_the_same_reasons(corpus: Path, tmp_path: Path) -> None:
    good = list(read_paths([corpus]))[:6]
    bad = [ArticleInput(raw_text="   \n\n ", origin="blank"),
           ArticleInput(raw_text="Some text here.", origin="bad-url", url="ftp://x")]
    items = [good[0], bad[0], *good[1:4], bad[1], *good[4:]]
    _, sequential = _import(tmp_path, "sequential", items, workers=0)
    _, pooled = _import(tmp_path, "pooled", items, workers=2, warmup=0)
    assert [r.as_record() for r in pooled.results] == [r.as_record() for r in sequential.results]
    assert pooled.failed == 2


def test_results_larger_than_the_pipe_holds_reach_the_writer_in_order() -> None:
    """A worker blocks on a full results pipe until the writer reads on: ahead of the writer
    by more than the pipe holds (12 articles of 200 KB), the import neither stalls nor loses
    an article."""
    items = [ArticleInput(raw_text=f"Article {n}. " + "The talks went on in Bamako. " * 7000,
                          origin=f"big:{n}") for n in range(30)]
    got: list[tuple[str, int]] = []

    def consume() -> None:
        pool = import_pool.PreparePool(1, None, warmup=0, ahead=12)
        for item, prepared in pool.prepared(items):
            assert isinstance(item, ArticleInput) and prepared is not None
            got.append((item.origin, len(prepared.text.body)))

    reader = threading.Thread(target=consume, daemon=True)
    reader.start()
    reader.join(120)
    assert not reader.is_alive(), "the import stalled"
    assert [origin for origin, _ in got] == [f"big:{n}" for n in range(30)]
    assert all(size > 200_000 for _, size in got)


def test_small_imports_never_start_workers(corpus: Path, tmp_path: Path) -> None:
    items = list(read_paths([corpus]))[:5]
    _, summary = _import(tmp_path, "small", items, workers=2)
    assert summary.created == 5
    assert summary.prepared_ahead == 0


def test_cli_import_takes_workers_and_says_the_same(corpus: Path, runner: CliRunner) -> None:
    from newsdb.cli import cli

    result = runner.invoke(cli, ["import", str(corpus), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "Imported 48 new article(s), 0 duplicate(s), 0 failed" in result.output
    again = runner.invoke(cli, ["import", str(corpus), "--workers", "-1"])
    assert again.exit_code == 2
    assert "-1" in again.output


@pytest.mark.parametrize(("value", "expected"), [("", None), ("0", 0), ("3", 3)])
def test_import_workers_setting(value: str, expected: int | None) -> None:
    assert load_settings({"NEWSDB_IMPORT_WORKERS": value}).import_workers == expected


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_bad_import_workers_setting_is_one_clear_error(value: str) -> None:
    with pytest.raises(ConfigError, match="NEWSDB_IMPORT_WORKERS"):
        load_settings({"NEWSDB_IMPORT_WORKERS": value})


def test_workers_end_when_their_writer_is_killed(tmp_path: Path) -> None:
    """A writer killed outright (kill -9) leaves no worker behind."""
    script = tmp_path / "writer.py"
    script.write_text(
        "import os, sys, time\n"
        "from newsdb.services.import_pool import PreparePool\n"
        "pool = PreparePool(2, None, warmup=0)\n"
        "pool._started(0)\n"
        "print(' '.join(str(w.process.pid) for w in pool.workers), flush=True)\n"
        "time.sleep(60)\n")
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                          text=True) as writer:
        try:
            assert writer.stdout is not None
            pids = [int(pid) for pid in writer.stdout.readline().split()]
            assert len(pids) == 2
        finally:
            writer.kill()
            writer.wait()
    started = {pid: _start_time(pid) for pid in pids}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(pid, started[pid]) for pid in pids):
        time.sleep(0.2)
    left = [Path(f"/proc/{pid}/stat").read_text() for pid in pids if _alive(pid, started[pid])]
    assert not left


def test_ctrl_c_is_the_writers_to_handle(capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker ignores it (the writer
    stops the workers), instead of dying with a traceback on the user's terminal."""
    import signal

    pool = import_pool.PreparePool(1, None, warmup=0)
    item = ArticleInput(raw_text="The talks went on in Bamako.", origin="ctrl-c")
    try:
        pool._started(0)
        worker = pool.workers[0]
        assert worker.process.pid is not None
        os.kill(worker.process.pid, signal.SIGINT)  # before it may have reached its loop
        worker.send(item)
        assert worker.receive() is not None
        os.kill(worker.process.pid, signal.SIGINT)  # in its loop, for sure
        worker.send(item)
        assert worker.receive() is not None
        assert worker.process.is_alive()
    finally:
        pool.close()
    assert "Traceback" not in capfd.readouterr().err


class _FailsToLoad:
    """Pickles, and fails when unpickled."""

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        return _raise, ()


@pytest.mark.parametrize("drafts", [
    threading.Lock,  # fails in the worker, pickled: the worker sends None in its place
    _FailsToLoad,  # fails in the writer, unpickled
], ids=["does-not-pickle", "does-not-unpickle"])
def test_a_result_that_cannot_cross_goes_to_the_writer(
        monkeypatch: pytest.MonkeyPatch, drafts: Callable[[], Any]) -> None:
    """The writer prepares that item itself; the worker goes on with the next."""
    items = [ArticleInput(raw_text=f"Article {n}. The talks went on in Bamako.",
                          origin=f"item:{n}") for n in range(4)]
    real = import_pool.prepare_item

    def cannot_cross(item: ArticleInput, *args: Any) -> Any:
        prepared = real(item, *args)
        if item.origin == "item:1":
            return import_pool.PreparedItem(prepared.text, drafts())
        return prepared

    monkeypatch.setattr(import_pool, "prepare_item", cannot_cross)
    pool = import_pool.PreparePool(1, None, warmup=0)
    got = [(item.origin, prepared is not None) for item, prepared in pool.prepared(items)
           if isinstance(item, ArticleInput)]
    assert got == [("item:0", True), ("item:1", False), ("item:2", True), ("item:3", True)]
    assert not pool.broken


def test_a_failed_start_leaves_no_worker_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second of two workers fails to start: the first is stopped with the import."""
    started: list[tuple[int, str | None]] = []  # pid, start time
    real = import_pool._Worker

    def second_fails(*args: Any) -> import_pool._Worker:
        if started:
            raise OSError("no more processes")
        worker = real(*args)
        assert worker.process.pid is not None
        started.append((worker.process.pid, _start_time(worker.process.pid)))
        return worker

    monkeypatch.setattr(import_pool, "_Worker", second_fails)
    pool = import_pool.PreparePool(2, None, warmup=0)
    items = [ArticleInput(raw_text="The talks went on in Bamako.", origin="item")]
    with pytest.raises(OSError, match="no more processes"):
        list(pool.prepared(items))
    assert len(started) == 1
    assert not _alive(*started[0])  # stopped and joined


def test_the_results_pipe_is_widened() -> None:
    """Linux: room for the results of the articles a worker holds ahead (~13 KB each), up to
    the system's limit."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are Linux's")
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    pool = import_pool.PreparePool(1, None, warmup=0)
    try:
        pool._started(0)
        size = fcntl.fcntl(pool.workers[0].results.fileno(), fcntl.F_GETPIPE_SZ)
        assert size >= min(import_pool.PIPE_BYTES, limit) > 64 * 1024
    finally:
        pool.close()


def test_a_worker_killed_with_tasks_queued_leaves_nothing_behind() -> None:
    """Its tasks were left in the pipe (more than it holds): the queue's feeder thread and the
    pipe's descriptors end with the import, not with the process."""
    items = [ArticleInput(raw_text=f"Article {n}. " + "The talks went on in Bamako. " * 450,
                         origin=f"x:{n}") for n in range(40)]  # ~13 KB each, 12 ahead
    gc.collect()  # what earlier tests left to collect goes now, not during the count
    descriptors = len(os.listdir("/proc/self/fd"))
    threads = threading.active_count()
    pool = import_pool.PreparePool(1, None, warmup=0, ahead=12)
    got = 0
    for handed, _ in enumerate(pool.prepared(items)):
        got += 1
        if handed == 2:
            worker = pool.workers[0]
            assert worker.process.pid is not None
            os.kill(worker.process.pid, 9)
            worker.process.join(10)
    assert got == 40 and pool.broken
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and threading.active_count() > threads:
        time.sleep(0.05)
    assert threading.active_count() <= threads
    assert len(os.listdir("/proc/self/fd")) <= descriptors


def test_a_writer_ending_without_closing_its_pool_exits(tmp_path: Path) -> None:
    """A writer that ends before the pool is closed (a second Ctrl-C while it stops) exits:
    it does not wait for a feeder thread stuck on a full pipe of tasks nobody will read."""
    script = tmp_path / "writer.py"
    script.write_text(
        "import time\n"
        "from newsdb.pipeline.read import ArticleInput\n"
        "from newsdb.services.import_pool import PreparePool\n"
        "pool = PreparePool(1, None, warmup=0, ahead=12)\n"
        "pool._started(0)\n"
        "worker = pool.workers[0]\n"
        "for n in range(12):\n"
        "    worker.send(ArticleInput(raw_text='The talks went on in Bamako. ' * 450,\n"
        "                             origin=f'b:{n}'))\n"
        "time.sleep(0.2)\n")
    finished = subprocess.run([sys.executable, str(script)], timeout=60, capture_output=True,
                              text=True)
    assert finished.returncode == 0, finished.stderr


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None


def _start_time(pid: int) -> str | None:
    fields = _stat(pid)
    return fields[19] if fields else None


def _alive(pid: int, start_time: str | None) -> bool:
    """Whether the process still runs: not gone, not a zombie, not another with its pid."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z" and fields[19] == start_time


BODY = ("After the talks in Bamako, Helen Kelly's team met the governor. "
        "The Kellys left before noon, and the CNMs' envoy stayed.")


def _drafts(known: dict[str, Any], version: NamesVersion) -> ExtractionDrafts:
    from newsdb.pipeline.drafts import draft_extraction
    return draft_extraction(BODY, "en", None, known, None, version)


@pytest.mark.parametrize(("learned", "current"), [
    (["af"], True),  # inside "After", never a word of its own
    (["bamak"], True),  # the start of "Bamako" only
    (["talk"], False),  # "talks" may be "talk" with an s the matcher drops
    (["helen kelly"], False),  # both words, the last with a possessive
    (["kelly"], False),  # "Kellys": the matcher strips the s when "kelly" is a name
    (["helen smith"], True),  # one word missing
    (["cnm"], False),  # "CNMs'": folded "cnms", which the matcher may strip to "cnm"
    (["noon team"], False),  # each word is there: kept conservative, drafted again
], ids=["inside-a-word", "a-word-start", "inflection", "possessive", "plural", "word-missing",
        "acronym-plural", "words-apart"])
def test_drafts_hold_unless_a_name_learned_since_has_every_word_in_the_body(
        learned: list[str], current: bool) -> None:
    """Drafts made before names were learned are kept when no such name can be found in the
    body; where they are kept, drafting again finds exactly the same."""
    from newsdb.pipeline.drafts import drafts_current
    from newsdb.pipeline.mentions import KnownName

    old = _drafts({}, NamesVersion(0, 0))
    names = NamesVersion(0, len(learned))
    assert drafts_current(old, BODY, names, learned) is current
    if current:
        fresh = _drafts({name: KnownName(f"db:{i}", name.title(), "person")
                         for i, name in enumerate(learned, 1)}, names)
        assert (fresh.candidates, fresh.events) == (old.candidates, old.events)
    assert drafts_current(old, BODY, NamesVersion(1, 0), []) is False  # the cache started over


def test_a_learned_name_the_drafts_lack_is_found_when_they_are_made_again() -> None:
    from newsdb.pipeline.drafts import drafts_current
    from newsdb.pipeline.mentions import KnownName

    old = _drafts({}, NamesVersion(0, 0))
    assert not any(c.key == "db:7" for c in old.candidates)
    names = NamesVersion(0, 1)
    assert not drafts_current(old, BODY, names, ["kelly"])
    fresh = _drafts({"kelly": KnownName("db:7", "Kelly", "person")}, names)
    # "Kelly's" and "Kellys", each without its s
    assert [c.text for c in fresh.candidates if c.key == "db:7"] == ["Kelly", "Kelly"]


def test_a_word_folding_splits_still_holds_each_of_its_parts() -> None:
    """Folding may turn one character of a word into a space ("\u037a"): a learned name whose
    words are the parts of such a word is found, so the drafts do not hold."""
    from newsdb.pipeline.drafts import draft_extraction, drafts_current
    from newsdb.pipeline.mentions import KnownName, name_prefixes

    body = "Scholars met Helen\u037akelly's envoy in Cairo."
    known = {"helen kelly": KnownName("db:1", "Helen Kelly", "person")}
    old = draft_extraction(body, "en", None, {}, set(), NamesVersion(0, 0))
    fresh = draft_extraction(body, "en", None, known, name_prefixes(known), NamesVersion(0, 1))
    assert fresh.candidates != old.candidates  # the name is found in the one word
    assert not drafts_current(old, body, NamesVersion(0, 1), ["helen kelly"])
