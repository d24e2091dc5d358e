"""schemathesis, extended: at least 100 examples per operation with all eight checks, and a
stateful run that follows the links between operations (created ids fed to reads, updates and
deletes), with a real admin token — and probes without it, for `ignored_auth`.

tests/test_schemathesis.py is the quicker pass with the five basic checks; this one is the
contract of the issue "safe to run for real". Each test runs in its own rolled-back transaction
on the seeded database, on whichever backend the suite runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.config import Settings
from tests.test_auth import bearer

ALL_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, negative_data_rejection, use_after_free,
              ensure_resource_availability, ignored_auth]
EXAMPLES_PER_OPERATION = 100
# Scenarios of the stateful run and steps in each: enough to create, read, change and delete
# every kind of record through its links a few times over, within a few minutes on two cores.
STATEFUL_SCENARIOS = 100
STATEFUL_STEPS = 15

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
# Read once, at collection, from an app that never touches its database (see
# tests/test_schemathesis.py); each test calls the `app` fixture of its own transaction.
schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", create_app({"NEWSDB_SETTINGS": Settings(database_url="sqlite://")}))


@pytest.fixture()
def admin_token(session: Session) -> Iterator[dict[str, str]]:
    """A real admin token, also set as schemathesis' own configured header, so that it knows
    the credentials are genuine and `ignored_auth` can probe the same request without them and
    with a forged one."""
    headers = bearer(session, "admin", "sql")
    schema.config.update(headers=headers)
    yield headers
    schema.config.update(headers={})


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_passes_every_check(case: schemathesis.Case, app: Flask,
                                            admin_token: dict[str, str]) -> None:
    # The cases were drawn at collection, before the token existed: it is sent explicitly.
    case.call_and_validate(app=app, headers=admin_token, checks=ALL_CHECKS)


def test_links_exist_between_operations() -> None:
    """The stateful run has links to follow: from each create to the reads and writes of what
    it created."""
    machine = schema.as_state_machine()
    links = [link for operation in machine._transitions.operations.values()
             for link in operation.outgoing]
    sources = {(link.source.label, link.target.label) for link in links}
    for create, target in (("POST /api/v1/articles", "GET /api/v1/articles/{article_id}"),
                           ("POST /api/v1/entities", "DELETE /api/v1/entities/{entity_id}"),
                           ("POST /api/v1/sources", "PATCH /api/v1/sources/{source_id}"),
                           ("POST /api/v1/events", "GET /api/v1/events/{event_id}"),
                           ("POST /api/v1/imports", "GET /api/v1/imports/{run_id}")):
        assert (create, target) in sources, f"no link from {create} to {target}"


def test_stateful_scenarios_pass_every_check(app: Flask, connection: Connection,
                                             admin_token: dict[str, str]) -> None:
    base = schema.as_state_machine()
    token = admin_token["Authorization"]

    class Workflow(base):  # type: ignore[misc, valid-type]
        # Every scenario starts from the seeded database: what one created, the next never
        # sees, so that a failing scenario replays (and shrinks) the same way.
        def setup(self) -> None:
            self.savepoint = connection.begin_nested()

        def teardown(self) -> None:
            if self.savepoint.is_active:
                self.savepoint.rollback()

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"app": app}

        def before_call(self, case: schemathesis.Case) -> None:
            # A step built from a link keeps the configured token but forgets that it was
            # configured, and `ignored_auth` would take a genuine token for a generated one.
            # (schemathesis' own flag for "credentials the user supplied"; pinned below 5.)
            if (case.headers or {}).get("Authorization") == token:
                case._has_explicit_auth = True

        def validate_response(self, response: Any, case: schemathesis.Case,
                              additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs,
                                   recorder=self.recorder)

    Workflow.run(settings=settings(max_examples=STATEFUL_SCENARIOS,
                                   stateful_step_count=STATEFUL_STEPS, deadline=None,
                                   derandomize=True, suppress_health_check=list(HealthCheck)))
