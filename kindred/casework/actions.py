"""Writes in a child's casework, from allocation to closure. Each action runs in one transaction, checks
permission, validates, keeps the statutory clocks (kindred.timescales.tasks) and writes its audit event
(DESIGN.md principle 2). Pages, the synthetic trust and the tests all record casework through these.

Dates are days (the CIN census records days); an action defaults to today and accepts an earlier day so that
history can be recorded (a meeting written up the next morning, the synthetic trust), never a later one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kindred.access.roles import Capability, Role, can, role_of
from kindred.access.rules import can_work_on
from kindred.audit import log
from kindred.casework import codes
from kindred.casework.models import (
    Allocation,
    Assessment,
    AssessmentFactor,
    ChildInNeedPlan,
    ChildInNeedReview,
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Episode,
    Section47,
    StrategyDiscussion,
    Transfer,
    Visit,
)
from kindred.organisation.models import Team
from kindred.people.actions import ConflictError
from kindred.people.models import Person
from kindred.timescales import rules, tasks
from kindred.timescales.calendar import working_days_between

MAX_TEXT = 20_000
RE_REFERRAL_WINDOW_DAYS = 365


# -- helpers -------------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _day(value: dt.date | None, *, field: str, episode: Episode | None = None) -> dt.date:
    """A recorded day: today unless given; never in the future, never before the referral."""
    day = value or _today()
    if day > _today():
        raise ValidationError({field: ["The date cannot be in the future"]})
    if episode is not None and day < episode.referral_date:
        raise ValidationError(
            {field: [f"The date must be on or after the referral date, {episode.referral_date:%-d %B %Y}"]}
        )
    return day


def _text(value: str | None) -> str:
    return (value or "").strip()


def _required(errors: dict[str, list[str]], field: str, value: str, message: str) -> str:
    value = _text(value)
    if not value:
        errors.setdefault(field, []).append(message)
    elif len(value) > MAX_TEXT:
        errors.setdefault(field, []).append(f"Must be {MAX_TEXT:,} characters or fewer")
    return value


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _visible(by: Any, person: Person) -> None:
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise PermissionDenied


def _episode(
    by: Any, episode: Episode, *, capability: Capability = Capability.RECORD_CASEWORK, chair: bool = False
) -> Episode:
    """The episode, locked, if this user may record casework, may see the child, and works on this case
    (the allocated worker, their team and its managers; a conference's chair for a conference)."""
    if not can(by, capability):
        raise PermissionDenied
    locked = _lock(by, episode)
    if not can_work_on(by, locked, chair=chair):
        raise PermissionDenied
    return locked


def _lock(by: Any, episode: Episode) -> Episode:
    locked = Episode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    _visible(by, locked.person)
    return locked


def _open(episode: Episode) -> None:
    if not episode.is_open:
        raise ValidationError("This episode is closed: reopen it by a new referral")


def _running(plan: ChildProtectionPlan | ChildInNeedPlan) -> None:
    if plan.end_date is not None:
        raise ValidationError("This plan has ended")


def _check_version(record: Any, version: int) -> None:
    if record.version != version:
        raise ConflictError


def _bump(record: Any) -> None:
    record.version += 1


def _not_twice(found: Any, what: str) -> None:
    """The same record sent twice (a double click, a resubmitted page) is refused, not recorded again."""
    if found.exists():
        raise ValidationError(f"This {what} has already been recorded")


def _late_reason(errors: dict[str, list[str]], *, done: dt.date, due: dt.date | None, reason: str) -> str:
    """Work done after its due date needs a reason (the statutory guidance asks for it to be recorded)."""
    reason = _text(reason)
    if due is None or done <= due:
        return ""  # on time: a reason typed anyway is not kept (it would mark the work as late)
    if not reason:
        errors.setdefault("late_reason", []).append(f"This is late (it was due by {due:%-d %B %Y}): say why")
    return reason


# -- the episode ---------------------------------------------------------------------------------------------


def open_episode(
    *,
    person: Person,
    referral_date: dt.date,
    referral_source: str,
    primary_need: str,
    by: Any,
    contact: Any = None,
    strategy_discussion_needed: bool = False,
) -> Episode:
    """A referral starts the child in need episode (CIN census CINdetails) and its assessment clock: 45
    working days from the referral (Working Together 2023, 3.2). A referral within 12 months of an earlier
    one (any referral, including one that led to no further action) is flagged as a re-referral (the DfE's
    re-referral measure). A child has one open episode at a time (CIN census rule 8815)."""
    if not (can(by, Capability.WORK_FRONT_DOOR) or can(by, Capability.MANAGE_CASEWORK)):
        raise PermissionDenied
    with transaction.atomic():
        if Episode.objects.open().filter(person=person).exists():
            raise ValidationError("This child already has an open child in need episode")
        return _start_episode(
            person=person,
            referral_date=referral_date,
            fields={
                "contact": contact,
                "referral_source": referral_source,
                "primary_need": primary_need,
                "strategy_discussion_needed": strategy_discussion_needed,
            },
            by=by,
        )


def _start_episode(*, person: Person, referral_date: dt.date, fields: dict[str, Any], by: Any) -> Episode:
    earlier = Episode.objects.filter(
        person=person,
        referral_date__lt=referral_date,
        referral_date__gte=referral_date - dt.timedelta(days=RE_REFERRAL_WINDOW_DAYS),
    ).exists()
    episode = Episode.objects.create(
        person=person, referral_date=referral_date, re_referral=earlier, created_by=by, **fields
    )
    tasks.start_clock(
        episode=episode,
        rule_key=rules.ASSESSMENT,
        title="Complete the child and family assessment",
        start=referral_date,
    )
    log.record(
        "episode.opened", by=by, target=episode, person=person, changes={"re_referral": [None, earlier]}
    )
    return episode


def allocate_episode(
    *,
    episode: Episode,
    worker: Any,
    by: Any,
    on: dt.date | None = None,
    reason: str = "",
    version: int | None = None,
) -> Allocation:
    """A manager gives the case to a worker in their team; the episode's due work follows. The manager of a
    team another team has asked to take the case may allocate it too, and that accepts the transfer. With the
    version the manager saw, a case someone else allocated meanwhile is refused, not silently moved."""
    if not can(by, Capability.MANAGE_CASEWORK):
        raise PermissionDenied
    with transaction.atomic():
        episode = _lock(by, episode)
        transfer = open_transfer(episode)
        receiving = transfer is not None and receives(by, transfer)
        if not (receiving or can_work_on(by, episode)):
            raise PermissionDenied
        if version is not None:
            _check_version(episode, version)
        _open(episode)
        day = _day(on, field="on", episode=episode)
        if (
            not can(worker, Capability.RECORD_CASEWORK)
            or not Person.objects.visible_to(worker).filter(pk=episode.person_id).exists()
        ):
            raise ValidationError({"worker": ["Choose a social worker who can work with this child"]})
        if episode.allocated_to_id == worker.pk:
            raise ValidationError({"worker": [f"The case is already allocated to {worker}"]})
        # A team manager allocates within their own team; a case moves to another team only when that team's
        # manager takes it (request_transfer, then their allocation accepts it). Service managers may allocate
        # anywhere in their service.
        if role_of(by) != Role.SERVICE_MANAGER and worker.team_id != getattr(by, "team_id", None):
            raise ValidationError(
                {"worker": ["Choose a worker in your team. To move the case, ask the other team to take it"]}
            )
        accepts = transfer is not None and worker.team_id == transfer.to_team_id
        # A service manager moving the case to a third team ends the request: it was for another team.
        moved_elsewhere = transfer is not None and not accepts and worker.team_id != episode.team_id
        if transfer is not None and accepts and day < transfer.requested_on:
            asked = f"{transfer.requested_on:%-d %B %Y}"
            raise ValidationError(
                {"on": [f"The date must be on or after the transfer was asked for, {asked}"]}
            )
        previous = Allocation.objects.filter(episode=episode, end_date=None).first()
        if previous is not None:
            if day < previous.start_date:
                raise ValidationError({"on": ["The date must be on or after the current allocation began"]})
            previous.end_date = day
            previous.save(update_fields=["end_date"])
        allocation = Allocation.objects.create(
            episode=episode,
            worker=worker,
            team_id=worker.team_id,
            start_date=day,
            allocated_by=by,
            reason=_text(reason),
        )
        before = previous.worker.username if previous else None
        episode.allocated_to = worker
        episode.team_id = worker.team_id or episode.team_id
        _bump(episode)
        episode.save(update_fields=["allocated_to", "team", "version"])
        tasks.follow_allocation(episode=episode)
        log.record(
            "episode.allocated",
            by=by,
            target=episode,
            person=episode.person,
            changes={"allocated_to": [before, worker.username]},
            reason=allocation.reason,
        )
        if transfer is not None and accepts:
            _decide(transfer, status=Transfer.Status.ACCEPTED, by=by, day=day)
        elif transfer is not None and moved_elsewhere:
            reason = f"The case moved to {worker.team}" if worker.team else "The case moved"
            _decide(transfer, status=Transfer.Status.WITHDRAWN, by=by, day=day, reason=reason)
    return allocation


# -- moving a case to another team ---------------------------------------------------------------------------

# The teams a child in need case can move to: the social work teams that hold children's cases. (Family help
# is a different episode; leaving care teams hold care leavers, not child in need cases.)
CASE_TEAMS = (
    Team.Kind.ASSESSMENT,
    Team.Kind.CIN_CP,
    Team.Kind.CHILDREN_IN_CARE,
    Team.Kind.DISABLED_CHILDREN,
)


def receiving_teams(user: Any) -> Any:
    """The teams in the user's trust that can take a case: case-holding teams with a manager to accept it."""
    from kindred.organisation.models import User

    managed = User.objects.filter(is_active=True, role=Role.TEAM_MANAGER).values("team_id")
    found = Team.objects.filter(kind__in=CASE_TEAMS, pk__in=managed)
    if getattr(user, "team_id", None):
        trust = Team.objects.filter(pk=user.team_id).values("service_area__trust_id")[:1]
        found = found.filter(service_area__trust_id=trust)
    return found.select_related("service_area").order_by("service_area__name", "name")


def open_transfer(episode: Episode) -> Transfer | None:
    return (
        Transfer.objects.filter(episode=episode, status=Transfer.Status.REQUESTED)
        .select_related("to_team", "from_team", "requested_by")
        .first()
    )


def receives(user: Any, transfer: Transfer) -> bool:
    """The receiving team's manager (or a service manager) decides an open transfer."""
    role = role_of(user)
    if not transfer.is_open or not can(user, Capability.MANAGE_CASEWORK):
        return False
    if role == Role.SERVICE_MANAGER:
        return True
    return role == Role.TEAM_MANAGER and getattr(user, "team_id", None) == transfer.to_team_id


def request_transfer(
    *, episode: Episode, to_team: Team | None, reason: str, by: Any, version: int, on: dt.date | None = None
) -> Transfer:
    """The case's manager asks another team to take the case. Nothing moves yet: the worker keeps the case
    and its due work until the receiving manager allocates it (`allocate_episode`) or declines."""
    errors: dict[str, list[str]] = {}
    reason = _required(errors, "reason", reason, "Say why the case should move, for the team taking it")
    with transaction.atomic():
        episode = _episode(by, episode, capability=Capability.MANAGE_CASEWORK)
        _check_version(episode, version)
        _open(episode)
        day = _day(on, field="on", episode=episode)
        pending = open_transfer(episode)
        if pending is not None:
            raise ValidationError(
                f"{pending.to_team} has already been asked to take the case: withdraw that request first"
            )
        if to_team is None or not receiving_teams(by).filter(pk=to_team.pk).exists():
            errors.setdefault("to_team", []).append("Choose the team that should take the case")
        elif to_team.pk == episode.team_id:
            errors.setdefault("to_team", []).append(f"The case is already with {to_team}")
        elif not _a_manager_can_see(to_team, episode.person):
            # A restricted record is seen only by those named on it: a team none of whose managers is named
            # could never see the request, and it would wait unseen.
            errors.setdefault("to_team", []).append(
                f"No manager in {to_team} is named on this restricted record: ask for one to be named first"
            )
        _raise(errors)
        assert to_team is not None
        transfer = Transfer.objects.create(
            episode=episode,
            from_team_id=episode.team_id,
            to_team=to_team,
            reason=reason,
            requested_by=by,
            requested_on=day,
        )
        _bump(episode)
        episode.save(update_fields=["version"])
        log.record(
            "episode.transfer_requested",
            by=by,
            target=episode,
            person=episode.person,
            changes={"to_team": [None, to_team.name]},
            reason=reason,
        )
    return transfer


def _a_manager_can_see(team: Team, person: Person) -> bool:
    from kindred.organisation.models import User

    managers = User.objects.filter(team=team, role=Role.TEAM_MANAGER, is_active=True)
    return any(Person.objects.visible_to(m).filter(pk=person.pk).exists() for m in managers)


def withdraw_transfer(*, transfer: Transfer, by: Any, version: int) -> Transfer:
    """The sending side takes its request back (the plan changed, or it asked the wrong team)."""
    with transaction.atomic():
        episode = _episode(by, transfer.episode, capability=Capability.MANAGE_CASEWORK)
        _check_version(episode, version)
        transfer = _open_request(transfer)
        _decide(transfer, status=Transfer.Status.WITHDRAWN, by=by, day=_today())
        _bump(episode)
        episode.save(update_fields=["version"])
    return transfer


def decline_transfer(*, transfer: Transfer, by: Any, reason: str, version: int) -> Transfer:
    """The receiving manager says no, and why (the threshold for their team is not met, say): the case stays
    where it is and its managers see the reason on the episode."""
    errors: dict[str, list[str]] = {}
    reason = _required(errors, "reason", reason, "Say why your team will not take the case")
    if not can(by, Capability.MANAGE_CASEWORK):
        raise PermissionDenied
    with transaction.atomic():
        episode = _lock(by, transfer.episode)
        transfer = _open_request(transfer)
        if not receives(by, transfer):
            raise PermissionDenied
        _check_version(episode, version)
        _raise(errors)
        _decide(transfer, status=Transfer.Status.DECLINED, by=by, day=_today(), reason=reason)
        _bump(episode)
        episode.save(update_fields=["version"])
    return transfer


def _open_request(transfer: Transfer) -> Transfer:
    locked = (
        Transfer.objects.select_for_update().select_related("to_team", "episode__person").get(pk=transfer.pk)
    )
    if not locked.is_open:
        raise ValidationError(f"This transfer has already been {locked.get_status_display().lower()}")
    return locked


def _decide(transfer: Transfer, *, status: str, by: Any, day: dt.date, reason: str = "") -> None:
    transfer.status = status
    transfer.decided_by = by
    transfer.decided_on = day
    transfer.decline_reason = reason
    transfer.save(update_fields=["status", "decided_by", "decided_on", "decline_reason"])
    log.record(
        f"episode.transfer_{status}",
        by=by,
        target=transfer.episode,
        person=transfer.episode.person,
        changes={
            "status": [Transfer.Status.REQUESTED.value, status],
            "to_team": [None, transfer.to_team.name],
        },
        reason=reason,
    )


def close_episode(
    *, episode: Episode, version: int, reason: str, by: Any, closure_date: dt.date | None = None
) -> Episode:
    """Close the child in need episode with a ReasonForClosure code. The CIN census refuses a closed episode
    with an assessment or section 47 still open (rules 8867, 8868) and RC8/RC9 without an assessment (8825Q);
    a child protection plan ends by conference, not by closing the case."""
    errors: dict[str, list[str]] = {}
    if reason not in dict(codes.REASON_FOR_CLOSURE):
        errors["reason"] = ["Choose the reason the case is closing"]
    with transaction.atomic():
        episode = _episode(by, episode)
        _check_version(episode, version)
        _open(episode)
        day = _day(closure_date, field="closure_date", episode=episode)
        if episode.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
            errors.setdefault("__all__", []).append("Finish the assessment and have it authorised first")
        if episode.section47s.filter(completed_date=None).exists():
            errors.setdefault("__all__", []).append("Record the section 47 enquiry's outcome first")
        if _awaiting_conference(episode):  # CIN census rule 8868
            errors.setdefault("__all__", []).append("Record the initial child protection conference first")
        if episode.cp_plans.filter(end_date=None).exists():
            errors.setdefault("__all__", []).append(
                "The child protection plan must be ended by a conference first"
            )
        if reason in ("RC8", "RC9") and not episode.assessments.exists():
            errors.setdefault("reason", []).append(
                "'Closed after assessment' needs an assessment on this episode"
            )
        elif reason in ("RC8", "RC9") and (
            episode.section47s.exists() or episode.cp_plans.exists() or episode.cin_plans.exists()
        ):  # CIN census rule 2990: nothing but the assessment on a case closed after assessment
            errors.setdefault("reason", []).append(
                "'Closed after assessment' is for a case with nothing after the assessment: "
                "choose another reason"
            )
        last = _last_activity(episode)
        if last is not None and day < last:  # CIN census rule 8565: no activity after closure
            errors.setdefault("closure_date", []).append(
                f"The case cannot close before work recorded on it, on {last:%-d %B %Y}"
            )
        _raise(errors)
        _close(episode, day=day, reason=reason, by=by)
    return episode


def _last_activity(episode: Episode) -> dt.date | None:
    """The day of the latest statutory work recorded on the episode (what the census dates)."""
    latest = [
        episode.assessments.aggregate(a=Max("start_date"), b=Max("authorised_date")),
        episode.section47s.aggregate(a=Max("start_date"), b=Max("completed_date")),
        episode.conferences.aggregate(a=Max("held_on")),
        episode.cp_plans.aggregate(a=Max("start_date")),
        episode.cin_plans.aggregate(a=Max("start_date")),
    ]
    found = [day for row in latest for day in row.values() if day is not None]
    return max(found) if found else None


def _close(episode: Episode, *, day: dt.date, reason: str, by: Any) -> None:
    # A referral closed with nothing done on it (no assessment, enquiry or plan) is a referral that led to no
    # further action: the CIN census's ReferralNFA.
    nothing_done = not (
        episode.assessments.exists()
        or episode.section47s.exists()
        or episode.cin_plans.exists()
        or episode.cp_plans.exists()
    )
    for plan in episode.cin_plans.filter(end_date=None):
        plan.end_date = max(day, plan.start_date)
        _bump(plan)
        plan.save(update_fields=["end_date", "version"])
    episode.closure_date = day
    episode.closure_reason = reason
    episode.referral_nfa = nothing_done
    _bump(episode)
    episode.save(update_fields=["closure_date", "closure_reason", "referral_nfa", "version"])
    Allocation.objects.filter(episode=episode, end_date=None).update(end_date=day)
    pending = open_transfer(episode)
    if pending is not None:  # a closed case moves nowhere: the request is withdrawn with it
        _decide(pending, status=Transfer.Status.WITHDRAWN, by=by, day=day, reason="The case closed")
    tasks.stop_all(episode=episode, on=day)
    log.record(
        "episode.closed",
        by=by,
        target=episode,
        person=episode.person,
        changes={"closure_date": [None, day], "closure_reason": [None, reason]},
    )


# -- the assessment ------------------------------------------------------------------------------------------


def start_assessment(*, episode: Episode, by: Any, start_date: dt.date | None = None) -> Assessment:
    with transaction.atomic():
        episode = _episode(by, episode)
        _open(episode)
        day = _day(start_date, field="start_date", episode=episode)
        if episode.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
            raise ValidationError("An assessment is already in progress on this episode")
        # The 45 working days run from the referral, not from the assessment's start (Working Together 2023).
        due = rules.due_date_after(rules.ASSESSMENT, episode.referral_date)
        assessment = Assessment.objects.create(episode=episode, start_date=day, due_date=due, started_by=by)
        log.record("assessment.started", by=by, target=assessment, person=episode.person)
    return assessment


def _check_factors(errors: dict[str, list[str]], factors: list[str]) -> list[str]:
    known = dict(codes.ASSESSMENT_FACTORS)
    chosen = list(dict.fromkeys(factors))  # rule 8898: no factor twice
    if not chosen:
        errors.setdefault("factors", []).append(
            "Choose the factors identified, or 'No factors identified'"
        )  # 8897Q
    elif any(code not in known for code in chosen):
        errors.setdefault("factors", []).append("Choose factors from the list")
    elif codes.NO_FACTORS in chosen and len(chosen) > 1:  # rule 8869
        errors.setdefault("factors", []).append("'No factors identified' cannot be chosen with other factors")
    return chosen


def save_assessment(
    *,
    assessment: Assessment,
    version: int,
    by: Any,
    child_views: str = "",
    analysis: str = "",
    factors: list[str] | None = None,
    outcome: str = "",
    late_reason: str = "",
) -> Assessment:
    """Save the assessment as it is written (no checks on completeness yet): what is typed is kept,
    including a chosen outcome cleared again."""
    with transaction.atomic():
        _episode(by, assessment.episode)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_version(assessment, version)
        if assessment.status != Assessment.Status.IN_PROGRESS:
            raise ValidationError("This assessment has been sent for authorisation: it cannot be changed")
        assessment.child_views = _text(child_views)[:MAX_TEXT]
        assessment.analysis = _text(analysis)[:MAX_TEXT]
        assessment.outcome = outcome if outcome in Assessment.Outcome.values else ""
        assessment.late_reason = _text(late_reason)[:MAX_TEXT]
        _bump(assessment)
        assessment.save()
        if factors is not None:
            _set_factors(
                assessment, [f for f in dict.fromkeys(factors) if f in dict(codes.ASSESSMENT_FACTORS)]
            )
        log.record("assessment.saved", by=by, target=assessment, person=assessment.episode.person)
    return assessment


def _set_factors(assessment: Assessment, chosen: list[str]) -> None:
    assessment.factors.all().delete()
    AssessmentFactor.objects.bulk_create(
        [AssessmentFactor(assessment=assessment, code=code) for code in chosen]
    )


def complete_assessment(
    *,
    assessment: Assessment,
    version: int,
    by: Any,
    factors: list[str],
    child_views: str,
    analysis: str,
    outcome: str,
    late_reason: str = "",
    on: dt.date | None = None,
) -> Assessment:
    """The worker finishes the assessment and sends it to a manager. It needs the child's views in their own
    words (or why they could not be given), the analysis, the factors (CIN census AssessmentFactors) and the
    recommended outcome; after the 45th working day, the reason it is late."""
    errors: dict[str, list[str]] = {}
    chosen = _check_factors(errors, factors)
    child_views = _required(
        errors,
        "child_views",
        child_views,
        "Record the child's views in their own words, or why they could not",
    )
    analysis = _required(errors, "analysis", analysis, "Record your analysis")
    if outcome not in Assessment.Outcome.values:
        errors["outcome"] = ["Choose what should happen next"]
    with transaction.atomic():
        episode = _episode(by, assessment.episode)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_version(assessment, version)
        if assessment.status != Assessment.Status.IN_PROGRESS:
            raise ValidationError("This assessment has already been sent for authorisation")
        day = _day(on, field="on", episode=episode)
        if day < assessment.start_date:
            errors.setdefault("on", []).append("The assessment cannot finish before it started")
        reason = _late_reason(errors, done=day, due=assessment.due_date, reason=late_reason)
        _raise(errors)
        assessment.factors.all().delete()
        AssessmentFactor.objects.bulk_create(
            [AssessmentFactor(assessment=assessment, code=c) for c in chosen]
        )
        assessment.child_views = child_views
        assessment.analysis = analysis
        assessment.outcome = outcome
        assessment.late_reason = reason
        assessment.completed_date = day
        assessment.completed_by = by
        assessment.status = Assessment.Status.AWAITING_AUTHORISATION
        _bump(assessment)
        assessment.save()
        tasks.start_clock(
            episode=episode,
            rule_key=rules.ASSESSMENT_AUTHORISATION,
            title="Authorise the child and family assessment",
            start=day,
        )
        log.record(
            "assessment.completed",
            by=by,
            target=assessment,
            person=episode.person,
            changes={"outcome": [None, outcome], "factors": [None, chosen]},
            reason=reason,
        )
    return assessment


def written_by(user: Any, assessments: list[Assessment]) -> set[int]:
    """Which of these assessments the user started, wrote in or sent: they may not authorise or return them
    (no one authorises their own work). Every save is an audit event, so the trail says who wrote in each;
    one query for the lot."""
    from kindred.audit.models import AuditEvent

    pk = getattr(user, "pk", None)
    mine = {a.pk for a in assessments if pk in (a.started_by_id, a.completed_by_id)}
    rest = {str(a.uuid): a.pk for a in assessments if a.pk not in mine}
    if rest and pk is not None:
        saved = AuditEvent.objects.filter(
            target_type=Assessment._meta.label_lower,
            target_id__in=list(rest),
            actor_id=pk,
            action__in=["assessment.started", "assessment.saved", "assessment.completed"],
        ).values_list("target_id", flat=True)
        mine |= {rest[target] for target in saved}
    return mine


def wrote_assessment(user: Any, assessment: Assessment) -> bool:
    return assessment.pk in written_by(user, [assessment])


def return_assessment(*, assessment: Assessment, version: int, comment: str, by: Any) -> Assessment:
    """A manager sends the assessment back with what needs doing."""
    errors: dict[str, list[str]] = {}
    comment = _required(errors, "comment", comment, "Say what needs to change")
    _raise(errors)
    with transaction.atomic():
        episode = _episode(by, assessment.episode, capability=Capability.MANAGE_CASEWORK)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_version(assessment, version)
        if assessment.status != Assessment.Status.AWAITING_AUTHORISATION:
            raise ValidationError("This assessment is not waiting for authorisation")
        if wrote_assessment(by, assessment):
            raise ValidationError("You wrote this assessment: another manager must review it")
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.manager_comment = comment
        assessment.completed_date = None
        _bump(assessment)
        assessment.save()
        tasks.stop_all(episode=episode, on=_today(), rule_keys=[rules.ASSESSMENT_AUTHORISATION])
        log.record("assessment.returned", by=by, target=assessment, person=episode.person, reason=comment)
    return assessment


def authorise_assessment(
    *, assessment: Assessment, version: int, by: Any, comment: str = "", on: dt.date | None = None
) -> Assessment:
    """A manager who did not write it authorises the assessment (AssessmentAuthorisationDate), and its outcome
    happens: close (RC8, or RC9 to family help), start a child in need plan, or record that a strategy
    discussion is needed."""
    with transaction.atomic():
        episode = _episode(by, assessment.episode, capability=Capability.MANAGE_CASEWORK)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_version(assessment, version)
        if assessment.status != Assessment.Status.AWAITING_AUTHORISATION:
            raise ValidationError("This assessment is not waiting for authorisation")
        if wrote_assessment(by, assessment):
            raise ValidationError("You wrote this assessment: another manager must authorise it")
        day = _day(on, field="on", episode=episode)
        if assessment.completed_date and day < assessment.completed_date:
            raise ValidationError({"on": ["Authorisation cannot come before the assessment was completed"]})
        assessment.status = Assessment.Status.AUTHORISED
        assessment.authorised_by = by
        assessment.authorised_date = day
        assessment.manager_comment = _text(comment)
        _bump(assessment)
        assessment.save()
        tasks.stop_clock(episode=episode, rule_key=rules.ASSESSMENT_AUTHORISATION, on=day)
        tasks.stop_clock(
            episode=episode, rule_key=rules.ASSESSMENT, on=day, late_reason=assessment.late_reason
        )
        log.record(
            "assessment.authorised",
            by=by,
            target=assessment,
            person=episode.person,
            changes={"outcome": [None, assessment.outcome]},
            reason=assessment.manager_comment,
        )
        outcome = assessment.outcome
        if outcome in (Assessment.Outcome.NFA, Assessment.Outcome.FAMILY_HELP) and not _active_plans(episode):
            _close(episode, day=day, reason="RC8" if outcome == Assessment.Outcome.NFA else "RC9", by=by)
        elif outcome == Assessment.Outcome.CIN_PLAN and not _active_plans(episode):
            _start_cin_plan(episode, day=day, outline="", visit_every=None, by=by)
        elif outcome == Assessment.Outcome.STRATEGY:
            episode.strategy_discussion_needed = True
            episode.save(update_fields=["strategy_discussion_needed"])
    return assessment


def _awaiting_conference(episode: Episode) -> bool:
    """An enquiry concluded that an initial conference is needed, and it has not been held yet."""
    return episode.section47s.filter(outcome=Section47.Outcome.ICPC, conference__isnull=True).exists()


def _active_plans(episode: Episode) -> bool:
    return (
        episode.cp_plans.filter(end_date=None).exists()
        or episode.cin_plans.filter(end_date=None).exists()
        or episode.section47s.filter(completed_date=None).exists()
        or _awaiting_conference(episode)
    )


# -- child protection ----------------------------------------------------------------------------------------


def record_strategy_discussion(
    *,
    episode: Episode,
    attendees: str,
    agencies: list[str],
    decision: str,
    reasons: str,
    by: Any,
    held_on: dt.date | None = None,
) -> StrategyDiscussion:
    """A strategy discussion (Working Together 2023, 2.1). A decision to start a section 47 enquiry starts
    it on the same day, and with it the clock for the initial conference: 15 working days from this
    discussion (InitialCPCtarget)."""
    errors: dict[str, list[str]] = {}
    attendees = _required(errors, "attendees", attendees, "Record who took part")
    reasons = _required(errors, "reasons", reasons, "Record the reasons for the decision")
    chosen = list(dict.fromkeys(agencies))
    if any(a not in dict(codes.AGENCIES) for a in chosen):
        errors["agencies"] = ["Choose agencies from the list"]
    elif not {"police", "social_care"} <= set(chosen):
        # Working Together 2023, 2.1: social care and the police take part, with health.
        errors["agencies"] = ["A strategy discussion includes children's social care and the police"]
    if decision not in StrategyDiscussion.Decision.values:
        errors["decision"] = ["Choose the decision"]
    with transaction.atomic():
        episode = _episode(by, episode)
        _open(episode)
        day = _day(held_on, field="held_on", episode=episode)
        if (
            decision == StrategyDiscussion.Decision.SECTION_47
            and episode.section47s.filter(completed_date=None).exists()
        ):
            errors.setdefault("decision", []).append("A section 47 enquiry is already open on this episode")
        _raise(errors)
        _not_twice(
            StrategyDiscussion.objects.filter(
                episode=episode, held_on=day, reasons=reasons, decision=decision
            ),
            "strategy discussion",
        )
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            held_on=day,
            attendees=attendees,
            agencies=chosen,
            decision=decision,
            reasons=reasons,
            recorded_by=by,
        )
        log.record(
            "strategy_discussion.recorded",
            by=by,
            target=discussion,
            person=episode.person,
            changes={"decision": [None, decision]},
        )
        if decision == StrategyDiscussion.Decision.SECTION_47:
            # InitialCPCtarget (N00109) is the statutory 15 working days, whatever the trust's own standard
            # (the task below follows the local value).
            icpc_rule = rules.rule(rules.ICPC)
            target = rules.due_date_after(icpc_rule, day, value=icpc_rule.national_default)
            section47 = Section47.objects.create(
                episode=episode,
                strategy_discussion=discussion,
                start_date=day,
                icpc_target=target,
                started_by=by,
            )
            tasks.start_clock(
                episode=episode,
                rule_key=rules.ICPC,
                title="Conclude the section 47 enquiry (and hold any initial conference)",
                start=day,
            )
            log.record("section47.started", by=by, target=section47, person=episode.person)
        if episode.strategy_discussion_needed:
            episode.strategy_discussion_needed = False
            episode.save(update_fields=["strategy_discussion_needed"])
    return discussion


