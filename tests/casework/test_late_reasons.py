"""Late work says why: a first core group after its 10 working days, a child in need review after its 3 months
and a visit that meets the plan's standard after it was due each need the reason, kept on the record and on
its clock; work on time keeps no reason, and work that stops no clock (a later core group, a visit where the
child was not seen, an older review written up late) needs none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kindred.casework import actions
from kindred.casework.models import ChildProtectionPlan, CoreGroup, Visit
from kindred.organisation.models import User
from kindred.timescales import rules
from kindred.timescales.models import Task
from tests.casework.test_case_rules import _to_conference, allocated

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _plan(staff: dict[str, User]) -> ChildProtectionPlan:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    _to_conference(staff, episode)
    conference = actions.record_initial_conference(
        section47=episode.section47s.get(),
        held_on=date(2026, 4, 1),
        chair="Ms Chair",
        attendees="",
        decision="plan",
        reasons="Harm.",
        category="NEG",
        by=staff["sw"],
    )
    assert conference.plan is not None
    return conference.plan


def _clock(plan: ChildProtectionPlan, key: str) -> Task:
    return Task.objects.filter(episode=plan.episode, rule_key=key).latest("pk")


def _visit(plan: ChildProtectionPlan, staff: dict[str, User], day: date, **extra: object) -> Visit:
    return actions.record_visit(
        episode=plan.episode,
        bedroom_seen=False,
        observations="Seen at home.",
        by=staff["sw"],
        visited_at=datetime(day.year, day.month, day.day, 10, tzinfo=LONDON),
        **{"seen": True, "seen_alone": False, **extra},  # type: ignore[arg-type]
    )


def test_a_late_first_core_group_needs_its_reason(staff: dict[str, User]) -> None:
    plan = _plan(staff)
    due = _clock(plan, rules.FIRST_CORE_GROUP).due_date
    assert due == date(2026, 4, 17)  # 10 working days from 1 April 2026, over Good Friday and Easter Monday
    with pytest.raises(ValidationError) as refused:
        actions.record_core_group(
            plan=plan, attendees="", summary="Met.", by=staff["sw"], held_on=date(2026, 4, 20)
        )
    assert refused.value.message_dict == {
        "late_reason": ["This is late (it was due by 17 April 2026): say why"]
    }
    assert not CoreGroup.objects.exists() and _clock(plan, rules.FIRST_CORE_GROUP).done_at is None

    meeting = actions.record_core_group(
        plan=plan,
        attendees="",
        summary="Met.",
        by=staff["sw"],
        held_on=date(2026, 4, 20),
        late_reason="The health visitor could not attend until the Monday.",
    )
    assert meeting.late_reason == "The health visitor could not attend until the Monday."
    assert _clock(plan, rules.FIRST_CORE_GROUP).late_reason == meeting.late_reason
    # Later core groups have no clock of their own: no reason is asked for.
    later = actions.record_core_group(
        plan=plan, attendees="", summary="Met again.", by=staff["sw"], held_on=date(2026, 5, 20)
    )
    assert later.late_reason == ""


def test_a_core_group_on_time_keeps_no_late_reason(staff: dict[str, User]) -> None:
    plan = _plan(staff)
    meeting = actions.record_core_group(
        plan=plan,
        attendees="",
        summary="Met.",
        by=staff["sw"],
        held_on=date(2026, 4, 17),
        late_reason="Typed.",
    )
    assert meeting.late_reason == "" and _clock(plan, rules.FIRST_CORE_GROUP).late_reason == ""


def test_a_late_visit_that_meets_the_standard_needs_its_reason_but_one_where_the_child_was_not_seen_does_not(
    staff: dict[str, User],
) -> None:
    plan = _plan(staff)
    due = _clock(plan, rules.CP_VISIT).due_date
    after = due + timedelta(days=3)
    missed = _visit(plan, staff, after, seen=False)  # no one home: the clock keeps running, no reason asked
    assert missed.late_reason == "" and _clock(plan, rules.CP_VISIT).done_at is None
    with pytest.raises(ValidationError) as refused:
        _visit(plan, staff, after + timedelta(days=1))
    assert list(refused.value.message_dict) == ["late_reason"]
    assert Visit.objects.count() == 1
    seen = _visit(plan, staff, after + timedelta(days=1), late_reason="No one was home on the first try.")
    stopped = Task.objects.get(episode=plan.episode, rule_key=rules.CP_VISIT, done_at__isnull=False)
    assert seen.late_reason == stopped.late_reason == "No one was home on the first try."


def test_a_late_child_in_need_review_needs_its_reason_and_an_older_one_written_up_late_does_not(
    staff: dict[str, User],
) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    plan = actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 10))
    due = Task.objects.get(episode=episode, rule_key=rules.CIN_REVIEW).due_date
    with pytest.raises(ValidationError, match="This is late"):
        actions.record_cin_review(
            plan=plan, summary="Progress.", by=staff["sw"], held_on=due + timedelta(days=7)
        )
    review = actions.record_cin_review(
        plan=plan,
        summary="Progress.",
        by=staff["sw"],
        held_on=due + timedelta(days=7),
        late_reason="Parent ill.",
    )
    assert review.late_reason == "Parent ill."
    older = actions.record_cin_review(
        plan=plan, summary="Earlier.", by=staff["sw"], held_on=due + timedelta(days=1)
    )
    assert older.late_reason == ""


def test_the_core_group_page_says_when_it_was_due_and_asks_why_when_late(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    plan = _plan(staff)
    url = reverse("casework:core_group", kwargs={"plan_uuid": plan.uuid})
    client = client_for(staff["sw"])
    page = client.get(url).content.decode()
    assert "First core group due by" in page and "17 April 2026" in page
    late = {"held_on_0": "20", "held_on_1": "4", "held_on_2": "2026", "attendees": "", "summary": "Met."}
    refused = client.post(url, late)
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()
    assert "This is late (it was due by 17 April 2026): say why" in refused.content.decode()
    assert not CoreGroup.objects.exists()
    recorded = client.post(url, {**late, "late_reason": "Chair unwell."})
    assert recorded.status_code == 302
    episode_page = client.get(recorded["Location"]).content.decode()
    assert "Chair unwell." in episode_page


def test_a_clock_that_ends_without_its_work_is_marked_stopped_not_done(staff: dict[str, User]) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 10))
    _visit_day = datetime(2026, 3, 20, 10, tzinfo=LONDON)
    actions.record_visit(
        episode=episode,
        seen=True,
        seen_alone=True,
        bedroom_seen=True,
        observations="Seen.",
        by=staff["sw"],
        visited_at=_visit_day,
    )
    visited = Task.objects.get(episode=episode, rule_key=rules.CIN_VISIT, done_at__isnull=False)
    assert not visited.stopped  # met by the visit
    episode.refresh_from_db()
    actions.close_episode(episode=episode, version=episode.version, reason="RC7", by=staff["sm"])
    ended = Task.objects.filter(episode=episode).exclude(pk=visited.pk)
    assert ended.exists() and not ended.filter(done_at=None).exists()
    assert all(task.stopped for task in ended)  # the case closed: the next visit, the review were not done
