"""Crash safety: `newsdb import` of a large batch, killed with SIGKILL at several points, leaves a
sound database — integrity and foreign keys clean, no article without its extraction (each
article is one transaction) — and running the same import again completes the batch with no
duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

from newsdb.db import is_sqlite, make_engine
from newsdb.schema import upgrade

BATCH = 240
# Kill points: after this many articles are committed, in three successive runs.
KILL_AFTER = (15, 90, 170)
POLL_INTERVAL_S = 0.05
# Bounds, generous for a slow, busy machine: a run that takes longer has hung.
RUN_TIMEOUT_S = 600
PLACES = ["Niamey", "Bamako", "Gao", "Kidal", "Ouagadougou", "Dakar", "Berlin", "Paris",
          "Timbuktu", "Mopti"]
# Rows that point at an article, and the column that does.
ARTICLE_CHILDREN = ("mentions", "quality_flags", "event_evidence", "article_agencies")


def write_batch(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(BATCH):
            place = PLACES[number % len(PLACES)]
            other = PLACES[(number * 7 + 3) % len(PLACES)]
            record = {
                "title": f"Talks in {place}, report {number}",
                "url": f"https://crash.example/{number}",
                "published_at": "2024-03-05",
                "source": "Crash Wire" if number % 3 else "Sahel Post",
                "body": f"The ministers of Mali and Niger met in {place} on Tuesday to plan joint "
                        f"patrols along the border (report {number}). Russia sent an observer "
                        f"from {other}. Germany announced it would withdraw its troops from "
                        f"Mali by the end of the year, officials said in {other}.",
            }
            out.write(json.dumps(record) + "\n")


def start_import(url: str, batch: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-c", "from newsdb.cli import main; main()", "import", str(batch)],
            env={**os.environ, "NEWSDB_DATABASE_URL": url}, cwd=batch.parent,
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)


def count_articles(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())


def kill_after(process: subprocess.Popen[bytes], engine: Engine, stored: int) -> int:
    """SIGKILL the import once ``stored`` articles are committed; return how many were."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while count_articles(engine) < stored:
        assert process.poll() is None, "the import ended before the kill point"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(POLL_INTERVAL_S)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=RUN_TIMEOUT_S)
    assert process.returncode == -signal.SIGKILL
    return count_articles(engine)


def assert_sound(engine: Engine) -> None:
    """The database is intact, and every stored article is whole."""
    with engine.connect() as connection:
        run = connection.execute
        if is_sqlite(engine):
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # The full-text index matches the articles it indexes.
            connection.exec_driver_sql(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        for table in ARTICLE_CHILDREN:
            orphans = run(text(f"SELECT count(*) FROM {table} AS t LEFT JOIN articles AS a "
                               "ON a.id = t.article_id WHERE a.id IS NULL")).scalar_one()
            assert orphans == 0, table
        # Extraction was on: an article is stored with its mentions and extractor version, or
        # not at all (every body names Mali, Niger and Russia).
        half_stored = run(text(
            "SELECT a.id FROM articles AS a WHERE a.extractor_version IS NULL "
            "OR NOT EXISTS (SELECT 1 FROM mentions AS m WHERE m.article_id = a.id)")).all()
        assert half_stored == []
        spans = run(text("SELECT m.char_start, m.char_end, m.text, a.body FROM mentions AS m "
                         "JOIN articles AS a ON a.id = m.article_id")).all()
        assert all(body[start:end] == mention for start, end, mention, body in spans)
        dangling = run(text(
            "SELECT count(*) FROM mentions AS m LEFT JOIN entities AS e ON e.id = m.entity_id "
            "WHERE e.id IS NULL")).scalar_one()
        assert dangling == 0
        duplicates = run(text("SELECT url FROM articles GROUP BY url HAVING count(*) > 1")).all()
        assert duplicates == []


def test_import_killed_at_several_points_recovers(backend_url: str, tmp_path: Path) -> None:
    upgrade(backend_url)
    batch = tmp_path / "batch.ndjson"
    write_batch(batch)
    log = tmp_path / "import.log"
    engine = make_engine(backend_url)
    try:
        previous = 0
        for kill_point in KILL_AFTER:
            stored = kill_after(start_import(backend_url, batch, log), engine, kill_point)
            assert previous < stored < BATCH
            assert_sound(engine)
            previous = stored

        final = start_import(backend_url, batch, log)
        assert final.wait(timeout=RUN_TIMEOUT_S) == 0, log.read_text()[-3000:]
        assert_sound(engine)
        assert count_articles(engine) == BATCH
        assert f"Imported {BATCH - previous} new article(s), {previous} duplicate(s), 0 failed" \
            in log.read_text()
        with engine.connect() as connection:
            urls = set(connection.execute(text("SELECT url FROM articles")).scalars())
            entities = connection.execute(text(
                "SELECT slug FROM entities GROUP BY slug HAVING count(*) > 1")).all()
        assert urls == {f"https://crash.example/{n}" for n in range(BATCH)}
        assert entities == []
    finally:
        engine.dispose()
