"""Concurrent load on `newsdb serve` (gunicorn, 2 workers) on 127.0.0.1, on the backend the suite
runs on: writer and reader clients for a bounded time and a bounded number of requests.

What must hold: no 5xx and no connection error; every acknowledged write is in the database
afterwards, exactly once and as last acknowledged; SQLite's integrity and foreign-key checks are
clean. And optimistic concurrency: of PATCHes racing on one ETag one wins and the others get
412, and read-modify-write loops with If-Match lose no update.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, text

from newsdb.db import is_sqlite, make_engine, session_scope
from newsdb.models import Article, ImportRun
from newsdb.schema import upgrade
from tests.conftest import LiveServer
from tests.test_serving import auth, make_token

# ~20 s of load; each client also stops after MAX_REQUESTS_PER_CLIENT, whichever comes first.
LOAD_SECONDS = 20
MAX_REQUESTS_PER_CLIENT = 400
WRITERS = 3
READERS = 4
REQUEST_TIMEOUT_S = 60
# The whole load phase is bounded: a client still busy after this is a hang.
JOIN_TIMEOUT_S = LOAD_SECONDS + 3 * REQUEST_TIMEOUT_S
PLACES = ["Niamey", "Bamako", "Gao", "Kidal", "Ouagadougou", "Dakar", "Berlin", "Paris"]


@dataclass
class Tally:
    """What the clients saw: statuses by operation, errors, and the writes acknowledged."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)  # acknowledged article id → title
    import_runs: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, operation: str, answer: requests.Response) -> None:
        with self.lock:
            self.statuses[(operation, answer.status_code)] += 1

    def known_ids(self) -> list[int]:
        with self.lock:
            return list(self.titles)

    def server_errors(self) -> dict[tuple[str, int], int]:
        return {key: n for key, n in self.statuses.items() if key[1] >= 500}


def article_body(client: int, number: int) -> dict[str, Any]:
    place = PLACES[(client + number) % len(PLACES)]
    return {"title": f"Writer {client} article {number}",
            "url": f"https://load.example/{client}/{number}",
            "published_at": "2024-03-05",
            "body": f"The ministers of Mali and Niger met in {place} on Tuesday to plan joint "
                    f"patrols (writer {client}, article {number}). Russia sent an observer to "
                    "the talks, officials said."}


def writer(server: LiveServer, secret: str, client: int, deadline: float,
           tally: Tally) -> None:
    """Create articles (single, and in small import batches) and correct their titles."""
    session = requests.Session()
    session.headers.update(auth(secret))
    mine: list[int] = []
    number = 0
    for step in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        try:
            if step % 5 == 4 and mine:
                article_id = mine[step % len(mine)]
                title = f"Writer {client} article {article_id} corrected at step {step}"
                answer = session.patch(f"{server.url}/api/v1/articles/{article_id}",
                                       json={"title": title}, timeout=REQUEST_TIMEOUT_S)
                tally.record("patch", answer)
                if answer.status_code == 200:
                    with tally.lock:
                        tally.titles[article_id] = title
            elif step % 5 == 2:
                batch = [article_body(client, number), article_body(client, number + 1)]
                number += 2
                answer = session.post(f"{server.url}/api/v1/imports?extract=false",
                                      json=batch, timeout=REQUEST_TIMEOUT_S)
                tally.record("import", answer)
                if answer.status_code == 201:
                    result = answer.json()
                    with tally.lock:
                        tally.import_runs.append(result["id"])
                        for item, sent in zip(result["results"], batch, strict=True):
                            if item["status"] == "created":
                                tally.titles[item["id"]] = sent["title"]
                                mine.append(item["id"])
                            else:
                                tally.errors.append(f"import item: {item}")
            else:
                sent = article_body(client, number)
                number += 1
                answer = session.post(f"{server.url}/api/v1/articles", json=sent,
                                      timeout=REQUEST_TIMEOUT_S)
                tally.record("create", answer)
                if answer.status_code != 201:
                    with tally.lock:
                        tally.errors.append(f"create: {answer.status_code} {answer.text[:200]}")
                else:
                    with tally.lock:
                        tally.titles[answer.json()["id"]] = sent["title"]
                    mine.append(answer.json()["id"])
        except requests.RequestException as error:
            with tally.lock:
                tally.errors.append(f"writer {client}: {error!r}")
    session.close()


READS: list[Callable[[random.Random, list[int]], str]] = [
    lambda rng, ids: "/api/v1/articles?page_size=50&sort=-published_at",
    lambda rng, ids: f"/api/v1/articles?q={rng.choice(PLACES)}",
    lambda rng, ids: f"/api/v1/articles/{rng.choice(ids)}" if ids else "/healthz",
    lambda rng, ids: f"/api/v1/articles/{rng.choice(ids)}/mentions" if ids else "/healthz",
    lambda rng, ids: f"/api/v1/search?q={rng.choice(PLACES)}",
    lambda rng, ids: "/api/v1/entities?sort=-mentions" if rng.random() < 0.5
    else "/api/v1/entities",
    lambda rng, ids: "/api/v1/events",
    lambda rng, ids: "/api/v1/reports/top_entities",
]


