"""Casework pages: the child's episode, and a page for each statutory step on it (allocation, assessment and
its authorisation, strategy discussion, section 47, conferences, plans, core groups, reviews, visits,
closure).

Thin views: each form page hands the cleaned data to one action in kindred.casework.actions, which checks the
rules, saves in one transaction and writes the audit event; the action's errors go on the form (the GOV.UK
error summary), a version that moved on meanwhile is a conflict. Records are read through
`Episode.objects.visible_to(user)`: missing and hidden both answer 404. Every page that shows a child's
casework records that it was seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Model, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability, Role, can, role_of
from kindred.access.rules import can_work_on
from kindred.audit import log
from kindred.casework import actions, codes
from kindred.casework.forms import (
    AllocateForm,
    AssessmentForm,
    AuthoriseForm,
    CINReviewForm,
    CloseForm,
    CoreGroupForm,
    EndCINPlanForm,
    EndCPPlanForm,
    InitialConferenceForm,
    PlanForm,
    ReviewConferenceForm,
    Section47OutcomeForm,
    StartAssessmentForm,
    StartCINPlanForm,
    StrategyDiscussionForm,
    TransferDeclineForm,
    TransferForm,
    TransferWithdrawForm,
    VisitForm,
)
from kindred.casework.models import (
    Allocation,
    Assessment,
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
from kindred.organisation.models import Team, User
from kindred.people.actions import ConflictError
from kindred.timescales import rules
from kindred.timescales import tasks as clocks
from kindred.timescales.calendar import working_days_between
from kindred.timescales.models import Task
from kindred.ui.forms import apply_errors

CONFLICT = "Someone else changed this {what} since you opened it. Check it as it is now, then try again."
VISITS_SHOWN = 10
# Who may hold a case: social workers and the managers who also carry cases.
CASE_HOLDERS = (Role.SOCIAL_WORKER.value, Role.TEAM_MANAGER.value, Role.SERVICE_MANAGER.value)


# -- reading ------------------------------------------------------------------------------------------------


def _visible(request: HttpRequest) -> QuerySet[Episode]:
    return Episode.objects.visible_to(request.user)


def _episode(request: HttpRequest, episode_uuid: UUID) -> Episode:
    """The episode, if this user may see the child; missing and hidden both answer 404."""
    return get_object_or_404(_visible(request).select_related("person", "allocated_to"), uuid=episode_uuid)


def _assessment(request: HttpRequest, assessment_uuid: UUID) -> Assessment:
    return get_object_or_404(
        Assessment.objects.filter(episode__in=_visible(request)).select_related(
            "episode__person", "started_by", "completed_by", "authorised_by"
        ),
        uuid=assessment_uuid,
    )


def _section47(request: HttpRequest, section47_uuid: UUID) -> Section47:
    return get_object_or_404(
        Section47.objects.filter(episode__in=_visible(request)).select_related(
            "episode__person", "strategy_discussion", "conference"
        ),
        uuid=section47_uuid,
    )


def _cp_plan(request: HttpRequest, plan_uuid: UUID) -> ChildProtectionPlan:
    return get_object_or_404(
        ChildProtectionPlan.objects.filter(episode__in=_visible(request)).select_related("episode__person"),
        uuid=plan_uuid,
    )


def _cin_plan(request: HttpRequest, cin_plan_uuid: UUID) -> ChildInNeedPlan:
    return get_object_or_404(
        ChildInNeedPlan.objects.filter(episode__in=_visible(request)).select_related("episode__person"),
        uuid=cin_plan_uuid,
    )


def _section47_of(discussion: StrategyDiscussion) -> Section47 | None:
    try:
        return discussion.section47
    except Section47.DoesNotExist:
        return None


def _conference_of(section47: Section47) -> Conference | None:
    try:
        return section47.conference
    except Conference.DoesNotExist:
        return None


def episode_url(episode: Episode) -> str:
    return reverse("casework:episode", kwargs={"episode_uuid": episode.uuid})


# What the audit trail calls a view of each kind of record (as the actions name their writes).
_VIEWED = {
    Episode: "episode.viewed",
    Assessment: "assessment.viewed",
    Section47: "section47.viewed",
    ChildProtectionPlan: "cp_plan.viewed",
    ChildInNeedPlan: "cin_plan.viewed",
    Transfer: "transfer.viewed",
}


def _record_seen(
    request: HttpRequest, episode: Episode, *, target: Model | None = None, purpose: str = ""
) -> None:
    """One event for the child whose casework the page shows (DESIGN.md principle 4)."""
    target = target or episode
    action = _VIEWED.get(type(target), "episode.viewed")
    log.record(action, by=request.user, target=target, person=episode.person, reason=purpose)


# -- the episode page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A due item, with how many working days are left (negative: overdue)."""

    task: Task
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def time_left(self) -> str:
        if self.days == 0:
            return "Due today"
        n = abs(self.days)
        unit = "working day" if n == 1 else "working days"
        return f"{n} {unit} overdue" if self.days < 0 else f"{n} {unit} left"


@dataclass(frozen=True)
class Step:
    """A next step offered on the episode page."""

    label: str
    url: str
    primary: bool = False


@dataclass
class Enquiry:
    """A strategy discussion, the section 47 enquiry it started and that enquiry's initial conference."""

    discussion: StrategyDiscussion
    section47: Section47 | None = None
    conference: Conference | None = None

    @property
    def agency_names(self) -> list[str]:
        return [codes.AGENCY_LABELS.get(code, code) for code in self.discussion.agencies]


@dataclass
class EpisodeRecord:
    episode: Episode
    allocations: list[Allocation]
    due: list[Due]
    assessments: list[Assessment]
    enquiries: list[Enquiry]
    cp_plans: list[ChildProtectionPlan]
    cin_plans: list[ChildInNeedPlan]
    visits: list[Visit]
    visit_count: int
    transfers: list[Transfer] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def open_transfer(self) -> Transfer | None:
        return next((t for t in self.transfers if t.is_open), None)

    @property
    def declined_transfer(self) -> Transfer | None:
        """The last request, if it was declined: the case's managers need to see why."""
        last = self.transfers[-1] if self.transfers else None
        return last if last is not None and last.status == Transfer.Status.DECLINED else None

    @property
    def current_allocation(self) -> Allocation | None:
        return next((a for a in reversed(self.allocations) if a.end_date is None), None)

    @property
    def past_allocations(self) -> list[Allocation]:
        return [a for a in self.allocations if a.end_date is not None]

    @property
    def open_assessment(self) -> Assessment | None:
        return next((a for a in self.assessments if a.status != Assessment.Status.AUTHORISED), None)

    @property
    def open_section47(self) -> Section47 | None:
        return next(
            (e.section47 for e in self.enquiries if e.section47 and not e.section47.completed_date), None
        )

    @property
    def awaiting_conference(self) -> Section47 | None:
        return next(
            (
                e.section47
                for e in self.enquiries
                if e.section47 and e.section47.outcome == Section47.Outcome.ICPC and e.conference is None
            ),
            None,
        )

    @property
    def open_cp_plan(self) -> ChildProtectionPlan | None:
        return next((p for p in self.cp_plans if p.end_date is None), None)

    @property
    def open_cin_plan(self) -> ChildInNeedPlan | None:
        return next((p for p in self.cin_plans if p.end_date is None), None)


def load_episode(episode: Episode, *, today: dt.date) -> EpisodeRecord:
    """Everything the episode page shows, in a fixed number of queries whatever has been recorded."""
    allocations = list(Allocation.objects.filter(episode=episode).select_related("worker", "team"))
    tasks = (
        Task.objects.filter(episode=episode, done_at=None)
        .select_related("assignee")
        .order_by("due_date", "pk")
    )
    assessments = list(
        Assessment.objects.filter(episode=episode)
        .select_related("started_by", "completed_by", "authorised_by")
        .prefetch_related("factors")
    )
    enquiries = []
    discussions = StrategyDiscussion.objects.filter(episode=episode).select_related(
        "section47", "section47__conference"
    )
    for discussion in discussions:
        s47 = _section47_of(discussion)
        enquiries.append(Enquiry(discussion, s47, _conference_of(s47) if s47 else None))
    cp_plans = list(
        ChildProtectionPlan.objects.filter(episode=episode).prefetch_related(
            Prefetch("core_groups", queryset=CoreGroup.objects.select_related("recorded_by")),
            Prefetch("conferences", queryset=Conference.objects.order_by("held_on", "pk")),
        )
    )
    cin_plans = list(
        ChildInNeedPlan.objects.filter(episode=episode).prefetch_related(
            Prefetch("reviews", queryset=ChildInNeedReview.objects.select_related("recorded_by"))
        )
    )
    visits = list(
        Visit.objects.filter(episode=episode)
        .select_related("visited_by")
        .order_by("-visited_at", "-pk")[:VISITS_SHOWN]
    )
    transfers = list(
        Transfer.objects.filter(episode=episode).select_related(
            "to_team", "from_team", "requested_by", "decided_by"
        )
    )
    return EpisodeRecord(
        transfers=transfers,
        episode=episode,
        allocations=allocations,
        due=[Due(task, working_days_between(today, task.due_date)) for task in tasks],
        assessments=assessments,
        enquiries=enquiries,
        cp_plans=cp_plans,
        cin_plans=cin_plans,
        visits=visits,
        visit_count=getattr(episode, "visit_count", len(visits)),
    )


def may_authorise(user: Any, assessment: Assessment) -> bool:
    """A manager who did not write the assessment (the action refuses its author; pages never offer it)."""
    return (
        can(user, Capability.MANAGE_CASEWORK)
        and assessment.status == Assessment.Status.AWAITING_AUTHORISATION
        and not actions.wrote_assessment(user, assessment)
    )


def next_steps(user: Any, record: EpisodeRecord) -> list[Step]:
    """The steps that make sense now, for this user: what the statutory path needs next comes first."""
    episode = record.episode
    if not episode.is_open:
        return []
    steps: list[Step] = []
    ep = {"episode_uuid": episode.uuid}
    transfer = record.open_transfer
    if not can_work_on(user, episode):
        # The manager of a team asked to take the case decides it: allocating accepts, or they decline.
        if transfer is not None and actions.receives(user, transfer):
            t = {"transfer_uuid": transfer.uuid}
            return [
                Step(
                    f"Allocate the case in {transfer.to_team}", reverse("casework:allocate", kwargs=ep), True
                ),
                Step("Decline the transfer", reverse("casework:transfer_decline", kwargs=t)),
            ]
        # Someone outside the case: a chair may record the conferences; nobody else is offered a step.
        if can_work_on(user, episode, chair=True):
            return [s for s in _case_steps(user, record) if "conference" in s.label]
        return []
    if can(user, Capability.MANAGE_CASEWORK):
        # The case's own managers (and service managers): allocate within the team, or ask another team.
        if episode.allocated_to_id is None:
            steps.append(Step("Allocate the case", reverse("casework:allocate", kwargs=ep), primary=True))
        else:
            steps.append(Step("Change the allocated worker", reverse("casework:allocate", kwargs=ep)))
        if transfer is None:
            steps.append(Step("Ask another team to take the case", reverse("casework:transfer", kwargs=ep)))
        else:
            url = reverse("casework:transfer_withdraw", kwargs={"transfer_uuid": transfer.uuid})
            steps.append(Step("Withdraw the request to transfer", url))
    if not can(user, Capability.RECORD_CASEWORK):
        return steps
    return steps + _case_steps(user, record)


def _case_steps(user: Any, record: EpisodeRecord) -> list[Step]:
    episode = record.episode
    steps: list[Step] = []
    ep = {"episode_uuid": episode.uuid}
    # Work due today or overdue comes forward as a main step.
    pressing = {item.task.rule_key for item in record.due if item.days <= 0}
    assessment = record.open_assessment
    if assessment is not None and assessment.status == Assessment.Status.IN_PROGRESS:
        url = reverse("casework:assessment", kwargs={"assessment_uuid": assessment.uuid})
        steps.append(Step("Continue the assessment", url, primary=True))
    elif assessment is not None and may_authorise(user, assessment):
        url = reverse("casework:assessment_authorise", kwargs={"assessment_uuid": assessment.uuid})
        steps.append(Step("Authorise or return the assessment", url, primary=True))
    elif not record.assessments:
        steps.append(
            Step("Start the assessment", reverse("casework:assessment_start", kwargs=ep), primary=True)
        )
    s47 = record.open_section47
    if s47 is not None:
        url = reverse("casework:section47_outcome", kwargs={"section47_uuid": s47.uuid})
        steps.append(Step("Record the outcome of the section 47 enquiry", url, primary=True))
    else:
        url = reverse("casework:strategy_discussion", kwargs=ep)
        steps.append(Step("Record a strategy discussion", url, primary=episode.strategy_discussion_needed))
    waiting = record.awaiting_conference
    if waiting is not None:
        url = reverse("casework:initial_conference", kwargs={"section47_uuid": waiting.uuid})
        steps.append(Step("Record the initial child protection conference", url, primary=True))
    cp_plan, cin_plan = record.open_cp_plan, record.open_cin_plan
    if cp_plan is not None:
        plan = {"plan_uuid": cp_plan.uuid}
        steps.append(
            Step("Update the child protection plan", reverse("casework:cp_plan_update", kwargs=plan))
        )
        url = reverse("casework:core_group", kwargs=plan)
        steps.append(Step("Record a core group meeting", url, primary=rules.FIRST_CORE_GROUP in pressing))
        url = reverse("casework:review_conference", kwargs=plan)
        review_due = bool({rules.FIRST_REVIEW_CONFERENCE, rules.REVIEW_CONFERENCE} & pressing)
        steps.append(Step("Record a review conference", url, primary=review_due))
    if cin_plan is not None:
        url = reverse("casework:cin_plan_update", kwargs={"cin_plan_uuid": cin_plan.uuid})
        steps.append(Step("Update the child in need plan", url))
        url = reverse("casework:cin_review", kwargs={"cin_plan_uuid": cin_plan.uuid})
        steps.append(Step("Record a child in need review", url, primary=rules.CIN_REVIEW in pressing))
    if cp_plan is None and cin_plan is None:
        steps.append(Step("Start a child in need plan", reverse("casework:cin_plan_start", kwargs=ep)))
    visit_due = bool({rules.CP_VISIT, rules.CIN_VISIT} & pressing)
    steps.append(Step("Record a visit", reverse("casework:visit", kwargs=ep), primary=visit_due))
    if assessment is None and s47 is None and cp_plan is None:
        steps.append(Step("Close the case", reverse("casework:close", kwargs=ep)))
    return steps


@requires(Capability.VIEW_PEOPLE)
@require_GET
def episode_detail(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = get_object_or_404(
        _visible(request)
        .select_related("person", "allocated_to", "team", "contact")
        .annotate(visit_count=Count("visits")),
        uuid=episode_uuid,
    )
    today = timezone.localdate()
    record = load_episode(episode, today=today)
    record.steps = next_steps(request.user, record)
    _record_seen(request, episode)
    context = {
        "episode": episode,
        "person": episode.person,
        "record": record,
        "today": today,
        "can_record": can(request.user, Capability.RECORD_CASEWORK),
        "authorisable": {a.pk for a in record.assessments if may_authorise(request.user, a)},
        "can_see_contact": can(request.user, Capability.WORK_FRONT_DOOR),
    }
    return render(request, "casework/episode.html", context)


# -- form pages ---------------------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    episode: Episode,
    form: forms.BaseForm,
    title: str,
    act: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    what: str = "episode",
    target: Model | None = None,
    blocked: str = "",
    then: Callable[[Any], str] | None = None,
    template: str = "casework/form_page.html",
    submit: str = "Save",
    extra: dict[str, Any] | None = None,
    chair: bool = False,
    may: bool | None = None,
) -> HttpResponse:
    """A page with one form about an episode. On a valid POST, `act(cleaned_data)` calls the action; its
    errors go on the form, a conflict says someone else changed the record. `blocked` says why this step
    cannot be taken now (the form is not shown, and a POST does nothing). `may` overrides who may take the
    step (by default, whoever works on the case)."""
    conflict = False
    allowed = can_work_on(request.user, episode, chair=chair) if may is None else may
    if not blocked and not allowed:
        blocked = "Only the allocated worker, their team and its managers can record this" + (
            ", or the conference's chair." if chair else "."
        )
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ConflictError:
            conflict = True
            form.add_error(None, CONFLICT.format(what=what))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done if isinstance(done, str) else done(result))
            return redirect(then(result) if then else episode_url(episode))
    _record_seen(request, episode, target=target, purpose=f"Opening the page: {title}")
    context = {
        "episode": episode,
        "person": episode.person,
        "form": None if blocked else form,
        "title": title,
        "blocked": blocked,
        "conflict": conflict,
        "what": what,
        "submit": submit,
        "back": episode_url(episode),
        **(extra or {}),
    }
    return render(request, template, context)


