"""Managers restrict a record and name who may see it; everyone reads and clears their own alerts."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kindred.access import actions
from kindred.access.models import Alert, RestrictedAccess
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="manager")


@pytest.fixture
def child(social_worker: User) -> Person:
    return factories.person(by=social_worker, first_name="Keziah", last_name="Marlowe")


def restriction_url(person: Person) -> str:
    return reverse("access:restriction", kwargs={"person_uuid": person.uuid})


def name_url(person: Person) -> str:
    return reverse("access:name_on_record", kwargs={"person_uuid": person.uuid})


def test_restriction_page_restricts_a_record_and_keeps_the_manager_named(
    manager: User, child: Person, social_worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager)
    page = client.get(restriction_url(child))
    assert page.status_code == 200
    assert b"This record is not restricted" in page.content

    response = client.post(restriction_url(child), {"restricted": "yes", "reason": "Sealed adoption order"})

    assert response.status_code == 302 and response["Location"] == restriction_url(child)
    child.refresh_from_db()
    assert child.restricted is True
    assert RestrictedAccess.objects.filter(person=child, user=manager).exists()
    event = AuditEvent.objects.get(action="person.restricted")
    assert (event.actor_id, event.person_uuid, event.reason) == (
        manager.pk,
        child.uuid,
        "Sealed adoption order",
    )
    # The social worker who recorded the child is not named on it: it is hidden from them until named.
    assert (
        client_for(social_worker)
        .get(reverse("people:detail", kwargs={"person_uuid": child.uuid}))
        .status_code
        == 404
    )
    assert client.get(reverse("people:detail", kwargs={"person_uuid": child.uuid})).status_code == 200


def test_restriction_page_needs_a_reason_and_a_choice(
    manager: User, child: Person, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager).post(restriction_url(child), {"restricted": "yes", "reason": "  "})
    assert response.status_code == 200
    assert b"Explain why the record" in response.content
    response = client_for(manager).post(restriction_url(child), {"reason": "Sealed adoption order"})
    assert b"Select who can see this record" in response.content
    child.refresh_from_db()
    assert child.restricted is False
    assert not AuditEvent.objects.filter(action="person.restricted").exists()


def test_restriction_page_names_a_worker_who_can_then_see_the_record(
    manager: User, child: Person, social_worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager)
    client.post(restriction_url(child), {"restricted": "yes", "reason": "Staff member's child"})
    detail = reverse("people:detail", kwargs={"person_uuid": child.uuid})
    assert client_for(social_worker).get(detail).status_code == 404

    response = client.post(name_url(child), {"username": social_worker.username})

    assert response.status_code == 302
    assert client_for(social_worker).get(detail).status_code == 200
    event = AuditEvent.objects.get(action="person.access_granted")
    assert event.changes == {"named_user": [None, social_worker.username]}
    page = client.get(restriction_url(child)).content.decode()
    assert social_worker.display_name in page and manager.display_name in page
    # Naming them again changes nothing and records nothing.
    client.post(name_url(child), {"username": social_worker.username})
    assert AuditEvent.objects.filter(action="person.access_granted").count() == 1


@pytest.mark.parametrize("who", ["nobody-by-this-name", "partner", "commissioner", "disabled"])
def test_restriction_page_names_only_active_staff_who_can_view_records(
    who: str, manager: User, child: Person, client_for: Callable[[User], Client]
) -> None:
    others = {
        "partner": lambda: factories.user(Role.PARTNER, username="partner"),
        "commissioner": lambda: factories.user(Role.COMMISSIONER, username="commissioner"),
        "disabled": lambda: factories.user(Role.SOCIAL_WORKER, username="disabled", is_active=False),
    }
    if who in others:
        others[who]()
    client = client_for(manager)
    client.post(restriction_url(child), {"restricted": "yes", "reason": "Sealed adoption order"})
    response = client.post(name_url(child), {"username": who})
    assert response.status_code == 200
    assert b"Enter the username of a member of staff who can view records" in response.content
    assert list(RestrictedAccess.objects.filter(person=child).values_list("user__username", flat=True)) == [
        "manager"
    ]


def test_restriction_can_be_lifted(
    manager: User, child: Person, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager)
    client.post(restriction_url(child), {"restricted": "yes", "reason": "Sealed adoption order"})
    client.post(restriction_url(child), {"restricted": "no", "reason": "Order set aside by the court"})
    child.refresh_from_db()
    assert child.restricted is False
    assert AuditEvent.objects.get(action="person.unrestricted").reason == "Order set aside by the court"
    viewer = client_for(factories.user(Role.SOCIAL_WORKER))
    assert viewer.get(reverse("people:detail", kwargs={"person_uuid": child.uuid})).status_code == 200


def test_name_on_restricted_record_refuses_a_record_that_is_not_restricted(
    manager: User, child: Person, social_worker: User
) -> None:
    with pytest.raises(ValidationError):
        actions.name_on_restricted_record(person=child, user=social_worker, by=manager)
    assert not RestrictedAccess.objects.exists()


def test_name_on_restricted_record_is_for_managers_who_can_see_the_record(
    child: Person, social_worker: User
) -> None:
    owner = factories.user(Role.TEAM_MANAGER, username="owner")
    sealed = factories.person(by=owner, restricted=True)
    with pytest.raises(PermissionDenied):  # a social worker cannot name people
        actions.name_on_restricted_record(person=sealed, user=social_worker, by=social_worker)
    with pytest.raises(PermissionDenied):  # nor can a manager who cannot see the record
        actions.name_on_restricted_record(
            person=sealed, user=social_worker, by=factories.user(Role.TEAM_MANAGER)
        )
    assert list(RestrictedAccess.objects.filter(person=sealed).values_list("user", flat=True)) == [owner.pk]


# --- Alerts ------------------------------------------------------------------------------------------------


def test_alerts_page_lists_only_the_users_own_alerts(
    manager: User, client_for: Callable[[User], Client]
) -> None:
    mine = Alert.objects.create(recipient=manager, message="Someone used break-glass on a record")
    Alert.objects.create(recipient=factories.user(Role.TEAM_MANAGER), message="Not for you")
    page = client_for(manager).get(reverse("access:alerts")).content.decode()
    assert mine.message in page
    assert "Not for you" not in page
    assert reverse("access:alert_read", kwargs={"alert_uuid": mine.uuid}) in page


def test_alert_read_marks_the_users_own_alert_once(
    manager: User, client_for: Callable[[User], Client]
) -> None:
    alert = Alert.objects.create(recipient=manager, message="Someone used break-glass on a record")
    client = client_for(manager)
    url = reverse("access:alert_read", kwargs={"alert_uuid": alert.uuid})

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("access:alerts")
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert AuditEvent.objects.get(action="alert.read").actor_id == manager.pk
    assert alert.message not in client.get(reverse("ui:home")).content.decode()  # home shows unread only
    client.post(url)
    assert AuditEvent.objects.filter(action="alert.read").count() == 1


def test_alert_read_answers_404_for_someone_elses_alert(
    manager: User, client_for: Callable[[User], Client]
) -> None:
    theirs = Alert.objects.create(recipient=factories.user(Role.TEAM_MANAGER), message="Not for you")
    client = client_for(manager)
    for alert_uuid in (theirs.uuid, uuid.uuid4()):
        response = client.post(reverse("access:alert_read", kwargs={"alert_uuid": alert_uuid}))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    with pytest.raises(PermissionDenied):
        actions.mark_alert_read(alert=theirs, by=manager)


def test_alerts_page_links_to_the_record_only_for_a_manager_who_can_see_it(
    client_for: Callable[[User], Client],
) -> None:
    owner = factories.user(Role.SOCIAL_WORKER, username="owner")
    sealed = factories.person(by=owner, restricted=True, first_name="Ines", last_name="Harrowgate")
    manager = factories.user(Role.TEAM_MANAGER, username="owners-manager", team_obj=owner.team)
    actions.break_glass(
        person=sealed, reason="Child reported missing overnight", by=factories.user(Role.SOCIAL_WORKER)
    )
    record = reverse("people:detail", kwargs={"person_uuid": sealed.uuid})

    page = client_for(manager).get(reverse("access:alerts")).content.decode()
    assert "Child reported missing overnight" in page and str(sealed.uuid) in page
    assert record not in page and "Harrowgate" not in page

    RestrictedAccess.objects.create(person=sealed, user=manager, granted_by=owner)
    assert record in client_for(manager).get(reverse("access:alerts")).content.decode()
    assert reverse("access:alerts") in client_for(manager).get(reverse("ui:home")).content.decode()
