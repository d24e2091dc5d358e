"""/api/v1/imports: batches as a JSON list or NDJSON, checked as a whole, imported item by item
with per-item results; the runs."""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

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
    assert errors["line 2"] == ["Invalid JSON."] and "bogus" in errors["line 3"]
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
