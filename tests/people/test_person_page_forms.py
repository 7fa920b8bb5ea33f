"""Changing a person's record from their page: names, identifiers, contact details, addresses, disabilities,
staff safety warnings and their details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import Address, ContactDetail, Disability, Identifier, Person, PersonName, Warning
from tests import factories

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def _date(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER)


@pytest.fixture
def child(worker: User) -> Person:
    return factories.person(by=worker)


def _post(client: Client, name: str, person: Person, data: dict[str, str]) -> object:
    return client.post(reverse(name, args=[person.uuid]), data)


def test_name_add_records_a_previous_name(client_for: ClientFor, worker: User, child: Person) -> None:
    response = _post(
        client_for(worker),
        "people:name_add",
        child,
        {
            "kind": "previous",
            "first_name": "Amara",
            "last_name": "Adeyemi",
            **_date("start_date", date(2015, 4, 12)),
            **_date("end_date", date(2017, 6, 1)),
        },
    )

    assert response.status_code == 302  # type: ignore[attr-defined]
    name = PersonName.objects.get()
    assert (name.kind, name.last_name, name.search_last, name.end_date) == (
        "previous",
        "Adeyemi",
        "adeyemi",
        date(2017, 6, 1),
    )
    assert AuditEvent.objects.filter(action="person_name.added").count() == 1


def test_identifier_add_records_and_tidies_an_identifier(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    client = client_for(worker)

    _post(client, "people:identifier_add", child, {"kind": "ni_number", "value": "qq 12 34 56 c"})
    response = _post(client, "people:identifier_add", child, {"kind": "ni_number", "value": "QQ123456C"})

    assert list(Identifier.objects.values_list("kind", "value")) == [("ni_number", "QQ123456C")]
    assert "This is already recorded" in response.content.decode()  # type: ignore[attr-defined]


def test_contact_detail_add_checks_the_kind_of_value(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    client = client_for(worker)

    bad_email = _post(client, "people:contact_detail_add", child, {"kind": "email", "value": "not-an-email"})
    bad_phone = _post(client, "people:contact_detail_add", child, {"kind": "mobile", "value": "call me"})
    good = _post(
        client,
        "people:contact_detail_add",
        child,
        {"kind": "mobile", "value": "07700 900982", "note": "Texts"},
    )

    assert "Enter an email address in the right format" in bad_email.content.decode()  # type: ignore[attr-defined]
    assert "Enter a phone number, like 0121 496 0000" in bad_phone.content.decode()  # type: ignore[attr-defined]
    assert good.status_code == 302  # type: ignore[attr-defined]
    assert list(ContactDetail.objects.values_list("value", "note")) == [("07700 900982", "Texts")]


def test_address_add_keeps_the_history_and_shows_it(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    actions.add_address(
        person=child, line1="14 Canal Walk", postcode="B11 1AA", start_date=date(2019, 5, 1), by=worker
    )
    client = client_for(worker)
    url = reverse("people:address_add", args=[child.uuid])

    assert "14 Canal Walk, B11 1AA" in client.get(url).content.decode()  # history on the form page
    response = client.post(
        url,
        {
            "line1": "27 Elm Road",
            "town": "Birmingham",
            "postcode": "b11 4rt",
            **_date("start_date", date(2023, 9, 4)),
        },
    )

    assert response.status_code == 302
    old, new = Address.objects.order_by("start_date")
    assert old.end_date == date(2023, 9, 3)
    assert (new.postcode, new.end_date) == ("B11 4RT", None)


def test_address_add_checks_the_postcode_and_uprn(client_for: ClientFor, worker: User, child: Person) -> None:
    response = _post(
        client_for(worker),
        "people:address_add",
        child,
        {"line1": "27 Elm Road", "postcode": "NOT A POSTCODE", "uprn": "12ab", **_date("start_date", None)},
    )

    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Enter a full UK postcode, like B11 1AA" in page
    assert "Enter a UPRN of up to 12 digits" in page
    assert not Address.objects.exists()


def test_disability_add_refuses_no_disability_beside_a_disability(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    client = client_for(worker)

    _post(client, "people:disability_add", child, {"code": "AUT", **_date("start_date", None)})
    response = _post(client, "people:disability_add", child, {"code": "NONE", **_date("start_date", None)})

    assert "&#x27;No disability&#x27; cannot be recorded alongside a disability" in response.content.decode()  # type: ignore[attr-defined]
    assert list(Disability.objects.values_list("code", flat=True)) == ["AUT"]


def test_warning_add_and_end(client_for: ClientFor, worker: User, child: Person) -> None:
    client = client_for(worker)
    review = date.today() + timedelta(days=90)

    added = _post(
        client,
        "people:warning_add",
        child,
        {"text": "Large dog at the property", **_date("review_date", review)},
    )
    warning = Warning.objects.get()
    end_page = client.get(reverse("people:warning_end", args=[child.uuid]))
    ended = _post(
        client,
        "people:warning_end",
        child,
        {"warning": str(warning.pk), "reason": "Dog rehomed (seen on visit)"},
    )

    assert added.status_code == 302  # type: ignore[attr-defined]
    assert end_page.context["form"].fields["warning"].initial == str(warning.pk)
    assert ended.status_code == 302  # type: ignore[attr-defined]
    warning.refresh_from_db()
    assert warning.ended_at is not None
    event = AuditEvent.objects.get(action="warning.ended")
    assert event.reason == "Dog rehomed (seen on visit)"
    assert (
        "kindred-warning-panel"
        not in client.get(reverse("people:detail", args=[child.uuid])).content.decode()
    )


def test_warning_add_refuses_a_review_date_in_the_past(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    response = _post(
        client_for(worker),
        "people:warning_add",
        child,
        {"text": "Large dog", **_date("review_date", date.today() - timedelta(days=1))},
    )

    assert "Review date must be today or in the future" in response.content.decode()  # type: ignore[attr-defined]
    assert not Warning.objects.exists()


def test_warning_end_only_ends_this_persons_warnings(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    other = factories.person(by=worker, first_name="Chidi")
    theirs = actions.add_warning(person=other, text="Not this one", review_date=date.today(), by=worker)
    actions.add_warning(person=child, text="This one", review_date=date.today(), by=worker)

    response = _post(
        client_for(worker), "people:warning_end", child, {"warning": str(theirs.pk), "reason": "No"}
    )

    assert "Select the warning from the list" in response.content.decode()  # type: ignore[attr-defined]
    theirs.refresh_from_db()
    assert theirs.ended_at is None


def test_warning_end_answers_404_when_there_is_no_warning(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    assert client_for(worker).get(reverse("people:warning_end", args=[child.uuid])).status_code == 404


def test_person_edit_shows_a_conflict_when_someone_else_changed_the_record(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    colleague = factories.user(Role.SOCIAL_WORKER)
    actions.update_person(person=child, version=1, by=colleague, first_language="Yoruba")
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        **_date("date_of_birth", date(2015, 4, 12)),
        **_date("expected_date_of_birth", None),
        **_date("date_of_death", None),
        "sex": "F",
        "ethnicity": "BAFR",
        "first_language": "English",
        "version": "1",
    }

    response = client_for(worker).post(reverse("people:edit", args=[child.uuid]), data)

    assert response.status_code == 409
    assert "Someone else changed this while you were working on it" in response.content.decode()
    child.refresh_from_db()
    assert child.first_language == "Yoruba"


def test_record_forms_are_refused_for_a_merged_record(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    duplicate = factories.person(by=worker, first_name="Amarah")
    Person.objects.filter(pk=duplicate.pk).update(merged_into=child)

    for name in ("people:name_add", "people:address_add", "people:warning_add", "people:relationship_add"):
        assert client_for(worker).get(reverse(name, args=[duplicate.uuid])).status_code == 403


def test_record_forms_answer_404_for_a_restricted_record(client_for: ClientFor, worker: User) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    hidden = factories.person(by=manager, restricted=True)

    for name in ("people:name_add", "people:identifier_add", "people:relationship_add_new"):
        assert client_for(worker).get(reverse(name, args=[hidden.uuid])).status_code == 404
        assert client_for(manager).get(reverse(name, args=[hidden.uuid])).status_code == 200


def test_person_create_shows_possible_matches_before_making_a_duplicate(
    client_for: Callable[[User], Client],
) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    existing = factories.person(
        by=worker, first_name="Malachi", last_name="Edwards", date_of_birth=date(2015, 1, 6), sex="M"
    )
    client = client_for(worker)
    typed = {
        "first_name": "Malakai",
        "last_name": "Edwards",
        "date_of_birth_0": "6",
        "date_of_birth_1": "1",
        "date_of_birth_2": "2015",
        "sex": "M",
        "ethnicity": "NOBT",
    }
    before = Person.objects.count()

    first = client.post("/people/new/", typed)
    assert first.status_code == 200
    page = first.content.decode()
    assert "may already have a record" in page
    assert f"/people/{existing.uuid}/" in page
    assert Person.objects.count() == before  # nothing saved until the practitioner decides

    confirmed = client.post("/people/new/", {**typed, "confirmed_new": "1"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == before + 1


def test_person_create_with_no_likely_match_saves_at_once(client_for: Callable[[User], Client]) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    response = client_for(worker).post(
        "/people/new/",
        {
            "first_name": "Zephyrine",
            "last_name": "Quortley",
            "date_of_birth_0": "2",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2019",
            "sex": "F",
            "ethnicity": "NOBT",
        },
    )
    assert response.status_code == 302
