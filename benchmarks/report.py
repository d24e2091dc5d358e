"""Write the results of a run to docs/performance.md: machine, versions, command, tables, and the
hand-written analysis of ``benchmarks/analysis.md`` (profiles, hot spots, fixes)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from benchmarks import extraction, importing, queries
from benchmarks.common import ROOT

ANALYSIS = ROOT / "benchmarks" / "analysis.md"

HEADER = """# Performance

Measured by the benchmarks in `benchmarks/`, with one command:

```sh
pip install -e ".[bench]"      # datasette, pyinstrument, py-spy
apt-get install wrk            # optional load client (a Python client stands in without it)
python -m benchmarks run           # full: imports of N = 1,000 and 10,000, queries and
                                   # serving at 100,000 articles (30–90 min on two cores)
python -m benchmarks run --quick   # imports of N = 100 and 500, queries at 2,000: minutes
python -m benchmarks report        # rewrite this file from the last run's results
```

The command writes this file (its first part; the analysis at the end is `benchmarks/analysis.md`).
The corpus is generated (`benchmarks/corpus.py`, seeded: the same articles on every machine).
This machine is shared and has two cores: absolute times move with whatever else runs, so every
number stands beside its floor or its rival **measured in the same run, interleaved**, and the
ratios are what to read. CPU seconds are given where wall time is at the mercy of other
processes.
"""


def _fmt(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _verdict(ok: bool) -> str:
    return "✅ holds" if ok else "❌ misses"


def _machine(meta: dict[str, Any]) -> str:
    lines = ["## Runs", "", "| command | sections | started (UTC) | took |", "|---|---|---|---:|"]
    for run in meta.get("runs", []):
        lines.append(f"| `{run['command']}` | {', '.join(run['sections'])} | "
                     f"{run['started'].replace('T', ' ')[:16]} | {run['elapsed_s'] / 60:.0f} min |")
    lines += ["", "| machine and versions | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in meta.get("machine", {}).items()]
    return "\n".join(lines) + "\n"


def _runs(result: dict[str, Any]) -> str:
    """The runs a target's number is the median of, when it ran more than once."""
    rates = result.get("rates")
    if not rates or len(rates) < 2:
        return ""
    return f", median of {len(rates)} runs: " + ", ".join(f"{rate:.0f}" for rate in rates)


