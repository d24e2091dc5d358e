"""``python -m benchmarks run [--quick]``: measure newsdb and write docs/performance.md.

Sections (``--only`` picks some): extraction, import, queries, serving, profiles.

- full: imports of N = 1,000 and 10,000; queries and serving on 100,000 articles (the
  10,000 imported with extraction, scaled up by SQL: see ``benchmarks/database.py``);
- ``--quick``: imports of N = 100 and 500; queries and serving on 2,000 articles (the 500
  imported with extraction, scaled up): a few minutes.

Results accumulate in ``benchmarks/.work/results-{full,quick}.json`` (``--resume`` keeps the
sections a run does not redo); ``python -m benchmarks report`` writes docs/performance.md again
from them (after editing ``benchmarks/analysis.md``, say). ``python -m benchmarks corpus N
--out FILE`` writes a corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, machine, work_dir

SECTIONS = ("extraction", "import", "queries", "serving", "profiles")
FULL = {"import_sizes": (1_000, 10_000), "query_articles": 100_000, "base_articles": 10_000,
        "extraction_articles": 1_000, "requests": 200, "duration": 15, "profile_articles": 300}
QUICK = {"import_sizes": (100, 500), "query_articles": 2_000, "base_articles": 500,
         "extraction_articles": 150, "requests": 40, "duration": 5, "profile_articles": 60}


def _run(args: argparse.Namespace, argv: list[str] | None) -> int:
    settings: dict[str, Any] = dict(QUICK if args.quick else FULL)
    if args.import_sizes:
        settings["import_sizes"] = tuple(int(n) for n in args.import_sizes.split(","))
    if args.query_articles:
        settings["query_articles"] = args.query_articles
    if args.base_articles:
        settings["base_articles"] = args.base_articles
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    started_at, started = datetime.now(UTC).replace(microsecond=0), time.perf_counter()
    info = machine()
    results: dict[str, Any] = {}
    results_file = work_dir() / f"results-{'quick' if args.quick else 'full'}.json"
    if args.resume and results_file.exists():
        results = json.loads(results_file.read_text())

    def save() -> None:
        results_file.write_text(json.dumps(results, indent=1, default=str))

    if "extraction" in only:
        from benchmarks import extraction

        print("extraction: ms CPU per 1,000 words", flush=True)
        results["extraction"] = extraction.measure_builds(settings["extraction_articles"])
        save()
    if "import" in only:
        from benchmarks import importing

        print(f"import: N = {settings['import_sizes']}", flush=True)
        results["import"] = importing.measure(settings["import_sizes"])
        save()
    db: Path | None = None
    if only & {"queries", "serving", "profiles"}:
        from benchmarks.database import base_database, scaled_database

        base = base_database(settings["base_articles"])
        db = scaled_database(base, settings["query_articles"])
    if "queries" in only and db is not None:
        from benchmarks import queries
        from benchmarks.database import _article_count

        print(f"queries on {db.name}", flush=True)
        results["queries"] = queries.measure(db, requests=settings["requests"])
        results["queries"]["note"] = (
            f"Built from {_article_count(base):,} articles imported with extraction, scaled up "
            "by SQL (`benchmarks/database.py`).")
        save()
    if "serving" in only and db is not None:
        from benchmarks import serving

        print(f"serving on {db.name}", flush=True)
        results["serving"] = serving.measure(db, duration=settings["duration"])
        save()
    if "profiles" in only:
        from benchmarks import profiles

        print("profiles", flush=True)
        results["profiles"] = profiles.measure(settings["profile_articles"], db)
        save()
    command = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    meta = results.setdefault("meta", {"runs": []})
    meta["machine"] = info
    meta["runs"].append({"command": command.strip(), "sections": sorted(only),
                         "started": started_at.isoformat(timespec="minutes"),
                         "elapsed_s": round(time.perf_counter() - started)})
    save()
    return _write_report(results, args.out)


def _write_report(results: dict[str, Any], out_arg: str | None) -> int:
    from benchmarks import report

    out = Path(out_arg) if out_arg else ROOT / "docs" / "performance.md"
    report.write(results, out)
    print(f"wrote {out}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the benchmarks and write docs/performance.md")
    run.add_argument("--quick", action="store_true", help="small N: a few minutes")
    run.add_argument("--only", help=f"comma-separated sections of: {', '.join(SECTIONS)}")
    run.add_argument("--import-sizes", help="comma-separated N of the import runs")
    run.add_argument("--query-articles", type=int, help="articles in the query database")
    run.add_argument("--base-articles", type=int,
                     help="articles imported with extraction before the SQL scale-up")
    run.add_argument("--resume", action="store_true",
                     help="keep the sections of the last run that this one does not redo")
    run.add_argument("--out", help="report file (default: docs/performance.md)")
    rewrite = commands.add_parser("report", help="write docs/performance.md again from the "
                                                 "results of the last run")
    rewrite.add_argument("--quick", action="store_true", help="the last quick run's results")
    rewrite.add_argument("--out", help="report file (default: docs/performance.md)")
    corpus = commands.add_parser("corpus", help="write a deterministic NDJSON corpus")
    corpus.add_argument("n", type=int)
    corpus.add_argument("--out", required=True)
    corpus.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    if args.command == "corpus":
        from benchmarks.corpus import DEFAULT_SEED, write_ndjson

        words = write_ndjson(Path(args.out), args.n, args.seed or DEFAULT_SEED)
        print(f"{args.n} articles, {words} words -> {args.out}")
        return 0
    if args.command == "report":
        results_file = work_dir() / f"results-{'quick' if args.quick else 'full'}.json"
        return _write_report(json.loads(results_file.read_text()), args.out)
    return _run(args, argv)


if __name__ == "__main__":
    sys.exit(main())
