"""A running plan is kept up to date between conferences and reviews: its words (what needs to change, who
does what, by when) and how often the child is visited. Two people updating the same plan never silently
overwrite each other; a new visiting frequency counts from the last time the child was seen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kindred.audit.models import AuditEvent
from kindred.casework import actions
from kindred.casework.models import ChildInNeedPlan, ChildProtectionPlan
from kindred.organisation.models import User
from kindred.people.actions import ConflictError
from kindred.timescales import rules
from kindred.timescales.calendar import add_working_days
from tests.casework.test_case_rules import allocated
from tests.casework.test_late_reasons import _clock, _plan, _visit

pytestmark = pytest.mark.django_db
PLAN = (
    "Mum to attend the parenting course by 1 June (family support worker to book it). "
    "School to report attendance weekly."
)


def test_updating_the_plan_keeps_its_words_and_audits_what_changed(staff: dict[str, User]) -> None:
    plan = _plan(staff)
    before = AuditEvent.objects.filter(action="cp_plan.updated").count()
    actions.update_plan(
        plan=plan,
        version=plan.version,
        outline=PLAN,
        visit_every=10,
        by=staff["sw"],
        reason="Core group 20 April",
    )
    plan.refresh_from_db()
    assert (plan.outline, plan.version) == (PLAN, 2)
    event = AuditEvent.objects.filter(action="cp_plan.updated").latest("seq")
    assert AuditEvent.objects.filter(action="cp_plan.updated").count() == before + 1
    assert event.changes == {"outline": ["", PLAN]} and event.reason == "Core group 20 April"
    with pytest.raises(ValidationError, match="Nothing has changed"):
        actions.update_plan(plan=plan, version=plan.version, outline=PLAN, visit_every=10, by=staff["sw"])


def test_two_people_updating_the_same_plan_never_overwrite_each_other(staff: dict[str, User]) -> None:
    plan = _plan(staff)
    opened = plan.version  # both open the page
    actions.update_plan(plan=plan, version=opened, outline=PLAN, visit_every=10, by=staff["sw"])
    with pytest.raises(ConflictError):
        actions.update_plan(
            plan=plan, version=opened, outline="Something else.", visit_every=5, by=staff["tm"]
        )
    plan.refresh_from_db()
    assert (plan.outline, plan.visit_every) == (PLAN, 10)


def test_visiting_more_often_brings_the_next_visit_forward_from_the_last_time_the_child_was_seen(
    staff: dict[str, User],
) -> None:
    plan = _plan(staff)  # started 1 April 2026
    _visit(plan, staff, date(2026, 4, 8))
    assert _clock(plan, rules.CP_VISIT).due_date == add_working_days(date(2026, 4, 8), 10)
    _visit(plan, staff, date(2026, 4, 14), seen=False)  # not seen: does not count
    plan.refresh_from_db()
    actions.update_plan(plan=plan, version=plan.version, outline="", visit_every=5, by=staff["tm"])
    assert _clock(plan, rules.CP_VISIT).due_date == add_working_days(date(2026, 4, 8), 5)


def test_only_those_on_the_case_update_a_running_plan_within_its_limits(staff: dict[str, User]) -> None:
    plan = _plan(staff)
    with pytest.raises(PermissionDenied):
        actions.update_plan(
            plan=plan, version=plan.version, outline=PLAN, visit_every=10, by=staff["outsider"]
        )
    with pytest.raises(ValidationError) as refused:
        actions.update_plan(plan=plan, version=plan.version, outline=PLAN, visit_every=31, by=staff["sw"])
    assert refused.value.message_dict == {"visit_every": ["Visits must be every 1 to 30 working days"]}
    cin = ChildInNeedPlan.objects.create(episode=allocated(staff), start_date=date(2026, 3, 2))
    actions.update_plan(plan=cin, version=cin.version, outline="", visit_every=60, by=staff["sw"])
    actions.end_cp_plan(plan=plan, version=plan.version, reason="looked_after", by=staff["sw"])
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="This plan has ended"):
        actions.update_plan(plan=plan, version=plan.version, outline=PLAN, visit_every=10, by=staff["sw"])


def test_the_plan_page_shows_a_conflict_and_keeps_what_was_typed(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    plan = _plan(staff)
    url = reverse("casework:cp_plan_update", args=[plan.uuid])
    worker, manager = client_for(staff["sw"]), client_for(staff["tm"])
    page = worker.get(reverse("casework:episode", args=[plan.episode.uuid])).content.decode()
    assert "Update the child protection plan" in page
    assert worker.get(url).status_code == 200 and manager.get(url).status_code == 200
    form = {"version": plan.version, "outline": PLAN, "visit_every": "10", "reason": ""}
    assert worker.post(url, form).status_code == 302
    response = manager.post(url, {**form, "outline": "The manager's words.", "visit_every": "5"})
    page = response.content.decode()
    assert "Someone else changed this plan since you opened it" in page
    assert "The manager&#x27;s words." in page  # nothing typed is lost
    plan.refresh_from_db()
    assert (plan.outline, plan.visit_every) == (PLAN, 10)

    response = worker.post(url, {**form, "version": plan.version, "visit_every": "31"})
    assert "Enter a number from 1 to 30" in response.content.decode()
    response = worker.post(url, {**form, "version": plan.version, "visit_every": ""})
    assert "Enter how many working days between visits" in response.content.decode()


def test_a_cin_plan_page_allows_the_longer_interval(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = allocated(staff)
    plan = actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 2))
    url = reverse("casework:cin_plan_update", args=[plan.uuid])
    form = {"version": plan.version, "outline": PLAN, "visit_every": "40", "reason": "Review on 1 June"}
    assert client_for(staff["sw"]).post(url, form).status_code == 302
    plan.refresh_from_db()
    assert (plan.outline, plan.visit_every) == (PLAN, 40)
    assert isinstance(plan, ChildInNeedPlan) and not isinstance(plan, ChildProtectionPlan)


def test_visiting_more_often_says_when_the_next_visit_is_now_overdue(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    plan = _plan(staff)  # started 1 April 2026, visits every 10 working days; today is much later
    client = client_for(staff["sw"])
    url = reverse("casework:cp_plan_update", args=[plan.uuid])
    form = {"version": plan.version, "outline": PLAN, "visit_every": "5", "reason": ""}
    response = client.post(url, form, follow=True)
    due = add_working_days(date(2026, 4, 1), 5)
    assert f"The next visit is now overdue: it was due by {due:%-d %B %Y}." in response.content.decode()