def _summary(results: dict[str, Any]) -> str:
    rows = []
    imp = results.get("import")
    if imp:
        largest = max(imp["sizes"])
        by = {(r["n"], r["mode"]): r for r in imp["results"]}
        extract = by[(largest, "newsdb-extract")]
        rate = extract["articles"] / extract["wall"]
        cpu_rate = extract["articles"] / extract["cpu"]
        pooled = by.get((largest, "newsdb-extract-workers"))
        compiled = by.get((largest, "newsdb-extract-workers-compiled"))
        if pooled is not None:
            pooled_rate = target_rate = pooled["articles"] / pooled["wall"]
            measured = f"{pooled_rate:.0f}/s wall (N={largest:,}{_runs(pooled)})"
            if compiled is not None:  # what `pip install .` builds where a C compiler works
                target_rate = compiled["articles"] / compiled["wall"]
                measured = (f"{target_rate:.0f}/s wall (N={largest:,}{_runs(compiled)}) as "
                            "`pip install .` builds it (compiled); pure Python (no C compiler, "
                            f"or `pip install -e .`) {pooled_rate:.0f}/s{_runs(pooled)}")
            rows.append(("import with extraction ≥ 150 articles/s (one `newsdb import`: its "
                         f"writer and {_workers(pooled)})",
                         f"{measured}; without workers {rate:.0f}/s wall, {cpu_rate:.0f}/s "
                         "per CPU second (pure)",
                         _verdict(target_rate >= importing.TARGET_ARTICLES_PER_SECOND)))
        else:
            rows.append(("import with extraction ≥ 150 articles/s (one process)",
                         f"{rate:.0f}/s wall, {cpu_rate:.0f}/s per CPU second (N={largest:,})",
                         _verdict(cpu_rate >= importing.TARGET_ARTICLES_PER_SECOND)))
        scale = imp["scaling"].get("newsdb-extract:cpu")
        marginal = imp.get("marginal")
        if marginal:
            rows.append((f"per-article time at N={marginal['large']:,} ≤ 1.2× "
                         f"N={marginal['small']:,} (with extraction)",
                         f"{marginal['ratio']:.2f}×: one more article costs "
                         f"{marginal['ms_cpu_large']:.0f} vs {marginal['ms_cpu_small']:.0f} ms "
                         f"CPU, side by side (whole runs: {scale:.2f}× CPU)",
                         _verdict(marginal["ratio"] <= importing.TARGET_SCALING)))
        elif scale:
            rows.append((f"per-article time at N={largest:,} ≤ 1.2× N={min(imp['sizes']):,}",
                         f"{scale:.2f}× (CPU), "
                         f"{imp['scaling']['newsdb-extract:wall']:.2f}× (wall)",
                         _verdict(scale <= importing.TARGET_SCALING)))
        if scale:
            rss = imp["scaling"]["newsdb-extract:rss"]
            rows.append(("peak memory flat as N grows", f"{rss:.2f}× peak RSS",
                         _verdict(rss <= 1.2)))
        rows.append(("every article atomic", "committed 50 at a time; a failure rolls the "
                     "batch back and stores it again one transaction per article "
                     "(`services/imports.py: _Batch`, `tests/test_import_batches.py`)",
                     "✅ holds"))
    ext = results.get("extraction")
    if ext:
        overall = ext["rows"][-1]["extract_ms_per_1000_words"]
        compiled = ext.get("compiled")
        if compiled:
            fastest = compiled["rows"][-1]["extract_ms_per_1000_words"]
            rows.append(("extraction ≤ 20 ms CPU / 1,000 words",
                         f"{fastest:.1f} ms compiled (`pip install .`), {overall:.1f} ms "
                         "pure Python", _verdict(fastest <= extraction.TARGET_MS_PER_1000_WORDS)))
        else:
            rows.append(("extraction ≤ 20 ms CPU / 1,000 words", f"{overall:.1f} ms",
                         _verdict(overall <= extraction.TARGET_MS_PER_1000_WORDS)))
    qry = results.get("queries")
    if qry:
        for row in qry["rows"]:
            if row.get("timed_out_s"):
                rows.append((f"{row['endpoint']}: ≤ 1.2× raw SQL",
                             f"over {row['timed_out_s']:.0f} s (interrupted) vs "
                             f"{row['hand_p50']:.0f} ms hand SQL", _verdict(False)))
            elif row["kind"] == "point":
                overhead = row["api_p50"] - row["hand_p50"]
                rows.append((f"{row['endpoint']}: ≤ 2 ms above raw SQL (p50)",
                             f"{overhead:+.1f} ms ({row['api_p50']:,.1f} vs "
                             f"{row['hand_p50']:,.2f} ms)", _verdict(overhead <= 2.0)))
            elif row["hand_p50"] >= queries.SLOW_QUERY_MS:
                ratio = row["api_p50"] / max(row["hand_p50"], 1e-9)
                rows.append((f"{row['endpoint']}: ≤ 1.2× raw SQL (a query over 50 ms)",
                             f"{ratio:.1f}× ({row['api_p50']:,.0f} vs {row['hand_p50']:,.0f} ms)",
                             _verdict(ratio <= queries.TARGET_SLOW_RATIO)))
            else:
                overhead = row["api_p50"] - row["hand_p50"]
                rows.append((f"{row['endpoint']}: ≤ 2 ms above raw SQL (a query under 50 ms, "
                             "held to the point-read rule)",
                             f"{overhead:+,.1f} ms ({row['api_p50']:,.1f} vs "
                             f"{row['hand_p50']:,.1f} ms)",
                             _verdict(overhead <= queries.TARGET_POINT_OVERHEAD_MS)))
        searches = [r for r in qry["rows"] if r["endpoint"].startswith("GET /search")]
        if searches:
            worst = max(r["api_p50"] if not r.get("timed_out_s") else r["timed_out_s"] * 1000
                        for r in searches)
            rows.append((f"search p50 ≤ 20 ms at {qry['counts']['articles']:,} articles",
                         f"{worst:.0f} ms (slowest of {len(searches)} queries)",
                         _verdict(worst <= queries.TARGET_SEARCH_P50_MS)))
    srv = results.get("serving")
    if srv:
        for row in srv["rows"]:
            ratio = row["newsdb_rps"] / max(row["datasette_rps"], 1e-9)
            rows.append((f"requests/s ≥ Datasette: {row['endpoint']}",
                         f"{ratio:.2f}× ({row['newsdb_rps']:.0f} vs {row['datasette_rps']:.0f})",
                         _verdict(ratio >= 1.0)))
    lines = ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def _workers(result: dict[str, Any]) -> str:
    count = result.get("workers", "?")
    return f"{count} worker" + ("" if count == 1 else "s")


def _import(imp: dict[str, Any]) -> str:
    by = {(r["n"], r["mode"]): r for r in imp["results"]}
    lines = ["## Import", "",
             "`newsdb` is the import use case as `newsdb import FILE.ndjson --no-extract` runs "
             "it (read, clean, metadata, language, quality flags, store; each article atomic, "
             "committed 50 at a time); `newsdb + extraction` adds entities, mentions and "
             "events, in one process "
             "(`newsdb import --workers 0`); `newsdb + extraction, N workers` is `newsdb import` "
             "as it runs by default: forked workers run the text stages and draft the "
             "extraction ahead of the one writer, which stores the articles in input order "
             "(the result is the same); the floor inserts the same "
             "rows with one raw sqlite3 "
             "`executemany` in one transaction into the same schema (indexes and full-text "
             "triggers included). Each run is a fresh process and database; knowledge base and "
             "language model are loaded before the clock starts.", "",
             "| N | mode | articles/s (wall) | words/s (wall) | articles per CPU s | "
             "ms CPU / article | × floor (CPU) | peak RSS MiB (start) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for n in imp["sizes"]:
        floor = by[(n, "floor")]
        for mode in importing.MODES:
            if (n, mode) not in by:  # a run from before the mode existed
                continue
            r = by[(n, mode)]
            label = {"floor": "floor: sqlite3 executemany", "newsdb": "newsdb",
                     "newsdb-extract": "newsdb + extraction, no workers",
                     "newsdb-extract-workers": f"newsdb + extraction, {_workers(r)} "
                                               "(CPU: all processes)",
                     "newsdb-extract-compiled": "compiled (`pip install .`): newsdb + "
                                                "extraction, no workers",
                     "newsdb-extract-workers-compiled": f"compiled (`pip install .`): newsdb "
                                                        "+ extraction, "
                                                        f"{_workers(r)} (CPU: all processes)",
                     }[mode]
            lines.append(
                f"| {n:,} | {label} | {_fmt(r['articles'] / r['wall'], 0)} | "
                f"{_fmt(r['words'] / r['wall'], 0)} | {_fmt(r['articles'] / r['cpu'], 0)} | "
                f"{_fmt(r['cpu'] * 1000 / r['articles'], 2)} | "
                f"{_fmt(r['cpu'] / floor['cpu'], 0)}× | "
                f"{_fmt(r['peak_rss_mib'], 0)} ({_fmt(r['start_rss_mib'], 0)}) |")
    if imp["scaling"]:
        small, large = min(imp["sizes"]), max(imp["sizes"])
        lines += ["", f"Per-article time at N={large:,} over N={small:,}, and peak memory:", "",
                  "| mode | CPU | wall | peak RSS |", "|---|---:|---:|---:|"]
        for mode in importing.MODES:
            s = imp["scaling"]
            if mode + ":cpu" not in s:
                continue
            lines.append(f"| {mode} | {s[mode + ':cpu']:.2f}× | {s[mode + ':wall']:.2f}× | "
                         f"{s[mode + ':rss']:.2f}× |")
    marginal = imp.get("marginal")
    if marginal:
        lines += ["", "The whole-run ratio mixes in how busy the machine was during each run. Side "
                  f"by side instead: the same {marginal['probe']} new articles imported with "
                  f"extraction into copies of the N={marginal['small']:,} and "
                  f"N={marginal['large']:,} databases, alternating, {marginal['rounds']} rounds "
                  f"(median): **{marginal['ms_cpu_small']:.1f} ms CPU per article at "
                  f"N={marginal['small']:,}, {marginal['ms_cpu_large']:.1f} ms at "
                  f"N={marginal['large']:,}, {marginal['ratio']:.2f}×**."]
    return "\n".join(lines) + "\n"


def _extraction(ext: dict[str, Any]) -> str:
    lines = ["## Extraction", "",
             "CPU milliseconds per 1,000 words of the body. *Text stages*: clean, metadata, "
             "language, quality (`prepare_text`). *Extraction*: sentences, mentions, events (the "
             "pure stages; linking and storing are in the import numbers). *Floor*: one regex "
             "pass over the folded body, timed beside each article.", ""]
    compiled = {row["language"]: row for row in ext.get("compiled", {}).get("rows", [])}
    if compiled:
        lines += [f"Two builds, each in a process of its own, alternating {ext['rounds']} times "
                  "(each build's fastest run): pure Python (`pip install -e .`, or no C "
                  "compiler), and the build `pip install .` makes where a C compiler works "
                  "(`NEWSDB_COMPILE=1` insists on it), whose extraction pipeline "
                  "(`newsdb/pipeline`) mypyc compiled to C. Both find the same facts "
                  "(`tests/test_compiled.py`).", "",
                  "| language | words | text stages | extraction | floor | extraction × floor | "
                  "compiled: text stages | compiled: extraction | compiled: × its floor |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    else:
        lines += ["| language | words | text stages | extraction | floor | extraction × floor |",
                  "|---|---:|---:|---:|---:|---:|"]
    for row in ext["rows"]:
        line = (f"| {row['language']} | {row['words']:,} | "
                f"{_fmt(row['text_ms_per_1000_words'], 2)} | "
                f"{_fmt(row['extract_ms_per_1000_words'], 2)} | "
                f"{_fmt(row['floor_ms_per_1000_words'], 3)} | "
                f"{_fmt(row['extract_vs_floor'], 0)}× |")
        other = compiled.get(row["language"])
        if other:
            line += (f" {_fmt(other['text_ms_per_1000_words'], 2)} | "
                     f"{_fmt(other['extract_ms_per_1000_words'], 2)} | "
                     f"{_fmt(other['extract_vs_floor'], 0)}× |")
        elif compiled:
            line += " – | – | – |"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _queries(qry: dict[str, Any]) -> str:
    counts = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in qry["counts"].items())
    lines = ["## Queries", "", f"Database: {counts}. {qry.get('note', '')}", "",
             "*API*: Flask's test client in process (routing, arguments, ORM, serialization, "
             "ETag). *Replay*: the statements newsdb sent for the same request, replayed with raw "
             "sqlite3. *Hand SQL*: the query a person would write for the same page of 20 and "
             "its total. The three run interleaved, request by request. Milliseconds.", "",
             "| endpoint | API p50 | API p99 | replay p50 | replay p99 | hand SQL p50 | "
             "hand SQL p99 | API − replay (p50) | API ÷ hand (p50) | statements | requests |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in qry["rows"]:
        if r.get("timed_out_s"):
            over = f"> {r['timed_out_s'] * 1000:,.0f}"
            lines.append(f"| {r['endpoint']} | {over} | – | {over} | – | "
                         f"{_fmt(r['hand_p50'], 2)} | {_fmt(r['hand_p99'], 2)} | – | "
                         f"> {r['timed_out_s'] * 1000 / max(r['hand_p50'], 1e-9):,.0f}× | – | "
                         "1, interrupted |")
            continue
        lines.append(
            f"| {r['endpoint']} | {_fmt(r['api_p50'], 2)} | {_fmt(r['api_p99'], 2)} | "
            f"{_fmt(r['replay_p50'], 2)} | {_fmt(r['replay_p99'], 2)} | "
            f"{_fmt(r['hand_p50'], 2)} | {_fmt(r['hand_p99'], 2)} | "
            f"{r['api_p50'] - r['replay_p50']:+,.1f} | "
            f"{_fmt(r['api_p50'] / max(r['hand_p50'], 1e-9), 1)}× | {r['statements']} | "
            f"{r['requests']} |")
    return "\n".join(lines) + "\n"


def _serving(srv: dict[str, Any]) -> str:
    lines = ["## Serving", "",
             f"newsdb as `newsdb serve --workers 2` runs it (gunicorn, 2 gthread workers of 4 "
             f"threads, keep-alive, request log on) and Datasette (`datasette "
             f"serve FILE`, its defaults) on the same file, both up at once and loaded in turns "
             f"(three alternating slices each); load client "
             f"`{srv['client']}` on 127.0.0.1 with {srv['connections']} connections for "
             f"{srv['duration_s']} s per row in all after an unmeasured warm-up, random article "
             "ids. Both keep connections open.", "",
             "| endpoint | newsdb req/s | Datasette req/s | newsdb ÷ Datasette | newsdb p50 / p99 "
             "ms | Datasette p50 / p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in srv["rows"]:
        errors = r["newsdb_non_2xx"] + r["datasette_non_2xx"]
        lines.append(
            f"| {r['endpoint']} (`{r['newsdb_path']}` vs `{r['datasette_path']}`) | "
            f"{_fmt(r['newsdb_rps'], 0)} | {_fmt(r['datasette_rps'], 0)} | "
            f"{r['newsdb_rps'] / max(r['datasette_rps'], 1e-9):.2f}× | "
            f"{_fmt(r['newsdb_p50_ms'], 0)} / {_fmt(r['newsdb_p99_ms'], 0)} | "
            f"{_fmt(r['datasette_p50_ms'], 0)} / {_fmt(r['datasette_p99_ms'], 0)} | "
            f"{errors or 'none'} |")
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], path: Path) -> None:
    """Write the report of the accumulated results to ``path``."""
    parts = [HEADER, _machine(results.get("meta", {})), _summary(results)]
    if "import" in results:
        parts.append(_import(results["import"]))
    if "extraction" in results:
        parts.append(_extraction(results["extraction"]))
    if "queries" in results:
        parts.append(_queries(results["queries"]))
    if "serving" in results:
        parts.append(_serving(results["serving"]))
    if "profiles" in results:
        parts.append(results["profiles"])
    if ANALYSIS.exists():
        parts.append(ANALYSIS.read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
