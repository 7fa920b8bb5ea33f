from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kindred.access.roles import Role
from kindred.organisation.models import User
from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    return factories.user


@pytest.fixture
def social_worker(db: None) -> User:
    return factories.user(Role.SOCIAL_WORKER, username="sw")


@pytest.fixture
def team_manager(db: None) -> User:
    return factories.user(Role.TEAM_MANAGER, username="tm")


class HttpsClient(Client):
    """A test client that speaks HTTPS, as production does (SECURE_SSL_REDIRECT is on when DEBUG is off)."""

    def generic(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


def https_client() -> Client:
    return HttpsClient()


@pytest.fixture
def client() -> Client:
    return https_client()


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = https_client()
        client.force_login(user)
        return client

    return make


def set_audit_triggers(enabled: bool) -> None:
    """The audit table's append-only triggers block the table flush that ends a transactional test; turn
    them off just for that flush, and back on before each test."""
    from django.db import connection

    from kindred.audit.migrations import _triggers

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER")
        else:
            for statement in _triggers.SQLITE_DOWN:
                cursor.execute(statement)
            if enabled:
                for statement in _triggers.SQLITE_UP:
                    cursor.execute(statement)


@pytest.fixture(autouse=True)
def _audit_triggers_around_flush(request: pytest.FixtureRequest) -> Any:
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        transactional = True
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    set_audit_triggers(True)
    yield
    set_audit_triggers(False)