def _closed(episode: Episode) -> str:
    if episode.is_open:
        return ""
    return f"This episode closed on {episode.closure_date:%-d %B %Y}. A new referral opens a new episode."


def _caseholders(user: Any) -> list[User]:
    """The social workers and managers this manager may allocate to, with their open caseloads: a team
    manager's own team; for a service manager, the trust's, their own team first."""
    found = User.objects.filter(is_active=True, role__in=CASE_HOLDERS, team__isnull=False)
    if (
        role_of(user) != Role.SERVICE_MANAGER
    ):  # a team manager allocates within their team (the action's rule)
        team_id = getattr(user, "team_id", None)
        found = found.filter(team_id=team_id) if team_id else found.none()
    elif getattr(user, "team_id", None):
        trust = Team.objects.filter(pk=user.team_id).values("service_area__trust_id")[:1]
        found = found.filter(team__service_area__trust_id=Subquery(trust))
    return list(
        found.select_related("team")
        .annotate(
            # Only cases the manager may see are counted (a restricted child's case is not revealed).
            open_cases=Count(
                "caseload",
                filter=Q(caseload__closure_date__isnull=True, caseload__in=Episode.objects.visible_to(user)),
            ),
            own_team=Case(
                When(team_id=getattr(user, "team_id", None), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("own_team", "team__name", "last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class WorkerOption:
    id: str
    value: str
    name: str
    hint: str
    checked: bool


def _worker_groups(
    form: AllocateForm, workers: list[User], current: Any
) -> list[tuple[str, list[WorkerOption]]]:
    """The workers as radios, team by team, numbered so that the first is the error summary's anchor."""
    chosen = str(form["worker"].value() or "")
    auto_id = form["worker"].auto_id
    groups: dict[str, list[WorkerOption]] = {}
    for n, worker in enumerate(workers):
        cases = getattr(worker, "open_cases", 0)
        hint = f"{worker.role_label}: {cases} open case{'' if cases == 1 else 's'}"
        if current is not None and worker.pk == current.pk:
            hint += " (holds this case now)"
        team = worker.team.name if worker.team else "No team"
        groups.setdefault(team, []).append(
            WorkerOption(
                f"{auto_id}_{n}", str(worker.uuid), worker.display_name, hint, chosen == str(worker.uuid)
            )
        )
    return list(groups.items())


@requires(Capability.MANAGE_CASEWORK)
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    transfer = actions.open_transfer(episode)
    receiving = transfer is not None and actions.receives(request.user, transfer)
    workers = _caseholders(request.user)
    by_uuid = {str(w.uuid): w for w in workers}
    form = AllocateForm(
        request.POST or None,
        workers=[(str(w.uuid), w.display_name) for w in workers],
        initial={"version": episode.version},
    )

    def act(data: dict[str, Any]) -> Allocation:
        # A manager who allocates from a page opened before someone else's allocation is told, rather than
        # silently replacing it (the action checks the version under its lock).
        return actions.allocate_episode(
            episode=episode,
            version=data["version"],
            worker=by_uuid[data["worker"]],
            by=request.user,
            on=data["on"],
            reason=data["reason"],
        )

    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Allocate the case" if episode.allocated_to_id is None else "Change the allocated worker",
        act=act,
        done=lambda allocation: f"The case is now allocated to {allocation.worker.display_name}.",
        blocked=_closed(episode),
        template="casework/allocate.html",
        submit="Allocate",
        extra={
            "worker_groups": _worker_groups(form, workers, episode.allocated_to),
            "transfer": transfer,
            # Said to the receiving team's manager (a service manager may allocate anywhere).
            "receiving": receiving and not can_work_on(request.user, episode),
        },
        may=True if receiving else None,
    )


# -- moving a case to another team ---------------------------------------------------------------------------


def _transfer(request: HttpRequest, transfer_uuid: UUID) -> Transfer:
    return get_object_or_404(
        Transfer.objects.filter(episode__in=_visible(request)).select_related(
            "episode__person", "episode__allocated_to", "to_team", "from_team", "requested_by"
        ),
        uuid=transfer_uuid,
    )


def _transfer_facts(transfer: Transfer) -> list[tuple[str, str]]:
    episode = transfer.episode
    return [
        ("From", str(transfer.from_team or "No team yet")),
        ("To", str(transfer.to_team)),
        ("Asked for by", f"{transfer.requested_by.display_name} on {transfer.requested_on:%-d %B %Y}"),
        ("Why", transfer.reason),
        ("Held by", episode.allocated_to.display_name if episode.allocated_to else "No one yet"),
    ]


@requires(Capability.MANAGE_CASEWORK)
@require_http_methods(["GET", "POST"])
def transfer_request(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    teams = [t for t in actions.receiving_teams(request.user) if t.pk != episode.team_id]
    by_uuid = {str(t.uuid): t for t in teams}
    form = TransferForm(
        request.POST or None,
        teams=[(str(t.uuid), t.name) for t in teams],
        initial={"version": episode.version},
    )
    pending = actions.open_transfer(episode)
    blocked = _closed(episode) or (
        f"{pending.to_team} was asked to take the case on {pending.requested_on:%-d %B %Y}. "
        "Withdraw that request first to ask another team."
        if pending is not None
        else ""
    )

    def act(data: dict[str, Any]) -> Transfer:
        return actions.request_transfer(
            episode=episode,
            to_team=by_uuid.get(data["to_team"]),
            reason=data["reason"],
            by=request.user,
            on=data["on"],
            version=data["version"],
        )

    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Ask another team to take the case",
        act=act,
        done=lambda t: f"{t.to_team} has been asked to take the case. It stays with its worker until then.",
        blocked=blocked,
        submit="Ask the team",
        extra={
            "explain": (
                "The case and its due work stay with "
                + (episode.allocated_to.display_name if episode.allocated_to else "your team")
                + " until the other team's manager allocates it to one of their workers, or declines it with"
                " a reason."
            )
        },
    )


@requires(Capability.MANAGE_CASEWORK)
@require_http_methods(["GET", "POST"])
def transfer_withdraw(request: HttpRequest, transfer_uuid: UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_uuid)
    episode = transfer.episode
    form = TransferWithdrawForm(request.POST or None, initial={"version": episode.version})
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Withdraw the request to transfer",
        act=lambda data: actions.withdraw_transfer(
            transfer=transfer, by=request.user, version=data["version"]
        ),
        done=f"The request for {transfer.to_team} to take the case has been withdrawn.",
        blocked=_closed(episode) or ("" if transfer.is_open else _decided(transfer)),
        target=transfer,
        submit="Withdraw the request",
        extra={"facts": _transfer_facts(transfer)},
    )


@requires(Capability.MANAGE_CASEWORK)
@require_http_methods(["GET", "POST"])
def transfer_decline(request: HttpRequest, transfer_uuid: UUID) -> HttpResponse:
    transfer = _transfer(request, transfer_uuid)
    episode = transfer.episode
    form = TransferDeclineForm(request.POST or None, initial={"version": episode.version})
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Decline the transfer",
        act=lambda data: actions.decline_transfer(
            transfer=transfer, by=request.user, reason=data["reason"], version=data["version"]
        ),
        done=f"You declined the transfer. The case stays with {episode.team or 'its team'}.",
        blocked=_closed(episode)
        or ("" if transfer.is_open else _decided(transfer))
        or (
            ""
            if actions.receives(request.user, transfer)
            else f"Only the manager of {transfer.to_team} can decline this request."
        ),
        target=transfer,
        submit="Decline the transfer",
        extra={"facts": _transfer_facts(transfer)},
        may=True,
    )


def _decided(transfer: Transfer) -> str:
    return f"This request has already been {transfer.get_status_display().lower()}."


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    form = StartAssessmentForm(request.POST or None)
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Start the child and family assessment",
        act=lambda data: actions.start_assessment(
            episode=episode, by=request.user, start_date=data["start_date"]
        ),
        done="Assessment started.",
        then=lambda assessment: reverse("casework:assessment", kwargs={"assessment_uuid": assessment.uuid}),
        blocked=_closed(episode),
        submit="Start the assessment",
        extra={"facts": [("Referral", f"{episode.referral_date:%-d %B %Y}")]},
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def assessment_page(request: HttpRequest, assessment_uuid: UUID) -> HttpResponse:
    """The assessment as it is written: saved as the worker goes, then sent to a manager to authorise. Once
    sent, it is shown as it was sent."""
    assessment = _assessment(request, assessment_uuid)
    episode = assessment.episode
    initial = {
        "version": assessment.version,
        "child_views": assessment.child_views,
        "analysis": assessment.analysis,
        "factors": assessment.factor_codes,
        "outcome": assessment.outcome,
        "late_reason": assessment.late_reason,
    }
    form = AssessmentForm(request.POST or None, initial=initial)
    due = f"{assessment.due_date:%-d %B %Y}"
    form.fields["late_reason"].help_text = f"It was due by {due}, 45 working days from the referral."
    sending = request.POST.get("action") == "complete"

    def act(data: dict[str, Any]) -> Assessment:
        if sending:
            return actions.complete_assessment(
                assessment=assessment,
                version=data["version"],
                by=request.user,
                factors=data["factors"],
                child_views=data["child_views"],
                analysis=data["analysis"],
                outcome=data["outcome"],
                late_reason=data["late_reason"],
            )
        return actions.save_assessment(
            assessment=assessment,
            version=data["version"],
            by=request.user,
            child_views=data["child_views"],
            analysis=data["analysis"],
            factors=data["factors"],
            outcome=data["outcome"],
            late_reason=data["late_reason"],
        )

    today = timezone.localdate()
    blocked = ""
    if assessment.status != Assessment.Status.IN_PROGRESS:
        blocked = f"This assessment was sent to a manager on {assessment.completed_date:%-d %B %Y}."
        if assessment.status == Assessment.Status.AUTHORISED:
            blocked = f"This assessment was authorised on {assessment.authorised_date:%-d %B %Y}."
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Child and family assessment",
        act=act,
        done=(
            "Assessment sent to a manager to authorise."
            if sending
            else "Assessment saved. Come back to it from the episode when you are ready."
        ),
        what="assessment",
        target=assessment,
        blocked=blocked,
        template="casework/assessment.html",
        extra={
            "wide": not blocked,
            "assessment": assessment,
            "late": today > assessment.due_date,
            "days_left": working_days_between(today, assessment.due_date),
            "days_overdue": -working_days_between(today, assessment.due_date),
            "may_authorise": may_authorise(request.user, assessment),
            "factor_labels": codes.ASSESSMENT_FACTOR_LABELS,
        },
    )


def _authorised_message(assessment: Assessment) -> str:
    """What authorising did: the action carries out the outcome unless a plan or an enquiry is open."""
    if assessment.status != Assessment.Status.AUTHORISED:
        return "Assessment sent back to the worker with your comments."
    episode = Episode.objects.get(pk=assessment.episode_id)
    done = "Assessment authorised."
    outcome = assessment.outcome
    if episode.closure_date is not None:
        reason = codes.REASON_FOR_CLOSURE_LABELS.get(episode.closure_reason, "")
        return f"{done} The case is closed: {reason} ({episode.closure_reason})."
    if outcome in (Assessment.Outcome.NFA, Assessment.Outcome.FAMILY_HELP):
        return f"{done} The case stays open while a plan or a section 47 enquiry is open."
    if outcome == Assessment.Outcome.CIN_PLAN:
        day = assessment.authorised_date
        if day and ChildInNeedPlan.objects.filter(episode=episode, end_date=None, start_date=day).exists():
            return f"{done} A child in need plan has started."
        return f"{done} No child in need plan was started, because a plan or a section 47 enquiry is open."
    if outcome == Assessment.Outcome.STRATEGY:
        return f"{done} A strategy discussion is needed."
    return done


@requires(Capability.MANAGE_CASEWORK)
@require_http_methods(["GET", "POST"])
def assessment_authorise(request: HttpRequest, assessment_uuid: UUID) -> HttpResponse:
    assessment = _assessment(request, assessment_uuid)
    form = AuthoriseForm(request.POST or None, initial={"version": assessment.version})
    blocked = ""
    if assessment.status != Assessment.Status.AWAITING_AUTHORISATION:
        blocked = (
            f"This assessment is not waiting for a manager: it is {assessment.get_status_display().lower()}."
        )
    elif actions.wrote_assessment(request.user, assessment):
        blocked = "You wrote this assessment, so another manager must authorise it."

    def act(data: dict[str, Any]) -> Assessment:
        if data["choice"] == "authorise":
            return actions.authorise_assessment(
                assessment=assessment, version=data["version"], by=request.user, comment=data["comment"]
            )
        return actions.return_assessment(
            assessment=assessment, version=data["version"], comment=data["comment"], by=request.user
        )

    return _form_page(
        request,
        episode=assessment.episode,
        form=form,
        title="Authorise the assessment",
        act=act,
        done=_authorised_message,
        what="assessment",
        target=assessment,
        blocked=blocked,
        template="casework/authorise.html",
        submit="Confirm",
        extra={"assessment": assessment, "factor_labels": codes.ASSESSMENT_FACTOR_LABELS},
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def strategy_discussion(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    form = StrategyDiscussionForm(request.POST or None)

    def done(discussion: StrategyDiscussion) -> str:
        if discussion.decision != StrategyDiscussion.Decision.SECTION_47:
            return "Strategy discussion recorded."
        target = Section47.objects.get(strategy_discussion=discussion).icpc_target
        return (
            "Strategy discussion recorded. A section 47 enquiry has started: if a conference is needed, it "
            "is "
            f"due by {target:%-d %B %Y}."
        )

    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Record a strategy discussion",
        act=lambda data: actions.record_strategy_discussion(
            episode=episode,
            held_on=data["held_on"],
            attendees=data["attendees"],
            agencies=data["agencies"],
            decision=data["decision"],
            reasons=data["reasons"],
            by=request.user,
        ),
        done=done,
        blocked=_closed(episode),
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def section47_outcome(request: HttpRequest, section47_uuid: UUID) -> HttpResponse:
    section47 = _section47(request, section47_uuid)
    form = Section47OutcomeForm(request.POST or None, initial={"version": section47.version})
    blocked = ""
    if section47.completed_date is not None:
        blocked = (
            f"This enquiry's outcome was recorded on {section47.completed_date:%-d %B %Y}: "
            f"{section47.get_outcome_display()}."
        )
    discussion = section47.strategy_discussion
    return _form_page(
        request,
        episode=section47.episode,
        form=form,
        title="Outcome of the section 47 enquiry",
        act=lambda data: actions.complete_section47(
            section47=section47,
            version=data["version"],
            outcome=data["outcome"],
            reasons=data["reasons"],
            on=data["on"],
            by=request.user,
        ),
        done=lambda s47: (
            "Outcome recorded. Record the initial child protection conference when it has been held."
            if s47.outcome == Section47.Outcome.ICPC
            else "Outcome recorded."
        ),
        what="enquiry",
        target=section47,
        blocked=blocked,
        extra={
            "facts": [
                ("Started", f"{section47.start_date:%-d %B %Y}, after the strategy discussion"),
                ("Why", discussion.reasons),
                ("Initial conference due by", f"{section47.icpc_target:%-d %B %Y}"),
            ]
        },
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def initial_conference(request: HttpRequest, section47_uuid: UUID) -> HttpResponse:
    section47 = _section47(request, section47_uuid)
    episode = section47.episode
    form = InitialConferenceForm(request.POST or None)
    form.fields["late_reason"].help_text = (
        f"Only if it was held after {section47.icpc_target:%-d %B %Y}, 15 working days from the strategy "
        "discussion"
    )
    visit_rule = rules.rule(rules.CP_VISIT)
    form.fields["visit_every"].help_text = (
        "Working days between visits, for a plan. Leave blank for the local standard: every "
        f"{visit_rule.value}."
    )
    blocked = _closed(episode)
    conference = _conference_of(section47)
    if conference is not None:
        blocked = f"The initial conference for this enquiry was held on {conference.held_on:%-d %B %Y}."
    elif section47.outcome != Section47.Outcome.ICPC:
        blocked = "This enquiry has not concluded that an initial child protection conference is needed."

    def done(conference: Conference) -> str:
        if conference.decision == Conference.Decision.PLAN:
            return (
                "Conference recorded. The child protection plan has started: the first core group is due "
                "within "
                "10 working days."
            )
        return "Conference recorded."

    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Initial child protection conference",
        act=lambda data: actions.record_initial_conference(
            section47=section47,
            held_on=data["held_on"],
            chair=data["chair"],
            attendees=data["attendees"],
            decision=data["decision"],
            reasons=data["reasons"],
            category=data["category"] or "",
            visit_every=data["visit_every"],
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done=done,
        what="enquiry",
        target=section47,
        blocked=blocked,
        chair=True,
        extra={
            "facts": [
                ("Section 47 enquiry", f"From {section47.start_date:%-d %B %Y}"),
                ("Outcome", section47.outcome_reasons or section47.get_outcome_display()),
                ("Conference due by", f"{section47.icpc_target:%-d %B %Y}"),
            ]
        },
    )


def _when_due(
    form: forms.Form,
    episode_id: int,
    rule_keys: tuple[str, ...],
    *,
    facts: list[tuple[str, str]] | None = None,
    label: str = "",
    done: str = "it was held",
) -> None:
    """When the work this form records is due (the episode's earliest open clock under these rules): the
    late reason's hint says it is needed only after that day, and the page's facts (if given) show the day."""
    due = (
        Task.objects.filter(episode_id=episode_id, rule_key__in=rule_keys, done_at=None)
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    if due is None:
        form.fields["late_reason"].help_text = "Only if it was late"
        return
    form.fields["late_reason"].help_text = f"Only if {done} after {due:%-d %B %Y}, when it was due"
    if facts is not None:
        facts.append((label, f"{due:%-d %B %Y}"))


def _plan_facts(plan: ChildProtectionPlan) -> list[tuple[str, str]]:
    labels = codes.CATEGORY_OF_ABUSE_LABELS
    return [
        ("Plan started", f"{plan.start_date:%-d %B %Y}"),
        ("Category of abuse", f"{labels.get(plan.latest_category, '')} ({plan.latest_category})"),
        ("Visits", f"Every {plan.visit_every} working days"),
    ]


def _plan_ended(plan: ChildProtectionPlan | ChildInNeedPlan) -> str:
    if plan.end_date is None:
        return ""
    return f"This plan ended on {plan.end_date:%-d %B %Y}."


def _plan_update_page(
    request: HttpRequest, plan: ChildProtectionPlan | ChildInNeedPlan, kind: str
) -> HttpResponse:
    """One page for both kinds of plan: the plan's words and its visiting frequency, with the version the
    worker opened (someone else's save meanwhile is a conflict; what this worker typed stays on the page)."""
    most = actions.MOST_DAYS_BETWEEN_VISITS[type(plan)]
    form = PlanForm(
        request.POST or None,
        most=most,
        initial={"version": plan.version, "outline": plan.outline, "visit_every": plan.visit_every},
    )
    form.fields["visit_every"].help_text = (
        f"Working days between visits, 1 to {most}. A change counts the next visit from the last time the "
        "child was seen."
    )
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title=f"Update the {kind} plan",
        act=lambda data: actions.update_plan(
            plan=plan,
            version=data["version"],
            outline=data["outline"],
            visit_every=data["visit_every"],
            reason=data["reason"],
            by=request.user,
        ),
        done=lambda updated: f"The {kind} plan has been updated." + _visit_now_due(updated),
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        submit="Save the plan",
        extra={"facts": [("Plan started", f"{plan.start_date:%-d %B %Y}")]},
    )


def _visit_now_due(plan: ChildProtectionPlan | ChildInNeedPlan) -> str:
    """Visiting more often can make the next visit due at once: say so where the worker is looking."""
    key = rules.CP_VISIT if isinstance(plan, ChildProtectionPlan) else rules.CIN_VISIT
    due = clocks.due_date(episode=plan.episode, rule_key=key)
    today = timezone.localdate()
    if due is None or due > today:
        return ""
    return (
        f" The next visit is now {'due today' if due == today else 'overdue'}: it was due by {due:%-d %B %Y}."
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cp_plan_update(request: HttpRequest, plan_uuid: UUID) -> HttpResponse:
    return _plan_update_page(request, _cp_plan(request, plan_uuid), "child protection")


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cin_plan_update(request: HttpRequest, cin_plan_uuid: UUID) -> HttpResponse:
    return _plan_update_page(request, _cin_plan(request, cin_plan_uuid), "child in need")


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def core_group(request: HttpRequest, plan_uuid: UUID) -> HttpResponse:
    plan = _cp_plan(request, plan_uuid)
    form = CoreGroupForm(request.POST or None)
    facts = _plan_facts(plan)
    _when_due(form, plan.episode_id, (rules.FIRST_CORE_GROUP,), facts=facts, label="First core group due by")
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title="Record a core group meeting",
        act=lambda data: actions.record_core_group(
            plan=plan,
            held_on=data["held_on"],
            attendees=data["attendees"],
            summary=data["summary"],
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done="Core group meeting recorded.",
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        extra={"facts": facts},
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def review_conference(request: HttpRequest, plan_uuid: UUID) -> HttpResponse:
    plan = _cp_plan(request, plan_uuid)
    form = ReviewConferenceForm(
        request.POST or None, initial={"version": plan.version, "latest_category": plan.latest_category}
    )
    facts = _plan_facts(plan)
    reviews = (rules.FIRST_REVIEW_CONFERENCE, rules.REVIEW_CONFERENCE)
    _when_due(form, plan.episode_id, reviews, facts=facts, label="Review due by")
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title="Review child protection conference",
        act=lambda data: actions.record_review_conference(
            plan=plan,
            version=data["version"],
            held_on=data["held_on"],
            chair=data["chair"],
            attendees=data["attendees"],
            decision=data["decision"],
            reasons=data["reasons"],
            latest_category=data["latest_category"] or "",
            end_reason=data["end_reason"] or "",
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done=lambda conference: (
            "Review conference recorded. The plan continues; the next review is due within 6 months."
            if conference.decision == Conference.Decision.CONTINUE
            else "Review conference recorded. The child protection plan has ended."
        ),
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        extra={"facts": facts},
        chair=True,
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cp_plan_end(request: HttpRequest, plan_uuid: UUID) -> HttpResponse:
    plan = _cp_plan(request, plan_uuid)
    form = EndCPPlanForm(request.POST or None, initial={"version": plan.version})
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title="End the child protection plan",
        act=lambda data: actions.end_cp_plan(
            plan=plan,
            version=data["version"],
            reason=data["reason"],
            end_date=data["end_date"],
            by=request.user,
        ),
        done="The child protection plan has ended.",
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        submit="End the plan",
        extra={
            "facts": _plan_facts(plan),
            "explain": (
                "Use this when the child became looked after, moved away, turned 18 or died. A review "
                "conference "
                "decides that a child is no longer at risk: record that as a review conference."
            ),
        },
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cin_plan_start(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    form = StartCINPlanForm(request.POST or None)
    form.fields["visit_every"].help_text = (
        "Working days between visits. Leave blank for the local standard: every "
        f"{rules.rule(rules.CIN_VISIT).value}."
    )
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Start a child in need plan",
        act=lambda data: actions.start_cin_plan(
            episode=episode,
            start_date=data["start_date"],
            outline=data["outline"],
            visit_every=data["visit_every"],
            by=request.user,
        ),
        done="Child in need plan started.",
        blocked=_closed(episode),
        submit="Start the plan",
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cin_review(request: HttpRequest, cin_plan_uuid: UUID) -> HttpResponse:
    plan = _cin_plan(request, cin_plan_uuid)
    form = CINReviewForm(request.POST or None)
    facts = [("Plan started", f"{plan.start_date:%-d %B %Y}")]
    _when_due(form, plan.episode_id, (rules.CIN_REVIEW,), facts=facts, label="Review due by")
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title="Review the child in need plan",
        act=lambda data: actions.record_cin_review(
            plan=plan,
            held_on=data["held_on"],
            summary=data["summary"],
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done="Review recorded. The next review is due within 3 months.",
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        extra={"facts": facts},
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def cin_plan_end(request: HttpRequest, cin_plan_uuid: UUID) -> HttpResponse:
    plan = _cin_plan(request, cin_plan_uuid)
    form = EndCINPlanForm(request.POST or None, initial={"version": plan.version})
    return _form_page(
        request,
        episode=plan.episode,
        form=form,
        title="End the child in need plan",
        act=lambda data: actions.end_cin_plan(
            plan=plan, version=data["version"], end_date=data["end_date"], by=request.user
        ),
        done="The child in need plan has ended.",
        what="plan",
        target=plan,
        blocked=_plan_ended(plan),
        submit="End the plan",
        extra={"facts": [("Plan started", f"{plan.start_date:%-d %B %Y}")]},
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    form = VisitForm(request.POST or None)
    _when_due(form, episode.pk, (rules.CP_VISIT, rules.CIN_VISIT), done="the child was seen")
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Record a visit",
        act=lambda data: actions.record_visit(
            episode=episode,
            visited_at=data["when"],
            seen=data["seen"],
            seen_alone=data["seen_alone"],
            bedroom_seen=data["bedroom_seen"],
            observations=data["observations"],
            analysis=data["analysis"],
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done=lambda visit: (
            "Visit recorded."
            if visit.seen
            else "Visit recorded. The child was not seen, so another visit is needed."
        ),
        blocked=_closed(episode),
        submit="Record the visit",
    )


@requires(Capability.RECORD_CASEWORK)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, episode_uuid: UUID) -> HttpResponse:
    episode = _episode(request, episode_uuid)
    form = CloseForm(request.POST or None, initial={"version": episode.version})
    return _form_page(
        request,
        episode=episode,
        form=form,
        title="Close the case",
        act=lambda data: actions.close_episode(
            episode=episode,
            version=data["version"],
            reason=data["reason"],
            closure_date=data["closure_date"],
            by=request.user,
        ),
        done="The case is closed. Any child in need plan has ended with it.",
        blocked=_closed(episode),
        submit="Close the case",
        extra={
            "explain": (
                "An assessment must be authorised, a section 47 enquiry finished and a child protection plan "
                "ended by a conference before the case closes. A child in need plan ends with the case."
            )
        },
    )
