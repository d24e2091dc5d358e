"""Response schemas dump records directly (RecordSchema): the same bytes as marshmallow's own
path, for every read the API serves from records; orjson encodes them (api/encoding.py): the
same JSON as Flask's own encoder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask.testing import FlaskClient

from newsdb.api.encoding import OrjsonProvider
from newsdb.api.schemas.common import RecordSchema
from tests.test_api_entities import entity

READS = [
    "/api/v1/articles", "/api/v1/articles?include=raw_text&sort=id", "/api/v1/articles/1",
    "/api/v1/articles/2?include=raw_text", "/api/v1/articles/1/entities",
    "/api/v1/articles/1/events", "/api/v1/articles/1/quality", "/api/v1/articles/1/mentions",
    "/api/v1/articles?entity=mali", "/api/v1/search?q=Mali", "/api/v1/search?q=sevare",
    "/api/v1/search?q=Russia&expand=entities", "/api/v1/entities", "/api/v1/entities?q=mal",
    "/api/v1/events", "/api/v1/sources", "/api/v1/graph?entity=mali",
]
ENTITY_READS = ["", "/related", "/articles", "/events", "/timeline", "/aliases"]


def _answers(client: FlaskClient) -> list[tuple[str, int, bytes, str | None]]:
    mali = f"/api/v1/entities/{entity(client, 'mali')['id']}"
    answers = []
    for url in READS + [mali + path for path in ENTITY_READS]:
        response = client.get(url, follow_redirects=True)
        answers.append((url, response.status_code, response.get_data(),
                        response.headers.get("ETag")))
    return answers


def test_direct_dumps_match_marshmallow(client: FlaskClient,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    direct = _answers(client)
    monkeypatch.setattr(RecordSchema, "records_dumped_directly", False)
    generic = _answers(client)
    assert {status for _, status, _, _ in direct} == {200}
    for fast, slow in zip(direct, generic, strict=True):
        assert fast == slow, fast[0]


def test_orjson_answers_the_json_flasks_encoder_would(app: Flask, client: FlaskClient) -> None:
    fast = _answers(client)
    app.json = DefaultJSONProvider(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    standard = _answers(client)
    assert any(b"\\u00" in body for _, _, body, _ in standard)  # text beyond ASCII is read
    for (url, status, body, _), (_, standard_status, standard_body, _) in zip(
            fast, standard, strict=True):
        assert status == standard_status == 200, url
        assert b"\\u00" not in body, url  # UTF-8, not escapes
        assert body.endswith(b"\n"), url
        # The same values, keys in the same order.
        assert json.loads(body, object_pairs_hook=list) \
            == json.loads(standard_body, object_pairs_hook=list), url


@dataclass
class _Point:
    x: int


@pytest.mark.parametrize("value", [
    {"huge": 2 ** 70}, {"when": datetime(2024, 5, 1, 12, 30, tzinfo=UTC)}, {"point": _Point(3)},
    {"price": Decimal("1.50")}, {1: "integer key"}, ["Ségou", "a\u2028b", None, 1.5],
])
def test_orjson_writes_what_flask_writes(app: Flask, value: object) -> None:
    standard = DefaultJSONProvider(app)
    standard.sort_keys = False  # type: ignore[attr-defined]
    provider = OrjsonProvider(app)
    assert json.loads(provider.dumps(value)) == json.loads(standard.dumps(value))
    with app.app_context():
        assert json.loads(provider.response(value).get_data()) == json.loads(standard.dumps(value))


def test_orjson_refuses_what_flask_refuses(app: Flask) -> None:
    with pytest.raises(TypeError):
        OrjsonProvider(app).dumps({"set": object()})


def test_debug_answers_are_indented(app: Flask) -> None:
    app.debug = True
    with app.app_context():
        body = OrjsonProvider(app).response({"a": [1]}).get_data()
    assert body == b'{\n  "a": [\n    1\n  ]\n}\n'
