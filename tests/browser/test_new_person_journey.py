"""Recording a new person shows who they may already be; the administrator sees the trust's teams."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kindred.organisation.models import User
from kindred.people import actions
from kindred.synthetic.organisation import build_organisation
from tests.browser.conftest import screenshot
from tests.browser.test_login_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_recording_a_near_duplicate_shows_the_existing_record_first(page: Any) -> None:
    build_organisation()
    actions.create_person(
        by=User.objects.get(username="frontdoor"),
        first_name="Malachi",
        last_name="Edwards",
        sex="M",
        date_of_birth=date(2015, 1, 6),
        ethnicity="MWBC",
    )

    log_in(page, "socialworker")
    page.goto("/people/new/")
    page.get_by_label("First name").fill("Malakai")
    page.get_by_label("Last name").fill("Edwards")
    page.get_by_label("Day").first.fill("6")
    page.get_by_label("Month").first.fill("1")
    page.get_by_label("Year").first.fill("2015")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("This person may already have a record").wait_for()
    assert page.get_by_role("link", name="Malachi Edwards", exact=True).count() == 1
    screenshot(page, "new-person-possible-matches")

    page.get_by_role("button", name="None of these: save a new record").click()
    page.get_by_role("heading", name="Malakai Edwards", level=1).wait_for()


def test_the_administrator_sees_the_trusts_teams_and_partners(page: Any) -> None:
    build_organisation()
    log_in(page, "admin")
    page.get_by_role("link", name="Teams").click()
    page.get_by_role("heading", name="Teams and partners").wait_for()
    assert "Hollybank Primary School" in page.content()
    screenshot(page, "organisation-teams")
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors
