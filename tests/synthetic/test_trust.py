"""The synthetic trust in a database: built through the actions, audited, deterministic.

One small trust (40 children) is built once for this module, inside a transaction that is rolled back at the
end; each test runs in its own savepoint within it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from kindred.access.models import RestrictedAccess
from kindred.audit.models import AuditEvent
from kindred.audit.verify import verify_chain
from kindred.organisation.models import User
from kindred.people.models import Person, Relationship
from kindred.people.validators import is_valid_nhs_number, is_valid_upn
from kindred.synthetic.models import SyntheticStep
from kindred.synthetic.people import PeopleManifest
from kindred.synthetic.people_plan import PARENT_OR_CARER_KINDS
from kindred.synthetic.trust import SyntheticTrust, build_trust, people_digest

REFERENCE = date(2026, 3, 31)
# The casework is built and tested in test_casework_synthetic.py; these tests stop before it.
STEPS = ("people", "frontdoor")
CHILDREN = 40


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[SyntheticTrust]:
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_trust(seed=2026, children=CHILDREN, reference_date=REFERENCE, steps=STEPS)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def people(built: SyntheticTrust, db: None) -> PeopleManifest:
    assert built.people is not None
    return built.people


def test_build_trust_same_seed_gives_the_same_people(people: PeopleManifest) -> None:
    from kindred.synthetic.frontdoor import delete_front_door

    first = people_digest()
    delete_front_door()  # its contacts and referrals protect the people they are about
    Person.objects.all().delete()
    SyntheticStep.objects.all().delete()
    rebuilt = build_trust(seed=2026, children=CHILDREN, reference_date=REFERENCE, steps=STEPS)
    assert rebuilt.loaded == ["people", "frontdoor"]
    assert people_digest() == first


def test_built_trust_has_the_children_asked_for_each_with_a_parent_or_carer(people: PeopleManifest) -> None:
    assert len(people.children) == CHILDREN
    children = Person.objects.filter(uuid__in=people.children)
    assert children.count() == CHILDREN
    cared_for = set(
        Relationship.objects.filter(to_person__in=children, kind__in=PARENT_OR_CARER_KINDS).values_list(
            "to_person__uuid", flat=True
        )
    )
    assert cared_for == set(people.children)
    for unborn in Person.objects.filter(uuid__in=people.unborn):
        assert unborn.is_unborn and unborn.sex == "U"


def test_built_trust_identifiers_are_valid_test_numbers(people: PeopleManifest) -> None:
    nhs = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    upns = list(Person.objects.exclude(upn="").values_list("upn", flat=True))
    assert nhs and upns
    assert all(n.startswith("999") and is_valid_nhs_number(n) for n in nhs)
    assert all(is_valid_upn(u) for u in upns)


def test_built_trust_known_duplicates_exist_unmerged_with_a_misspelling(people: PeopleManifest) -> None:
    assert len(people.duplicates) == 2  # 5% of 40
    for known in people.duplicates:
        original = Person.objects.get(uuid=known.original)
        duplicate = Person.objects.get(uuid=known.duplicate)
        assert getattr(original, known.field) == known.original_name
        assert getattr(duplicate, known.field) == known.duplicate_name != known.original_name
        assert duplicate.date_of_birth != original.date_of_birth
        assert (
            duplicate.nhs_number == ""
            and original.merged_into_id is None
            and duplicate.merged_into_id is None
        )
        creators = AuditEvent.objects.filter(
            action="person.created", person_uuid__in=[original.uuid, duplicate.uuid]
        )
        assert len(set(creators.values_list("actor", flat=True))) == 2  # recorded by two different workers


def test_built_trust_restricted_records_are_named_to_a_worker(people: PeopleManifest) -> None:
    assert people.restricted
    for ident, username in people.restricted.items():
        person = Person.objects.get(uuid=ident)
        assert person.restricted
        assert list(
            RestrictedAccess.objects.filter(person=person).values_list("user__username", flat=True)
        ) == [username]
        worker = User.objects.get(username=username)
        someone_else = User.objects.exclude(username=username).get(username="frontdoor")
        assert Person.objects.visible_to(worker).filter(pk=person.pk).exists()
        assert not Person.objects.visible_to(someone_else).filter(pk=person.pk).exists()


def test_built_trust_was_recorded_through_the_actions(people: PeopleManifest) -> None:
    created = set(AuditEvent.objects.filter(action="person.created").values_list("person_uuid", flat=True))
    assert set(Person.objects.values_list("uuid", flat=True)) <= created
    added = AuditEvent.objects.filter(action="relationship.added").count()
    assert added == 2 * Relationship.objects.count() == 2 * people.relationships
    actors = set(AuditEvent.objects.filter(action="person.created").values_list("actor", flat=True))
    assert "" not in actors and len(actors) >= 3
    checked, problem = verify_chain()
    assert problem is None and checked >= AuditEvent.objects.count()


def test_every_known_duplicate_is_found_by_searching_from_the_original(people: PeopleManifest) -> None:
    """The duplicates are there for search to find: searching with the original record's name and date of
    birth, as a practitioner would, shows the duplicate (typo, transliteration, wrong or missing date)."""
    from kindred.people.matching import find_people, query_for_person

    manager = User.objects.get(username="teammanager")
    assert people.duplicates
    for known in people.duplicates:
        original = Person.objects.get(uuid=known.original)
        found = {m.person.uuid for m in find_people(manager, query_for_person(original)).matches}
        assert known.duplicate in found, (known, original)
