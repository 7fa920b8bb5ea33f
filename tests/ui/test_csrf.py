"""CSRF (RELIABILITY.md check 14): every unsafe method on every URL, without a token, with a wrong token and
from another origin, answers 403; the same request with the right token gets through.

Each URL is tried as a user the permission matrix says may POST to it, so a 403 here is the CSRF check's and
not the access policy's, and as an anonymous visitor.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import get_random_string

from kindred.organisation.models import User
from tests.access.routes import Route, route_named, route_names
from tests.access.test_permission_matrix import EXPECTED
from tests.access.world import ANON, COLUMNS, PARAMETERS, World, build_world
from tests.conftest import HttpsClient

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")
SAME_ORIGIN = "https://testserver"
OTHER_ORIGIN = "https://attacker.example"


def _token() -> str:
    return get_random_string(32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _send(
    user: User | None, url: str, method: str, *, cookie: str | None, token: str | None, origin: str
) -> Any:
    client = HttpsClient(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    if cookie is not None:
        client.cookies[settings.CSRF_COOKIE_NAME] = cookie
    extra: dict[str, str] = {"HTTP_ORIGIN": origin}
    data: dict[str, str] = {}
    if token is not None:
        if method == "post":
            data["csrfmiddlewaretoken"] = token
        else:
            extra["HTTP_X_CSRFTOKEN"] = token
    if method == "post":
        return client.post(url, data, **extra)
    return getattr(client, method)(url, **extra)


def _poster(name: str, world: World) -> User | None:
    """A user the matrix lets POST to this URL (not refused by the access policy), if any."""
    row = EXPECTED[name]
    for column in COLUMNS:
        if column != ANON and row.answer("post", column) != 403:
            return world.users[column]
    return None


def _url(route: Route, world: World, user: User | None) -> str:
    targets_for = PARAMETERS[route.params]
    return reverse(route.name, kwargs=targets_for(world, user)[0].kwargs)


def _page_routes() -> list[str]:
    """Every page URL the permission matrix has a row for. Not the partner API: it never reads the session,
    so a cross-site request carries no authority (it answers 401 without its key: tests/api/test_access.py)
    and CSRF does not arise. A URL without a row is failed by the matrix until it has one."""
    return [
        name
        for name in route_names()
        if not route_named(name).is_api
        and name in EXPECTED
        and frozenset(route_named(name).params) in PARAMETERS
    ]


@pytest.mark.parametrize("name", _page_routes())
def test_every_unsafe_request_without_the_right_csrf_token_is_refused(name: str) -> None:
    route = route_named(name)
    world = build_world()
    refused_wrongly: list[str] = []
    for user in {_poster(name, world), None}:
        url = _url(route, world, user)
        who = user.role if user is not None else ANON
        for method in UNSAFE:
            good = _token()
            attempts = {
                "no cookie and no token": {"cookie": None, "token": None, "origin": SAME_ORIGIN},
                "a cookie but no token": {"cookie": good, "token": None, "origin": SAME_ORIGIN},
                "a wrong token": {"cookie": good, "token": _token(), "origin": SAME_ORIGIN},
                "no cookie, a token": {"cookie": None, "token": good, "origin": SAME_ORIGIN},
                "the right token from another origin": {
                    "cookie": good,
                    "token": good,
                    "origin": OTHER_ORIGIN,
                },
            }
            for label, attempt in attempts.items():
                response = _send(user, url, method, **attempt)  # type: ignore[arg-type]
                if response.status_code != 403 or b"CSRF verification failed" not in response.content:
                    refused_wrongly.append(
                        f"{method.upper()} {url} as {who} with {label}: {response.status_code}"
                    )
            control = _send(user, url, method, cookie=good, token=good, origin=SAME_ORIGIN)
            if b"CSRF verification failed" in control.content:
                refused_wrongly.append(f"{method.upper()} {url} as {who} with the right token was refused")
            elif method == "post" and user is not None:
                expected = EXPECTED[name].answer("post", user.role)
                if control.status_code != expected:
                    refused_wrongly.append(
                        f"POST {url} as {who}, right token: {control.status_code}, not {expected}"
                    )
    assert not refused_wrongly, "\n".join(refused_wrongly)
