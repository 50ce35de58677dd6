"""Property-based tests of the oversight API from its own OpenAPI document (Schemathesis).

Every ``/api/`` operation gets generated requests — valid and invalid keys,
dates, kinds, frequencies, cutoffs — against the real app over the seed graph;
no answer may be a server error. The oversight operations (bodies, paths,
gaps, councils) must also answer only with their documented status codes and
schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.settings import Settings

OURS = {
    "GET /api/bodies",
    "GET /api/bodies/{id}",
    "GET /api/chain/{id}",
    "GET /api/paths",
    "GET /api/gaps",
    "GET /api/gaps/rules",
    "GET /api/councils/{code}/profile",
    "GET /api/councils/{code}/compare",
}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    application = create_app(Settings(store_backend="memory", load_seed=True, query_workers=1))
    with TestClient(application):  # runs the lifespan: store, seed, runners
        yield application


def _checker(operation: Any, checks: list[Any]) -> Any:
    """A Hypothesis test of one operation: generated requests, each response checked."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call()
        case.validate_response(response, checks=checks)

    return check


def test_every_api_operation_answers_without_server_errors(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex="^/api/")
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert labels >= OURS, OURS - labels
    failures: dict[str, str] = {}
    for operation in operations:
        # every operation: no server error; ours also keep to their documented codes and schemas
        check = _checker(operation, CHECKS if operation.label in OURS else [not_a_server_error])
        try:
            check()
        except BaseException as error:  # collect every failing operation, report them all
            if isinstance(error, KeyboardInterrupt):
                raise
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
