"""`datasette newsdb.sqlite3` serves the database, full-text search on articles included (§4, §9).

Datasette ignores `_search` on a table whose FTS table it does not recognize and answers every
row, so the tests check that a search narrows the rows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

datasette_app = pytest.importorskip("datasette.app", reason="datasette is in the test extra")


@pytest.fixture()
def database_file(database_url: str) -> Path:
    if not database_url.startswith("sqlite"):
        pytest.skip("Datasette serves SQLite files")
    return Path(database_url.removeprefix("sqlite:///"))


def _get(database_file: Path, path: str) -> Any:
    async def fetch() -> Any:
        datasette = datasette_app.Datasette([str(database_file)])
        response = await datasette.client.get(f"/{database_file.stem}{path}")
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_search_narrows_articles_to_the_german_one(database_file: Path) -> None:
    everything = _get(database_file, "/articles.json?_shape=array&_col=language")
    assert len(everything) == 3
    found = _get(database_file, "/articles.json?_search=sevare&_shape=array&_col=language")
    assert [row["language"] for row in found] == ["de"]
    assert "Sévaré" in _get(database_file, f"/articles/{found[0]['id']}.json?_shape=array")[0][
        "body"]


def test_datasette_recognizes_the_full_text_table(database_file: Path) -> None:
    table = _get(database_file, "/articles.json?_search=Pistorius")
    assert table["human_description_en"] == 'where search matches "Pistorius"'
    assert table["filtered_table_rows_count"] == 1
    assert _get(database_file, "/articles.json?_search=nosuchwordanywhere&_shape=array") == []


def test_datasette_serves_the_reporting_views(database_file: Path) -> None:
    rows = _get(database_file, "/report_source_coverage.json?_shape=array&language=de")
    assert [(row["language"], row["articles"]) for row in rows] == [("de", 1)]
