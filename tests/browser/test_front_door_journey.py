"""Issue 3 journey: a school's safeguarding lead submits a referral form; the front door finds the child,
asks the police, decides; a manager signs off; the school sees the feedback, and nothing more."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kindred.casework.models import Episode
from kindred.organisation.models import User
from kindred.people import actions
from kindred.synthetic.organisation import build_organisation
from tests.browser.conftest import screenshot
from tests.browser.test_login_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _known_child() -> None:
    build_organisation()
    actions.create_person(
        by=User.objects.get(username="frontdoor"),
        first_name="Tamsin",
        last_name="Okonkwo",
        sex="F",
        date_of_birth=date(2016, 2, 9),
        ethnicity="BAFR",
    )


def test_school_referral_is_matched_checked_decided_and_fed_back(page: Any) -> None:
    _known_child()

    log_in(page, "school")
    page.get_by_role("link", name="Refer a child").first.click()
    page.get_by_label("First name").fill("Tamsin")
    page.get_by_label("Last name").fill("Okonkwo")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("group", name="Is a child at risk of immediate harm?").get_by_label("No").check()
    page.get_by_label("What has happened, and why are you worried?").fill(
        "Tamsin arrived hungry for the third day this week and said there is no food at home."
    )
    page.get_by_label("The family were not asked because it could put the child at risk").check()
    page.get_by_label("Phone number").fill("0121 496 0101")
    screenshot(page, "frontdoor-1-school-referral-form")
    page.get_by_role("button", name="Send the referral").click()
    page.get_by_text("Being considered").first.wait_for()
    screenshot(page, "frontdoor-2-school-sees-being-considered")
    page.get_by_role("button", name="Sign out").click()

    log_in(page, "frontdoor")
    page.get_by_role("link", name="Front door").first.click()
    page.get_by_role("link", name="Tamsin Okonkwo").click()
    screenshot(page, "frontdoor-3-queue-to-contact")
    page.get_by_role("link", name="Find the record").click()
    page.get_by_role("button", name="This is the child").first.click()
    page.get_by_text("linked to Tamsin Okonkwo's record").wait_for()

    page.get_by_role("link", name="Ask a partner agency").click()
    page.get_by_label("Police").check()
    page.get_by_label("What are you asking?").fill("Any incidents at the family's address?")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the answer").click()
    page.get_by_label("What did the agency tell you?").fill("No police involvement with this family.")
    page.get_by_label("Who answered").fill("DC Priestley, MASH police")
    page.get_by_role("button", name="Save").click()
    screenshot(page, "frontdoor-4-contact-with-checks")

    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Level 2: additional needs (family help)").check()
    page.get_by_label("Step to family help").check()
    page.get_by_label("Reasons for the decision").fill(
        "Neglect concerns at an early stage; no known risk of significant harm. Family help can support."
    )
    page.get_by_label("What the referrer will be told").fill(
        "Thank you. A family help practitioner will contact the family this week to offer support."
    )
    screenshot(page, "frontdoor-5-decision-form")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("A manager will sign it off").wait_for()
    page.get_by_role("button", name="Sign out").click()

    log_in(page, "teammanager")
    page.get_by_role("link", name="Front door").first.click()
    page.get_by_role("link", name="Tamsin Okonkwo").click()
    page.get_by_role("link", name="Sign off the decision").click()
    page.get_by_label("Yes, sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Decision signed off").wait_for()
    page.get_by_role("button", name="Sign out").click()
    assert not Episode.objects.exists()  # family help: no child in need episode

    log_in(page, "school")
    page.get_by_role("link", name="Referrals").first.click()
    page.get_by_role("cell", name="Decided").wait_for()
    page.locator("table a").first.click()
    page.get_by_text("Family help offered to the family").wait_for()
    body = page.locator("main").inner_text()
    assert "A family help practitioner will contact the family" in body
    assert "No police involvement" not in body and "Neglect concerns at an early stage" not in body
    screenshot(page, "frontdoor-6-school-sees-feedback")
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors
