"""Security headers and cookies on every kind of response (RELIABILITY.md check 13)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.organisation.models import User
from tests import factories
from tests.conftest import HttpsClient, https_client

pytestmark = pytest.mark.django_db


def _sample(client_for: Callable[[User], Client]) -> dict[str, tuple[Any, bool]]:
    """One response of each kind: name -> (response, whether it was for a signed-in user)."""
    worker = factories.user(Role.SOCIAL_WORKER)
    partner = factories.user(Role.PARTNER)
    child = factories.person(by=worker)
    signed_in = client_for(worker)
    anonymous = https_client()
    csrf_checked = HttpsClient(enforce_csrf_checks=True)
    csrf_checked.force_login(worker)
    return {
        "login page": (anonymous.get(reverse("ui:login")), False),
        "redirect to login": (anonymous.get(reverse("ui:home")), False),
        "health check": (anonymous.get(reverse("ui:health")), False),
        "404, anonymous": (anonymous.get("/no-such-page/"), False),
        "home": (signed_in.get(reverse("ui:home")), True),
        "person page": (signed_in.get(reverse("people:detail", kwargs={"person_uuid": child.uuid})), True),
        "person form": (signed_in.get(reverse("people:edit", kwargs={"person_uuid": child.uuid})), True),
        "404, signed in": (
            signed_in.get(reverse("people:detail", kwargs={"person_uuid": uuid.uuid4()})),
            True,
        ),
        "403": (client_for(partner).get(reverse("people:search")), True),
        "405": (signed_in.get(reverse("ui:logout")), True),
        "CSRF failure": (csrf_checked.post(reverse("people:create"), {}), True),
        "redirect after sign-out": (client_for(worker).post(reverse("ui:logout")), True),
    }


def _header_problems(response: Any) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in csp:
        problems.append(f"Content-Security-Policy without frame-ancestors 'none': {csp!r}")
    if "default-src 'self'" not in csp or "object-src 'none'" not in csp:
        problems.append(f"Content-Security-Policy too loose: {csp!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {response.get('X-Content-Type-Options')!r}")
    if response.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options: {response.get('X-Frame-Options')!r}")
    hsts = response.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age.group(1)) < 31_536_000 or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security: {hsts!r}")
    return problems


def test_security_headers_are_on_every_kind_of_page(client_for: Callable[[User], Client]) -> None:
    problems = []
    for name, (response, _) in _sample(client_for).items():
        problems += [f"{name} ({response.status_code}): {p}" for p in _header_problems(response)]
    assert not problems, "\n".join(problems)


def test_sample_covers_the_answers_it_claims(client_for: Callable[[User], Client]) -> None:
    statuses = {name: response.status_code for name, (response, _) in _sample(client_for).items()}
    assert statuses == {
        "login page": 200,
        "redirect to login": 302,
        "health check": 200,
        "404, anonymous": 404,
        "home": 200,
        "person page": 200,
        "person form": 200,
        "404, signed in": 404,
        "403": 403,
        "405": 405,
        "CSRF failure": 403,
        "redirect after sign-out": 302,
    }


def test_pages_are_never_stored_by_browsers_or_proxies(client_for: Callable[[User], Client]) -> None:
    for name, (response, _) in _sample(client_for).items():
        assert "no-store" in response.get("Cache-Control", ""), f"{name}: {response.get('Cache-Control')!r}"


def test_static_files_carry_the_security_headers_and_may_be_cached(settings: Any) -> None:
    # WhiteNoise serves static files ahead of the URLconf; in tests it finds them without collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = https_client().get(f"{settings.STATIC_URL}ui/kindred.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert _header_problems(response) == []
    assert "no-store" not in response.get("Cache-Control", "")


def test_plain_http_is_sent_to_https() -> None:
    response = Client().get(reverse("ui:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite() -> None:
    factories.user(Role.SOCIAL_WORKER, username="cookies")
    client = https_client()
    login_page = client.get(reverse("ui:login"))
    signed_in = client.post(reverse("ui:login"), {"username": "cookies", "password": factories.PASSWORD})
    cookies = {
        settings.CSRF_COOKIE_NAME: login_page.cookies.get(settings.CSRF_COOKIE_NAME),
        settings.SESSION_COOKIE_NAME: signed_in.cookies.get(settings.SESSION_COOKIE_NAME),
    }
    for name, morsel in cookies.items():
        assert morsel is not None, f"{name} was not set"
        assert morsel["secure"] is True, f"{name} is not Secure"
        assert morsel["httponly"] is True, f"{name} is not HttpOnly"
        assert morsel["samesite"] in ("Lax", "Strict"), f"{name} SameSite={morsel['samesite']!r}"
        assert morsel["path"] == "/" and not morsel["domain"], f"{name} is not limited to this host"
    # Closing the browser ends the session cookie (the server's idle limit ends the session itself).
    assert not cookies[settings.SESSION_COOKIE_NAME]["max-age"]
