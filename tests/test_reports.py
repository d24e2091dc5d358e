"""Reporting views and named reports (§9): created by the migrations, right on the seeds row by
row, merged entities resolved, run by `newsdb report` and /api/v1/reports as table, CSV, JSON.

The seed tests below depend on extraction (entities, mentions, events) and on the cleaning,
metadata and quality stages: when those change, their expected rows move with them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from newsdb.cli import cli
from newsdb.db import make_engine
from newsdb.models import (
    Article,
    ArticleAgency,
    Entity,
    EntityAlias,
    Event,
    EventEvidence,
    EventParticipant,
    Mention,
    Source,
)
from newsdb.reports import (
    ReportParameterError,
    UnknownReport,
    get_report,
    list_reports,
    run_report,
)
from newsdb.reports.runner import parse_report
from newsdb.schema import downgrade, upgrade

VIEWS = {
    "report_entity_survivors", "report_article_entities", "report_entity_mentions_monthly",
    "report_cooccurrence", "report_event_participants", "report_event_timeline",
    "report_source_coverage", "report_article_quality", "report_article_months",
}
REPORTS = {
    "entity_mentions_monthly", "co_mentioned_entities", "country_event_timeline",
    "entity_events", "source_coverage", "article_quality_flags", "quality_flags",
    "top_entities",
}
DW_TITLE = "Mali: Last German troops return, told mission 'not in vain'"
MT_TITLE = ("German forces began withdrawing from Mali as Berlin targeted to end its mission by "
            "May 2024, after being hampered by…")
DE_TITLE = ("Mali nutzt den Rahmen des Salon international de la Défense (BAMEX), um bestehende "
            "Militärpartnerschaften zu vertiefen.")


def _rows(session: Session, name: str, **params: Any) -> list[list[Any]]:
    return run_report(session, name, params).rows


def _entity_id(session: Session, name: str) -> int:
    entity_id = session.scalar(select(Entity.id).where(Entity.name == name,
                                                       Entity.merged_into_id.is_(None)))
    assert entity_id is not None, f"no entity {name!r} in the seeds"
    return entity_id


def _without_event_ids(session: Session, rows: list[list[Any]], columns: list[str]
                       ) -> list[list[Any]]:
    """Drop the event ids (they follow extraction order) after checking each names the event
    whose title the row shows."""
    position, title = columns.index("event_id"), columns.index("title")
    for row in rows:
        event = session.get(Event, row[position])
        assert event is not None and event.title == row[title]
    return [row[:position] + row[position + 1:] for row in rows]


# --- the views -------------------------------------------------------------------------------
def test_migrations_create_the_reporting_views(engine: Engine) -> None:
    views = {name for name in inspect(engine).get_view_names() if name.startswith("report_")}
    assert views == VIEWS


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_runs(session: Session, view: str) -> None:
    from sqlalchemy import text

    session.execute(text(f"SELECT * FROM {view}")).all()


def test_downgrade_drops_the_views_and_upgrade_brings_them_back(fresh_url: str) -> None:
    upgrade(fresh_url)
    downgrade(fresh_url, "0001")
    engine = make_engine(fresh_url)
    assert not [v for v in inspect(engine).get_view_names() if v.startswith("report_")]
    assert "articles" in inspect(engine).get_table_names()
    engine.dispose()
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    assert {v for v in inspect(engine).get_view_names() if v.startswith("report_")} == VIEWS
    engine.dispose()


def test_postgres_downgrade_takes_the_reader_role_rights_back(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's reader role")
    from tests.test_export import scratch_postgres

    granted = ("SELECT count(*) FROM pg_roles WHERE rolname = 'newsdb_reader' "
               "AND has_table_privilege('newsdb_reader', 'articles', 'SELECT')")
    with scratch_postgres(database_url) as url:
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            assert connection.exec_driver_sql(granted).scalar() == 1
        downgrade(url, "0001")
        assert not [v for v in inspect(engine).get_view_names() if v.startswith("report_")]
        with engine.connect() as connection:
            assert connection.exec_driver_sql(granted).scalar() == 0
        upgrade(url)
        with engine.connect() as connection:
            assert connection.exec_driver_sql(granted).scalar() == 1
        engine.dispose()


# --- the seeds, row by row -------------------------------------------------------------------
def test_source_coverage_on_the_seeds(session: Session) -> None:
    result = run_report(session, "source_coverage", {})
    assert result.columns == ["source", "kind", "language", "articles", "published_articles",
                              "credited_articles", "undated_articles", "first_published",
                              "last_published"]
    assert result.rows == [
        ["AFP", "agency", "en", 1, 0, 1, 0, "2023-12-15", "2023-12-15"],
        ["dpa", "agency", "en", 1, 0, 1, 0, "2023-12-15", "2023-12-15"],
        ["DW", "publisher", "en", 1, 1, 0, 0, "2023-12-15", "2023-12-15"],
        ["Reuters", "agency", "en", 1, 0, 1, 0, "2023-12-15", "2023-12-15"],
        [None, None, "de", 1, 1, 0, 1, None, None],
        [None, None, "en", 1, 1, 0, 1, None, None],
    ]
    assert _rows(session, "source_coverage", language="de") == [
        [None, None, "de", 1, 1, 0, 1, None, None]]


def test_article_quality_flags_on_the_seeds(session: Session) -> None:
    result = run_report(session, "article_quality_flags", {})
    assert result.columns == ["article_id", "title", "language", "published_at", "flags",
                              "garbled_number", "missing_date", "missing_title",
                              "boilerplate_removed", "encoding_repaired", "truncated",
                              "other_flags"]
    ids = {title: session.scalar(select(Article.id).where(Article.title == title))
           for title in (DW_TITLE, MT_TITLE, DE_TITLE)}
    assert result.rows == [
        [ids[DW_TITLE], DW_TITLE, "en", "2023-12-15", 7, 0, 0, 0, 7, 0, 0, 0],
        [ids[MT_TITLE], MT_TITLE, "en", None, 6, 4, 1, 1, 0, 0, 0, 0],
        [ids[DE_TITLE], DE_TITLE, "de", None, 2, 0, 1, 1, 0, 0, 0, 0],
    ]
    assert [row[1] for row in _rows(session, "article_quality_flags",
                                    code="garbled_number")] == [MT_TITLE]


def test_quality_flags_on_the_seeds_point_at_the_garbled_numbers(session: Session) -> None:
    article_id = session.scalar(select(Article.id).where(Article.title == MT_TITLE))
    assert _rows(session, "quality_flags", code="garbled_number") == [
        [article_id, "garbled_number", "body", 1343, 1350, "1300,<>",
         'Number "1300,<>" has placeholder residue'],
        [article_id, "garbled_number", "body", 2069, 2076, "12,2013",
         'Number "12,2013" is not a valid English number'],
        [article_id, "garbled_number", "body", 2217, 2224, "183, <>",
         'Number "183, <>" has placeholder residue'],
        [article_id, "garbled_number", "body", 2329, 2333, "7,10",
         'Number "7,10" is not a valid English number'],
    ]
    flags = _rows(session, "quality_flags", article=str(article_id))
    assert [(row[1], row[5]) for row in flags][0] == (
        "missing_title", session.get(Article, article_id).body[:211])
    assert flags[-1][1:] == ["missing_date", "raw_text", None, None, None,
                             "No dateline found: the publication date is unknown"]


def test_entity_mentions_monthly_on_the_seeds(session: Session) -> None:
    result = run_report(session, "entity_mentions_monthly", {"entity": "Germany"})
    assert result.columns == ["month", "mentions", "articles"]
    assert result.rows == [["2023-12", 10, 1], [None, 3, 2]]
    assert result.params == {"entity": _entity_id(session, "Germany")}
    assert _rows(session, "entity_mentions_monthly", entity="Mali") == [
        ["2023-12", 11, 1], [None, 20, 2]]


def test_co_mentioned_entities_on_the_seeds(session: Session) -> None:
    result = run_report(session, "co_mentioned_entities", {"entity": "Mali", "limit": "5"})
    assert result.columns == ["entity_id", "name", "kind", "articles", "mentions"]
    expected = [("Germany", "location", 3, 13), ("Russia", "location", 3, 7),
                ("Berlin", "location", 3, 7), ("Bamako", "location", 3, 5),
                ("MINUSMA", "organization", 2, 9)]
    assert result.rows == [[_entity_id(session, name), name, kind, articles, mentions]
                           for name, kind, articles, mentions in expected]
    assert len(_rows(session, "co_mentioned_entities", entity="Mali")) == 10  # default limit


def test_country_event_timeline_on_the_seeds(session: Session) -> None:
    result = run_report(session, "country_event_timeline", {"country": "NE"})
    assert result.columns == ["occurred_on", "date_precision", "kind", "modality", "title",
                              "location", "event_id", "evidence", "articles"]
    assert _without_event_ids(session, result.rows, result.columns) == [
        ["2023-01-01", "year", "coup", "occurred", "Coup in Niger", "Niger", 1, 1],
        ["2023-12-18", "week", "visit", "planned", "Pistorius: visit to Niger", "Niger", 2, 1],
    ]
    mali = run_report(session, "country_event_timeline",
                      {"country": "Mali", "date_from": "2021-01-01", "date_to": "2023-12-31"})
    assert _without_event_ids(session, mali.rows, mali.columns) == [
        ["2021-01-01", "year", "coup", "occurred", "Coup in Mali", "Mali", 1, 1],
        ["2023-12-15", "day", "withdrawal", "occurred", "Germany: withdrawal from Mali", "Mali",
         4, 2],
    ]


def test_entity_events_on_the_seeds(session: Session) -> None:
    result = run_report(session, "entity_events", {"entity": "Boris Pistorius"})
    assert _without_event_ids(session, result.rows, result.columns) == [
        ["2023-12-15", "day", "statement", "occurred", "Pistorius: statement", "actor"],
        ["2023-12-18", "week", "visit", "planned", "Pistorius: visit to Niger", "actor"],
        [None, None, "ceremony", "occurred", "Pistorius: ceremony in Wunstorf", "actor"],
        [None, None, "ceremony", "occurred", "Pistorius: ceremony", "actor"],
    ]
    assert _rows(session, "entity_events", entity="Boris Pistorius", role="target") == []


def test_top_entities_on_the_seeds(session: Session) -> None:
    expected = [("Mali", "location", 31, 3), ("Germany", "location", 13, 3),
                ("Boris Pistorius", "person", 10, 1), ("MINUSMA", "organization", 9, 2),
                ("Niger", "location", 9, 2)]
    assert _rows(session, "top_entities", limit="5") == [
        [_entity_id(session, name), name, kind, mentions, articles]
        for name, kind, mentions, articles in expected]
    assert [row[1] for row in _rows(session, "top_entities", kind="person", limit="1")] == [
        "Boris Pistorius"]


# --- semantics on data of our own ------------------------------------------------------------
@pytest.fixture()
def world(session: Session) -> dict[str, Any]:
    """Two Swahili articles of a publisher crediting an agency, a place with two merged
    duplicates (a chain), a person, and an event: every number below is known."""
    daily = Source(name="Test Daily", kind="publisher")
    wire = Source(name="Test Wire", kind="agency")
    session.add_all([daily, wire])
    session.flush()
    body = "Zanzibar Zanzibar Amina Zanzibari Zanz"
    march = Article(source_id=daily.id, title="March", body=body, raw_text=body,
                    language="sw", published_at=date(2024, 3, 5), content_hash="a" * 64)
    undated = Article(source_id=daily.id, title="Undated", body=body, raw_text=body,
                      language="sw", content_hash="b" * 64)
    session.add_all([march, undated])
    session.flush()
    session.add(ArticleAgency(article_id=march.id, source_id=wire.id))
    place = Entity(kind="location", name="Zanzibar Test", slug="zanzibar-test",
                   country_code="TZ")
    person = Entity(kind="person", name="Amina Test", slug="amina-test", country_code="TZ")
    session.add_all([place, person])
    session.flush()
    copy = Entity(kind="location", name="Zanzibari Test", slug="zanzibari-test",
                  merged_into_id=place.id)
    session.add(copy)
    session.flush()
    copy_of_copy = Entity(kind="location", name="Zanz Test", slug="zanz-test",
                          merged_into_id=copy.id)
    session.add(copy_of_copy)
    session.flush()
    session.add(EntityAlias(entity_id=place.id, alias="Unguja", normalized="unguja"))
    for article, entity, start, end in [
        (march, place, 0, 8), (march, place, 9, 17), (march, person, 18, 23),
        (march, copy, 24, 33), (undated, copy_of_copy, 34, 38), (undated, person, 18, 23),
    ]:
        session.add(Mention(article_id=article.id, entity_id=entity.id, char_start=start,
                            char_end=end, text=body[start:end]))
    event = Event(kind="visit", modality="occurred", title="Amina: visit to Zanzibar",
                  occurred_on=date(2024, 3, 4), date_precision="day", location_id=copy.id)
    session.add(event)
    session.flush()
    session.add_all([
        EventParticipant(event_id=event.id, entity_id=person.id, role="actor"),
        EventParticipant(event_id=event.id, entity_id=copy_of_copy.id, role="target"),
        EventEvidence(event_id=event.id, article_id=march.id, char_start=0, char_end=38,
                      text=body),
        EventEvidence(event_id=event.id, article_id=undated.id, char_start=0, char_end=38,
                      text=body),
    ])
    session.flush()
    return {"place": place.id, "person": person.id, "copy": copy.id,
            "copy_of_copy": copy_of_copy.id, "event": event.id}


# The two entity reports as the views they read from answer them (what they were first
# written as; now they count only the entity's own articles).
_AS_THE_VIEWS_ANSWER = {
    "co_mentioned_entities": (
        "SELECT other_entity_id, other_entity_name, other_entity_kind, articles, other_mentions "
        "FROM report_cooccurrence WHERE entity_id = :entity "
        "ORDER BY articles DESC, other_mentions DESC, other_entity_id LIMIT :limit"),
    "entity_mentions_monthly": (
        "SELECT month, mentions, articles FROM report_entity_mentions_monthly "
        "WHERE entity_id = :entity ORDER BY month IS NULL, month"),
}


@pytest.mark.parametrize("name", sorted(_AS_THE_VIEWS_ANSWER))
def test_entity_reports_answer_as_their_views(session: Session, world: dict[str, Any],
                                              name: str) -> None:
    """For every entity of the seeds and of a world with a merge chain whose merged
    entities still hold mentions, the report's rows are the view's rows."""
    from sqlalchemy import text

    compared = 0
    for entity_id in session.scalars(select(Entity.id).where(Entity.merged_into_id.is_(None))):
        expected = [list(row) for row in session.execute(
            text(_AS_THE_VIEWS_ANSWER[name]), {"entity": entity_id, "limit": 1000})]
        given = {"entity": str(entity_id)}
        if name == "co_mentioned_entities":
            given["limit"] = "1000"
        assert _rows(session, name, **given) == expected, entity_id
        compared += bool(expected)
    assert compared > 20


def test_merged_entities_count_as_their_final_survivor(session: Session,
                                                       world: dict[str, Any]) -> None:
    assert _rows(session, "entity_mentions_monthly", entity="zanzibar-test") == [
        ["2024-03", 3, 1], [None, 1, 1]]
    # A merged entity, by id or by name, stands for its survivor.
    assert _rows(session, "entity_mentions_monthly", entity=str(world["copy_of_copy"])) == [
        ["2024-03", 3, 1], [None, 1, 1]]
    assert _rows(session, "co_mentioned_entities", entity="Amina Test") == [
        [world["place"], "Zanzibar Test", "location", 2, 4]]
    merged = {world["copy"], world["copy_of_copy"]}
    for view in ("report_article_entities", "report_event_participants"):
        from sqlalchemy import text

        shown = set(session.scalars(text(f"SELECT entity_id FROM {view}")))
        assert not shown & merged, view


def test_timeline_and_participants_resolve_merged_places(session: Session,
                                                         world: dict[str, Any]) -> None:
    assert _rows(session, "country_event_timeline", country="Tanzania") == [
        ["2024-03-04", "day", "visit", "occurred", "Amina: visit to Zanzibar", "Zanzibar Test",
         world["event"], 2, 2]]
    assert _rows(session, "country_event_timeline", country="TZ", date_from="2024-03-05") == []
    assert _rows(session, "entity_events", entity="Unguja") == [
        ["2024-03-04", "day", "visit", "occurred", "Amina: visit to Zanzibar", "target",
         world["event"]]]


def test_coverage_counts_publishers_and_credited_agencies(session: Session,
                                                          world: dict[str, Any]) -> None:
    assert _rows(session, "source_coverage", language="sw") == [
        ["Test Daily", "publisher", "sw", 2, 2, 0, 1, "2024-03-05", "2024-03-05"],
        ["Test Wire", "agency", "sw", 1, 0, 1, 0, "2024-03-05", "2024-03-05"],
    ]


# --- parameters ------------------------------------------------------------------------------
def test_entity_parameters_take_ids_slugs_names_and_aliases(session: Session,
                                                            world: dict[str, Any]) -> None:
    for value in (str(world["place"]), "zanzibar-test", "zanzibar test", "Unguja", "UNGUJA",
                  " Zanzibari Test "):
        assert run_report(session, "entity_mentions_monthly", {"entity": value}).params == {
            "entity": world["place"]}, value


def test_ambiguous_and_unknown_entities_are_refused(session: Session,
                                                    world: dict[str, Any]) -> None:
    session.add(Entity(kind="person", name="Zanzibar Test", slug="zanzibar-test-2"))
    session.flush()
    with pytest.raises(ReportParameterError, match="names several entities .*; give an id"):
        run_report(session, "entity_mentions_monthly", {"entity": "Zanzibar Test"})
    with pytest.raises(ReportParameterError, match="no entity is called 'Atlantis'"):
        run_report(session, "entity_mentions_monthly", {"entity": "Atlantis"})
    with pytest.raises(ReportParameterError, match="no entity has the id 999999"):
        run_report(session, "entity_mentions_monthly", {"entity": "999999"})


def test_country_parameters(session: Session) -> None:
    for value, code in (("ML", "ML"), ("ml", "ML"), ("Mali", "ML"), ("MLI", "ML"),
                        ("Russland", "RU"), ("Germany", "DE")):
        assert run_report(session, "country_event_timeline",
                          {"country": value}).params["country"] == code, value
    with pytest.raises(ReportParameterError, match="'Atlantis' is not a country"):
        run_report(session, "country_event_timeline", {"country": "Atlantis"})


def test_parameter_errors_say_what_is_wrong(session: Session) -> None:
    with pytest.raises(ReportParameterError, match="needs the parameter 'entity'"):
        run_report(session, "co_mentioned_entities", {})
    with pytest.raises(ReportParameterError, match="has no parameter 'colour'; it takes: "
                                                   "entity, limit"):
        run_report(session, "co_mentioned_entities", {"entity": "Mali", "colour": "red"})
    with pytest.raises(ReportParameterError, match="must be a whole number, not 'ten'"):
        run_report(session, "co_mentioned_entities", {"entity": "Mali", "limit": "ten"})
    with pytest.raises(ReportParameterError, match="must be at least 1, not 0"):
        run_report(session, "top_entities", {"limit": "0"})
    with pytest.raises(ReportParameterError, match="must be at most 9223372036854775807"):
        run_report(session, "top_entities", {"limit": "99999999999999999999"})
    with pytest.raises(ReportParameterError, match="must be a date in the form YYYY-MM-DD"):
        run_report(session, "country_event_timeline", {"country": "ML", "date_from": "May"})
    with pytest.raises(UnknownReport, match="no report named 'nope'; the reports are: "):
        run_report(session, "nope", {})


def test_every_report_file_is_well_formed() -> None:
    assert {report.name for report in list_reports()} == REPORTS
    for report in list_reports():
        assert report.title and report.description and report.sql.lstrip().upper().startswith(
            ("SELECT", "WITH"))
    assert get_report("co_mentioned_entities").params[1].default == "10"
    with pytest.raises(ValueError, match="declares \\['x'\\] but its SQL uses \\['y'\\]"):
        parse_report("bad", "-- title: Bad\n-- param x (text, required): x\nSELECT :y")


# --- newsdb report ---------------------------------------------------------------------------
def test_cli_lists_and_runs_reports(database_url: str) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["--database-url", database_url, "report"])
    assert listing.exit_code == 0
    assert all(name in listing.stdout for name in REPORTS)
    assert "entity:entity, limit?:integer" in listing.stdout
    table = runner.invoke(cli, ["--database-url", database_url, "report", "source_coverage"])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == [
        "source", "kind", "language", "articles", "published_articles", "credited_articles",
        "undated_articles", "first_published", "last_published"]
    assert table.stdout.splitlines()[2].split() == [
        "AFP", "agency", "en", "1", "0", "1", "0", "2023-12-15", "2023-12-15"]
    csv = runner.invoke(cli, ["--database-url", database_url, "report", "source_coverage",
                              "--param", "language=de", "--format", "csv"])
    assert csv.stdout == ("source,kind,language,articles,published_articles,credited_articles,"
                          "undated_articles,first_published,last_published\n,,de,1,1,0,1,,\n")
    as_json = runner.invoke(cli, ["--database-url", database_url, "report",
                                  "entity_mentions_monthly", "-p", "entity=Germany",
                                  "--format", "json"])
    body = json.loads(as_json.stdout)
    assert body["rows"] == [{"month": "2023-12", "mentions": 10, "articles": 1},
                            {"month": None, "mentions": 3, "articles": 2}]


def test_cli_report_errors_are_one_line(database_url: str) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["--database-url", database_url, "report", "nope"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Error: no report named 'nope'")
    missing = runner.invoke(cli, ["--database-url", database_url, "report", "entity_events"])
    assert missing.exit_code == 1
    assert missing.stderr == ("Error: report 'entity_events' needs the parameter 'entity': the "
                              "entity, by id, slug, name or alias\n")
    malformed = runner.invoke(cli, ["--database-url", database_url, "report", "top_entities",
                                    "--param", "limit"])
    assert malformed.exit_code == 2 and "not in the form KEY=VALUE" in malformed.stderr


# --- /api/v1/reports -------------------------------------------------------------------------
def test_api_lists_the_reports(client: FlaskClient) -> None:
    body = client.get("/api/v1/reports").json
    assert {report["name"] for report in body} == REPORTS
    timeline = next(r for r in body if r["name"] == "country_event_timeline")
    assert timeline["url"] == "/api/v1/reports/country_event_timeline"
    assert [(p["name"], p["type"], p["required"]) for p in timeline["params"]] == [
        ("country", "country", True), ("date_from", "date", False), ("date_to", "date", False)]


def test_api_runs_a_report_as_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/reports/source_coverage?language=de")
    assert response.status_code == 200
    assert response.json == {
        "report": "source_coverage", "title": "Coverage per source and language",
        "params": {"language": "de"},
        "columns": ["source", "kind", "language", "articles", "published_articles",
                    "credited_articles", "undated_articles", "first_published",
                    "last_published"],
        "rows": [{"source": None, "kind": None, "language": "de", "articles": 1,
                  "published_articles": 1, "credited_articles": 0, "undated_articles": 1,
                  "first_published": None, "last_published": None}],
        "row_count": 1,
    }


def test_api_runs_a_report_as_csv(client: FlaskClient) -> None:
    expected = ("source,kind,language,articles,published_articles,credited_articles,"
                "undated_articles,first_published,last_published\r\n,,de,1,1,0,1,,\r\n")
    by_query = client.get("/api/v1/reports/source_coverage?language=de&format=csv")
    by_accept = client.get("/api/v1/reports/source_coverage?language=de",
                           headers={"Accept": "text/csv"})
    for response in (by_query, by_accept):
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.get_data(as_text=True) == expected
    assert client.get("/api/v1/reports/source_coverage",
                      headers={"Accept": "application/json, text/csv;q=0.5"}).is_json


def test_api_report_errors(client: FlaskClient) -> None:
    unknown = client.get("/api/v1/reports/nope")
    assert unknown.status_code == 404 and set(unknown.json) == {"code", "status", "message",
                                                                "errors"}
    assert client.get("/api/v1/reports/entity_events").status_code == 422
    assert client.get("/api/v1/reports/top_entities?colour=red").status_code == 422
    assert client.get("/api/v1/reports/top_entities?limit=1&limit=2").status_code == 422
    assert client.get("/api/v1/reports/top_entities?limit=99999999999999999999"
                      ).status_code == 422
    assert client.get("/api/v1/reports/top_entities?format=xml").status_code == 422
    missing = client.get("/api/v1/reports/co_mentioned_entities?entity=Atlantis")
    assert missing.status_code == 422 and "Atlantis" in missing.json["message"]


def test_top_entities_counts_merged_entities_as_their_survivor(session: Session,
                                                               world: dict[str, Any]) -> None:
    """Mentions still held by merged entities (written by hand: a merge moves them) count
    as their final survivor's, as in every report; the stored counts serve the rest."""
    from sqlalchemy import text

    rows = [row for row in _rows(session, "top_entities", limit="10000")
            if row[0] in (world["place"], world["person"])]
    assert rows == [[world["place"], "Zanzibar Test", "location", 4, 2],
                    [world["person"], "Amina Test", "person", 2, 2]]
    by_view = session.execute(text(
        "SELECT entity_id, entity_name, entity_kind, SUM(mentions), COUNT(*) "
        "FROM report_article_entities GROUP BY entity_id, entity_name, entity_kind "
        "ORDER BY SUM(mentions) DESC, COUNT(*) DESC, entity_id")).all()
    assert _rows(session, "top_entities", limit="10000") == [list(row) for row in by_view]
    assert [row[0] for row in _rows(session, "top_entities", kind="location", limit="3")] == [
        row[0] for row in by_view if row[2] == "location"][:3]
