"""Whose record it is to change: while a child has an open case with a team, their details, network and case
notes are changed by those who may work on the case (the allocated worker, their team and its managers,
service managers, the reviewing officer); a record that is nobody's case is open to every practitioner, as the
front door needs (DESIGN.md § Roles)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kindred.access.rules import can_edit_person
from kindred.casework import actions as casework
from kindred.casework import notes
from kindred.casework.models import CaseNote
from kindred.organisation.models import User
from kindred.people import actions as people
from kindred.people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def _rename(person: Person, by: User, name: str) -> None:
    person.refresh_from_db()
    people.update_person(person=person, version=person.version, by=by, first_name=name)


def test_an_allocated_childs_record_is_changed_only_by_those_who_may_work_on_the_case(
    staff: dict[str, User],
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    child = episode.person
    for outsider in ("outsider", "other_tm", "front_door", "family_help"):
        assert not can_edit_person(staff[outsider], child), outsider
        with pytest.raises(PermissionDenied):
            _rename(child, staff[outsider], "Changed")
    for insider in ("sw", "colleague", "tm", "sm", "iro"):
        _rename(child, staff[insider], f"Amara-{insider}")
    child.refresh_from_db()
    assert child.first_name == "Amara-iro"


def test_a_record_that_is_nobodys_case_is_open_to_every_practitioner(staff: dict[str, User]) -> None:
    # No episode at all (an adult in the network, a child the front door is looking at).
    nobodys = factories.person(by=staff["front_door"])
    _rename(nobodys, staff["front_door"], "Ada")
    _rename(nobodys, staff["outsider"], "Ada")
    # A referral waiting for a team: the front door still holds it.
    waiting = factories.episode(by=staff["tm"])
    _rename(waiting.person, staff["front_door"], "Bea")
    # A closed case.
    closed = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    with pytest.raises(PermissionDenied):
        _rename(closed.person, staff["outsider"], "Cai")
    casework.close_episode(episode=closed, version=closed.version, reason="RC7", by=staff["tm"])
    _rename(closed.person, staff["outsider"], "Cai")


def test_the_record_page_offers_changes_only_to_those_who_may_make_them(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    child = factories.episode(by=staff["tm"], allocate_to=staff["sw"]).person
    edit = reverse("people:edit", kwargs={"person_uuid": child.uuid})
    record = reverse("people:detail", kwargs={"person_uuid": child.uuid})
    outsider = client_for(staff["outsider"])
    assert outsider.get(record).status_code == 200  # anyone in social care may read it (audited)
    assert edit.encode() not in outsider.get(record).content
    assert outsider.get(edit).status_code == 403
    assert outsider.post(edit, {"first_name": "Changed"}).status_code == 403
    child.refresh_from_db()
    assert child.first_name == "Amara"
    worker = client_for(staff["sw"])
    assert edit.encode() in worker.get(record).content
    assert worker.get(edit).status_code == 200


def _siblings(staff: dict[str, User]) -> tuple[Person, Person, Person]:
    """Three brothers and sisters: Amara's case is the worker's, Kofi's another team's, Esi's nobody's."""
    amara = factories.episode(by=staff["tm"], allocate_to=staff["sw"]).person
    kofi = factories.person(by=staff["front_door"], first_name="Kofi", date_of_birth=date(2017, 1, 5))
    factories.episode(by=staff["other_tm"], person_obj=kofi, allocate_to=staff["outsider"])
    esi = factories.person(by=staff["front_door"], first_name="Esi", date_of_birth=date(2019, 6, 1))
    for sibling in (kofi, esi):
        people.add_relationship(from_person=amara, to_person=sibling, kind="sibling", by=staff["sw"])
    return amara, kofi, esi


def test_a_note_for_brothers_and_sisters_offers_only_those_whose_record_the_worker_may_write_on(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    amara, kofi, esi = _siblings(staff)
    page = client_for(staff["sw"]).get(reverse("casework_notes:new", kwargs={"person_uuid": amara.uuid}))
    assert page.status_code == 200
    assert str(esi.uuid).encode() in page.content
    assert str(kofi.uuid).encode() not in page.content

    with pytest.raises(ValidationError) as refused:
        notes.start_note(
            person=amara, by=staff["sw"], title="Home visit", text="Seen.", subjects=[amara, kofi]
        )
    assert "Kofi Okafor's case is held by another team" in str(refused.value)
    assert not CaseNote.objects.exists()


def test_a_tie_between_two_records_is_recorded_by_whoever_may_change_either(staff: dict[str, User]) -> None:
    # The worker recorded Amara's tie to Kofi, whose case another team holds (_siblings); someone who may
    # change neither record may not add or change a tie between them.
    amara, kofi, _ = _siblings(staff)
    with pytest.raises(PermissionDenied):
        people.add_relationship(
            from_person=kofi, to_person=amara, kind="half_sibling", by=staff["front_door"]
        )
    tie = amara.relationships_from.get(to_person=kofi)
    with pytest.raises(PermissionDenied):
        people.update_relationship(relationship=tie, version=tie.version, by=staff["front_door"], note="x")
    people.update_relationship(
        relationship=tie, version=tie.version, by=staff["outsider"], note="Same school."
    )
