"""Submitting a referral through the API and following it: what is recorded, what the partner is told, and
what they are never told (RELIABILITY.md check 5: each answer's fields equal an approved allowlist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.frontdoor import actions as frontdoor
from kindred.frontdoor import queries as frontdoor_queries
from kindred.frontdoor.models import Contact
from kindred.organisation.models import PartnerOrganisation, User
from tests import factories
from tests.api.conftest import referral

pytestmark = pytest.mark.django_db

# Everything a partner's system is ever told about a referral. A new field here is a disclosure decision.
REFERRAL_FIELDS = {
    "id",
    "reference",
    "received_at",
    "status",
    "children",
    "outcome",
    "feedback",
    "feedback_sent_at",
}
CHILD_FIELDS = {"first_name", "last_name", "date_of_birth"}


@pytest.fixture
def front_door() -> User:
    return factories.user(Role.FRONT_DOOR, username="fd")


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="mgr")


def test_submit_referral_records_a_contact_in_the_front_door_queue(
    submit: Callable[..., Any], school: PartnerOrganisation, front_door: User
) -> None:
    response = submit()
    assert response.status_code == 201, response.content
    answer = response.json()
    contact = Contact.objects.get(uuid=answer["id"])
    assert response["Location"] == f"/api/v1/referrals/{contact.uuid}"
    assert (contact.channel, contact.submitting_organisation, contact.source) == ("api", school, "2A")
    assert (contact.referrer_name, contact.referrer_organisation) == ("Joan Teacher", school.name)
    assert (contact.rag, contact.consent, contact.recorded_by) == ("amber", "not_sought", None)
    child = contact.children.get()
    assert (child.first_name, child.last_name, str(child.date_of_birth), child.postcode) == (
        "Amara",
        "Okafor",
        "2015-04-12",
        "B11 2AA",
    )
    assert contact in frontdoor_queries.queue(front_door)
    event = AuditEvent.objects.get(action="contact.recorded", target_id=str(contact.uuid))
    assert event.actor.startswith("api-key:") and event.actor_id is None
    assert set(answer) == REFERRAL_FIELDS
    assert answer["status"] == "received" and answer["reference"] == contact.reference
    assert answer["children"] == [
        {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "2015-04-12"}
    ]


def test_submit_referral_at_immediate_risk_is_red(submit: Callable[..., Any]) -> None:
    response = submit(referral(immediate_risk=True))
    assert Contact.objects.get(uuid=response.json()["id"]).rag == "red"


def test_submit_referral_source_follows_the_kind_of_organisation(
    submit: Callable[..., Any], gp_key: str
) -> None:
    from tests.api.conftest import key_client

    response = submit(client=key_client(gp_key))
    assert Contact.objects.get(uuid=response.json()["id"]).source == "3A"  # a GP practice


def test_submit_referral_refuses_bad_input_field_by_field_and_records_nothing(
    submit: Callable[..., Any],
) -> None:
    before = (Contact.objects.count(), AuditEvent.objects.count())
    # The schema's checks: a missing field, a wrong type, a choice that is not one, an unknown field.
    body = referral(immediate_risk="yes", consent="maybe", owner="someone")
    del body["concern"]
    response = submit(body)
    assert response.status_code == 422
    problems = {tuple(p["loc"]): p for p in response.json()["detail"]}
    assert set(problems) == {
        ("body", "concern"),
        ("body", "immediate_risk"),
        ("body", "consent"),
        ("body", "owner"),
    }
    assert problems[("body", "owner")]["type"] == "extra_forbidden"
    assert all(p["msg"] for p in problems.values())
    # The front door's own rules, in the same shape: a wrong NHS number, a child with no name.
    response = submit(
        referral(children=[{"first_name": "Amara", "nhs_number": "943 476 5918"}, {"date_of_birth": None}])
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "children", 0, "nhs_number"],
                "msg": "Enter a valid NHS number, like 943 476 5919",
                "type": "value_error",
            },
            {
                "loc": ["body", "children", 1, "last_name"],
                "msg": "Enter the child's first name or last name",
                "type": "value_error",
            },
        ]
    }
    assert (Contact.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    "change",
    [
        {"concern": "   "},
        {"concern": "x" * 10_001},
        {"concern": "Null \x00 byte"},
        {"concern": "Lone surrogate \ud800"},
        {"referrer": {"name": "Joan", "email": "not an email"}},
        {"referrer": {"name": ""}},
        {"children": []},
        {"children": [{"first_name": "A"}] * 11},
        {"children": [{"first_name": "A", "date_of_birth": "12/04/2015"}]},
        {"children": [{"first_name": "A", "date_of_birth": 1428796800}]},
        {"children": [{"first_name": "A", "date_of_birth": "2099-01-01"}]},
        {"children": [{"first_name": "A", "postcode": "B11 2AA B11"}]},
        {"immediate_risk": 1},
    ],
)
def test_submit_referral_refuses_input_it_cannot_store_with_422(
    submit: Callable[..., Any], change: dict[str, Any]
) -> None:
    response = submit(referral(**change))
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert not Contact.objects.exists()


def test_submit_referral_answers_400_for_a_body_that_is_not_json(api: Client) -> None:
    response = api.post("/api/v1/referrals", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_submit_referral_refuses_an_oversized_body_with_413_before_reading_it(
    submit: Callable[..., Any], settings: Any
) -> None:
    settings.KINDRED_API_MAX_BODY_BYTES = 2_000
    response = submit(referral(concern="x" * 3_000))
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body must be 2,000 bytes or fewer"}
    assert not Contact.objects.exists()
    # The default limit leaves room for a referral with every field full.
    settings.KINDRED_API_MAX_BODY_BYTES = 1024 * 1024
    full = referral(
        concern="é" * 10_000,
        referrer_view="é" * 10_000,
        consent_notes="é" * 10_000,
        children=[{"first_name": "é" * 100, "last_name": "é" * 100, "address": "é" * 300}] * 10,
    )
    assert submit(full).status_code == 201


def test_get_referral_shows_its_status_and_is_audited(api: Client, submit: Callable[..., Any]) -> None:
    answer = submit().json()
    response = api.get(f"/api/v1/referrals/{answer['id']}")
    assert response.status_code == 200
    assert response.json() == answer
    assert AuditEvent.objects.filter(action="contact.viewed_by_referrer", target_id=answer["id"]).count() == 1


def test_get_referral_tells_the_outcome_and_feedback_only_once_signed_off(
    api: Client, submit: Callable[..., Any], front_door: User, manager: User
) -> None:
    answer = submit().json()
    contact = Contact.objects.get(uuid=answer["id"])
    url = f"/api/v1/referrals/{contact.uuid}"

    def seen() -> dict[str, Any]:
        body: dict[str, Any] = api.get(url).json()
        assert set(body) == REFERRAL_FIELDS
        assert all(set(child) == CHILD_FIELDS for child in body["children"])
        return body

    frontdoor.take_contact(contact=contact, by=front_door)
    assert seen()["status"] == "being_considered"
    child = contact.children.get()
    frontdoor.link_new_child(child=child, by=front_door, first_name="Amara", last_name="Okafor", sex="F")
    check = frontdoor.request_mash_check(contact=contact, agency="police", question="Known?", by=front_door)
    frontdoor.record_mash_answer(
        enquiry=check, answer="Domestic call-outs", answered_by_name="DC Jones", by=front_door
    )
    contact.refresh_from_db()
    frontdoor.decide_contact(
        contact=contact,
        version=contact.version,
        level=3,
        outcome="referral",
        rationale="RATIONALE-NOT-FOR-PARTNERS",
        primary_need="N1",
        feedback="We have asked a social worker to assess Amara's needs.",
        late_reason="LATE-REASON-NOT-FOR-PARTNERS",
        by=front_door,
    )
    waiting = seen()
    # Awaiting sign-off: the feedback is written but not yet released.
    assert (waiting["status"], waiting["outcome"], waiting["feedback"]) == ("being_considered", None, None)
    contact.refresh_from_db()
    frontdoor.sign_off_decision(
        contact=contact, version=contact.version, by=manager, comment="COMMENT-NOT-FOR-PARTNERS"
    )
    decided = seen()
    assert decided["status"] == "decided"
    assert decided["outcome"] == "Referred to children's social care"
    assert decided["feedback"] == "We have asked a social worker to assess Amara's needs."
    assert decided["feedback_sent_at"] is not None
    text = api.get(url).content.decode()
    for secret in ("RATIONALE", "LATE-REASON", "COMMENT", "Domestic call-outs", "DC Jones", "Level"):
        assert secret not in text, f"{secret} was shown to the partner"


def test_get_referral_shows_a_decision_sent_back_as_still_being_considered(
    api: Client, submit: Callable[..., Any], front_door: User, manager: User
) -> None:
    contact = Contact.objects.get(uuid=submit().json()["id"])
    frontdoor.link_new_child(
        child=contact.children.get(), by=front_door, first_name="Amara", last_name="Okafor", sex="F"
    )
    contact.refresh_from_db()
    frontdoor.decide_contact(
        contact=contact,
        version=contact.version,
        level=1,
        outcome="nfa",
        rationale="r",
        advice="Signposted to the school nurse",
        feedback="f",
        by=front_door,
    )
    contact.refresh_from_db()
    frontdoor.return_decision(
        contact=contact, version=contact.version, comment="Check with health", by=manager
    )
    assert api.get(f"/api/v1/referrals/{contact.uuid}").json()["status"] == "being_considered"
