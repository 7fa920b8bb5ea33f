"""Issue 4 journey: a social worker completes an assessment, a manager authorises it, the child goes to a
strategy discussion, a section 47 enquiry and an initial conference, and onto a child protection plan; My
work then shows the next visit due (10 working days from the conference, on England's working days)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kindred.casework.actions import allocate_episode, open_episode
from kindred.casework.models import ChildProtectionPlan
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from kindred.synthetic.organisation import build_organisation
from kindred.timescales.calendar import add_working_days
from tests.browser.conftest import screenshot
from tests.browser.test_login_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _referred_child() -> None:
    build_organisation()
    manager = User.objects.get(username="teammanager")
    child = people_actions.create_person(
        by=manager,
        first_name="Rosa",
        last_name="Kowalczyk",
        sex="F",
        ethnicity="WOTH",
        date_of_birth=timezone.localdate() - timedelta(days=365 * 7),
    )
    referred = timezone.localdate() - timedelta(days=14)
    episode = open_episode(
        person=child, referral_date=referred, referral_source="2A", primary_need="N1", by=manager
    )
    allocate_episode(
        episode=episode, worker=User.objects.get(username="socialworker"), by=manager, on=referred
    )


def _save(page: Any, text: str) -> None:
    page.get_by_role("button", name="Save").click()
    page.get_by_text(text).first.wait_for()


def test_assessment_authorised_then_conference_and_plan_and_my_work_shows_the_next_visit(page: Any) -> None:
    _referred_child()

    log_in(page, "socialworker")
    page.get_by_role("link", name="My work").first.click()
    page.get_by_text("Complete the child and family assessment").wait_for()
    screenshot(page, "casework-1-my-work-before")
    page.get_by_role("link", name="Rosa Kowalczyk").click()
    page.get_by_role("link", name="Start the assessment").click()
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_text("Assessment started").wait_for()
    page.get_by_label("The child's views, in their own words").fill(
        "Rosa said: \"I don't like it when Mum's boyfriend shouts. I hide in my room.\""
    )
    page.get_by_label("Your analysis").fill(
        "Domestic abuse in the household; Rosa is frightened. Mother minimises the risk."
    )
    page.get_by_role("group", name="Domestic abuse").get_by_label("A parent or carer").check()
    page.get_by_label("Strategy discussion (concern of significant harm)").check()
    screenshot(page, "casework-2-assessment")
    page.get_by_role("button", name="Send to a manager").click()
    page.get_by_text("Waiting for a manager").first.wait_for()
    page.get_by_role("button", name="Sign out").click()

    log_in(page, "teammanager")
    page.get_by_role("link", name="My work").first.click()
    page.get_by_text("Authorise the child and family assessment").wait_for()
    page.get_by_role("link", name="Rosa Kowalczyk").click()
    page.get_by_role("link", name="Authorise or return the assessment").first.click()
    page.get_by_label("Yes, authorise it").check()
    screenshot(page, "casework-3-authorise")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Authorised").first.wait_for()
    page.get_by_role("button", name="Sign out").click()

    log_in(page, "socialworker")
    page.get_by_role("link", name="My work").first.click()
    page.get_by_role("link", name="Rosa Kowalczyk").click()
    page.get_by_role("link", name="Record a strategy discussion").first.click()
    page.get_by_label("Who took part").fill("Daniel Osei (social care), PC Jo Patel (police), Nurse Ann Lee")
    page.get_by_label("Start a section 47 enquiry").check()
    page.get_by_label("Reasons for the decision").fill(
        "Disclosure of domestic abuse; Rosa frightened at home."
    )
    _save(page, "Section 47")
    page.get_by_role("link", name="Record the outcome of the section 47 enquiry").first.click()
    page.get_by_label("Concerns substantiated: initial child protection conference").check()
    page.get_by_label("Reasons").fill("Rosa's account is consistent; police hold two call-outs this year.")
    _save(page, "initial child protection conference")
    page.get_by_role("button", name="Sign out").click()

    log_in(page, "iro")
    rosa = User.objects.get(username="socialworker").caseload.get()
    page.goto(f"/episodes/{rosa.uuid}/")
    page.get_by_role("link", name="Record the initial child protection conference").first.click()
    page.get_by_label("Chair").fill("Grace Adeyemi")
    page.get_by_label("Who attended").fill("Mother, Daniel Osei, PC Jo Patel, Hollybank Primary")
    page.get_by_label("The child needs a child protection plan").check()
    page.get_by_label("Emotional abuse").check()
    page.get_by_label("Reasons for the decision").fill(
        "Continuing risk of significant harm from domestic abuse."
    )
    screenshot(page, "casework-4-initial-conference")
    _save(page, "Child protection plan")
    page.get_by_role("button", name="Sign out").click()

    plan = ChildProtectionPlan.objects.get()
    assert (plan.initial_category, plan.visit_every) == ("EMO", 10)
    next_visit = add_working_days(plan.start_date, 10)

    log_in(page, "socialworker")
    page.get_by_role("link", name="My work").first.click()
    row = page.get_by_role("row", name="Visit the child (child protection plan)")
    row.wait_for()
    assert f"{next_visit:%a} {next_visit.day} {next_visit:%b %Y}" in row.inner_text()
    assert "10 working days left" in row.inner_text()
    screenshot(page, "casework-5-my-work-next-visit")
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors
