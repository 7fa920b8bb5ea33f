"""`make demo` prints a key for the demo school's system and a curl command: both must work."""

from __future__ import annotations

import json

import pytest

from kindred.api.models import ApiKey
from kindred.synthetic.management.commands.load_demo import DEMO_API_KEY, DEMO_REFERRAL, ensure_demo_api_key
from kindred.synthetic.organisation import build_organisation
from tests.api.conftest import key_client

pytestmark = pytest.mark.django_db


def test_demo_api_key_is_made_once_and_submits_the_printed_example() -> None:
    build_organisation()
    school, key = ensure_demo_api_key()
    assert ensure_demo_api_key() == (school, key) and key == DEMO_API_KEY
    assert ApiKey.objects.get().organisation == school
    response = key_client(key).post(
        "/api/v1/referrals", json.loads(DEMO_REFERRAL), content_type="application/json"
    )
    assert response.status_code == 201, response.content
