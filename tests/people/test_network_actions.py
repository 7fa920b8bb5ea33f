from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.people import actions
from tests import factories

pytestmark = pytest.mark.django_db


def test_add_relationship_is_audited_on_both_people() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(
        from_person=mum,
        to_person=child,
        kind="parent",
        by=worker,
        parental_responsibility=True,
        lives_with=True,
    )
    assert rel.parental_responsibility
    events = AuditEvent.objects.filter(action="relationship.added")
    assert {e.person_uuid for e in events} == {child.uuid, mum.uuid}


def test_add_relationship_refuses_a_duplicate_and_a_self_relationship() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    a = factories.person(by=worker)
    b = factories.person(by=worker, first_name="Chidi")
    actions.add_relationship(from_person=a, to_person=b, kind="sibling", by=worker)
    with pytest.raises(ValidationError):
        actions.add_relationship(from_person=b, to_person=a, kind="sibling", by=worker)
    with pytest.raises(ValidationError):
        actions.add_relationship(from_person=a, to_person=a, kind="friend", by=worker)


def test_add_address_ends_the_previous_address_the_day_before() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    first = actions.add_address(
        person=child, line1="1 Canal Walk", postcode="b11aa", start_date=date(2020, 1, 1), by=worker
    )
    actions.add_address(
        person=child, line1="9 Elm Road", postcode="B12 9ZZ", start_date=date(2024, 5, 1), by=worker
    )
    first.refresh_from_db()
    assert first.end_date == date(2024, 4, 30)
    assert first.postcode == "B1 1AA"


def test_no_disability_cannot_be_combined_with_a_disability() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    actions.record_disability(person=child, code="AUT", by=worker)
    with pytest.raises(ValidationError):
        actions.record_disability(person=child, code="NONE", by=worker)


def test_warning_review_date_cannot_be_in_the_past() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    with pytest.raises(ValidationError):
        actions.add_warning(
            person=child, text="Dog at property", review_date=date.today() - timedelta(days=1), by=worker
        )
    warning = actions.add_warning(person=child, text="Dog at property", review_date=date.today(), by=worker)
    assert warning.pk


def test_add_relationship_refuses_parental_responsibility_for_a_professional_or_foster_carer() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    teacher = factories.person(by=worker, first_name="Laura", last_name="Pemberton")
    carer = factories.person(by=worker, first_name="Janet", last_name="Hollis")
    for adult, kind in ((teacher, "teacher"), (carer, "foster_carer")):
        with pytest.raises(ValidationError, match="parental responsibility"):
            actions.add_relationship(
                from_person=adult, to_person=child, kind=kind, by=worker, parental_responsibility=True
            )
    guardian = actions.add_relationship(
        from_person=carer, to_person=child, kind="special_guardian", by=worker, parental_responsibility=True
    )
    assert guardian.parental_responsibility


def test_death_before_birth_is_refused_in_plain_words() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError) as refused:
        factories.person(by=worker, date_of_birth=date(2015, 4, 12), date_of_death=date(2014, 1, 1))
    assert refused.value.message_dict["date_of_death"] == [
        "Date of death must be on or after the date of birth"
    ]


def test_an_unborn_baby_without_a_first_name_is_called_unborn_baby_and_the_surname() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    baby = factories.person(
        by=worker,
        first_name="",
        last_name="Hollis",
        date_of_birth=None,
        expected_date_of_birth=date.today() + timedelta(days=60),
        sex="U",
    )
    assert baby.full_name == "Unborn baby Hollis"
