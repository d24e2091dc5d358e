"""Input written to break newsdb, through the API and the CLI: empty, binary, huge and
invalid-UTF-8 files; malformed, deeply nested and oversized JSON; wrong content types; search
syntax and SQL injection in every filter; absurd page numbers; unknown fields; NUL bytes.
Each gets its documented 4xx or a one-line CLI error, and nothing stored before is lost."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from newsdb.cli import cli
from tests.test_auth import bearer

HOSTILE_STRINGS = [
    '"', '"unbalanced phrase', "NEAR(a b", "a OR", "*", "-x", "AND", "NOT (", "title:mali",
    "^mali", "'; DROP TABLE articles; --", "1) OR 1=1 --", "' OR '1'='1", "$$ || $$",
    ":* & | !", "\\", "%", "_", "é*", "x" * 3000, "\N{RIGHT-TO-LEFT OVERRIDE}mali",
    "\x00", "a\x00b", "\x01\x1f",
]
ABSURD_PAGES = ["0", "-1", "1e3", "1.5", "NaN", "", str(10**6), str(2**31), str(2**63),
                str(10**30)]
DATA_TABLES = ("articles", "sources", "entities", "entity_aliases", "mentions", "events",
               "event_participants", "event_evidence", "quality_flags", "article_agencies")
ERROR_KEYS = {"code", "status", "message", "errors"}


def snapshot(connection: Connection) -> dict[str, Any]:
    """Counts of every data table and a digest of the articles' stored text."""
    state: dict[str, Any] = {table: connection.execute(
        text(f"SELECT count(*) FROM {table}")).scalar_one() for table in DATA_TABLES}
    rows = connection.execute(text(
        "SELECT id, title, body, raw_text, version FROM articles ORDER BY id")).all()
    state["articles digest"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def assert_error_shape(answer: Any, *statuses: int) -> None:
    assert answer.status_code in statuses, (answer.status_code, answer.get_data(as_text=True))
    assert answer.is_json and set(answer.json) == ERROR_KEYS, answer.get_data(as_text=True)
    assert "Traceback" not in answer.get_data(as_text=True)


def _get_operations(client: FlaskClient) -> list[tuple[str, list[str], set[int]]]:
    """Every GET of the API with its query parameters and documented statuses; ids are 1."""
    spec = client.get("/openapi.json").json
    operations = []
    for template, item in spec["paths"].items():
        operation = item.get("get")
        if operation is None or not template.startswith("/api/"):
            continue
        parameters = operation.get("parameters", []) + item.get("parameters", [])
        path = re.sub(r"\{name\}", "top_entities", re.sub(r"\{\w+_id\}", "1", template))
        statuses = {int(code) for code in operation["responses"] if code.isdigit()}
        operations.append((path, [p["name"] for p in parameters if p.get("in") == "query"],
                           statuses))
    return operations


def test_every_filter_survives_search_syntax_and_injection(client: FlaskClient,
                                                           connection: Connection) -> None:
    before = snapshot(connection)
    operations = _get_operations(client)
    assert sum(len(names) for _path, names, _statuses in operations) > 50
    for path, names, statuses in operations:
        for name in names:
            for value in HOSTILE_STRINGS:
                answer = client.get(path, query_string={name: value})
                # Plain text in q is searched as words (200); a value a filter cannot take is a
                # 422 naming the parameter; never a server error.
                assert answer.status_code in statuses | {200, 422}, (path, name, value,
                                                                     answer.status_code)
                if answer.status_code >= 400:
                    assert_error_shape(answer, 422)
    assert snapshot(connection) == before


def test_search_syntax_is_searched_as_words(client: FlaskClient) -> None:
    found = client.get("/api/v1/articles", query_string={"q": '"Mali'})
    assert found.status_code == 200 and found.json
    for query in ("NEAR(Mali", "Mali OR", "Mali AND (", "Mali*", "mali:*"):
        answer = client.get("/api/v1/search", query_string={"q": query})
        assert answer.status_code == 200, query
        assert answer.json["articles"], query


def test_absurd_page_numbers(client: FlaskClient) -> None:
    for path in ("/api/v1/articles", "/api/v1/entities", "/api/v1/events", "/api/v1/search",
                 "/api/v1/articles/1/mentions", "/api/v1/imports"):
        for value in ABSURD_PAGES:
            for name in ("page", "page_size"):
                query = {name: value, **({"q": "mali"} if path.endswith("search") else {})}
                answer = client.get(path, query_string=query)
                if answer.status_code == 200:
                    # Far beyond the last page is an empty page, not an error.
                    assert name == "page" and int(value) > 1, (path, name, value)
                    body = answer.json
                    assert (body["articles"] if path.endswith("search") else body) == []
                else:
                    assert_error_shape(answer, 422)
    assert client.get("/api/v1/articles?page_size=101").status_code == 422


# Digits that are not ASCII ("²" is a digit to str.isdigit, not to int) and ids no row can
# have (beyond a 64-bit integer): never a 500.
ODD_IDS = ("\u00b2", "\u0663", "99999999999999999999", "9" * 40)


@pytest.mark.parametrize("value", ODD_IDS)
def test_odd_ids_in_filters_and_reports(client: FlaskClient, value: str) -> None:
    listed = client.get("/api/v1/articles", query_string={"source": value})
    assert listed.status_code == 200 and listed.json == []  # no such source: nothing listed
    both = client.get("/api/v1/articles", query_string={"source": value, "language": "en"})
    assert both.status_code == 200 and both.json == []
    for path, name in (("/api/v1/articles", "entity"), ("/api/v1/reports/entity_events",
                                                        "entity")):
        assert_error_shape(client.get(path, query_string={name: value}), 422)


def _json_cases() -> list[tuple[str, bytes, str, int]]:
    deep = b"[" * 100_000 + b"]" * 100_000
    return [
        ("empty body", b"", "application/json", 422),
        ("binary", bytes(range(256)) * 8, "application/json", 400),
        ("invalid UTF-8", b'{"body": "caf\xe9 \xff"}', "application/json", 400),
        ("truncated JSON", b'{"title": "x", "body": ', "application/json", 400),
        ("deeply nested list", deep, "application/json", 400),
        ("deeply nested object", b'{"body":' * 50_000 + b"1" + b"}" * 50_000,
         "application/json", 400),
        ("huge number", b'{"body": "Mali.", "title": ' + b"9" * 5000 + b"}",
         "application/json", 400),
        ("a JSON string", b'"just text"', "application/json", 422),
        ("a JSON list", b'[{"body": "Mali."}]', "application/json", 422),
        ("unknown field", b'{"body": "Mali met Niger.", "owner": "me"}', "application/json", 422),
        ("NUL in body", b'{"body": "Mali \\u0000 met Niger."}', "application/json", 422),
        ("NUL in title", b'{"title": "a\\u0000b", "body": "Mali met Niger."}',
         "application/json", 422),
        ("lone surrogate", b'{"body": "x \\ud800 Mali met Niger."}', "application/json", 422),
        ("wrong type", b'{"body": ["Mali"]}', "application/json", 422),
        ("plain text", b"Mali met Niger.", "text/plain", 415),
        ("form", b"body=Mali", "application/x-www-form-urlencoded", 415),
        ("XML", b"<article>Mali</article>", "application/xml", 415),
        ("no content type", b'{"body": "Mali met Niger."}', "", 415),
        ("multipart", b"--x\r\n\r\nMali\r\n--x--", "multipart/form-data; boundary=x", 415),
        ("oversized", b'{"body": "' + b"a" * (2 * 1024 * 1024 + 10) + b'"}',
         "application/json", 413),
    ]


@pytest.mark.parametrize(("label", "body", "content_type", "status"), _json_cases(),
                         ids=[case[0] for case in _json_cases()])
def test_hostile_bodies_get_their_4xx(client: FlaskClient, session: Session,
                                      connection: Connection, label: str, body: bytes,
                                      content_type: str, status: int) -> None:
    headers = {**bearer(session, "admin"), "Content-Type": content_type}
    before = snapshot(connection)
    for method, path in (("POST", "/api/v1/articles"), ("PATCH", "/api/v1/articles/1"),
                         ("POST", "/api/v1/entities"), ("POST", "/api/v1/sources"),
                         ("POST", "/api/v1/imports")):
        answer = client.open(path, method=method, data=body, headers=headers)
        expected = {status}
        if path.endswith("imports") and label == "a JSON list":
            expected = {201}  # the one body shape /imports takes
        elif status == 422 and label in ("empty body", "a JSON list", "a JSON string",
                                         "wrong type"):
            expected = {400, 422}
        if 201 in expected:
            assert answer.status_code == 201, answer.get_data(as_text=True)
            continue
        assert_error_shape(answer, *expected)
    if label != "a JSON list":
        assert snapshot(connection) == before


def test_hostile_ndjson_lines_are_named_and_nothing_is_stored(
        client: FlaskClient, session: Session, connection: Connection) -> None:
    before = snapshot(connection)
    lines = [b'{"body": "Mali met Niger in Gao on Monday."}', b"not json", b"[1, 2]",
             b'{"nobody": 1}', b"[" * 5000 + b"]" * 5000, b'{"body": "x \\u0000"}',
             b'{"body": "' + b"9" * 5000 + b'"}', b"\xff\xfe\x00garbage"]
    answer = client.post("/api/v1/imports", data=b"\n".join(lines),
                         headers={**bearer(session, "write"),
                                  "Content-Type": "application/x-ndjson"})
    assert_error_shape(answer, 400, 422)
    assert snapshot(connection) == before


def test_sql_endpoint_refuses_injection_and_garbage(client: FlaskClient,
                                                    session: Session,
                                                    connection: Connection) -> None:
    before = snapshot(connection)
    headers = bearer(session, "sql")
    for query in ("SELECT 1; DROP TABLE articles", "DELETE FROM articles",
                  "WITH x AS (DELETE FROM articles RETURNING 1) SELECT * FROM x",
                  "SELECT * FROM api_tokens", "'", "\\",
                  "SELECT :p", "x" * 200_000):
        answer = client.post("/api/v1/sql", json={"sql": query}, headers=headers)
        assert_error_shape(answer, 400, 422)
    nul_parameter = client.post("/api/v1/sql", json={"sql": "SELECT :p AS p",
                                                     "params": {"p": "a\x00b"}},
                                headers=headers)
    assert nul_parameter.status_code in (200, 400, 422)
    if nul_parameter.status_code != 200:
        assert_error_shape(nul_parameter, 400, 422)
    assert snapshot(connection) == before


# --- CLI ----------------------------------------------------------------------------------------
def _hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """File name → (path, the reason the CLI gives)."""
    files = {
        "empty.txt": (b"", "empty input"),
        "binary.txt": (b"\x00\x01\x02\x89PNG\r\n\x1a" * 400, "binary data"),
        "binary.bin": (bytes(range(256)) * 40, "binary data"),
        "huge.txt": (b"Mali met Niger. " * 360_000, "larger than 5 MiB"),
        "nul.txt": (b"Mali met Niger in Gao\x00 on Tuesday.", "binary data"),
        "malformed.json": (b'{"title": "x", "body": ', "invalid JSON"),
        "nested.json": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        "nested_object.json": (b'{"body": ' * 50_000 + b"1" + b"}" * 50_000,
                               "nested too deeply"),
        "huge_number.json": (b'{"body": "Mali.", "title": ' + b"9" * 5000 + b"}",
                             "number is too long"),
        "nul.json": (b'{"body": "Mali \\u0000 met Niger."}', "NUL"),
        "surrogate.json": (b'{"body": "x \\ud800 Mali met Niger."}', "not valid Unicode"),
        "unknown.json": (b'{"body": "Mali met Niger.", "owner": "me"}', "unknown field"),
        "number.json": (b"42", "must be an object"),
        "empty.html": (b"<html></html>", "no article text"),
        "empty.json": (b"", "empty"),
    }
    paths = {}
    for name, (content, reason) in files.items():
        path = folder / name
        path.write_bytes(content)
        paths[name] = (path, reason)
    return paths


def _stored_counts(runner: CliRunner) -> str:
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    return "\n".join(line for line in result.stdout.splitlines()
                     if not line.startswith("import runs"))


def test_cli_reports_each_bad_file_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Talks in Niamey\n\nThe ministers of Mali and Niger met in Niamey on "
                    "Tuesday to plan joint patrols.\n", encoding="utf-8")
    assert runner.invoke(cli, ["import", str(good)]).exit_code == 0
    before = _stored_counts(runner)
    bad = tmp_path / "bad"
    bad.mkdir()
    files = _hostile_files(bad)

    for name, (path, reason) in files.items():
        result = runner.invoke(cli, ["import", str(path)])
        assert result.exit_code == 1, (name, result.output)
        errors = result.stderr.strip().splitlines()
        assert len(errors) == 1 and errors[0].startswith(f"failed: {path}"), (name, errors)
        assert reason in errors[0], (name, errors[0])
        assert "Traceback" not in result.output
        assert result.stdout.startswith("Imported 0 new article(s), 0 duplicate(s), 1 failed")

    # All at once, with the good file among them: every bad one is named, the good one is a
    # duplicate, and the batch is never cut short.
    everything = runner.invoke(cli, ["import", str(bad), str(good)])
    assert everything.exit_code == 1
    assert everything.stdout.startswith(f"Imported 0 new article(s), 1 duplicate(s), "
                                        f"{len(files)} failed")
    assert _stored_counts(runner) == before


