"""Casework through its pages: the statutory paths (child in need; section 47 with no conference; initial
conference to a child protection plan, its reviews and its end; closure), error summaries, conflicts, what
each user is offered, 404 for what a user may not see, the audit of views and the episode page's queries.

The clock is Monday 16 November 2026, 10:00 in London: steps without a date field (sending an assessment to a
manager, authorising it) happen then."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework import actions
from kindred.casework.models import (
    Assessment,
    ChildInNeedPlan,
    Conference,
    Episode,
    Section47,
    StrategyDiscussion,
    Visit,
)
from kindred.organisation.models import User
from kindred.timescales.models import Task
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 16)
ClientFor = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _monday(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def people() -> dict[str, User]:
    return {
        "sw": factories.user(Role.SOCIAL_WORKER, username="worker", first_name="Grace", last_name="Adeyemi"),
        "tm": factories.user(Role.TEAM_MANAGER, username="manager", first_name="Tom", last_name="Reid"),
        "tm2": factories.user(Role.TEAM_MANAGER, username="manager2", first_name="Asha", last_name="Khan"),
        "iro": factories.user(Role.REVIEWING_OFFICER, username="chair", first_name="Dee", last_name="Chair"),
    }


def _url(name: str, record: Any) -> str:
    param = {
        "Episode": "episode_uuid",
        "Assessment": "assessment_uuid",
        "Section47": "section47_uuid",
        "ChildProtectionPlan": "plan_uuid",
        "ChildInNeedPlan": "cin_plan_uuid",
    }[type(record).__name__]
    return reverse(f"casework:{name}", kwargs={param: record.uuid})


def _day(name: str, day: dt.date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _text(response: Any) -> str:
    """The page's words, without tags, as a reader sees them."""
    body = response.content.decode()
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _ok(response: Any) -> Any:
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response: Any) -> str:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return f"{response.status_code}: " + (
        " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""
    )


def _episode(people: dict[str, User], *, referral: dt.date = dt.date(2026, 10, 1), **extra: Any) -> Episode:
    child = factories.person(
        by=people["tm"], first_name="Ayo", last_name="Bello", date_of_birth=dt.date(2016, 5, 3)
    )
    return factories.episode(person_obj=child, by=people["tm"], referral_date=referral, **extra)


def _open_tasks(episode: Episode) -> dict[str, dt.date]:
    return dict(Task.objects.filter(episode=episode, done_at=None).values_list("rule_key", "due_date"))


def _send_assessment(client: Client, assessment: Assessment, **values: Any) -> Any:
    assessment.refresh_from_db()
    data = {
        "version": assessment.version,
        "child_views": "I like school. I don't like it when Mum cries.",
        "analysis": "Mum's low mood affects routines; Ayo is well cared for otherwise.",
        "factors": ["4B"],
        "outcome": Assessment.Outcome.CIN_PLAN,
        "action": "complete",
    }
    data.update(values)
    return client.post(_url("assessment", assessment), data)


# -- the statutory paths -------------------------------------------------------------------------------------


