"""The "Find a person" page: the form, free text from the home page, results, audit and query budget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.merging import merge_people
from kindred.people.models import Person
from tests import factories
from tests.conftest import https_client

pytestmark = pytest.mark.django_db

NHS = "9434765919"
URL = "/people/"


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER)


@pytest.fixture
def as_worker(worker: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(worker)


def dob_params(day: int, month: int, year: int) -> dict[str, str]:
    return {"date_of_birth_0": str(day), "date_of_birth_1": str(month), "date_of_birth_2": str(year)}


def test_search_page_first_visit_shows_the_form_and_audits_nothing(as_worker: Client) -> None:
    response = as_worker.get(URL)
    assert response.status_code == 200
    assert b"Find a person" in response.content
    assert b'name="date_of_birth_0"' in response.content
    assert b"There is a problem" not in response.content
    assert not AuditEvent.objects.filter(action="person.searched").exists()


def test_search_by_name_and_date_of_birth_shows_scores_and_reasons(worker: User, as_worker: Client) -> None:
    child = factories.person(by=worker, first_name="Amara", last_name="Okafor", nhs_number=NHS)
    actions.add_address(person=child, line1="1 Canal Walk", postcode="b11aa", by=worker)
    factories.person(by=worker, first_name="Peter", last_name="Wilson")
    response = as_worker.get(URL, {"name": "Amara Okafur", **dob_params(12, 4, 2015)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 person found" in page
    assert f'href="/people/{child.uuid}/"' in page
    assert "Last name sounds the same as &#x27;Okafur&#x27;" in page
    assert "Date of birth matches exactly" in page
    assert "B1 1AA" in page
    assert "Peter Wilson" not in page


def test_search_with_a_date_of_birth_also_finds_a_record_made_without_one(
    worker: User, as_worker: Client
) -> None:
    dated = factories.person(by=worker, first_name="Amara", last_name="Okafor")
    undated = factories.person(by=worker, first_name="Amarah", last_name="Okafor", date_of_birth=None)
    factories.person(by=worker, first_name="Peter", last_name="Wilson", date_of_birth=None)
    page = as_worker.get(URL, {"name": "Amara Okafor", **dob_params(12, 4, 2015)}).content.decode()
    assert f'href="/people/{dated.uuid}/"' in page
    assert f'href="/people/{undated.uuid}/"' in page
    assert "No date of birth recorded" in page
    assert "Peter Wilson" not in page


def test_search_reads_free_text_from_the_home_page(worker: User, as_worker: Client) -> None:
    child = factories.person(by=worker, first_name="Amara", last_name="Okafor", nhs_number=NHS)
    for text in ("Amara Okafor 12/04/2015", "okafor 12 april 2015", "943 476 5919", "Okafor"):
        response = as_worker.get(URL, {"q": text})
        assert response.status_code == 200, text
        assert f'href="/people/{child.uuid}/"' in response.content.decode(), text
    # The form shows how the text was read.
    response = as_worker.get(URL, {"q": "Amara Okafor 12/04/2015"})
    assert b'value="Amara Okafor"' in response.content
    assert b'value="2015"' in response.content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Enter a name, a date of birth, or an NHS number, UPN or other reference"),
        ({"q": "31/02/2015"}, "Date of birth must be a real date"),
        ({"q": "Okafor 12/4/15"}, "Date of birth must be a real date, like 27 3 2019"),
        ({"name": "Amara2"}, "Enter the name without numbers"),
        ({"name": "A"}, "Enter at least 2 letters of a name"),
        ({"name": "<script>"}, "Name must only include letters, spaces, hyphens and apostrophes"),
        ({"name": "", **dob_params(12, 4, 2999)}, "Date of birth must be today or in the past"),
        (
            {"name": "", "date_of_birth_0": "12", "date_of_birth_2": "2015"},
            "Date of birth must include a month",
        ),
        ({"reference": "x" * 51}, "Reference must be 50 characters or fewer"),
        ({"reference": "---"}, "Enter a reference using letters and numbers"),
        ({"q": "a" * 400}, "Name must be 200 characters or fewer"),
    ],
)
def test_search_bad_input_shows_the_error_summary(
    as_worker: Client, params: dict[str, str], message: str
) -> None:
    response = as_worker.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not AuditEvent.objects.filter(action="person.searched").exists()


@given(text=st.text(max_size=120), name=st.text(max_size=60), reference=st.text(max_size=60))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_never_fails_whatever_is_typed(
    as_worker: Client, text: str, name: str, reference: str
) -> None:
    text, name, reference = (v.replace("\x00", "") for v in (text, name, reference))
    assert as_worker.get(URL, {"q": text}).status_code == 200
    assert (
        as_worker.get(URL, {"name": name, "reference": reference, **dob_params(1, 2, 2010)}).status_code
        == 200
    )


def test_search_is_audited_once_plus_once_per_person_shown(worker: User, as_worker: Client) -> None:
    shown = [
        factories.person(by=worker, first_name="Amara", last_name="Okafor", date_of_birth=date(2015, 4, d))
        for d in (11, 12, 13)
    ]
    as_worker.get(URL, {"name": "Amara Okafor", **dob_params(12, 4, 2015)})
    searched = AuditEvent.objects.get(action="person.searched")
    assert searched.actor_id == worker.pk
    assert searched.changes["terms"] == {"name": "Amara Okafor", "date_of_birth": "2015-04-12"}
    assert searched.changes["results"] == 3
    listed = AuditEvent.objects.filter(action="person.listed")
    assert {e.person_uuid for e in listed} == {p.uuid for p in shown}
    # One call to record_many: one time, one request, consecutive in the chain.
    events = [searched, *listed]
    assert len({e.at for e in events}) == 1
    assert len({e.request_id for e in events}) == 1
    assert sorted(e.seq for e in events) == list(range(searched.seq, searched.seq + 4))


def test_search_never_shows_or_counts_a_restricted_record_to_someone_not_named(
    worker: User, as_worker: Client
) -> None:
    owner = factories.user(Role.SOCIAL_WORKER)
    factories.person(by=worker, first_name="Amara", last_name="Okafor")
    hidden = factories.person(
        by=owner, restricted=True, first_name="Zephyrine", last_name="Okafor", nhs_number=NHS
    )
    for params, heading in (
        ({"name": "Okafor", **dob_params(12, 4, 2015)}, "1 person found"),
        ({"name": "Zephyrine"}, "No one found"),
        ({"reference": NHS}, "No one found"),
    ):
        page = as_worker.get(URL, params).content.decode()
        assert heading in page, params
        assert str(hidden.uuid) not in page
        assert "Restricted record" not in page
    assert not AuditEvent.objects.filter(action="person.listed", person_uuid=hidden.uuid).exists()
    searched = AuditEvent.objects.filter(action="person.searched").last()
    assert searched is not None and searched.changes["results"] == 0
    # Someone named on it finds it, marked as restricted.
    page = https_client()
    page.force_login(owner)
    content = page.get(URL, {"reference": NHS}).content.decode()
    assert str(hidden.uuid) in content and "Restricted record" in content


def test_search_shows_the_survivor_of_a_merge_not_the_merged_record(worker: User, as_worker: Client) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    survivor = factories.person(by=worker, first_name="John", last_name="Smith")
    duplicate = factories.person(by=worker, first_name="Jon", last_name="Smyth", nhs_number=NHS)
    merge_people(duplicate=duplicate, survivor=survivor, reason="Same child", by=manager)
    page = as_worker.get(URL, {"reference": NHS}).content.decode()
    assert str(survivor.uuid) in page
    assert str(duplicate.uuid) not in page
    assert "Found through a record merged into this one: Jon Smyth" in page


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.PARTNER, Role.ADMINISTRATOR])
def test_search_refuses_roles_that_may_not_view_people(
    role: Role, client_for: Callable[[User], Client]
) -> None:
    assert client_for(factories.user(role)).get(URL, {"q": "Okafor"}).status_code == 403
    assert not AuditEvent.objects.filter(action="person.searched").exists()


def test_search_offers_possible_duplicates_to_managers_only(
    worker: User, as_worker: Client, client_for: Callable[[User], Client]
) -> None:
    child = factories.person(by=worker)
    params = {"q": "Amara Okafor"}
    assert f"/people/{child.uuid}/merge/".encode() not in as_worker.get(URL, params).content
    manager = client_for(factories.user(Role.TEAM_MANAGER))
    assert f"/people/{child.uuid}/merge/".encode() in manager.get(URL, params).content


def _count_queries(client: Client, params: dict[str, str], expected_results: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["outcome"].matches) == expected_results
    return len(ctx.captured_queries)


def test_search_page_makes_a_fixed_number_of_queries(
    worker: User, as_worker: Client, django_assert_max_num_queries: Any
) -> None:
    params = {"name": "Amara Okafor", "reference": "LA-1", **dob_params(12, 4, 2015)}
    first = factories.person(by=worker)
    actions.add_other_name(person=first, kind="alias", first_name="Mia", last_name="", by=worker)
    as_worker.get(URL, params)  # the session settles on the first request
    one = _count_queries(as_worker, params, 1)
    for i in range(24):
        child = factories.person(by=worker, date_of_birth=date(2015, 4, 12), nhs_number="")
        actions.add_address(person=child, line1=f"{i} Canal Walk", postcode="B1 1AA", by=worker)
        actions.add_other_name(person=child, kind="alias", first_name="Mia", last_name="", by=worker)
        actions.add_identifier(person=child, kind="la_child_id", value=f"LA-{i}", by=worker)
    many = _count_queries(as_worker, params, 25)
    assert one == many
    with django_assert_max_num_queries(16):
        as_worker.get(URL, params)


def test_search_name_only_makes_a_fixed_number_of_queries(
    worker: User, as_worker: Client, django_assert_max_num_queries: Any
) -> None:
    params = {"q": "Okafor"}
    factories.person(by=worker)
    as_worker.get(URL, params)
    one = _count_queries(as_worker, params, 1)
    Person.objects.bulk_create(
        [
            Person(first_name="Amara", last_name="Okafor", search_first="amara", search_last="okafor")
            for _ in range(30)
        ]
    )
    many = _count_queries(as_worker, params, 31)
    assert one == many
    with django_assert_max_num_queries(16):
        as_worker.get(URL, params)
