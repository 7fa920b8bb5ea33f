"""Partner API fixtures: two organisations with keys, and a client that sends one."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kindred.api.actions import create_api_key
from kindred.organisation.models import PartnerOrganisation
from tests import factories
from tests.conftest import HttpsClient

REFERRAL: dict[str, Any] = {
    "children": [
        {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "2015-04-12", "postcode": "b11 2aa"}
    ],
    "concern": "Amara came to school with a bruise on her arm and said her stepfather hit her.",
    "immediate_risk": False,
    "consent": "not_sought",
    "referrer": {"name": "Joan Teacher", "role": "Designated safeguarding lead", "phone": "0121 496 0000"},
}


def referral(**overrides: Any) -> dict[str, Any]:
    """A valid referral body, with some fields changed."""
    body = copy.deepcopy(REFERRAL)
    body.update(overrides)
    return body


def key_client(key: str | None) -> Client:
    """An HTTPS client sending this API key, and no session cookie."""
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return HttpsClient(headers=headers)


@pytest.fixture
def school(db: None) -> PartnerOrganisation:
    return factories.partner("Hollybank Primary School", PartnerOrganisation.Kind.SCHOOL, urn="990101")


@pytest.fixture
def gp(db: None) -> PartnerOrganisation:
    return factories.partner("Alum Rock Medical Centre", PartnerOrganisation.Kind.GP)


@pytest.fixture
def school_key(school: PartnerOrganisation) -> str:
    return create_api_key(organisation=school, name="School MIS", by=None)[1]


@pytest.fixture
def gp_key(gp: PartnerOrganisation) -> str:
    return create_api_key(organisation=gp, name="GP system", by=None)[1]


@pytest.fixture
def api(school_key: str) -> Client:
    """The school's system."""
    return key_client(school_key)


@pytest.fixture
def submit(api: Client) -> Callable[..., Any]:
    def post(body: dict[str, Any] | None = None, *, client: Client | None = None, **headers: str) -> Any:
        return (client or api).post(
            "/api/v1/referrals",
            body if body is not None else referral(),
            content_type="application/json",
            headers=headers,
        )

    return post
