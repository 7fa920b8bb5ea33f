"""Issue 2 journey: log in, search for a child with a misspelt name, open the record, see the network
picture, and see the view in the audit (as the team manager, under "Who has viewed this record")."""

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


def _family() -> None:
    build_organisation()
    worker = User.objects.get(username="frontdoor")
    child = actions.create_person(
        by=worker,
        first_name="Muhammad",
        last_name="Rahman",
        sex="M",
        date_of_birth=date(2016, 9, 3),
        ethnicity="ABAN",
    )
    mum = actions.create_person(
        by=worker,
        first_name="Nasima",
        last_name="Rahman",
        sex="F",
        date_of_birth=date(1989, 2, 14),
        ethnicity="ABAN",
    )
    sister = actions.create_person(
        by=worker,
        first_name="Ayesha",
        last_name="Rahman",
        sex="F",
        date_of_birth=date(2012, 6, 21),
        ethnicity="ABAN",
    )
    teacher = actions.create_person(by=worker, first_name="Laura", last_name="Pemberton", sex="F")
    actions.add_relationship(
        from_person=mum,
        to_person=child,
        kind="parent",
        by=worker,
        parental_responsibility=True,
        lives_with=True,
    )
    actions.add_relationship(from_person=sister, to_person=child, kind="sibling", by=worker, lives_with=True)
    actions.add_relationship(from_person=teacher, to_person=child, kind="teacher", by=worker)
    actions.add_address(
        person=child,
        line1="14 Larkspur Road",
        town="Birmingham",
        postcode="B11 4QT",
        start_date=date(2021, 3, 1),
        by=worker,
    )


def test_find_a_child_by_a_misspelt_name_and_see_the_view_in_the_audit(page: Any) -> None:
    _family()

    log_in(page, "socialworker")
    page.get_by_label("Name, date of birth, NHS number or UPN").fill("Mohammed Rahmen")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Muhammad Rahman", exact=True)
    result.wait_for()
    screenshot(page, "journey-1-search-misspelt")

    result.click()
    page.get_by_role("heading", name="Muhammad Rahman", level=1).wait_for()
    network = page.locator("svg[role=img]").first
    network.wait_for()
    assert "Nasima Rahman" in network.inner_html()
    assert page.get_by_role("table").filter(has_text="Nasima Rahman").count() >= 1
    screenshot(page, "journey-2-child-record")

    page.get_by_role("button", name="Sign out").click()
    log_in(page, "teammanager")
    page.get_by_label("Name, date of birth, NHS number or UPN").fill("Muhammad Rahman 3/9/2016")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Muhammad Rahman", exact=True).click()
    page.get_by_role("link", name="Who has viewed this record").click()
    table = page.get_by_role("table")
    table.wait_for()
    assert "socialworker" in table.inner_text()
    assert "person.viewed" in table.inner_text()
    screenshot(page, "journey-3-who-has-viewed")
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors
