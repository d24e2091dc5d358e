"""Response schemas dump records directly (RecordSchema): the same bytes as marshmallow's own
path, for every read the API serves from records."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

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
