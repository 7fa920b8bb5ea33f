"""The synthetic front door: contacts at the trust's rates, through the front door's actions, deterministic.

A small trust (40 children, 8 weeks of contacts) is built once for this module, inside a transaction that is
rolled back at the end; each test runs in its own savepoint within it. The mix (sources, outcomes, urgency,
checks, lateness) is tested on a plan for the default 300 children and 13 weeks, which needs no writes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from kindred.audit.models import AuditEvent
from kindred.audit.verify import verify_chain
from kindred.casework.models import Episode
from kindred.frontdoor.models import Contact, ContactChild, MashEnquiry, ThresholdDecision
from kindred.people.models import Person
from kindred.people.validators import is_valid_nhs_number
from kindred.synthetic import frontdoor
from kindred.synthetic import frontdoor_text as text
from kindred.synthetic.models import SyntheticStep
from kindred.synthetic.trust import SyntheticTrust, build_trust

REFERENCE = date(2026, 3, 31)  # a Tuesday: the history ends at 00:00 that day
# The casework is built and tested in test_casework_synthetic.py; these tests stop before it.
STEPS = ("people", "frontdoor")
CHILDREN = 40
WEEKS = 8
START = datetime.combine(REFERENCE - timedelta(weeks=WEEKS), time(0), frontdoor.LONDON)
END = datetime.combine(REFERENCE, time(0), frontdoor.LONDON)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[SyntheticTrust]:
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_trust(
                seed=2026, children=CHILDREN, reference_date=REFERENCE, frontdoor_weeks=WEEKS, steps=STEPS
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def summary(built: SyntheticTrust, db: None) -> dict:
    return built.summaries["frontdoor"]


@pytest.fixture(scope="module")
def big_plan(built: SyntheticTrust, django_db_blocker: DjangoDbBlocker) -> frontdoor.FrontDoorPlan:
    """The default size's plan (300 children, 13 weeks), against this module's families: planning only."""
    assert built.people is not None
    with django_db_blocker.unblock():
        inputs = frontdoor.read_inputs(built.people)
    return frontdoor.plan_front_door(
        seed=2026, children=300, reference_date=REFERENCE, weeks=frontdoor.DEFAULT_WEEKS, inputs=inputs
    )


def share(counter: Counter[str], *keys: str) -> float:
    return 100 * sum(counter[k] for k in keys) / sum(counter.values())


# --- Rates --------------------------------------------------------------------------------------------------


def test_rates_are_birminghams_scaled_to_the_trusts_children() -> None:
    # 70,000 contacts a year for 8,465 children open: ~48 children contacted about a week for 300.
    assert frontdoor.contacts_a_week(300) == pytest.approx(47.5, abs=0.1)
    assert 52.18 * frontdoor.contacts_a_week(frontdoor.BIRMINGHAM_CHILDREN_OPEN) == pytest.approx(
        70_000, rel=0.001
    )


def test_front_door_children_contacted_about_match_the_rate(summary: dict) -> None:
    expected = frontdoor.contacts_a_week(CHILDREN) * WEEKS
    assert summary["weeks"] == WEEKS
    assert abs(summary["children_on_contacts"] - expected) <= 3
    assert ContactChild.objects.count() == summary["children_on_contacts"]
    assert (
        Contact.objects.count() == summary["contacts"] < summary["children_on_contacts"]
    )  # siblings together
    received = Contact.objects.values_list("received_at", flat=True)
    assert all(START <= moment < END for moment in received)


def test_plan_children_contacted_about_match_the_rate(big_plan: frontdoor.FrontDoorPlan) -> None:
    children = sum(len(c.children) for c in big_plan.contacts)
    assert big_plan.children_target == round(frontdoor.contacts_a_week(300) * frontdoor.DEFAULT_WEEKS)
    assert abs(children - big_plan.children_target) <= 5
    assert 1.2 <= children / len(big_plan.contacts) <= 1.8


# --- The mix ------------------------------------------------------------------------------------------------


def test_plan_sources_follow_the_national_shares(big_plan: frontdoor.FrontDoorPlan) -> None:
    sources = Counter(c.source for c in big_plan.contacts)
    assert 23 <= share(sources, "6") <= 35  # police ~29%
    assert 15 <= share(sources, "2A", "2B") <= 27  # schools ~21%
    assert 9 <= share(sources, "3A", "3B", "3C", "3D", "3E", "3F") <= 19  # health ~14%
    assert 7 <= share(sources, "5A", "5B", "5C", "5D") <= 16  # local authority services ~11%
    assert 0 < share(sources, "9", "10") <= 5  # anonymous or unknown ~2%
    weekend = Counter(c.source for c in big_plan.contacts if timezone.localtime(c.received_at).weekday() >= 5)
    assert weekend and not weekend["2A"]  # schools do not phone on Sundays
    marf = [c for c in big_plan.contacts if c.channel == "marf"]
    assert marf and {c.recorded_by for c in marf} == {"school"} and {c.source for c in marf} == {"2A"}


def test_plan_outcomes_levels_and_urgency_follow_the_mix(big_plan: frontdoor.FrontDoorPlan) -> None:
    outcomes = Counter(c.outcome for c in big_plan.contacts)
    assert 40 <= share(outcomes, text.NFA) <= 50
    assert 28 <= share(outcomes, text.FAMILY_HELP) <= 38
    assert 13 <= share(outcomes, text.REFERRAL) <= 20
    assert 3 <= share(outcomes, text.STRATEGY) <= 7
    children = Counter(
        {o: sum(len(c.children) for c in big_plan.contacts if c.outcome == o) for o in outcomes}
    )
    referred = frontdoor.BIRMINGHAM_REFERRALS_A_YEAR / frontdoor.BIRMINGHAM_CONTACTS_A_YEAR  # 21%
    assert abs(share(children, text.REFERRAL, text.STRATEGY) - 100 * referred) <= 5
    allowed = {text.NFA: {1, 2, 3}, text.FAMILY_HELP: {2, 3}, text.REFERRAL: {3, 4}, text.STRATEGY: {4}}
    assert all(c.level in allowed[c.outcome] for c in big_plan.contacts)
    final_rag = Counter(
        next((e.values["rag"] for e in reversed(c.events) if e.kind == "urgency"), c.rag)
        for c in big_plan.contacts
    )
    assert 6 <= share(final_rag, "red") <= 15
    assert 14 <= share(final_rag, "green") <= 27
    needs = Counter(
        e.values["primary_need"]
        for c in big_plan.contacts
        for e in c.events
        if e.kind == "decide" and e.values["outcome"] in (text.REFERRAL, text.STRATEGY)
    )
    assert needs.most_common(1)[0][0] == "N1" and len(needs) >= 4


def test_plan_checks_lateness_and_returns(big_plan: frontdoor.FrontDoorPlan) -> None:
    contacts = big_plan.contacts
    checked = [c for c in contacts if any(e.kind == "request" for e in c.events)]
    assert 25 <= 100 * len(checked) / len(contacts) <= 50
    late = [c for c in contacts if c.late]
    assert 7 <= 100 * len(late) / len(contacts) <= 15  # ~88% decided in time
    for contact in contacts:
        decisions = [e for e in contact.events if e.kind == "decide"]
        assert bool(decisions[-1].values["late_reason"]) == contact.late
        signed = [e for e in contact.events if e.kind == "sign_off"]
        assert len(signed) == 1 and signed[0].by != decisions[-1].by
        assert all(e.by != d.by for e in contact.events if e.kind == "return" for d in decisions)
    returned = [c for c in contacts if any(e.kind == "return" for e in c.events)]
    assert 1 <= len(returned) <= 0.1 * len(contacts)
    assert any(c.channel == "recorded" and c.recorded_by == "frontdoor" for c in contacts)


def test_plan_words_are_filled_in_and_synthetic(big_plan: frontdoor.FrontDoorPlan) -> None:
    texts = []
    for contact in big_plan.contacts:
        texts += [str(v) for v in contact.fields.values()]
        texts += [str(v) for e in contact.events for v in e.values.values()]
    assert not [t for t in texts if re.search(r"[{}]", t)]
    phones = {c.fields["referrer_phone"] for c in big_plan.contacts} - {""}
    assert all(p.startswith(("07700 900", "0121 496 0")) for p in phones)  # Ofcom's drama ranges
    emails = {c.fields["referrer_email"] for c in big_plan.contacts} - {""}
    assert emails and all(e.endswith("@example.com") for e in emails)
    numbers = {d.nhs_number for c in big_plan.contacts for d in c.described} - {""}
    assert numbers and all(n.startswith("999") and is_valid_nhs_number(n) for n in numbers)
    # Several scenarios, each about children whose age fits it.
    assert len({c.scenario for c in big_plan.contacts}) >= 15
    scenarios = {s.key: s for s in text.SCENARIOS}
    for contact in big_plan.contacts:
        if contact.scenario in scenarios:
            age = contact.children[0].age_on(timezone.localtime(contact.received_at).date())
            assert scenarios[contact.scenario].min_age <= age <= scenarios[contact.scenario].max_age


def test_plan_same_seed_same_plan_other_seed_other_plan(built: SyntheticTrust, db: None) -> None:
    assert built.people is not None
    inputs = frontdoor.read_inputs(built.people)

    def plan(seed: int) -> str:
        return frontdoor.plan_front_door(
            seed=seed, children=CHILDREN, reference_date=REFERENCE, weeks=WEEKS, inputs=inputs
        ).digest()

    assert plan(2026) == plan(2026) != plan(2027)


# --- In the database ----------------------------------------------------------------------------------------


def test_front_door_every_decided_contact_was_signed_off_by_someone_else(summary: dict) -> None:
    decided = Contact.objects.filter(status=Contact.Status.DECIDED)
    assert decided.count() == summary["signed_off"] > 0
    decisions = ThresholdDecision.objects.filter(contact__in=decided)
    assert decisions.count() == decided.count()
    assert not decisions.exclude(status=ThresholdDecision.Status.SIGNED_OFF).exists()
    assert not decisions.filter(signed_off_by=F("decided_by")).exists()
    assert not decisions.filter(signed_off_by__role__in=["front_door", "social_worker"]).exists()
    assert (
        not decided.filter(feedback="").exists()
        and not decided.filter(feedback_sent_at__isnull=True).exists()
    )
    assert not ContactChild.objects.filter(contact__in=decided, person__isnull=True).exists()
    outcomes = Counter(decisions.values_list("outcome", flat=True))
    assert dict(outcomes) == {k: v for k, v in summary["outcomes"].items() if v}


def test_front_door_referrals_opened_an_episode_for_each_child(summary: dict) -> None:
    referred = ThresholdDecision.objects.filter(
        status=ThresholdDecision.Status.SIGNED_OFF, outcome__in=["referral", "strategy"]
    ).select_related("contact")
    assert referred.exists()
    episodes = 0
    for decision in referred:
        contact = decision.contact
        children = set(contact.children.values_list("person_id", flat=True))
        opened = Episode.objects.filter(contact=contact)
        assert set(opened.values_list("person_id", flat=True)) == children
        for episode in opened:
            assert episode.referral_date == timezone.localtime(contact.received_at).date()
            assert episode.referral_source == contact.source
            assert episode.primary_need == decision.primary_need != ""
            assert episode.strategy_discussion_needed == (decision.outcome == "strategy")
        episodes += len(children)
    assert Episode.objects.count() == episodes == summary["referrals"]


def test_front_door_late_decisions_all_say_why(summary: dict) -> None:
    decisions = ThresholdDecision.objects.select_related("contact")
    late = decisions.filter(decided_at__gt=F("contact__due_at"))
    assert late.count() == summary["late_decisions"]
    assert not late.filter(late_reason="").exists()
    assert not decisions.filter(decided_at__lte=F("contact__due_at")).exclude(late_reason="").exists()
    # Late MASH answers are the ones after their due time.
    assert MashEnquiry.objects.filter(answered_at__gt=F("due_at")).count() == summary["mash_checks"]["late"]


def test_front_door_queue_at_the_reference_date(summary: dict) -> None:
    end = END
    waiting = Contact.objects.open()
    assert waiting.count() == summary["open"]["total"] > 0
    assert (
        waiting.filter(status=Contact.Status.AWAITING_SIGN_OFF).count()
        == summary["open"]["awaiting_sign_off"]
    )
    assert waiting.filter(due_at__lt=end).count() == summary["open"]["overdue"]
    # Nothing was recorded after the end of the history, whatever the wall clock said.
    assert not ThresholdDecision.objects.filter(decided_at__gte=end).exists()
    assert not MashEnquiry.objects.filter(answered_at__gte=end).exists()
    assert not ContactChild.objects.filter(linked_at__gte=end).exists()


def test_front_door_children_found_known_new_and_repeat(built: SyntheticTrust, summary: dict) -> None:
    assert built.people is not None
    linked = ContactChild.objects.filter(person__isnull=False)
    known = linked.filter(person__uuid__in=built.people.children)
    assert known.exists() and linked.exclude(person__uuid__in=built.people.children).exists()
    assert not linked.filter(person__restricted=True).exists()  # front-door staff cannot see those
    created = AuditEvent.objects.filter(
        action="person.created", actor__in=["frontdoor", "bahmed", "jfletcher", "noconnor"]
    )
    new = Person.objects.exclude(
        uuid__in=[*built.people.children, *built.people.adults, *built.people.professionals]
    )
    new = new.exclude(uuid__in=[d.duplicate for d in built.people.duplicates])
    assert new.count() == summary["new_children"] > 0
    assert created.filter(person_uuid__in=new.values_list("uuid", flat=True)).count() == new.count()
    assert linked.exclude(repeat_reason="").count() == summary["repeat_children"] > 0


def test_front_door_was_recorded_through_the_actions(summary: dict) -> None:
    assert AuditEvent.objects.filter(action="contact.recorded").count() == summary["contacts"]
    assert AuditEvent.objects.filter(action="mash.requested").count() == summary["mash_checks"]["requested"]
    assert AuditEvent.objects.filter(action="contact.decision_returned").count() == summary["returned"]
    checked, problem = verify_chain()
    assert problem is None and checked >= AuditEvent.objects.count()


def test_build_trust_again_skips_the_front_door(built: SyntheticTrust, summary: dict) -> None:
    contacts, events = Contact.objects.count(), AuditEvent.objects.count()
    again = build_trust(
        seed=2026, children=CHILDREN, reference_date=REFERENCE, frontdoor_weeks=WEEKS, steps=STEPS
    )
    assert again.loaded == [] and "frontdoor" in again.skipped
    assert (Contact.objects.count(), AuditEvent.objects.count()) == (contacts, events)
    assert SyntheticStep.objects.get(name="frontdoor").summary == summary


def test_front_door_same_seed_gives_the_same_front_door(built: SyntheticTrust, summary: dict) -> None:
    """Built again from the same seed, with the people loaded by the earlier run (so the step finds them from
    the people step's marker, as after an upgrade): the same contacts, checks, decisions and referrals."""
    assert built.people is not None
    first = frontdoor.frontdoor_digest()
    assert summary["digest"] == first
    frontdoor.delete_front_door()
    Person.objects.exclude(
        uuid__in=[
            *built.people.children,
            *built.people.adults,
            *built.people.professionals,
            *[d.duplicate for d in built.people.duplicates],
        ]
    ).delete()
    again = build_trust(
        seed=2026, children=CHILDREN, reference_date=REFERENCE, frontdoor_weeks=WEEKS, steps=STEPS
    )
    assert again.loaded == ["frontdoor"] and again.people is None
    assert frontdoor.frontdoor_digest() == first
    assert again.summaries["frontdoor"] == summary


def test_load_demo_prints_the_front_door(built: SyntheticTrust, db: None) -> None:
    frontdoor.delete_front_door()  # this module's people stay: load_demo builds only the front door
    out = StringIO()
    call_command("load_demo", "--children=4", "--reference-date=2026-03-31", stdout=out)
    assert re.search(r"Front door: \d+ contacts about \d+ children over 13 weeks", out.getvalue())
