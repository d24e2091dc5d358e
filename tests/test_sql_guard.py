"""Ad hoc SQL (§9): read-only, one statement, never api_tokens, a time limit and a row cap —
through the guard, `newsdb sql` and POST /api/v1/sql, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.cli import cli
from newsdb.config import Settings
from newsdb.models import ApiToken, Article
from newsdb.reports import SqlFailed, SqlLimits, SqlRefused, SqlTimeout, run_sql
from newsdb.reports.formats import json_row, json_value
from newsdb.reports.sqltext import scan
from tests.conftest import on_postgres
from tests.test_auth import bearer

LIMITS = SqlLimits(time_limit_ms=1000, max_rows=1000)
ENDLESS = ("WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
           "SELECT count(*) FROM forever")
COUNTING = ("WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers "
            "WHERE n < :last) SELECT n FROM numbers")
ERROR_KEYS = {"code", "status", "message", "errors"}


def _is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _refusal(engine: Engine, sql: str) -> str:
    with pytest.raises(SqlRefused) as caught:
        run_sql(engine, sql, limits=LIMITS)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- what is refused -------------------------------------------------------------------------
@pytest.mark.parametrize(("sql", "expected"), [
    ("INSERT INTO sources (name, kind, created_at, updated_at) "
     "VALUES ('x', 'publisher', '2024-01-01', '2024-01-01')", "INSERT is refused"),
    ("UPDATE articles SET title = 'hacked'", "UPDATE is refused"),
    ("DELETE FROM articles", "DELETE is refused"),
    ("REPLACE INTO sources (id, name) VALUES (1, 'x')", "REPLACE is refused"),
    ("CREATE TABLE loot (x INTEGER)", "CREATE is refused"),
    ("CREATE TEMP VIEW v AS SELECT 1", "CREATE is refused"),
    ("DROP TABLE articles", "DROP is refused"),
    ("ALTER TABLE articles ADD COLUMN x INTEGER", "ALTER is refused"),
    ("ATTACH DATABASE '/tmp/other.sqlite3' AS other", "ATTACH is refused"),
    ("DETACH DATABASE other", "DETACH is refused"),
    ("PRAGMA journal_mode = DELETE", "PRAGMA is refused"),
    ("PRAGMA table_info(articles)", "PRAGMA is refused"),
    ("VACUUM", "VACUUM is refused"),
    ("BEGIN", "BEGIN is refused"),
    ("SET ROLE postgres", "SET is refused"),
    ("SELECT 1; SELECT 2", "only one statement at a time"),
    ("SELECT id FROM articles; DELETE FROM articles", "only one statement at a time"),
    ("", "the query is empty"),
    ("  -- nothing but a comment\n", "the query is empty"),
])
def test_statements_other_than_one_read_are_refused(engine: Engine, sql: str,
                                                    expected: str) -> None:
    assert expected in _refusal(engine, sql)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM api_tokens",
    "SELECT count(*) FROM api_tokens",
    "SELECT a.id FROM articles AS a JOIN api_tokens AS t ON t.id = a.id",
    "SELECT token_hash FROM api_tokens UNION SELECT title FROM articles",
    "WITH t AS (SELECT name FROM api_tokens) SELECT * FROM t",
])
def test_api_tokens_are_never_readable(engine: Engine, sql: str) -> None:
    assert _refusal(engine, sql) == ("the api_tokens table is not readable through ad hoc SQL "
                                     "(it holds the API's credentials)")


@pytest.mark.parametrize("sql", [
    "WITH doomed AS (SELECT id FROM articles) DELETE FROM articles "
    "WHERE id IN (SELECT id FROM doomed)",
    "WITH doomed AS (SELECT 1) UPDATE articles SET title = 'x'",
    "EXPLAIN DELETE FROM articles",
])
def test_writes_hidden_behind_with_or_explain_are_refused(engine: Engine, session: Session,
                                                          sql: str) -> None:
    message = _refusal(engine, sql)
    assert "refused" in message or "permission denied" in message
    assert session.scalar(select(func.count()).select_from(Article)) == 3


def test_sqlite_authorizer_refuses_pragmas_extensions_and_raw_pages(engine: Engine) -> None:
    if _is_postgres(engine):
        pytest.skip("SQLite's authorizer")
    assert _refusal(engine, "SELECT * FROM pragma_table_info('articles')") == (
        "PRAGMA table_info is refused: ad hoc SQL cannot read or change database settings")
    assert _refusal(engine, "SELECT load_extension('/tmp/evil.so')").startswith(
        "load_extension() is refused")
    assert _refusal(engine, "SELECT fts3_tokenizer('simple')").startswith(
        "fts3_tokenizer() is refused")
    assert _refusal(engine, "WITH x AS (SELECT 1) INSERT INTO sources (name) SELECT 'x'") == (
        "INSERT on sources is refused: ad hoc SQL is read-only: SELECT, WITH or EXPLAIN only")


def test_refusals_leave_the_data_alone(engine: Engine, session: Session) -> None:
    for sql in ("DELETE FROM articles", "DROP TABLE articles", "SELECT 1; DELETE FROM articles",
                "WITH x AS (SELECT 1) DELETE FROM articles"):
        with pytest.raises(SqlRefused):
            run_sql(engine, sql, limits=LIMITS)
    assert session.scalar(select(func.count()).select_from(Article)) == 3


def test_a_query_the_database_cannot_run_is_a_clear_error(engine: Engine) -> None:
    with pytest.raises(SqlFailed, match="could not run the query: .*nope"):
        run_sql(engine, "SELECT nope FROM articles", limits=LIMITS)
    with pytest.raises(SqlFailed, match="could not run the query"):
        run_sql(engine, "SELECT FROM WHERE", limits=LIMITS)


def test_parameters_must_be_named_scalars(engine: Engine) -> None:
    with pytest.raises(SqlRefused, match="must be a string, a number"):
        run_sql(engine, "SELECT :x", {"x": [1, 2]}, limits=LIMITS)
    with pytest.raises(SqlRefused, match="not an identifier"):
        run_sql(engine, "SELECT 1", {"1; DROP": 1}, limits=LIMITS)
    for number in (2**63, -(2**63) - 1):  # beyond any database's INTEGER
        with pytest.raises(SqlRefused, match="out of range"):
            run_sql(engine, "SELECT :x", {"x": number}, limits=LIMITS)
    assert run_sql(engine, "SELECT :x AS x", {"x": 2**63 - 1}, limits=LIMITS).rows == [
        [2**63 - 1]]


# --- what runs -------------------------------------------------------------------------------
def test_reads_run_with_named_parameters(engine: Engine) -> None:
    result = run_sql(engine, "SELECT language, count(*) AS n FROM articles "
                             "WHERE language = :lang GROUP BY language", {"lang": "en"},
                     limits=LIMITS)
    assert result.columns == ["language", "n"]
    assert result.rows == [["en", 2]]
    assert result.truncated is False


def test_views_explain_and_semicolons_in_strings_are_fine(engine: Engine) -> None:
    coverage = run_sql(engine, "SELECT sum(published_articles) FROM report_source_coverage",
                       limits=LIMITS)
    assert coverage.rows == [[3]]
    quoted = run_sql(engine, "SELECT ';' AS semicolon, 'it''s; fine' AS quote -- ; DELETE\n;",
                     limits=LIMITS)
    assert quoted.rows == [[";", "it's; fine"]]
    assert run_sql(engine, "EXPLAIN SELECT * FROM articles", limits=LIMITS).rows


def test_full_text_search_works_through_the_guard(engine: Engine) -> None:
    if _is_postgres(engine):
        sql = ("SELECT language FROM articles "
               "WHERE search_vector @@ plainto_tsquery('simple', 'sevare')")
    else:
        sql = ("SELECT a.language FROM articles_fts JOIN articles AS a "
               "ON a.id = articles_fts.rowid WHERE articles_fts MATCH 'sevare'")
    assert run_sql(engine, sql, limits=LIMITS).rows == [["de"]]


def test_the_schema_can_be_explored(engine: Engine) -> None:
    if _is_postgres(engine):
        sql = ("SELECT table_name FROM information_schema.views "
               "WHERE table_name = 'report_event_timeline'")
    else:
        sql = "SELECT name FROM sqlite_master WHERE name = 'report_event_timeline'"
    assert run_sql(engine, sql, limits=LIMITS).rows == [["report_event_timeline"]]


# --- limits ----------------------------------------------------------------------------------
def test_an_endless_recursive_query_stops_at_the_time_limit(engine: Engine) -> None:
    started = time.monotonic()
    with pytest.raises(SqlTimeout) as caught:
        run_sql(engine, ENDLESS, limits=SqlLimits(time_limit_ms=300, max_rows=10))
    elapsed = time.monotonic() - started
    assert str(caught.value) == ("the query ran longer than its time limit of 300 ms "
                                 "(NEWSDB_SQL_TIME_LIMIT_MS) and was stopped")
    assert 0.3 <= elapsed < 3


def test_rows_over_the_cap_come_back_cut(engine: Engine) -> None:
    cut = run_sql(engine, COUNTING, {"last": 50}, limits=SqlLimits(1000, max_rows=10))
    assert cut.truncated is True
    assert cut.rows == [[n] for n in range(1, 11)]
    whole = run_sql(engine, COUNTING, {"last": 10}, limits=SqlLimits(1000, max_rows=10))
    assert whole.truncated is False and len(whole.rows) == 10
    endless_rows = run_sql(engine, "WITH RECURSIVE f(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                                   "FROM f) SELECT n FROM f", limits=SqlLimits(1000, 5))
    assert endless_rows.truncated and len(endless_rows.rows) == 5


# --- the lexer -------------------------------------------------------------------------------
@pytest.mark.parametrize(("sql", "dialect", "statements", "keyword"), [
    ("SELECT 1", "sqlite", 1, "SELECT"),
    ("select 1;", "sqlite", 1, "SELECT"),
    ("/* lead */ -- line\n  with x as (select 1) select * from x", "sqlite", 1, "WITH"),
    ("SELECT ';'; SELECT \"a;b\"", "sqlite", 2, "SELECT"),
    ("SELECT [odd;name] FROM t", "sqlite", 1, "SELECT"),
    ("SELECT $$a;b$$", "postgresql", 1, "SELECT"),
    ("SELECT $tag$ ; $tag$", "postgresql", 1, "SELECT"),
    ("SELECT E'it\\'s;' ", "postgresql", 1, "SELECT"),
    ("/* outer /* inner ; */ still ; comment */ SELECT 1", "postgresql", 1, "SELECT"),
    ("(SELECT 1)", "sqlite", 1, "("),
    ("; ;", "sqlite", 0, ""),
])
def test_scan_counts_statements_and_finds_the_keyword(sql: str, dialect: str, statements: int,
                                                      keyword: str) -> None:
    scanned = scan(sql, dialect)
    assert len(scanned.statements) == statements
    assert scanned.first_keyword == keyword


# --- PostgreSQL: the reader role -----------------------------------------------------------------
def test_postgres_runs_as_the_reader_role(engine: Engine) -> None:
    if not _is_postgres(engine):
        pytest.skip("PostgreSQL only")
    assert run_sql(engine, "SELECT current_user", limits=LIMITS).rows == [["newsdb_reader"]]
    privileges = run_sql(engine, "SELECT has_table_privilege('api_tokens', 'SELECT'), "
                                 "has_table_privilege('articles', 'SELECT'), "
                                 "has_table_privilege('articles', 'DELETE')", limits=LIMITS)
    assert privileges.rows == [[False, True, False]]


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT pg_read_file('/etc/hostname')", "permission denied for function pg_read_file"),
    ("SELECT lo_import('/etc/hostname')", "permission denied for function lo_import"),
    ("SELECT set_config('role', 'postgres', true)", "set_config() is refused"),
    # What the name check is for: back to the superuser, then a file read from a string.
    ("SELECT set_config('role', 'postgres', true), query_to_xml('SELECT pg_read_file(''/etc/"
     "hostname'')', true, false, '')", "set_config() is refused"),
    ("SELECT query_to_xml('SELECT 1', true, false, '')", "query_to_xml() is refused"),
    ("SELECT U&\"set\\005fconfig\"('role', 'postgres', true)", "U&"),
    ("SELECT * INTO TEMP loot FROM articles", "SELECT INTO is refused"),
    ("WITH gone AS (DELETE FROM articles RETURNING id) SELECT * FROM gone",
     "writing inside WITH is refused"),
])
def test_postgres_refuses_what_a_superuser_could_do(engine: Engine, sql: str,
                                                    expected: str) -> None:
    if not _is_postgres(engine):
        pytest.skip("PostgreSQL only")
    assert expected in _refusal(engine, sql)


def test_postgres_sleep_stops_at_the_time_limit(engine: Engine) -> None:
    if not _is_postgres(engine):
        pytest.skip("PostgreSQL only")
    with pytest.raises(SqlTimeout):
        run_sql(engine, "SELECT pg_sleep(5)", limits=SqlLimits(200, 10))


# --- newsdb sql ------------------------------------------------------------------------------
def test_cli_sql_prints_rows_and_refuses_with_one_line(database_url: str) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["--database-url", database_url, "sql",
                             "SELECT language, count(*) AS n FROM articles GROUP BY language "
                             "ORDER BY language", "--format", "csv"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == "language,n\nde,1\nen,2\n"
    json_out = runner.invoke(cli, ["--database-url", database_url, "sql",
                                   "SELECT title FROM articles WHERE id = :id", "-p", "id=1",
                                   "--format", "json"])
    assert json_out.exit_code == 0
    assert '"truncated": false' in json_out.stdout
    refused = runner.invoke(cli, ["--database-url", database_url, "sql", "DELETE FROM articles"])
    assert refused.exit_code == 1
    assert refused.stderr == ("Error: DELETE is refused: ad hoc SQL is read-only: "
                              "SELECT, WITH or EXPLAIN only\n")


def test_cli_sql_says_when_rows_were_cut(database_url: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDB_SQL_MAX_ROWS", "3")
    result = CliRunner().invoke(cli, ["--database-url", database_url, "sql",
                                      COUNTING.replace(":last", "10")])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:] == ["1", "2", "3"]
    assert "cut at 3 rows" in result.stderr


def test_cli_sql_reads_the_query_from_stdin(database_url: str) -> None:
    result = CliRunner().invoke(cli, ["--database-url", database_url, "sql", "-", "--format",
                                      "csv"], input="SELECT 40 + 2 AS answer\n")
    assert result.exit_code == 0 and result.stdout == "answer\n42\n"


# --- POST /api/v1/sql ------------------------------------------------------------------------
def _post(client: FlaskClient, headers: dict[str, str], sql: str,
          params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return client.post("/api/v1/sql", json={"sql": sql, "params": params or {}},
                       headers=headers, **kwargs)


def test_api_sql_needs_a_token_with_scope_sql(client: FlaskClient, session: Session) -> None:
    assert client.post("/api/v1/sql", json={"sql": "SELECT 1"}).status_code == 401
    assert _post(client, bearer(session, "admin"), "SELECT 1").status_code == 403
    response = _post(client, bearer(session, "sql"), "SELECT 1 AS one")
    assert response.status_code == 200
    assert response.json["columns"] == ["one"] and response.json["rows"] == [[1]]


def test_api_sql_answers_rows_and_csv(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "sql")
    sql = "SELECT id, language FROM articles WHERE language = :lang ORDER BY id"
    body = _post(client, headers, sql, {"lang": "de"}).json
    assert body["columns"] == ["id", "language"]
    assert [row[1] for row in body["rows"]] == ["de"]
    assert body["row_count"] == 1 and body["truncated"] is False
    assert body["max_rows"] == 1000 and body["time_limit_ms"] == 1000
    csv = _post(client, {**headers, "Accept": "text/csv"}, sql, {"lang": "de"})
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines()[0] == "id,language"
    assert _post(client, headers, sql, {"lang": "de"},
                 query_string={"format": "csv"}).mimetype == "text/csv"


def test_api_sql_answers_numbers_json_has_no_literal_for_as_strings(
        client: FlaskClient, session: Session) -> None:
    sql = ("SELECT CAST('Infinity' AS double precision), CAST('-Infinity' AS double precision), "
           "CAST('NaN' AS double precision), CAST('Infinity' AS numeric), 1.5"
           if on_postgres() else "SELECT 1e999, -1e999, NULL, NULL, 1.5")
    response = _post(client, bearer(session, "sql"), sql)
    assert response.status_code == 200
    json.loads(response.get_data(), parse_constant=_no_constant)  # valid JSON, strictly
    expected = (["Infinity", "-Infinity", "NaN", "Infinity", 1.5] if on_postgres()
                else ["Infinity", "-Infinity", None, None, 1.5])
    assert response.json["rows"] == [expected]


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


@pytest.mark.parametrize(("value", "expected"), [
    (float("inf"), "Infinity"), (float("-inf"), "-Infinity"), (float("nan"), "NaN"),
    (Decimal("Infinity"), "Infinity"), (Decimal("-Infinity"), "-Infinity"),
    (Decimal("NaN"), "NaN"), (Decimal("sNaN"), "NaN"), (Decimal("2.50"), 2.5),
    (Decimal("3"), 3), (-0.0, -0.0), ([float("inf")], ["Infinity"]),
])
def test_json_values_are_json(value: Any, expected: Any) -> None:
    assert json_value(value) == expected
    assert json_row([1, value, None]) == [1, expected, None]  # the row's short cut agrees


def test_a_row_keeps_plain_values_and_converts_the_others() -> None:
    row = [7, True, "Ségou", None, 1.5, float("nan"), date(2024, 3, 5),
           datetime(2024, 3, 5, 12, tzinfo=UTC), b"\x01", {"a": float("inf")}]
    assert json_row(row) == [json_value(value) for value in row] == [
        7, True, "Ségou", None, 1.5, "NaN", "2024-03-05", "2024-03-05T12:00:00+00:00", "01",
        {"a": "Infinity"}]


@pytest.mark.parametrize(("sql", "message"), [
    ("DELETE FROM articles", "DELETE is refused"),
    ("DROP TABLE articles", "DROP is refused"),
    ("ATTACH DATABASE 'x' AS y", "ATTACH is refused"),
    ("PRAGMA foreign_keys = OFF", "PRAGMA is refused"),
    ("SELECT 1; SELECT 2", "only one statement at a time"),
    ("SELECT * FROM api_tokens", "api_tokens table is not readable"),
    ("SELECT nope", "could not run the query"),
])
def test_api_sql_refusals_are_400_in_the_error_shape(client: FlaskClient, session: Session,
                                                     sql: str, message: str) -> None:
    response = _post(client, bearer(session, "sql"), sql)
    assert response.status_code == 400
    assert set(response.json) == ERROR_KEYS
    assert message in response.json["message"]
    assert response.json["errors"] == {"sql": [response.json["message"]]}


def test_api_sql_load_extension_is_refused(client: FlaskClient, session: Session,
                                           engine: Engine) -> None:
    if _is_postgres(engine):
        pytest.skip("SQLite's load_extension")
    response = _post(client, bearer(session, "sql"), "SELECT load_extension('/tmp/evil.so')")
    assert response.status_code == 400
    assert response.json["message"].startswith("load_extension() is refused")


def test_api_sql_malformed_bodies_are_422(client: FlaskClient, session: Session) -> None:
    headers = bearer(session, "sql")
    assert client.post("/api/v1/sql", json={}, headers=headers).status_code == 422
    assert client.post("/api/v1/sql", json={"sql": "SELECT 1", "extra": 1},
                       headers=headers).status_code == 422
    refused = client.post("/api/v1/sql", json={"sql": "SELECT :a", "params": {"a": {"b": 1}}},
                          headers=headers)
    assert refused.status_code == 400 and "must be a string, a number" in refused.json["message"]
    huge = client.post("/api/v1/sql", json={"sql": "SELECT :a", "params": {"a": 2**64}},
                       headers=headers)
    assert huge.status_code == 400 and "out of range" in huge.json["message"]


def test_api_sql_cuts_rows_over_the_cap(app: Any, client: FlaskClient, session: Session) -> None:
    app.config["NEWSDB_SETTINGS"] = app.config["NEWSDB_SETTINGS"].with_overrides(sql_max_rows=7)
    body = _post(client, bearer(session, "sql"), COUNTING, {"last": 100}).json
    assert body["truncated"] is True and body["row_count"] == 7 and body["max_rows"] == 7


def test_a_query_at_the_time_limit_leaves_the_server_answering(database_url: str) -> None:
    """The endless query runs in one thread; other requests keep being answered meanwhile,
    and the endless one ends at the limit with 422 and a clear message."""
    settings = Settings(database_url=database_url, sql_time_limit_ms=1500)
    app = create_app({"TESTING": True, "NEWSDB_SETTINGS": settings})
    from newsdb.db import session_scope
    from newsdb.services.tokens import create_token

    engine = app.extensions["newsdb_engine"]
    with session_scope(engine, write=True) as session:
        token, secret = create_token(session, "time limit test", ["sql"])
        token_id = token.id
    headers = {"Authorization": f"Bearer {secret}"}
    outcome: dict[str, Any] = {}

    def endless() -> None:
        started = time.monotonic()
        response = app.test_client().post("/api/v1/sql", json={"sql": ENDLESS}, headers=headers)
        outcome.update(status=response.status_code, body=response.json,
                       seconds=time.monotonic() - started)

    try:
        worker = threading.Thread(target=endless)
        worker.start()
        time.sleep(0.2)
        others = app.test_client()
        answered = []
        while worker.is_alive() and len(answered) < 5:
            started = time.monotonic()
            health = others.get("/healthz")
            report = others.get("/api/v1/reports/source_coverage")
            answered.append((health.status_code, report.status_code,
                             time.monotonic() - started))
        worker.join(timeout=10)
    finally:
        with session_scope(engine, write=True) as session:
            session.delete(session.get(ApiToken, token_id))
    assert answered, "the endless query ended before any other request was made"
    assert all(h == 200 and r == 200 and seconds < 1.0 for h, r, seconds in answered)
    assert outcome["status"] == 422
    assert outcome["body"]["message"] == ("the query ran longer than its time limit of 1500 ms "
                                          "(NEWSDB_SQL_TIME_LIMIT_MS) and was stopped")
    assert 1.5 <= outcome["seconds"] < 5
