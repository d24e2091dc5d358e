"""Everything public is documented: every table, view and column and every named report in
docs/reporting.md (with an ER diagram generated from the models), every setting in README.md."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from newsdb.models import Base
from newsdb.reports import list_reports, run_report

ROOT = Path(__file__).resolve().parent.parent
REPORTING = ROOT / "docs" / "reporting.md"
README = ROOT / "README.md"
# Sample values for report parameters, to learn each report's columns.
SAMPLE_PARAMS = {"entity": "Mali", "country": "ML"}


def _sections(level: int) -> dict[str, dict[str, str]]:
    """Map each H2 section to its sub-sections: {"Tables": {"articles": "…text…"}}."""
    document = REPORTING.read_text(encoding="utf-8")
    chapters: dict[str, dict[str, str]] = {}
    for chapter in re.split(r"^## ", document, flags=re.MULTILINE)[1:]:
        title, _, body = chapter.partition("\n")
        parts = re.split(rf"^#{{{level}}} `([^`]+)`", body, flags=re.MULTILINE)
        chapters[title.strip()] = dict(zip(parts[1::2], parts[2::2], strict=True))
    return chapters


def _documented_columns(section: str) -> list[str]:
    """The first cells of a section's table rows: `name` | …"""
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def chapters() -> dict[str, dict[str, str]]:
    return _sections(3)


def test_every_table_and_column_is_documented(chapters: dict[str, dict[str, str]]) -> None:
    tables = chapters["Tables"]
    for table in Base.metadata.tables.values():
        assert table.name in tables, f"table {table.name} is not in docs/reporting.md"
        documented = _documented_columns(tables[table.name])
        missing = [c.name for c in table.columns if c.name not in documented]
        assert not missing, f"{table.name}: columns {missing} are not documented"
        stale = [name for name in documented if name not in table.columns]
        assert not stale, f"{table.name}: documented columns {stale} do not exist"
    assert set(tables) == set(Base.metadata.tables)


def test_every_view_and_column_is_documented(engine: Engine,
                                             chapters: dict[str, dict[str, str]]) -> None:
    inspector = inspect(engine)
    views = sorted(name for name in inspector.get_view_names() if name.startswith("report_"))
    assert views
    documented_views = chapters["Views"]
    assert set(documented_views) == set(views), "views and their docs differ"
    for view in views:
        columns = [column["name"] for column in inspector.get_columns(view)]
        assert _documented_columns(documented_views[view]) == columns, view


def test_every_named_report_is_documented(session: Session,
                                          chapters: dict[str, dict[str, str]]) -> None:
    documented = chapters["Named reports"]
    assert set(documented) == {report.name for report in list_reports()}
    for report in list_reports():
        cells = _documented_columns(documented[report.name])
        params = [param.name for param in report.params]
        assert cells[:len(params)] == params, f"{report.name}: parameters"
        values = {p.name: SAMPLE_PARAMS[p.type] for p in report.params if p.type in SAMPLE_PARAMS}
        columns = run_report(session, report.name, values).columns
        assert cells[len(params):] == columns, f"{report.name}: columns"


def _er_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("er_diagram", ROOT / "scripts" / "er_diagram.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_er_diagram_is_generated_from_the_models() -> None:
    script = _er_script()
    document = REPORTING.read_text(encoding="utf-8")
    assert script.replace_block(document, script.current_diagram()) == document, (
        "docs/reporting.md is out of date: run python scripts/er_diagram.py --write")
    diagram = script.current_diagram()
    for table in Base.metadata.tables:
        assert f"    {table} {{" in diagram
    assert '    entities |o--o{ entities : "merged_into_id"' in diagram
    assert '    articles ||--o{ mentions : "article_id"' in diagram


def test_the_er_diagram_check_fails_when_out_of_date(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    script = _er_script()
    stale = tmp_path / "reporting.md"
    stale.write_text(REPORTING.read_text(encoding="utf-8").replace("    sources {",
                                                                   "    old_sources {"),
                     encoding="utf-8")
    monkeypatch.setattr(script, "DOC", stale)
    assert script.main(["--check"]) == 1
    assert script.main(["--write"]) == 0
    assert script.main(["--check"]) == 0


def test_every_setting_is_documented_in_the_readme() -> None:
    source = (ROOT / "newsdb" / "config.py").read_text(encoding="utf-8")
    settings = sorted(set(re.findall(r"NEWSDB_[A-Z_]+", source)))
    assert "NEWSDB_SQL_TIME_LIMIT_MS" in settings and "NEWSDB_SQL_MAX_ROWS" in settings
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in settings if f"`{name}`" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"


def test_the_reporting_docs_examples_name_real_things(engine: Engine) -> None:
    document = REPORTING.read_text(encoding="utf-8")
    for name in re.findall(r"newsdb report ([a-z_]+)", document):
        assert name in {report.name for report in list_reports()}, name
    for view in set(re.findall(r"\b(report_[a-z_]+)\b", document)):
        with engine.connect() as connection:
            connection.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).all()
