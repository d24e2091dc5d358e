"""Import throughput: newsdb with and without extraction beside the raw sqlite3 floor.

Each measurement runs in a process of its own (``benchmarks.import_worker``) on a fresh
database, so that its peak memory is its own; the three modes run interleaved for each N, so a
busy shared machine slows them alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.common import corpus_file, run_json, work_dir

MODES = ("floor", "newsdb", "newsdb-extract")
# The targets of the issue.
TARGET_ARTICLES_PER_SECOND = 150
TARGET_SCALING = 1.2  # per-article time at the larger N over that at the smaller


def measure(sizes: tuple[int, ...]) -> dict[str, Any]:
    """Return one result per (N, mode), plus the per-article scaling between the sizes."""
    results: list[dict[str, Any]] = []
    for n in sizes:
        ndjson = corpus_file(n)
        for mode in MODES:
            db = work_dir() / f"import-{mode}-{n}.sqlite3"
            result = run_json(["benchmarks.import_worker", mode, str(ndjson), str(db)])
            result.update(n=n, mode=mode)
            results.append(result)
            _print(result)
            if mode == "newsdb-extract" and n == max(sizes):
                keep_as_base(db, n)  # the query benchmarks start from it
            for suffix in ("", "-wal", "-shm"):
                db.with_name(db.name + suffix).unlink(missing_ok=True)
    return {"sizes": list(sizes), "results": results, "scaling": _scaling(results, sizes)}


def keep_as_base(db: Path, n: int) -> None:
    """Keep a database imported with extraction as the base of the query database."""
    from benchmarks.database import base_path

    target = base_path(n)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db.rename(target)


def _print(result: dict[str, Any]) -> None:
    print(f"  import {result['mode']:<15} N={result['n']:>6}: {result['articles']} articles, "
          f"{result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
          f"{result['articles'] / result['wall']:.0f} articles/s, "
          f"peak {result['peak_rss_mib']:.0f} MiB", flush=True)


def _scaling(results: list[dict[str, Any]], sizes: tuple[int, ...]) -> dict[str, float]:
    """Per-article time (CPU and wall) at the largest N over that at the smallest, by mode."""
    if len(sizes) < 2:
        return {}
    small, large = min(sizes), max(sizes)
    scaling: dict[str, float] = {}
    for mode in MODES:
        by_n = {r["n"]: r for r in results if r["mode"] == mode}
        a, b = by_n[small], by_n[large]
        for clock in ("wall", "cpu"):
            scaling[f"{mode}:{clock}"] = ((b[clock] / b["articles"]) / (a[clock] / a["articles"]))
        scaling[f"{mode}:rss"] = b["peak_rss_mib"] / a["peak_rss_mib"]
    return scaling
