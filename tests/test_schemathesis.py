"""schemathesis against /openapi.json, in-process: every operation, positive and negative data,
on the seeded database (each operation in its own rolled-back transaction)."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.config import Settings
from tests.test_auth import bearer

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
# Enough to reach every parameter's edge cases on ~45 operations within a few minutes on two
# cores; raise it locally when hunting (SCHEMATHESIS_MAX_EXAMPLES is not read on purpose: the
# suite's time is part of its contract).
MAX_EXAMPLES = 60


@pytest.fixture()
def admin_headers(session: Session) -> dict[str, str]:
    """A real admin token (admin ⊃ write ⊃ read), so that every write can be exercised."""
    return bearer(session, "admin")


# NDJSON bodies are documented as text: send them the way text is sent.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

# The document is read once, at collection, from an app that never touches its database (the
# OpenAPI document does not depend on data); each test then calls the `app` fixture, which is bound
# to the test's rolled-back transaction. (schemathesis.pytest.from_fixture would do the same
# lazily, but schemathesis 4.32 reads a node attribute that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", create_app({"NEWSDB_SETTINGS": Settings(database_url="sqlite://")}))


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, app: Flask,
                                              admin_headers: dict[str, str]) -> None:
    case.call_and_validate(app=app, headers=admin_headers, checks=CHECKS)
