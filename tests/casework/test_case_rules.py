"""Who may work on a case, and the rules that keep the record and its clocks right: casework belongs to the
allocated worker, their team and its managers; no one authorises work they wrote; a case waiting for its
initial conference cannot close; the census's conference target is statutory; an older visit written up late
does not move the clock back; counts never reveal a hidden child."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kindred.casework import actions
from kindred.casework.models import Assessment, Episode
from kindred.organisation.models import User
from kindred.timescales import actions as timescale_actions
from kindred.timescales import rules
from kindred.timescales.models import Task
from kindred.workforce import queries
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def allocated(staff: dict[str, User], **extra: object) -> Episode:
    return factories.episode(by=staff["tm"], allocate_to=staff["sw"], **extra)  # type: ignore[arg-type]


def test_casework_belongs_to_the_allocated_worker_their_team_and_managers(staff: dict[str, User]) -> None:
    episode = allocated(staff)
    for outsider in (staff["outsider"], staff["other_tm"], staff["iro"]):
        with pytest.raises(PermissionDenied):
            actions.start_assessment(episode=episode, by=outsider)
    with pytest.raises(PermissionDenied):
        actions.allocate_episode(episode=episode, worker=staff["outsider"], by=staff["other_tm"])
    for insider in (staff["colleague"], staff["tm"]):
        actions.record_visit(
            episode=episode, seen=True, seen_alone=False, bedroom_seen=False, observations="Seen.", by=insider
        )
    episode.refresh_from_db()
    actions.close_episode(episode=episode, version=episode.version, reason="RC7", by=staff["sm"])


def test_a_case_waiting_for_a_worker_is_for_team_managers_to_allocate(staff: dict[str, User]) -> None:
    episode = factories.episode(by=staff["tm"])
    with pytest.raises(PermissionDenied):
        actions.start_assessment(episode=episode, by=staff["sw"])
    actions.allocate_episode(episode=episode, worker=staff["outsider"], by=staff["other_tm"])


def test_the_pages_offer_no_step_to_someone_outside_the_case(
    staff: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    episode = allocated(staff)
    outsider = client_for(staff["outsider"])
    page = outsider.get(reverse("casework:episode", kwargs={"episode_uuid": episode.uuid}))
    assert page.status_code == 200 and b"Record a visit" not in page.content
    close_url = reverse("casework:close", kwargs={"episode_uuid": episode.uuid})
    refused = outsider.post(
        close_url,
        {
            "version": episode.version,
            "reason": "RC7",
            "closure_date_0": "1",
            "closure_date_1": "4",
            "closure_date_2": "2026",
        },
    )
    assert b"Only the allocated worker, their team and its managers" in refused.content
    episode.refresh_from_db()
    assert episode.is_open


def test_a_manager_who_wrote_in_the_assessment_cannot_authorise_it(staff: dict[str, User]) -> None:
    episode = allocated(staff)
    assessment = actions.start_assessment(episode=episode, by=staff["sw"], start_date=date(2026, 3, 3))
    assessment = actions.save_assessment(
        assessment=assessment, version=assessment.version, by=staff["tm"], analysis="The manager's words."
    )
    assessment = actions.complete_assessment(
        assessment=assessment,
        version=assessment.version,
        by=staff["sw"],
        factors=["21"],
        child_views="Fine.",
        analysis="The manager's words.",
        outcome="continue",
        on=date(2026, 3, 20),
    )
    with pytest.raises(ValidationError, match="another manager"):
        actions.authorise_assessment(assessment=assessment, version=assessment.version, by=staff["tm"])
    with pytest.raises(ValidationError, match="another manager"):
        actions.return_assessment(
            assessment=assessment, version=assessment.version, comment="x", by=staff["tm"]
        )

    def titles(user: User) -> list[str]:
        return [i.task.title for g in queries.my_work(user).groups for r in g.children for i in r.items]

    assert "Authorise the child and family assessment" not in titles(staff["tm"])
    assert "Authorise the child and family assessment" in titles(staff["tm2"])
    done = actions.authorise_assessment(assessment=assessment, version=assessment.version, by=staff["tm2"])
    assert done.status == Assessment.Status.AUTHORISED


def _to_conference(staff: dict[str, User], episode: Episode) -> None:
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=date(2026, 3, 20),
        attendees="Social care, police",
        agencies=["social_care", "police"],
        decision="section_47",
        reasons="Disclosure.",
        by=staff["sw"],
    )
    actions.complete_section47(
        section47=discussion.section47,
        version=1,
        outcome="icpc",
        reasons="Substantiated.",
        by=staff["sw"],
        on=date(2026, 3, 30),
    )


def test_a_case_waiting_for_its_initial_conference_cannot_close(staff: dict[str, User]) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    _to_conference(staff, episode)
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="initial child protection conference"):  # CIN census rule 8868
        actions.close_episode(episode=episode, version=episode.version, reason="RC5", by=staff["sw"])


def test_the_census_conference_target_is_statutory_whatever_the_local_value(staff: dict[str, User]) -> None:
    rule = rules.rule(rules.ICPC)
    timescale_actions.set_local_value(rule=rule, version=rule.version, value=10, reason="r", by=staff["sm"])
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    _to_conference(staff, episode)
    section47 = episode.section47s.get()
    assert section47.icpc_target == date(2026, 4, 14)  # 15 working days from 20 March, over Easter
    assert Task.objects.get(episode=episode, rule_key="icpc").due_date == date(2026, 4, 7)  # the local 10


def test_an_older_visit_written_up_late_does_not_move_the_clock_back(staff: dict[str, User]) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 10))
    for day in (date(2026, 6, 1), date(2026, 5, 1)):
        actions.record_visit(
            episode=episode,
            seen=True,
            seen_alone=True,
            bedroom_seen=True,
            observations="Seen.",
            by=staff["sw"],
            visited_at=datetime(day.year, day.month, day.day, 10, tzinfo=LONDON),
            late_reason="The family were away",  # the 1 June visit is late; the older one moves no clock
        )
    assert Task.objects.get(episode=episode, rule_key="cin-visit", done_at=None).due_date == date(2026, 6, 29)


def test_team_board_counts_reveal_no_hidden_child(staff: dict[str, User]) -> None:
    from kindred.access.models import RestrictedAccess

    secret = factories.person(by=staff["tm"], restricted=True)
    for named in (staff["sm"], staff["sw"]):
        RestrictedAccess.objects.create(person=secret, user=named, granted_by=staff["tm"])
    hidden = factories.episode(person_obj=secret, by=staff["sm"], referral_date=date(2026, 1, 5))
    actions.allocate_episode(episode=hidden, worker=staff["sw"], by=staff["sm"], on=date(2026, 1, 5))
    assert Task.objects.filter(episode=hidden, assignee=staff["sw"], due_date__lt=date.today()).exists()
    board = queries.team_board(staff["tm2"], staff["sw"].team)
    worker = next(w for w in board.workers if w.worker == staff["sw"])
    assert (worker.caseload, worker.overdue) == (0, 0)


def test_an_item_due_at_a_weekend_is_overdue_on_the_monday(staff: dict[str, User]) -> None:
    episode = allocated(staff)
    Task.objects.filter(episode=episode).update(due_date=date(2026, 11, 21))  # a Saturday
    item = queries.my_work(staff["sw"], today=date(2026, 11, 23)).groups[0].children[0].items[0]
    assert item.overdue and item.time_left == "Overdue by 1 working day"
    friday = queries.my_work(staff["sw"], today=date(2026, 11, 20)).groups[0].children[0].items[0]
    assert not friday.overdue and friday.time_left == "Due by the next working day"


def test_a_referral_closed_with_nothing_done_is_a_referral_with_no_further_action(
    staff: dict[str, User],
) -> None:
    nothing = allocated(staff)
    actions.close_episode(episode=nothing, version=nothing.version, reason="RC7", by=staff["sw"])
    nothing.refresh_from_db()
    assert nothing.referral_nfa is True
    worked = allocated(staff, person_obj=factories.person(by=staff["tm"], first_name="Other"))
    actions.start_cin_plan(episode=worked, by=staff["sw"], start_date=date(2026, 3, 5))
    worked.refresh_from_db()
    actions.close_episode(episode=worked, version=worked.version, reason="RC7", by=staff["sw"])
    worked.refresh_from_db()
    assert worked.referral_nfa is False


def test_a_child_has_one_open_episode(staff: dict[str, User]) -> None:
    episode = allocated(staff)
    with pytest.raises(ValidationError, match="already has an open"):
        factories.episode(person_obj=episode.person, by=staff["tm"])


def test_closed_after_assessment_only_when_nothing_followed_it_and_never_before_recorded_work(
    staff: dict[str, User],
) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 20))
    assessment = actions.start_assessment(episode=episode, by=staff["sw"], start_date=date(2026, 3, 3))
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.close_episode(
            episode=episode,
            version=episode.version,
            reason="RC8",
            by=staff["sw"],
            closure_date=date(2026, 3, 10),
        )
    assert "reason" in refused.value.message_dict  # census rule 2990
    assert "closure_date" in refused.value.message_dict  # census rule 8565: the plan began on 20 March
    assert assessment.pk


def test_the_same_visit_or_meeting_sent_twice_is_recorded_once(staff: dict[str, User]) -> None:
    episode = allocated(staff, referral_date=date(2026, 3, 2))
    actions.start_cin_plan(episode=episode, by=staff["sw"], start_date=date(2026, 3, 10))
    visit = {
        "episode": episode,
        "seen": True,
        "seen_alone": True,
        "bedroom_seen": False,
        "observations": "Ayo showed me his room.",
        "by": staff["sw"],
        "visited_at": datetime(2026, 4, 1, 10, tzinfo=LONDON),
    }
    actions.record_visit(**visit)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="already been recorded"):
        actions.record_visit(**visit)  # type: ignore[arg-type]
    plan = episode.cin_plans.get()
    actions.record_cin_review(plan=plan, summary="Progress.", by=staff["sw"], held_on=date(2026, 5, 1))
    with pytest.raises(ValidationError, match="already been recorded"):
        actions.record_cin_review(plan=plan, summary="Progress.", by=staff["sw"], held_on=date(2026, 5, 1))
    assert (episode.visits.count(), plan.reviews.count()) == (1, 1)
