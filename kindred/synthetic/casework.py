"""The synthetic trust's casework: every child in need episode's journey, from referral to closure, over at
least two full census years of history, recorded through kindred.casework.actions as workers, managers and
conference chairs would record it (allocation, assessment and its authorisation, strategy discussion,
section 47 enquiry, conferences, child protection and child in need plans, core groups, reviews, visits,
case notes, closure), each action with its audit event and its clocks.

History. The front door (kindred.synthetic.frontdoor) covers the last 13 weeks and its sign-offs open the
referred children's episodes. Before that, from 1 April two census years before the current one (1 April 2024
for a reference date of 22 November 2026: census years 2024-25 and 2025-26 complete, 2026-27 in progress),
referrals open episodes directly (`open_episode`, with no contact) at the trust's referral rate. History
starts empty on that 1 April (no episode is older): the first census year's open caseload builds up through
it, so 2024-25's counts of children in need at 31 March are lower than the later years'.

Rates (../shared/specs/statutory-returns.md § 6.2): Birmingham's ~15,000 referrals a year against the 8,465
children open to the trust, scaled by children / 8,465 as the front door scales its contacts: 1.77 referrals a
year per synthetic child (532 a year for the default 300). The synthetic trust's children stand for the open
caseload at a moment; referrals over two and a half years reach many more children than that. So a
referral goes to one of the people step's children (the known families, preferred for the episodes still
open at the reference date, so the demo's caseloads are its richest records) or to a child new to the trust,
recorded as the front door records one (create_person, with the census details: sex, date of birth,
ethnicity, UPN or the reason it is unknown, disability or NONE). About 21% of the history's referrals are
re-referrals (within 12 months of the child's previous referral; national 22.6% in 2024-25). A child has at
most one episode at a time, and episodes never overlap (CIN census rule 8820). The children the front door
referred have no episode in the history before it: its episodes are recorded first, open, and
`open_episode` refuses a second open episode (so the front door's referrals are never re-referrals here).

Journeys (the brief's mix, in line with national patterns; see the constants below): after the assessment
~45% close with no further action (RC8), ~10% step down to family help (RC9), ~30% get a child in need
plan, ~15% go to a strategy discussion (half of those at referral, as the front door's "strategy" outcome
does, half after the assessment). Strategy discussions (social care, police, health) mostly start a section
47 enquiry; ~55% of enquiries lead to an initial conference (~80% within 15 working days of the strategy
discussion, the rest late with a reason), ~85% of conferences to a child protection plan, with core groups,
visits every 10 working days, review conferences at 3 months and then at most every 6 months, and an end
after 6-18 months (decided at a review), usually stepping down to a child in need plan. Child in need plans
have visits every ~20 working days and reviews every 3 months, and end after 3-12 months with the case's
closure (RC7). About 85% of assessments are authorised within 45 working days of the referral; the late ones
record why, and every assessment is authorised by a manager who did not write it.

Who. The synthetic organisation's staff (kindred.synthetic.organisation), as the access rules let them work on
a case (the allocated worker, their team and its managers, service managers;
kindred.access.rules.can_work_on). The manager of one of the two assessment teams (Assessment North and South,
two social workers each) allocates each referral to one of their social workers, who assesses; when a plan
starts (child protection or child in need) the assessment team's manager asks Child Protection East (a dozen
social workers) to take the case, and that team's manager accepts it within a few days by allocating it to one
of their workers; a request made in the last few days before the reference date is still waiting. A manager
gives a new case to the worker with the most room for their share of a full caseload (CASELOAD_SHARE: a newly
qualified or part-time worker carries fewer), choosing between equals from the seeded random stream, so at the
default 300 children each worker holds ~10-25 open children at the reference date, the demo's `socialworker` a
full caseload of ~20. The manager of the allocated worker's team authorises the assessment and directs and
supervises the work (now and then the head of service does instead); the independent reviewing officer chairs
and records the conferences.

Census validity is designed in (rule numbers from the DfE CIN validator, ruleset cin2025_26): no overlapping
episodes (8820); assessments start on or after the referral (1103); a closed episode has its assessment
authorised and any section 47 concluded (8867, 8868); RC8 and RC9 only after an assessment and with no
section 47, plan or other activity on the episode (8825Q, 2990; a section 47 that ends without a plan closes
with RC7); a plan starts on its conference's day (2885), on a working day (8875); no child in need plan
alongside a child protection plan (4001, 4016, 4017: the conference ends it, and a step-down plan starts on
the day the protection plan ends); reviews after the plan starts (8841); nothing after closure (8565); "21"
(no factors) alone and only when the case then closes (8869, 8873Q).

Density. Every episode's census data is recorded whatever its age (episode, allocation, assessment and its
authorisation, strategy discussions, section 47s, conferences, plans, reviews, closure). Visits, core groups,
child in need reviews, case notes and transfers to the plan team are recorded only for the episodes open at
the reference date or closed in the DETAIL_WEEKS before it (`detail_from`), and only for their last
DETAIL_LOOKBACK_MONTHS (a quarter, as the front door), so that the step stays within its time budget (each
action costs ~4-14 ms of CPU: bench/bench_synthetic.py); an older episode stays with its assessment
worker. A plan open for longer than the lookback has its first recorded visit (or core group, or review)
close the clock that had been running since the plan started, late: one late item per such plan in the
task history. The clocks open at the reference date are right.

Planning is pure Python from a seeded random stream (reading only the children, the front door's episodes,
the staff and the timescale rules), then `record` plays each episode's events, in referral order, through
the actions. What was planned for on or after the reference date has not happened: those are the open
cases and their due (and some overdue) work.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kindred.access.roles import Role
from kindred.casework import actions
from kindred.casework import notes as case_notes
from kindred.casework.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Episode,
    Section47,
    StrategyDiscussion,
)
from kindred.organisation.models import Team, User
from kindred.people import actions as people_actions
from kindred.people.models import Disability, Person
from kindred.synthetic import casework_text as text
from kindred.synthetic import names as data
from kindred.synthetic.frontdoor import (
    BANK_HOLIDAY_WEIGHT,
    BIRMINGHAM_CHILDREN_OPEN,
    BIRMINGHAM_REFERRALS_A_YEAR,
    DAY_WEIGHTS,
    LONDON,
    NATIONAL_SOURCE_SHARES,
)
from kindred.synthetic.identifiers import Identifiers
from kindred.synthetic.organisation import DEMO_LOGINS, STAFF_NAMES, SYNTHETIC_STAFF
from kindred.synthetic.people_plan import (
    AGE_WEIGHTS,
    DISABILITY_CODES,
    OTHER_PRIMARY_ESTABLISHMENTS,
    PRIMARY_SCHOOLS,
    SECONDARY_SCHOOLS,
    years_before,
)
from kindred.timescales import rules
from kindred.timescales.calendar import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from kindred.timescales.models import Rule, Task

if TYPE_CHECKING:
    from kindred.synthetic.people import PeopleManifest, Progress
    from kindred.synthetic.trust import SyntheticTrust

T = TypeVar("T")

# --- Rates and mix ------------------------------------------------------------------------------------------


def referrals_a_year(children: int) -> float:
    """Referrals a year at Birmingham's rate for this many children (the front door's scaling)."""
    return BIRMINGHAM_REFERRALS_A_YEAR * children / BIRMINGHAM_CHILDREN_OPEN


# National re-referrals within 12 months: 22.6% of referrals in 2024-25 (EES CIN, data set C1).
RE_REFERRAL_SHARE = 0.21
# Referrals about a child the trust already knows (the people step's families) when the episode will have
# closed by the reference date; the episodes still open then go to them first.
KNOWN_CHILD_SHARE = 0.2
SIBLINGS_TOO = 0.45  # a known child's brothers and sisters are referred with them (one contact, as a rule)

# What the authorised assessment leads to, drawn from shuffled decks of 20 so that a small trust gets the
# mix: 45% close (RC8), 10% family help (RC9), 30% child in need plan, 15% strategy discussion.
OUTCOME_DECK = (("nfa", 9), ("family_help", 2), ("cin_plan", 6), ("strategy", 3))
STRATEGY_AT_REFERRAL = 0.5  # of the strategy route: held at referral (the front door's "strategy")
ASSESSMENT_IN_TIME = 0.85
STRATEGY_DECISIONS = (("section_47", 90), ("child_in_need", 5), ("nfa", 5))
SECTION47_OUTCOMES = (("icpc", 55), ("child_in_need", 30), ("nfa", 15))
ICPC_IN_TIME = 0.80
ICPC_DECISIONS = (("plan", 85), ("no_plan", 10), ("no_plan_nfa", 5))
# Initial category of abuse, national shares of plans starting (neglect ~50%, emotional ~37%).
CATEGORIES = (("NEG", 50), ("EMO", 37), ("PHY", 7), ("SAB", 4), ("MUL", 2))
CATEGORY_CHANGE = 0.08  # at a review that continues the plan
REVIEW_IN_TIME = 0.88
CP_MOVED = 0.04  # plans ending because the family moved away (then the case closes RC5)
STEP_DOWN_TO_CIN = 0.7  # plans ending at review that step down to a child in need plan
CIN_ESCALATES = 0.05  # child in need plans that go to a strategy discussion
CIN_MOVED = 0.03
VISIT_LATE = 0.07
VISIT_NOT_SEEN = 0.04
# Work planned for the last two weeks before the reference date that is still waiting to be done then (so
# My work has some overdue items, as a real caseload does).
SLIPS = {"complete": 0.3, "visit": 0.3, "cin_review": 0.2}
# Primary need (N1-N9, N0): national shares of children in need, roughly (abuse or neglect ~57%).
PRIMARY_NEEDS = (
    ("N1", 55),
    ("N2", 3),
    ("N3", 3),
    ("N4", 10),
    ("N5", 16),
    ("N6", 3),
    ("N7", 1),
    ("N8", 6),
    ("N9", 1),
    ("N0", 2),
)
# Assessment factors: (code, weight, youngest, oldest). Parental factors are the commonest nationally
# (domestic abuse and mental health about a third of assessments each).
FACTORS: tuple[tuple[str, float, int, int], ...] = (
    ("3B", 30, 0, 17),
    ("4B", 30, 0, 17),
    ("2B", 14, 0, 17),
    ("1B", 11, 0, 17),
    ("17A", 18, 0, 17),
    ("16A", 16, 0, 17),
    ("18C", 9, 0, 17),
    ("3A", 6, 11, 17),
    ("3C", 4, 0, 17),
    ("4A", 14, 8, 17),
    ("15A", 6, 10, 17),
    ("11A", 4, 11, 17),
    ("24A", 4, 11, 17),
    ("10A", 5, 10, 17),
    ("13A", 2, 12, 17),
    ("14A", 5, 8, 17),
    ("2A", 4, 12, 17),
    ("1A", 2, 13, 17),
    ("5A", 4, 3, 17),
    ("5B", 4, 0, 17),
    ("6A", 3, 0, 17),
    ("6B", 5, 0, 17),
    ("7A", 2, 8, 17),
    ("19C", 3, 3, 17),
    ("19B", 2, 8, 17),
    ("18B", 2, 8, 17),
    ("20", 9, 0, 17),
    ("9A", 1, 14, 17),
    ("12A", 1, 12, 17),
    ("8E", 1, 5, 17),
    ("23A", 0.5, 3, 17),
    ("22A", 0.3, 3, 15),
)
ABUSE_FACTORS = {"16A": 3.0, "17A": 2.0, "18C": 3.0, "19C": 3.0, "3B": 1.5}
FACTOR_COUNTS = {
    "nfa": ((1, 55), (2, 35), (3, 10)),
    "family_help": ((1, 35), (2, 45), (3, 20)),
    "other": ((1, 15), (2, 35), (3, 35), (4, 15)),
}
NO_FACTORS = {"nfa": 0.3, "family_help": 0.1}  # "21" alone (rule 8869); only where the case then closes

# Who does what (usernames and teams: kindred.synthetic.organisation).
STAFF = (*DEMO_LOGINS, *SYNTHETIC_STAFF)


def _team(name: str, role: Role) -> tuple[str, ...]:
    return tuple(s.username for s in STAFF if s.team == name and s.role == role)


ASSESSMENT_TEAMS = ("Assessment North", "Assessment South")  # new referrals
PLAN_TEAM = "Child Protection East"  # children on child protection and child in need plans
ASSESSMENT_WORKERS = tuple(w for team in ASSESSMENT_TEAMS for w in _team(team, Role.SOCIAL_WORKER))
PLAN_WORKERS = _team(PLAN_TEAM, Role.SOCIAL_WORKER)
TEAM_MANAGER = "teammanager"  # Assessment North's manager (with the head of service, signs referrals off)
SERVICE_MANAGER = "servicemanager"  # head of service, Child Protection North
# The manager of the allocated worker's team allocates to them, authorises their work and directs it; now and
# then (the manager on leave) the head of service does instead. Casework belongs to the allocated worker,
# their team and its managers, and service managers (kindred.access.rules.can_work_on).
TEAM_MANAGERS = {
    worker: _team(team, Role.TEAM_MANAGER)[0]
    for team in (*ASSESSMENT_TEAMS, PLAN_TEAM)
    for worker in _team(team, Role.SOCIAL_WORKER)
}
MANAGERS_OF = {worker: ((manager, 90), (SERVICE_MANAGER, 10)) for worker, manager in TEAM_MANAGERS.items()}
HEAD_OF_SERVICE = ((SERVICE_MANAGER, 100),)
REFERRAL_MANAGERS = ((TEAM_MANAGER, 75), (SERVICE_MANAGER, 25))  # the front door's sign-off managers
# A worker's share of a full caseload (1 if not named): social workers in their assessed first year (ASYE)
# carry a protected, smaller caseload, and a part-time worker one for their hours. Managers allocate to the
# worker with the most room for their share, so caseloads stay level and the demo's social worker holds a
# full one.
CASELOAD_SHARE = {"lashworth": 0.6, "asangha": 0.6, "jholloway": 0.6}
CHAIR = "iro"  # conferences are chaired (and recorded) by the independent reviewing officer
RECORDERS = (("frontdoor", 32), ("bahmed", 27), ("jfletcher", 27), ("noconnor", 14))  # new children

# Order of events recorded on one day (the action that must come first, first).
PRIORITY = {
    "open": 1,
    "allocate": 2,
    "census": 3,
    "start_assessment": 4,
    "visit": 6,
    "note": 7,
    "core_group": 8,
    "complete": 9,
    "authorise": 10,
    "strategy": 11,  # after an authorisation that asked for it (the discussion clears the flag it sets)
    "s47_complete": 12,
    "cin_start": 13,
    "icpc": 14,
    "transfer_request": 15,
    "transfer": 15,
    "cp_review": 16,
    "end_cp": 17,
    "step_down": 18,
    "cin_review": 19,
    "close": 20,
}
OPTIONAL = {"visit", "note", "core_group", "cin_review", "transfer_request", "transfer"}


def census_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def history_start(reference_date: date) -> date:
    """1 April two census years before the one the reference date is in."""
    start = census_year_start(reference_date)
    return start.replace(year=start.year - 2)


DETAIL_WEEKS = 4
DETAIL_LOOKBACK_MONTHS = 3  # a quarter, as the front door has
LOOKBACK = {"visit", "core_group", "cin_review"}


def default_detail_from(reference_date: date) -> date:
    """Episodes closed before this are recorded without their visits, meetings and notes."""
    return reference_date - timedelta(weeks=DETAIL_WEEKS)


# --- Dates --------------------------------------------------------------------------------------------------


def wd(day: date, n: int) -> date:
    return add_working_days(day, n)


def wd_back(day: date, n: int) -> date:
    """The nth working day before `day` (0: `day` itself if it is a working day, else the one before)."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    for _ in range(n):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return day


