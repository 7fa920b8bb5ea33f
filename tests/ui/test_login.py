from __future__ import annotations

import pytest
from django.test import Client

from kindred.access.roles import Role
from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD, build_organisation
from tests import factories
from tests.conftest import https_client

pytestmark = pytest.mark.django_db


def test_login_page_is_the_only_page_open_without_logging_in(client: Client) -> None:
    assert client.get("/login/").status_code == 200
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_every_demo_login_reaches_its_home_page(client: Client) -> None:
    build_organisation()
    for login in DEMO_LOGINS:
        client = https_client()
        response = client.post("/login/", {"username": login.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, login.username
        home = client.get(response["Location"])
        assert home.status_code == 200, login.username
        assert login.first_name.encode() in home.content


def test_wrong_password_and_unknown_user_get_the_same_message(client: Client) -> None:
    factories.user(Role.SOCIAL_WORKER, username="realuser")
    real = client.post("/login/", {"username": "realuser", "password": "wrong-password-1"})
    unreal = client.post("/login/", {"username": "nobody-here", "password": "wrong-password-1"})
    assert real.status_code == unreal.status_code == 200
    assert b"Enter a correct username and password" in real.content
    assert b"Enter a correct username and password" in unreal.content


def test_login_locks_out_after_repeated_failures(client: Client) -> None:
    factories.user(Role.SOCIAL_WORKER, username="target")
    for _ in range(5):
        client.post("/login/", {"username": "target", "password": "not-the-password"})
    locked = client.post("/login/", {"username": "target", "password": factories.PASSWORD})
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_session_id_changes_at_login_and_logout_ends_it(client: Client) -> None:
    factories.user(Role.SOCIAL_WORKER, username="sessions")
    client.get("/login/")
    before = client.cookies.get("sessionid")
    client.post("/login/", {"username": "sessions", "password": factories.PASSWORD})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    assert client.get("/").status_code == 200
    client.post("/logout/")
    replay = https_client()
    replay.cookies["sessionid"] = after
    assert replay.get("/").status_code == 302


def test_passwords_are_stored_with_argon2(settings: object) -> None:
    from django.conf import settings as live

    live.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = factories.user(Role.SOCIAL_WORKER)
    assert user.password.startswith("argon2$")


def test_login_never_redirects_to_another_site(client: Client) -> None:
    factories.user(Role.SOCIAL_WORKER, username="redirected")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login/?next={target}",
            {"username": "redirected", "password": factories.PASSWORD, "next": target},
        )
        assert response.status_code == 302
        assert response["Location"] == "/", target
        client.post("/logout/")
