"""The database the query and serving benchmarks read: N articles with their entities, mentions
and events.

It is built in two steps, both cached in ``benchmarks/.work``:

1. *base*: B generated articles imported by newsdb with extraction, exactly as a user would
   (B = 10,000 in the full run: the import benchmark's own N = 10,000 database, kept; built
   here with ``newsdb import`` when missing);
2. *scale-up*: the base's articles copied with raw SQL (new ids and URLs, the same bodies,
   their mentions, quality flags, agencies and event evidence copied along, pointing at the same
   entities and events) until the database holds N articles. Entities and events stay as many
   as extraction made; what grows is what grows with a bigger archive of the same news: articles,
   mentions per entity, evidence per event, full-text postings. The full-text index is kept up
   by newsdb's own triggers.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, corpus_file, work_dir

# Tables whose rows hang off an article and are copied with it.
ARTICLE_CHILDREN = ("mentions", "quality_flags", "article_agencies", "event_evidence")


def base_path(articles: int) -> Path:
    """Where the base database of ``articles`` articles is kept."""
    return work_dir() / f"build-{articles}.sqlite3"


def base_database(articles: int) -> Path:
    """Return a database of ``articles`` generated articles imported with extraction by
    ``newsdb import``, building it when missing (a partial build is resumed: the importer skips
    what is stored as duplicates)."""
    path = base_path(articles)
    if _article_count(path) >= articles:
        _migrate(path)  # built by an older newsdb: its newer indexes
        return path
    ndjson = corpus_file(articles)
    print(f"  building the base database: newsdb import of {articles} articles with extraction "
          f"into {path} (slow: see docs/performance.md)", flush=True)
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "from newsdb.cli import main; main()",
                    "--database-url", f"sqlite:///{path}", "import", str(ndjson)],
                   cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                   env={**os.environ, "NEWSDB_DATABASE_URL": f"sqlite:///{path}"})
    print(f"  base database built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def _article_count(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def scaled_database(base: Path, articles: int) -> Path:
    """Return a copy of ``base`` scaled up to ``articles`` articles (cached)."""
    base_count = _article_count(base)
    target = work_dir() / f"query-{articles}-from-{base_count}.sqlite3"
    if _article_count(target) == articles:
        _migrate(target)
        return target
    partial = target.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(f"file:{base}?mode=ro", uri=True) as source, \
            sqlite3.connect(partial) as copy:
        source.backup(copy)  # a consistent copy, WAL included
    started = time.perf_counter()
    _scale_up(partial, articles)
    print(f"  scaled {base_count} articles up to {articles} in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    shutil.move(partial, target)
    _migrate(target)
    return target


def _migrate(path: Path) -> None:
    """Bring a database made by an older newsdb up to the current schema."""
    from newsdb.schema import is_up_to_date, upgrade

    url = f"sqlite:///{path}"
    if not is_up_to_date(url):
        started = time.perf_counter()
        upgrade(url)
        print(f"  migrated {path.name} to the current schema in "
              f"{time.perf_counter() - started:.0f} s", flush=True)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")
            if row[1] != "id"]


def _scale_up(path: Path, articles: int) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    base_count, max_id = connection.execute("SELECT count(*), max(id) FROM articles").fetchone()
    article_columns = _columns(connection, "articles")
    copied = base_count
    round_number = 0
    while copied < articles:
        round_number += 1
        offset = round_number * max_id
        take = min(base_count, articles - copied)
        last_id = connection.execute(
            "SELECT max(id) FROM (SELECT id FROM articles WHERE id <= ? ORDER BY id LIMIT ?)",
            (max_id, take)).fetchone()[0]
        connection.execute("BEGIN")
        values = ", ".join(
            {"url": "url || '#copy' || :round",
             "content_hash": "substr(content_hash, 1, 56) || printf('%08d', :round)",
             "duplicate_of_id": "NULL"}.get(c, c) for c in article_columns)
        connection.execute(
            f"INSERT INTO articles (id, {', '.join(article_columns)}) "
            f"SELECT id + :offset, {values} FROM articles WHERE id <= :last",
            {"offset": offset, "round": round_number, "last": last_id})
        for table in ARTICLE_CHILDREN:
            columns = _columns(connection, table)
            picked = ", ".join("article_id + :offset" if c == "article_id" else c
                               for c in columns)
            connection.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} FROM {table} "
                f"WHERE article_id <= :last", {"offset": offset, "last": last_id})
        connection.execute("COMMIT")
        copied += take
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
