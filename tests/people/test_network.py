"""The network read model and the ecomap (kindred.people.network)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kindred.access.roles import Role
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import Person, Relationship
from kindred.people.network import (
    RESTRICTED_NAME,
    Group,
    ecomap,
    in_sentence,
    network_of,
    relationship_label,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _person(by: User, first: str, sex: str = "U", **fields: object) -> Person:
    fields.setdefault("date_of_birth", date(1990, 1, 1))
    return factories.person(by=by, first_name=first, last_name="Okafor", sex=sex, **fields)


# --- Labels, read from the right end ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "other_is_from", "sex", "expected"),
    [
        ("parent", True, "F", "Mother"),
        ("parent", True, "M", "Father"),
        ("parent", True, "U", "Parent"),
        ("parent", False, "F", "Daughter"),
        ("parent", False, "M", "Son"),
        ("parent", False, "U", "Child"),
        ("sibling", False, "M", "Brother"),
        ("sibling", True, "F", "Sister"),
        ("half_sibling", True, "F", "Half-sister"),
        ("grandparent", True, "F", "Grandmother"),
        ("grandparent", False, "M", "Grandson"),
        ("aunt_uncle", True, "M", "Uncle"),
        ("aunt_uncle", False, "F", "Niece"),
        ("foster_carer", True, "F", "Foster carer"),
        ("foster_carer", False, "F", "Foster child"),
        ("teacher", True, "M", "Teacher"),
        ("teacher", False, "F", "Pupil"),
        ("partner", False, "F", "Partner"),
    ],
)
def test_relationship_label_reads_from_the_other_persons_end(
    kind: str, other_is_from: bool, sex: str, expected: str
) -> None:
    assert relationship_label(kind, other_is_from=other_is_from, sex=sex) == expected


def test_in_sentence_keeps_acronyms() -> None:
    assert in_sentence("Mother") == "mother"
    assert in_sentence("GP") == "GP"
    assert in_sentence("Half-sister") == "half-sister"


def test_network_of_names_each_relationship_from_the_childs_side() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F", date_of_birth=date(2015, 4, 12))
    mum = _person(worker, "Ngozi", "F")
    brother = _person(worker, "Chidi", "M", date_of_birth=date(2011, 9, 30))
    baby = _person(worker, "Ife", "F", date_of_birth=date(2024, 1, 5))
    actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)
    # Stored from the child's end: "Amara is the sibling of Chidi".
    actions.add_relationship(from_person=child, to_person=brother, kind="sibling", by=worker)
    # A teenage parent: "Amara is the parent of Ife"; from Amara's side, Ife is her daughter.
    actions.add_relationship(from_person=child, to_person=baby, kind="parent", by=worker)

    labels = {t.name: t.label for t in network_of(child, worker).ties}

    assert labels == {"Ngozi Okafor": "Mother", "Chidi Okafor": "Brother", "Ife Okafor": "Daughter"}
    # And from the mother's record, Amara is her daughter.
    assert [t.label for t in network_of(mum, worker).ties] == ["Daughter"]


def test_network_of_groups_people_and_finds_the_household_and_professionals() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F", date_of_birth=date(2015, 4, 12))
    mum = _person(worker, "Ngozi", "F")
    carer = _person(worker, "Mary", "F")
    teacher = factories.person(
        by=worker,
        first_name="Oliver",
        last_name="Hughes",
        job_title="Class teacher",
        organisation=factories.partner(),
    )
    friend = _person(worker, "Lily", "F")
    actions.add_relationship(
        from_person=mum,
        to_person=child,
        kind="parent",
        by=worker,
        lives_with=True,
        parental_responsibility=True,
    )
    actions.add_relationship(from_person=carer, to_person=child, kind="foster_carer", by=worker)
    actions.add_relationship(from_person=teacher, to_person=child, kind="teacher", by=worker)
    actions.add_relationship(from_person=friend, to_person=child, kind="friend", by=worker)

    network = network_of(child, worker)

    assert [t.name for t in network.household] == ["Ngozi Okafor"]
    assert [t.name for t in network.with_parental_responsibility] == ["Ngozi Okafor"]
    assert [t.name for t in network.known_to] == ["Oliver Hughes"]
    assert network.known_to[0].job_detail == "Class teacher, Hollybank Primary School"
    assert {t.name: t.group for t in network.ties} == {
        "Ngozi Okafor": Group.FAMILY,
        "Mary Okafor": Group.CARERS,
        "Oliver Hughes": Group.PROFESSIONALS,
        "Lily Okafor": Group.FRIENDS,
    }
    summary = network.summary()
    assert "Amara lives with Ngozi Okafor (mother)." in summary
    assert "Professionals: Oliver Hughes (teacher)." in summary


def test_network_of_keeps_ended_relationships_apart_and_never_as_lives_with() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    carer = _person(worker, "Mary", "F")
    actions.add_relationship(
        from_person=carer,
        to_person=child,
        kind="foster_carer",
        by=worker,
        lives_with=True,
        start_date=date(2017, 6, 1),
        end_date=date(2019, 4, 30),
    )

    network = network_of(child, worker)

    (tie,) = network.ties
    assert not tie.current
    assert not tie.lives_with
    assert network.household == []
    assert [title for title, _ in network.table_groups()] == ["Ended relationships"]


def test_network_of_hides_a_restricted_relative() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    manager = factories.user(Role.TEAM_MANAGER)
    child = _person(worker, "Amara", "F")
    # Only the manager is named on the father's restricted record.
    dad = factories.person(
        by=manager,
        first_name="Tunde",
        last_name="Secretname",
        sex="M",
        date_of_birth=date(1985, 7, 19),
        restricted=True,
    )
    actions.add_address(person=dad, line1="1 Hidden Lane", postcode="B99 9ZZ", by=manager)
    actions.add_relationship(
        from_person=dad,
        to_person=child,
        kind="parent",
        by=manager,
        lives_with=True,
        parental_responsibility=True,
        contact_restriction="Court order: no contact",
        note="Lives at 1 Hidden Lane",
        start_date=date(2015, 4, 12),
    )
    ended = factories.person(by=manager, first_name="Kunle", last_name="Secretname", restricted=True)
    actions.add_relationship(
        from_person=ended, to_person=child, kind="aunt_uncle", by=manager, end_date=date(2020, 1, 1)
    )

    network = network_of(child, worker)

    (tie,) = network.ties  # the ended relationship with a restricted person is left out altogether
    assert tie.restricted
    assert tie.name == RESTRICTED_NAME
    assert tie.label == "Parent"  # not "Father": nothing about them beyond the relationship
    assert tie.href == "" and tie.relationship is None  # the row that holds them is not passed on
    assert not tie.lives_with  # would give away where they live
    assert tie.contact_restriction == "" and tie.note == "" and tie.start_date is None
    assert tie.holds_pr  # who holds parental responsibility matters to every decision
    assert network.household == []
    drawn = ecomap(network)
    assert drawn.nodes[0].href == "" and drawn.nodes[0].name == RESTRICTED_NAME
    assert "Secretname" not in drawn.description and "Tunde" not in drawn.description
    # The manager named on the record sees who it is.
    assert network_of(child, manager).ties[0].name == "Tunde Secretname"


def test_network_of_includes_the_relationships_of_merged_records_once() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    duplicate = _person(worker, "Amarah", "F")
    mum = _person(worker, "Ngozi", "F")
    gran = _person(worker, "Grace", "F")
    actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)
    actions.add_relationship(from_person=mum, to_person=duplicate, kind="parent", by=worker)
    actions.add_relationship(from_person=gran, to_person=duplicate, kind="grandparent", by=worker)
    actions.add_relationship(from_person=duplicate, to_person=child, kind="sibling", by=worker)
    Person.objects.filter(pk=duplicate.pk).update(merged_into=child)

    network = network_of(child, worker)

    by_name = {t.name: t for t in network.ties}
    assert set(by_name) == {"Ngozi Okafor", "Grace Okafor"}  # mum once; the duplicate is not a sibling
    assert by_name["Ngozi Okafor"].via is None  # the child's own relationship is preferred
    assert by_name["Grace Okafor"].via is not None
    assert not by_name["Grace Okafor"].editable_here


def test_network_of_shows_the_record_a_relatives_duplicate_was_merged_into() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    mum = _person(worker, "Ngozi", "F")
    mum_duplicate = _person(worker, "Ngozie", "F")
    actions.add_relationship(from_person=mum_duplicate, to_person=child, kind="parent", by=worker)
    Person.objects.filter(pk=mum_duplicate.pk).update(merged_into=mum)

    (tie,) = network_of(child, worker).ties

    assert tie.other == mum


def test_network_of_takes_one_query_whatever_the_size(django_assert_num_queries: object) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    for n in range(12):
        other = factories.person(by=worker, first_name=f"Relative{'abcdefghijkl'[n]}", last_name="Okafor")
        actions.add_relationship(from_person=other, to_person=child, kind="cousin", by=worker)
    network_of(child, worker)  # warm up: Django checks the database's JSON support once

    with django_assert_num_queries(1):  # type: ignore[operator]
        network = network_of(child, worker)
        ecomap(network)

    assert len(network.ties) == 12


# --- The picture ------------------------------------------------------------------------------------------


def _big_network(worker: User, child: Person, count: int, kind: str = "friend") -> None:
    for n in range(count):
        other = factories.person(by=worker, first_name=f"Friend{n:02d}".replace("0", "o"), last_name="Evans")
        actions.add_relationship(from_person=other, to_person=child, kind=kind, by=worker)


def test_ecomap_puts_the_household_inside_the_home_and_styles_lines() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    mum = _person(worker, "Ngozi", "F")
    dad = _person(worker, "Tunde", "M")
    carer = _person(worker, "Mary", "F")
    actions.add_relationship(
        from_person=mum,
        to_person=child,
        kind="parent",
        by=worker,
        lives_with=True,
        parental_responsibility=True,
    )
    actions.add_relationship(
        from_person=dad, to_person=child, kind="parent", by=worker, contact_restriction="No contact"
    )
    actions.add_relationship(
        from_person=carer,
        to_person=child,
        kind="foster_carer",
        by=worker,
        end_date=date.today() - timedelta(1),
    )

    drawn = ecomap(network_of(child, worker))

    assert drawn.home and drawn.home_label == "Lives with Amara"
    lines = {node.name: line for node, line in zip(drawn.nodes, drawn.lines, strict=True)}
    assert "kindred-ecomap__line--lives-with" in lines["Ngozi Okafor"].css
    assert "kindred-ecomap__line--pr" in lines["Ngozi Okafor"].css
    assert lines["Tunde Okafor"].restriction == "No contact"
    assert "kindred-ecomap__line--ended" in lines["Mary Okafor"].css
    # The household sits closer to the child than anyone else.
    distance = {n.name: abs(n.x - drawn.cx) + abs(n.y - drawn.cy) for n in drawn.nodes}
    assert distance["Ngozi Okafor"] < min(distance["Tunde Okafor"], distance["Mary Okafor"])


def test_ecomap_stays_inside_the_picture_and_summarises_people_who_do_not_fit() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    _big_network(worker, child, 40)

    drawn = ecomap(network_of(child, worker))

    people = [n for n in drawn.nodes if not n.more]
    more = [n for n in drawn.nodes if n.more]
    assert len(people) < 40
    assert more and more[0].more == 40 - len(people)
    assert more[0].href == "#network-table"
    for node in drawn.nodes:
        assert 0 < node.x < drawn.width and 0 < node.y < drawn.height
        _, top, _, bottom = node.box()
        assert top > 0 and bottom < drawn.height


def test_ecomap_labels_every_group_without_covering_anyone() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    for kind, first in [("parent", "Ngozi"), ("grandparent", "Grace"), ("foster_carer", "Mary")]:
        actions.add_relationship(
            from_person=_person(worker, first, "F"), to_person=child, kind=kind, by=worker
        )
    teacher = factories.person(
        by=worker, first_name="Oliver", last_name="Hughes", organisation=factories.partner()
    )
    actions.add_relationship(from_person=teacher, to_person=child, kind="teacher", by=worker)
    _big_network(worker, child, 3)

    drawn = ecomap(network_of(child, worker))

    assert [s.title for s in drawn.sectors] == ["Family", "Carers", "Professionals", "Friends and others"]
    assert [g for g, _ in drawn.key_groups] == ["family", "carers", "professionals", "friends"]
    for sector in drawn.sectors:
        width = len(sector.title) * 10.5
        left = {"end": sector.label_x - width, "middle": sector.label_x - width / 2}.get(
            sector.anchor, sector.label_x
        )
        label = (left, sector.label_y - 15, left + width, sector.label_y + 4)
        for node in drawn.nodes:
            box = node.box()
            assert not (
                label[0] < box[2] and box[0] < label[2] and label[1] < box[3] and box[1] < label[3]
            ), (
                sector.title,
                node.name,
            )


def test_relationship_rows_are_stored_once_per_pair() -> None:
    """The network reads one row both ways; nothing here writes a mirror row."""
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _person(worker, "Amara", "F")
    mum = _person(worker, "Ngozi", "F")
    actions.add_relationship(from_person=mum, to_person=child, kind="parent", by=worker)

    assert network_of(mum, worker).ties[0].label == "Daughter"
    assert Relationship.objects.count() == 1
