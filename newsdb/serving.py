"""Serve the app with gunicorn (the same app as wsgi.py)."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication


class NewsdbGunicorn(BaseApplication):  # type: ignore[misc]
    """A gunicorn application that loads ``wsgi:app``'s factory in each worker."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from newsdb.app import create_app

        return create_app()


def run_gunicorn(database_url: str, *, host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until it is stopped."""
    os.environ["NEWSDB_DATABASE_URL"] = database_url
    NewsdbGunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
    }).run()
