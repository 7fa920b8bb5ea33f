"""Retrying a submission (RELIABILITY.md check 20): the same Idempotency-Key and body get the first answer and
make nothing new; the same key with a different body is refused. Concurrent retries through a real server
are in test_server_process.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kindred.api.models import IdempotentSubmission
from kindred.audit.models import AuditEvent
from kindred.frontdoor.models import Contact
from tests.api.conftest import key_client, referral

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "6f1c2a9e-3b7d-4c1e-9a53-0d2f8e4b7a10"}


def test_idempotent_retry_replays_the_first_answer_and_records_nothing_new(
    submit: Callable[..., Any], api: Client
) -> None:
    first = submit(**KEY)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    contacts = Contact.objects.count()
    # Some time later the referral has been picked up; the retry still gets the first answer, as sent.
    Contact.objects.update(status=Contact.Status.AWAITING_SIGN_OFF)
    retry = submit(**KEY)
    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert retry["Location"] == first["Location"]
    assert Contact.objects.count() == contacts
    assert AuditEvent.objects.filter(action="contact.recorded").count() == 1
    assert AuditEvent.objects.filter(action="contact.submission_replayed").count() == 1


def test_idempotent_retry_with_the_same_json_differently_written_is_the_same_request(
    api: Client, submit: Callable[..., Any]
) -> None:
    first = submit(**KEY).json()
    body = referral()
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=4)
    retry = api.post("/api/v1/referrals", reordered, content_type="application/json", headers=KEY)
    assert retry.status_code == 201 and retry.json() == first
    assert Contact.objects.count() == 1


def test_idempotency_key_reused_for_a_different_body_is_refused_with_409(submit: Callable[..., Any]) -> None:
    submit(**KEY)
    before = (Contact.objects.count(), AuditEvent.objects.count())
    response = submit(referral(concern="A different concern about another child."), **KEY)
    assert response.status_code == 409
    assert "already used for a different referral" in response.json()["detail"]
    assert (Contact.objects.count(), AuditEvent.objects.count()) == before


def test_idempotency_key_of_a_refused_submission_is_not_used_up(submit: Callable[..., Any]) -> None:
    # A 422 records nothing, so the corrected submission with the same key is the first one.
    assert submit(referral(concern=""), **KEY).status_code == 422
    assert not IdempotentSubmission.objects.exists()
    assert submit(**KEY).status_code == 201
    assert Contact.objects.count() == 1


def test_idempotency_keys_belong_to_their_organisation(submit: Callable[..., Any], gp_key: str) -> None:
    school = submit(**KEY)
    gp = submit(client=key_client(gp_key), **KEY)
    assert (school.status_code, gp.status_code) == (201, 201)
    assert school.json()["id"] != gp.json()["id"]
    assert "Idempotent-Replayed" not in gp


def test_submissions_without_an_idempotency_key_are_each_recorded(submit: Callable[..., Any]) -> None:
    assert submit().json()["id"] != submit().json()["id"]
    assert Contact.objects.count() == 2


@pytest.mark.parametrize("bad", ["", "a key with spaces", "é", "x" * 256])
def test_idempotency_key_must_be_printable_ascii_up_to_255(submit: Callable[..., Any], bad: str) -> None:
    response = submit(**{"Idempotency-Key": bad})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Contact.objects.exists()
