"""The front door through its pages: a partner's referral form → the queue → find the child → MASH checks →
decision → sign-off → the partner sees the feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework.models import Episode
from kindred.frontdoor.models import Contact, MashEnquiry
from kindred.organisation.models import User
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def school_lead() -> User:
    school = factories.partner("Hollybank Primary School", urn="103456")
    return factories.user(Role.PARTNER, username="dsl", partner_organisation=school, first_name="Joan")


@pytest.fixture
def front_door() -> User:
    return factories.user(Role.FRONT_DOOR, username="fd")


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="mgr")


MARF = {
    "child_count": "2",
    "child1_first_name": "Amara",
    "child1_last_name": "Okafor",
    "child1_date_of_birth_0": "12",
    "child1_date_of_birth_1": "4",
    "child1_date_of_birth_2": "2015",
    "child2_first_name": "Kwame",
    "child2_last_name": "Okafor",
    "immediate_risk": "no",
    "concern": "Amara said her stepfather hit her with a belt. She has a bruise on her arm.",
    "referrer_view": "A social work assessment.",
    "consent": "not_sought",
    "referrer_name": "Joan Teacher",
    "referrer_role": "Designated safeguarding lead",
    "referrer_phone": "0121 496 0000",
}


def test_whole_front_door_through_pages_across_a_bank_holiday(
    school_lead: User,
    front_door: User,
    manager: User,
    client_for: Callable[[User], Client],
    time_machine: TimeMachineFixture,
) -> None:
    amara = factories.person(
        by=front_door, first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 4, 12)
    )
    # Friday 1 May 2026, 16:00: the decision is due after the May Day bank holiday, on Tuesday 5 May.
    time_machine.move_to(dt.datetime(2026, 5, 1, 16, 0, tzinfo=LONDON), tick=False)
    school = client_for(school_lead)
    response = school.post(reverse("referrals:new"), MARF)
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[contact.uuid]
    )
    assert contact.due_at == dt.datetime(2026, 5, 5, 16, 0, tzinfo=LONDON)
    assert contact.source == "2A" and contact.channel == "marf"
    assert "Being considered" in school.get(response["Location"]).content.decode()

    time_machine.move_to(dt.datetime(2026, 5, 5, 9, 0, tzinfo=LONDON), tick=False)
    staff = client_for(front_door)
    queue = staff.get(reverse("frontdoor:queue")).content.decode()
    assert "Amara Okafor" in queue and "7 hours left" in queue

    amara_row, kwame_row = contact.children.order_by("position")
    find = staff.get(reverse("frontdoor:child_find", args=[contact.uuid, amara_row.uuid])).content.decode()
    assert "This is the child" in find and "Amara Okafor" in find
    staff.post(
        reverse("frontdoor:child_find", args=[contact.uuid, amara_row.uuid]), {"person": str(amara.uuid)}
    )
    staff.post(reverse("frontdoor:child_find", args=[contact.uuid, kwame_row.uuid]), {"new": "1"})
    assert [c.person is not None for c in contact.children.all()] == [True, True]

    staff.post(
        reverse("frontdoor:mash_new", args=[contact.uuid]), {"agency": "police", "question": "Call-outs?"}
    )
    check = MashEnquiry.objects.get()
    staff.post(
        reverse("frontdoor:mash_answer", args=[contact.uuid, check.uuid]),
        {"answer": "Domestic abuse call-out in March.", "answered_by_name": "DC Jones"},
    )
    contact.refresh_from_db()
    decision = {
        "version": contact.version,
        "level": "4",
        "outcome": "strategy",
        "rationale": "Disclosure of physical abuse with an injury.",
        "primary_need": "N1",
        "feedback": "We are working with the police to make enquiries. Thank you.",
    }
    response = staff.post(reverse("frontdoor:decide", args=[contact.uuid]), decision)
    assert response.status_code == 302, response.content.decode()

    boss = client_for(manager)
    response = boss.post(
        reverse("frontdoor:sign_off", args=[contact.uuid]),
        {"version": Contact.objects.get().version, "choice": "agree", "comment": ""},
    )
    assert response.status_code == 302
    assert Episode.objects.filter(contact=contact, strategy_discussion_needed=True).count() == 2

    # Days later: the school signs in again (sessions end after an idle hour).
    page = client_for(school_lead).get(reverse("referrals:detail", args=[contact.uuid])).content.decode()
    assert "Referred to children&#x27;s social care" in page and "working with the police" in page
    # Told that social care is involved, not the judgement behind it (a strategy discussion, section 47).
    assert "Strategy discussion" not in page and "significant harm" not in page
    # The school never learns what the police said or the front door's reasons.
    assert "Domestic abuse call-out" not in page and "Disclosure of physical abuse" not in page


def test_contact_form_shows_errors_and_saves_nothing(
    front_door: User, client_for: Callable[[User], Client]
) -> None:
    before = AuditEvent.objects.count()
    response = client_for(front_door).post(
        reverse("frontdoor:contact_new"),
        {
            "child_count": "1",
            "child1_nhs_number": "1234567890",
            "concern": "",
            "consent": "given",
            "rag": "amber",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select a valid choice" in page or "This field is required" in page or "Choose" in page
    assert not Contact.objects.exists() and AuditEvent.objects.count() == before


def test_contact_form_adds_another_child_without_javascript(
    front_door: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(front_door).post(
        reverse("frontdoor:contact_new"), {"child_count": "1", "add_child": "1"}
    )
    page = response.content.decode()
    assert "Child 2" in page and "There is a problem" not in page


def test_staff_records_a_contact_and_the_action_errors_land_on_the_child(
    front_door: User, client_for: Callable[[User], Client]
) -> None:
    data = {
        "source": "6",
        "referrer_name": "PC Smith",
        "child_count": "1",
        "child1_first_name": "Amara",
        "child1_nhs_number": "1234567890",
        "concern": "Found alone at 2am.",
        "consent": "unknown",
        "rag": "red",
    }
    page = client_for(front_door).post(reverse("frontdoor:contact_new"), data).content.decode()
    assert 'href="#id_child1_nhs_number"' in page
    data["child1_nhs_number"] = ""
    response = client_for(front_door).post(reverse("frontdoor:contact_new"), data)
    contact = Contact.objects.get()
    assert response.status_code == 302 and contact.rag == "red" and contact.source == "6"


def test_partner_sees_only_their_organisations_referrals(
    school_lead: User, client_for: Callable[[User], Client]
) -> None:
    other_school = factories.partner("Moorside Academy", urn="103999")
    other = factories.contact(by=factories.user(Role.PARTNER, partner_organisation=other_school))
    own = factories.contact(by=school_lead)
    client = client_for(school_lead)
    listing = client.get(reverse("referrals:list")).content.decode()
    assert own.reference in listing and other.reference not in listing
    assert client.get(reverse("referrals:detail", args=[other.uuid])).status_code == 404
    # Not even their own referral's front-door page, nor any child's record: 404, as if it did not exist.
    assert client.get(reverse("frontdoor:contact", args=[own.uuid])).status_code == 404
    person = factories.person()
    assert client.get(reverse("people:detail", args=[person.uuid])).status_code == 404


def test_queue_query_count_does_not_grow_with_contacts(
    front_door: User,
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client = client_for(front_door)
    for n in range(3):
        factories.contact(by=front_door, children=[{"first_name": f"Child{n}", "last_name": "Smith"}])
    client.get(reverse("frontdoor:queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("frontdoor:queue"))
    for n in range(20):
        contact = factories.contact(
            by=front_door,
            children=[
                {"first_name": "A", "last_name": f"Jones{n}"},
                {"first_name": "B", "last_name": f"Jones{n}"},
            ],
        )
        from kindred.frontdoor import actions

        actions.link_child(
            child=contact.children.first(), person=factories.person(by=front_door), by=front_door
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("frontdoor:queue"))
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_candidates_appear_as_the_child_is_typed_and_the_chosen_record_is_linked_on_saving(
    front_door: User, client_for: Callable[[User], Client]
) -> None:
    amara = factories.person(
        by=front_door, first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 4, 12)
    )
    client = client_for(front_door)
    typed = {"n": "1", "child1_first_name": "Amarah", "child1_last_name": "Okafor"}
    hint = client.get(
        reverse("frontdoor:candidates"), {"n": "1", "child1_last_name": "Okafor"}
    ).content.decode()
    assert "Type a last name with a first name" in hint
    page = client.get(reverse("frontdoor:candidates"), typed).content.decode()
    assert f'value="{amara.uuid}"' in page and "This is Amara Okafor" in page
    assert AuditEvent.objects.filter(action="person.searched").exists()
    data = {
        "source": "1A",
        "referrer_name": "Aunt Bisi",
        "child_count": "1",
        "child1_first_name": "Amarah",
        "child1_last_name": "Okafor",
        "child1_person": str(amara.uuid),
        "concern": "Worried about bruises.",
        "consent": "given",
        "rag": "amber",
    }
    response = client.post(reverse("frontdoor:contact_new"), data)
    assert response.status_code == 302
    assert Contact.objects.get().children.get().person == amara


def test_choosing_a_record_the_user_cannot_see_saves_nothing(
    front_door: User, client_for: Callable[[User], Client]
) -> None:
    hidden = factories.person(by=factories.user(Role.SOCIAL_WORKER), restricted=True)
    data = {
        "source": "1A",
        "referrer_name": "Aunt Bisi",
        "child_count": "1",
        "child1_last_name": "Okafor",
        "child1_person": str(hidden.uuid),
        "concern": "Worried.",
        "consent": "given",
        "rag": "amber",
    }
    response = client_for(front_door).post(reverse("frontdoor:contact_new"), data)
    assert response.status_code == 200 and "Choose the child" in response.content.decode()
    assert not Contact.objects.exists()
