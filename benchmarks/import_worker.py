"""One import measurement in a process of its own (so that its peak memory is its own).

``python -m benchmarks.import_worker MODE NDJSON DB`` with MODE one of:

- ``newsdb``: newsdb's import use case, as ``newsdb import FILE --no-extract`` runs it: read the
  NDJSON stream, clean, take metadata, detect the language, flag, store — each article in a
  transaction of its own;
- ``newsdb-extract``: the same with extraction (entities, mentions, events), as ``newsdb import
  FILE`` runs it;
- ``newsdb-extract-workers``: the same with the import workers ``newsdb import`` starts by
  default (one per CPU): forked processes run the text stages and draft the extraction ahead
  of the one writer; CPU time counts the workers' too;
- ``newsdb-extract-into``: the same into an existing database (the marginal cost of more
  articles in a bigger archive);
- each ``newsdb…`` mode ending in ``-compiled``: the same, run from the compiled build
  (``benchmarks.common.compiled_tree``; the worker refuses a mode its build does not match);
- ``floor``: the physical floor: the same article rows (title, text, url, source, a hash) into
  the same migrated schema (indexes and full-text triggers included) with one ``executemany``
  of raw sqlite3 in a single transaction. A floor, not a like for like: no cleaning, no
  metadata, no per-article atomicity.

Prints one JSON line: articles, words, wall and CPU seconds, peak and start RSS in MiB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import Stopwatch, current_rss_mib, peak_rss_mib


def _fresh_database(db: Path) -> str:
    from newsdb.schema import upgrade

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    upgrade(url)
    return url


def _warm_up() -> None:
    """Load what a long-running importer loads once: knowledge base, automaton, language model."""
    from newsdb.kb import load_knowledge_base
    from newsdb.pipeline.gazetteer import default_gazetteer
    from newsdb.pipeline.language import detect_language

    load_knowledge_base()
    default_gazetteer()
    detect_language("Der Bundestag hat am Mittwoch beschlossen, die Soldaten abzuziehen.")


def run_newsdb(ndjson: Path, db: Path, *, extract: bool, fresh: bool = True,
               workers: int = 0) -> dict[str, Any]:
    from newsdb.db import IMPORT_CACHE_KIB, make_engine
    from newsdb.pipeline.read import read_paths
    from newsdb.services.imports import run_import

    url = _fresh_database(db) if fresh else f"sqlite:///{db}"
    engine = make_engine(url, mmap_bytes=0, cache_kib=IMPORT_CACHE_KIB,
                         temp_in_memory=True)  # as `newsdb import` does
    after_store = None
    if extract:
        from newsdb.pipeline.extract import extract_article

        after_store = extract_article
    _warm_up()
    start_rss = current_rss_mib()
    counts = {"created": 0, "duplicate": 0, "failed": 0}

    def on_item(result: Any) -> None:
        counts[result.status] += 1

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Stopwatch() as watch:
        summary = run_import(engine, read_paths([ndjson], "ndjson"), origin="cli",
                             description=f"benchmark {ndjson.name}", after_store=after_store,
                             on_item=on_item, workers=workers)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, joined by now
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    engine.dispose()
    words = _count_words(db)
    if not fresh:
        words = 0  # the database's words are not this run's
    return {"articles": counts["created"], "failed": counts["failed"],
            "duplicates": counts["duplicate"], "run_id": summary.run_id, "words": words,
            "wall": watch.wall, "cpu": watch.cpu + workers_cpu, "workers": workers,
            "workers_cpu": workers_cpu, "prepared_ahead": summary.prepared_ahead,
            "drafted_again": summary.drafted_again,
            "prepared_by_writer": summary.prepared_by_writer, "start_rss_mib": start_rss,
            "peak_rss_mib": peak_rss_mib()}


def _count_words(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT coalesce(sum(word_count), 0) FROM articles")
                   .fetchone()[0])


def _floor_rows(ndjson: Path, source_ids: dict[str, int], now: str) -> Iterator[tuple[Any, ...]]:
    with ndjson.open("rb") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"]
            yield (source_ids[record["source"]], record["url"], record["title"], text, text,
                   hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text.split()),
                   now, now)


def run_floor(ndjson: Path, db: Path) -> dict[str, Any]:
    _fresh_database(db)
    start_rss = current_rss_mib()
    with Stopwatch() as watch:
        connection = sqlite3.connect(db, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN IMMEDIATE")
        sources: dict[str, int] = {}
        with ndjson.open("rb") as handle:  # the publishers first: a few rows
            for line in handle:
                name = json.loads(line)["source"]
                if name not in sources:
                    sources[name] = connection.execute(
                        "INSERT INTO sources (name, kind, created_at, updated_at) "
                        "VALUES (?, 'publisher', ?, ?) RETURNING id",
                        (name, _now(), _now())).fetchone()[0]
        connection.executemany(
            "INSERT INTO articles (source_id, url, title, body, raw_text, content_hash, "
            "word_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _floor_rows(ndjson, sources, _now()))
        connection.execute("COMMIT")
        connection.close()
    with sqlite3.connect(db) as check:
        articles = check.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"articles": articles, "failed": 0, "duplicates": 0, "words": _count_words(db),
            "wall": watch.wall, "cpu": watch.cpu, "start_rss_mib": start_rss,
            "peak_rss_mib": peak_rss_mib()}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    modes = ["newsdb", "newsdb-extract", "newsdb-extract-workers", "newsdb-extract-into"]
    parser.add_argument("mode", choices=[*modes, *(m + "-compiled" for m in modes), "floor"])
    parser.add_argument("ndjson", type=Path)
    parser.add_argument("db", type=Path)
    args = parser.parse_args(argv)
    from benchmarks.common import is_compiled

    compiled = args.mode.endswith("-compiled")
    if args.mode != "floor" and is_compiled() != compiled:
        raise SystemExit(f"mode {args.mode}: this process runs the "
                         f"{'compiled' if is_compiled() else 'pure'} build")
    args.mode = args.mode.removesuffix("-compiled")
    if args.mode == "floor":
        result = run_floor(args.ndjson, args.db)
    elif args.mode == "newsdb-extract-workers":
        from newsdb.services.import_pool import default_workers

        result = run_newsdb(args.ndjson, args.db, extract=True, workers=default_workers())
    elif args.mode == "newsdb-extract-into":
        result = run_newsdb(args.ndjson, args.db, extract=True, fresh=False)
    else:
        result = run_newsdb(args.ndjson, args.db, extract=args.mode == "newsdb-extract")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
