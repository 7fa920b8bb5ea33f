"""Merging and un-merging duplicate records: the actions (permission, refusals, audit) and the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from kindred.access.models import RestrictedAccess
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.merging import merge_people, open_merge, record_ids, unmerge_person
from kindred.people.models import Person, PersonMerge
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Same child: same NHS number, school confirmed"


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER)


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER)


@pytest.fixture
def pair(worker: User) -> tuple[Person, Person]:
    survivor = factories.person(by=worker, first_name="John", last_name="Smith", nhs_number="9434765919")
    duplicate = factories.person(by=worker, first_name="Jon", last_name="Smyth")
    return duplicate, survivor


# --- The actions ------------------------------------------------------------------------------------------


def test_merge_people_points_the_duplicate_at_the_survivor_and_keeps_its_records(
    worker: User, manager: User, pair: tuple[Person, Person]
) -> None:
    duplicate, survivor = pair
    address = actions.add_address(person=duplicate, line1="1 Canal Walk", postcode="B1 1AA", by=worker)
    merge = merge_people(duplicate=duplicate, survivor=survivor, reason=f"  {REASON} ", by=manager)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.version == 2
    assert (merge.duplicate, merge.survivor, merge.merged_by, merge.reason) == (
        duplicate,
        survivor,
        manager,
        REASON,
    )
    address.refresh_from_db()
    assert address.person == duplicate  # nothing moved: un-merging is lossless
    assert record_ids(survivor) == [survivor.pk, duplicate.pk]
    assert open_merge(duplicate) == merge
    assert not Person.objects.current().filter(pk=duplicate.pk).exists()


def test_merge_people_is_audited_on_both_people(manager: User, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    events = AuditEvent.objects.filter(action="person.merged")
    assert {e.person_uuid for e in events} == {duplicate.uuid, survivor.uuid}
    for event in events:
        assert event.actor_id == manager.pk
        assert event.reason == REASON
        assert event.changes["merged_into"] == [None, str(survivor.uuid)]
        assert event.changes["duplicate"] == [None, str(duplicate.uuid)]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.ANALYST, Role.PARTNER])
def test_merge_people_requires_the_merge_capability(role: Role, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    with pytest.raises(PermissionDenied):
        merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=factories.user(role))
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert not AuditEvent.objects.filter(action="person.merged").exists()


def test_merge_people_requires_a_reason(manager: User, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    with pytest.raises(ValidationError) as error:
        merge_people(duplicate=duplicate, survivor=survivor, reason="   ", by=manager)
    assert error.value.message_dict == {"reason": ["Enter why these records are the same person"]}


def test_merge_people_refuses_a_record_into_itself(manager: User, pair: tuple[Person, Person]) -> None:
    duplicate, _ = pair
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_people(duplicate=duplicate, survivor=duplicate, reason=REASON, by=manager)


def test_merge_people_refuses_chains(worker: User, manager: User, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    third = factories.person(by=worker, first_name="Johnny", last_name="Smith")
    merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    duplicate.refresh_from_db()
    # Already merged.
    with pytest.raises(ValidationError, match="already been merged"):
        merge_people(duplicate=duplicate, survivor=third, reason=REASON, by=manager)
    # Into a merged record (third → duplicate → survivor).
    with pytest.raises(ValidationError, match="has itself been merged"):
        merge_people(duplicate=third, survivor=duplicate, reason=REASON, by=manager)
    # A record others are merged into (survivor → third, with duplicate → survivor).
    with pytest.raises(ValidationError, match="Other records have been merged into"):
        merge_people(duplicate=survivor, survivor=third, reason=REASON, by=manager)
    assert PersonMerge.objects.count() == 1


def test_merge_people_refuses_to_expose_a_restricted_record(worker: User, manager: User) -> None:
    restricted = factories.person(by=worker, restricted=True, first_name="Nia")
    RestrictedAccess.objects.create(person=restricted, user=manager, granted_by=worker)
    open_record = factories.person(by=worker, first_name="Nia")
    with pytest.raises(ValidationError, match="is restricted"):
        merge_people(duplicate=restricted, survivor=open_record, reason=REASON, by=manager)
    # The other way round is refused too: the open duplicate would leave the restricted child's details
    # readable by everyone. Both records must be restricted first.
    with pytest.raises(ValidationError, match="is restricted"):
        merge_people(duplicate=open_record, survivor=restricted, reason=REASON, by=manager)
    assert PersonMerge.objects.count() == 0


def test_merge_people_refuses_a_record_the_manager_may_not_see(worker: User, manager: User) -> None:
    hidden = factories.person(by=worker, restricted=True, first_name="Nia")
    other = factories.person(by=worker, first_name="Nia")
    for duplicate, survivor in ((hidden, other), (other, hidden)):
        with pytest.raises(PermissionDenied):
            merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    assert PersonMerge.objects.count() == 0


def test_merge_people_the_database_refuses_a_self_merge_too(pair: tuple[Person, Person]) -> None:
    duplicate, _ = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=duplicate.pk).update(merged_into=duplicate)


def test_unmerge_person_restores_the_record_and_audits_both(
    manager: User, pair: tuple[Person, Person]
) -> None:
    duplicate, survivor = pair
    merge = merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    other_manager = factories.user(Role.SERVICE_MANAGER)
    unmerge_person(person=duplicate, reason="Twins: different GP records", by=other_manager)
    duplicate.refresh_from_db()
    merge.refresh_from_db()
    assert duplicate.merged_into is None
    assert (merge.unmerged_by, merge.unmerge_reason) == (other_manager, "Twins: different GP records")
    assert merge.unmerged_at is not None
    events = AuditEvent.objects.filter(action="person.unmerged")
    assert {e.person_uuid for e in events} == {duplicate.uuid, survivor.uuid}
    assert all(e.changes["merged_into"] == [str(survivor.uuid), None] for e in events)
    assert record_ids(survivor) == [survivor.pk]
    # It can be merged again, and the history keeps both.
    merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    assert PersonMerge.objects.filter(duplicate=duplicate).count() == 2


def test_unmerge_person_refusals(worker: User, manager: User, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    with pytest.raises(ValidationError, match="has not been merged"):
        unmerge_person(person=duplicate, reason="Mistake", by=manager)
    merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    with pytest.raises(PermissionDenied):
        unmerge_person(person=duplicate, reason="Mistake", by=worker)
    with pytest.raises(ValidationError):
        unmerge_person(person=duplicate, reason="", by=manager)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert not AuditEvent.objects.filter(action="person.unmerged").exists()


# --- The pages --------------------------------------------------------------------------------------------


@pytest.fixture
def as_manager(manager: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(manager)


def test_merge_page_suggests_possible_duplicates(worker: User, as_manager: Client) -> None:
    survivor = factories.person(
        by=worker, first_name="John", last_name="Smith", date_of_birth=date(2015, 4, 12)
    )
    lookalike = factories.person(
        by=worker, first_name="Jon", last_name="Smyth", date_of_birth=date(2015, 4, 13)
    )
    factories.person(by=worker, first_name="Peter", last_name="Wilson", date_of_birth=date(2015, 4, 12))
    response = as_manager.get(f"/people/{survivor.uuid}/merge/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/people/{lookalike.uuid}/merge/?into={survivor.uuid}" in page
    assert "Peter Wilson" not in page
    assert f"/people/{survivor.uuid}/merge/?into={survivor.uuid}" not in page
    assert AuditEvent.objects.filter(action="person.listed", person_uuid=lookalike.uuid).exists()
    assert AuditEvent.objects.filter(action="person.viewed", person_uuid=survivor.uuid).exists()
    # And a search for any other record.
    page = as_manager.get(f"/people/{survivor.uuid}/merge/", {"name": "Peter Wilson"}).content.decode()
    assert "Peter Wilson" in page


def test_merge_confirm_page_compares_the_two_records_side_by_side(
    worker: User, as_manager: Client, pair: tuple[Person, Person]
) -> None:
    duplicate, survivor = pair
    actions.add_address(person=duplicate, line1="1 Canal Walk", postcode="B1 1AA", by=worker)
    response = as_manager.get(f"/people/{duplicate.uuid}/merge/", {"into": str(survivor.uuid)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Are these the same person?" in page
    assert page.count("govuk-summary-list__row") == 20
    assert "9434765919" in page and "B1 1AA" in page
    assert "Different" in page
    assert f"/people/{survivor.uuid}/merge/?into={duplicate.uuid}" in page  # keep the other one instead
    viewed = AuditEvent.objects.filter(action="person.viewed").values_list("person_uuid", flat=True)
    assert set(viewed) == {duplicate.uuid, survivor.uuid}


def test_merge_confirm_page_merges_with_a_reason(as_manager: Client, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    url = f"/people/{duplicate.uuid}/merge/"
    response = as_manager.post(url, {"into": str(survivor.uuid), "reason": ""})
    assert response.status_code == 200
    assert "Enter why these records are the same person" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    response = as_manager.post(url, {"into": str(survivor.uuid), "reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{survivor.uuid}/"
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    # The merged record's page now says so and offers un-merging.
    page = as_manager.get(url).content.decode()
    assert "has been merged" in page and f"/people/{duplicate.uuid}/unmerge/" in page


def test_merge_confirm_page_explains_why_records_cannot_be_merged(
    as_manager: Client, pair: tuple[Person, Person]
) -> None:
    duplicate, _ = pair
    response = as_manager.get(f"/people/{duplicate.uuid}/merge/", {"into": str(duplicate.uuid)})
    page = response.content.decode()
    assert "These records cannot be merged" in page
    assert "A record cannot be merged into itself" in page
    assert "Merge these records" not in page
    response = as_manager.post(
        f"/people/{duplicate.uuid}/merge/", {"into": str(duplicate.uuid), "reason": REASON}
    )
    assert response.status_code == 200
    assert not PersonMerge.objects.exists()


def test_merge_pages_answer_404_for_records_the_manager_may_not_see(
    worker: User, as_manager: Client, pair: tuple[Person, Person]
) -> None:
    duplicate, _ = pair
    hidden = factories.person(by=worker, restricted=True, first_name="Zephyrine")
    assert as_manager.get(f"/people/{hidden.uuid}/merge/").status_code == 404
    assert as_manager.get(f"/people/{duplicate.uuid}/merge/", {"into": str(hidden.uuid)}).status_code == 404
    assert as_manager.get(f"/people/{duplicate.uuid}/merge/", {"into": "not-a-uuid"}).status_code == 404
    response = as_manager.post(
        f"/people/{duplicate.uuid}/merge/", {"into": str(hidden.uuid), "reason": REASON}
    )
    assert response.status_code == 404
    assert as_manager.get(f"/people/{hidden.uuid}/unmerge/").status_code == 404
    assert not PersonMerge.objects.exists()


def test_merge_pages_refuse_practitioners(worker: User, client_for: Callable[[User], Client]) -> None:
    child = factories.person(by=worker)
    client = client_for(worker)
    assert client.get(f"/people/{child.uuid}/merge/").status_code == 403
    assert client.get(f"/people/{child.uuid}/unmerge/").status_code == 403


def test_merge_page_post_without_a_record_to_keep_says_so(
    as_manager: Client, pair: tuple[Person, Person]
) -> None:
    duplicate, _ = pair
    response = as_manager.post(f"/people/{duplicate.uuid}/merge/", {})
    assert response.status_code == 200
    assert "Choose the record to compare with" in response.content.decode()


def test_unmerge_page_undoes_a_merge(manager: User, as_manager: Client, pair: tuple[Person, Person]) -> None:
    duplicate, survivor = pair
    url = f"/people/{duplicate.uuid}/unmerge/"
    assert "nothing to un-merge" in as_manager.get(url).content.decode()
    assert as_manager.post(url, {"reason": "Mistake"}).status_code == 200  # not merged: nothing happens
    merge_people(duplicate=duplicate, survivor=survivor, reason=REASON, by=manager)
    page = as_manager.get(url).content.decode()
    assert REASON in page and "John Smith" in page
    response = as_manager.post(url, {"reason": ""})
    assert "Enter why these records are not the same person" in response.content.decode()
    response = as_manager.post(url, {"reason": "Twins: different GP records"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
