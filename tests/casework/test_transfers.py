"""Moving a case to another team: the case's manager asks, the case and its due work stay with the worker,
and the receiving team's manager accepts by allocating to one of their workers, or declines with a reason. A
team manager allocates only within their own team, so a case never lands on another team's worker without
that team's say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework import actions
from kindred.casework.models import Episode, Transfer
from kindred.organisation.models import Team, User
from kindred.timescales.models import Task
from kindred.workforce import queries
from tests import factories

pytestmark = pytest.mark.django_db
REFERRED = date(2026, 3, 2)


@pytest.fixture
def plan_team(staff: dict[str, User]) -> dict[str, User]:
    """Child Protection East: the team that takes children on plans."""
    east = factories.team("Child Protection East", kind=Team.Kind.CIN_CP)
    return {
        "east_tm": factories.user(Role.TEAM_MANAGER, username="eastmanager", team_obj=east),
        "east_sw": factories.user(Role.SOCIAL_WORKER, username="eastworker", team_obj=east),
    }


def _ask(episode: Episode, by: User, to: User, reason: str = "Child protection plan agreed") -> Transfer:
    episode.refresh_from_db()
    assert to.team is not None
    return actions.request_transfer(
        episode=episode, to_team=to.team, reason=reason, by=by, version=episode.version, on=REFERRED
    )


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_a_case_stays_with_its_worker_until_the_receiving_manager_allocates_it(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"], referral_date=REFERRED)
    before = _events("episode.transfer_requested"), _events("episode.transfer_accepted")
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])

    episode.refresh_from_db()
    assert (episode.allocated_to, episode.team) == (staff["sw"], staff["sw"].team)
    assert set(Task.objects.open().filter(episode=episode).values_list("assignee", flat=True)) == {
        staff["sw"].pk
    }
    assert actions.receives(plan_team["east_tm"], transfer) and not actions.receives(
        staff["other_tm"], transfer
    )
    # The case is still the assessment team's to work on; not yet the plan team's.
    assert actions.open_transfer(episode) == transfer

    actions.allocate_episode(
        episode=episode, worker=plan_team["east_sw"], by=plan_team["east_tm"], version=episode.version
    )
    episode.refresh_from_db()
    transfer.refresh_from_db()
    assert (episode.allocated_to, episode.team) == (plan_team["east_sw"], plan_team["east_sw"].team)
    assert (transfer.status, transfer.decided_by) == (Transfer.Status.ACCEPTED, plan_team["east_tm"])
    assert set(Task.objects.open().filter(episode=episode).values_list("assignee", flat=True)) == {
        plan_team["east_sw"].pk
    }
    assert (_events("episode.transfer_requested"), _events("episode.transfer_accepted")) == (
        before[0] + 1,
        before[1] + 1,
    )
    # The old team no longer works on the case.
    with pytest.raises(PermissionDenied):
        actions.start_assessment(episode=episode, by=staff["sw"])


def test_a_team_manager_allocates_only_within_their_team(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    with pytest.raises(ValidationError) as refused:
        actions.allocate_episode(episode=episode, worker=plan_team["east_sw"], by=staff["tm"])
    assert "ask the other team" in str(refused.value.message_dict["worker"])
    # A head of service may move it anywhere in their service.
    actions.allocate_episode(episode=episode, worker=plan_team["east_sw"], by=staff["sm"])
    episode.refresh_from_db()
    assert episode.allocated_to == plan_team["east_sw"]


def test_only_the_receiving_teams_manager_may_take_the_case_and_only_into_their_team(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    _ask(episode, staff["tm"], plan_team["east_tm"])
    with pytest.raises(PermissionDenied):  # a third team's manager
        actions.allocate_episode(episode=episode, worker=staff["outsider"], by=staff["other_tm"])
    with pytest.raises(ValidationError) as refused:  # the receiving manager, to another team's worker
        actions.allocate_episode(episode=episode, worker=staff["colleague"], by=plan_team["east_tm"])
    assert "your team" in str(refused.value.message_dict["worker"])
    # Meanwhile the case's own manager may still move it within their team, and the request stands.
    actions.allocate_episode(episode=episode, worker=staff["colleague"], by=staff["tm"])
    assert actions.open_transfer(episode) is not None


def test_a_declined_transfer_keeps_the_case_and_says_why(
    staff: dict[str, User], plan_team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.decline_transfer(
            transfer=transfer, by=plan_team["east_tm"], reason=" ", version=episode.version
        )
    assert refused.value.message_dict == {"reason": ["Say why your team will not take the case"]}
    with pytest.raises(PermissionDenied):  # the sending manager cannot decline for the other team
        actions.decline_transfer(transfer=transfer, by=staff["tm"], reason="No", version=episode.version)
    actions.decline_transfer(
        transfer=transfer,
        by=plan_team["east_tm"],
        reason="No plan yet: the conference has not been held.",
        version=episode.version,
    )
    episode.refresh_from_db()
    assert episode.allocated_to == staff["sw"]
    with pytest.raises(PermissionDenied):  # declined: the receiving manager has no say now
        actions.allocate_episode(episode=episode, worker=plan_team["east_sw"], by=plan_team["east_tm"])
    page = client_for(staff["tm"]).get(reverse("casework:episode", args=[episode.uuid])).content.decode()
    assert "Child Protection East declined to take the case" in page
    assert "No plan yet: the conference has not been held." in page
    assert "Ask another team to take the case" in page  # and may ask again
    board = client_for(staff["tm"]).get(reverse("workforce:team_board"))
    assert [t.episode for t in board.context["board"].declined] == [episode]
    assert "Declined by the other team" in board.content.decode()
    _ask(episode, staff["tm"], plan_team["east_tm"], reason="The plan was agreed at conference today.")


def test_a_withdrawn_request_ends_the_receiving_managers_say(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    episode.refresh_from_db()
    with pytest.raises(PermissionDenied):  # the receiving side declines; it does not withdraw
        actions.withdraw_transfer(transfer=transfer, by=plan_team["east_tm"], version=episode.version)
    actions.withdraw_transfer(transfer=transfer, by=staff["tm2"], version=episode.version)
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="already been withdrawn"):
        actions.withdraw_transfer(transfer=transfer, by=staff["tm"], version=episode.version + 1)
    with pytest.raises(PermissionDenied):
        actions.allocate_episode(episode=episode, worker=plan_team["east_sw"], by=plan_team["east_tm"])


def test_one_request_at_a_time_never_to_the_cases_own_team_and_closing_withdraws_it(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"], referral_date=REFERRED)
    with pytest.raises(ValidationError) as refused:
        _ask(episode, staff["tm"], staff["tm2"])
    assert refused.value.message_dict == {"to_team": ["The case is already with Assessment North"]}
    with pytest.raises(ValidationError) as refused:
        _ask(episode, staff["tm"], plan_team["east_tm"], reason="")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):  # a social worker asks their manager; they do not ask the team
        _ask(episode, staff["sw"], plan_team["east_tm"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    with pytest.raises(ValidationError) as refused:
        _ask(episode, staff["tm"], staff["other_tm"])
    assert "withdraw that request first" in str(refused.value)

    episode.refresh_from_db()
    actions.close_episode(episode=episode, version=episode.version, reason="RC7", by=staff["tm"])
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decline_reason) == (Transfer.Status.WITHDRAWN, "The case closed")


def test_the_pages_ask_decline_and_accept_a_transfer(
    staff: dict[str, User], plan_team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    sender, receiver = client_for(staff["tm"]), client_for(plan_team["east_tm"])
    url = reverse("casework:transfer", args=[episode.uuid])

    page = sender.get(url).content.decode()
    assert "Child Protection East" in page and "Assessment North</label>" not in page  # not its own team
    response = sender.post(url, {"version": episode.version, "on": "", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose the team that should take the case" in page
    assert "Say why the case should move, for the team taking it" in page
    assert not Transfer.objects.exists()  # nothing half-saved

    east = plan_team["east_tm"].team
    assert east is not None
    today = date.today()
    response = sender.post(
        url,
        {
            "version": episode.version,
            "to_team": str(east.uuid),
            "reason": "Child protection plan agreed at conference.",
            "on_0": today.day,
            "on_1": today.month,
            "on_2": today.year,
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()

    # The receiving manager: told on My work, shown on the team board, offered the decision on the episode.
    assert (
        "Another team has asked your team to take a case"
        in receiver.get(reverse("workforce:my_work")).content.decode()
    )
    board = receiver.get(reverse("workforce:team_board")).context["board"]
    assert board.incoming == [transfer]
    outgoing = sender.get(reverse("workforce:team_board")).context["board"]
    assert outgoing.outgoing == [transfer]
    page = receiver.get(reverse("casework:episode", args=[episode.uuid])).content.decode()
    assert "Allocate the case in Child Protection East" in page and "Decline the transfer" in page
    assert "Record a visit" not in page  # not theirs to work on yet

    allocate = reverse("casework:allocate", args=[episode.uuid])
    page = receiver.get(allocate).content.decode()
    assert "Allocating the case to one of your workers accepts the transfer" in page
    assert f'value="{plan_team["east_sw"].uuid}"' in page and f'value="{staff["colleague"].uuid}"' not in page
    episode.refresh_from_db()
    response = receiver.post(
        allocate,
        {
            "version": episode.version,
            "worker": str(plan_team["east_sw"].uuid),
            "on_0": today.day,
            "on_1": today.month,
            "on_2": today.year,
        },
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.ACCEPTED


def test_the_decline_page_is_the_receiving_managers_and_needs_a_reason(
    staff: dict[str, User], plan_team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    url = reverse("casework:transfer_decline", args=[transfer.uuid])
    page = client_for(staff["tm"]).get(url).content.decode()
    assert "Only the manager of Child Protection East can decline this request." in page
    assert "<form" not in page.split("</header>")[-1]
    episode.refresh_from_db()
    response = client_for(plan_team["east_tm"]).post(url, {"version": episode.version, "reason": ""})
    assert "Say why your team will not take the case" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.is_open


def test_the_team_board_shows_one_workers_due_work_for_supervision(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    mine = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    theirs = factories.episode(
        by=staff["tm"],
        allocate_to=staff["colleague"],
        person_obj=factories.person(by=staff["tm"], first_name="Bea"),
    )
    team = staff["sw"].team
    assert team is not None
    board = queries.team_board(staff["tm"], team, worker=staff["sw"], everything=True)
    assert [c.person for g in board.workload.groups for c in g.children] == [mine.person]
    assert {w.worker.username: w.caseload for w in board.workers}["colleague"] == 1  # counts stay whole
    client = client_for(staff["tm"])
    url = reverse("workforce:team_board")
    page = client.get(url, {"worker": str(staff["colleague"].uuid), "due": "all"}).content.decode()
    assert theirs.person.full_name in page and f"Due for {staff['colleague'].display_name}" in page
    assert client.get(url, {"worker": str(staff["outsider"].uuid)}).status_code == 404  # not in the team
    assert client.get(url, {"worker": "not-a-uuid"}).status_code == 404


def test_the_team_boards_query_count_does_not_grow_with_cases_moving(
    staff: dict[str, User], plan_team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(plan_team["east_tm"])

    def moving(n: int) -> None:
        for i in range(n):
            child = factories.person(by=staff["tm"], first_name=f"Moving{i}")
            episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"], person_obj=child)
            _ask(episode, staff["tm"], plan_team["east_tm"])
            # and one the plan team turned down, which the sending board lists
            child = factories.person(by=staff["tm"], first_name=f"Declined{i}")
            episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"], person_obj=child)
            declined = _ask(episode, staff["tm"], plan_team["east_tm"])
            episode.refresh_from_db()
            actions.decline_transfer(
                transfer=declined, by=plan_team["east_tm"], reason="Not yet.", version=episode.version
            )

    moving(1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("workforce:team_board"))
    moving(4)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("workforce:team_board"))
    assert len(response.context["board"].incoming) == 5
    assert len(large) == len(small)
    sender = client_for(staff["tm"])
    with CaptureQueriesContext(connection) as sending:
        response = sender.get(reverse("workforce:team_board"))
    assert (len(response.context["board"].outgoing), len(response.context["board"].declined)) == (5, 5)
    moving(2)
    with CaptureQueriesContext(connection) as more:
        sender.get(reverse("workforce:team_board"))
    assert len(more) == len(sending)


def test_a_service_manager_moving_the_case_to_a_third_team_ends_the_request(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    actions.allocate_episode(episode=episode, worker=staff["outsider"], by=staff["sm"])
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decline_reason) == (
        Transfer.Status.WITHDRAWN,
        "The case moved to Assessment South",
    )
    with pytest.raises(PermissionDenied):  # the plan team has no say now
        actions.allocate_episode(episode=episode, worker=plan_team["east_sw"], by=plan_team["east_tm"])


def test_a_service_manager_may_withdraw_and_is_offered_the_case_managers_steps(
    staff: dict[str, User], plan_team: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"])
    transfer = _ask(episode, staff["tm"], plan_team["east_tm"])
    page = client_for(staff["sm"]).get(reverse("casework:episode", args=[episode.uuid])).content.decode()
    assert "Withdraw the request to transfer" in page and "Change the allocated worker" in page
    assert "Allocate the case in Child Protection East" not in page
    episode.refresh_from_db()
    actions.withdraw_transfer(transfer=transfer, by=staff["sm"], version=episode.version)


def test_a_restricted_childs_case_goes_only_to_a_team_whose_manager_is_named_on_the_record(
    staff: dict[str, User], plan_team: dict[str, User]
) -> None:
    from kindred.access.models import RestrictedAccess

    child = factories.person(by=staff["tm"], restricted=True)
    for user in (staff["sw"], staff["tm"]):
        RestrictedAccess.objects.get_or_create(person=child, user=user, defaults={"granted_by": staff["tm"]})
    episode = factories.episode(by=staff["tm"], allocate_to=staff["sw"], person_obj=child)
    with pytest.raises(ValidationError) as refused:
        _ask(episode, staff["tm"], plan_team["east_tm"])
    assert "No manager in Child Protection East is named on this restricted record" in str(
        refused.value.message_dict["to_team"]
    )
    RestrictedAccess.objects.create(person=child, user=plan_team["east_tm"], granted_by=staff["tm"])
    _ask(episode, staff["tm"], plan_team["east_tm"])