def complete_section47(
    *, section47: Section47, version: int, outcome: str, reasons: str, by: Any, on: dt.date | None = None
) -> Section47:
    """The enquiry's outcome: an initial conference (the clock keeps running to the target date), or none
    (ICPCnotRequired), and the clock stops."""
    errors: dict[str, list[str]] = {}
    if outcome not in Section47.Outcome.values:
        errors["outcome"] = ["Choose the outcome of the enquiry"]
    reasons = _required(errors, "reasons", reasons, "Record the reasons")
    with transaction.atomic():
        episode = _episode(by, section47.episode)
        section47 = Section47.objects.select_for_update().get(pk=section47.pk)
        _check_version(section47, version)
        if section47.completed_date is not None:
            raise ValidationError("This enquiry's outcome has already been recorded")
        day = _day(on, field="on", episode=episode)
        if day < section47.start_date:
            errors.setdefault("on", []).append("The enquiry cannot end before it started")
        _raise(errors)
        section47.outcome = outcome
        section47.outcome_reasons = reasons
        section47.completed_date = day
        _bump(section47)
        section47.save()
        if outcome == Section47.Outcome.ICPC:
            tasks.start_clock(
                episode=episode,
                rule_key=rules.ICPC,
                title="Hold the initial child protection conference",
                start=section47.strategy_discussion.held_on,
            )
        else:  # no conference is needed: the clock stops without one being held
            tasks.stop_clock(episode=episode, rule_key=rules.ICPC, on=day, stopped=True)
        log.record(
            "section47.completed",
            by=by,
            target=section47,
            person=episode.person,
            changes={"outcome": [None, outcome]},
        )
    return section47