def test_child_in_need_path_through_pages(people: dict[str, User], client_for: ClientFor) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = _episode(people)
    manager, worker = client_for(tm), client_for(sw)

    page = _text(manager.get(_url("episode", episode)))
    assert "Ayo Bello" in page and "Not allocated yet" in page and "Allocate the case" in page
    assert "Schools (2A)" in page and "Abuse, neglect and exploitation (N1)" in page
    _ok(
        manager.post(
            _url("allocate", episode),
            {"worker": str(sw.uuid), **_day("on", dt.date(2026, 10, 2)), "version": episode.version},
        )
    )
    episode.refresh_from_db()
    assert episode.allocated_to == sw
    assert Task.objects.get(episode=episode, rule_key="assessment").assignee == sw

    page = _text(worker.get(_url("episode", episode)))
    assert "Start the assessment" in page and "Change the allocated worker" not in page
    response = _ok(worker.post(_url("assessment_start", episode), _day("start_date", dt.date(2026, 10, 5))))
    assessment = episode.assessments.get()
    assert response["Location"] == _url("assessment", assessment)
    assert assessment.start_date == dt.date(2026, 10, 5)

    # Saved as it is written, then sent: sending needs the analysis, and saves nothing without it.
    _ok(
        worker.post(
            _url("assessment", assessment),
            {"version": 1, "child_views": "I like school.", "factors": ["4B"], "action": "save"},
        )
    )
    assessment.refresh_from_db()
    assert (assessment.child_views, assessment.factor_codes, assessment.status) == (
        "I like school.",
        ["4B"],
        Assessment.Status.IN_PROGRESS,
    )
    response = _send_assessment(worker, assessment, analysis="")
    assert response.status_code == 200
    assert "There is a problem" in _text(response) and "Record your analysis" in _text(response)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.child_views) == (Assessment.Status.IN_PROGRESS, "I like school.")
    _ok(_send_assessment(worker, assessment))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AWAITING_AUTHORISATION

    page = _text(manager.get(_url("episode", episode)))
    assert "Authorise or return the assessment" in page
    response = _ok(
        manager.post(
            _url("assessment_authorise", assessment),
            {
                "version": assessment.version,
                "choice": "authorise",
                "comment": "Agreed: a plan for Mum's support.",
            },
        )
    )
    assert "A child in need plan has started" in _text(manager.get(response["Location"]))
    plan = ChildInNeedPlan.objects.get(episode=episode)
    assert plan.start_date == TODAY

    _ok(
        worker.post(
            _url("visit", episode),
            {
                **_day("visited_at", TODAY),
                "visited_time": "09:15",
                "seen": "yes",
                "seen_alone": "yes",
                "bedroom_seen": "no",
                "observations": "Ayo showed me his drawings and said school is fun.",
                "analysis": "Settled; routines better.",
            },
        )
    )
    visit = Visit.objects.get(episode=episode)
    assert timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M") == "2026-11-16 09:15"
    assert (visit.seen, visit.seen_alone, visit.bedroom_seen) == (True, True, False)
    assert visit.observations.startswith("Ayo showed me") and visit.analysis == "Settled; routines better."

    _ok(
        worker.post(
            _url("cin_review", plan), {**_day("held_on", TODAY), "summary": "Good progress on the plan."}
        )
    )
    plan.refresh_from_db()
    _ok(worker.post(_url("cin_plan_end", plan), {**_day("end_date", TODAY), "version": plan.version}))
    plan.refresh_from_db()
    assert plan.end_date == TODAY

    page = _text(worker.get(_url("episode", episode)))
    assert "Close the case" in page and "Good progress on the plan." in page
    episode.refresh_from_db()
    _ok(
        worker.post(
            _url("close", episode),
            {**_day("closure_date", TODAY), "reason": "RC7", "version": episode.version},
        )
    )
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (TODAY, "RC7")
    page = _text(worker.get(_url("episode", episode)))
    assert (
        "Closed" in page and "Services ceased for any other reason, including no longer in need (RC7)" in page
    )
    assert "Record a visit" not in page and "Nothing is due: the episode is closed" in page


def test_section47_with_no_initial_conference_through_pages(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, referral=dt.date(2026, 11, 2), allocate_to=sw)
    worker = client_for(sw)
    response = _ok(
        worker.post(
            _url("strategy_discussion", episode),
            {
                **_day("held_on", dt.date(2026, 11, 2)),
                "attendees": "Grace Adeyemi (social care), PC Jo Patel (police), Nurse Lee (health)",
                "agencies": ["social_care", "police", "health"],
                "decision": StrategyDiscussion.Decision.SECTION_47,
                "reasons": "Ayo said his stepfather hit him; bruise on his arm.",
            },
        )
    )
    # 15 working days from Monday 2 November 2026: Monday 23 November.
    assert "due by 23 November 2026" in _text(worker.get(response["Location"]))
    section47 = Section47.objects.get(episode=episode)
    assert _open_tasks(episode)["icpc"] == dt.date(2026, 11, 23)

    page = _text(worker.get(_url("episode", episode)))
    assert "Record the outcome of the section 47 enquiry" in page and "Police" in page
    _ok(
        worker.post(
            _url("section47_outcome", section47),
            {
                "version": section47.version,
                **_day("on", dt.date(2026, 11, 13)),
                "outcome": Section47.Outcome.CHILD_IN_NEED,
                "reasons": "Accidental injury at football; the family need support.",
            },
        )
    )
    section47.refresh_from_db()
    assert section47.completed_date == dt.date(2026, 11, 13) and not section47.icpc_required
    assert "icpc" not in _open_tasks(episode)

    page = _text(worker.get(_url("episode", episode)))
    assert (
        "Record the initial child protection conference" not in page and "Record the conference" not in page
    )
    assert "Concerns not substantiated: child in need" in page
    # The conference page says why there is nothing to record, and a POST records nothing.
    assert "has not concluded that an initial child protection conference is needed" in _text(
        worker.get(_url("initial_conference", section47))
    )
    response = worker.post(_url("initial_conference", section47), {"chair": "x", "decision": "plan"})
    assert response.status_code == 200 and not Conference.objects.exists()
    # The outcome is recorded once.
    assert "outcome was recorded on 13 November 2026" in _text(
        worker.get(_url("section47_outcome", section47))
    )


