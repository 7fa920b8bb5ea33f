from __future__ import annotations

from typing import Any

import pytest

from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD, build_organisation
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_every_demo_login_reaches_its_home_page_in_a_browser(page: Any) -> None:
    build_organisation()
    page.goto("/")
    assert "/login/" in page.url
    screenshot(page, "login")
    for login in DEMO_LOGINS:
        log_in(page, login.username)
        page.get_by_role("heading", name=f"Hello, {login.first_name}").wait_for()
        screenshot(page, f"home-{login.username}")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login/")
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors


def test_a_wrong_password_shows_the_error_summary(page: Any) -> None:
    build_organisation()
    log_in(page, "socialworker", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter a correct username and password" in summary.inner_text()
