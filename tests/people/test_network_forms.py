"""Changing the network from the child's page: add someone known or new, change and end a relationship."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import Person, Relationship
from tests import factories

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def _date(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def _details(**overrides: Any) -> dict[str, str]:
    data = {"kind": "parent", "contact_restriction": "", "note": "", **_date("start_date", None)}
    data.update(overrides)
    return data


READS = ("person.viewed", "person.searched", "person.listed")


def _counts() -> tuple[int, int, int]:
    """What a refused change must leave as it was: people, relationships and the audit trail of changes."""
    changes = AuditEvent.objects.exclude(action__in=READS)
    return Person.objects.count(), Relationship.objects.count(), changes.count()


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER)


@pytest.fixture
def child(worker: User) -> Person:
    return factories.person(by=worker)


def test_relationship_add_finds_people_by_name_and_date_of_birth(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    factories.person(by=worker, first_name="Nkechi", date_of_birth=date(1990, 5, 5))
    manager = factories.user(Role.TEAM_MANAGER)
    factories.person(by=manager, first_name="Nadia", date_of_birth=date(1988, 1, 2), restricted=True)
    url = reverse("people:relationship_add", args=[child.uuid])

    response = client_for(worker).get(
        url,
        {"find-last_name": "okafor", "find-first_name": "n", **_date("find-date_of_birth", date(1988, 1, 2))},
    )

    assert response.status_code == 200
    assert [p.pk for p in response.context["candidates"]] == [
        mum.pk
    ]  # not the restricted record, not the child
    assert "Born 2 January 1988" in response.content.decode()
    # The search is audited as a search, and each person listed.
    assert AuditEvent.objects.filter(action="person.searched", actor=worker.username).count() == 1
    assert list(AuditEvent.objects.filter(action="person.listed").values_list("person_uuid", flat=True)) == [
        mum.uuid
    ]


def test_relationship_add_asks_for_more_than_a_last_name(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    response = client_for(worker).get(
        reverse("people:relationship_add", args=[child.uuid]),
        {"find-last_name": "Okafor", "find-first_name": ""},
    )

    assert "Enter a first name or a date of birth as well as the last name" in response.content.decode()
    assert response.context["candidates"] == []
    assert not AuditEvent.objects.filter(action="person.searched").exists()


def test_relationship_add_records_a_known_person(client_for: ClientFor, worker: User, child: Person) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    url = reverse("people:relationship_add", args=[child.uuid])
    data = {
        "find-last_name": "Okafor",
        "find-first_name": "Ngozi",
        **_date("find-date_of_birth", None),
        "person": str(mum.uuid),
        **_details(lives_with="on", parental_responsibility="on", note="Mum"),
    }

    response = client_for(worker).post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[child.uuid]) + "#network"
    rel = Relationship.objects.get()
    assert (rel.from_person, rel.to_person, rel.kind) == (mum, child, "parent")
    assert rel.lives_with and rel.parental_responsibility and rel.note == "Mum"


def test_relationship_add_records_the_child_as_the_parent_when_asked(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    baby = factories.person(by=worker, first_name="Ife", date_of_birth=date(2025, 1, 5))
    data = {
        "find-last_name": "Okafor",
        "find-first_name": "Ife",
        "person": str(baby.uuid),
        **_details(kind="rev:parent"),
    }

    client_for(worker).post(reverse("people:relationship_add", args=[child.uuid]), data)

    rel = Relationship.objects.get()
    assert (rel.from_person, rel.to_person, rel.kind) == (child, baby, "parent")


def test_relationship_add_refuses_a_person_the_user_cannot_see(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    hidden = factories.person(by=manager, first_name="Hidden", restricted=True)
    before = _counts()

    response = client_for(worker).post(
        reverse("people:relationship_add", args=[child.uuid]),
        {"find-last_name": "Okafor", "find-first_name": "Hidden", "person": str(hidden.uuid), **_details()},
    )

    assert response.status_code == 200
    assert "Select the person to add" in response.content.decode()
    assert _counts() == before


def test_relationship_add_new_records_the_person_and_relationship_together(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    data = {
        "first_name": "Grace",
        "last_name": "Adeyemi",
        **_date("date_of_birth", date(1962, 5, 14)),
        "sex": "F",
        **_details(kind="grandparent", note="Amara stays with Grace at weekends"),
    }

    response = client_for(worker).post(reverse("people:relationship_add_new", args=[child.uuid]), data)

    assert response.status_code == 302
    gran = Person.objects.get(first_name="Grace")
    assert gran.search_last == "adeyemi"  # recorded through create_person, so searchable
    rel = Relationship.objects.get()
    assert (rel.from_person, rel.to_person, rel.kind) == (gran, child, "grandparent")
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "person.created",
        "relationship.added",
    }


def test_relationship_add_new_saves_nothing_when_the_relationship_is_refused(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    before = _counts()
    data = {
        "first_name": "Grace",
        "last_name": "Adeyemi",
        "sex": "F",
        **_date("date_of_birth", date(1962, 5, 14)),
        **_details(kind="grandparent"),
        **_date("start_date", date(2020, 1, 1)),
    }
    # The form is fine; the action refuses (an end before the start is checked by add_relationship).
    original = actions.add_relationship

    def refuse(**kwargs: Any) -> Relationship:
        kwargs["end_date"] = date(2019, 1, 1)
        return original(**kwargs)

    actions.add_relationship = refuse  # type: ignore[assignment]
    try:
        response = client_for(worker).post(reverse("people:relationship_add_new", args=[child.uuid]), data)
    finally:
        actions.add_relationship = original  # type: ignore[assignment]

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert _counts() == before  # no half-saved person without their relationship


def test_relationship_change_saves_against_the_version_started_from(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)
    url = reverse("people:relationship_change", args=[child.uuid, rel.uuid])
    client = client_for(worker)

    form = client.get(url).context["form"]
    assert form.initial["kind"] == "parent" and form.initial["version"] == 1
    response = client.post(
        url,
        {
            **_details(lives_with="on", contact_restriction="Supervised contact only"),
            **_date("end_date", None),
            "version": "1",
        },
    )

    assert response.status_code == 302
    rel.refresh_from_db()
    assert rel.lives_with and rel.contact_restriction == "Supervised contact only" and rel.version == 2


def test_relationship_change_shows_a_conflict_when_someone_else_changed_it(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)
    colleague = factories.user(Role.SOCIAL_WORKER)
    url = reverse("people:relationship_change", args=[child.uuid, rel.uuid])
    # Both open the form at version 1; the colleague saves first.
    actions.update_relationship(relationship=rel, version=1, by=colleague, lives_with=True)
    before = _counts()

    response = client_for(worker).post(
        url, {**_details(contact_restriction="No contact"), **_date("end_date", None), "version": "1"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this while you were working on it" in page
    assert "Start again from the record as it is now" in page
    rel.refresh_from_db()
    assert rel.contact_restriction == "" and rel.lives_with and rel.version == 2
    assert _counts() == before


def test_relationship_change_will_not_turn_a_relationship_round(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)

    response = client_for(worker).post(
        reverse("people:relationship_change", args=[child.uuid, rel.uuid]),
        {**_details(kind="rev:parent"), **_date("end_date", None), "version": "1"},
    )

    assert "You cannot turn this relationship round here" in response.content.decode()
    rel.refresh_from_db()
    assert rel.version == 1


def test_relationship_end_keeps_it_as_an_ended_relationship(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    carer = factories.person(
        by=worker, first_name="Mary", last_name="Collins", date_of_birth=date(1965, 12, 1)
    )
    rel = actions.add_relationship(
        from_person=carer, to_person=child, kind="foster_carer", by=worker, start_date=date(2017, 6, 1)
    )
    url = reverse("people:relationship_end", args=[child.uuid, rel.uuid])
    client = client_for(worker)

    assert "End Mary Collins&#x27;s relationship to Amara" in client.get(url).content.decode()
    response = client.post(url, {**_date("end_date", date(2019, 4, 30)), "version": "1"})

    assert response.status_code == 302
    rel.refresh_from_db()
    assert rel.end_date == date(2019, 4, 30)
    page = client.get(reverse("people:detail", args=[child.uuid])).content.decode()
    assert "1 Jun 2017 to 30 Apr 2019" in page
    assert "kindred-ecomap__line--ended" in page


def test_relationship_end_refuses_an_end_before_the_start(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    carer = factories.person(
        by=worker, first_name="Mary", last_name="Collins", date_of_birth=date(1965, 12, 1)
    )
    rel = actions.add_relationship(
        from_person=carer, to_person=child, kind="foster_carer", by=worker, start_date=date(2017, 6, 1)
    )
    before = _counts()

    response = client_for(worker).post(
        reverse("people:relationship_end", args=[child.uuid, rel.uuid]),
        {**_date("end_date", date(2016, 1, 1)), "version": "1"},
    )

    assert response.status_code == 200
    assert "End date must be on or after the start date" in response.content.decode()
    rel.refresh_from_db()
    assert rel.end_date is None
    assert _counts() == before


def test_relationship_pages_answer_404_for_someone_elses_relationship(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    other_child = factories.person(by=worker, first_name="Chidi")
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(from_person=mum, to_person=other_child, kind="parent", by=worker)

    for name in ("people:relationship_change", "people:relationship_end"):
        assert client_for(worker).get(reverse(name, args=[child.uuid, rel.uuid])).status_code == 404


def test_relationship_pages_answer_404_for_a_relationship_with_a_restricted_person(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    dad = factories.person(by=manager, first_name="Tunde", sex="M", restricted=True)
    rel = actions.add_relationship(from_person=dad, to_person=child, kind="parent", by=manager)

    for name in ("people:relationship_change", "people:relationship_end"):
        assert client_for(worker).get(reverse(name, args=[child.uuid, rel.uuid])).status_code == 404
        assert client_for(manager).get(reverse(name, args=[child.uuid, rel.uuid])).status_code == 200
