"""Schemathesis against the served OpenAPI schema (RELIABILITY.md check 18): every operation, authenticated,
in-process through the WSGI app, with all of schemathesis's checks: no 5xx, every answer's status, content
type and body as documented, schema-invalid input refused, and every secured operation refusing a request
without its key or with a wrong one (`ignored_auth`). Then stateful: calls chained by the schema's links.

Deterministic (derandomized) and capped at 100 examples per operation, so CI is stable and fast; run more by
hand with `st run` against a server when changing the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from kindred.api.actions import create_api_key
from kindred.api.models import KEY_PREFIX
from kindred.organisation.models import PartnerOrganisation

pytestmark = pytest.mark.django_db

_django = WSGIHandler()

# A key made for each test with a fixed secret, so schemathesis's auth provider (registered on the schema at
# import time) can send it, and its `ignored_auth` check knows it is the real credential.
FUZZING_PREFIX = "fuzzing1"
FUZZING_SECRET = "schemathesis-key-for-the-tests-only"
FUZZING_KEY = f"{KEY_PREFIX}{FUZZING_PREFIX}_{FUZZING_SECRET}"


def https_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    # The tests run as production does (SECURE_SSL_REDIRECT on): the requests arrive over HTTPS.
    environ["wsgi.url_scheme"] = "https"
    return _django(environ, start_response)


CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            # Schema-valid input the front door's own rules refuse answers 422 (a wrong NHS number check
            # digit, a child with no name, a date of birth in the future): JSON Schema cannot say those.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "404", "409", "422", "429"]},
        },
    }
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", https_app, config=CONFIG)


@schema.auth()
class SchoolSystem:
    def get(self, case: Any, ctx: Any) -> str:
        return FUZZING_KEY

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


HYPOTHESIS = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.fixture(autouse=True)
def _fuzzing_key(school: PartnerOrganisation) -> None:
    create_api_key(organisation=school, name="Fuzzing", by=None, secret=FUZZING_SECRET, prefix=FUZZING_PREFIX)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # As Django's own test client does: the test's transaction holds the database connection, and Django's
    # end-of-request clean-up would otherwise close it (on PostgreSQL) in the middle of the test.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    # A few hundred requests a second from one key: the rate limit has its own test.
    settings.KINDRED_API_RATE = "1000000/minute"


@schema.parametrize()
@settings(max_examples=100, **HYPOTHESIS)  # type: ignore[arg-type]
def test_api_answers_every_operation_as_its_schema_says(case: Any) -> None:
    case.call_and_validate()


def test_api_workflows_submit_then_follow_the_referral_as_the_schema_links_them() -> None:
    # Sequences of calls chained by the schema's links (a 201's id fed to getReferral), so the successful
    # read, and the checks that need a resource to exist, run too.
    schema.as_state_machine().run(
        settings=settings(max_examples=30, stateful_step_count=4, **HYPOTHESIS)  # type: ignore[arg-type]
    )
