"""Reads for My work and the team board: a worker's caseload and everything due, grouped by child and by
sibling group and sorted by time left. A fixed number of queries whatever the caseload's size (the Task table
holds every clock, DESIGN.md § Domain model); the grouping is done in memory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kindred.access.roles import Capability, Role, can
from kindred.casework.actions import written_by
from kindred.casework.models import Assessment, Episode, Transfer
from kindred.organisation.models import Team, User
from kindred.people.models import Person, Relationship
from kindred.timescales import rules
from kindred.timescales.calendar import add_working_days, working_days_between
from kindred.timescales.models import Task
from kindred.timescales.tasks import FOR_MANAGERS

SIBLING_KINDS = ("sibling", "half_sibling", "step_sibling")


@dataclass
class DueItem:
    task: Task
    days_left: int  # working days; negative when overdue
    today: dt.date

    @property
    def overdue(self) -> bool:
        # By the date: an item due on a Saturday is overdue on the Monday, though no working day has passed.
        return self.task.due_date < self.today

    @property
    def time_left(self) -> str:
        if self.overdue:
            n = max(1, -self.days_left)
            return f"Overdue by {n} working day{'s' if n != 1 else ''}"
        if self.task.due_date == self.today:
            return "Due today"
        if self.days_left <= 0:
            return "Due by the next working day"
        return f"{self.days_left} working day{'s' if self.days_left != 1 else ''} left"


@dataclass
class ChildRow:
    person: Person
    episode: Episode | None
    items: list[DueItem] = field(default_factory=list)

    @property
    def next_due(self) -> dt.date | None:
        return min((i.task.due_date for i in self.items), default=None)


@dataclass
class Group:
    """One child, or brothers and sisters worked together."""

    children: list[ChildRow]

    @property
    def next_due(self) -> dt.date | None:
        return min((c.next_due for c in self.children if c.next_due), default=None)

    @property
    def overdue_count(self) -> int:
        return sum(1 for c in self.children for i in c.items if i.overdue)

    @property
    def is_siblings(self) -> bool:
        return len(self.children) > 1


@dataclass
class Workload:
    groups: list[Group]
    caseload: int
    due_count: int
    overdue_count: int


def _sibling_groups(people: list[Person]) -> list[list[Person]]:
    """Children linked as brothers and sisters (current relationships), as connected groups."""
    ids = {p.pk for p in people}
    parent = {pk: pk for pk in ids}

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    links = (
        Relationship.objects.current()
        .filter(kind__in=SIBLING_KINDS, from_person_id__in=ids, to_person_id__in=ids)
        .values_list("from_person_id", "to_person_id")
    )
    for a, b in links:
        parent[find(a)] = find(b)
    grouped: dict[int, list[Person]] = defaultdict(list)
    for person in people:
        grouped[find(person.pk)].append(person)
    return list(grouped.values())


def _workload(user: Any, episodes: list[Episode], tasks: list[Task], today: dt.date) -> Workload:
    rows: dict[int, ChildRow] = {}
    for episode in episodes:
        rows[episode.person_id] = ChildRow(person=episode.person, episode=episode)
    for task in tasks:
        row = rows.get(task.person_id)
        if row is None:
            row = rows[task.person_id] = ChildRow(person=task.person, episode=task.episode)
        row.items.append(
            DueItem(task=task, days_left=working_days_between(today, task.due_date), today=today)
        )
    for row in rows.values():
        row.items.sort(key=lambda i: (i.task.due_date, i.task.title))
    people = [row.person for row in rows.values()]
    groups = [
        Group(
            children=sorted(
                (rows[p.pk] for p in members), key=lambda r: (r.next_due or dt.date.max, r.person.pk)
            )
        )
        for members in _sibling_groups(people)
    ]
    groups.sort(key=lambda g: (g.next_due or dt.date.max, g.children[0].person.last_name))
    items = [i for row in rows.values() for i in row.items]
    return Workload(
        groups=groups,
        caseload=len(episodes),
        due_count=len(items),
        overdue_count=sum(1 for i in items if i.overdue),
    )


def _tasks(user: Any) -> Any:
    return (
        Task.objects.open()
        .visible_to(user)
        .select_related("person", "episode", "assignee")
        .order_by("due_date", "pk")
    )


def my_work(user: Any, *, today: dt.date | None = None) -> Workload:
    """The worker's open cases and every due item on them; for a manager, also the steps waiting for a
    manager in their team (assessments to authorise)."""
    today = today or timezone.localdate()
    episodes = list(
        Episode.objects.visible_to(user).open().filter(allocated_to=user).select_related("person")
    )
    mine = Q(assignee=user)
    if can(user, Capability.MANAGE_CASEWORK):
        # Steps waiting for a manager: in the manager's team, or on a case no team holds yet.
        team_steps = Q(team=None) | Q(team_id=getattr(user, "team_id", None))
        mine |= Q(assignee=None, rule_key__in=FOR_MANAGERS) & team_steps
    found = list(_tasks(user).filter(mine))
    return _workload(user, episodes, _not_their_own(user, found), today)


def incoming_transfers(user: Any) -> int:
    """For a team manager: how many cases other teams have asked their team to take (they decide them)."""
    team_id = getattr(user, "team_id", None)
    if not team_id or not can(user, Capability.MANAGE_CASEWORK):
        return 0
    return Transfer.objects.filter(
        status=Transfer.Status.REQUESTED, to_team_id=team_id, episode__in=Episode.objects.visible_to(user)
    ).count()


def _not_their_own(user: Any, found: list[Task]) -> list[Task]:
    """Leave out an assessment to authorise that the manager wrote (no one authorises their own work)."""
    episodes = [t.episode_id for t in found if t.rule_key == rules.ASSESSMENT_AUTHORISATION and t.episode_id]
    if not episodes:
        return found
    waiting = list(
        Assessment.objects.filter(episode_id__in=episodes, status=Assessment.Status.AWAITING_AUTHORISATION)
    )
    theirs = written_by(user, waiting)
    written = {a.episode_id for a in waiting if a.pk in theirs}
    return [
        t for t in found if not (t.rule_key == rules.ASSESSMENT_AUTHORISATION and t.episode_id in written)
    ]


@dataclass
class WorkerLoad:
    worker: User
    caseload: int
    overdue: int


@dataclass
class TeamBoard:
    team: Team
    workers: list[WorkerLoad]
    workload: Workload
    unallocated: list[Episode]
    horizon: dt.date | None  # the due work shown runs to this day (None: all of it)
    due_total: int  # everything due in the team, shown or not
    incoming: list[Transfer] = field(default_factory=list)  # other teams asking this team to take a case
    outgoing: list[Transfer] = field(default_factory=list)  # this team asking others
    declined: list[Transfer] = field(
        default_factory=list
    )  # this team's requests other teams turned down lately
    worker: User | None = None  # the due work shown is this worker's only


# A team's due work runs to hundreds of items: the board shows what is overdue and due in the next fortnight
# (10 working days), the manager's planning horizon for supervision, and the rest on request.
BOARD_HORIZON_DAYS = 10
DECLINED_SHOWN_DAYS = 14  # a declined transfer stays on the sending team's board for two weeks


def team_board(
    user: Any,
    team: Team,
    *,
    today: dt.date | None = None,
    everything: bool = False,
    worker: User | None = None,
) -> TeamBoard:
    """The team's caseloads per worker and the work due in the team (overdue and due within
    BOARD_HORIZON_DAYS working days, or `everything`; one `worker`'s only, for supervision), grouped as on My
    work; the open episodes waiting for a worker; and the cases moving into and out of the team."""
    today = today or timezone.localdate()
    horizon = None if everything else add_working_days(today, BOARD_HORIZON_DAYS)
    visible = Episode.objects.visible_to(user).open()
    # Each count is its own subquery: counted in one join, every past episode of a worker met every task of
    # theirs before counting, so the board slowed with the workers' history (bench/RESULTS.md).
    open_cases = visible.filter(allocated_to=OuterRef("pk")).order_by().values("allocated_to")
    overdue = (
        Task.objects.filter(
            assignee=OuterRef("pk"),
            done_at__isnull=True,
            due_date__lt=today,
            person__in=Person.objects.visible_to(user),
        )
        .order_by()
        .values("assignee")
    )
    workers = list(
        User.objects.filter(team=team, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
        .annotate(
            open_cases=Coalesce(Subquery(open_cases.annotate(n=Count("pk")).values("n")), 0),
            overdue_tasks=Coalesce(Subquery(overdue.annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("-open_cases", "last_name", "first_name")
    )
    held = (
        visible.filter(allocated_to=worker) if worker is not None else visible.filter(allocated_to__team=team)
    )
    episodes = list(held.select_related("person", "allocated_to"))
    team_tasks = _tasks(user).filter(team=team)
    if worker is not None:
        team_tasks = team_tasks.filter(assignee=worker)
    tasks = list(team_tasks if horizon is None else team_tasks.filter(due_date__lte=horizon))
    due_total = len(tasks) if horizon is None else team_tasks.count()
    workload = _workload(user, episodes, tasks, today)
    if horizon is not None:  # only the children with work in the window
        workload.groups = [
            Group(children=kept) for g in workload.groups if (kept := [c for c in g.children if c.items])
        ]
    unallocated = list(
        visible.filter(allocated_to=None)
        .filter(Q(team=team) | Q(team=None))
        .select_related("person")
        .order_by("referral_date", "pk")
    )
    moving = list(
        Transfer.objects.filter(status=Transfer.Status.REQUESTED, episode__in=visible)
        .filter(Q(to_team=team) | Q(from_team=team))
        .select_related("episode__person", "episode__allocated_to", "to_team", "from_team", "requested_by")
        .order_by("requested_on", "pk")
    )
    # Requests another team declined in the last two weeks, on cases still open and not being asked again: the
    # sending manager needs to see the reason and decide what next (the latest decline per case).
    asking = {t.episode_id for t in moving}
    declined: list[Transfer] = []
    for t in (
        Transfer.objects.filter(
            status=Transfer.Status.DECLINED,
            from_team=team,
            decided_on__gte=today - dt.timedelta(days=DECLINED_SHOWN_DAYS),
            episode__in=visible,
        )
        .select_related("episode__person", "to_team", "decided_by")
        .order_by("-decided_on", "-pk")
    ):
        if t.episode_id not in asking:
            asking.add(t.episode_id)
            declined.append(t)
    return TeamBoard(
        declined=declined,
        incoming=[t for t in moving if t.to_team_id == team.pk],
        outgoing=[t for t in moving if t.from_team_id == team.pk],
        worker=worker,
        team=team,
        workers=[WorkerLoad(worker=w, caseload=w.open_cases, overdue=w.overdue_tasks) for w in workers],  # type: ignore[attr-defined]
        workload=workload,
        unallocated=unallocated,
        horizon=horizon,
        due_total=due_total,
    )
