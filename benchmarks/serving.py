"""Serving throughput: newsdb under gunicorn (2 workers) beside Datasette's JSON API, the same
rows from the same SQLite file, both servers up at once and loaded in alternating slices from
loopback.

The load client is ``wrk`` (``apt-get install wrk``): a few threads of C that leave the two cores
to the servers. Without it, a small Python client (threads and ``http.client``) stands in; it
takes a core of its own, so its numbers are lower for both servers alike. Every run is bounded:
a fixed duration, a fixed number of connections, on 127.0.0.1 only; each server is started by
this module, and stopped by its own pid when its runs are done.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, ROOT, percentile, work_dir

HOST = "127.0.0.1"
CONNECTIONS = 8
# A Python client never sends more than this many requests in one run, whatever the duration.
MAX_PYTHON_CLIENT_REQUESTS = 200_000
STARTUP_TIMEOUT_S = 60
# Each server is loaded this long before the measured run, unmeasured: first requests compile
# SQL, fill caches and start workers.
WARMUP_S = 3
ROUNDS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_up(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no answer on {HOST}:{port}{path} after {STARTUP_TIMEOUT_S} s")


def _stop(process: subprocess.Popen[bytes], pid_file: Path | None = None) -> None:
    """Stop a server this module started: by the pid gunicorn wrote, else by the child's pid."""
    pid = process.pid
    if pid_file is not None and pid_file.exists():
        text = pid_file.read_text().strip()
        pid = int(text) if text.isdigit() else pid
    if process.poll() is None:
        os.kill(pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def gunicorn_server(db: Path, workers: int = 2) -> Iterator[int]:
    """Serve newsdb as ``newsdb serve`` does in production, on a free loopback port; yield the
    port."""
    port = _free_port()
    pid_file = Path(tempfile.mkdtemp(prefix="newsdb-bench-")) / "gunicorn.pid"
    env = {**os.environ, "NEWSDB_DATABASE_URL": f"sqlite:///{db.resolve()}"}
    process = subprocess.Popen(
        [PYTHON, "-c", "from newsdb.cli import main; main()", "serve", "--host", HOST,
         "--port", str(port), "--workers", str(workers), "--pid", str(pid_file)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(port, "/healthz", process)
        yield port
    finally:
        _stop(process, pid_file)
        shutil.rmtree(pid_file.parent, ignore_errors=True)


@contextmanager
def datasette_server(db: Path) -> Iterator[int]:
    """Serve the same file with Datasette (its defaults); yield the port."""
    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "datasette", "serve", str(db.resolve()), "--host", HOST,
         "--port", str(port)],
        cwd=work_dir(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(port, f"/{db.stem}.json", process)
        yield port
    finally:
        _stop(process)


def _wrk(port: int, path_template: str, max_id: int, duration: int) -> dict[str, Any]:
    """Load one URL pattern with wrk for ``duration`` seconds; ``{id}`` takes random ids."""
    script = Path(tempfile.mkstemp(suffix=".lua", prefix="newsdb-bench-")[1])
    lua_path = path_template.replace("%", "%%").replace("{id}", "%d")
    script.write_text(
        "math.randomseed(42)\n"
        "request = function()\n"
        f"  return wrk.format('GET', string.format('{lua_path}', math.random(1, {max_id})))\n"
        "end\n")
    try:
        completed = subprocess.run(
            ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{duration}s", "--latency",
             "--timeout", "10s", "-s", str(script), f"http://{HOST}:{port}"],
            capture_output=True, text=True, timeout=duration + 60, check=True)
    finally:
        script.unlink(missing_ok=True)
    out = completed.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    p50 = _wrk_latency(out, "50%")
    p99 = _wrk_latency(out, "99%")
    return {"client": "wrk", "rps": rps, "p50_ms": p50, "p99_ms": p99,
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "socket_errors": errors.group(0) if errors else ""}


def _wrk_latency(out: str, label: str) -> float:
    match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _python_client(port: int, path_template: str, max_id: int, duration: int) -> dict[str, Any]:
    """Load with threads of http.client keep-alive connections, bounded in time and count."""
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < deadline and len(mine) < MAX_PYTHON_CLIENT_REQUESTS:
            path = path_template.replace("{id}", str(rng.randint(1, max_id)))
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures[0] += 1
            except OSError:
                failures[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"client": "python", "rps": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
            "non_2xx": failures[0], "socket_errors": ""}


def load(port: int, path_template: str, max_id: int, duration: int) -> dict[str, Any]:
    """Load one URL pattern; wrk when installed, else the Python client."""
    if shutil.which("wrk"):
        return _wrk(port, path_template, max_id, duration)
    return _python_client(port, path_template, max_id, duration)


def _combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Join the slices of one server's load: mean rate, median of the slices' percentiles."""
    def middle(key: str) -> float:
        return sorted(run[key] for run in runs)[len(runs) // 2]

    return {"client": runs[0]["client"], "rps": sum(run["rps"] for run in runs) / len(runs),
            "p50_ms": middle("p50_ms"), "p99_ms": middle("p99_ms"),
            "non_2xx": sum(run["non_2xx"] for run in runs),
            "socket_errors": "; ".join(run["socket_errors"] for run in runs
                                      if run["socket_errors"])}


def measure(db: Path, *, duration: int = 10) -> dict[str, Any]:
    """Requests/s of newsdb and Datasette on two comparable endpoints."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        max_id = connection.execute("SELECT max(id) FROM articles").fetchone()[0]
    name = db.stem
    pairs = [
        ("one article by id", "/api/v1/articles/{id}", f"/{name}/articles/{{id}}.json"),
        ("a 20-row list, newest first", "/api/v1/articles?page_size=20",
         f"/{name}/articles.json?_size=20&_sort_desc=published_at&_nosuggest=1"),
    ]
    results: dict[str, dict[str, Any]] = {}
    # Both servers run at once and take turns under load, ROUNDS slices each, so that whatever
    # else the machine does falls on both alike.
    with gunicorn_server(db) as newsdb_port, datasette_server(db) as datasette_port:
        for label, newsdb_path, datasette_path in pairs:
            targets = {"newsdb": (newsdb_port, newsdb_path),
                       "datasette": (datasette_port, datasette_path)}
            slices: dict[str, list[dict[str, Any]]] = {"newsdb": [], "datasette": []}
            for port, path in targets.values():
                load(port, path, max_id, WARMUP_S)
            for _ in range(ROUNDS):
                for server, (port, path) in targets.items():
                    slices[server].append(load(port, path, max_id, max(1, duration // ROUNDS)))
            for server, runs in slices.items():
                results.setdefault(label, {})[server] = _combine(runs)
                print(f"  {server:<9} {label:<30} {results[label][server]['rps']:8.0f} req/s",
                      flush=True)
    return {"database": str(db), "duration_s": duration, "connections": CONNECTIONS,
            "client": "wrk" if shutil.which("wrk") else "python",
            "rows": [{"endpoint": label, "newsdb_path": path, "datasette_path": ds_path,
                      **{f"{server}_{key}": value for server in ("newsdb", "datasette")
                         for key, value in results[label][server].items()}}
                     for label, path, ds_path in pairs]}
