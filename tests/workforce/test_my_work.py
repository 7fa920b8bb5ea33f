"""My work and the team board: the caseload and everything due, grouped by child and sibling group, least
time left first; a fixed number of queries whatever the caseload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework import actions
from kindred.organisation.models import User
from kindred.people.actions import add_relationship
from kindred.workforce import queries
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 1)


@pytest.fixture
def team() -> dict[str, User]:
    return {
        "sw": factories.user(Role.SOCIAL_WORKER, username="worker", first_name="Sam", last_name="Worker"),
        "tm": factories.user(Role.TEAM_MANAGER, username="manager"),
    }


def caseload(team: dict[str, User], n: int, *, start: date = date(2026, 3, 2)) -> list:
    episodes = []
    for i in range(n):
        child = factories.person(by=team["tm"], first_name=f"Child{i}", last_name="Testcase")
        episodes.append(
            factories.episode(person_obj=child, by=team["tm"], referral_date=start, allocate_to=team["sw"])
        )
    return episodes


def test_my_work_lists_the_caseload_and_what_is_due_least_time_left_first(team: dict[str, User]) -> None:
    late = caseload(team, 1, start=date(2026, 2, 2))[0]  # assessment due 7 April 2026: overdue on 1 May
    soon = caseload(team, 1, start=date(2026, 3, 2))[0]  # due 7 May
    work = queries.my_work(team["sw"], today=TODAY)
    assert work.caseload == 2 and work.due_count == 2 and work.overdue_count == 1
    assert [g.children[0].person for g in work.groups] == [late.person, soon.person]
    first = work.groups[0].children[0].items[0]
    assert first.overdue and first.time_left == "Overdue by 17 working days"
    # Friday 1 May to Thursday 7 May, over the May Day bank holiday.
    assert work.groups[1].children[0].items[0].time_left == "3 working days left"


def test_brothers_and_sisters_are_grouped_together(team: dict[str, User]) -> None:
    a, _, c = caseload(team, 3)
    add_relationship(from_person=a.person, to_person=c.person, kind="sibling", by=team["sw"])
    work = queries.my_work(team["sw"], today=TODAY)
    grouped = sorted(sorted(r.person.first_name for r in g.children) for g in work.groups)
    assert grouped == [["Child0", "Child2"], ["Child1"]]
    assert any(g.is_siblings for g in work.groups)


def test_a_manager_sees_assessments_waiting_for_authorisation_in_their_team(team: dict[str, User]) -> None:
    episode = caseload(team, 1)[0]
    assessment = actions.start_assessment(episode=episode, by=team["sw"], start_date=date(2026, 3, 3))
    actions.complete_assessment(
        assessment=assessment,
        version=assessment.version,
        by=team["sw"],
        factors=["21"],
        child_views="Fine.",
        analysis="No concerns.",
        outcome="nfa",
        on=date(2026, 3, 20),
    )
    manager_work = queries.my_work(team["tm"], today=TODAY)
    titles = [i.task.title for g in manager_work.groups for r in g.children for i in r.items]
    assert titles == ["Authorise the child and family assessment"]
    worker_titles = [
        i.task.title
        for g in queries.my_work(team["sw"], today=TODAY).groups
        for r in g.children
        for i in r.items
    ]
    assert "Authorise the child and family assessment" not in worker_titles


def test_my_work_page_query_count_does_not_grow_with_the_caseload(
    team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(team["sw"])
    caseload(team, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("workforce:my_work")).status_code == 200
    caseload(team, 8)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("workforce:my_work"))
    assert response.status_code == 200
    assert response.content.count(b"Complete the child and family assessment") == 10
    assert len(large) == len(small)


def test_my_work_records_one_view_per_child_shown(
    team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episodes = caseload(team, 3)
    client_for(team["sw"]).get(reverse("workforce:my_work"))
    seen = AuditEvent.objects.filter(action="my_work.viewed").values_list("person_uuid", flat=True)
    assert sorted(seen) == sorted(e.person.uuid for e in episodes)


def test_my_work_hides_a_restricted_child_the_worker_may_no_longer_see(team: dict[str, User]) -> None:
    child = factories.person(by=team["tm"], restricted=True)
    factories.episode(person_obj=child, by=team["tm"])
    assert queries.my_work(team["sw"], today=TODAY).groups == []


def test_team_board_counts_caseloads_and_lists_cases_waiting_for_a_worker(
    team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    caseload(team, 3)
    waiting = factories.episode(
        by=team["tm"], person_obj=factories.person(by=team["tm"], first_name="Unallocated")
    )
    client = client_for(team["tm"])
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("workforce:team_board"))
    assert response.status_code == 200
    board = response.context["board"]
    loads = {w.worker.username: w.caseload for w in board.workers}
    assert loads == {"worker": 3, "manager": 0}
    assert board.unallocated == [waiting]
    assert board.workload.due_count == 3
    caseload(team, 5)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("workforce:team_board"))
    assert len(large) == len(small)


def test_team_board_for_an_unknown_team_is_404(
    team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    response = client_for(team["tm"]).get(
        reverse("workforce:team_board"), {"team": "9b2f6d55-5d0c-4d7a-8d51-1d0d1e9a4a11"}
    )
    assert response.status_code == 404


def test_team_board_shows_what_is_overdue_or_due_in_the_next_fortnight_and_the_rest_on_request(
    team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    late = caseload(team, 1, start=date(2026, 2, 2))[0]  # assessment due 7 April: overdue on 1 May
    soon = caseload(team, 1, start=date(2026, 3, 2))[0]  # due 7 May: within 10 working days of 1 May
    later = caseload(team, 1, start=date(2026, 4, 20))[0]  # due in June
    assert team["sw"].team is not None
    board = queries.team_board(team["tm"], team["sw"].team, today=TODAY)
    assert board.horizon == date(2026, 5, 18)  # 10 working days from Friday 1 May, over the May Day holiday
    shown = [c.person for g in board.workload.groups for c in g.children]
    assert shown == [late.person, soon.person]
    assert (board.workload.due_count, board.workload.overdue_count, board.due_total) == (2, 1, 3)
    assert {w.worker.username: w.caseload for w in board.workers}["worker"] == 3  # caseloads count everyone
    everything = queries.team_board(team["tm"], team["sw"].team, today=TODAY, everything=True)
    assert [c.person for g in everything.workload.groups for c in g.children][-1] == later.person

    client = client_for(team["tm"])
    url = reverse("workforce:team_board")
    page = client.get(url).content.decode()  # today, all three are overdue
    assert "overdue or due by" in page and "Show all" not in page
    before = AuditEvent.objects.filter(action="team_board.viewed").count()
    page = client.get(url, {"due": "all"}).content.decode()
    assert "Show only what is overdue or due in the next 10 working days" in page
    assert AuditEvent.objects.filter(action="team_board.viewed").count() - before == 3  # one per child shown