def months(day: date, n: float) -> date:
    whole = int(n)
    return day + relativedelta(months=whole) + timedelta(days=round((n - whole) * 30.4))


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# --- The plan -----------------------------------------------------------------------------------------------


@dataclass
class Event:
    day: date
    priority: int
    seq: int
    kind: str
    by: str
    values: dict[str, Any]


@dataclass
class ChildInfo:
    key: str  # "p<pk>" for a recorded person, "new<n>" for a child this step records
    pk: int | None
    first_name: str
    sex: str
    date_of_birth: date
    known: bool = False  # one of the people step's children
    has_disability: bool = False
    upn_missing: bool = False  # no UPN and no reason recorded
    blocked_from: date | None = None  # the front door referred them then (so no history before)
    busy_until: date | None = None  # their last episode's (planned) closure; date.max while open
    last_referral: date | None = None


@dataclass
class NewChild:
    key: str
    recorded_by: str
    fields: dict[str, Any]
    disabilities: list[str]


@dataclass
class EpisodePlan:
    n: int
    referral_date: date
    source: str
    need: str
    route: str
    at_referral: bool  # strategy discussion at referral
    accepted: date | None = None  # the day the referral was accepted (from when it can be allocated)
    fd_episode: int | None = None
    child: str = ""
    events: list[Event] = field(default_factory=list)
    closes: date = date.max  # planned closure (on or after the reference date: open then)
    detailed: bool = True
    re_referral: bool = False

    def add(self, day: date, kind: str, by: str, **values: Any) -> Event:
        event = Event(day, PRIORITY[kind], len(self.events), kind, by, values)
        self.events.append(event)
        return event

    def ordered(self) -> list[Event]:
        return sorted(self.events, key=lambda e: (e.day, e.priority, e.seq))


@dataclass
class CaseworkPlan:
    seed: int
    reference_date: date
    start: date
    history_end: date
    detail_from: date
    rate: float
    episodes: list[EpisodePlan]
    children: dict[str, ChildInfo]
    new_children: dict[str, NewChild]
    skipped_front_door: int = 0

    def digest(self) -> str:
        h = hashlib.sha256()
        for ep in self.episodes:
            c = self.children[ep.child]  # the child as described, not their primary key
            child = (c.first_name, c.sex, c.date_of_birth, c.known, c.pk is None and c.key)
            h.update(repr((ep.referral_date, ep.source, ep.need, ep.route, child, ep.closes)).encode())
            for e in ep.ordered():
                h.update(repr((e.day, e.kind, e.by, sorted(e.values.items()))).encode())
        for key in sorted(self.new_children):
            h.update(repr((key, sorted(self.new_children[key].fields.items()))).encode())
        return h.hexdigest()


@dataclass
class FrontDoorEpisode:
    pk: int
    person: int
    referral_date: date  # the day the contact came in
    source: str
    need: str
    strategy: bool
    accepted: date  # the day a manager signed the referral off (the episode opened)


@dataclass
class Inputs:
    """What the planner reads from the database, once."""

    children: list[ChildInfo]  # the people step's children who may have casework
    front_door: list[FrontDoorEpisode]
    front_door_children: dict[int, ChildInfo]  # children of the front door's episodes, by pk
    families: list[list[str]]  # child keys by family
    rules: dict[str, Rule]
    upns: set[str]
    nhs_numbers: set[str]
    history_end: date
    skipped: int = 0  # front-door episodes about restricted children, left to the workers named on them


class CaseworkPlanner:
    def __init__(
        self, *, seed: int, children: int, reference_date: date, inputs: Inputs, detail_from: date | None
    ) -> None:
        self.seed = seed
        self.rng = random.Random(f"kindred-synthetic:{seed}:casework")
        self.ids = Identifiers(random.Random(f"kindred-synthetic:{seed}:casework:identifiers"))
        self.ids._upn.update(inputs.upns)
        self.ids._nhs.update(inputs.nhs_numbers)
        self.inputs = inputs
        self.reference = reference_date
        self.start = history_start(reference_date)
        self.end = min(inputs.history_end, reference_date)
        self.detail_from = detail_from or default_detail_from(reference_date)
        self.lookback = reference_date - relativedelta(months=DETAIL_LOOKBACK_MONTHS)
        self.rate = referrals_a_year(children)
        self.deck: list[str] = []
        # The planner's own copies: planning changes them (who is busy until when), the inputs stay as read.
        self.children: dict[str, ChildInfo] = {c.key: replace(c) for c in inputs.children}
        self.children.update({c.key: replace(c) for c in inputs.front_door_children.values()})
        self.known = [self.children[c.key] for c in inputs.children]
        self.family_of: dict[str, int] = {}
        for n, keys in enumerate(inputs.families):
            for key in keys:
                self.family_of[key] = n
        self.new_children: dict[str, NewChild] = {}
        self.episodes: list[EpisodePlan] = []
        self.re_referrals = 0
        self.rule_value = {key: r.value for key, r in inputs.rules.items()}
        # Who holds which case when: (from, until) per worker, for the managers' choice of worker.
        self.holdings: dict[str, list[tuple[date, date]]] = {}

    # Small helpers --------------------------------------------------------------------------------------

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def outcome(self) -> str:
        if not self.deck:
            self.deck = [o for o, n in OUTCOME_DECK for _ in range(n)]
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def caseload(self, worker: str, day: date) -> int:
        return sum(start <= day < until for start, until in self.holdings.get(worker, ()))

    def choose_worker(self, workers: Sequence[str], day: date) -> str:
        """The worker a manager gives a new case to: the one holding fewest cases for their share of a full
        caseload (between equals, at random), as managers keep their teams' caseloads level. Episodes planned
        later in the run are not counted yet, so the balance is close, not exact."""
        room = {w: self.caseload(w, day) / CASELOAD_SHARE.get(w, 1) for w in workers}
        least = min(room.values())
        return self.rng.choice([w for w in workers if room[w] <= least])

    def hold(self, ep: EpisodePlan) -> None:
        """Count a planned episode in its workers' caseloads, from each allocation until the next or the
        closure. (An older episode's transfer, dropped later to save time, still counts here: it closed long
        before the reference date.)"""
        held = sorted(
            (e.day, e.priority, e.values["worker"]) for e in ep.events if e.kind in ("allocate", "transfer")
        )
        for (start, _, worker), until in zip(held, [d for d, _, _ in held[1:]] + [ep.closes], strict=True):
            self.holdings.setdefault(worker, []).append((start, until))

    def between(self, first: date, last: date) -> date:
        """A working day from `first` to `last`, at random (the first working day from `first` if there is
        none in the range)."""
        span = (last - first).days
        day = first + timedelta(days=self.rng.randrange(span + 1)) if span > 0 else first
        day = next_working_day(day)
        if day > last:
            day = wd_back(last, 0)
        return day if day >= first else next_working_day(first)

    # The referrals ---------------------------------------------------------------------------------------

    def referral_days(self) -> list[date]:
        days, day = [], self.start
        while day < self.end:
            weekend = day.weekday() >= 5
            weight = DAY_WEIGHTS[day.weekday()] if weekend or is_working_day(day) else BANK_HOLIDAY_WEIGHT
            days.append((day, weight))
            day += timedelta(days=1)
        if not days:
            return []
        count = round(self.rate * (self.end - self.start).days / 365.25)
        chosen = self.rng.choices([d for d, _ in days], weights=[w for _, w in days], k=count)
        return sorted(chosen)

    def plan(self) -> CaseworkPlan:
        slots = self.referral_days()
        front_door = sorted(self.inputs.front_door, key=lambda f: (f.referral_date, f.pk))
        skip = 0
        for day in slots:
            if skip:
                skip -= 1
                continue
            skip = self.history_referral(day) - 1
        for fd in front_door:
            self.front_door_episode(fd)
        for ep in self.episodes:
            self.finish(ep)
        self.episodes.sort(key=lambda e: (e.referral_date, e.fd_episode is not None, e.n))
        return CaseworkPlan(
            seed=self.seed,
            reference_date=self.reference,
            start=self.start,
            history_end=self.end,
            detail_from=self.detail_from,
            rate=self.rate,
            episodes=self.episodes,
            children=self.children,
            new_children=self.new_children,
            skipped_front_door=self.inputs.skipped,
        )

    def new_episode(self, day: date, *, fd: FrontDoorEpisode | None = None) -> EpisodePlan:
        route = self.outcome()
        if fd is not None:  # the front door decided whether a strategy discussion is needed at referral
            at_referral = fd.strategy
            route = "strategy" if fd.strategy else route
            source, need = fd.source, fd.need
        else:
            at_referral = route == "strategy" and self.chance(STRATEGY_AT_REFERRAL)
            source = self.pick(list(NATIONAL_SOURCE_SHARES.items()))
            need = "N1" if route == "strategy" else self.pick(PRIMARY_NEEDS)
        return EpisodePlan(
            n=len(self.episodes),
            referral_date=day,
            source=source,
            need=need,
            route=route,
            at_referral=at_referral,
            accepted=fd.accepted if fd else day,
            fd_episode=fd.pk if fd else None,
        )

    def history_referral(self, day: date) -> int:
        """Plan a referral on this day (and any brothers and sisters referred with the child); returns how
        many children it was about."""
        ep = self.new_episode(day)
        Journey(self, ep).build()
        open_at_end = ep.closes >= self.reference
        child: ChildInfo | None = None
        wanted = self.re_referrals < RE_REFERRAL_SHARE * (len(self.episodes) + 1)
        if wanted:
            child = self.choose(ep, re_referral=True)
            ep.re_referral = child is not None
        if child is None and (open_at_end or self.chance(KNOWN_CHILD_SHARE)):
            child = self.choose(ep, re_referral=False)
        if child is None:
            child = self.new_child(ep)
        self.assign(ep, child)
        referred = 1
        if child.known and not ep.re_referral and self.chance(SIBLINGS_TOO):
            for sibling in self.siblings(child, ep):
                twin = self.clone(ep)
                self.assign(twin, sibling)
                referred += 1
        return referred

    def clone(self, ep: EpisodePlan) -> EpisodePlan:
        twin = EpisodePlan(
            n=len(self.episodes),
            referral_date=ep.referral_date,
            source=ep.source,
            need=ep.need,
            route=ep.route,
            at_referral=ep.at_referral,
            accepted=ep.accepted,
            closes=ep.closes,
        )
        twin.events = [Event(e.day, e.priority, e.seq, e.kind, e.by, dict(e.values)) for e in ep.events]
        return twin

    def assign(self, ep: EpisodePlan, child: ChildInfo) -> None:
        ep.child = child.key
        if child.last_referral and (ep.referral_date - child.last_referral).days <= 365:
            ep.re_referral = True
        self.re_referrals += ep.re_referral
        child.busy_until = ep.closes
        child.last_referral = ep.referral_date
        self.episodes.append(ep)
        self.hold(ep)

    def fits(self, child: ChildInfo, ep: EpisodePlan) -> bool:
        d0, closes = ep.referral_date, ep.closes
        if child.date_of_birth > d0 - timedelta(days=7):
            return False
        if years_before(min(closes, self.reference) + timedelta(days=30), 18) >= child.date_of_birth:
            return False  # 18 before the episode ends
        if child.busy_until is not None and child.busy_until >= d0 - timedelta(days=1):
            return False
        # A child the front door referred has no earlier episode here: the front door's episodes are
        # recorded first, open, and a child has one open episode at a time (open_episode refuses another).
        return child.blocked_from is None

    def choose(self, ep: EpisodePlan, *, re_referral: bool) -> ChildInfo | None:
        d0 = ep.referral_date
        if re_referral:
            pool = [
                c
                for c in self.children.values()
                if c.last_referral and (d0 - c.last_referral).days <= 365 and self.fits(c, ep)
            ]
        else:
            pool = [
                c
                for c in self.known
                if (c.last_referral is None or (d0 - c.last_referral).days > 365) and self.fits(c, ep)
            ]
        if not pool:
            return None
        return self.rng.choice(pool)

    def siblings(self, child: ChildInfo, ep: EpisodePlan) -> list[ChildInfo]:
        family = self.family_of.get(child.key)
        if family is None:
            return []
        others = [
            self.children[k]
            for k in self.inputs.families[family]
            if k != child.key and k in self.children and self.children[k].last_referral is None
        ]
        others = [c for c in others if self.fits(c, ep)]
        self.rng.shuffle(others)
        return others[: self.pick(((1, 60), (2, 30), (3, 10)))]

    def front_door_episode(self, fd: FrontDoorEpisode) -> None:
        child = self.children[self.inputs.front_door_children[fd.person].key]
        for attempt in range(6):
            ep = self.new_episode(fd.referral_date, fd=fd)
            if attempt == 5 and not fd.strategy:
                ep.route = "nfa"
            Journey(self, ep).build()
            eighteen = years_before(min(ep.closes, self.reference) + timedelta(days=30), 18)
            if eighteen < child.date_of_birth or attempt == 5:
                break
        ep.child = child.key
        if child.last_referral and (fd.referral_date - child.last_referral).days <= 365:
            ep.re_referral = True
            self.re_referrals += 1
        child.busy_until, child.last_referral = ep.closes, fd.referral_date
        self.episodes.append(ep)
        self.hold(ep)

    # A child new to the trust ----------------------------------------------------------------------------

    def new_child(self, ep: EpisodePlan) -> ChildInfo:
        d0 = ep.referral_date
        horizon = min(ep.closes, self.reference) + timedelta(days=30)
        for _ in range(50):
            age = self.pick(list(AGE_WEIGHTS.items()))
            latest = d0 - timedelta(days=14 if age == 0 else 0) - relativedelta(years=age)
            earliest = years_before(d0, age + 1) + timedelta(days=1)
            dob = earliest + timedelta(days=self.rng.randrange(max(1, (latest - earliest).days + 1)))
            if years_before(horizon, 18) < dob:
                break
        else:
            dob = d0 - timedelta(days=60)
        group = self.pick([(g, g.weight) for g in data.FAMILY_GROUPS])
        mother_key, father_key = self.rng.choice(group.pairs)
        mother, father = data.HERITAGES[mother_key], data.HERITAGES[father_key]
        sex = "M" if self.chance(0.51) else "F"
        heritage = self.rng.choice([mother, father])
        first = self.rng.choice(heritage.boys if sex == "M" else heritage.girls)
        surnames = [s for s in (father if self.chance(0.6) else mother).surnames if not s.endswith("-")]
        last = self.rng.choice(surnames)
        if (first, last) in STAFF_NAMES:
            first = self.rng.choice(heritage.boys if sex == "M" else heritage.girls)
        ethnicity = group.recorded or data.child_ethnicity(mother, father)
        if self.chance(0.05):
            ethnicity = "NOBT"
        fields: dict[str, Any] = {
            "first_name": first,
            "last_name": last,
            "sex": sex,
            "date_of_birth": dob,
            "ethnicity": ethnicity,
            "first_language": self.pick(heritage.child_languages),
            "religion": self.pick(self.rng.choice([mother, father]).religions),
            "nhs_number": self.ids.nhs_number() if self.chance(0.85) else "",
        }
        fields.update(self.schooling(dob))
        disabilities = ["NONE"]
        if age_on(dob, d0) >= 1 and self.chance(0.08):
            disabilities = [self.pick(DISABILITY_CODES)]
            if self.chance(0.3):
                extra = self.pick(DISABILITY_CODES)
                if extra not in disabilities:
                    disabilities.append(extra)
        key = f"new{len(self.new_children) + 1}"
        self.new_children[key] = NewChild(
            key=key, recorded_by=self.pick(RECORDERS), fields=fields, disabilities=disabilities
        )
        child = ChildInfo(key=key, pk=None, first_name=first, sex=sex, date_of_birth=dob, has_disability=True)
        self.children[key] = child
        if disabilities != ["NONE"] and ep.need not in ("N1",) and self.chance(0.4):
            ep.need = "N2"
        return child

    def schooling(self, dob: date) -> dict[str, str]:
        """A UPN (or the reason there is none) as the trust holds it at the reference date."""
        age = age_on(dob, self.reference)
        if age < 4 or (age == 4 and dob.month < 9):
            return {"upn_unknown_reason": "UN1"}
        if self.chance(0.08):
            return {"upn_unknown_reason": self.pick((("UN4", 3), ("UN3", 1), ("UN2", 1)))}
        reception = date(dob.year + 4 + (dob.month >= 9), 9, 1)
        schools = [*PRIMARY_SCHOOLS.values(), *OTHER_PRIMARY_ESTABLISHMENTS]
        if age >= 11 and self.chance(0.3):
            schools = list(SECONDARY_SCHOOLS.values())
        return {"upn": self.ids.upn(self.rng.choice(schools), min(reception, self.reference))}

    # Words -------------------------------------------------------------------------------------------------

    def finish(self, ep: EpisodePlan) -> None:
        """Fill in the words and the child's census details (recorded by the allocated worker, or with the
        referral if no one is allocated yet), and drop the detail of episodes closed before `detail_from`."""
        child = self.children[ep.child]
        ep.detailed = ep.closes >= self.detail_from
        if ep.detailed:
            # Visits, core groups and reviews of the last DETAIL_LOOKBACK_MONTHS only.
            ep.events = [e for e in ep.events if e.kind not in LOOKBACK or e.day >= self.lookback]
        else:
            # The assessment's worker keeps the case: no transfer to the plan team recorded.
            allocated = next((e.values["worker"] for e in ep.events if e.kind == "allocate"), "")
            ep.events = [e for e in ep.events if e.kind not in OPTIONAL]
            for e in ep.events:
                if e.by in PLAN_WORKERS and allocated:
                    e.by = allocated
        if child.last_referral == ep.referral_date and ep.closes >= self.reference - timedelta(days=21):
            self.slip(ep, child)
        words = self.words(child, ep.referral_date)
        census: dict[str, str] = {}
        if child.pk is not None and not child.has_disability:
            census["disability"] = "NONE" if self.chance(0.96) else self.pick(DISABILITY_CODES)
            child.has_disability = True
        if child.pk is not None and child.upn_missing:
            census.update(self.schooling(child.date_of_birth))
            child.upn_missing = False
        if census:
            allocation = next((e for e in ep.events if e.kind == "allocate"), None)
            if allocation is not None and allocation.day < self.reference:
                ep.add(allocation.day, "census", allocation.values["worker"], **census)
            else:
                ep.add(ep.referral_date, "census", self.pick(RECORDERS), **census)
        for e in ep.events:
            self.fill(e, ep, child, words)
        if ep.detailed:
            self.notes(ep, child, words)

    def slip(self, ep: EpisodePlan, child: ChildInfo) -> None:
        """Work planned for the last two weeks before the reference date that has not been done yet: an
        assessment still being written (and whatever it would have led to), a visit or a review not yet
        made. Their clocks are open, and some overdue, on My work."""
        window = wd_back(self.reference, 10)
        recent = [e for e in ep.ordered() if window <= e.day < self.reference]
        completed = next((e for e in recent if e.kind == "complete"), None)
        if completed is not None and self.chance(SLIPS["complete"]):
            cut = (completed.day, completed.priority, completed.seq)
            ep.events = [e for e in ep.events if (e.day, e.priority, e.seq) < cut]
            ep.closes = child.busy_until = date.max
            return
        for kind in ("visit", "cin_review"):
            last = [e for e in recent if e.kind == kind and not e.values.get("final")]
            if last and self.chance(SLIPS[kind]):
                ep.events.remove(last[-1])

    def words(self, child: ChildInfo, day: date) -> dict[str, str]:
        he, him, his = {"M": ("he", "him", "his"), "F": ("she", "her", "her")}.get(
            child.sex, ("they", "them", "their")
        )
        age = age_on(child.date_of_birth, day)
        return {
            "name": child.first_name,
            "he": he,
            "him": him,
            "his": his,
            "He": he.capitalize(),
            "His": his.capitalize(),
            "school": "nursery" if age < 4 else "school",
            "band": "baby" if age < 3 else "young" if age < 8 else "middle" if age < 13 else "teen",
            "age": str(age),
        }

    def say(self, options: Sequence[str], words: dict[str, str]) -> str:
        return self.rng.choice(options).format_map(words)

    def fill(self, e: Event, ep: EpisodePlan, child: ChildInfo, words: dict[str, str]) -> None:
        v = e.values
        if e.kind == "complete":
            age = age_on(child.date_of_birth, e.day)
            v["factors"] = self.factors(v["outcome"], ep, age)
            v["child_views"] = self.say(text.CHILD_VIEWS[self.words(child, e.day)["band"]], words)
            v["analysis"] = self.say(text.ANALYSIS[v["outcome"]], words)
            if v.get("late"):
                v["late_reason"] = self.say(text.ASSESSMENT_LATE_REASONS, words)
        elif e.kind == "authorise":
            v["comment"] = self.rng.choice(text.MANAGER_COMMENTS)
        elif e.kind == "strategy":
            v["attendees"] = self.say(text.STRATEGY_ATTENDEES, words)
            v["reasons"] = self.say(text.STRATEGY_REASONS[v["decision"]], words)
        elif e.kind == "s47_complete":
            v["reasons"] = self.say(text.SECTION47_REASONS[v["outcome"]], words)
        elif e.kind in ("icpc", "cp_review"):
            v["attendees"] = self.say(text.CONFERENCE_ATTENDEES, words)
            v["reasons"] = self.say(text.CONFERENCE_REASONS[v["decision"]], words)
            if v.get("late"):
                v["late_reason"] = self.rng.choice(text.CONFERENCE_LATE_REASONS)
        elif e.kind == "core_group":
            v["attendees"] = self.rng.choice(text.CORE_GROUP_ATTENDEES)
            v["summary"] = self.rng.choice(text.CORE_GROUP_SUMMARIES)
        elif e.kind == "cin_review":
            v["summary"] = self.say(
                text.CIN_FINAL_REVIEW if v.get("final") else text.CIN_REVIEW_SUMMARIES, words
            )
        elif e.kind == "visit":
            age = age_on(child.date_of_birth, e.day)
            seen = v["seen"]
            v["seen_alone"] = seen and age >= 3 and self.chance(0.82 if v["plan"] == "cp" else 0.7)
            v["bedroom_seen"] = seen and self.chance(0.78 if v["plan"] == "cp" else 0.6)
            v["observations"] = self.say(text.VISIT_SEEN if seen else text.VISIT_NOT_SEEN, words)
            v["analysis"] = self.say(text.VISIT_ANALYSIS, words) if seen else ""
            v["minute"] = self.rng.randrange(9 * 60 + 30, 16 * 60 + 30)

    def factors(self, outcome: str, ep: EpisodePlan, age: int) -> list[str]:
        closes_after = not any(e.kind == "s47_complete" for e in ep.events)  # RC8/RC9 (rule 8873Q)
        if outcome in NO_FACTORS and closes_after and self.chance(NO_FACTORS[outcome]):
            return ["21"]
        counts = FACTOR_COUNTS.get(outcome, FACTOR_COUNTS["other"])
        harm = ep.route == "strategy" or outcome in ("continue", "strategy")
        pool = [
            (code, weight * (ABUSE_FACTORS.get(code, 1.0) if harm else 1.0))
            for code, weight, youngest, oldest in FACTORS
            if youngest <= age <= oldest
        ]
        chosen: list[str] = []
        for _ in range(self.pick(counts)):
            code = self.pick([(c, w) for c, w in pool if c not in chosen])
            chosen.append(code)
        return chosen

    def notes(self, ep: EpisodePlan, child: ChildInfo, words: dict[str, str]) -> None:
        """A few case notes on a detailed episode: the manager's direction at allocation, then notes of
        calls, meetings and events (some significant) while the case is open."""
        allocation = next((e for e in ep.events if e.kind == "allocate"), None)
        if allocation is None:
            return
        end = min(ep.closes, self.reference - timedelta(days=1))
        since = max(allocation.day, self.lookback)
        workers = self.workers_by_day(ep)
        if allocation.day >= self.lookback and self.chance(0.3):
            ep.add(
                allocation.day,
                "note",
                self.pick(MANAGERS_OF.get(allocation.values["worker"], HEAD_OF_SERVICE)),
                note_kind="management_direction",
                title="Management direction",
                text=self.say(text.MANAGEMENT_DIRECTION[:1], words),
                significant=False,
                minute=self.rng.randrange(9 * 60, 17 * 60),
            )
        span = (end - since).days
        if span < 2:
            return
        count = self.pick(((0, 70), (1, 30))) if span < 60 else self.pick(((0, 35), (1, 50), (2, 15)))
        for _ in range(count):
            day = self.between(since + timedelta(days=1), end)
            if day > end:
                continue
            if self.chance(0.15):
                ep.add(
                    day,
                    "note",
                    self.pick(MANAGERS_OF.get(self.worker_on(workers, day), HEAD_OF_SERVICE)),
                    note_kind="supervision",
                    title="Case supervision",
                    text=self.say(text.MANAGEMENT_DIRECTION[1:], words),
                    significant=False,
                    minute=self.rng.randrange(9 * 60, 17 * 60),
                )
                continue
            kind, title, body, significant = self.rng.choice(text.NOTES)
            if title == "Missing episode" and age_on(child.date_of_birth, day) < 11:
                kind, title, body, significant = text.NOTES[0]
            ep.add(
                day,
                "note",
                self.worker_on(workers, day),
                note_kind=kind,
                title=title.format_map(words),
                text=body.format_map(words),
                significant=significant,
                minute=self.rng.randrange(8 * 60 + 30, 18 * 60),
            )

    @staticmethod
    def workers_by_day(ep: EpisodePlan) -> list[tuple[date, int, str]]:
        return sorted(
            (e.day, e.priority, e.values["worker"]) for e in ep.events if e.kind in ("allocate", "transfer")
        )

    @staticmethod
    def worker_on(workers: list[tuple[date, int, str]], day: date) -> str:
        """Who holds the case when a note is written on this day: a transfer that day is recorded after the
        day's notes, and until then only the worker it comes from (and their managers) may write on it."""
        current = workers[0][2]
        for start, priority, worker in workers:
            if (start, priority) < (day, PRIORITY["note"]):
                current = worker
        return current


