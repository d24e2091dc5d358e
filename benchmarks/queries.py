"""Query latency: p50 and p99 of the API's read endpoints beside raw SQL on the same file.

Each endpoint is requested through Flask's test client (in process: routing, argument parsing,
the ORM, serialization and the ETag, but no network). Beside it, interleaved request by request
so that a busy machine slows all three alike:

- *replay*: the very SQL statements that newsdb sent for that request (captured from its engine),
  replayed with raw ``sqlite3`` on the same file: what newsdb's own Python work costs on top;
- *hand SQL*: the query a person would write for the same answer (one page of 20 and its
  total), with raw ``sqlite3``: what the SQL newsdb chose costs on top of that.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import percentile
from newsdb.db import SQLITE_MMAP_BYTES
from newsdb.services.search import SEARCH_RANK_WINDOW

API = "/api/v1"
# Targets of the issue.
TARGET_POINT_OVERHEAD_MS = 2.0
TARGET_SLOW_RATIO = 1.2
SLOW_QUERY_MS = 50.0
TARGET_SEARCH_P50_MS = 20.0
# A request whose SQL runs longer than this is interrupted (SQLite's progress handler) and
# reported as slower than the limit: a benchmark must end.
QUERY_LIMIT_S = 30.0


class _Deadline:
    """Interrupt SQLite statements that run past a deadline (on every connection it is set on)."""

    def __init__(self) -> None:
        self.at: float | None = None

    def start(self, seconds: float = QUERY_LIMIT_S) -> None:
        self.at = time.perf_counter() + seconds

    def handler(self) -> int:
        return 1 if self.at is not None and time.perf_counter() > self.at else 0

    def install(self, connection: sqlite3.Connection) -> None:
        connection.set_progress_handler(self.handler, 20_000)


@dataclass
class Endpoint:
    """One read the benchmark makes, with the hand-written SQL of the same answer."""

    name: str
    urls: list[str]
    hand_sql: list[list[tuple[str, tuple[Any, ...]]]]  # per URL: statements
    kind: str  # "point" or "query"
    samples: dict[str, list[float]] = field(default_factory=dict)


HAND_ARTICLE = [
    ("SELECT a.*, s.name FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
     "WHERE a.id = ?", 1),
    ("SELECT s.id, s.name FROM article_agencies g JOIN sources s ON s.id = g.source_id "
     "WHERE g.article_id = ? ORDER BY g.id", 1),
    ("SELECT * FROM quality_flags WHERE article_id = ? ORDER BY id", 1),
    ("SELECT e.id, e.kind, e.name, e.slug, count(*) AS n FROM mentions m "
     "JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? "
     "GROUP BY e.id ORDER BY n DESC, e.name, e.id", 1),
    ("SELECT v.* FROM events v WHERE v.id IN (SELECT event_id FROM event_evidence "
     "WHERE article_id = ?) ORDER BY v.occurred_on IS NULL, v.occurred_on, v.id", 1),
]
HAND_ENTITY_ARTICLES = [
    ("SELECT count(*) FROM (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?)", 1),
    ("SELECT a.id, a.url, a.title, a.author, a.language, a.published_at, a.body, a.word_count, "
     "a.content_hash, a.created_at, a.updated_at, a.version, s.name FROM articles a "
     "LEFT JOIN sources s ON s.id = a.source_id "
     "WHERE a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?) "
     "ORDER BY a.published_at DESC, a.id DESC LIMIT 20", 1),
]
HAND_RELATED = [
    ("SELECT count(*) FROM (SELECT DISTINCT b.entity_id FROM mentions a JOIN mentions b "
     "ON b.article_id = a.article_id AND b.entity_id != a.entity_id WHERE a.entity_id = ?)", 1),
    ("SELECT e.id, e.kind, e.name, e.slug, r.shared FROM (SELECT b.entity_id, "
     "count(DISTINCT b.article_id) AS shared FROM mentions a JOIN mentions b "
     "ON b.article_id = a.article_id AND b.entity_id != a.entity_id WHERE a.entity_id = ? "
     "GROUP BY b.entity_id) r JOIN entities e ON e.id = r.entity_id "
     "WHERE e.merged_into_id IS NULL ORDER BY r.shared DESC, e.name, e.id LIMIT 20", 1),
]
HAND_SEARCH = [
    ("SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
     "LIMIT 1000)", 1),
    ("SELECT f.rowid, highlight(articles_fts, 0, '<mark>', '</mark>'), "
     "snippet(articles_fts, 1, '<mark>', '</mark>', '…', 24), a.title, a.url, a.published_at "
     "FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? "
     "AND f.rowid >= coalesce((SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
     f"ORDER BY rowid DESC LIMIT 1 OFFSET {SEARCH_RANK_WINDOW - 1}), 0) "  # as newsdb ranks
     "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT 20", 2),
]


def _bind(statements: list[tuple[str, int]], value: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(sql, (value,) * count) for sql, count in statements]


def pick_endpoints(db: Path, seed: int = 11, per_endpoint: int = 50) -> list[Endpoint]:
    """Choose the ids, entities and words to ask for: a spread of articles, the most mentioned
    entity and a typical one, a rare and a common search."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        max_id = connection.execute("SELECT max(id) FROM articles").fetchone()[0]
        wanted = ",".join(str(rng.randint(1, max_id)) for _ in range(per_endpoint * 3))
        ids = [row[0] for row in connection.execute(
            f"SELECT id FROM articles WHERE id IN ({wanted})")][:per_endpoint]
        counted = connection.execute(
            "SELECT entity_id, count(*) AS n FROM mentions GROUP BY entity_id "
            "ORDER BY n DESC, entity_id").fetchall()
        top = counted[0][0]
        typical = counted[len(counted) // 10][0]  # the 90th percentile: still a known name
        rare_name = connection.execute(
            "SELECT e.name FROM entities e JOIN mentions m ON m.entity_id = e.id "
            "WHERE e.kind = 'location' GROUP BY e.id HAVING count(*) BETWEEN 2 AND 50 "
            "ORDER BY count(*), e.id LIMIT 1").fetchone()
        names = {entity_id: name for entity_id, name in connection.execute(
            "SELECT id, name FROM entities WHERE id IN (?, ?)", (top, typical))}
    rare = rare_name[0] if rare_name else "Kidal"
    from newsdb.services.search import fts5_query

    endpoints = [
        Endpoint("GET /articles/{id}", [f"{API}/articles/{i}" for i in ids],
                 [_bind(HAND_ARTICLE, i) for i in ids], "point"),
    ]
    for label, entity in (("most mentioned", top), ("typical", typical)):
        name = names.get(entity, str(entity))
        endpoints.append(Endpoint(
            f"GET /articles?entity= ({label}: {name})", [f"{API}/articles?entity={entity}"],
            [_bind(HAND_ENTITY_ARTICLES, entity)], "query"))
        endpoints.append(Endpoint(
            f"GET /entities/{{id}}/related ({label}: {name})",
            [f"{API}/entities/{entity}/related"], [_bind(HAND_RELATED, entity)], "query"))
    for label, words in (("rare name", rare), ("capital", "Bamako"), ("common word", "soldiers")):
        endpoints.append(Endpoint(
            f"GET /search?q= ({label}: {words})", [f"{API}/search?q={words}"],
            [_bind(HAND_SEARCH, fts5_query(words))], "query"))
    return endpoints


class _Recorder:
    """Capture the SQL an engine sends, to replay it with raw sqlite3."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.statements: list[tuple[str, Any]] | None = None
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.statements is not None:
            self.statements.append((statement, parameters))


def _replay(connection: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    for statement, parameters in statements:
        if statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            continue
        connection.execute(statement, parameters or ()).fetchall()


def _run_hand(connection: sqlite3.Connection, statements: list[tuple[str, tuple[Any, ...]]]
              ) -> None:
    for statement, parameters in statements:
        connection.execute(statement, parameters).fetchall()


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _timed_out_row(endpoint: Endpoint, raw: sqlite3.Connection, deadline: _Deadline
                   ) -> dict[str, Any]:
    """The row of an endpoint whose first request ran past the limit: hand SQL still timed."""
    hand: list[float] = []
    for statements in endpoint.hand_sql[:3]:
        deadline.start()
        try:
            hand.append(_timed(partial(_run_hand, raw, statements)))
        except sqlite3.OperationalError:
            hand.append(float("nan"))
        deadline.at = None
    row: dict[str, Any] = {"endpoint": endpoint.name, "kind": endpoint.kind, "requests": 1,
                           "statements": 0, "timed_out_s": QUERY_LIMIT_S}
    for label in ("api", "replay"):
        row[f"{label}_p50"] = row[f"{label}_p99"] = float("nan")
    row["hand_p50"], row["hand_p99"] = percentile(hand, 0.5), percentile(hand, 0.99)
    return row


def measure(db: Path, *, requests: int = 100, budget_s: float = 40.0) -> dict[str, Any]:
    """Return p50 and p99 of each endpoint, its replayed SQL and the hand-written SQL (ms)."""
    from sqlalchemy import event

    from newsdb.app import create_app
    from newsdb.config import load_settings

    settings = load_settings({"NEWSDB_DATABASE_URL": f"sqlite:///{db}"})
    app = create_app({"NEWSDB_SETTINGS": settings, "TESTING": False})
    engine = app.extensions["newsdb_engine"]
    deadline = _Deadline()
    event.listen(engine, "connect", lambda dbapi, _record: deadline.install(dbapi))
    engine.dispose()
    recorder = _Recorder(engine)
    client = app.test_client()
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    raw.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")  # as newsdb's connections read
    deadline.install(raw)
    rows = []
    for endpoint in pick_endpoints(db, per_endpoint=requests):
        captured = []
        timed_out = False
        for url in endpoint.urls:  # warm-up, and the statements to replay
            recorder.statements = []
            deadline.start()
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            deadline.at = None
            if response.status_code != 200 and elapsed >= QUERY_LIMIT_S:
                timed_out = True
                break
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: "
                                   f"{response.get_data(as_text=True)[:300]}")
            captured.append(recorder.statements)
            recorder.statements = None
        recorder.statements = None
        if timed_out:
            rows.append(_timed_out_row(endpoint, raw, deadline))
            print(f"  {endpoint.name:<58} over {QUERY_LIMIT_S:.0f} s: interrupted", flush=True)
            continue
        api: list[float] = []
        replay: list[float] = []
        hand: list[float] = []
        budget_end = time.perf_counter() + budget_s
        count = 0
        while count < requests and (count < 5 or time.perf_counter() < budget_end):
            index = count % len(endpoint.urls)
            api.append(_timed(partial(client.get, endpoint.urls[index])))
            replay.append(_timed(partial(_replay, raw, captured[index])))
            hand.append(_timed(partial(_run_hand, raw, endpoint.hand_sql[index])))
            count += 1
        row = {"endpoint": endpoint.name, "kind": endpoint.kind, "requests": count,
               "statements": len([s for s in captured[0]
                                  if not s[0].lstrip().upper().startswith(("BEGIN", "ROLLBACK"))])}
        for label, samples in (("api", api), ("replay", replay), ("hand", hand)):
            row[f"{label}_p50"] = percentile(samples, 0.50)
            row[f"{label}_p99"] = percentile(samples, 0.99)
        rows.append(row)
        print(f"  {endpoint.name:<58} api p50 {row['api_p50']:8.2f} ms  replay "
              f"{row['replay_p50']:8.2f}  hand {row['hand_p50']:8.2f}  ({count} requests)",
              flush=True)
    raw.close()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("articles", "entities", "mentions", "events", "event_evidence")}
    return {"database": str(db), "counts": counts, "rows": rows}
