"""What every benchmark shares: the work folder, the corpus files, percentiles, subprocesses that
answer in JSON, and a description of the machine."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.corpus import DEFAULT_SEED, write_ndjson

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("NEWSDB_BENCH_WORK", ROOT / "benchmarks" / ".work"))
PYTHON = sys.executable


def work_dir() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    return WORK


def corpus_file(n: int, seed: int = DEFAULT_SEED) -> Path:
    """Return the NDJSON corpus of ``n`` articles, writing it on first use (not timed)."""
    path = work_dir() / f"corpus-{n}-{seed}.ndjson"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_ndjson(partial, n, seed)
        partial.rename(path)
    return path


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile (0–1) of ``values``, nearest-rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run_json(args: list[str], *, env: dict[str, str] | None = None,
             timeout: float | None = None, cwd: Path = ROOT) -> dict[str, Any]:
    """Run ``python -m ARGS`` and return the JSON object its last stdout line holds.

    From ``cwd``: the source tree, or :func:`compiled_tree` to time the compiled build."""
    completed = subprocess.run([PYTHON, "-m", *args], cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, **(env or {})}, timeout=timeout, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({completed.returncode}):\n"
                           f"{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """Return this process's peak resident set size in MiB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Return this process's current resident set size in MiB (Linux)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


@dataclass
class Stopwatch:
    """Wall and CPU time of a block."""

    wall: float = 0.0
    cpu: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def machine() -> dict[str, str]:
    """Describe the machine and the versions that the numbers depend on."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        total_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{total_kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for package in ("newsdb", "SQLAlchemy", "Flask", "flask-smorest", "marshmallow", "gunicorn",
                    "datasette", "pyahocorasick", "py3langid"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    wrk = "not installed"
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        wrk = (out.stdout or out.stderr).split("[")[0].strip() or wrk
    except OSError:
        pass
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "wrk": wrk,
        **versions,
    }


def corpus_path_for_quick(n: int) -> Path:
    return corpus_file(n, DEFAULT_SEED)


def compiled_tree() -> Path:
    """Return a folder holding newsdb as ``NEWSDB_COMPILE=1 pip install .`` builds it (the
    extraction pipeline compiled with mypyc) and a link to these benchmarks: a measurement run
    from it (``run_json(..., cwd=compiled_tree())``) times the compiled build. Built once per
    state of the sources (~2-3 minutes), with the registry's mypy in pip's build environment."""
    digest = hashlib.sha256()
    sources = [*(ROOT / "newsdb").rglob("*.py"), ROOT / "setup.py", ROOT / "pyproject.toml",
               *(ROOT / "build_support").glob("*.py")]
    for path in sorted(sources):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    tree = work_dir() / f"compiled-{digest.hexdigest()[:12]}"
    if not (tree / "benchmarks").exists():
        partial = tree.with_name(tree.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        print(f"building the compiled newsdb into {tree.name} (a few minutes)", flush=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                        str(partial), str(ROOT)], env={**os.environ, "NEWSDB_COMPILE": "1"},
                       check=True)
        (partial / "benchmarks").symlink_to(ROOT / "benchmarks")
        partial.rename(tree)
    return tree


def is_compiled() -> bool:
    """Tell whether this process runs the compiled extraction pipeline."""
    from newsdb import pipeline_compiled

    return pipeline_compiled()