class Journey:
    """One episode's events from its referral, planned in time order: the route's statutory steps, the
    visits and meetings in between, and the closure. Every date that a clock or a census rule checks is
    worked out here; the words are filled in later, once the child is known."""

    def __init__(self, planner: CaseworkPlanner, ep: EpisodePlan) -> None:
        self.p = planner
        self.ep = ep
        self.rng = planner.rng
        self.worker = ""
        self.resume_cin: date | None = None  # where a child in need plan carries on after an escalation

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        return self.p.pick(weighted)

    def chance(self, probability: float) -> bool:
        return self.p.chance(probability)

    def add(self, day: date, kind: str, by: str | None = None, **values: Any) -> None:
        self.ep.add(day, kind, by or self.worker, **values)

    def rule(self, key: str) -> int:
        return self.p.rule_value[key]

    def build(self) -> None:
        ep = self.ep
        ep.events = []
        ep.closes = date.max
        d0 = ep.referral_date
        if ep.fd_episode is None:
            self.add(d0, "open", self.pick(REFERRAL_MANAGERS))
        accepted = ep.accepted or d0
        if ep.route == "strategy" and ep.at_referral:
            self.strategy_at_referral(accepted)
            return
        allocated = self.allocate(wd(accepted, self.pick(((0, 35), (1, 40), (2, 20), (3, 5)))))
        started = wd(allocated, self.pick(((0, 40), (1, 30), (2, 20), (3, 10))))
        self.add(started, "start_assessment")
        authorised = self.assessment(started, ep.route)
        if ep.route in ("nfa", "family_help"):
            ep.closes = authorised  # the authorisation closes it (RC8, RC9)
        elif ep.route == "cin_plan":  # the authorisation starts the plan
            self.transfer(authorised)
            self.cin_plan(authorised)
        else:
            self.strategy(wd(authorised, self.pick(((0, 50), (1, 35), (2, 15)))))

    # Steps -------------------------------------------------------------------------------------------------

    def allocate(self, day: date) -> date:
        """An assessment team's manager gives the referral to one of their social workers (a case waiting for
        a worker is any team manager's to allocate)."""
        self.worker = self.p.choose_worker(ASSESSMENT_WORKERS, day)
        self.add(day, "allocate", TEAM_MANAGERS[self.worker], worker=self.worker)
        return day

    def transfer(self, day: date) -> None:
        """On the day the plan starts, the assessment team's manager asks the plan team to take the case; the
        plan team's manager accepts within a few days by allocating it to one of their workers (a team manager
        allocates only within their own team). Until then the assessment worker keeps the case."""
        if self.worker in PLAN_WORKERS:
            return
        self.add(day, "transfer_request", TEAM_MANAGERS[self.worker])
        day = wd(day, self.pick(((0, 40), (1, 30), (2, 20), (3, 10))))
        self.worker = self.p.choose_worker(PLAN_WORKERS, day)
        self.add(day, "transfer", TEAM_MANAGERS[self.worker], worker=self.worker)

    def assessment(self, started: date, route: str, *, by_day: date | None = None, outcome: str = "") -> date:
        """Complete and authorise the assessment (the child seen during it); returns the day it was
        authorised. `by_day` pins the authorisation (an assessment finished with a section 47 enquiry)."""
        d0 = self.ep.referral_date
        limit = self.rule(rules.ASSESSMENT)
        due = wd(d0, limit)
        late = False
        if by_day is not None:
            authorised = max(by_day, started)
            completed = max(started, wd_back(authorised, self.pick(((0, 50), (1, 35), (2, 15)))))
            late = completed > due
        elif self.chance(ASSESSMENT_IN_TIME):
            low = min(limit, working_days_between(d0, started) + 4)
            authorised = wd(d0, int(self.rng.triangular(low, limit, max(low, limit - 10))))
            completed = max(started, wd_back(authorised, self.pick(((0, 40), (1, 35), (2, 15), (3, 10)))))
        else:
            completed = wd(due, self.pick(((1, 30), (3, 25), (6, 20), (10, 15), (20, 10))))
            authorised = wd(completed, self.pick(((0, 40), (1, 35), (2, 15), (3, 10))))
            late = True
        self.visit(self.p.between(started, completed), "assessment")
        self.add(completed, "complete", outcome=outcome or route, late=late)
        self.add(authorised, "authorise", self.pick(MANAGERS_OF[self.worker]))
        return authorised

    def strategy_at_referral(self, d0: date) -> None:
        """The front door (or the out-of-hours service) found reasonable cause to suspect significant harm: a
        strategy discussion that day or the next working day, with the assessment alongside."""
        day = self.allocate(wd(d0, self.pick(((0, 70), (1, 30)))))
        started = wd(day, self.pick(((0, 50), (1, 35), (2, 15))))
        self.add(started, "start_assessment")
        decision = self.pick(STRATEGY_DECISIONS)
        self.add(day, "strategy", decision=decision, agencies=self.agencies())
        if decision == "section_47":
            self.section47(day, started=started)
            return
        route = "cin_plan" if decision == "child_in_need" else "nfa"
        authorised = self.assessment(started, route)
        if route == "nfa":
            self.ep.closes = authorised  # RC8: no section 47 on the episode
        else:
            self.transfer(authorised)
            self.cin_plan(authorised)

    def strategy(self, day: date, *, in_plan: bool = False) -> None:
        """A strategy discussion after the assessment, or during a child in need plan (`in_plan`)."""
        decision = self.pick(STRATEGY_DECISIONS)
        self.add(day, "strategy", decision=decision, agencies=self.agencies())
        if decision == "section_47":
            self.section47(day, started=None, in_plan=in_plan)
        elif in_plan:
            self.resume_cin = day
        elif decision == "child_in_need":
            self.add(day, "cin_start")
            self.transfer(day)
            self.cin_plan(day)
        else:
            self.close(wd(day, self.pick(((0, 50), (2, 30), (5, 20)))), "RC8")

    def agencies(self) -> list[str]:
        chosen = ["social_care", "police", "health"]
        if self.chance(0.5):
            chosen.append("education")
        return chosen

    def section47(self, strategy_day: date, *, started: date | None, in_plan: bool = False) -> None:
        """The enquiry concludes in 5-14 working days; an assessment still open is finished with it (and
        authorised before the enquiry's outcome is recorded, so its recommendation starts nothing itself)."""
        concluded = wd(strategy_day, self.pick(((5, 15), (8, 30), (10, 30), (12, 15), (14, 10))))
        outcome = self.pick(SECTION47_OUTCOMES)
        if started is not None:
            recommendation = {"icpc": "continue", "child_in_need": "cin_plan", "nfa": "nfa"}[outcome]
            self.assessment(started, "strategy", by_day=concluded, outcome=recommendation)
        self.add(concluded, "s47_complete", outcome=outcome)
        if outcome == "icpc":
            self.icpc(strategy_day, concluded, in_plan=in_plan)
        elif outcome == "child_in_need" and in_plan:
            self.resume_cin = concluded
        elif outcome == "child_in_need":
            self.add(concluded, "cin_start")
            self.transfer(concluded)
            self.cin_plan(concluded)
        else:
            self.close(wd(concluded, self.pick(((0, 40), (1, 30), (3, 30)))), "RC7")

    def icpc(self, strategy_day: date, concluded: date, *, in_plan: bool) -> None:
        """The initial conference: ~80% within 15 working days of the strategy discussion, on a working
        day (rule 8875), never before the enquiry concluded."""
        target = wd(strategy_day, self.rule(rules.ICPC))
        if self.chance(ICPC_IN_TIME):
            held = self.p.between(max(concluded, wd(strategy_day, 8)), target)
        else:
            held = wd(max(target, concluded), self.pick(((1, 35), (2, 25), (4, 20), (7, 15), (10, 5))))
        held = max(held, concluded)
        decision = self.pick(ICPC_DECISIONS)
        category = self.pick(CATEGORIES) if decision == "plan" else ""
        self.add(held, "icpc", CHAIR, decision=decision, category=category, late=held > target)
        if decision == "plan":
            self.transfer(held)
            self.cp_plan(held)
        elif decision == "no_plan" and in_plan:
            self.resume_cin = held
        elif decision == "no_plan":
            self.add(held, "cin_start")
            self.transfer(held)
            self.cin_plan(held)
        else:
            self.close(wd(held, self.pick(((0, 40), (2, 40), (5, 20)))), "RC7")

    def close(self, day: date, reason: str) -> None:
        self.add(day, "close", reason=reason)
        self.ep.closes = day

    # Plans -------------------------------------------------------------------------------------------------

    def visit(self, day: date, plan: str, seen: bool = True) -> None:
        self.add(day, "visit", seen=seen, plan=plan)

    def visits(self, start: date, until: date, every: int, plan: str) -> None:
        """Visits at the plan's frequency (working days) from `start` until before `until`: most a few days
        before they are due, some late, a few where the child was not seen (then a revisit)."""
        last = start
        while True:
            due = wd(last, every)
            if self.chance(VISIT_LATE):
                day = wd(due, self.pick(((1, 40), (2, 30), (4, 20), (6, 10))))
            else:
                day = max(wd(last, 1), wd_back(due, self.pick(((0, 25), (1, 25), (2, 25), (3, 15), (4, 10)))))
            if day >= until:
                return
            if self.chance(VISIT_NOT_SEEN):
                self.visit(day, plan, seen=False)
                day = wd(day, self.pick(((1, 50), (2, 30), (3, 20))))
                if day >= until:
                    return
            self.visit(day, plan)
            last = day

    def review_day(self, last: date) -> date:
        """A child in need review: due 3 months after the plan started or was last reviewed."""
        due = last + relativedelta(months=self.rule(rules.CIN_REVIEW))
        if self.chance(0.1):
            return wd(due, self.pick(((1, 40), (3, 30), (6, 20), (10, 10))))
        return self.p.between(due - timedelta(days=18), wd_back(due, 0))

    def cin_stretch(self, start: date, until: date) -> date:
        """Reviews and visits of a child in need plan from `start` until before `until`; returns the last
        review's day (or the start)."""
        last = start
        while (review := self.review_day(last)) < until:
            self.add(review, "cin_review")
            last = review
        self.visits(start, until, self.rule(rules.CIN_VISIT), "cin")
        return last

    def cin_plan(self, start: date, *, lasts: tuple[float, float, float] = (3, 12, 6)) -> None:
        """A child in need plan from `start` (started by the assessment's authorisation or a start event):
        visits, reviews every 3 months and, at the first review after 3-12 months, the case's closure. A few
        plans escalate to a strategy discussion."""
        target = months(start, self.rng.triangular(*lasts))
        if self.chance(CIN_ESCALATES):
            escalation = self.p.between(months(start, 1), months(start, 4))
            self.cin_stretch(start, escalation)
            self.resume_cin = None
            self.strategy(escalation, in_plan=True)
            if self.resume_cin is None:  # a protection plan took over, or the case closed
                return
            start = self.resume_cin
            target = max(target, months(start, 2))
        last = start
        while (review := self.review_day(last)) < target:
            self.add(review, "cin_review")
            last = review
        self.visits(start, review, self.rule(rules.CIN_VISIT), "cin")
        self.add(review, "cin_review", final=True)
        self.close(review, "RC5" if self.chance(CIN_MOVED) else "RC7")

    def cp_plan(self, start: date) -> None:
        """A child protection plan from its initial conference: core groups, visits every 10 working days,
        reviews at 3 months and then at most every 6, ending at a review after 6-18 months (or when the
        family moves away); then a child in need plan or the case's closure."""
        target = months(start, self.rng.triangular(6, 18, 9))
        moved_on = self.p.between(months(start, 1), target) if self.chance(CP_MOVED) else None
        reviews: list[tuple[date, bool]] = []
        last, first = start, True
        while True:
            key = rules.FIRST_REVIEW_CONFERENCE if first else rules.REVIEW_CONFERENCE
            due = last + relativedelta(months=self.rule(key))
            if self.chance(REVIEW_IN_TIME):
                earliest = due - timedelta(days=14) if first else last + relativedelta(months=4)
                held = self.p.between(earliest, wd_back(due, 0))
            else:
                held = wd(due, self.pick(((1, 40), (3, 30), (6, 20), (10, 10))))
            if moved_on is not None and held >= moved_on:
                break
            reviews.append((held, held > due))
            last, first = held, False
            if held >= target:
                break
        end = moved_on or reviews[-1][0]
        for n, (held, late) in enumerate(reviews):
            final = n == len(reviews) - 1 and moved_on is None
            changed = not final and self.chance(CATEGORY_CHANGE)
            self.add(
                held,
                "cp_review",
                CHAIR,
                decision="end" if final else "continue",
                category=self.pick(CATEGORIES) if changed else "",
                late=late,
            )
        day = wd(start, self.pick(((4, 20), (6, 30), (8, 25), (10, 15), (13, 7), (16, 3))))
        while day < end:  # core groups: the first within 10 working days, then every 4-6 weeks
            self.add(day, "core_group")
            day = wd(day, self.pick(((20, 40), (25, 40), (30, 20))))
        self.visits(start, end, self.rule(rules.CP_VISIT), "cp")
        if moved_on is not None:
            self.add(moved_on, "end_cp", reason=ChildProtectionPlan.EndReason.MOVED)
            self.close(moved_on, "RC5")
        elif self.chance(STEP_DOWN_TO_CIN):
            self.add(end, "step_down")
            self.cin_plan(end, lasts=(3, 9, 4))
        else:
            self.close(wd(end, self.pick(((0, 40), (2, 30), (5, 20), (10, 10)))), "RC7")


