"""find_people: blocking against the database, visibility, merged records and the query budget."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.access.models import RestrictedAccess
from kindred.access.roles import Role
from kindred.people import actions
from kindred.people.matching import PersonQuery, block_queryset, find_people
from kindred.people.models import Person
from kindred.people.validators import nhs_number_check_digit, upn_check_letter
from tests import factories

pytestmark = pytest.mark.django_db

DOB = date(2015, 4, 12)


def nhs_number(seed: int) -> str:
    """A valid synthetic NHS number."""
    while True:
        first_nine = f"{seed:09d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        seed += 1


def upn(seed: int) -> str:
    twelve = f"{seed:012d}"
    return upn_check_letter(twelve) + twelve


def found(user: Any, **query: Any) -> dict[str, Any]:
    """{full name: match} for a search."""
    outcome = find_people(user, PersonQuery(**query))
    return {m.person.full_name: m for m in outcome.matches}


@pytest.fixture
def worker() -> Any:
    return factories.user(Role.SOCIAL_WORKER)


def test_find_people_tolerates_date_of_birth_errors(worker: Any) -> None:
    for first, dob in [
        ("Exact", DOB),
        ("Dayout", date(2015, 4, 13)),
        ("Swapped", date(2015, 12, 4)),
        ("Yeardigit", date(2016, 4, 12)),
        ("Different", date(2015, 6, 1)),
    ]:
        factories.person(by=worker, first_name=first, last_name="Okafor", date_of_birth=dob)
    results = found(worker, last_name="Okafor", date_of_birth=DOB)
    assert set(results) == {"Exact Okafor", "Dayout Okafor", "Swapped Okafor", "Yeardigit Okafor"}
    assert results["Exact Okafor"].score > results["Dayout Okafor"].score > results["Yeardigit Okafor"].score


@pytest.mark.parametrize(
    ("searched", "recorded"),
    [("Mohammed", "Muhammad"), ("Mohamed", "Mohammad"), ("Jon", "John"), ("Jon", "Jonathan")],
)
def test_find_people_name_variants_with_a_date_of_birth(worker: Any, searched: str, recorded: str) -> None:
    factories.person(by=worker, first_name=recorded, last_name="Khan", date_of_birth=DOB)
    results = found(worker, first_name=searched, last_name="Khan", date_of_birth=DOB)
    assert f"First name is a known variant of '{searched}'" in results[f"{recorded} Khan"].reasons


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Jon", "Okafur", "John Okafor"),  # a variant, and a last name that sounds the same
        ("Muhammad", "Okafor", "Mohammed Okafor"),
        ("Amara", "Okafo", "Amara Okafor"),
        ("Amara", "Okaf", "Amara Okafor"),  # the start of the last name
        ("Okafor", "Amara", "Amara Okafor"),  # the other way round
        ("Amara", "Ofakor", "Amara Okafor"),  # an early typo in the last name: found through the first name
        ("Amra", "Okafor", "Amara Okafor"),  # an early typo in the first name: found through the last name
    ],
)
def test_find_people_name_only_blocks_on_stored_keys(
    worker: Any, first: str, last: str, expected: str
) -> None:
    factories.person(by=worker, first_name="Amara", last_name="Okafor")
    factories.person(by=worker, first_name="John", last_name="Okafor", date_of_birth=date(2012, 1, 5))
    factories.person(by=worker, first_name="Mohammed", last_name="Okafor", date_of_birth=date(2010, 2, 7))
    factories.person(by=worker, first_name="Peter", last_name="Wilson")
    outcome = find_people(worker, PersonQuery(first_name=first, last_name=last))
    assert outcome.matches[0].person.full_name == expected
    assert "Peter Wilson" not in {m.person.full_name for m in outcome.matches}
    assert outcome.candidates < 4  # blocked: Peter Wilson was never fetched


def test_find_people_one_name_on_its_own(worker: Any) -> None:
    factories.person(by=worker, first_name="Amara", last_name="Okafor")
    factories.person(by=worker, first_name="Okafor", last_name="Bello", date_of_birth=date(1990, 1, 1))
    assert set(found(worker, either_name="okafor")) == {"Amara Okafor", "Okafor Bello"}


def test_find_people_finds_other_names(worker: Any) -> None:
    child = factories.person(by=worker, first_name="Amara", last_name="Okafor")
    actions.add_other_name(person=child, kind="previous", first_name="", last_name="Bello", by=worker)
    by_name = found(worker, first_name="Amara", last_name="Bello")
    assert "Matched on their previous name: Bello" in by_name["Amara Okafor"].reasons
    with_dob = found(worker, first_name="Amara", last_name="Bello", date_of_birth=DOB)
    assert with_dob["Amara Okafor"].score >= 95


def test_find_people_identifiers_match_exactly(worker: Any) -> None:
    nhs, pupil, former = nhs_number(943476591), upn(201123456789), upn(201123456790)
    factories.person(by=worker, first_name="Nhs", nhs_number=nhs)
    factories.person(
        by=worker, first_name="Pupil", upn=pupil, former_upn=former, date_of_birth=date(2014, 1, 1)
    )
    other = factories.person(by=worker, first_name="Other", date_of_birth=date(2013, 1, 1))
    actions.add_identifier(person=other, kind="la_child_id", value="LA-12345", by=worker)
    assert found(worker, nhs_number=nhs)["Nhs Okafor"].reasons == ("NHS number matches",)
    assert found(worker, upn=pupil)["Pupil Okafor"].reasons == ("UPN matches",)
    assert found(worker, upn=former)["Pupil Okafor"].reasons == ("Former UPN matches",)
    assert found(worker, reference="la 12345")["Other Okafor"].reasons == ("LA child ID matches",)
    assert not found(worker, nhs_number=nhs_number(400000000))
    assert not found(worker, reference="LA-1234")


def test_find_people_identifier_finds_someone_whose_date_of_birth_is_wrong(worker: Any) -> None:
    nhs = nhs_number(943476591)
    factories.person(by=worker, first_name="Amara", nhs_number=nhs, date_of_birth=date(2011, 9, 30))
    results = found(worker, first_name="Amara", last_name="Okafor", date_of_birth=DOB, nhs_number=nhs)
    assert "NHS number matches" in results["Amara Okafor"].reasons
    assert "Date of birth is different" in results["Amara Okafor"].reasons


def test_find_people_never_finds_a_restricted_record_for_someone_not_named(worker: Any) -> None:
    owner = factories.user(Role.SOCIAL_WORKER)
    nhs = nhs_number(943476591)
    hidden = factories.person(by=owner, restricted=True, first_name="Amara", nhs_number=nhs)
    for query in (
        PersonQuery(first_name="Amara", last_name="Okafor", date_of_birth=DOB),
        PersonQuery(first_name="Amara", last_name="Okafor"),
        PersonQuery(nhs_number=nhs),
    ):
        outcome = find_people(worker, query)
        assert outcome.matches == []
        assert (outcome.total, outcome.candidates) == (0, 0)
        # The person who recorded it is named on it, and finds it.
        assert [m.person for m in find_people(owner, query).matches] == [hidden]
    RestrictedAccess.objects.create(person=hidden, user=worker, granted_by=owner)
    assert [m.person for m in find_people(worker, PersonQuery(nhs_number=nhs)).matches] == [hidden]


def test_find_people_shows_the_survivor_of_a_merge_not_the_merged_record(worker: Any) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    nhs = nhs_number(943476591)
    survivor = factories.person(by=worker, first_name="John", last_name="Smith")
    duplicate = factories.person(by=worker, first_name="Jon", last_name="Smyth", nhs_number=nhs)
    from kindred.people.merging import merge_people

    merge_people(
        duplicate=duplicate, survivor=survivor, reason="Same child: same school and address", by=manager
    )
    for query in (
        PersonQuery(first_name="Jon", last_name="Smyth", date_of_birth=DOB),
        PersonQuery(first_name="Jon", last_name="Smyth"),
        PersonQuery(nhs_number=nhs),
    ):
        matches = find_people(worker, query).matches
        assert [m.person for m in matches] == [survivor], query
        assert "Found through a record merged into this one: Jon Smyth" in matches[0].reasons


def test_find_people_does_not_find_a_survivor_the_user_may_not_see(worker: Any) -> None:
    owner = factories.user(Role.SOCIAL_WORKER)
    manager = factories.user(Role.TEAM_MANAGER)
    survivor = factories.person(by=owner, first_name="Amara")
    duplicate = factories.person(by=worker, first_name="Amarah")
    from kindred.people.merging import merge_people

    merge_people(duplicate=duplicate, survivor=survivor, reason="Same child", by=manager)
    # Only the survivor restricted (as a record restricted before restriction covered merged records would
    # be): a match on the open duplicate must still not lead to the hidden survivor.
    Person.objects.filter(pk=survivor.pk).update(restricted=True)
    RestrictedAccess.objects.create(person=survivor, user=manager, granted_by=owner)
    assert (
        find_people(worker, PersonQuery(first_name="Amarah", last_name="Okafor", date_of_birth=DOB)).total
        == 0
    )


def test_find_people_caps_a_broad_name_only_search(worker: Any) -> None:
    for i in range(6):
        factories.person(
            by=worker, first_name="Amara", last_name="Okafor", date_of_birth=date(2010, 1, i + 1)
        )
    outcome = find_people(worker, PersonQuery(either_name="Okafor"), cap=4)
    assert outcome.capped
    assert outcome.candidates == 4
    assert not find_people(worker, PersonQuery(either_name="Okafor")).capped


def test_find_people_date_of_birth_block_leaves_out_names_like_nothing_searched_for(worker: Any) -> None:
    """Born the same day but named nothing like the search: could score 40 at most, so never fetched."""
    for i in range(6):
        factories.person(by=worker, first_name="Peter", last_name=f"Wilson{'e' * i}", date_of_birth=DOB)
    target = factories.person(
        by=worker, first_name="Amara", last_name="Okafur", date_of_birth=date(2015, 4, 13)
    )
    outcome = find_people(worker, PersonQuery(first_name="Amara", last_name="Okafor", date_of_birth=DOB))
    assert outcome.candidates == 1
    assert [m.person for m in outcome.matches] == [target]
    # A date of birth on its own still finds everyone born then.
    assert find_people(worker, PersonQuery(date_of_birth=DOB)).total == 7


def test_find_people_cap_keeps_the_records_most_like_the_search(worker: Any) -> None:
    """When more records are in the block than are scored, those least like the search are left out."""
    for i in range(6):  # the same initials as the search, and born that day: in the block, ranked low
        factories.person(by=worker, first_name="Anne", last_name=f"Oliver{'e' * i}", date_of_birth=DOB)
    target = factories.person(
        by=worker, first_name="Amara", last_name="Okafur", date_of_birth=date(2015, 4, 13)
    )
    outcome = find_people(
        worker, PersonQuery(first_name="Amara", last_name="Okafor", date_of_birth=DOB), cap=3
    )
    assert outcome.capped
    assert outcome.matches[0].person == target


def test_find_people_excludes_and_limits(worker: Any) -> None:
    people = [
        factories.person(
            by=worker, first_name="Amara", last_name="Okafor", date_of_birth=date(2010, 1, i + 1)
        )
        for i in range(3)
    ]
    outcome = find_people(worker, PersonQuery(either_name="Okafor"), exclude={people[0].pk}, limit=1)
    assert outcome.total == 2
    assert len(outcome.matches) == 1
    assert outcome.matches[0].person != people[0]


def test_find_people_shows_the_current_postcode(worker: Any) -> None:
    child = factories.person(by=worker)
    actions.add_address(
        person=child, line1="1 Canal Walk", postcode="B1 1AA", start_date=date(2019, 1, 1), by=worker
    )
    actions.add_address(
        person=child, line1="9 Elm Road", postcode="B12 9ZZ", start_date=date(2024, 5, 1), by=worker
    )
    assert found(worker, last_name="Okafor", date_of_birth=DOB)["Amara Okafor"].postcode == "B12 9ZZ"


def test_find_people_query_count_does_not_grow_with_results(worker: Any) -> None:
    def queries(n: int) -> int:
        Person.objects.all().delete()
        for i in range(n):
            child = factories.person(
                by=worker, first_name=f"Amara{'a' * i}", nhs_number=nhs_number(100000000 + i * 7)
            )
            actions.add_address(person=child, line1="1 Canal Walk", postcode="B1 1AA", by=worker)
            actions.add_other_name(person=child, kind="alias", first_name="Mia", last_name="", by=worker)
        with CaptureQueriesContext(connection) as ctx:
            outcome = find_people(
                worker,
                PersonQuery(first_name="Amara", last_name="Okafor", date_of_birth=DOB, reference="LA1"),
            )
        assert outcome.total == n
        return len(ctx.captured_queries)

    assert queries(1) == queries(12) <= 6


@pytest.mark.parametrize(
    "query",
    [
        PersonQuery(first_name="Amara", last_name="Okafor"),
        PersonQuery(either_name="Okafor"),
        PersonQuery(last_name="Okafor"),
        PersonQuery(first_name="Amara", last_name="Okafor", date_of_birth=DOB),
        PersonQuery(nhs_number="9434765919", upn="A201123456789", reference="LA-1", date_of_birth=DOB),
        PersonQuery(first_name="Amara", last_name="Okafor", reference="LA-1"),
    ],
    ids=[
        "first and last",
        "one name",
        "last name",
        "with date of birth",
        "identifiers",
        "name and reference",
    ],
)
def test_block_queryset_uses_indexes_never_a_table_scan(worker: Any, query: PersonQuery) -> None:
    """Every condition of every block has an index: a search never reads the whole person table."""
    queryset = block_queryset(worker, query, identifier_ids=[3], alias_ids=[1, 2])
    if connection.vendor == "sqlite":
        plan = queryset.explain()
        assert "people_person" in plan
        assert not [line for line in plan.splitlines() if "SCAN people_person" in line], plan
    else:
        # The planner prefers a sequential scan of a small table; forbid it, to see whether it must.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        assert "Seq Scan on people_person" not in plan, plan