def test_initial_conference_to_plan_review_and_end_through_pages(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw, iro = people["sw"], people["iro"]
    episode = _episode(people, allocate_to=sw)
    worker, chair = client_for(sw), client_for(iro)
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=dt.date(2026, 10, 5),
        attendees="Social care, police, health",
        agencies=["social_care", "police", "health"],
        decision="section_47",
        reasons="Ayo disclosed being hit.",
        by=sw,
    )
    section47 = discussion.section47
    _ok(
        worker.post(
            _url("section47_outcome", section47),
            {
                "version": section47.version,
                **_day("on", dt.date(2026, 10, 12)),
                "outcome": "icpc",
                "reasons": "Injuries match the account.",
            },
        )
    )
    page = _text(worker.get(_url("episode", episode)))
    assert "Record the initial child protection conference" in page

    conference = {
        **_day("held_on", dt.date(2026, 10, 19)),
        "chair": "Dee Chair",
        "attendees": "Mother, Grace Adeyemi, PC Patel, Hollybank Primary",
        "decision": "plan",
        "reasons": "Risk of significant harm from physical abuse.",
        "visit_every": "5",
    }
    response = chair.post(_url("initial_conference", section47), conference)
    assert response.status_code == 200 and "Choose the category of abuse" in _errors(response)
    assert not Conference.objects.exists()
    _ok(chair.post(_url("initial_conference", section47), {**conference, "category": "NEG"}))
    plan = episode.cp_plans.get()
    assert (plan.start_date, plan.initial_category, plan.visit_every) == (dt.date(2026, 10, 19), "NEG", 5)
    assert {"first-core-group", "first-review-conference", "cp-visit"} <= set(_open_tasks(episode))

    _ok(
        worker.post(
            _url("core_group", plan),
            {
                **_day("held_on", dt.date(2026, 10, 26)),
                "attendees": "Mother, school",
                "summary": "Plan agreed.",
            },
        )
    )
    assert "first-core-group" not in _open_tasks(episode)

    review = {
        **_day("held_on", dt.date(2026, 11, 9)),
        "chair": "Dee Chair",
        "attendees": "Mother, Grace Adeyemi",
        "decision": "continue",
        "latest_category": "EMO",
        "reasons": "Some progress; emotional harm now the main concern.",
    }
    _ok(chair.post(_url("review_conference", plan), {**review, "version": plan.version}))
    plan.refresh_from_db()
    assert plan.latest_category == "EMO" and plan.end_date is None
    page = _text(worker.get(_url("episode", episode)))
    assert "Emotional abuse (EMO)" in page and "At the start: Neglect (NEG)" in page
    assert "Review, 9 November 2026: continue the plan" in page

    ending = {**review, **_day("held_on", TODAY), "decision": "end", "reasons": "Sustained change."}
    response = chair.post(_url("review_conference", plan), {**ending, "version": plan.version})
    assert "Choose why the plan is ending" in _errors(response)
    _ok(
        chair.post(
            _url("review_conference", plan),
            {**ending, "end_reason": "no_longer_at_risk", "version": plan.version},
        )
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (TODAY, "no_longer_at_risk")
    page = _text(worker.get(_url("episode", episode)))
    assert "Ended" in page and "no longer at risk of significant harm" in page
    assert "Record a core group meeting" not in page and "Start a child in need plan" in page


def test_a_plan_ends_outside_a_conference_only_for_the_listed_reasons(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=dt.date(2026, 10, 5),
        attendees="x",
        agencies=["social_care", "police"],
        decision="section_47",
        reasons="y",
        by=sw,
    )
    s47 = actions.complete_section47(
        section47=discussion.section47, version=1, outcome="icpc", reasons="z", by=sw, on=dt.date(2026, 10, 9)
    )
    plan = actions.record_initial_conference(
        section47=s47,
        held_on=dt.date(2026, 10, 16),
        chair="c",
        attendees="",
        decision="plan",
        reasons="r",
        by=sw,
        category="PHY",
    ).plan
    assert plan is not None
    worker = client_for(sw)
    page = _text(worker.get(_url("cp_plan_end", plan)))
    assert "Became looked after" in page and "No longer at risk" not in page
    _ok(
        worker.post(
            _url("cp_plan_end", plan),
            {"version": plan.version, **_day("end_date", TODAY), "reason": "looked_after"},
        )
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (TODAY, "looked_after")
    assert "This plan ended on 16 November 2026" in _text(worker.get(_url("core_group", plan)))


def test_closing_waits_for_the_assessment_and_says_why(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    actions.start_assessment(episode=episode, by=sw, start_date=dt.date(2026, 10, 2))
    worker = client_for(sw)
    assert "Close the case" not in _text(worker.get(_url("episode", episode)))
    episode.refresh_from_db()
    response = worker.post(
        _url("close", episode), {**_day("closure_date", TODAY), "reason": "RC8", "version": episode.version}
    )
    assert response.status_code == 200
    assert "Finish the assessment and have it authorised first" in _errors(response)
    episode.refresh_from_db()
    assert episode.is_open


def test_assessment_authorised_as_no_further_action_closes_the_case(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = _episode(people, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=dt.date(2026, 10, 2))
    _ok(_send_assessment(client_for(sw), assessment, factors=["21"], outcome=Assessment.Outcome.NFA))
    assessment.refresh_from_db()
    manager = client_for(tm)
    response = _ok(
        manager.post(
            _url("assessment_authorise", assessment),
            {"version": assessment.version, "choice": "authorise", "comment": ""},
        )
    )
    assert "The case is closed: Closed after assessment, no further action (RC8)" in _text(
        manager.get(response["Location"])
    )
    episode.refresh_from_db()
    assert episode.closure_reason == "RC8"


def test_a_manager_sends_the_assessment_back_with_comments(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = _episode(people, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=dt.date(2026, 10, 2))
    _ok(_send_assessment(client_for(sw), assessment))
    assessment.refresh_from_db()
    manager = client_for(tm)
    response = manager.post(
        _url("assessment_authorise", assessment),
        {"version": assessment.version, "choice": "return", "comment": ""},
    )
    assert "Say what needs to change" in _errors(response)
    _ok(
        manager.post(
            _url("assessment_authorise", assessment),
            {"version": assessment.version, "choice": "return", "comment": "Say more about Dad's contact."},
        )
    )
    page = _text(client_for(sw).get(_url("assessment", assessment)))
    assert "Sent back by a manager: Say more about Dad's contact." in page
    assert "Save and come back later" in page


# -- errors, conflicts, what each user is offered ------------------------------------------------------------


def test_visit_errors_are_summarised_and_nothing_is_saved(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    worker = client_for(sw)
    before = AuditEvent.objects.exclude(action__endswith=".viewed").count()
    response = worker.post(_url("visit", episode), {"visited_time": "25:99", "observations": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="govuk-error-summary"' in body and "(error)" in body
    assert '<a href="#id_visited_at_0">Enter date of the visit</a>' in body
    assert '<a href="#id_seen_0">Say whether the child was seen</a>' in body
    assert "Enter a time like 14:30" in body

    # The form is complete, but the child cannot be seen alone without being seen: the action says so on the
    # field, and no visit is recorded.
    response = worker.post(
        _url("visit", episode),
        {
            **_day("visited_at", TODAY),
            "visited_time": "09:00",
            "seen": "no",
            "seen_alone": "yes",
            "bedroom_seen": "no",
            "observations": "No answer at the door.",
        },
    )
    assert '<a href="#id_seen_alone_0">The child cannot be seen alone if they were not seen</a>' in (
        response.content.decode()
    )
    response = worker.post(
        _url("visit", episode),
        {**_day("visited_at", dt.date(2099, 1, 1)), "visited_time": "09:00", "seen": "yes"},
    )
    assert "Date of the visit must be today or in the past" in _errors(response)
    assert not Visit.objects.exists()
    assert AuditEvent.objects.exclude(action__endswith=".viewed").count() == before


def test_strategy_discussion_needs_police_and_social_care(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    response = client_for(sw).post(
        _url("strategy_discussion", episode),
        {
            **_day("held_on", TODAY),
            "attendees": "Grace Adeyemi",
            "agencies": ["social_care"],
            "decision": "section_47",
            "reasons": "Disclosure.",
        },
    )
    assert "includes children's social care and the police" in html.unescape(_errors(response))
    assert not StrategyDiscussion.objects.exists()


def test_someone_else_changing_the_episode_meanwhile_is_a_conflict(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = _episode(people, allocate_to=sw)
    opened_at = episode.version
    # While the worker has the closing page open, a manager gives the case to someone else.
    actions.allocate_episode(episode=episode, worker=factories.user(Role.SOCIAL_WORKER), by=tm)
    response = client_for(sw).post(
        _url("close", episode), {**_day("closure_date", TODAY), "reason": "RC7", "version": opened_at}
    )
    assert response.status_code == 200
    assert "Someone else changed this episode since you opened it" in _errors(response)
    assert "Open this page again to see the episode as it is now" in _text(response)
    episode.refresh_from_db()
    assert episode.is_open

    # Two managers allocating from pages opened at the same time: the second is told.
    manager = client_for(tm)
    episode.refresh_from_db()
    stale = episode.version
    _ok(
        manager.post(
            _url("allocate", episode), {"worker": str(sw.uuid), **_day("on", TODAY), "version": stale}
        )
    )
    response = client_for(people["tm2"]).post(
        _url("allocate", episode),
        {"worker": str(people["tm2"].uuid), **_day("on", TODAY), "version": stale},
    )
    assert "Someone else changed this episode since you opened it" in _errors(response)
    episode.refresh_from_db()
    assert episode.allocated_to == sw


def test_the_same_assessment_saved_from_two_pages_is_a_conflict(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw)
    worker = client_for(sw)
    draft = {"version": assessment.version, "analysis": "First tab", "action": "save"}
    _ok(worker.post(_url("assessment", assessment), draft))
    response = worker.post(_url("assessment", assessment), {**draft, "analysis": "Second tab"})
    assert "Someone else changed this assessment since you opened it" in _errors(response)
    assessment.refresh_from_db()
    assert assessment.analysis == "First tab"


def test_the_author_is_never_offered_authorisation(people: dict[str, User], client_for: ClientFor) -> None:
    tm, tm2 = people["tm"], people["tm2"]
    episode = _episode(people, allocate_to=tm)
    assessment = actions.start_assessment(episode=episode, by=tm)
    _ok(_send_assessment(client_for(tm), assessment))
    author = client_for(tm)
    page = _text(author.get(_url("episode", episode)))
    assert "Authorise or return" not in page, page
    page = _text(author.get(_url("assessment_authorise", assessment)))
    assert "You wrote this assessment, so another manager must authorise it" in page and "Confirm" not in page
    assessment.refresh_from_db()
    response = author.post(
        _url("assessment_authorise", assessment), {"version": assessment.version, "choice": "authorise"}
    )
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AWAITING_AUTHORISATION
    other = client_for(tm2)
    assert "Authorise or return the assessment" in _text(other.get(_url("episode", episode)))
    assert "Yes, authorise it" in _text(other.get(_url("assessment_authorise", assessment)))


def test_a_late_assessment_asks_why(people: dict[str, User], client_for: ClientFor) -> None:
    sw = people["sw"]
    # Referred on Tuesday 1 September 2026: the 45 working days end on Tuesday 3 November.
    episode = _episode(people, referral=dt.date(2026, 9, 1), allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=dt.date(2026, 9, 2))
    worker = client_for(sw)
    page = _text(worker.get(_url("assessment", assessment)))
    assert "Late" in page and "9 working days overdue" in page and "Why is the assessment late?" in page
    response = _send_assessment(worker, assessment)
    assert "This is late (it was due by 3 November 2026): say why" in _errors(response)
    _ok(_send_assessment(worker, assessment, late_reason="The family were away for three weeks."))
    assessment.refresh_from_db()
    assert assessment.late_reason == "The family were away for three weeks."
    # Not late: no question.
    on_time = _episode(people, referral=dt.date(2026, 11, 2), allocate_to=sw)
    fresh = actions.start_assessment(episode=on_time, by=sw)
    assert "Why is the assessment late?" not in _text(worker.get(_url("assessment", fresh)))


def test_factors_are_grouped_and_no_factors_stands_alone(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw)
    worker = client_for(sw)
    body = worker.get(_url("assessment", assessment)).content.decode()
    assert "Domestic abuse</legend>" in body and 'id="id_factors_0"' in body and 'value="1A"' in body
    response = _send_assessment(worker, assessment, factors=["21", "3B"])
    assert '<a href="#id_factors_0">' in response.content.decode()
    assert "No factors identified" in html.unescape(_errors(response))


def test_read_only_users_see_the_episode_without_steps(
    people: dict[str, User], client_for: ClientFor
) -> None:
    episode = _episode(people, allocate_to=people["sw"])
    for role in (Role.FRONT_DOOR, Role.FAMILY_HELP, Role.ANALYST):
        page = client_for(factories.user(role)).get(_url("episode", episode))
        assert page.status_code == 200
        text = _text(page)
        assert "Grace Adeyemi" in text
        assert (
            "Start the assessment" not in text
            and "Record a visit" not in text
            and "/visit/" not in (page.content.decode())
        )


def test_allocation_lists_the_trusts_workers_with_their_caseloads(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw, tm = people["sw"], people["tm"]
    for _ in range(2):
        _episode(people, allocate_to=sw)
    closed = _episode(people, allocate_to=sw)
    closed.refresh_from_db()
    actions.close_episode(episode=closed, version=closed.version, reason="RC7", by=tm)
    factories.user(Role.FRONT_DOOR, username="not-a-caseholder", first_name="Frankie", last_name="Door")
    episode = _episode(people)
    page = _text(client_for(tm).get(_url("allocate", episode)))
    assert "Grace Adeyemi Social worker: 2 open cases" in page
    assert "Asha Khan Team manager: 0 open cases" in page
    assert "Frankie" not in page and "Dee Chair" not in page
    response = client_for(tm).post(
        _url("allocate", episode), {**_day("on", TODAY), "version": episode.version}
    )
    assert '<a href="#id_worker_0">Choose the worker who will hold the case</a>' in response.content.decode()


# -- access, audit and queries -------------------------------------------------------------------------------


def test_hidden_missing_and_partners_answer_404(people: dict[str, User], client_for: ClientFor) -> None:
    tm = people["tm"]
    secret = factories.person(by=tm, restricted=True, first_name="Zephyrine")
    episode = factories.episode(person_obj=secret, by=tm, referral_date=dt.date(2026, 10, 1))
    assessment = actions.start_assessment(episode=episode, by=tm)
    plan = actions.start_cin_plan(episode=episode, by=tm)
    urls = [
        _url("episode", episode),
        _url("visit", episode),
        _url("close", episode),
        _url("assessment", assessment),
        _url("cin_review", plan),
        reverse("casework:episode", kwargs={"episode_uuid": "00000000-0000-4000-8000-000000000000"}),
    ]
    outsider = client_for(people["sw"])
    partner = client_for(factories.user(Role.PARTNER))
    before = AuditEvent.objects.count()
    for url in urls:
        for client in (outsider, partner):
            assert client.get(url).status_code == 404, url
            # The episode page takes no POST: 405 says nothing about the record (partners get 404 first).
            read_only = url.count("/") == 3 and "/episodes/" in url
            expected = 405 if read_only and client is outsider else 404
            assert client.post(url, {}).status_code == expected, url
    assert AuditEvent.objects.count() == before
    assert client_for(tm).get(_url("episode", episode)).status_code == 200


def test_each_page_view_is_one_audit_event_about_the_child(
    people: dict[str, User], client_for: ClientFor
) -> None:
    sw = people["sw"]
    episode = _episode(people, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw)
    worker = client_for(sw)
    for url, action in (
        (_url("episode", episode), "episode.viewed"),
        (_url("visit", episode), "episode.viewed"),
        (_url("assessment", assessment), "assessment.viewed"),
    ):
        before = AuditEvent.objects.count()
        worker.get(url)
        event = AuditEvent.objects.order_by("-seq").first()
        assert AuditEvent.objects.count() == before + 1
        assert event is not None
        assert (event.action, event.person_uuid, event.actor) == (action, episode.person.uuid, "worker")


def _busy(people: dict[str, User], episode: Episode, size: int) -> None:
    """Casework of every kind on the episode, `size` of each where there can be several."""
    sw, tm = people["sw"], people["tm"]
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=dt.date(2026, 10, 2))
    assessment = actions.complete_assessment(
        assessment=assessment,
        version=assessment.version,
        by=sw,
        factors=["3B", "4B", "16A"][:size],
        child_views="x",
        analysis="y",
        outcome="continue",
    )
    actions.authorise_assessment(assessment=assessment, version=assessment.version, by=tm)
    # A child in need plan, with its reviews, ended when the first child protection plan starts.
    cin_plan = actions.start_cin_plan(episode=episode, by=sw, start_date=dt.date(2026, 10, 2))
    for r in range(size):
        actions.record_cin_review(
            plan=cin_plan, summary=f"Reviewed ({r}).", by=sw, held_on=dt.date(2026, 10, 3)
        )
    for n in range(size):
        discussion = actions.record_strategy_discussion(
            episode=episode,
            held_on=dt.date(2026, 10, 5),
            attendees="x",
            agencies=["social_care", "police"],
            decision="section_47",
            reasons=f"Concern {n}",
            by=sw,
        )
        s47 = actions.complete_section47(
            section47=discussion.section47,
            version=1,
            outcome="icpc",
            reasons="z",
            by=sw,
            on=dt.date(2026, 10, 6),
        )
        conference = actions.record_initial_conference(
            section47=s47,
            held_on=dt.date(2026, 10, 7 + n),
            chair="c",
            attendees="",
            decision="plan",
            reasons="r",
            by=sw,
            category="NEG",
        )
        plan = conference.plan
        assert plan is not None
        for m in range(size):
            actions.record_core_group(
                plan=plan, attendees="", summary=f"Met {m}", by=sw, held_on=TODAY, late_reason="Chair unwell"
            )
        if n < size - 1:
            actions.record_review_conference(
                plan=plan,
                version=plan.version,
                chair="c",
                attendees="",
                decision="end",
                end_reason="no_longer_at_risk",
                reasons="r",
                held_on=dt.date(2026, 11, 10 + n),
                by=sw,
            )
    for n in range(size * 4):
        actions.record_visit(
            episode=episode,
            seen=True,
            seen_alone=n % 2 == 0,
            bedroom_seen=True,
            observations=f"Seen ({n}).",
            by=sw,
            visited_at=timezone.make_aware(dt.datetime(2026, 11, 2 + n % 10, 9, 0)),
            late_reason="Family away.",
        )


def test_episode_page_makes_the_same_number_of_queries_however_much_is_recorded(
    people: dict[str, User], client_for: ClientFor
) -> None:
    small, large = _episode(people, allocate_to=people["sw"]), _episode(people, allocate_to=people["sw"])
    _busy(people, small, 1)
    _busy(people, large, 3)
    client = client_for(people["tm"])
    client.get(_url("episode", small))  # warm up: the session
    counts = []
    for episode in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url("episode", episode))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 25
    page = _text(client.get(_url("episode", large)))
    assert "The 10 most recent of 12 visits" in page and page.count("Child protection plan from") == 3


def test_the_childs_record_lists_their_episodes_open_first(
    people: dict[str, User], client_for: ClientFor
) -> None:
    tm = people["tm"]
    child = factories.person(by=tm, first_name="Ayo", last_name="Bello")
    earlier = factories.episode(person_obj=child, by=tm, referral_date=dt.date(2025, 1, 6))
    actions.close_episode(
        episode=earlier, version=earlier.version, reason="RC7", by=tm, closure_date=dt.date(2025, 6, 2)
    )
    current = factories.episode(
        person_obj=child, by=tm, referral_date=dt.date(2026, 10, 1), allocate_to=people["sw"]
    )
    body = client_for(people["sw"]).get(reverse("people:detail", args=[child.uuid])).content.decode()
    section = body[body.index("Social care involvement") :]
    assert section.index(_url("episode", current)) < section.index(_url("episode", earlier))
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Child in need episode from 1 October 2026 Open Allocated to Grace Adeyemi" in text
    assert "Closed 2 June 2025" in text