def open_caseloads(plan: CaseworkPlan) -> Counter[str]:
    """Open children per worker at the reference date, as the plan will record them (a child has one open
    episode at a time)."""
    held: Counter[str] = Counter()
    for ep in plan.episodes:
        if ep.referral_date >= plan.reference_date or ep.closes < plan.reference_date:
            continue
        workers = [
            e.values["worker"]
            for e in ep.ordered()
            if e.kind in ("allocate", "transfer") and e.day < plan.reference_date
        ]
        if workers:
            held[workers[-1]] += 1
    return held


# --- Reading the inputs -------------------------------------------------------------------------------------


def read_inputs(manifest: PeopleManifest, *, history_end: date) -> Inputs:
    """The people step's children, the front door's episodes and the children they are about, the staff and
    the casework rules."""
    from kindred.access.models import RestrictedAccess

    columns = (
        "pk",
        "uuid",
        "first_name",
        "sex",
        "date_of_birth",
        "date_of_death",
        "restricted",
        "upn",
        "upn_unknown_reason",
    )
    with_disability = set(Disability.objects.values_list("person_id", flat=True))
    restricted = set(RestrictedAccess.objects.values_list("person_id", flat=True))

    def info(row: tuple[Any, ...], known: bool) -> ChildInfo | None:
        pk, _uuid, first, sex, dob, died, is_restricted, upn, reason = row
        if dob is None or died is not None or is_restricted or pk in restricted:
            return None
        return ChildInfo(
            key=f"p{pk}",
            pk=pk,
            first_name=first,
            sex=sex,
            date_of_birth=dob,
            known=known,
            has_disability=pk in with_disability,
            upn_missing=not upn and not reason,
        )

    by_uuid = {}
    for row in Person.objects.filter(uuid__in=manifest.children).order_by("pk").values_list(*columns):
        child = info(row, True)
        if child is not None:
            by_uuid[row[1]] = child
    front_door: list[FrontDoorEpisode] = []
    fd_children: dict[int, ChildInfo] = {}
    rows = list(
        Episode.objects.filter(contact__isnull=False, closure_date__isnull=True)
        .order_by("referral_date", "pk")
        .values_list(
            "pk",
            "person_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "strategy_discussion_needed",
            "contact__decision__signed_off_at",
        )
    )
    people = {
        row[0]: row for row in Person.objects.filter(pk__in={row[1] for row in rows}).values_list(*columns)
    }
    known_by_pk = {c.pk: c for c in by_uuid.values()}
    skipped = 0
    for pk, person, referral_date, source, need, strategy, signed_off in rows:
        child = known_by_pk.get(person) or fd_children.get(person)
        if child is None:
            child = info(people[person], False)
            if child is None:  # a restricted child: their casework is for the workers named on the record
                skipped += 1
                continue
        fd_children[person] = child
        if child.blocked_from is None or referral_date < child.blocked_from:
            child.blocked_from = referral_date
        accepted = max(timezone.localtime(signed_off).date() if signed_off else referral_date, referral_date)
        front_door.append(
            FrontDoorEpisode(pk, person, referral_date, source, need or "N1", strategy, accepted)
        )
    families = []
    for family in manifest.families:
        keys = [by_uuid[u].key for u in family.children if u in by_uuid]
        if len(keys) > 1:
            families.append(keys)
    rule_keys = (
        rules.ASSESSMENT,
        rules.ICPC,
        rules.FIRST_REVIEW_CONFERENCE,
        rules.REVIEW_CONFERENCE,
        rules.CP_VISIT,
        rules.CIN_VISIT,
        rules.CIN_REVIEW,
    )
    return Inputs(
        children=list(by_uuid.values()),
        front_door=front_door,
        front_door_children=fd_children,
        families=families,
        rules={key: rules.rule(key) for key in rule_keys},
        upns=set(Person.objects.exclude(upn="").values_list("upn", flat=True)),
        nhs_numbers=set(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)),
        history_end=history_end,
        skipped=skipped,
    )


