"""The statutory paths through casework actions, with the clocks checked on England working days (2026: Good
Friday 3 April, Easter Monday 6 April, May Day 4 May, spring bank holiday 25 May)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kindred.access.roles import Role
from kindred.casework import actions
from kindred.casework.models import Assessment, Conference, Episode, Section47, StrategyDiscussion
from kindred.people.actions import ConflictError
from kindred.timescales.models import Task
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def people() -> dict[str, object]:
    return {
        "sw": factories.user(Role.SOCIAL_WORKER, username="worker"),
        "tm": factories.user(Role.TEAM_MANAGER, username="manager"),
        "tm2": factories.user(Role.TEAM_MANAGER, username="manager2"),
        "iro": factories.user(Role.REVIEWING_OFFICER, username="chair"),
    }


def open_tasks(episode: Episode) -> dict[str, date]:
    return dict(Task.objects.filter(episode=episode, done_at=None).values_list("rule_key", "due_date"))


def assessed(
    episode: Episode, sw: object, tm: object, *, outcome: str, on: date, **extra: object
) -> Assessment:
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=date(2026, 3, 3))
    assessment = actions.complete_assessment(
        assessment=assessment,
        version=assessment.version,
        by=sw,
        factors=["3B", "4B"],
        child_views="I feel safe at Nan's house but not when Dad shouts.",
        analysis="Domestic abuse between the parents; mother's low mood.",
        outcome=outcome,
        on=on,
        **extra,  # type: ignore[arg-type]
    )
    return actions.authorise_assessment(assessment=assessment, version=assessment.version, by=tm, on=on)


def test_open_episode_starts_the_45_working_day_assessment_clock(people: dict) -> None:
    episode = factories.episode(by=people["tm"], referral_date=date(2026, 3, 2))
    # 45 working days from Monday 2 March 2026, skipping Good Friday, Easter Monday and May Day.
    assert open_tasks(episode) == {"assessment": date(2026, 5, 7)}
    assert episode.re_referral is False


def test_open_episode_flags_a_re_referral_within_12_months(people: dict) -> None:
    child = factories.person(by=people["tm"])
    first = factories.episode(person_obj=child, by=people["tm"], referral_date=date(2025, 6, 1))
    actions.close_episode(
        episode=first, version=first.version, reason="RC7", by=people["tm"], closure_date=date(2025, 9, 1)
    )
    second = factories.episode(person_obj=child, by=people["tm"], referral_date=date(2026, 5, 20))
    third_child = factories.person(by=people["tm"], first_name="Zain")
    long_ago = factories.episode(person_obj=third_child, by=people["tm"], referral_date=date(2024, 1, 10))
    actions.close_episode(
        episode=long_ago,
        version=long_ago.version,
        reason="RC7",
        by=people["tm"],
        closure_date=date(2024, 3, 1),
    )
    later = factories.episode(person_obj=third_child, by=people["tm"], referral_date=date(2026, 5, 20))
    assert second.re_referral is True
    assert later.re_referral is False


def test_allocation_moves_the_episode_and_its_due_work_to_the_worker(people: dict) -> None:
    episode = factories.episode(by=people["tm"], allocate_to=people["sw"])
    assert episode.allocated_to == people["sw"]
    assert Task.objects.get(episode=episode).assignee == people["sw"]
    other = factories.user(Role.SOCIAL_WORKER)
    actions.allocate_episode(episode=episode, worker=other, by=people["tm"], on=date(2026, 4, 1))
    assert Task.objects.get(episode=episode).assignee == other
    assert [(a.worker, a.end_date) for a in episode.allocations.all()] == [
        (people["sw"], date(2026, 4, 1)),
        (other, None),
    ]


def test_allocation_is_for_managers_and_to_caseworkers(people: dict) -> None:
    episode = factories.episode(by=people["tm"])
    with pytest.raises(PermissionDenied):
        actions.allocate_episode(episode=episode, worker=people["sw"], by=people["sw"])
    with pytest.raises(ValidationError):
        actions.allocate_episode(episode=episode, worker=factories.user(Role.ANALYST), by=people["tm"])


def test_child_in_need_path_assessment_plan_visits_review_and_closure(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, referral_date=date(2026, 3, 2), allocate_to=sw)
    assessment = assessed(episode, sw, tm, outcome=Assessment.Outcome.CIN_PLAN, on=date(2026, 4, 20))
    assert assessment.status == Assessment.Status.AUTHORISED
    assert assessment.authorised_date == date(2026, 4, 20)
    assert assessment.factor_codes == ["3B", "4B"]
    plan = episode.cin_plans.get()
    assert plan.start_date == date(2026, 4, 20)
    # Visits every 20 working days (local standard: 20 April + 20 = 19 May, after May Day); a review in 3
    # months.
    assert open_tasks(episode) == {"cin-visit": date(2026, 5, 19), "cin-review": date(2026, 7, 20)}
    assessment_task = Task.objects.get(episode=episode, rule_key="assessment")
    assert assessment_task.done_at is not None and assessment_task.due_date == date(2026, 5, 7)

    actions.record_visit(
        episode=episode,
        seen=True,
        seen_alone=True,
        bedroom_seen=False,
        observations="Ayo showed me his drawings.",
        by=sw,
        visited_at=datetime(2026, 5, 12, 16, 0, tzinfo=LONDON),
    )
    # The next visit counts from the visit: 12 May + 20 working days (spring bank holiday 25 May) = 10 June.
    assert open_tasks(episode)["cin-visit"] == date(2026, 6, 10)
    actions.record_cin_review(plan=plan, summary="Progress on the plan.", by=sw, held_on=date(2026, 7, 14))
    assert open_tasks(episode)["cin-review"] == date(2026, 10, 14)

    episode.refresh_from_db()
    actions.close_episode(
        episode=episode, version=episode.version, reason="RC7", by=sw, closure_date=date(2026, 9, 1)
    )
    episode.refresh_from_db()
    plan.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (date(2026, 9, 1), "RC7")
    assert plan.end_date == date(2026, 9, 1)
    assert open_tasks(episode) == {}


def test_a_visit_where_the_child_was_not_seen_does_not_meet_the_visiting_standard(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, allocate_to=sw)
    assessed(episode, sw, tm, outcome=Assessment.Outcome.CIN_PLAN, on=date(2026, 4, 20))
    actions.record_visit(
        episode=episode,
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        observations="No answer at the door.",
        by=sw,
        visited_at=datetime(2026, 5, 12, 16, 0, tzinfo=LONDON),
    )
    assert open_tasks(episode)["cin-visit"] == date(2026, 5, 19)
    with pytest.raises(ValidationError) as refused:
        actions.record_visit(
            episode=episode, seen=False, seen_alone=True, bedroom_seen=False, observations="x", by=sw
        )
    assert "seen_alone" in refused.value.message_dict


def test_assessment_after_45_working_days_needs_a_reason(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, referral_date=date(2026, 3, 2), allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=date(2026, 3, 3))
    values = dict(
        factors=["21"],
        child_views="Ayo said he is happy at home.",
        analysis="No concerns found.",
        outcome=Assessment.Outcome.NFA,
    )
    # Due Thursday 7 May; Friday 8 May is late.
    with pytest.raises(ValidationError) as refused:
        actions.complete_assessment(
            assessment=assessment, version=assessment.version, by=sw, on=date(2026, 5, 8), **values
        )
    assert "late_reason" in refused.value.message_dict
    done = actions.complete_assessment(
        assessment=assessment, version=assessment.version, by=sw, on=date(2026, 5, 7), **values
    )
    assert done.late_reason == ""


def test_assessment_factor_rules(people: dict) -> None:
    sw = people["sw"]
    episode = factories.episode(by=people["tm"], allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=sw, start_date=date(2026, 3, 3))
    for factors in ([], ["21", "3B"], ["99"]):
        with pytest.raises(ValidationError) as refused:
            actions.complete_assessment(
                assessment=assessment,
                version=assessment.version,
                by=sw,
                factors=factors,
                child_views="x",
                analysis="y",
                outcome="nfa",
                on=date(2026, 3, 20),
            )
        assert "factors" in refused.value.message_dict


def test_no_one_authorises_their_own_assessment(people: dict) -> None:
    tm, tm2, sw = people["tm"], people["tm2"], people["sw"]
    episode = factories.episode(by=tm, allocate_to=sw)
    assessment = actions.start_assessment(episode=episode, by=tm, start_date=date(2026, 3, 3))
    assessment = actions.complete_assessment(
        assessment=assessment,
        version=assessment.version,
        by=tm,
        factors=["21"],
        child_views="x",
        analysis="y",
        outcome="nfa",
        on=date(2026, 3, 20),
    )
    with pytest.raises(ValidationError, match="another manager"):
        actions.authorise_assessment(assessment=assessment, version=assessment.version, by=tm)
    with pytest.raises(PermissionDenied):
        actions.authorise_assessment(assessment=assessment, version=assessment.version, by=sw)
    with pytest.raises(ConflictError):
        actions.authorise_assessment(assessment=assessment, version=assessment.version - 1, by=tm2)
    returned = actions.return_assessment(
        assessment=assessment, version=assessment.version, comment="Say more about Dad.", by=tm2
    )
    assert returned.status == Assessment.Status.IN_PROGRESS


def test_nfa_assessment_closes_the_episode_after_assessment(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, allocate_to=sw)
    assessed(episode, sw, tm, outcome=Assessment.Outcome.FAMILY_HELP, on=date(2026, 4, 1))
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (date(2026, 4, 1), "RC9")
    assert open_tasks(episode) == {}


def test_section47_with_no_initial_conference(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, referral_date=date(2026, 3, 20), allocate_to=sw)
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=date(2026, 3, 20),
        attendees="Ms A Worker (social care), PC B Officer (police), Nurse C (health)",
        agencies=["social_care", "police", "health"],
        decision=StrategyDiscussion.Decision.SECTION_47,
        reasons="Bruising disclosed by the child.",
        by=sw,
    )
    section47 = discussion.section47
    # 15 working days from Friday 20 March 2026, skipping Good Friday and Easter Monday: Tuesday 14 April.
    assert section47.icpc_target == date(2026, 4, 14)
    assert open_tasks(episode)["icpc"] == date(2026, 4, 14)
    done = actions.complete_section47(
        section47=section47,
        version=section47.version,
        outcome=Section47.Outcome.CHILD_IN_NEED,
        reasons="Accidental injury; family need support.",
        by=sw,
        on=date(2026, 4, 2),
    )
    assert done.icpc_required is False
    assert "icpc" not in open_tasks(episode)
    with pytest.raises(ValidationError):
        actions.record_initial_conference(
            section47=done, chair="x", attendees="", decision="plan", reasons="y", by=sw, category="PHY"
        )


def test_strategy_discussion_needs_police_and_social_care(people: dict) -> None:
    episode = factories.episode(by=people["tm"], allocate_to=people["sw"])
    with pytest.raises(ValidationError) as refused:
        actions.record_strategy_discussion(
            episode=episode,
            attendees="x",
            agencies=["social_care"],
            decision="section_47",
            reasons="y",
            by=people["sw"],
        )
    assert "agencies" in refused.value.message_dict


def child_protection(people: dict, *, held_on: date = date(2026, 4, 15), **extra: object) -> Conference:
    sw, iro = people["sw"], people["iro"]
    episode = factories.episode(by=people["tm"], referral_date=date(2026, 3, 25), allocate_to=sw)
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=date(2026, 3, 25),
        attendees="Social care, police, health",
        agencies=["social_care", "police", "health"],
        decision="section_47",
        reasons="Child disclosed being hit.",
        by=sw,
    )
    section47 = actions.complete_section47(
        section47=discussion.section47,
        version=discussion.section47.version,
        outcome=Section47.Outcome.ICPC,
        reasons="Injuries consistent with the account.",
        by=sw,
        on=date(2026, 4, 8),
    )
    return actions.record_initial_conference(
        section47=section47,
        held_on=held_on,
        chair="Ms D Chair",
        attendees="Mother, social worker, police, school",
        decision=Conference.Decision.PLAN,
        reasons="Risk of significant harm: physical abuse.",
        by=iro,
        category="PHY",
        **extra,  # type: ignore[arg-type]
    )


def test_initial_conference_to_plan_reviews_and_end(people: dict) -> None:
    conference = child_protection(people)
    plan = conference.plan
    episode = plan.episode
    assert conference.section47.icpc_target == date(2026, 4, 17)  # 25 March + 15 working days (Easter)
    assert plan.start_date == date(2026, 4, 15)  # rule 2885: the plan starts on the conference's day
    assert (plan.initial_category, plan.latest_category, plan.visit_every) == ("PHY", "PHY", 10)
    # The assessment goes on alongside the enquiry and the plan (its clock still runs from the referral).
    assert open_tasks(episode) == {
        "assessment": date(2026, 6, 2),
        "first-core-group": date(2026, 4, 29),
        "first-review-conference": date(2026, 7, 15),
        "cp-visit": date(2026, 4, 29),
    }
    actions.record_core_group(
        plan=plan,
        attendees="Mother, school",
        summary="Plan agreed.",
        by=people["sw"],
        held_on=date(2026, 4, 24),
    )
    assert "first-core-group" not in open_tasks(episode)
    actions.record_visit(
        episode=episode,
        seen=True,
        seen_alone=True,
        bedroom_seen=True,
        observations="Bedroom clean; child chatty.",
        by=people["sw"],
        visited_at=datetime(2026, 4, 22, 10, 0, tzinfo=LONDON),
    )
    assert open_tasks(episode)["cp-visit"] == date(2026, 5, 7)  # 22 April + 10 working days (May Day)

    review = actions.record_review_conference(
        plan=plan,
        version=plan.version,
        held_on=date(2026, 7, 10),
        chair="Ms D Chair",
        attendees="Mother, social worker",
        decision=Conference.Decision.CONTINUE,
        reasons="Some progress; risks remain.",
        latest_category="NEG",
        by=people["iro"],
    )
    plan.refresh_from_db()
    assert review.kind == Conference.Kind.REVIEW and plan.latest_category == "NEG"
    # then every 6 months: 10 January 2027 is a Sunday, so the review is due by Friday 8 January
    assert open_tasks(episode)["review-conference"] == date(2027, 1, 8)
    actions.record_review_conference(
        plan=plan,
        version=plan.version,
        held_on=date(2026, 11, 2),
        chair="Ms D Chair",
        attendees="Mother",
        decision=Conference.Decision.END,
        end_reason="no_longer_at_risk",
        reasons="Sustained change.",
        by=people["iro"],
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (date(2026, 11, 2), "no_longer_at_risk")
    assert set(open_tasks(episode)) == {"assessment"}


def test_a_late_initial_conference_needs_a_reason(people: dict) -> None:
    with pytest.raises(ValidationError) as refused:
        child_protection(people, held_on=date(2026, 4, 20))
    assert "late_reason" in refused.value.message_dict
    conference = child_protection(people, held_on=date(2026, 4, 20), late_reason="The chair was ill.")
    task = Task.objects.get(episode=conference.episode, rule_key="icpc")
    assert task.late_reason == "The chair was ill."


def test_plan_visit_frequency_is_set_by_the_conference(people: dict) -> None:
    conference = child_protection(people, visit_every=5)
    assert open_tasks(conference.episode)["cp-visit"] == date(2026, 4, 22)


def test_a_child_in_need_plan_ends_when_a_child_protection_plan_starts(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, referral_date=date(2026, 3, 2), allocate_to=sw)
    cin_plan = actions.start_cin_plan(episode=episode, by=sw, start_date=date(2026, 3, 10))
    discussion = actions.record_strategy_discussion(
        episode=episode,
        held_on=date(2026, 3, 25),
        attendees="x",
        agencies=["social_care", "police"],
        decision="section_47",
        reasons="y",
        by=sw,
    )
    s47 = actions.complete_section47(
        section47=discussion.section47, version=1, outcome="icpc", reasons="z", by=sw, on=date(2026, 4, 1)
    )
    actions.record_initial_conference(
        section47=s47,
        held_on=date(2026, 4, 14),
        chair="c",
        attendees="",
        decision="plan",
        reasons="r",
        by=sw,
        category="NEG",
    )
    cin_plan.refresh_from_db()
    assert cin_plan.end_date == date(2026, 4, 14)
    assert set(open_tasks(episode)) == {
        "assessment",
        "first-core-group",
        "first-review-conference",
        "cp-visit",
    }


def test_closing_needs_finished_work_and_a_fitting_reason(people: dict) -> None:
    sw, tm = people["sw"], people["tm"]
    episode = factories.episode(by=tm, allocate_to=sw)
    with pytest.raises(ValidationError) as refused:
        actions.close_episode(episode=episode, version=episode.version, reason="RC8", by=sw)
    assert "reason" in refused.value.message_dict
    actions.start_assessment(episode=episode, by=sw, start_date=date(2026, 3, 3))
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="assessment"):
        actions.close_episode(episode=episode, version=episode.version, reason="RC7", by=sw)
    with pytest.raises(ValidationError):
        actions.close_episode(episode=episode, version=episode.version, reason="RC99", by=sw)
    with pytest.raises(ConflictError):
        actions.close_episode(episode=episode, version=episode.version - 1, reason="RC7", by=sw)


def test_casework_on_a_restricted_child_is_refused_to_others(people: dict) -> None:
    child = factories.person(by=people["tm"], restricted=True)
    episode = factories.episode(person_obj=child, by=people["tm"])
    with pytest.raises(PermissionDenied):
        actions.start_assessment(episode=episode, by=people["sw"])


def test_no_date_in_the_future_or_before_the_referral(people: dict) -> None:
    episode = factories.episode(by=people["tm"], referral_date=date(2026, 3, 2), allocate_to=people["sw"])
    for day in (date(2026, 3, 1), date(2099, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            actions.start_assessment(episode=episode, by=people["sw"], start_date=day)
        assert "start_date" in refused.value.message_dict


def test_every_casework_write_is_audited(people: dict) -> None:
    from kindred.audit.models import AuditEvent

    conference = child_protection(people)
    actions_seen = set(
        AuditEvent.objects.filter(person_uuid=conference.episode.person.uuid).values_list("action", flat=True)
    )
    assert {
        "episode.opened",
        "episode.allocated",
        "strategy_discussion.recorded",
        "section47.started",
        "section47.completed",
        "conference.recorded",
        "cp_plan.started",
    } <= actions_seen
