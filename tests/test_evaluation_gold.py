"""A gold file for `newsdb evaluate` is checked before anything is scored: a typo in it must be
one clear line, not a traceback and not a silent miss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdb.cli import cli
from newsdb.errors import InputError
from newsdb.services.evaluation import load_gold

GOLD = Path(__file__).parent / "fixtures"
ARTICLE = {"file": "a.txt", "published": "2023-12-15",
           "entities": [{"name": "Mali", "type": "location", "surface": ["Mali"]}],
           "events": [{"type": "withdrawal", "date": "2023-12", "participants": ["Mali"],
                       "location": "Mali"}]}


def _with(**changes: Any) -> dict[str, Any]:
    return {**ARTICLE, **changes}


@pytest.mark.parametrize("gold, message", [
    ([], "a JSON list of objects"),
    ({"file": "a.txt"}, "a JSON list of objects"),
    ([{"file": 5}], "gold item 1: an object with a 'file'"),
    ([ARTICLE, "a.txt"], "gold item 2: an object with a 'file'"),
    ([_with(published="15/12/2023")],
     "gold item 1 \\(a.txt\\): 'published' must be a date such as '2023-12-15', not "
     "'15/12/2023'"),
    ([_with(published=20231215)], "'published' must be a date such as '2023-12-15', not "
                                  "20231215"),
    ([_with(published="2023-12")], "'published' must be a date such as"),
    ([_with(entities="Mali")], "'entities' must be a list of objects"),
    ([_with(entities=[{"name": "Mali", "type": "alien", "surface": ["Mali"]}])],
     "entity 1: 'type' must be one of person, organization, location, not 'alien'"),
    ([_with(entities=[{"name": "Mali", "type": "location", "surface": "Mali"}])],
     "entity 1: 'surface' must be a list of strings"),
    ([_with(events=[{"type": "nope"}])], "event 1: 'type' must be one of statement, visit"),
    ([_with(events=[{"type": "visit", "date": "2023-13"}])],
     "event 1: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, not '2023-13'"),
    ([_with(events=[{"type": "visit", "participants": "Mali"}])],
     "'participants' must be a list of strings"),
    ([_with(events=[{"type": "visit", "location": ["Mali"]}])], "'location' must be a name"),
    ([_with(events=[{"type": "visit", "location": 0}])], "'location' must be a name"),
])
def test_a_malformed_gold_file_is_named(tmp_path: Path, gold: Any, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1 and "unexpected" not in result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in GOLD.glob("*_gold.json")))
def test_the_project_gold_files_are_well_formed(name: str) -> None:
    assert load_gold(GOLD / name)
