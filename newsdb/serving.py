"""Serve the app with gunicorn: the app of wsgi.py (``create_app()``), built in each worker."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication

# Threads per worker: a slow client holds a thread, not a whole process, and SQLite's WAL lets
# readers run beside the one writer. More threads than this mostly queue on the write lock.
DEFAULT_THREADS = 4
# A request that has not answered in this long is stuck (the SQLite busy timeout is 10 s and the
# ad hoc SQL limit 1 s): the worker is killed and replaced.
WORKER_TIMEOUT_SECONDS = 60
GRACEFUL_TIMEOUT_SECONDS = 10
# Recycle a worker after this many requests (plus jitter, so workers do not restart together):
# whatever a long-lived process accumulates goes with it.
MAX_REQUESTS = 10_000
MAX_REQUESTS_JITTER = 1_000
LOG_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"
# gunicorn's own error messages quote the client's request line: at most this much of them
MAX_ERROR_MESSAGE = 200


def configure_logging(level: int = logging.INFO) -> None:
    """Send newsdb's log lines (one per request, and unexpected errors) to stderr."""
    logger = logging.getLogger("newsdb")
    if any(not isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def write_json_error(sock: Any, status: int, reason: str, message: str) -> None:
    """Answer a request gunicorn refuses before the app sees it (a request line or headers
    too large, a malformed request) in newsdb's error shape, not gunicorn's HTML page."""
    with contextlib.suppress(ValueError):  # gunicorn gives 501 and 500 "Bad Request"
        reason = HTTPStatus(status).phrase
    message = message or reason
    if len(message) > MAX_ERROR_MESSAGE:
        message = message[:MAX_ERROR_MESSAGE - 1] + "…"
    body = json.dumps({"code": status, "status": reason, "message": message, "errors": {}})
    encoded = body.encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(encoded)}\r\n\r\n")
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + encoded)


def install_json_errors() -> None:
    """Have gunicorn's workers write their own errors with :func:`write_json_error` (they look
    the function up at each error: set before the fork, or in the worker, it holds)."""
    gunicorn_util.write_error = write_json_error


class NewsdbGunicorn(BaseApplication):  # type: ignore[misc]
    """A gunicorn application that builds wsgi.py's app in each worker (never in the master:
    a database connection must not cross a fork)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        install_json_errors()
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings an older gunicorn lacks are skipped
                self.cfg.set(key, value)

    def load(self) -> Any:
        from newsdb.app import create_app

        configure_logging()
        return create_app()


def gunicorn_options(*, host: str, port: int, workers: int, threads: int = DEFAULT_THREADS,
                     pid_file: Path | None = None) -> dict[str, Any]:
    """Return the gunicorn settings ``newsdb serve`` runs with."""
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # newsdb logs each request itself (newsdb.request), without query strings.
        "accesslog": None,
        "errorlog": "-",
        "timeout": WORKER_TIMEOUT_SECONDS,
        "graceful_timeout": GRACEFUL_TIMEOUT_SECONDS,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        "proc_name": "newsdb",
        # gunicorn 24+ opens a control socket in the home folder; two servers would share it.
        "control_socket_disable": True,
    }
    if pid_file is not None:
        options["pidfile"] = str(pid_file)
    return options


def run_gunicorn(database_url: str, *, host: str, port: int, workers: int,
                 threads: int = DEFAULT_THREADS, pid_file: Path | None = None) -> None:
    """Run gunicorn in the foreground until it is stopped (SIGTERM or SIGINT: graceful)."""
    os.environ["NEWSDB_DATABASE_URL"] = database_url
    NewsdbGunicorn(gunicorn_options(host=host, port=port, workers=workers, threads=threads,
                                    pid_file=pid_file)).run()
