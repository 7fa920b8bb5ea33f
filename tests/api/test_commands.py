"""Issuing and revoking keys from the command line: the key is printed once, only its hash is kept."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kindred.api.models import ApiKey, hash_secret
from kindred.audit.models import AuditEvent
from kindred.organisation.models import PartnerOrganisation
from tests.api.conftest import key_client

pytestmark = pytest.mark.django_db


def test_create_api_key_prints_a_working_key_once_and_stores_only_its_hash(
    school: PartnerOrganisation,
) -> None:
    out = StringIO()
    call_command("create_api_key", "990101", "--name", "School MIS", stdout=out)
    key = next(line for line in out.getvalue().splitlines() if line.startswith("kindred_"))
    stored = ApiKey.objects.get()
    assert (stored.organisation, stored.name, stored.created_by) == (school, "School MIS", None)
    secret = key.split("_", 2)[2]
    assert stored.secret_hash == hash_secret(secret)
    assert secret not in str(list(ApiKey.objects.values()))
    assert secret not in str(list(AuditEvent.objects.values()))
    assert AuditEvent.objects.filter(action="api_key.created", target_id=str(stored.uuid)).exists()
    assert key_client(key).get("/api/v1/referrals/00000000-0000-0000-0000-000000000000").status_code == 404


def test_create_api_key_needs_exactly_one_organisation_and_a_name(school: PartnerOrganisation) -> None:
    with pytest.raises(CommandError, match="no partner organisation"):
        call_command("create_api_key", "Nowhere School", "--name", "MIS", stdout=StringIO())
    with pytest.raises(CommandError, match="which system"):
        call_command("create_api_key", school.name, "--name", "  ", stdout=StringIO())
    assert not ApiKey.objects.exists()


def test_revoke_api_key_stops_the_key(school: PartnerOrganisation) -> None:
    out = StringIO()
    call_command("create_api_key", school.name, "--name", "School MIS", stdout=out)
    key = next(line for line in out.getvalue().splitlines() if line.startswith("kindred_"))
    call_command("revoke_api_key", ApiKey.objects.get().prefix, "--reason", "Leaked", stdout=StringIO())
    assert key_client(key).get("/api/v1/referrals/00000000-0000-0000-0000-000000000000").status_code == 401
    with pytest.raises(CommandError, match="no API key"):
        call_command("revoke_api_key", "zzzzzzzz", stdout=StringIO())
