"""Restricted records on every read path (RELIABILITY.md check 6).

A restricted record is visible only to the people named on it (and to live break-glass access). Everyone else
gets 404 on its URLs, and its details appear on no page they can reach: not in search results, not in a
relative's network, not in the audit trail, not in an alert.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from kindred.access import actions as access_actions
from kindred.access.models import Alert, RestrictedAccess
from kindred.access.roles import CAPABILITIES, Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from tests import factories
from tests.access.routes import all_routes
from tests.access.world import (
    ANON,
    COLUMNS,
    HIDDEN_FIRST_NAME,
    HIDDEN_LAST_NAME,
    HIDDEN_NHS_NUMBER,
    PARAMETERS,
    World,
    build_world,
)
from tests.conftest import https_client

pytestmark = pytest.mark.django_db

# Each search term is checked for the *other* details, so a page that echoes the search term back (a search
# box, a "next" parameter) is not mistaken for a leak.
HIDDEN_MIDDLE_NAME = "Ottoline"
ALL_DETAILS = (HIDDEN_FIRST_NAME, HIDDEN_LAST_NAME, HIDDEN_NHS_NUMBER, HIDDEN_MIDDLE_NAME)
SEARCHES = {
    f"{HIDDEN_FIRST_NAME} {HIDDEN_LAST_NAME}": (HIDDEN_NHS_NUMBER, HIDDEN_MIDDLE_NAME),
    HIDDEN_NHS_NUMBER: (HIDDEN_FIRST_NAME, HIDDEN_LAST_NAME, HIDDEN_MIDDLE_NAME),
}


def _world_with_traces_of_the_hidden_record() -> World:
    """The world, plus everything that could carry the hidden record's details onto other pages: a change to
    it, a relationship with a visible child, and break-glass access that alerts its managers."""
    world = build_world()
    hidden = world.hidden
    people_actions.update_person(
        person=hidden,
        version=hidden.version,
        by=world.owner,
        middle_names=HIDDEN_MIDDLE_NAME,
        reason="Birth certificate",
    )
    people_actions.add_relationship(
        from_person=hidden, to_person=world.visible, kind="sibling", by=world.owner
    )
    people_actions.record_person_viewed(person=hidden, by=world.owner)
    breaker = factories.user(Role.SOCIAL_WORKER, username="glass-breaker")
    access_actions.break_glass(person=hidden, reason="Police at the door asking about a sibling", by=breaker)
    # The matrix's team manager is in the owner's team, so the break-glass alert went to them.
    assert Alert.objects.filter(recipient=world.users[Role.TEAM_MANAGER]).exclude(break_glass=None).exists()
    return world


def _pages(world: World, user: User | None) -> list[tuple[str, tuple[str, ...]]]:
    """Every page a GET can reach, and the details of the hidden record that must not appear on it. Pages
    without parameters are searched for the record; object pages are tried with each target the user may or
    may not see (the hidden record itself among them)."""
    pages = []
    for route in all_routes():
        targets_for = PARAMETERS.get(route.params)
        if not route.name or targets_for is None:
            continue  # the permission matrix fails for these
        for target in targets_for(world, user):
            url = reverse(route.name, kwargs=target.kwargs)
            if route.params:  # a page about one object: as it is
                pages.append((url, ALL_DETAILS))
            else:  # a page that may search or list: searched for the hidden record
                pages += [
                    (f"{url}?{urlencode({'q': term})}", canaries) for term, canaries in SEARCHES.items()
                ]
    return pages


def _leaks(client: Client, pages: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    found = []
    for url, canaries in pages:
        # Each request is rolled back, so what one request records (a search term in the audit trail) is not
        # read back by the next one as if it were the record's.
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        text = response.content.decode(errors="replace")
        found += [f"{url} ({response.status_code}) shows {canary!r}" for canary in canaries if canary in text]
    return found


def test_restricted_record_appears_on_no_page_for_anyone_not_named_on_it(
    client_for: Callable[[User], Client],
) -> None:
    world = _world_with_traces_of_the_hidden_record()
    leaks: list[str] = []
    # Pages depend on what a role may do: one role of each set of capabilities (and anonymous) is enough.
    columns = {CAPABILITIES.get(Role(c)) if c != ANON else None: c for c in reversed(COLUMNS)}.values()
    assert Role.FRONT_DOOR.value in columns and ANON in columns and len(columns) >= 8
    for column in columns:
        user = world.user(column)
        client = client_for(user) if user is not None else https_client()
        leaks += [f"as {column}: {leak}" for leak in _leaks(client, _pages(world, user))]
    assert not leaks, "A restricted record's details reached someone not named on it:\n" + "\n".join(leaks)


def test_restricted_record_sweep_finds_the_record_for_someone_named_on_it(
    client_for: Callable[[User], Client],
) -> None:
    """The sweep above can see a leak: for the record's owner, the same pages show the record."""
    world = _world_with_traces_of_the_hidden_record()
    owner = client_for(world.owner)
    found = _leaks(owner, _pages(world, world.owner))
    detail = reverse("people:detail", kwargs={"person_uuid": world.hidden.uuid})
    assert any(leak.startswith(detail) and HIDDEN_LAST_NAME in leak for leak in found), found


def test_restricted_record_answers_404_on_every_person_url_and_as_usual_to_the_named(
    client_for: Callable[[User], Client],
) -> None:
    world = build_world()
    manager = world.users[Role.TEAM_MANAGER]  # named on world.named, not on world.hidden
    person_routes = [r for r in all_routes() if r.params == {"person_uuid"}]
    assert {"people:detail", "people:edit", "audit:record_access"} <= {r.name for r in person_routes}
    wrong = []
    for route in person_routes:
        for method in ("get", "post"):
            answers = {}
            for label, person in (
                ("visible", world.visible),
                ("named", world.named),
                ("hidden", world.hidden),
            ):
                url = reverse(route.name, kwargs={"person_uuid": person.uuid})
                answers[label] = getattr(client_for(manager), method)(url).status_code
            if answers["named"] != answers["visible"]:
                wrong.append(
                    f"{method.upper()} {route.name}: named {answers['named']}, visible {answers['visible']}"
                )
            if answers["visible"] not in (403, 405) and answers["hidden"] != 404:
                wrong.append(f"{method.upper()} {route.name}: not named, answered {answers['hidden']}")
    assert not wrong, "\n".join(wrong)
    detail = reverse("people:detail", kwargs={"person_uuid": world.named.uuid})
    assert client_for(manager).get(detail).status_code == 200


def test_partners_and_commissioners_cannot_open_any_person_record(
    client_for: Callable[[User], Client],
) -> None:
    world = build_world()
    for role in (Role.PARTNER, Role.COMMISSIONER):
        client = client_for(world.users[role])
        before = AuditEvent.objects.filter(actor=world.users[role].username).count()  # the partner's referral
        for route in all_routes():
            if "person_uuid" not in route.params or route.params != {"person_uuid"}:
                continue
            for person in (world.visible, world.named, world.hidden):
                url = reverse(route.name, kwargs={"person_uuid": person.uuid})
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    assert status in (403, 404), f"{method.upper()} {url} as {role}: {status}"
        assert AuditEvent.objects.filter(actor=world.users[role].username).count() == before


def test_audit_trail_withholds_the_details_of_a_restricted_record_from_those_not_named(
    client_for: Callable[[User], Client],
) -> None:
    world = _world_with_traces_of_the_hidden_record()
    service_manager = world.users[Role.SERVICE_MANAGER]
    page = client_for(service_manager).get(reverse("audit:events")).content.decode()
    assert HIDDEN_LAST_NAME not in page
    assert HIDDEN_MIDDLE_NAME not in page
    assert "Police at the door" not in page  # the break-glass reason is about the hidden record
    assert "Details withheld" in page
    # Who did what, and when, is still there.
    assert "glass-breaker" in page
    assert "access.break_glass" in page
    # Once named on the record, the same manager sees the details.
    RestrictedAccess.objects.create(person=world.hidden, user=service_manager, granted_by=world.owner)
    page = client_for(service_manager).get(reverse("audit:events")).content.decode()
    assert HIDDEN_MIDDLE_NAME in page
    assert "Police at the door" in page
