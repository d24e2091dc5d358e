"""Profiles of the hot paths with pyinstrument: where an import with extraction and the API's
reads spend their time, by function (inclusive share of the profiled time, and own time).

Run on its own: ``python -m benchmarks.profiles [--articles N] [--db FILE]``. For a flame graph
of the same work, py-spy does it without touching the code::

    py-spy record -o import.svg -- newsdb --database-url sqlite:///x.db import corpus.ndjson

"""

from __future__ import annotations

import argparse
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.common import corpus_file, work_dir

TOP = 14
# Where a function lives, shortened: the project's own code first.
_PREFIXES = ("newsdb/", "sqlalchemy/", "marshmallow/", "flask_smorest/", "flask/", "werkzeug/",
             "webargs/", "benchmarks/")


def _where(frame: Any) -> str:
    path = (frame.file_path or "").replace("\\", "/")
    for prefix in _PREFIXES:
        index = path.find("/" + prefix)
        if index >= 0:
            return path[index + 1:]
    return frame.file_path_short or "?"


_LIBRARIES = (("newsdb/", "newsdb"), ("sqlalchemy/", "SQLAlchemy"), ("marshmallow/", "marshmallow"),
              ("flask_smorest/", "flask-smorest"), ("webargs/", "webargs"),
              ("apispec/", "apispec"), ("flask/", "Flask"), ("werkzeug/", "Werkzeug"),
              ("sqlite3/", "sqlite3"), ("json/", "json"))


def _library(frame: Any) -> str:
    path = (frame.file_path or "").replace("\\", "/")
    if frame.function.startswith(("Cursor.", "Connection.")) and path == "<built-in>" \
            or "/sqlite3/" in path or frame.function.endswith("do_execute"):
        return "SQLite (the C calls)"  # do_execute's own time is the cursor's C call
    for prefix, name in _LIBRARIES:
        if "/" + prefix in path:
            return name
    return "other"


def _aggregate(root: Any) -> tuple[Counter[str], Counter[str], Counter[str], float]:
    """Inclusive time by function (recursion counted once), own time by function and by
    library."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    libraries: Counter[str] = Counter()

    def walk(frame: Any, on_path: frozenset[str], parent: Any) -> None:
        if frame.is_synthetic:
            return  # "[self]": already in the parent's total_self_time
        key = _key(frame)
        own[key] += frame.total_self_time
        libraries[_library(frame)] += frame.total_self_time
        if key not in on_path:
            inclusive[key] += frame.time
        for child in frame.children:
            walk(child, on_path | {key}, frame)

    walk(root, frozenset(), None)
    return inclusive, own, libraries, root.time


def _key(frame: Any) -> str:
    name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
    return f"{name} ({_where(frame)}:{frame.line_no})"


def _table(title: str, root: Any, focus: str) -> str:
    inclusive, own, libraries, total = _aggregate(root)
    focus_time = max((t for k, t in inclusive.items() if k.startswith(focus + " ")),
                     default=total) or total
    # The project's own functions, the call chain above the work left out (it holds all of it).
    rows = [(k, t) for k, t in inclusive.most_common()
            if "(newsdb/" in k and t <= focus_time * 0.97][:TOP]
    lines = [f"### {title}", "", f"{focus_time:.2f} s profiled in `{focus}`.", "",
             "| newsdb function | inclusive | own |", "|---|---:|---:|"]
    lines += [f"| `{k}` | {100 * t / focus_time:.0f}% | {100 * own[k] / focus_time:.0f}% |"
              for k, t in rows]
    lines += ["", "Own time by library: " + ", ".join(
        f"{name} {100 * t / focus_time:.0f}%" for name, t in libraries.most_common() if t > 0)
        + ".", "", "Most own time: " + "; ".join(
        f"`{k.split(' (')[0]}` {100 * t / focus_time:.0f}%" for k, t in own.most_common(8))
        + "."]
    return "\n".join(lines) + "\n"


def profile_import(articles: int) -> str:
    """Profile newsdb's import with extraction of ``articles`` corpus articles."""
    from pyinstrument import Profiler

    from benchmarks.import_worker import _fresh_database, _warm_up
    from newsdb.db import make_engine
    from newsdb.pipeline.extract import extract_article
    from newsdb.pipeline.read import read_paths
    from newsdb.services.imports import run_import

    db = work_dir() / "profile-import.sqlite3"
    engine = make_engine(_fresh_database(db))
    _warm_up()
    profiler = Profiler(interval=0.001)
    profiler.start()
    run_import(engine, read_paths([corpus_file(articles)], "ndjson"), origin="cli",
               description="profile", after_store=extract_article)
    session = profiler.stop()
    engine.dispose()
    return _table(f"Import with extraction, {articles} articles into an empty database "
                  "(the growth with N: see the analysis)", session.root_frame(), "run_import")


def profile_requests(db: Path, requests: int = 30) -> str:
    """Profile the API's reads: article detail, an entity's articles, search."""
    from pyinstrument import Profiler

    from newsdb.app import create_app
    from newsdb.config import load_settings

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        max_id = connection.execute("SELECT max(id) FROM articles").fetchone()[0]
        top = connection.execute("SELECT entity_id FROM mentions GROUP BY entity_id "
                                 "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    app = create_app({"NEWSDB_SETTINGS": load_settings(
        {"NEWSDB_DATABASE_URL": f"sqlite:///{db}"})})
    client = app.test_client()
    sections = []
    for title, urls in (
        ("GET /articles/{id}", [f"/api/v1/articles/{1 + (i * 7919) % max_id}"
                                for i in range(requests)]),
        ("GET /articles?entity= (most mentioned entity)",
         [f"/api/v1/articles?entity={top}"] * requests),
        ("GET /search?q=Bamako", ["/api/v1/search?q=Bamako"] * requests),
    ):
        client.get(urls[0])
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for url in urls:
            client.get(url)
        session = profiler.stop()
        sections.append(_table(f"{title}, {len(urls)} requests", session.root_frame(),
                               "Flask.wsgi_app"))
    return "\n".join(sections)


def measure(articles: int, db: Path | None) -> str:
    parts = ["## Profiles (pyinstrument, this run)", "",
             "Inclusive share of the profiled time by function (own time beside it), for the "
             "work the targets are about. The analysis below reads them."]
    parts.append(profile_import(articles))
    if db is not None:
        parts.append(profile_requests(db))
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    print(measure(args.articles, args.db))


if __name__ == "__main__":
    main()
