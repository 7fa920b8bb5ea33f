"""The front door through its actions: contact → find the child → MASH checks → decision → sign-off."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from time_machine import TimeMachineFixture

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework.models import Episode
from kindred.frontdoor import actions
from kindred.frontdoor.models import Contact, MashEnquiry, ThresholdDecision
from kindred.organisation.models import User
from kindred.people.actions import ConflictError
from kindred.timescales.models import Rule
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def front_door() -> User:
    return factories.user(Role.FRONT_DOOR, username="fd")


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="mgr")


def decide(contact: Contact, by: User, **overrides: object) -> ThresholdDecision:
    values: dict[str, object] = {
        "level": 3,
        "outcome": "referral",
        "rationale": "Repeated injuries with an inconsistent account.",
        "primary_need": "N1",
        "feedback": "We have referred the family to children's social care for an assessment.",
    }
    values.update(overrides)
    contact.refresh_from_db()
    return actions.decide_contact(contact=contact, version=contact.version, by=by, **values)  # type: ignore[arg-type]


def test_record_contact_is_due_one_working_day_later_across_the_easter_weekend(front_door: User) -> None:
    # Maundy Thursday 2 April 2026, 15:00: Good Friday and Easter Monday are bank holidays.
    received = dt.datetime(2026, 4, 2, 15, 0, tzinfo=LONDON)
    contact = factories.contact(by=front_door, received_at=received)
    assert contact.rag == "amber"
    assert contact.due_at == dt.datetime(2026, 4, 7, 15, 0, tzinfo=LONDON)


def test_red_contact_is_due_in_four_hours_and_green_in_three_working_days(front_door: User) -> None:
    received = dt.datetime(2025, 12, 24, 10, 0, tzinfo=LONDON)  # Christmas Eve, a Wednesday
    red = factories.contact(by=front_door, received_at=received, rag="red")
    green = factories.contact(by=front_door, received_at=received, rag="green")
    assert red.due_at == dt.datetime(2025, 12, 24, 14, 0, tzinfo=LONDON)
    # Christmas Day and Boxing Day (Thursday, Friday), the weekend, then the 29th, 30th and 31st.
    assert green.due_at == dt.datetime(2025, 12, 31, 10, 0, tzinfo=LONDON)


def test_local_timescale_changes_the_due_time(front_door: User) -> None:
    Rule.objects.filter(key="contact-red").update(local_value=2)
    received = dt.datetime(2026, 5, 5, 9, 0, tzinfo=LONDON)
    assert factories.contact(
        by=front_door, received_at=received, rag="red"
    ).due_at == received + dt.timedelta(hours=2)


def test_record_contact_refuses_bad_input_and_saves_nothing(front_door: User) -> None:
    before = (Contact.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        actions.record_contact(
            by=front_door,
            children=[actions.ChildDetails(first_name="", last_name="", nhs_number="1234567890")],
            concern="  ",
            source="ZZ",
        )
    errors = caught.value.message_dict
    assert {"source", "concern", "referrer_name", "children.0.last_name", "children.0.nhs_number"} <= set(
        errors
    )
    assert (Contact.objects.count(), AuditEvent.objects.count()) == before


def test_partner_submission_takes_its_source_from_the_organisation() -> None:
    school = factories.partner("Hollybank Primary School", urn="103456")
    lead = factories.user(Role.PARTNER, partner_organisation=school)
    contact = factories.contact(by=lead)
    assert (contact.source, contact.channel, contact.submitting_organisation) == ("2A", "marf", school)


def test_people_without_a_front_door_role_cannot_record_contacts() -> None:
    for role in (Role.COMMISSIONER, Role.ANALYST, Role.ADMINISTRATOR, Role.FAMILY_HELP):
        with pytest.raises(PermissionDenied):
            factories.contact(by=factories.user(role))


def test_linking_flags_a_repeat_contact_within_twelve_months(
    front_door: User, time_machine: TimeMachineFixture
) -> None:
    child = factories.person(by=front_door)
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON), tick=False)
    first = factories.contact(by=front_door, source="6", referrer_name="PC Smith")
    actions.link_child(child=first.children.get(), person=child, by=front_door)
    time_machine.move_to(dt.datetime(2026, 3, 5, 9, 0, tzinfo=LONDON), tick=False)
    second = factories.contact(by=front_door)
    linked = actions.link_child(child=second.children.get(), person=child, by=front_door)
    assert "1 earlier contact in the 12 months" in linked.repeat_reason
    assert "Police" in linked.repeat_reason
    assert first.children.get().repeat_reason == ""


def test_whole_front_door_referral_opens_a_child_in_need_episode(
    front_door: User, manager: User, time_machine: TimeMachineFixture
) -> None:
    received = dt.datetime(2026, 4, 2, 15, 0, tzinfo=LONDON)
    time_machine.move_to(received + dt.timedelta(minutes=30), tick=False)
    contact = factories.contact(
        by=front_door,
        received_at=received,
        children=[
            {"first_name": "Amara", "last_name": "Okafor"},
            {"first_name": "Kwame", "last_name": "Okafor"},
        ],
    )
    amara, kwame = contact.children.all()
    actions.link_child(child=amara, person=factories.person(by=front_door), by=front_door)
    actions.link_new_child(child=kwame, by=front_door, first_name="Kwame", last_name="Okafor", sex="M")
    check = actions.request_mash_check(
        contact=contact, agency="police", question="Any call-outs?", by=front_door
    )
    assert check.due_at == contact.due_at
    actions.record_mash_answer(
        enquiry=check, answer="Two domestic call-outs in 2025.", answered_by_name="DC Jones", by=front_door
    )
    time_machine.move_to(dt.datetime(2026, 4, 7, 11, 0, tzinfo=LONDON), tick=False)  # after Easter Monday
    decision = decide(contact, front_door)
    assert not decision.late
    contact.refresh_from_db()
    actions.sign_off_decision(contact=contact, version=contact.version, by=manager)
    contact.refresh_from_db()
    assert contact.status == "decided" and contact.feedback_sent_at is not None
    episodes = Episode.objects.filter(contact=contact).order_by("person__first_name")
    assert [(e.person.first_name, e.referral_date, e.referral_source, e.primary_need) for e in episodes] == [
        ("Amara", dt.date(2026, 4, 2), "2A", "N1"),
        ("Kwame", dt.date(2026, 4, 2), "2A", "N1"),
    ]
    assert MashEnquiry.objects.get().answered_at is not None


def test_no_one_signs_off_their_own_decision(manager: User) -> None:
    contact = factories.contact(by=manager)
    actions.link_child(child=contact.children.get(), person=factories.person(by=manager), by=manager)
    decide(contact, manager)
    contact.refresh_from_db()
    with pytest.raises(ValidationError, match="another manager must sign it off"):
        actions.sign_off_decision(contact=contact, version=contact.version, by=manager)
    assert not Episode.objects.exists()


def test_practitioners_cannot_sign_off(front_door: User) -> None:
    contact = factories.contact(by=front_door)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    decide(contact, front_door)
    contact.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.sign_off_decision(
            contact=contact, version=contact.version, by=factories.user(Role.SOCIAL_WORKER)
        )


def test_decision_needs_every_child_found(front_door: User) -> None:
    contact = factories.contact(by=front_door)
    with pytest.raises(ValidationError, match="Find every child"):
        decide(contact, front_door)


def test_late_decision_needs_a_reason(front_door: User) -> None:
    received = dt.datetime(2026, 5, 1, 9, 0, tzinfo=LONDON)  # Friday before the May bank holiday
    contact = factories.contact(by=front_door, received_at=received)
    assert contact.due_at == dt.datetime(2026, 5, 5, 9, 0, tzinfo=LONDON)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    late = dt.datetime(2026, 5, 5, 10, 0, tzinfo=LONDON)
    with pytest.raises(ValidationError) as caught:
        decide(contact, front_door, decided_at=late)
    assert "late_reason" in caught.value.message_dict
    decision = decide(contact, front_door, decided_at=late, late_reason="Waiting for the police check.")
    assert decision.late and decision.late_reason == "Waiting for the police check."


@pytest.mark.parametrize(
    ("level", "outcome", "field"),
    [(2, "strategy", "outcome"), (2, "referral", "outcome"), (4, "nfa", "outcome"), (1, "nfa", "advice")],
)
def test_decision_must_fit_the_level_of_need(front_door: User, level: int, outcome: str, field: str) -> None:
    contact = factories.contact(by=front_door)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    with pytest.raises(ValidationError) as caught:
        decide(contact, front_door, level=level, outcome=outcome)
    assert field in caught.value.message_dict


def test_returned_decision_reopens_the_contact_and_nfa_opens_no_episode(
    front_door: User, manager: User
) -> None:
    contact = factories.contact(by=front_door)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    decide(contact, front_door)
    contact.refresh_from_db()
    actions.return_decision(
        contact=contact, version=contact.version, comment="Check with health first.", by=manager
    )
    contact.refresh_from_db()
    assert contact.status == "open"
    decide(contact, front_door, level=1, outcome="nfa", advice="Signposted to the school nurse.")
    contact.refresh_from_db()
    actions.sign_off_decision(contact=contact, version=contact.version, by=manager)
    assert not Episode.objects.exists()


def test_stale_version_is_a_conflict(front_door: User) -> None:
    contact = factories.contact(by=front_door)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    stale = contact.version
    actions.set_contact_urgency(
        contact=contact, rag="red", reason="Disclosure of sexual abuse", by=front_door
    )
    with pytest.raises(ConflictError):
        actions.decide_contact(
            contact=contact,
            version=stale,
            level=4,
            outcome="strategy",
            rationale="r",
            primary_need="N1",
            feedback="f",
            by=front_door,
        )


def test_restricted_child_hides_the_contact_from_people_not_named(front_door: User) -> None:
    owner = factories.user(Role.SOCIAL_WORKER)
    hidden = factories.person(by=owner, restricted=True)
    contact = factories.contact(by=owner)
    actions.link_child(child=contact.children.get(), person=hidden, by=owner)
    assert Contact.objects.visible_to(owner).filter(pk=contact.pk).exists()
    assert not Contact.objects.visible_to(front_door).filter(pk=contact.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.take_contact(contact=contact, by=front_door)


def test_an_emptied_rule_catalogue_refills_itself_with_the_defaults(front_door: User) -> None:
    Rule.objects.all().delete()
    received = dt.datetime(2026, 4, 2, 15, 0, tzinfo=LONDON)
    contact = factories.contact(by=front_door, received_at=received)
    assert contact.due_at == dt.datetime(2026, 4, 7, 15, 0, tzinfo=LONDON)
    assert Rule.objects.get(key="contact-amber").national_default == 1


def test_rule_defaults_in_code_match_what_the_migration_loads() -> None:
    from kindred.timescales.rules import DEFAULTS

    loaded = {r.key: r for r in Rule.objects.filter(key__in=DEFAULTS)}
    for key, values in DEFAULTS.items():
        assert {name: getattr(loaded[key], name) for name in values} == values, key


def _decided(front_door: User) -> tuple[Contact, object]:
    contact = factories.contact(by=front_door)
    person = factories.person(by=front_door)
    actions.link_child(child=contact.children.get(), person=person, by=front_door)
    decide(contact, front_door)
    contact.refresh_from_db()
    return contact, person


def test_nothing_a_decision_rests_on_changes_while_it_waits_for_sign_off(front_door: User) -> None:
    contact, _ = _decided(front_door)
    other = factories.person(by=front_door, first_name="Other")
    check = None
    with pytest.raises(ValidationError, match="waiting for sign-off"):
        actions.link_child(child=contact.children.get(), person=other, by=front_door)
    with pytest.raises(ValidationError, match="waiting for sign-off"):
        check = actions.request_mash_check(contact=contact, agency="police", question="?", by=front_door)
    with pytest.raises(ValidationError, match="waiting for sign-off"):
        actions.set_contact_urgency(contact=contact, rag="red", reason="Disclosure", by=front_door)
    assert check is None and contact.children.get().person != other


def test_a_check_answered_after_the_decision_page_opened_is_a_conflict(
    front_door: User, manager: User
) -> None:
    contact = factories.contact(by=front_door)
    actions.link_child(child=contact.children.get(), person=factories.person(by=front_door), by=front_door)
    check = actions.request_mash_check(contact=contact, agency="police", question="Known?", by=front_door)
    contact.refresh_from_db()
    opened_at = contact.version
    actions.record_mash_answer(
        enquiry=check, answer="Yes: a recent arrest.", answered_by_name="DC", by=front_door
    )
    with pytest.raises(ConflictError):
        actions.decide_contact(
            contact=contact,
            version=opened_at,
            level=1,
            outcome="nfa",
            rationale="r",
            advice="a",
            feedback="f",
            by=front_door,
        )


def test_repeat_reason_never_counts_a_contact_about_a_restricted_child(front_door: User) -> None:
    owner = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=owner)
    restricted_sibling = factories.person(by=owner, restricted=True, first_name="Sealed")
    earlier = factories.contact(by=owner, children=[{"first_name": "A"}, {"first_name": "B"}])
    first, second = earlier.children.order_by("position")
    actions.link_child(child=first, person=child, by=owner)
    actions.link_child(child=second, person=restricted_sibling, by=owner)
    later = factories.contact(by=front_door)
    linked = actions.link_child(child=later.children.get(), person=child, by=front_door)
    assert linked.repeat_reason == ""


def test_red_is_four_real_hours_across_the_clocks_going_forward(front_door: User) -> None:
    # 29 March 2026: the clocks go forward at 01:00 GMT. 00:30 GMT + 4 hours is 04:30 GMT, 05:30 BST.
    received = dt.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    contact = factories.contact(by=front_door, received_at=received, rag="red")
    assert contact.due_at - received == dt.timedelta(hours=4)
    assert contact.due_at == dt.datetime(2026, 3, 29, 5, 30, tzinfo=LONDON)


def test_a_referral_for_a_child_already_open_opens_no_second_episode(front_door: User, manager: User) -> None:
    person = factories.person(by=front_door)
    for _ in range(2):
        contact = factories.contact(by=front_door)
        actions.link_child(child=contact.children.get(), person=person, by=front_door)
        decide(contact, front_door)
        contact.refresh_from_db()
        actions.sign_off_decision(contact=contact, version=contact.version, by=manager)
    assert Episode.objects.filter(person=person).count() == 1