def reader(server: LiveServer, client: int, deadline: float, tally: Tally) -> None:
    """Read lists, details, searches and reports of what the writers store."""
    rng = random.Random(client)
    session = requests.Session()
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        path = rng.choice(READS)(rng, tally.known_ids())
        try:
            answer = session.get(server.url + path, timeout=REQUEST_TIMEOUT_S)
            tally.record("read " + path.split("?")[0].rstrip("0123456789/"), answer)
            if answer.status_code != 200:
                with tally.lock:
                    tally.errors.append(f"GET {path}: {answer.status_code} {answer.text[:200]}")
        except requests.RequestException as error:
            with tally.lock:
                tally.errors.append(f"reader {client}: {error!r}")
    session.close()


def run_clients(targets: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> None:
    threads = [threading.Thread(target=target, args=args, daemon=True)
               for target, args in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads), "a client hung"


@pytest.fixture()
def server(backend_url: str, live_server: Callable[..., LiveServer]) -> Iterator[LiveServer]:
    upgrade(backend_url)
    yield live_server(backend_url, workers=2)


def test_writers_and_readers_lose_nothing(server: LiveServer) -> None:
    _id, secret = make_token(server.database_url, "write")
    tally = Tally()
    deadline = time.monotonic() + LOAD_SECONDS
    run_clients([(writer, (server, secret, client, deadline, tally))
                 for client in range(WRITERS)]
                + [(reader, (server, client, deadline, tally)) for client in range(READERS)])
    server.stop()

    assert tally.server_errors() == {}, tally.server_errors()
    unexpected = {key: n for key, n in tally.statuses.items()
                  if key[1] not in (200, 201)}
    assert unexpected == {}, unexpected
    assert tally.errors == [], tally.errors[:10]
    writes = sum(n for (operation, _status), n in tally.statuses.items()
                 if operation in ("create", "import", "patch"))
    assert writes >= WRITERS, f"the load ran too few writes to mean anything: {tally.statuses}"
    assert len(tally.titles) >= WRITERS

    engine = make_engine(server.database_url)
    try:
        with session_scope(engine) as session:
            stored = dict(session.execute(select(Article.id, Article.title)).all())
            runs = session.scalar(select(func.count()).select_from(ImportRun)
                                  .where(ImportRun.id.in_(tally.import_runs)))
            urls = session.execute(select(Article.url, func.count()).group_by(Article.url)
                                   .having(func.count() > 1)).all()
        # Every acknowledged write is there, as last acknowledged, and nothing else is.
        assert stored == tally.titles
        assert urls == []
        assert runs == len(tally.import_runs)
        if is_sqlite(server.database_url):
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() \
                    == ["ok"]
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        engine.dispose()


def test_racing_patches_with_if_match(server: LiveServer) -> None:
    _id, secret = make_token(server.database_url, "write")
    created = requests.post(server.url + "/api/v1/articles?extract=false", headers=auth(secret),
                            json={"title": "count 0", "body": "A counter for racing clients."},
                            timeout=REQUEST_TIMEOUT_S)
    assert created.status_code == 201, created.text
    article = f"{server.url}/api/v1/articles/{created.json()['id']}"
    etag = requests.get(article, timeout=REQUEST_TIMEOUT_S).headers["ETag"]

    # One stale ETag, several clients at once: exactly one wins.
    barrier = threading.Barrier(4)
    outcomes: list[int] = []

    def race(client: int) -> None:
        barrier.wait(timeout=REQUEST_TIMEOUT_S)
        answer = requests.patch(article, json={"title": f"race {client}"},
                                headers={**auth(secret), "If-Match": etag},
                                timeout=REQUEST_TIMEOUT_S)
        outcomes.append(answer.status_code)
        if answer.status_code == 412:
            assert answer.json()["code"] == 412

    run_clients([(race, (client,)) for client in range(4)])
    assert sorted(outcomes) == [200, 412, 412, 412], outcomes

    # Read-modify-write with If-Match, retried on 412: no increment is lost.
    requests.patch(article, json={"title": "count 0"}, headers=auth(secret),
                   timeout=REQUEST_TIMEOUT_S).raise_for_status()
    increments_per_client, clients = 8, 4
    successes: list[int] = []
    conflicts: list[int] = []

    def increment(_client: int) -> None:
        session = requests.Session()
        session.headers.update(auth(secret))
        done = 0
        for _attempt in range(increments_per_client * 50):
            if done == increments_per_client:
                break
            current = session.get(article, timeout=REQUEST_TIMEOUT_S)
            count = int(current.json()["title"].split()[1])
            answer = session.patch(article, json={"title": f"count {count + 1}"},
                                   headers={"If-Match": current.headers["ETag"]},
                                   timeout=REQUEST_TIMEOUT_S)
            if answer.status_code == 200:
                done += 1
            else:
                assert answer.status_code == 412, answer.text
                conflicts.append(1)
        successes.append(done)
        session.close()

    run_clients([(increment, (client,)) for client in range(clients)])
    assert successes == [increments_per_client] * clients
    final = requests.get(article, timeout=REQUEST_TIMEOUT_S).json()
    assert final["title"] == f"count {increments_per_client * clients}"
    server.stop()
    engine = make_engine(server.database_url)
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version FROM articles WHERE id = :id"),
                                     {"id": created.json()["id"]}).scalar()
    engine.dispose()
    # Created (1), reset (+1), one race winner (+1), every increment (+1 each).
    assert version == 3 + increments_per_client * clients
