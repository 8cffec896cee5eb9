"""The OpenAPI document is valid, and generated requests to every operation never fail
on the server: property-based tests against the in-process WSGI application."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

OPERATIONS = 7  # the index, trends, weeks, a week, commentaries, a commentary, the ledger

# Loaded when the module is collected: serving the document reads no database.
# (schemathesis' fixture-based loader does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _limit_lifted(settings):
    # Every generated request comes from one address: lift the limit so that each
    # example reaches the endpoint instead of a 429.
    settings.WATCHDESK_API_ANON_RATE = "1000000/s"


@pytest.fixture
def _connection_kept():
    """A real WSGI request closes the database connection when it ends, which would
    drop the test's transaction with the sample archive; Django's test client keeps
    it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_openapi_document_is_valid():
    schema.validate()
    assert len(list(schema.get_all_operations())) == OPERATIONS


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # The sample archive is loaded once and each test rolls back; the examples only
    # read it, so sharing it between them is what we want.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_generated_requests_without_a_server_error(
    case, sample, _connection_kept
):
    # Beyond "no 5xx": the status is documented, the body matches its schema, malformed
    # parameters are refused. Well-formed values may still be refused on purpose (a
    # trend slug no trend has, a year the ledger cannot show: 400 with the reason), so
    # "every schema-valid request succeeds" is not expected.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
