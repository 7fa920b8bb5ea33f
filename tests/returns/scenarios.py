"""Children's journeys through casework, recorded with the casework actions as practitioners record them, for
the CIN census tests. Census year 2026: 1 April 2025 to 31 March 2026 (bank holidays on the way: Good Friday
18 April and Easter Monday 21 April 2025, 5 and 26 May 2025, 25-26 December 2025, 1 January 2026).

Every child has a valid Birmingham UPN (or a reason there is none) and disability codes, and between them the
children use more than eight codes, so together they break no DfE rule (the validator still raises 2887Q, a
return-level query, through a bug of its own: see test_validation.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kindred.access.roles import Role
from kindred.casework import actions
from kindred.casework.models import Assessment, ChildProtectionPlan, Episode, Section47
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from kindred.people.models import Person
from kindred.people.validators import upn_check_letter
from tests import factories

YEAR = 2026
CHILD_VIEWS = "I like my teacher. I don't like it when Mum and her boyfriend argue."
ANALYSIS = "Parental conflict and low mood affect the children's routines; the school sees it too."


@dataclass
class Team:
    worker: User  # the allocated social worker
    manager: User  # allocates, authorises
    manager2: User  # a second manager, for things a manager may not do on their own work
    chair: User  # the conference chair (independent reviewing officer)


def team() -> Team:
    return Team(
        worker=factories.user(Role.SOCIAL_WORKER),
        manager=factories.user(Role.TEAM_MANAGER),
        manager2=factories.user(Role.TEAM_MANAGER),
        chair=factories.user(Role.REVIEWING_OFFICER),
    )


def upn(serial: int) -> str:
    """A valid UPN issued in Birmingham (LA 330): check letter, LA, school, year, serial."""
    rest = f"3302001{15:02d}{serial:03d}"[:12]
    return upn_check_letter(rest) + rest


def child(
    staff: Team,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    sex: str = "F",
    ethnicity: str = "WBRI",
    serial: int | None = None,
    disabilities: tuple[str, ...] = ("NONE",),
    la_child_id: str = "",
    **fields: Any,
) -> Person:
    values: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth,
        "sex": sex,
        "ethnicity": ethnicity,
    }
    if serial is not None:
        values["upn"] = upn(serial)
    values.update(fields)
    person = factories.person(by=staff.worker, **values)
    for code in disabilities:
        people_actions.record_disability(person=person, code=code, by=staff.worker)
    if la_child_id:
        people_actions.add_identifier(person=person, kind="la_child_id", value=la_child_id, by=staff.worker)
    return person


def referral(
    staff: Team, person: Person, on: date, *, source: str = "2A", primary_need: str = "N1"
) -> Episode:
    return factories.episode(
        person_obj=person,
        referral_date=on,
        by=staff.manager,
        source=source,
        primary_need=primary_need,
        allocate_to=staff.worker,
    )


def assessment(
    staff: Team,
    episode: Episode,
    *,
    start: date,
    completed: date | None = None,
    authorised: date | None = None,
    factors: list[str] | None = None,
    outcome: str = Assessment.Outcome.CONTINUE,
    late_reason: str = "",
) -> Assessment:
    """An assessment started, and if dates are given, completed by the worker and authorised by a manager."""
    found = actions.start_assessment(episode=episode, by=staff.worker, start_date=start)
    if completed is not None:
        found = actions.complete_assessment(
            assessment=found,
            version=found.version,
            by=staff.worker,
            factors=factors or ["21"],
            child_views=CHILD_VIEWS,
            analysis=ANALYSIS,
            outcome=outcome,
            late_reason=late_reason,
            on=completed,
        )
    if authorised is not None:
        found = actions.authorise_assessment(
            assessment=found, version=found.version, by=staff.manager, on=authorised
        )
    return found


def section47(staff: Team, episode: Episode, *, on: date) -> Section47:
    """A strategy discussion that starts a section 47 enquiry the same day."""
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=on,
        attendees="Social worker, DC Patel (police), health visitor",
        agencies=["social_care", "police", "health"],
        decision="section_47",
        reasons="Bruising on the child's arm with an inconsistent account.",
        by=staff.worker,
    )
    return Section47.objects.get(strategy_discussion=discussion)


def finish_section47(staff: Team, enquiry: Section47, *, on: date, outcome: str) -> Section47:
    enquiry.refresh_from_db()
    return actions.complete_section47(
        section47=enquiry,
        version=enquiry.version,
        outcome=outcome,
        reasons="The enquiry's findings, agreed with the police.",
        by=staff.worker,
        on=on,
    )


def initial_conference(staff: Team, enquiry: Section47, *, on: date, category: str) -> ChildProtectionPlan:
    conference = actions.record_initial_conference(
        section47=enquiry,
        held_on=on,
        chair="Independent chair",
        attendees="Parents, school, health visitor, police",
        decision="plan",
        reasons="Likely to suffer significant harm without a plan.",
        category=category,
        by=staff.chair,
    )
    assert conference.plan is not None
    return conference.plan


def review(
    staff: Team,
    plan: ChildProtectionPlan,
    *,
    on: date,
    latest_category: str = "",
    end: bool = False,
    late_reason: str = "",
) -> ChildProtectionPlan:
    plan.refresh_from_db()
    actions.record_review_conference(
        plan=plan,
        version=plan.version,
        held_on=on,
        chair="Independent chair",
        attendees="Parents, school, health visitor",
        decision="end" if end else "continue",
        reasons="Progress against the plan reviewed.",
        latest_category=latest_category,
        end_reason="no_longer_at_risk" if end else "",
        late_reason=late_reason,
        by=staff.chair,
    )
    plan.refresh_from_db()
    return plan


def close(staff: Team, episode: Episode, *, on: date, reason: str) -> Episode:
    episode.refresh_from_db()
    return actions.close_episode(
        episode=episode, version=episode.version, reason=reason, by=staff.worker, closure_date=on
    )


# -- the journeys --------------------------------------------------------------------------------------------


@dataclass
class Journey:
    person: Person
    episodes: list[Episode]


def referred_twice(staff: Team) -> Journey:
    """(a) Assessed and closed with no further action in June; referred again in March, being assessed."""
    person = child(
        staff,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2015, 4, 12),
        ethnicity="BAFR",
        serial=1,
        disabilities=("MOB", "HAND"),
        la_child_id="BCT-2025-0001",
    )
    first = referral(staff, person, date(2025, 5, 6), source="2A", primary_need="N4")
    assessment(
        staff,
        first,
        start=date(2025, 5, 7),
        completed=date(2025, 6, 10),
        authorised=date(2025, 6, 12),
        factors=["21"],
        outcome=Assessment.Outcome.NFA,  # authorising it closes the episode (RC8)
    )
    second = referral(staff, person, date(2026, 3, 2), source="3A", primary_need="N5")
    assessment(staff, second, start=date(2026, 3, 3))
    return Journey(person, [first, second])


def section47_without_conference(staff: Team) -> Journey:
    """(b) A police referral, a section 47 enquiry that finds no need for a conference, then a CIN plan."""
    person = child(
        staff,
        first_name="Tyler",
        last_name="Brooks",
        date_of_birth=date(2012, 9, 30),
        sex="M",
        ethnicity="MWBC",
        serial=2,
        disabilities=("PC", "INC"),
    )
    episode = referral(staff, person, date(2025, 6, 2), source="6", primary_need="N1")
    enquiry = section47(staff, episode, on=date(2025, 6, 3))
    found = assessment(staff, episode, start=date(2025, 6, 3))
    finish_section47(staff, enquiry, on=date(2025, 6, 20), outcome=Section47.Outcome.CHILD_IN_NEED)
    found.refresh_from_db()
    found = actions.complete_assessment(
        assessment=found,
        version=found.version,
        by=staff.worker,
        factors=["18C", "3B"],
        child_views=CHILD_VIEWS,
        analysis=ANALYSIS,
        outcome=Assessment.Outcome.CIN_PLAN,
        on=date(2025, 7, 1),
    )
    actions.authorise_assessment(
        assessment=found, version=found.version, by=staff.manager, on=date(2025, 7, 3)
    )
    return Journey(person, [episode])


def child_protection_plan(staff: Team) -> Journey:
    """(c) A second child protection plan (the first in 2023): strategy discussion, section 47, initial
    conference, a review that changes the category, a review that ends the plan, then a CIN plan."""
    person = child(
        staff,
        first_name="Leo",
        last_name="Hussain",
        date_of_birth=date(2019, 1, 20),
        sex="M",
        ethnicity="APKN",
        serial=3,
        disabilities=("COMM", "LD"),
    )
    # 2022-23: the first plan, ended and closed long before this census year.
    earlier = referral(staff, person, date(2023, 1, 9), source="3B", primary_need="N1")
    earlier_enquiry = section47(staff, earlier, on=date(2023, 1, 10))
    finish_section47(staff, earlier_enquiry, on=date(2023, 1, 24), outcome=Section47.Outcome.ICPC)
    earlier_plan = initial_conference(staff, earlier_enquiry, on=date(2023, 1, 30), category="NEG")
    review(staff, earlier_plan, on=date(2023, 4, 25), end=True)
    close(staff, earlier, on=date(2023, 5, 10), reason="RC7")
    # 2025-26.
    episode = referral(staff, person, date(2025, 4, 14), source="2A", primary_need="N1")
    enquiry = section47(staff, episode, on=date(2025, 4, 15))
    found = assessment(staff, episode, start=date(2025, 4, 15))
    finish_section47(staff, enquiry, on=date(2025, 4, 28), outcome=Section47.Outcome.ICPC)
    plan = initial_conference(staff, enquiry, on=date(2025, 5, 6), category="EMO")
    found.refresh_from_db()
    found = actions.complete_assessment(
        assessment=found,
        version=found.version,
        by=staff.worker,
        factors=["3A", "4B"],
        child_views=CHILD_VIEWS,
        analysis=ANALYSIS,
        outcome=Assessment.Outcome.CONTINUE,
        on=date(2025, 5, 20),
    )
    actions.authorise_assessment(
        assessment=found, version=found.version, by=staff.manager, on=date(2025, 5, 22)
    )
    review(staff, plan, on=date(2025, 8, 5), latest_category="NEG")
    review(staff, plan, on=date(2026, 2, 3), end=True)
    actions.start_cin_plan(episode=episode, start_date=date(2026, 2, 3), by=staff.worker)
    return Journey(person, [earlier, episode])


def closed_in_year(staff: Team) -> Journey:
    """(d) Open on 1 April (referred and assessed in February 2025, so the assessment is last year's), on a
    CIN plan, closed in September: services no longer needed."""
    person = child(
        staff,
        first_name="Grace",
        last_name="Nowak",
        date_of_birth=date(2010, 11, 2),
        ethnicity="WOTH",
        serial=4,
        disabilities=("HEAR", "VIS"),
    )
    episode = referral(staff, person, date(2025, 2, 10), source="1A", primary_need="N3")
    assessment(
        staff,
        episode,
        start=date(2025, 2, 11),
        completed=date(2025, 3, 18),
        authorised=date(2025, 3, 20),
        factors=["4B", "6B"],
        outcome=Assessment.Outcome.CIN_PLAN,  # the plan starts on 20 March 2025
    )
    close(staff, episode, on=date(2025, 9, 30), reason="RC7")
    return Journey(person, [episode])


def referral_with_no_further_action(staff: Team) -> Journey:
    """(e) A referral that led to no further action: closed the day it came in, nothing else recorded."""
    person = child(
        staff,
        first_name="Kai",
        last_name="Walker",
        date_of_birth=date(2016, 2, 14),
        sex="M",
        ethnicity="BCRB",
        upn_unknown_reason="UN7",
        disabilities=("NONE",),
    )
    episode = referral(staff, person, date(2025, 7, 7), source="1A", primary_need="")
    # No casework action records ReferralNFA yet (the front door's decision should): set it directly.
    Episode.objects.filter(pk=episode.pk).update(referral_nfa=True)
    close(staff, episode, on=date(2025, 7, 7), reason="RC7")
    return Journey(person, [episode])


def child_in_need(staff: Team) -> Journey:
    """(f) Child in need only: a health referral, an assessment with its factors, a CIN plan from its
    authorisation that ends after the census year (so no end date in this return)."""
    person = child(
        staff,
        first_name="Maya",
        last_name="Sharma",
        date_of_birth=date(2013, 6, 5),
        ethnicity="AIND",
        serial=5,
        disabilities=("AUT", "BEH"),
    )
    episode = referral(staff, person, date(2025, 9, 1), source="3A", primary_need="N3")
    assessment(
        staff,
        episode,
        start=date(2025, 9, 2),
        completed=date(2025, 10, 14),
        authorised=date(2025, 10, 16),
        factors=["7A", "4B", "6B"],
        outcome=Assessment.Outcome.CIN_PLAN,
    )
    plan = episode.cin_plans.get()
    actions.end_cin_plan(plan=plan, version=plan.version, by=staff.worker, end_date=date(2026, 5, 1))
    return Journey(person, [episode])


def all_journeys(staff: Team | None = None) -> dict[str, Journey]:
    staff = staff or team()
    return {
        "referred_twice": referred_twice(staff),
        "section47_without_conference": section47_without_conference(staff),
        "child_protection_plan": child_protection_plan(staff),
        "closed_in_year": closed_in_year(staff),
        "referral_with_no_further_action": referral_with_no_further_action(staff),
        "child_in_need": child_in_need(staff),
    }