def plan_casework(
    *, seed: int, children: int, reference_date: date, inputs: Inputs, detail_from: date | None = None
) -> CaseworkPlan:
    return CaseworkPlanner(
        seed=seed, children=children, reference_date=reference_date, inputs=inputs, detail_from=detail_from
    ).plan()


# --- Recording ----------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What was recorded, counted as it happens: the step's summary."""

    episodes: int = 0
    front_door_episodes: int = 0
    re_referrals: int = 0
    new_children: int = 0
    census_details: int = 0
    allocations: int = 0
    transfers_requested: int = 0
    assessments_started: int = 0
    assessments_authorised: int = 0
    assessments_late: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    strategy_discussions: int = 0
    section47s: int = 0
    section47_outcomes: Counter[str] = field(default_factory=Counter)
    icpcs: int = 0
    icpcs_late: int = 0
    icpc_decisions: Counter[str] = field(default_factory=Counter)
    cp_plans: int = 0
    cp_plans_ended: int = 0
    cp_reviews: int = 0
    cp_reviews_late: int = 0
    core_groups: int = 0
    late_items: int = 0  # first core groups, child in need reviews and visits recorded late, with a reason
    cin_plans: int = 0
    cin_reviews: int = 0
    visits: int = 0
    visits_seen: int = 0
    visits_seen_alone: int = 0
    notes: int = 0
    significant_notes: int = 0
    closures: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)


def census_year(day: date) -> str:
    start = census_year_start(day)
    return f"{start.year}-{(start.year + 1) % 100:02d}"


@dataclass
class State:
    """One episode's records as they are made (the objects the next action needs)."""

    episode: Episode
    person: Person
    assessment: Assessment | None = None
    section47: Section47 | None = None
    cp_plan: ChildProtectionPlan | None = None
    cp_version: int = 1


def _plan_words(s: State, outlines: tuple[str, ...]) -> str:
    """A plan's words for this child, chosen by the episode (no draw from the random stream, so adding them
    changed nothing else the trust records)."""
    return outlines[s.episode.pk % len(outlines)].format(name=s.person.first_name)


def _at(day: date, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)), LONDON)


