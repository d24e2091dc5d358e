"""/api/v1/imports: batches as a JSON list or NDJSON, checked as a whole, imported item by item
with per-item results; the runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from newsdb.models import Article
from tests.test_auth import bearer

API = "/api/v1/imports"
FIRST = {"title": "Aid for Kati", "body": "Germany handed over a field hospital in Kati on "
         "Thursday, the German embassy in Bamako said.", "language": "en"}
SECOND = {"text": "Der Bundestag hat am Freitag beschlossen, die Mission in Mali zu beenden.",
          "source": "Tagesschau"}


def test_json_list_import_with_per_item_results(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    response = client.post(API, json=[FIRST, SECOND, FIRST], headers=writer)
    assert response.status_code == 201, response.json
    run = response.json
    assert response.headers["Location"] == f"{API}/{run['id']}"
    assert run["origin"] == "api" and run["status"] == "completed"
    assert (run["created"], run["duplicates"], run["failed"]) == (2, 1, 0)
    first, second, third = run["results"]
    assert first["status"] == "created" and second["status"] == "created"
    assert third == {"item": "item 3", "status": "duplicate", "existing_id": first["id"],
                     "reason": f"duplicate of article {first['id']}"}
    kati = client.get(f"/api/v1/articles/{first['id']}").json
    assert "kati" in {e["slug"] for e in kati["entities"]}
    stored = client.get(response.headers["Location"]).json
    assert stored["errors"] == [third] and "results" not in stored
    runs = client.get(f"{API}?origin=api").json
    assert runs[0]["id"] == run["id"]
    assert all(r["origin"] == "cli" for r in client.get(f"{API}?origin=cli").json)


def test_ndjson_import(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    body = "\n".join([json.dumps(FIRST), "", json.dumps(SECOND), json.dumps(FIRST)])
    response = client.post(f"{API}?extract=false", data=body.encode(),
                           content_type="application/x-ndjson", headers=writer)
    assert response.status_code == 201, response.json
    run = response.json
    assert (run["created"], run["duplicates"], run["failed"]) == (2, 1, 0)
    assert [r["item"] for r in run["results"]] == ["line 1", "line 3", "line 4"]
    assert client.get(f"/api/v1/articles/{run['results'][0]['id']}").json["entities"] == []


def test_an_items_language_is_read_as_the_command_line_reads_it(client: FlaskClient,
                                                                session: Session) -> None:
    """The same NDJSON line imports the same through the API as from a file: a language
    written "fr-CA" is stored as fr."""
    line = json.dumps({**SECOND, "language": "fr-CA"})
    response = client.post(f"{API}?extract=false", data=line.encode(),
                           content_type="application/x-ndjson", headers=bearer(session, "write"))
    assert response.status_code == 201, response.json
    article_id = response.json["results"][0]["id"]
    assert client.get(f"/api/v1/articles/{article_id}").json["language"] == "fr"


def test_malformed_items_are_named_and_nothing_is_imported(client: FlaskClient,
                                                          session: Session) -> None:
    writer = bearer(session, "write")
    body = "\n".join([json.dumps(FIRST), "{not json", json.dumps({"body": "x", "bogus": 1}),
                      "", json.dumps({"title": "no text"}), json.dumps(SECOND)])
    response = client.post(API, data=body.encode(), content_type="application/x-ndjson",
                           headers=writer)
    assert response.status_code == 422
    errors = response.json["errors"]["ndjson"]
    assert set(errors) == {"line 2", "line 3", "line 5"}
    assert errors["line 2"] == ["Invalid JSON: Expecting property name enclosed in double "
                                "quotes at line 1."]
    assert "bogus" in errors["line 3"]
    invalid = client.post(API, json=[FIRST, {"body": 5}], headers=writer)
    assert invalid.status_code == 422 and set(invalid.json["errors"]["json"]) == {"2"}
    assert client.get(f"{API}?origin=api").json == []


def test_an_item_the_pipeline_rejects_fails_alone(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    response = client.post(API, json=[{"body": "Skip to content"}, FIRST], headers=writer)
    assert response.status_code == 201
    failed, created = response.json["results"]
    assert failed["status"] == "failed" and failed["reason"]
    assert created["status"] == "created"
    assert response.json["status"] == "completed_with_errors"


def test_import_errors(client: FlaskClient, session: Session) -> None:
    writer = bearer(session, "write")
    assert client.post(API, json=[FIRST]).status_code == 401
    assert client.post(API, json=[FIRST], headers=bearer(session, "read")).status_code == 403
    assert client.post(API, json={"body": "one"}, headers=writer).status_code == 422
    assert client.post(API, json=[], headers=writer).status_code == 422
    assert client.post(API, json=[FIRST] * 1001, headers=writer).status_code == 422
    broken = client.post(API, data="[{", content_type="application/json", headers=writer)
    assert broken.status_code == 400 and broken.json["code"] == 400
    assert client.post(API, data="a,b", content_type="text/csv", headers=writer
                       ).status_code == 415
    assert client.post(API, data="\n\n", content_type="application/x-ndjson", headers=writer
                       ).status_code == 422
    assert client.get(f"{API}/999999").status_code == 404
    assert client.get(f"{API}?status=lost").status_code == 422


def _flags(client: FlaskClient, article_id: int) -> set[str]:
    return {flag["code"] for flag in
            client.get(f"/api/v1/articles/{article_id}").json["quality_flags"]}


def test_ndjson_lines_are_decoded_as_the_command_line_decodes_a_file(
        client: FlaskClient, session: Session) -> None:
    """Not UTF-8: read as cp1252 and flagged, never stored with U+FFFD for the bytes; a BOM
    is no part of line 1; a declared charset is honoured; a line of no text is named."""
    writer = bearer(session, "write")
    latin = json.dumps({"body": "Café au lait in Paris: the minister met officials in Gao."},
                       ensure_ascii=False).encode("cp1252")
    utf8 = json.dumps({"body": "Der Bundestag stimmte über den Abzug aus Mali ab."},
                      ensure_ascii=False).encode()
    response = client.post(f"{API}?extract=false", data=b"\xef\xbb\xbf" + utf8 + b"\n" + latin,
                           content_type="application/x-ndjson", headers=writer)
    assert response.status_code == 201, response.json
    first, second = (r["id"] for r in response.json["results"])
    assert "über" in client.get(f"/api/v1/articles/{first}").json["body"]
    assert "encoding_repaired" not in _flags(client, first)
    assert "Café" in client.get(f"/api/v1/articles/{second}").json["body"]
    assert "encoding_repaired" in _flags(client, second)

    declared = json.dumps({"body": "Ünïcödé news from Niamey: the junta met the envoy."},
                          ensure_ascii=False).encode("latin-1")
    response = client.post(f"{API}?extract=false", data=declared, headers=writer,
                           content_type="application/x-ndjson; charset=latin-1")
    assert response.status_code == 201, response.json
    stored = response.json["results"][0]["id"]
    assert client.get(f"/api/v1/articles/{stored}").json["body"].startswith("Ünïcödé")
    assert "encoding_repaired" not in _flags(client, stored)

    for charset in ("klingon", "base64", "rot13", "utf-16"):  # unknown, or not ASCII-like
        unknown = client.post(API, data=utf8, headers=writer,
                              content_type=f"application/x-ndjson; charset={charset}")
        assert unknown.status_code == 415, charset
        assert unknown.json["message"].startswith(f"unsupported charset '{charset}'")
    binary = client.post(API, data=utf8 + b"\n" + b"\x00\x01\x02\x03", headers=writer,
                         content_type="application/x-ndjson")
    assert binary.status_code == 422
    assert binary.json["errors"]["ndjson"] == {"line 2": ["Binary data, not text."]}


def test_a_defect_in_one_item_fails_it_alone(client: FlaskClient, session: Session,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An error newsdb did not foresee fails its item with its one line; the batch goes on."""
    import newsdb.pipeline.extract as extract

    real = extract.extract_article

    def extract_or_break(session: Session, article_id: int, *args: Any) -> bool:
        body = session.get(Article, article_id).body  # type: ignore[union-attr]
        if "Bundestag" in body:
            raise ValueError("year 10000 is out of range")
        return bool(real(session, article_id, *args))

    monkeypatch.setattr(extract, "extract_article", extract_or_break)
    before = session.query(Article).count()
    response = client.post(API, json=[SECOND, FIRST], headers=bearer(session, "write"))
    assert response.status_code == 201, response.json
    failed, created = response.json["results"]
    assert failed == {"item": "item 1", "status": "failed",
                      "reason": "internal error: ValueError: year 10000 is out of range"}
    assert created["status"] == "created"
    assert response.json["status"] == "completed_with_errors"
    assert session.query(Article).count() == before + 1  # the failed item left nothing