def _category(errors: dict[str, list[str]], field: str, value: str) -> str:
    if value not in dict(codes.CATEGORY_OF_ABUSE):
        errors.setdefault(field, []).append("Choose the category of abuse")
    return value


def record_initial_conference(
    *,
    section47: Section47,
    chair: str,
    attendees: str,
    decision: str,
    reasons: str,
    by: Any,
    held_on: dt.date | None = None,
    category: str = "",
    visit_every: int | None = None,
    late_reason: str = "",
) -> Conference:
    """The initial child protection conference (Working Together 2023, 2.2). A decision for a plan starts the
    child protection plan that day (CIN census rule 2885) with its clocks: first core group in 10 working
    days, first review in 3 months, and visits at the plan's frequency (local default every 10 working
    days). A child in need plan cannot run alongside it (rule 4001), so an open one ends."""
    errors: dict[str, list[str]] = {}
    chair = _required(errors, "chair", chair, "Record who chaired the conference")
    reasons = _required(errors, "reasons", reasons, "Record the reasons for the decision")
    attendees = _text(attendees)
    if decision not in (
        Conference.Decision.PLAN,
        Conference.Decision.NO_PLAN,
        Conference.Decision.NO_PLAN_NFA,
    ):
        errors["decision"] = ["Choose the conference's decision"]
    if decision == Conference.Decision.PLAN:
        _category(errors, "category", category)
    if visit_every is not None and not 1 <= visit_every <= 30:
        errors["visit_every"] = ["Visits must be every 1 to 30 working days"]
    with transaction.atomic():
        episode = _episode(by, section47.episode, chair=True)
        _open(episode)
        section47 = Section47.objects.select_for_update().get(pk=section47.pk)
        if section47.outcome != Section47.Outcome.ICPC:
            raise ValidationError("This enquiry did not conclude that an initial conference is needed")
        if Conference.objects.filter(section47=section47).exists():
            raise ValidationError("The initial conference for this enquiry has already been recorded")
        day = _day(held_on, field="held_on", episode=episode)
        if day < section47.start_date:
            errors.setdefault("held_on", []).append("The conference cannot be before the enquiry started")
        reason = _late_reason(errors, done=day, due=section47.icpc_target, reason=late_reason)
        _raise(errors)
        conference = Conference.objects.create(
            episode=episode,
            kind=Conference.Kind.INITIAL,
            section47=section47,
            held_on=day,
            chair=chair,
            attendees=attendees,
            decision=decision,
            category=category if decision == Conference.Decision.PLAN else "",
            reasons=reasons,
            late_reason=reason,
            recorded_by=by,
        )
        tasks.stop_clock(episode=episode, rule_key=rules.ICPC, on=day, late_reason=reason)
        log.record(
            "conference.recorded",
            by=by,
            target=conference,
            person=episode.person,
            changes={"kind": [None, "initial"], "decision": [None, decision]},
            reason=reason,
        )
        if decision == Conference.Decision.PLAN:
            for cin_plan in episode.cin_plans.filter(end_date=None):
                cin_plan.end_date = max(day, cin_plan.start_date)
                _bump(cin_plan)
                cin_plan.save(update_fields=["end_date", "version"])
            tasks.stop_all(episode=episode, on=day, rule_keys=[rules.CIN_VISIT, rules.CIN_REVIEW])
            every = visit_every or rules.rule(rules.CP_VISIT).value
            plan = ChildProtectionPlan.objects.create(
                episode=episode,
                start_date=day,
                initial_category=category,
                latest_category=category,
                visit_every=every,
            )
            conference.plan = plan
            conference.save(update_fields=["plan"])
            tasks.start_clock(
                episode=episode, rule_key=rules.FIRST_CORE_GROUP, title="Hold the first core group", start=day
            )
            tasks.start_clock(
                episode=episode,
                rule_key=rules.FIRST_REVIEW_CONFERENCE,
                title="First review conference",
                start=day,
            )
            tasks.start_clock(
                episode=episode,
                rule_key=rules.CP_VISIT,
                title="Visit the child (child protection plan)",
                start=day,
                value=every,
            )
            log.record("cp_plan.started", by=by, target=plan, person=episode.person)
    return conference


def record_core_group(
    *,
    plan: ChildProtectionPlan,
    attendees: str,
    summary: str,
    by: Any,
    held_on: dt.date | None = None,
    late_reason: str = "",
) -> CoreGroup:
    """A core group meeting. The first is due within 10 working days of the initial conference (Working
    Together 2023): one held after that needs the reason it was late."""
    errors: dict[str, list[str]] = {}
    summary = _required(errors, "summary", summary, "Record what the core group agreed")
    with transaction.atomic():
        episode = _episode(by, plan.episode)
        plan = ChildProtectionPlan.objects.get(pk=plan.pk)
        _running(plan)
        day = _day(held_on, field="held_on", episode=episode)
        if day < plan.start_date:
            errors.setdefault("held_on", []).append("A core group cannot meet before the plan started")
        due = tasks.due_date(episode=episode, rule_key=rules.FIRST_CORE_GROUP)
        reason = _late_reason(errors, done=day, due=due, reason=late_reason)
        _raise(errors)
        _not_twice(CoreGroup.objects.filter(plan=plan, held_on=day, summary=summary), "core group meeting")
        core_group = CoreGroup.objects.create(
            plan=plan,
            held_on=day,
            attendees=_text(attendees),
            summary=summary,
            late_reason=reason,
            recorded_by=by,
        )
        tasks.stop_clock(episode=episode, rule_key=rules.FIRST_CORE_GROUP, on=day, late_reason=reason)
        log.record("core_group.recorded", by=by, target=core_group, person=episode.person)
    return core_group


def record_review_conference(
    *,
    plan: ChildProtectionPlan,
    version: int,
    chair: str,
    attendees: str,
    decision: str,
    reasons: str,
    by: Any,
    held_on: dt.date | None = None,
    latest_category: str = "",
    end_reason: str = "",
    late_reason: str = "",
) -> Conference:
    """A review conference (CPPreviewDate): continue the plan (the next review in 6 months) or end it."""
    errors: dict[str, list[str]] = {}
    chair = _required(errors, "chair", chair, "Record who chaired the conference")
    reasons = _required(errors, "reasons", reasons, "Record the reasons for the decision")
    if decision not in (Conference.Decision.CONTINUE, Conference.Decision.END):
        errors["decision"] = ["Choose the conference's decision"]
    if decision == Conference.Decision.CONTINUE and latest_category:
        _category(errors, "latest_category", latest_category)
    if decision == Conference.Decision.END and end_reason not in ChildProtectionPlan.EndReason.values:
        errors["end_reason"] = ["Choose why the plan is ending"]
    with transaction.atomic():
        episode = _episode(by, plan.episode, chair=True)
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        _check_version(plan, version)
        _running(plan)
        day = _day(held_on, field="held_on", episode=episode)
        if day <= plan.start_date:  # rule 8841: a review after the plan started
            errors.setdefault("held_on", []).append("A review conference must be after the plan started")
        last = plan.conferences.filter(kind=Conference.Kind.REVIEW).order_by("-held_on").first()
        if last is not None and day <= last.held_on:  # reviews are recorded in the order they are held
            errors.setdefault("held_on", []).append(
                f"A review conference must be after the last one, on {last.held_on:%-d %B %Y}"
            )
        due = tasks.due_date(episode=episode, rule_key=rules.FIRST_REVIEW_CONFERENCE) or tasks.due_date(
            episode=episode, rule_key=rules.REVIEW_CONFERENCE
        )
        reason = _late_reason(errors, done=day, due=due, reason=late_reason)
        _raise(errors)
        conference = Conference.objects.create(
            episode=episode,
            kind=Conference.Kind.REVIEW,
            plan=plan,
            held_on=day,
            chair=chair,
            attendees=_text(attendees),
            decision=decision,
            category=(latest_category or plan.latest_category)
            if decision == Conference.Decision.CONTINUE
            else "",
            reasons=reasons,
            late_reason=reason,
            recorded_by=by,
        )
        for key in (rules.FIRST_REVIEW_CONFERENCE, rules.REVIEW_CONFERENCE):
            tasks.stop_clock(episode=episode, rule_key=key, on=day, late_reason=reason)
        log.record(
            "conference.recorded",
            by=by,
            target=conference,
            person=episode.person,
            changes={"kind": [None, "review"], "decision": [None, decision]},
            reason=reason,
        )
        if decision == Conference.Decision.CONTINUE:
            if latest_category:
                plan.latest_category = latest_category
            _bump(plan)
            plan.save(update_fields=["latest_category", "version"])
            tasks.start_clock(
                episode=episode, rule_key=rules.REVIEW_CONFERENCE, title="Review conference", start=day
            )
        else:
            _end_cp_plan(plan, day=day, reason=end_reason, by=by)
    return conference


def _end_cp_plan(plan: ChildProtectionPlan, *, day: dt.date, reason: str, by: Any) -> None:
    plan.end_date = day
    plan.end_reason = reason
    _bump(plan)
    plan.save(update_fields=["end_date", "end_reason", "version"])
    tasks.stop_all(
        episode=plan.episode,
        on=day,
        rule_keys=[
            rules.FIRST_CORE_GROUP,
            rules.FIRST_REVIEW_CONFERENCE,
            rules.REVIEW_CONFERENCE,
            rules.CP_VISIT,
        ],
    )
    log.record(
        "cp_plan.ended", by=by, target=plan, person=plan.episode.person, changes={"end_date": [None, day]}
    )


def end_cp_plan(
    *, plan: ChildProtectionPlan, version: int, reason: str, by: Any, end_date: dt.date | None = None
) -> ChildProtectionPlan:
    """End a plan outside a review conference: the child became looked after, moved away, turned 18 or
    died."""
    errors: dict[str, list[str]] = {}
    if (
        reason not in ChildProtectionPlan.EndReason.values
        or reason == ChildProtectionPlan.EndReason.NO_LONGER_AT_RISK
    ):
        errors["reason"] = [
            "Choose why the plan is ending (a review conference decides a child is no longer at risk)"
        ]
    with transaction.atomic():
        episode = _episode(by, plan.episode)
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        _check_version(plan, version)
        _running(plan)
        day = _day(end_date, field="end_date", episode=episode)
        if day <= plan.start_date:  # rule 8840
            errors.setdefault("end_date", []).append("A plan must end after the day it started")
        _raise(errors)
        _end_cp_plan(plan, day=day, reason=reason, by=by)
    return plan


# -- the plan between conferences and reviews ----------------------------------------------------------------

# The most working days between visits a plan may set, as when the plan starts (record_initial_conference,
# start_cin_plan): about six weeks for a protection plan, three months for a child in need plan.
MOST_DAYS_BETWEEN_VISITS = {ChildProtectionPlan: 30, ChildInNeedPlan: 60}


def update_plan(
    *,
    plan: ChildProtectionPlan | ChildInNeedPlan,
    version: int,
    outline: str,
    visit_every: int | None,
    by: Any,
    reason: str = "",
) -> ChildProtectionPlan | ChildInNeedPlan:
    """Change a running plan between conferences or reviews: what will change for the child, who does what
    (the core group keeps a protection plan up to date), and how often the child is visited. With the version
    the worker saw, so two people updating the same plan never silently overwrite each other. A new visiting
    frequency counts from the last visit where the child was seen (or the plan's start), so visiting more
    often brings the next visit forward at once."""
    model = type(plan)
    most = MOST_DAYS_BETWEEN_VISITS[model]
    errors: dict[str, list[str]] = {}
    outline = _text(outline)
    if len(outline) > MAX_TEXT:
        errors["outline"] = [f"Must be {MAX_TEXT:,} characters or fewer"]
    if visit_every is None or not 1 <= visit_every <= most:
        errors["visit_every"] = [f"Visits must be every 1 to {most} working days"]
    with transaction.atomic():
        episode = _episode(by, plan.episode)
        plan = model.objects.select_for_update().get(pk=plan.pk)
        _check_version(plan, version)
        _running(plan)
        _raise(errors)
        changes = {
            name: [getattr(plan, name), value]
            for name, value in (("outline", outline), ("visit_every", visit_every))
            if getattr(plan, name) != value
        }
        if not changes:
            raise ValidationError("Nothing has changed: change the plan or how often the child is visited")
        plan.outline = outline
        plan.visit_every = visit_every  # type: ignore[assignment]
        _bump(plan)
        plan.save(update_fields=["outline", "visit_every", "version"])
        if "visit_every" in changes:
            clock = _visit_clock(episode)
            if clock is not None:
                key, title, every = clock
                seen = Visit.objects.filter(
                    episode=episode, seen=True, visited_at__date__gte=plan.start_date
                ).aggregate(last=Max("visited_at"))["last"]
                since = timezone.localtime(seen).date() if seen else plan.start_date
                tasks.start_clock(episode=episode, rule_key=key, title=title, start=since, value=every)
        kind = "cp_plan" if model is ChildProtectionPlan else "cin_plan"
        log.record(
            f"{kind}.updated",
            by=by,
            target=plan,
            person=episode.person,
            changes=changes,
            reason=_text(reason),
        )
    return plan


# -- child in need -------------------------------------------------------------------------------------------


def _start_cin_plan(
    episode: Episode, *, day: dt.date, outline: str, visit_every: int | None, by: Any
) -> ChildInNeedPlan:
    if episode.cin_plans.filter(end_date=None).exists():
        raise ValidationError("A child in need plan is already open on this episode")
    if episode.cp_plans.filter(end_date=None).exists():  # rule 4001
        raise ValidationError(
            "The child is on a child protection plan: a child in need plan cannot run with it"
        )
    every = visit_every or rules.rule(rules.CIN_VISIT).value
    plan = ChildInNeedPlan.objects.create(episode=episode, start_date=day, outline=outline, visit_every=every)
    tasks.start_clock(
        episode=episode,
        rule_key=rules.CIN_VISIT,
        title="Visit the child (child in need plan)",
        start=day,
        value=every,
    )
    tasks.start_clock(
        episode=episode, rule_key=rules.CIN_REVIEW, title="Review the child in need plan", start=day
    )
    log.record("cin_plan.started", by=by, target=plan, person=episode.person)
    return plan


def start_cin_plan(
    *,
    episode: Episode,
    by: Any,
    start_date: dt.date | None = None,
    outline: str = "",
    visit_every: int | None = None,
) -> ChildInNeedPlan:
    if visit_every is not None and not 1 <= visit_every <= 60:
        raise ValidationError({"visit_every": ["Visits must be every 1 to 60 working days"]})
    with transaction.atomic():
        episode = _episode(by, episode)
        _open(episode)
        day = _day(start_date, field="start_date", episode=episode)
        return _start_cin_plan(episode, day=day, outline=_text(outline), visit_every=visit_every, by=by)


def record_cin_review(
    *,
    plan: ChildInNeedPlan,
    summary: str,
    by: Any,
    held_on: dt.date | None = None,
    late_reason: str = "",
) -> ChildInNeedReview:
    """A review of the child in need plan (the trust's standard: every 3 months). One held after the review
    was due needs the reason it was late; an earlier review written up late is not late itself."""
    errors: dict[str, list[str]] = {}
    summary = _required(errors, "summary", summary, "Record what the review found and agreed")
    with transaction.atomic():
        episode = _episode(by, plan.episode)
        plan = ChildInNeedPlan.objects.get(pk=plan.pk)
        _running(plan)
        day = _day(held_on, field="held_on", episode=episode)
        if day < plan.start_date:
            errors.setdefault("held_on", []).append("A review cannot be before the plan started")
        later = plan.reviews.filter(held_on__gt=day).exists()
        due = None if later else tasks.due_date(episode=episode, rule_key=rules.CIN_REVIEW)
        reason = _late_reason(errors, done=day, due=due, reason=late_reason)
        _raise(errors)
        _not_twice(plan.reviews.filter(held_on=day, summary=summary), "review")
        review = ChildInNeedReview.objects.create(
            plan=plan, held_on=day, summary=summary, late_reason=reason, recorded_by=by
        )
        if not later:  # an earlier review written up late leaves the clock where the later one put it
            tasks.stop_clock(episode=episode, rule_key=rules.CIN_REVIEW, on=day, late_reason=reason)
            tasks.start_clock(
                episode=episode, rule_key=rules.CIN_REVIEW, title="Review the child in need plan", start=day
            )
        log.record("cin_review.recorded", by=by, target=review, person=episode.person)
    return review


def end_cin_plan(
    *, plan: ChildInNeedPlan, version: int, by: Any, end_date: dt.date | None = None
) -> ChildInNeedPlan:
    with transaction.atomic():
        episode = _episode(by, plan.episode)
        plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
        _check_version(plan, version)
        _running(plan)
        day = _day(end_date, field="end_date", episode=episode)
        if day < plan.start_date:  # rule 4011
            raise ValidationError({"end_date": ["A plan cannot end before it started"]})
        plan.end_date = day
        _bump(plan)
        plan.save(update_fields=["end_date", "version"])
        tasks.stop_all(episode=episode, on=day, rule_keys=[rules.CIN_VISIT, rules.CIN_REVIEW])
        log.record(
            "cin_plan.ended", by=by, target=plan, person=episode.person, changes={"end_date": [None, day]}
        )
    return plan


# -- visits --------------------------------------------------------------------------------------------------


def record_visit(
    *,
    episode: Episode,
    seen: bool,
    seen_alone: bool,
    bedroom_seen: bool,
    observations: str,
    by: Any,
    analysis: str = "",
    visited_at: dt.datetime | None = None,
    late_reason: str = "",
) -> Visit:
    """A visit to the child. Only a visit where the child was seen meets the plan's visiting standard and
    starts the clock for the next one; the next is due at the plan's frequency in working days. A visit that
    meets the standard after it was due needs the reason it was late."""
    errors: dict[str, list[str]] = {}
    observations = _required(errors, "observations", observations, "Record what you saw and heard")
    if seen_alone and not seen:
        errors["seen_alone"] = ["The child cannot be seen alone if they were not seen"]
    now = timezone.now()
    when = visited_at or now
    if when > now + dt.timedelta(minutes=5):
        errors["visited_at"] = ["The visit cannot be in the future"]
    with transaction.atomic():
        episode = _episode(by, episode)
        _open(episode)
        day = timezone.localtime(when).date()
        if day < episode.referral_date:
            errors.setdefault("visited_at", []).append("The visit must be on or after the referral date")
        # A visit written up after a later one leaves the clock where the later visit put it.
        later = Visit.objects.filter(episode=episode, seen=True, visited_at__gt=when).exists()
        clock = _visit_clock(episode) if seen and not later else None
        due = tasks.due_date(episode=episode, rule_key=clock[0]) if clock else None
        reason = _late_reason(errors, done=day, due=due, reason=late_reason)
        _raise(errors)
        _not_twice(Visit.objects.filter(episode=episode, visited_at=when, observations=observations), "visit")
        visit = Visit.objects.create(
            episode=episode,
            visited_at=when,
            seen=seen,
            seen_alone=seen_alone,
            bedroom_seen=bedroom_seen,
            observations=observations,
            analysis=_text(analysis),
            late_reason=reason,
            visited_by=by,
        )
        if clock is not None:
            key, title, every = clock
            tasks.stop_clock(episode=episode, rule_key=key, on=day, late_reason=reason)
            tasks.start_clock(episode=episode, rule_key=key, title=title, start=day, value=every)
        log.record(
            "visit.recorded",
            by=by,
            target=visit,
            person=episode.person,
            changes={
                "seen": [None, seen],
                "seen_alone": [None, seen_alone],
                "bedroom_seen": [None, bedroom_seen],
            },
        )
    return visit


def _visit_clock(episode: Episode) -> tuple[str, str, int] | None:
    """The visiting standard the episode's running plan sets: its rule, its task's title and how often."""
    cp_plan = episode.cp_plans.filter(end_date=None).first()
    if cp_plan is not None:
        return rules.CP_VISIT, "Visit the child (child protection plan)", cp_plan.visit_every
    cin_plan = episode.cin_plans.filter(end_date=None).first()
    if cin_plan is not None:
        return rules.CIN_VISIT, "Visit the child (child in need plan)", cin_plan.visit_every
    return None


def working_days_late(done: dt.date, due: dt.date) -> int:
    return max(0, working_days_between(due, done))