def test_cli_invalid_utf8_text_is_kept_and_flagged(runner: CliRunner, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Gespräche in München\n\nDer Minister traf am Dienstag in München ein, "
                      "um über Mali zu sprechen.\n".encode("latin-1"))
    assert runner.invoke(cli, ["import", str(latin)]).exit_code == 0
    flagged = runner.invoke(cli, ["sql", "SELECT code FROM quality_flags", "--format", "json"])
    assert "encoding_repaired" in flagged.stdout


def test_cli_hostile_arguments_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Mali met Niger in Gao on Tuesday.", encoding="utf-8")
    for arguments in (["import", str(article), "--published", "2024-13-45"],
                      ["import", str(article), "--language", "elvish"],
                      ["import", str(article), "--format", "exe"],
                      ["import", str(tmp_path), "--url", "https://x.example/"]):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert "Traceback" not in result.output
    missing = runner.invoke(cli, ["import", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    for query in ("DELETE FROM articles", "SELECT 1; SELECT 2", "'", "SELECT * FROM api_tokens"):
        result = runner.invoke(cli, ["sql", query])
        assert result.exit_code == 1, (query, result.output)
        assert result.stderr.startswith("Error:") and len(result.stderr.splitlines()) == 1
    assert json.loads(runner.invoke(cli, ["sql", "SELECT count(*) AS n FROM articles",
                                          "--format", "json"]).stdout)
