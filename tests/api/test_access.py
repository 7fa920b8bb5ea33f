"""Who may call the API (RELIABILITY.md checks 2, 3, 8 and 19). The page matrices in tests/access skip the
API's routes (they have no session users to try): this file walks them from the URLconf instead, so a new
API route is covered as soon as it exists.

Every route declared "api_key" answers 401 without a key, with a revoked key, with a key that is wrong, or to
someone logged in to Kindred's pages who sends no key; and changes nothing. Another organisation's referral
answers 404, exactly as a missing one does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kindred.access.roles import Role
from kindred.api.actions import revoke_api_key
from kindred.api.models import ApiKey, IdempotentSubmission
from kindred.api.urls import API_KEY, API_PUBLIC
from kindred.audit.models import AuditEvent
from kindred.frontdoor.models import Contact
from kindred.organisation.models import PartnerOrganisation
from tests import factories
from tests.access.routes import API_POLICIES, Route, all_routes
from tests.api.conftest import key_client
from tests.conftest import HttpsClient, https_client

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def api_routes(policy: str) -> list[Route]:
    """Every route declaring this policy, wherever it is: the page sweeps skip them all."""
    return [route for route in all_routes() if route.policy == policy]


def fingerprint() -> tuple[int, int, int]:
    return Contact.objects.count(), AuditEvent.objects.count(), IdempotentSubmission.objects.count()


@pytest.fixture
def referral_id(submit: Callable[..., Any]) -> str:
    """One of the school's referrals, so a refusal cannot be the 404 of a missing one."""
    response = submit()
    assert response.status_code == 201
    return str(response.json()["id"])


def _urls(referral_id: str) -> list[str]:
    urls = []
    for route in api_routes(API_KEY):
        assert route.params <= {"referral_id"}, f"{route.name}: fill in its parameters {sorted(route.params)}"
        urls.append(reverse(route.name, kwargs={p: referral_id for p in route.params}))
    return urls


def _refused_everywhere(client: Client, referral_id: str) -> list[str]:
    wrong = []
    before = fingerprint()
    for url in _urls(referral_id):
        for method in METHODS:
            response = getattr(client, method)(url, {}, content_type="application/json")
            if response.status_code not in (401, 405):
                wrong.append(f"{method.upper()} {url}: {response.status_code}")
            elif response.status_code == 401 and response["WWW-Authenticate"] != 'Bearer realm="kindred"':
                wrong.append(f"{method.upper()} {url}: 401 without WWW-Authenticate")
    if fingerprint() != before:
        wrong.append("the database changed")
    return wrong


def test_api_routes_all_declare_a_policy_and_only_the_schema_is_public() -> None:
    routes = [route for route in all_routes() if route.name.startswith("api:")]
    assert {route.policy for route in routes} <= API_POLICIES == {API_KEY, API_PUBLIC}
    # Only the API's own routes may use the API's policies, which the page sweeps skip.
    assert {route.name for route in all_routes() if route.is_api} == {route.name for route in routes}
    public = {route.name for route in api_routes(API_PUBLIC)}
    assert public == {"api:openapi-json", "api:api-root", "api:not_found"}
    assert {route.name for route in api_routes(API_KEY)} >= {"api:referrals", "api:referral"}


def test_every_api_operation_requires_a_key_in_its_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security") == [{"ApiKeyAuth": []}], (
                f"{method.upper()} {path} is not secured"
            )
            assert "401" in operation["responses"], f"{method.upper()} {path} does not document 401"


def test_api_without_a_key_answers_401_and_changes_nothing(referral_id: str) -> None:
    assert not _refused_everywhere(https_client(), referral_id)


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Basic c2Nob29sOnBhc3N3b3Jk",
        "Bearer kindred_",
        "Bearer kindred_zzzzzzzz_" + "A" * 43,  # no such key
        "Bearer not-a-key",
        "Bearer " + "x" * 5000,
    ],
)
def test_api_with_a_malformed_or_unknown_key_answers_401(authorization: str, referral_id: str) -> None:
    assert not _refused_everywhere(HttpsClient(headers={"Authorization": authorization}), referral_id)


def test_api_with_the_right_prefix_and_a_wrong_secret_answers_401(school_key: str, referral_id: str) -> None:
    assert not _refused_everywhere(key_client(school_key[: len("kindred_xxxxxxxx_")] + "B" * 43), referral_id)


def test_api_with_a_revoked_key_answers_401_from_the_next_request(
    school_key: str, referral_id: str, api: Client
) -> None:
    assert api.get(f"/api/v1/referrals/{referral_id}").status_code == 200
    revoke_api_key(api_key=ApiKey.objects.get(), by=None, reason="The school changed its MIS")
    assert not _refused_everywhere(api, referral_id)
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


@pytest.mark.parametrize("role", [Role.PARTNER, Role.ADMINISTRATOR, Role.FRONT_DOOR])
def test_api_ignores_a_logged_in_session(role: Role, school: PartnerOrganisation, referral_id: str) -> None:
    # The school's own partner user, logged in to the pages, is still not the school's system.
    extra = {"partner_organisation": school} if role == Role.PARTNER else {}
    client = https_client()
    client.force_login(factories.user(role, **extra))
    assert not _refused_everywhere(client, referral_id)


def test_get_referral_of_another_organisation_answers_404_as_a_missing_one_does(
    referral_id: str, gp_key: str
) -> None:
    gp = key_client(gp_key)
    before = fingerprint()
    answers = {
        "another organisation's": gp.get(f"/api/v1/referrals/{referral_id}"),
        "missing": gp.get(f"/api/v1/referrals/{uuid.uuid4()}"),
        "malformed": gp.get("/api/v1/referrals/not-a-uuid"),
        "adjacent": gp.get(f"/api/v1/referrals/{referral_id[:-1]}{'0' if referral_id[-1] != '0' else '1'}"),
        "with a slash": gp.get(f"/api/v1/referrals/{referral_id}/"),
    }
    for label, response in answers.items():
        assert response.status_code == 404, label
        assert response.json() == {"detail": "Not found"}, label
    assert fingerprint() == before, "a refused read was audited or changed something"


def test_api_paths_that_do_not_exist_answer_json_404(api: Client) -> None:
    for path in ("/api/v1/", "/api/v1/nothing", "/api/v1/referrals/x\ny", "/api/v2/referrals"):
        response = api.get(path)
        assert response.status_code == 404, path
        if path.startswith("/api/v1/"):
            assert response.json() == {"detail": "Not found"}, path


def test_openapi_schema_is_served_without_a_key(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Kindred partner API"
    assert client.post("/api/v1/openapi.json").status_code == 405


def test_api_key_records_when_it_was_last_used(api: Client, referral_id: str) -> None:
    key = ApiKey.objects.get()
    ApiKey.objects.update(last_used_at=timezone.now() - dt.timedelta(hours=1))
    api.get(f"/api/v1/referrals/{referral_id}")
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert timezone.now() - key.last_used_at < dt.timedelta(minutes=1)


def test_api_answers_429_with_retry_after_over_the_rate_limit(
    api: Client, referral_id: str, settings: Any, gp_key: str
) -> None:
    settings.KINDRED_API_RATE = "3/minute"
    url = f"/api/v1/referrals/{referral_id}"
    statuses = [api.get(url).status_code for _ in range(5)]
    # The fixed window may roll over mid-test; at least the requests over the limit in one window are refused.
    assert statuses.count(429) >= 1 and statuses[0] in (200, 429)
    refused = api.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json() == {"detail": "Too many requests."}
    # The limit is per key: another organisation's system is not held up.
    assert key_client(gp_key).get(f"/api/v1/referrals/{uuid.uuid4()}").status_code == 404
