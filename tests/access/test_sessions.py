"""Session lifecycle and immediate revocation (RELIABILITY.md checks 8 and 12).

Every limit is enforced on the server: the test client keeps presenting the old cookie, as an attacker
replaying a stolen one would, and the server must refuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from time_machine import TimeMachineFixture

from kindred.access.roles import Role
from kindred.organisation import actions as organisation_actions
from kindred.organisation.models import User
from tests import factories
from tests.conftest import https_client

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def administrator() -> User:
    return factories.user(Role.ADMINISTRATOR, username="sysadmin")


def signed_in(username: str) -> Client:
    """A client signed in through the login page, as a person would."""
    client = https_client()
    response = client.post("/login/", {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/", response
    return client


def replay(session_key: str) -> Client:
    """A fresh client presenting someone's session cookie."""
    client = https_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def is_refused(response: Any) -> bool:
    """Sent to the login page: the session no longer signs anyone in."""
    return response.status_code == 302 and response["Location"].startswith("/login/")


# --- Immediate revocation (check 8) ---------------------------------------------------------------------


def test_disable_user_ends_every_existing_session_at_once(administrator: User) -> None:
    worker = factories.user(Role.SOCIAL_WORKER, username="leaver")
    desk, laptop = signed_in("leaver"), signed_in("leaver")
    assert desk.get("/").status_code == laptop.get("/").status_code == 200

    organisation_actions.disable_user(user=worker, reason="Left the trust", by=administrator)

    assert is_refused(desk.get("/"))
    assert is_refused(laptop.get("/people/"))
    assert "_auth_user_id" not in desk.session
    again = https_client()
    response = again.post("/login/", {"username": "leaver", "password": factories.PASSWORD})
    assert response.status_code == 200  # the login page again, with its error: a disabled user cannot sign in
    assert "_auth_user_id" not in again.session


def test_disable_user_sessions_stay_dead_if_the_account_is_enabled_again(administrator: User) -> None:
    worker = factories.user(Role.SOCIAL_WORKER, username="returner")
    client = signed_in("returner")
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    organisation_actions.disable_user(user=worker, reason="Suspended pending investigation", by=administrator)
    User.objects.filter(pk=worker.pk).update(is_active=True)  # re-enabled, without a new login

    assert is_refused(replay(old_key).get("/"))
    assert signed_in("returner").get("/").status_code == 200  # a fresh login works


def test_move_user_ends_their_existing_sessions_at_once(administrator: User) -> None:
    worker = factories.user(
        Role.SOCIAL_WORKER, username="mover", team_obj=factories.team("Assessment Team North")
    )
    factories.user(Role.SOCIAL_WORKER, username="stayer", team_obj=worker.team)
    client, colleagues = signed_in("mover"), signed_in("stayer")
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    organisation_actions.move_user(
        user=worker, team=factories.team("Children in Care West"), by=administrator
    )

    assert is_refused(client.get("/"))
    assert is_refused(replay(old_key).get("/"))
    assert colleagues.get("/").status_code == 200  # only the moved user's sessions end
    again = signed_in("mover")
    assert b"Children in Care West" in again.get("/").content


def test_revoked_session_cannot_write_either(administrator: User) -> None:
    worker = factories.user(Role.SOCIAL_WORKER, username="writer")
    client = signed_in("writer")
    organisation_actions.disable_user(user=worker, reason="Left the trust", by=administrator)
    response = client.post("/people/new/", {"first_name": "Never", "last_name": "Recorded", "sex": "U"})
    assert is_refused(response)


# --- Session lifecycle (check 12) ------------------------------------------------------------------------


def test_login_issues_a_new_session_id_and_the_old_one_is_dead() -> None:
    factories.user(Role.SOCIAL_WORKER, username="fixated")
    client = https_client()
    session = client.session  # an anonymous session, as an attacker could plant one
    session["planted"] = True
    session.save()
    planted_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted_key

    client.post("/login/", {"username": "fixated", "password": factories.PASSWORD})

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key and new_key != planted_key
    assert not Session.objects.filter(session_key=planted_key).exists()
    assert client.get("/").status_code == 200
    assert is_refused(replay(planted_key).get("/"))


def test_logout_ends_the_session_on_the_server() -> None:
    factories.user(Role.SOCIAL_WORKER, username="leaving")
    client = signed_in("leaving")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert replay(key).get("/").status_code == 200  # the replay works while signed in ...

    assert client.post("/logout/").status_code == 302

    assert not Session.objects.filter(session_key=key).exists()
    assert is_refused(replay(key).get("/"))  # ... and not after signing out
    assert is_refused(client.get("/"))


def test_session_idle_limit_is_server_side_and_within_an_hour() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"  # expiry checked on the server
    assert settings.SESSION_IDLE_SECONDS <= 60 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS <= 12 * 60 * 60


def test_session_is_renewed_by_activity_at_most_once_a_minute(time_machine: TimeMachineFixture) -> None:
    from django.contrib.sessions.models import Session

    time_machine.move_to(START, tick=False)
    factories.user(Role.SOCIAL_WORKER, username="renewer")
    client = signed_in("renewer")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    at_login = Session.objects.get(session_key=key).expire_date

    time_machine.shift(timedelta(seconds=30))
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == at_login  # no write for a request a minute

    time_machine.shift(timedelta(seconds=90))
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == at_login + timedelta(seconds=120)


def test_session_is_refused_after_the_idle_limit(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(START, tick=False)
    factories.user(Role.SOCIAL_WORKER, username="idler")
    client = signed_in("idler")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    time_machine.shift(timedelta(seconds=settings.SESSION_IDLE_SECONDS - 60))
    assert client.get("/").status_code == 200  # still within the limit, and this renews it
    time_machine.shift(timedelta(seconds=settings.SESSION_IDLE_SECONDS - 60))
    assert client.get("/").status_code == 200

    time_machine.shift(timedelta(seconds=settings.SESSION_IDLE_SECONDS + 1))
    assert is_refused(replay(key).get("/"))
    assert is_refused(client.get("/"))


def test_session_is_refused_after_the_absolute_limit_however_busy(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(START, tick=False)
    factories.user(Role.SOCIAL_WORKER, username="busy")
    client = signed_in("busy")
    step = timedelta(seconds=settings.SESSION_IDLE_SECONDS // 2)
    elapsed = timedelta(0)
    while elapsed + step < timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS):
        time_machine.shift(step)
        elapsed += step
        assert client.get("/").status_code == 200, f"refused after {elapsed}, before either limit"

    time_machine.shift(timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS) - elapsed + timedelta(seconds=1))
    response = client.get("/")
    assert is_refused(response)
    assert "_auth_user_id" not in client.session


def test_session_without_a_login_time_is_refused(client_for: Callable[[User], Client]) -> None:
    """A session that somehow lacks the login stamp fails closed."""
    from kindred.access.middleware import LOGIN_AT

    client = client_for(factories.user(Role.SOCIAL_WORKER))
    assert client.get("/").status_code == 200
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert is_refused(client.get("/"))