class Recorder:
    def __init__(self, plan: CaseworkPlan, users: dict[str, User], persons: dict[int, Person]) -> None:
        self.plan = plan
        self.users = users
        self.persons = persons
        self.tally = Tally()
        self.chair = users[CHAIR].get_full_name()
        self.persons_new: dict[str, Person] = {}
        self._plan_team: Team | None = None

    def new_child(self, new: NewChild) -> Person:
        by = self.users[new.recorded_by]
        person = people_actions.create_person(by=by, **new.fields)
        for code in new.disabilities:
            start = None if code == "NONE" else new.fields["date_of_birth"] + timedelta(days=365)
            people_actions.record_disability(person=person, code=code, by=by, start_date=start)
        self.tally.new_children += 1
        return person

    def record_episode(self, ep: EpisodePlan, fd_episodes: dict[int, Episode]) -> None:
        reference = self.plan.reference_date
        child = self.plan.children[ep.child]
        person = self.persons[child.pk] if child.pk is not None else self.persons_new.get(ep.child)
        if person is None:
            person = self.new_child(self.plan.new_children[ep.child])
            self.persons_new[ep.child] = person
        state: State | None = None
        if ep.fd_episode is not None:
            state = State(episode=fd_episodes[ep.fd_episode], person=person)
            self.tally.front_door_episodes += 1
        for event in ep.ordered():
            if event.day >= reference:
                break
            if state is None:
                if event.kind != "open":
                    raise AssertionError(f"episode {ep.n}: {event.kind} before it was opened")
                episode = actions.open_episode(
                    person=person,
                    referral_date=ep.referral_date,
                    referral_source=ep.source,
                    primary_need=ep.need,
                    by=self.users[event.by],
                    contact=None,
                )
                state = State(episode=episode, person=person)
                self.tally.episodes += 1
                self.tally.re_referrals += episode.re_referral
                self.tally.years[census_year(ep.referral_date)] += 1
                continue
            getattr(self, f"on_{event.kind}")(state, event, self.users[event.by])
        if ep.fd_episode is not None and state is not None:
            self.tally.re_referrals += state.episode.re_referral
            self.tally.years[census_year(ep.referral_date)] += 1

    # One handler per kind of event -----------------------------------------------------------------------

    def on_allocate(self, s: State, e: Event, by: User) -> None:
        actions.allocate_episode(episode=s.episode, worker=self.users[e.values["worker"]], by=by, on=e.day)
        self.tally.allocations += 1

    def plan_team(self) -> Team:
        if self._plan_team is None:
            self._plan_team = Team.objects.get(name=PLAN_TEAM)
        return self._plan_team

    def on_transfer_request(self, s: State, e: Event, by: User) -> None:
        plan = "child protection" if s.cp_plan is not None and s.cp_plan.end_date is None else "child in need"
        actions.request_transfer(
            episode=s.episode,
            to_team=self.plan_team(),
            reason=f"The {plan} plan started on {e.day:%-d %B %Y}: the case moves to the plan team.",
            by=by,
            version=Episode.objects.values_list("version", flat=True).get(pk=s.episode.pk),
            on=e.day,
        )
        self.tally.transfers_requested += 1

    def on_transfer(self, s: State, e: Event, by: User) -> None:
        # The plan team's manager allocates to one of their workers, which accepts the request.
        actions.allocate_episode(
            episode=s.episode,
            worker=self.users[e.values["worker"]],
            by=by,
            on=e.day,
            reason="Transferred in from the assessment team: plan agreed",
        )
        self.tally.allocations += 1

    def on_census(self, s: State, e: Event, by: User) -> None:
        v = e.values
        if "disability" in v:
            people_actions.record_disability(person=s.person, code=v["disability"], by=by)
        upn = {k: v[k] for k in ("upn", "upn_unknown_reason") if k in v}
        if upn:
            version = Person.objects.values_list("version", flat=True).get(pk=s.person.pk)
            people_actions.update_person(
                person=s.person, version=version, by=by, reason="Details confirmed at assessment", **upn
            )
        self.tally.census_details += 1

    def on_start_assessment(self, s: State, e: Event, by: User) -> None:
        s.assessment = actions.start_assessment(episode=s.episode, by=by, start_date=e.day)
        self.tally.assessments_started += 1

    def on_complete(self, s: State, e: Event, by: User) -> None:
        v = e.values
        assert s.assessment is not None
        s.assessment = actions.complete_assessment(
            assessment=s.assessment,
            version=s.assessment.version,
            by=by,
            factors=v["factors"],
            child_views=v["child_views"],
            analysis=v["analysis"],
            outcome=v["outcome"],
            late_reason=v.get("late_reason", ""),
            on=e.day,
        )

    def on_authorise(self, s: State, e: Event, by: User) -> None:
        assert s.assessment is not None
        s.assessment = actions.authorise_assessment(
            assessment=s.assessment,
            version=s.assessment.version,
            by=by,
            comment=e.values["comment"],
            on=e.day,
        )
        self.tally.assessments_authorised += 1
        self.tally.assessments_late += bool(s.assessment.late_reason)
        self.tally.outcomes[s.assessment.outcome] += 1
        outcome = s.assessment.outcome
        if outcome in (Assessment.Outcome.NFA, Assessment.Outcome.FAMILY_HELP) and not self.busy(s):
            self.tally.closures["RC8" if outcome == Assessment.Outcome.NFA else "RC9"] += 1
        elif outcome == Assessment.Outcome.CIN_PLAN and not self.busy(s):
            self.tally.cin_plans += 1

    @staticmethod
    def busy(s: State) -> bool:
        return (s.section47 is not None and s.section47.completed_date is None) or s.cp_plan is not None

    def on_strategy(self, s: State, e: Event, by: User) -> None:
        v = e.values
        discussion = actions.record_strategy_discussion(
            episode=s.episode,
            attendees=v["attendees"],
            agencies=v["agencies"],
            decision=v["decision"],
            reasons=v["reasons"],
            by=by,
            held_on=e.day,
        )
        self.tally.strategy_discussions += 1
        if v["decision"] == StrategyDiscussion.Decision.SECTION_47:
            s.section47 = Section47.objects.get(strategy_discussion=discussion)
            self.tally.section47s += 1

    def on_s47_complete(self, s: State, e: Event, by: User) -> None:
        assert s.section47 is not None
        s.section47 = actions.complete_section47(
            section47=s.section47,
            version=s.section47.version,
            outcome=e.values["outcome"],
            reasons=e.values["reasons"],
            by=by,
            on=e.day,
        )
        self.tally.section47_outcomes[e.values["outcome"]] += 1

    def on_icpc(self, s: State, e: Event, by: User) -> None:
        v = e.values
        assert s.section47 is not None
        conference = actions.record_initial_conference(
            section47=s.section47,
            chair=self.chair,
            attendees=v["attendees"],
            decision=v["decision"],
            reasons=v["reasons"],
            by=by,
            held_on=e.day,
            category=v["category"],
            late_reason=v.get("late_reason", ""),
        )
        self.tally.icpcs += 1
        self.tally.icpcs_late += bool(conference.late_reason)
        self.tally.icpc_decisions[v["decision"]] += 1
        if conference.plan is not None:
            s.cp_plan, s.cp_version = conference.plan, conference.plan.version
            self.tally.cp_plans += 1

    @staticmethod
    def late(s: State, rule_keys: tuple[str, ...], day: date, reasons: tuple[str, ...]) -> str:
        """Why work that stops a clock after its due date was late (the actions ask for it). Chosen from
        the referral's and the work's days (stable when the trust is built again), not drawn from the
        plan's random stream, which stays as planned."""
        due = (
            Task.objects.filter(episode=s.episode, rule_key__in=rule_keys, done_at=None)
            .values_list("due_date", flat=True)
            .first()
        )
        if due is None or day <= due:
            return ""
        return reasons[(s.episode.referral_date.toordinal() + day.toordinal()) % len(reasons)]

    def on_core_group(self, s: State, e: Event, by: User) -> None:
        assert s.cp_plan is not None
        if not s.cp_plan.outline:  # the core group turns the conference's outline plan into the detailed one
            updated = actions.update_plan(
                plan=s.cp_plan,
                version=s.cp_version,
                outline=_plan_words(s, text.CP_PLAN_OUTLINES),
                visit_every=s.cp_plan.visit_every,
                reason="Agreed at the core group",
                by=by,
            )
            assert isinstance(updated, ChildProtectionPlan)
            s.cp_plan, s.cp_version = updated, updated.version
        meeting = actions.record_core_group(
            plan=s.cp_plan,
            attendees=e.values["attendees"],
            summary=e.values["summary"],
            by=by,
            held_on=e.day,
            late_reason=self.late(s, (rules.FIRST_CORE_GROUP,), e.day, text.MEETING_LATE_REASONS),
        )
        self.tally.core_groups += 1
        self.tally.late_items += bool(meeting.late_reason)

    def on_cp_review(self, s: State, e: Event, by: User) -> None:
        v = e.values
        assert s.cp_plan is not None
        end = v["decision"] == "end"
        conference = actions.record_review_conference(
            plan=s.cp_plan,
            version=s.cp_version,
            chair=self.chair,
            attendees=v["attendees"],
            decision=Conference.Decision.END if end else Conference.Decision.CONTINUE,
            reasons=v["reasons"],
            by=by,
            held_on=e.day,
            latest_category=v["category"],
            end_reason=ChildProtectionPlan.EndReason.NO_LONGER_AT_RISK if end else "",
            late_reason=v.get("late_reason", ""),
        )
        s.cp_version += 1
        self.tally.cp_reviews += 1
        self.tally.cp_reviews_late += bool(conference.late_reason)
        if end:
            s.cp_plan = None
            self.tally.cp_plans_ended += 1

    def on_end_cp(self, s: State, e: Event, by: User) -> None:
        assert s.cp_plan is not None
        actions.end_cp_plan(
            plan=s.cp_plan, version=s.cp_version, reason=e.values["reason"], by=by, end_date=e.day
        )
        s.cp_plan = None
        self.tally.cp_plans_ended += 1

    def on_cin_start(self, s: State, e: Event, by: User) -> None:
        outline = _plan_words(s, text.CIN_PLAN_OUTLINES)
        actions.start_cin_plan(episode=s.episode, by=by, start_date=e.day, outline=outline)
        self.tally.cin_plans += 1

    on_step_down = on_cin_start

    def on_cin_review(self, s: State, e: Event, by: User) -> None:
        plan = ChildInNeedPlan.objects.filter(episode=s.episode, end_date=None).first()
        assert plan is not None, "a child in need review with no plan"
        if not plan.outline:  # a plan a conference started is written up by its first review
            actions.update_plan(
                plan=plan,
                version=plan.version,
                outline=_plan_words(s, text.CIN_PLAN_OUTLINES),
                visit_every=plan.visit_every,
                reason="Agreed at the review",
                by=by,
            )
            plan.refresh_from_db()
        review = actions.record_cin_review(
            plan=plan,
            summary=e.values["summary"],
            by=by,
            held_on=e.day,
            late_reason=self.late(s, (rules.CIN_REVIEW,), e.day, text.MEETING_LATE_REASONS),
        )
        self.tally.cin_reviews += 1
        self.tally.late_items += bool(review.late_reason)

    def on_visit(self, s: State, e: Event, by: User) -> None:
        v = e.values
        visit = actions.record_visit(
            episode=s.episode,
            seen=v["seen"],
            seen_alone=v["seen_alone"],
            bedroom_seen=v["bedroom_seen"],
            observations=v["observations"],
            analysis=v["analysis"],
            by=by,
            visited_at=_at(e.day, v["minute"]),
            # Only a visit where the child is seen meets the standard (and stops its clock).
            late_reason=self.late(s, (rules.CP_VISIT, rules.CIN_VISIT), e.day, text.VISIT_LATE_REASONS)
            if v["seen"]
            else "",
        )
        self.tally.visits += 1
        self.tally.late_items += bool(visit.late_reason)
        self.tally.visits_seen += v["seen"]
        self.tally.visits_seen_alone += v["seen_alone"]

    def on_note(self, s: State, e: Event, by: User) -> None:
        v = e.values
        note = case_notes.start_note(
            person=s.person,
            by=by,
            kind=v["note_kind"],
            occurred_at=_at(e.day, v["minute"]),
            title=v["title"],
            text=v["text"],
            significant=v["significant"],
        )
        case_notes.record_note(note=note, version=note.version, by=by)
        self.tally.notes += 1
        self.tally.significant_notes += v["significant"]

    def on_close(self, s: State, e: Event, by: User) -> None:
        version = Episode.objects.values_list("version", flat=True).get(pk=s.episode.pk)
        actions.close_episode(
            episode=s.episode, version=version, reason=e.values["reason"], by=by, closure_date=e.day
        )
        self.tally.closures[e.values["reason"]] += 1


