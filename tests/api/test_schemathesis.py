"""Property-based run of the live OpenAPI schema with schemathesis, through the WSGI app.

Every operation gets a bounded number of generated requests, authenticated with an API token
of the candidate of the played sessions. Path parameters come from schemathesis and, for the
session endpoints, also from the world's real sessions (peer and solo), so the happy paths run
as well as the 404s. No response may be a 5xx or break the schema (status code, content type,
headers, body).

schemathesis' own pytest integration (`schema.parametrize()`) relies on pytest internals that
pytest 9 no longer has, so each operation is a plain parametrized test driving the operation's
Hypothesis strategy (`APIOperation.as_strategy`).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _operations() -> list[tuple[str, str]]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [(method.upper(), path) for path, operations in paths.items() for method in operations]


@pytest.fixture(scope="module")
def wsgi_requests_keep_the_test_connection():
    """The WSGI handler closes 'old' connections around each request (as in production); inside
    the test's transaction that would drop it, so, as Django's test client does, skip that."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(world, wsgi_requests_keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(scope="module")
def candidate_token(world):
    _, raw = api_token_create(user=world.users["candidate"], name="schemathesis")
    return raw


@schemathesis.serializer("audio/webm")
def _audio_body(ctx, value):
    """A recording chunk is raw bytes (the schema says binary): send whatever was drawn as
    such, so the chunk endpoint's own checks answer it."""
    if isinstance(value, bytes):
        return value
    return str(value).encode()


@pytest.fixture
def unthrottled(monkeypatch):
    """Hundreds of requests a minute are the point here, not a reason for 429s."""
    scopes = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict.fromkeys(scopes))


@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_conforms_to_the_schema(
    method, path, api_schema, w, candidate_token, unthrottled
):
    operation = api_schema[path][method]
    strategies = [operation.as_strategy()]
    if "{session_id}" in path:
        strategies += [
            operation.as_strategy(path_parameters={"session_id": str(s.pk)})
            for s in (w.session, w.solo)
        ]
    headers = {"Authorization": f"Token {candidate_token}"}

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