def record(plan: CaseworkPlan, progress: Progress) -> dict[str, Any]:
    """Play each episode's events through the casework actions, in referral order; what was planned for on
    or after the reference date is left undone."""
    usernames = {e.by for ep in plan.episodes for e in ep.events} | {CHAIR}
    usernames |= {e.values["worker"] for ep in plan.episodes for e in ep.events if "worker" in e.values}
    usernames |= {n.recorded_by for n in plan.new_children.values()}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = usernames - set(users)
    if missing:
        raise LookupError(f"Build the organisation and staff first; missing workers: {sorted(missing)}")
    pks = {plan.children[ep.child].pk for ep in plan.episodes} - {None}
    persons = Person.objects.in_bulk(pks)
    fd_episodes = Episode.objects.in_bulk([ep.fd_episode for ep in plan.episodes if ep.fd_episode])
    recorder = Recorder(plan, users, persons)
    step = max(1, len(plan.episodes) // 10)
    for n, ep in enumerate(plan.episodes, start=1):
        recorder.record_episode(ep, fd_episodes)
        if n % step == 0 or n == len(plan.episodes):
            progress(f"  episodes: {n:,} of {len(plan.episodes):,} recorded")
    return summarise(plan, recorder.tally)


def summarise(plan: CaseworkPlan, tally: Tally) -> dict[str, Any]:
    reference = plan.reference_date
    authorised = tally.assessments_authorised or 1
    icpcs = tally.icpcs or 1
    all_episodes = tally.episodes + tally.front_door_episodes
    open_episodes = Episode.objects.open()
    return {
        "from": plan.start.isoformat(),
        "history_until": plan.history_end.isoformat(),
        "detail_from": plan.detail_from.isoformat(),
        "referrals_a_year": round(plan.rate, 1),
        "episodes": {
            "opened": tally.episodes,
            "front_door": tally.front_door_episodes,
            "by_census_year": dict(sorted(tally.years.items())),
            "re_referrals": tally.re_referrals,
            "re_referral_percent": round(100 * tally.re_referrals / max(1, all_episodes), 1),
            "open_at_reference_date": open_episodes.count(),
            "skipped_front_door": plan.skipped_front_door,
        },
        "children": {
            "with_episodes": len({ep.child for ep in plan.episodes}),
            "new": tally.new_children,
            "known": len({ep.child for ep in plan.episodes if plan.children[ep.child].known}),
            "census_details_recorded": tally.census_details,
        },
        "allocations": tally.allocations,
        "transfers_requested": tally.transfers_requested,
        "assessments": {
            "started": tally.assessments_started,
            "authorised": tally.assessments_authorised,
            "late": tally.assessments_late,
            "in_time_percent": round(100 * (authorised - tally.assessments_late) / authorised, 1),
            "outcomes": dict(sorted(tally.outcomes.items())),
        },
        "strategy_discussions": tally.strategy_discussions,
        "section47s": {
            "started": tally.section47s,
            "outcomes": dict(sorted(tally.section47_outcomes.items())),
        },
        "icpcs": {
            "held": tally.icpcs,
            "late": tally.icpcs_late,
            "in_time_percent": round(100 * (icpcs - tally.icpcs_late) / icpcs, 1),
            "decisions": dict(sorted(tally.icpc_decisions.items())),
        },
        "cp_plans": {
            "started": tally.cp_plans,
            "ended": tally.cp_plans_ended,
            "open_at_reference_date": ChildProtectionPlan.objects.filter(end_date=None).count(),
            "reviews": tally.cp_reviews,
            "reviews_late": tally.cp_reviews_late,
            "core_groups": tally.core_groups,
        },
        "cin_plans": {
            "started": tally.cin_plans,
            "open_at_reference_date": ChildInNeedPlan.objects.filter(end_date=None).count(),
            "reviews": tally.cin_reviews,
        },
        "visits": {
            "recorded": tally.visits,
            "seen": tally.visits_seen,
            "seen_alone": tally.visits_seen_alone,
        },
        "notes": {
            "recorded": tally.notes,
            "significant": tally.significant_notes,
        },
        "closures": dict(sorted(tally.closures.items())),
        "tasks_open": Task.objects.filter(done_at=None, episode__isnull=False).count(),
        "tasks_overdue": Task.objects.filter(
            done_at=None, episode__isnull=False, due_date__lt=reference
        ).count(),
        "plan_digest": plan.digest(),
    }


def describe(summary: dict[str, Any]) -> str:
    """One paragraph for load_demo."""
    e, a, i = summary["episodes"], summary["assessments"], summary["icpcs"]
    cp, cin, v = summary["cp_plans"], summary["cin_plans"], summary["visits"]
    notes = f"{summary['notes']['recorded']:,} case notes"
    return (
        f"Casework: {e['opened'] + e['front_door']:,} episodes since {summary['from']} "
        f"({e['opened']:,} opened by history, {e['front_door']:,} by the front door; "
        f"{e['re_referral_percent']}% re-referrals; {e['open_at_reference_date']:,} open now), "
        f"{a['authorised']:,} assessments authorised ({a['in_time_percent']:.0f}% in 45 working days), "
        f"{summary['strategy_discussions']:,} strategy discussions, "
        f"{summary['section47s']['started']:,} section 47 enquiries, {i['held']:,} initial conferences "
        f"({i['in_time_percent']:.0f}% in 15 working days), "
        f"{cp['started']:,} child protection plans ({cp['open_at_reference_date']} open), {cin['started']:,} "
        f"child in need plans ({cin['open_at_reference_date']} open), {v['recorded']:,} visits, "
        f"{cp['core_groups']:,} core groups, {notes}; {summary['tasks_open']:,} tasks open "
        f"({summary['tasks_overdue']:,} overdue)."
    )


# --- The step -----------------------------------------------------------------------------------------------


def front_door_start(trust: SyntheticTrust) -> date:
    """Where the front door's history begins (the casework history ends there)."""
    from kindred.synthetic.models import SyntheticStep

    marker = SyntheticStep.objects.filter(name="frontdoor").first()
    if marker is not None and marker.summary.get("from"):
        return date.fromisoformat(marker.summary["from"])
    if marker is None:
        return trust.reference_date
    return trust.reference_date - timedelta(weeks=trust.frontdoor_weeks)


def casework_step(trust: SyntheticTrust, progress: Progress) -> dict[str, Any]:
    """The trust's step (kindred.synthetic.trust.STEPS): plan every episode's journey for this seed, then
    record it."""
    from kindred.synthetic.frontdoor import manifest_from_database

    manifest = trust.people or manifest_from_database()
    inputs = read_inputs(manifest, history_end=front_door_start(trust))
    plan = plan_casework(
        seed=trust.seed,
        children=trust.children,
        reference_date=trust.reference_date,
        inputs=inputs,
    )
    history = sum(ep.fd_episode is None for ep in plan.episodes)
    progress(
        f"  planned {history:,} referrals from {plan.start:%-d %B %Y} to {plan.history_end:%-d %B %Y} "
        f"({plan.rate:.0f} a year) and the journeys of {len(plan.episodes) - history:,} front-door referrals"
    )
    summary = record(plan, progress)
    summary["digest"] = casework_digest()
    progress(describe(summary))
    return summary


def casework_digest() -> str:
    """A fingerprint of the casework in the database, independent of UUIDs, primary keys and when it was
    loaded: two builds from one seed give the same digest."""
    from kindred.casework.models import (
        Allocation,
        AssessmentFactor,
        CaseNote,
        ChildInNeedReview,
        CoreGroup,
        Visit,
    )

    h = hashlib.sha256()
    episodes = Episode.objects.order_by(
        "referral_date", "person__last_name", "person__first_name", "person__date_of_birth", "pk"
    ).values_list(
        "pk",
        "person__first_name",
        "person__last_name",
        "person__date_of_birth",
        "referral_date",
        "referral_source",
        "primary_need",
        "re_referral",
        "strategy_discussion_needed",
        "closure_date",
        "closure_reason",
        "allocated_to__username",
        "team__name",
    )
    position: dict[int, int] = {}
    for n, (pk, *rest) in enumerate(episodes.iterator()):
        position[pk] = n
        h.update(repr(rest).encode())
    rows: list[tuple[Any, ...]] = []
    tables: list[tuple[str, Any, tuple[str, ...]]] = [
        (
            "allocation",
            Allocation.objects,
            ("worker__username", "start_date", "end_date", "allocated_by__username"),
        ),
        (
            "assessment",
            Assessment.objects,
            (
                "start_date",
                "due_date",
                "status",
                "outcome",
                "late_reason",
                "completed_date",
                "authorised_date",
                "authorised_by__username",
                "child_views",
                "analysis",
            ),
        ),
        ("factor", AssessmentFactor.objects, ("assessment__start_date", "code")),
        ("strategy", StrategyDiscussion.objects, ("held_on", "decision", "agencies", "reasons")),
        ("section47", Section47.objects, ("start_date", "icpc_target", "outcome", "completed_date")),
        (
            "conference",
            Conference.objects,
            ("kind", "held_on", "decision", "late_reason", "recorded_by__username"),
        ),
        (
            "cp_plan",
            ChildProtectionPlan.objects,
            ("start_date", "end_date", "initial_category", "latest_category", "end_reason"),
        ),
        ("core_group", CoreGroup.objects, ("held_on", "summary")),
        ("cin_plan", ChildInNeedPlan.objects, ("start_date", "end_date")),
        ("cin_review", ChildInNeedReview.objects, ("held_on", "summary")),
        (
            "visit",
            Visit.objects,
            ("visited_at", "seen", "seen_alone", "bedroom_seen", "visited_by__username"),
        ),
        (
            "task",
            Task.objects.filter(episode__isnull=False),
            ("rule_key", "due_date", "done_at", "late_reason", "assignee__username"),
        ),
    ]
    for name, manager, columns in tables:
        link = "episode_id"
        if name == "factor":
            link = "assessment__episode_id"
        elif name in ("core_group", "cin_review"):
            link = "plan__episode_id"
        for pk, *rest in manager.values_list(link, *columns):
            rows.append((name, position[pk], *rest))
    for occurred, title, author, significant in CaseNote.objects.values_list(
        "occurred_at", "title", "author__username", "significant"
    ):
        rows.append(("note", occurred, title, author, significant))
    for row in sorted(rows, key=repr):
        h.update(repr(row).encode())
    return h.hexdigest()


def delete_casework() -> None:
    """Remove every casework record, the children this step recorded (the only people with a referral and
    no relationship and no contact), the disabilities it recorded on other children and the step's marker, so
    that the front door and the casework can be built again (tests of determinism). The front door's
    episodes stay, closed and allocated as the casework left them: delete_front_door() then removes them (and
    leaves the children it recorded, with the UPNs the casework gave them)."""
    from kindred.audit.models import AuditEvent
    from kindred.casework.models import (
        Allocation,
        AssessmentFactor,
        CaseNote,
        ChildInNeedReview,
        CoreGroup,
        Visit,
    )
    from kindred.frontdoor.models import ContactChild
    from kindred.people.models import Relationship
    from kindred.synthetic.models import SyntheticStep

    front_door = SyntheticStep.objects.filter(name="frontdoor").first()
    if front_door is not None:
        # The census details the casework recorded on children who had none (a disability, or NONE).
        recorded = AuditEvent.objects.filter(action="disability.recorded", at__gt=front_door.loaded_at)
        Disability.objects.filter(person__uuid__in=recorded.values("person_uuid")).delete()
    history = Episode.objects.filter(contact__isnull=True)
    new_people = list(
        Person.objects.filter(episodes__in=history)
        .exclude(pk__in=ContactChild.objects.exclude(person=None).values("person_id"))
        .exclude(pk__in=Relationship.objects.values("from_person_id"))
        .exclude(pk__in=Relationship.objects.values("to_person_id"))
        .values_list("pk", flat=True)
        .distinct()
    )
    CaseNote.objects.all().delete()
    Visit.objects.all().delete()
    CoreGroup.objects.all().delete()
    ChildInNeedReview.objects.all().delete()
    Conference.objects.all().delete()
    ChildProtectionPlan.objects.all().delete()
    ChildInNeedPlan.objects.all().delete()
    Section47.objects.all().delete()
    StrategyDiscussion.objects.all().delete()
    AssessmentFactor.objects.all().delete()
    Assessment.objects.all().delete()
    Allocation.objects.all().delete()
    Task.objects.filter(episode__in=history).delete()
    history.delete()
    Task.objects.filter(person_id__in=new_people).delete()
    Person.objects.filter(pk__in=new_people).delete()
    SyntheticStep.objects.filter(name="casework").delete()
