"""The synthetic trust's front door: contacts about children over a stretch of history ending at the
reference date, recorded through the front door's actions as practitioners and partners would (record,
find the child, MASH checks, threshold decision, sign-off), so every step has its audit events.

Rates (../shared/specs/statutory-returns.md § 6.2, derived sizing for Birmingham Children's Trust):
about 70,000 contacts and 15,000 referrals a year against 8,465 children open to the trust (the Trust's pen
portrait at 31 March 2023). The synthetic trust's children stand for that open caseload, so its rates are
Birmingham's scaled by children / 8,465: for the default 300 children, 2,481 contacts and 532 referrals a
year, about 48 contacts a week. Contacts and referrals are counted per child, as the statistics count them
(Ofsted Annex A list 1 has one row per child per contact; the CIN census one referral per child): a contact
about two brothers counts twice. So the 48 a week arrive on about 33 contact records.

Mix (approximate national shares; see NATIONAL_SOURCE_SHARES and OUTCOME_DECK for the figures and their
sources): police ~29% of contacts, schools ~21%, health ~14%, local authority services ~11%, individuals ~7%,
other ~10%, other legal agencies ~3%, housing ~2%, anonymous or unknown ~2%; no further action with advice
45%, family help ~34%, referral to social care ~16%, strategy discussion 5% (so about 21% of children are
referred: 15,000 / 70,000).

The history is DEFAULT_WEEKS (13: a quarter) long: each contact takes several actions (~7.5 audit events),
and a quarter keeps the front door to ~30 s of `make demo` at 300 children (bench/RESULTS.md) while giving
repeat contacts, a queue and a quarter's measures. It ends at the start of the reference date (00:00,
Europe/London), never at the wall-clock time, so one seed gives one front door whatever time it is built.
What was planned for after that moment has not happened: those contacts are the queue (waiting to be found,
for checks, for a decision or for sign-off), and the ones whose due time has passed are overdue.

Planning is pure Python from a seeded random stream (no database reads other than the people it is about,
the staff and the timescale rules), then `record` plays the plan through the actions, in time order.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from kindred.casework import codes
from kindred.frontdoor import actions
from kindred.frontdoor.models import Contact, ContactChild, MashEnquiry, ThresholdDecision
from kindred.organisation.models import PartnerOrganisation, User
from kindred.people.models import Address, Person
from kindred.synthetic import frontdoor_text as text
from kindred.synthetic import names as data
from kindred.synthetic.identifiers import Identifiers
from kindred.synthetic.organisation import LOCALITIES, STAFF_NAMES
from kindred.synthetic.people_plan import AGE_WEIGHTS, PRIMARY_SCHOOLS, SECONDARY_SCHOOLS, years_before
from kindred.timescales import rules
from kindred.timescales.calendar import is_working_day
from kindred.timescales.models import Rule

if TYPE_CHECKING:
    from kindred.synthetic.people import PeopleManifest, Progress
    from kindred.synthetic.trust import SyntheticTrust

T = TypeVar("T")
LONDON = ZoneInfo("Europe/London")

# --- Rates --------------------------------------------------------------------------------------------------

# ../shared/specs/statutory-returns.md § 6.2: Birmingham's derived sizing (national 2024-25 rates x ~290,000
# children) and the Trust's 8,465 children worked with at 31 March 2023.
BIRMINGHAM_CONTACTS_A_YEAR = 70_000
BIRMINGHAM_REFERRALS_A_YEAR = 15_000
BIRMINGHAM_CHILDREN_OPEN = 8_465
DEFAULT_WEEKS = 13


def contacts_a_week(children: int) -> float:
    """Children contacted about a week (one per child per contact), at Birmingham's rate for this size."""
    return BIRMINGHAM_CONTACTS_A_YEAR * children / BIRMINGHAM_CHILDREN_OPEN / (365.25 / 7)


# Contacts by CIN ReferralSource code. These are approximate national shares of referrals by source (DfE
# "Children in need" statistics, referrals by source, recent years: police ~29%, schools ~21%, health ~14%,
# LA services ~11%, individuals ~7%, other ~10%, other legal agencies ~3%, housing ~2%, anonymous or unknown
# ~2%; rounded figures, not re-checked against the published tables here), applied to contacts, for which
# no national breakdown is published. The split within a group (GP, health visitor, A&E...) is judgement.
NATIONAL_SOURCE_SHARES: dict[str, float] = {
    "6": 29.0,
    "2A": 19.0,
    "2B": 2.0,
    "3A": 3.0,
    "3B": 3.0,
    "3C": 1.0,
    "3D": 1.0,
    "3E": 3.5,
    "3F": 2.5,
    "5A": 3.0,
    "5B": 3.0,
    "5C": 2.0,
    "5D": 3.0,
    "1A": 4.0,
    "1B": 1.5,
    "1C": 0.5,
    "1D": 1.0,
    "4": 2.0,
    "7": 3.0,
    "8": 10.0,
    "9": 1.0,
    "10": 1.0,
}
# Evenings, nights, weekends and bank holidays: the out-of-hours service hears mostly from the police,
# hospitals and the public (judgement).
OUT_OF_HOURS_SOURCE_WEIGHTS: dict[str, float] = {
    "6": 60.0,
    "3E": 12.0,
    "3F": 3.0,
    "1A": 10.0,
    "1B": 5.0,
    "1C": 2.0,
    "1D": 1.0,
    "8": 3.0,
    "9": 2.0,
    "10": 2.0,
}
# Contacts by day of the week (Monday first): Mondays carry the weekend's police notifications; weekends
# and bank holidays are quiet. On working days EVENING_SHARE come in out of hours. Judgement, not a
# published figure.
DAY_WEIGHTS = (1.2, 1.05, 1.05, 1.0, 0.9, 0.3, 0.3)
BANK_HOLIDAY_WEIGHT = 0.3
EVENING_SHARE = 0.12
_QUIET = sum(DAY_WEIGHTS[5:]) / sum(DAY_WEIGHTS)
OUT_OF_HOURS_SHARE = _QUIET + (1 - _QUIET) * EVENING_SHARE
# Office hours take what is left of each source's national share, so the whole mix matches it.
_OOH_TOTAL = sum(OUT_OF_HOURS_SOURCE_WEIGHTS.values())
OFFICE_SOURCE_WEIGHTS: dict[str, float] = {
    source: max(
        0.0, share - 100 * OUT_OF_HOURS_SHARE * OUT_OF_HOURS_SOURCE_WEIGHTS.get(source, 0) / _OOH_TOTAL
    )
    for source, share in NATIONAL_SOURCE_SHARES.items()
}

# Threshold decisions, drawn from shuffled decks of 80 so that even a small trust gets the mix: no further
# action 45%, family help 33.75%, referral 16.25%, strategy discussion 5%. Referrals (referral + strategy) are
# then ~21% of children, matching 15,000 / 70,000. (The mix is judgement, in line with national patterns: most
# contacts end with advice or early help; about a fifth become referrals.)
OUTCOME_DECK = ((text.NFA, 36), (text.FAMILY_HELP, 27), (text.REFERRAL, 13), (text.STRATEGY, 4))
# Urgency by outcome: overall ~10% red, ~20% green, the rest amber.
RAG_BY_OUTCOME = {
    text.NFA: (("red", 4), ("amber", 71), ("green", 25)),
    text.FAMILY_HELP: (("red", 4), ("amber", 74), ("green", 22)),
    text.REFERRAL: (("red", 12), ("amber", 78), ("green", 10)),
    text.STRATEGY: (("red", 80), ("amber", 20)),
}
LEVELS = {
    text.NFA: ((1, 60), (2, 40)),
    text.FAMILY_HELP: ((2, 80), (3, 20)),
    text.REFERRAL: ((3, 80), (4, 20)),
    text.STRATEGY: ((4, 100),),
}
# Who the contact is about: children new to the trust (most contacts: the front door is where records start),
# children the trust already knows (the people step's families), or children contacted about earlier in
# this history (repeat contacts: national re-referrals within 12 months are 22.6% of referrals).
SUBJECT_WEIGHTS = (("new", 50), ("known", 30), ("repeat", 20))
# Brothers and sisters named together on one contact (judgement: most contacts are about one child; a
# household's children are often named together). Known families may have fewer children than drawn.
CHILDREN_ON_CONTACT = ((1, 50), (2, 28), (3, 14), (4, 6), (5, 2))
# MASH checks: more often the more serious the concern; answered late sometimes.
CHECK_CHANCE = {text.NFA: 0.2, text.FAMILY_HELP: 0.4, text.REFERRAL: 0.65, text.STRATEGY: 0.9}
CHECKS_PER_CONTACT = ((1, 45), (2, 35), (3, 20))
LATE_ANSWER_CHANCE = 0.06
FINDINGS_BY_OUTCOME = {
    text.NFA: ((0, 70), (1, 30)),
    text.FAMILY_HELP: ((0, 40), (1, 50), (2, 10)),
    text.REFERRAL: ((0, 25), (1, 40), (2, 35)),
    text.STRATEGY: ((0, 15), (1, 35), (2, 50)),
}
# Decisions late for reasons other than a late check (the late checks and returned decisions add to it):
# about 90% of decisions are made in time overall.
LATE_CHANCE = 0.035
RETURN_CHANCE = 0.04
RAISED_CHANCE = 0.15  # of contacts ending red: first recorded as amber
LOWERED_CHANCE = 0.04  # of contacts ending amber: first recorded as red
TAKE_CHANCE_OPEN, TAKE_CHANCE_DECIDED = 0.7, 0.15
# A manager returning a decision asks for (text.RETURN_COMMENT) a better level: to consider family help's
# consent, a referral after earlier contacts, or a strategy discussion given the police information.
RETURN_FOR = {text.FAMILY_HELP: 3, text.REFERRAL: 1, text.STRATEGY: 4}
MARF_CHANCE = 0.8  # a partner with a login submits the referral form; the rest phone (and red ones always do)

# The front door's practitioners (demo and synthetic logins, kindred.synthetic.organisation) and managers.
PRACTITIONERS = (("frontdoor", 32), ("bahmed", 27), ("jfletcher", 27), ("noconnor", 14))
MANAGERS = ("teammanager", "servicemanager")
WORKING_DAY = (time(8, 30), time(17, 30))
OFFICE_DAY = 9 * 60  # minutes
BEHIND_DAYS, BEHIND_LATE_FACTOR = 3, 4
OWN_AGENCY = {
    "6": "police",
    "2A": "education",
    "2B": "education",
    "3A": "health",
    "3B": "health",
    "3C": "health",
    "3D": "health",
    "3E": "health",
    "3F": "health",
    "4": "housing",
    "7": "probation",
}
# Sources that are professionals (with an organisation, a work phone and email) rather than the public.
PROFESSIONAL_SOURCES = frozenset(NATIONAL_SOURCE_SHARES) - {"1A", "1B", "1C", "1D", "9", "10"}
GIRLS_SCHOOL = "Bordesley Green Girls' School"
# The people step's professionals who may refer for a source (by job title), where the organisation has
# others too (a health trust's school nurses are not its health visitors).
PROFESSIONAL_TITLES = {
    "3A": ("GP",),
    "3B": ("Health visitor",),
    "3C": ("School nurse",),
    "6": ("Detective",),
    "2A": ("Designated", "Class teacher", "Head of", "Nursery", "Key person"),
}
INVENTED_PRIMARY = ("Brookfield Primary School", "Larkspur Junior and Infant School")


# --- The plan -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    """A child a contact can be about: a person already recorded (`person` is their uuid) or a child the
    front door will record (`person` is None until then)."""

    key: str
    first_name: str
    last_name: str
    sex: str
    date_of_birth: date | None
    nhs_number: str = ""
    ethnicity: str = "NOBT"
    upn: str = ""
    address: str = ""
    postcode: str = ""
    street: str = ""
    person: str | None = None

    def age_on(self, day: date) -> int:
        if self.date_of_birth is None:
            return 0
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass(frozen=True)
class Family:
    key: str
    children: list[Child]
    carer: str  # the main carer's first name (a woman: the texts say "she")
    partner: str  # a man in the carer's life, named in some concerns
    heritage: str
    new: bool = False


@dataclass
class Event:
    at: datetime
    kind: str  # link, take, urgency, request, answer, decide, return, sign_off
    by: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ContactPlan:
    n: int
    received_at: datetime
    source: str
    channel: str  # recorded or marf
    recorded_by: str
    practitioner: str
    family: Family
    children: list[Child]
    described: list[actions.ChildDetails]
    scenario: str
    outcome: str
    level: int
    rag: str  # as first recorded
    fields: dict[str, Any]  # record_contact's other arguments
    events: list[Event] = field(default_factory=list)
    late: bool = False

    def digest_row(self) -> str:
        return repr(
            (
                self.received_at.isoformat(),
                self.source,
                self.channel,
                self.recorded_by,
                [c.key for c in self.children],
                self.described,
                self.outcome,
                self.level,
                self.rag,
                sorted(self.fields.items()),
                [(e.at.isoformat(), e.kind, e.by, sorted(e.values.items())) for e in self.events],
            )
        )


@dataclass
class FrontDoorPlan:
    seed: int
    start: datetime
    end: datetime
    weeks: int
    rate: float  # children contacted about a week
    children_target: int
    contacts: list[ContactPlan]

    def digest(self) -> str:
        h = hashlib.sha256()
        for contact in self.contacts:
            h.update(contact.digest_row().encode())
        return h.hexdigest()


@dataclass(frozen=True)
class Referrer:
    name: str
    role: str
    organisation: str
    phone: str = ""
    email: str = ""


# --- Time helpers -------------------------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, LONDON)


def working_moment(moment: datetime) -> datetime:
    """The moment itself if it falls in working hours, otherwise the start of the next working day."""
    local = _local(moment)
    day = local.date()
    while True:
        if is_working_day(day):
            start, end = _at(day, WORKING_DAY[0]), _at(day, WORKING_DAY[1])
            if local < start:
                return start
            if local < end:
                return local
        day += timedelta(days=1)
        local = _at(day, time(0))


def add_working_minutes(moment: datetime, minutes: float) -> datetime:
    """`minutes` of office time after `moment` (the front door works 08:30-17:30 on working days)."""
    local = working_moment(moment)
    remaining = max(0.0, minutes)
    while True:
        end = _at(local.date(), WORKING_DAY[1])
        room = (end - local).total_seconds() / 60
        if remaining < room:
            return local + timedelta(minutes=remaining)
        remaining -= room
        local = working_moment(end)


def working_minutes_between(start: datetime, end: datetime) -> float:
    total, local = 0.0, working_moment(start)
    while local < end:
        day_end = min(_at(local.date(), WORKING_DAY[1]), _local(end))
        total += max(0.0, (day_end - local).total_seconds() / 60)
        local = working_moment(_at(local.date(), WORKING_DAY[1]))
    return total


def _minute(moment: datetime) -> datetime:
    """Whole minutes, in UTC: what the plan stores."""
    return moment.astimezone(ZoneInfo("UTC")).replace(second=0, microsecond=0)


# --- Planning -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerLogin:
    username: str
    full_name: str
    job_title: str
    kind: str


@dataclass
class Inputs:
    """What the planner needs from the database, read once: the known families, the staff, the partners
    with logins, the named professionals and the timescale rules."""

    families: list[Family]
    partner_users: dict[str, PartnerLogin]  # by organisation name
    professionals: dict[str, list[tuple[str, str]]]  # organisation name -> [(full name, job title)]
    rules: dict[str, Rule]
    nhs_numbers: set[str]


class FrontDoorPlanner:
    def __init__(self, *, seed: int, children: int, reference_date: date, weeks: int, inputs: Inputs) -> None:
        if weeks < 1:
            raise ValueError("Plan at least one week of contacts")
        self.seed = seed
        self.rng = random.Random(f"kindred-synthetic:{seed}:frontdoor")
        self.ids = Identifiers(random.Random(f"kindred-synthetic:{seed}:frontdoor:identifiers"))
        self.ids._nhs.update(inputs.nhs_numbers)  # never reuse an NHS number the people already have
        self.inputs = inputs
        self.reference_date = reference_date
        self.weeks = weeks
        self.end = _minute(_at(reference_date, time(0)))
        self.start = _minute(_at(reference_date - timedelta(days=7 * weeks), time(0)))
        self.rate = contacts_a_week(children)
        self.target = round(self.rate * weeks)
        self.deck: list[str] = []
        self.known = [f for f in inputs.families if f.children]
        self.history: list[ContactPlan] = []
        self.by_family: dict[str, list[ContactPlan]] = {}
        self.referred: dict[str, datetime] = {}  # child key -> when their referral was agreed
        self.new_families = 0
        self.districts = tuple(d for ds in LOCALITIES.values() for d in ds.split())

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

    def due(self, rag: str, received: datetime) -> datetime:
        return _minute(rules.due_after(self.inputs.rules[rag], received))

    # Volume ----------------------------------------------------------------------------------------------

    def days(self) -> list[tuple[date, float]]:
        days, day = [], _local(self.start).date()
        while day < self.reference_date:
            weekend = day.weekday() >= 5
            weight = DAY_WEIGHTS[day.weekday()] if weekend or is_working_day(day) else BANK_HOLIDAY_WEIGHT
            days.append((day, weight))
            day += timedelta(days=1)
        return days

    def plan(self) -> FrontDoorPlan:
        """Children contacted about, spread over the days by weight; each day's contacts in time order."""
        days = self.days()
        budget = Counter(self.rng.choices([d for d, _ in days], weights=[w for _, w in days], k=self.target))
        carried = 0
        for day, _ in days:
            remaining = budget[day] + carried
            sizes: list[int] = []
            # Contacts until the day's children are used up (the last trimmed to fit). A family may turn out
            # smaller than the size asked for: the shortfall carries over to the next day.
            while remaining > 0:
                size = min(remaining, self.pick(CHILDREN_ON_CONTACT))
                sizes.append(size)
                remaining -= size
            carried = 0
            for (received, office), size in zip(
                sorted(self.received_time(day) for _ in sizes), sizes, strict=True
            ):
                carried += size - self.plan_contact(received, office, size)
        return FrontDoorPlan(
            seed=self.seed,
            start=self.start,
            end=self.end,
            weeks=self.weeks,
            rate=self.rate,
            children_target=self.target,
            contacts=self.history,
        )

    def received_time(self, day: date) -> tuple[datetime, bool]:
        """When a contact comes in, and whether in office hours (which sets who is likely to be calling)."""
        if is_working_day(day) and not self.chance(EVENING_SHARE):
            minutes, office = int(self.rng.triangular(8 * 60 + 30, 17 * 60 + 30, 10 * 60 + 30)), True
        elif is_working_day(day):
            minutes, office = (17 * 60 + 30 + self.rng.randrange(15 * 60)) % (24 * 60), False
        else:
            minutes, office = int(self.rng.triangular(0, 24 * 60, 15 * 60)), False
        return _minute(_at(day, time(0)) + timedelta(minutes=minutes)), office

    # One contact -----------------------------------------------------------------------------------------

    def plan_contact(self, received: datetime, office: bool, size: int) -> int:
        """Plan one contact about up to `size` children; returns how many it is about."""
        outcome = self.outcome()
        source = self.pick(list((OFFICE_SOURCE_WEIGHTS if office else OUT_OF_HOURS_SOURCE_WEIGHTS).items()))
        family, children, scenario = self.subject(received, outcome, source, size)
        level = 3 if scenario.key == "open_case" else self.pick(LEVELS[outcome])
        rag = self.pick(RAG_BY_OUTCOME[outcome])
        first_rag = rag
        if rag == "red" and self.chance(RAISED_CHANCE):
            first_rag = "amber"
        elif rag == "amber" and self.chance(LOWERED_CHANCE):
            first_rag = "red"
        plan = ContactPlan(
            n=len(self.history),
            received_at=received,
            source=source,
            channel="recorded",
            recorded_by="",
            practitioner=self.pick(PRACTITIONERS),
            family=family,
            children=children,
            described=[self.described(c, source, received) for c in children],
            scenario=scenario.key,
            outcome=outcome,
            level=level,
            rag=first_rag,
            fields={},
        )
        words = self.words(plan, scenario)
        referrer = self.referrer(plan, words)
        partner = self.inputs.partner_users.get(referrer.organisation)
        if (
            partner
            and actions.SOURCE_FOR_PARTNER.get(PartnerOrganisation.Kind(partner.kind)) == source
            and first_rag != "red"
            and self.chance(MARF_CHANCE)
        ):
            # The partner's own login submits the referral form, as themselves.
            plan.channel, plan.recorded_by = "marf", partner.username
            referrer = Referrer(partner.full_name, partner.job_title, referrer.organisation, referrer.phone)
        else:
            plan.recorded_by = plan.practitioner if self.chance(0.7) else self.pick(PRACTITIONERS)
        words["referrer_name"], words["referrer_role"] = referrer.name, referrer.role.lower()
        consent = self.consent(outcome, source)
        concern = " ".join(
            (
                self.rng.choice(scenario.opening).format_map(words),
                self.rng.choice(scenario.detail[outcome]).format_map(words),
                self.earlier_sentence(plan, words),
            )
        ).strip()
        plan.fields = {
            "concern": concern,
            "referrer_name": referrer.name,
            "referrer_role": referrer.role,
            "referrer_organisation": referrer.organisation,
            "referrer_phone": referrer.phone,
            "referrer_email": referrer.email,
            "referrer_view": ""
            if source in ("9", "10")
            else self.say(self.views(source, scenario)[outcome], words),
            "consent": consent,
            "consent_notes": self.rng.choice(text.CONSENT_NOTES[consent]).format_map(words),
        }
        self.timeline(plan, scenario, words, rag)
        self.history.append(plan)
        self.by_family.setdefault(family.key, []).append(plan)
        if outcome in (text.REFERRAL, text.STRATEGY):
            agreed = next((e.at for e in plan.events if e.kind == "sign_off"), plan.received_at)
            for child in children:
                self.referred[child.key] = agreed
        return len(children)

    # Who it is about ----------------------------------------------------------------------------------------

    def subject(
        self, received: datetime, outcome: str, source: str, size: int
    ) -> tuple[Family, list[Child], text.Scenario]:
        """The family and children, and the scenario that fits them, their ages and the source."""
        day = _local(received).date()
        kind = self.pick(SUBJECT_WEIGHTS)
        for _ in range(12):
            if kind == "repeat":
                family = self.earlier_family(received)
            elif kind == "known" and self.known:
                family = self.rng.choice(self.known)
            else:
                break
            if family is None:
                break
            eligible = [
                c for c in family.children if c.date_of_birth and c.date_of_birth < day - timedelta(14)
            ]
            eligible = [c for c in eligible if c.age_on(day) < 18]
            if not eligible:
                continue
            referred = [c for c in eligible if c.key in self.referred]
            if any(self.referred[c.key] > received for c in referred):
                continue  # a referral about them is still being decided
            if referred:
                if outcome != text.NFA:
                    continue
                children = self.siblings(referred, size)
                return family, children, text.OPEN_CASE
            scenarios = self.scenarios(source, outcome)
            self.rng.shuffle(scenarios)
            for scenario in scenarios:
                fit = [c for c in eligible if scenario.min_age <= c.age_on(day) <= scenario.max_age]
                if fit:
                    focal = self.rng.choice(fit)
                    others = [c for c in eligible if c is not focal]
                    return family, [focal, *self.siblings(others, size - 1, shuffle=True)], scenario
        scenario = self.rng.choice(self.scenarios(source, outcome))
        family = self.new_family(received, scenario, size)
        return family, family.children, scenario

    def scenarios(self, source: str, outcome: str) -> list[text.Scenario]:
        return [s for s in text.SCENARIOS if source in s.sources and outcome in s.detail]

    def siblings(self, children: list[Child], size: int, shuffle: bool = False) -> list[Child]:
        """Brothers and sisters together on one contact, as referrers usually describe a household."""
        if size <= 0 or not children:
            return []
        chosen = list(children)
        if shuffle:
            self.rng.shuffle(chosen)
        return sorted(chosen[:size], key=lambda c: (c.date_of_birth or date.max, c.key))

    def earlier_family(self, received: datetime) -> Family | None:
        """A family contacted about before, in the last 12 months; the last fortnight's more often (another
        agency's worry about the same incident, or things getting worse)."""
        since = received - timedelta(days=365)
        earlier = [c for c in self.history if since <= c.received_at < received - timedelta(hours=2)]
        if not earlier:
            return None
        weights = [3.0 if c.received_at >= received - timedelta(days=14) else 1.0 for c in earlier]
        return self.rng.choices(earlier, weights=weights)[0].family

    def new_family(self, received: datetime, scenario: text.Scenario, size: int) -> Family:
        """A family the trust has not met: children with invented names (names.py), the focal child of an age
        that fits the scenario."""
        day = _local(received).date()
        group = self.pick([(g, g.weight) for g in data.FAMILY_GROUPS])
        mother_key, father_key = self.rng.choice(group.pairs)
        mother_h, father_h = data.HERITAGES[mother_key], data.HERITAGES[father_key]
        surname = self.rng.choice(_surnames(father_h if self.chance(0.6) else mother_h))
        ages = [a for a in AGE_WEIGHTS if scenario.min_age <= a <= scenario.max_age]
        focal_age = self.pick([(a, AGE_WEIGHTS[a]) for a in ages])
        focal_dob = self.dob_for_age(day, focal_age)
        dobs = [focal_dob]
        for _ in range(size - 1):
            gap = timedelta(days=int(self.rng.triangular(330, 2200, 700)))
            dob = min(dobs) - gap if self.chance(0.5) else max(dobs) + gap
            if day - timedelta(days=14) > dob > years_before(day, 18):
                dobs.append(dob)
        # The child the concern is about first, then their brothers and sisters, eldest first.
        dobs = [focal_dob, *sorted(dobs[1:])]
        district = self.rng.choice(
            [d for d in mother_h.districts if d in self.districts] or list(self.districts)
        )
        street = f"{self.rng.choice(data.STREET_STEMS)} {self.rng.choice(data.STREET_SUFFIXES)}"
        line1 = f"{self.rng.randrange(1, 240)} {street}"
        postcode = (
            f"{district} {self.rng.randrange(1, 10)}"
            f"{self.rng.choice(data.POSTCODE_UNIT_LETTERS)}{self.rng.choice(data.POSTCODE_UNIT_LETTERS)}"
        )
        town = data.DISTRICT_TOWNS.get(district, "Birmingham")
        self.new_families += 1
        key = f"new-{self.new_families}"
        children: list[Child] = []
        used: list[str] = []
        health = self.chance(0.7)
        for n, dob in enumerate(dobs):
            sex = "M" if self.chance(0.51) else "F"
            heritage = self.rng.choice([mother_h, father_h])
            pool = [x for x in (heritage.boys if sex == "M" else heritage.girls) if x not in used]
            first = self.rng.choice(pool or list(heritage.boys if sex == "M" else heritage.girls))
            last = surname
            if (first, last) in STAFF_NAMES:
                first = self.rng.choice(heritage.boys if sex == "M" else heritage.girls)
            used.append(first)
            ethnicity = group.recorded or data.child_ethnicity(mother_h, father_h)
            children.append(
                Child(
                    key=f"{key}-{n}",
                    first_name=first,
                    last_name=last,
                    sex=sex,
                    date_of_birth=dob,
                    nhs_number=self.ids.nhs_number() if health and self.chance(0.9) else "",
                    ethnicity=ethnicity if self.chance(0.6) else "NOBT",
                    address=f"{line1}, {town}",
                    postcode=postcode,
                    street=street,
                )
            )
        return Family(
            key=key,
            children=children,
            carer=self.rng.choice(mother_h.women),
            partner=self.rng.choice(father_h.men),
            heritage=mother_h.key,
            new=True,
        )

    def dob_for_age(self, day: date, age: int) -> date:
        latest = years_before(day, age) - timedelta(days=14 if age == 0 else 0)
        earliest = years_before(day, age + 1) + timedelta(days=1)
        span = max(0, (latest - earliest).days)
        return earliest + timedelta(days=self.rng.randrange(span + 1))

    def described(self, child: Child, source: str, received: datetime) -> actions.ChildDetails:
        """The child as the referrer describes them: professionals usually know the date of birth, health
        the NHS number, the public often only a name and a street."""
        professional = source in PROFESSIONAL_SOURCES
        health = source.startswith("3")
        knows_dob = self.chance(0.95 if professional else 0.5)
        return actions.ChildDetails(
            first_name=child.first_name,
            last_name=child.last_name if (professional or self.chance(0.8)) else "",
            date_of_birth=child.date_of_birth if knows_dob else None,
            nhs_number=child.nhs_number if health and self.chance(0.85) else "",
            address=child.address if self.chance(0.85) else "",
            postcode=child.postcode if self.chance(0.8) else "",
        )

    # Words -------------------------------------------------------------------------------------------------

    def words(self, plan: ContactPlan, scenario: text.Scenario) -> dict[str, str]:
        day = _local(plan.received_at).date()
        focal = plan.children[0]
        he = {"M": ("he", "him", "his", "himself"), "F": ("she", "her", "her", "herself")}.get(
            focal.sex, ("they", "them", "their", "themselves")
        )

        def age(child: Child) -> str:
            years = child.age_on(day)
            if years >= 1 or child.date_of_birth is None:
                return str(years)
            months = max(1, (day - child.date_of_birth).days // 30)
            return f"{months} month{'s' if months != 1 else ''}"

        aged = [f"{c.first_name} ({age(c)})" for c in plan.children]
        child_word = {"M": "son", "F": "daughter"}.get(focal.sex, "child")
        names = [c.first_name for c in plan.children]
        hour = _local(plan.received_at).hour
        when = (
            "overnight"
            if hour < 6
            else "this morning"
            if hour < 12
            else "this afternoon"
            if hour < 18
            else "this evening"
        )
        words = {
            "name": focal.first_name,
            "age": age(focal),
            "he": he[0],
            "him": he[1],
            "his": he[2],
            "himself": he[3],
            "He": he[0].capitalize(),
            "His": he[2].capitalize(),
            "kids": _join(aged),
            "kids_names": _join(names),
            "her_kids": f"her children, {_join(aged)}" if len(aged) > 1 else f"her {child_word} {aged[0]}",
            "kids_were": _join(aged) + (" were" if len(aged) > 1 else " was"),
            "kids_live": _join(aged) + (" live" if len(aged) > 1 else " lives"),
            "the_children": "the children" if len(names) > 1 else focal.first_name,
            "mother": plan.family.carer,
            "partner": plan.family.partner,
            "street": focal.street or "the family's home",
            "when": when,
            "school": self.school(focal, day),
            "school_kid": next((c.first_name for c in plan.children if c.age_on(day) >= 4), focal.first_name),
            "received": f"{day.day} {day:%B}",
        }
        return words

    def school(self, child: Child, day: date) -> str:
        age = child.age_on(day)
        if age < 4:
            return "nursery"
        if age < 11:
            if child.upn[4:8] in PRIMARY_SCHOOLS.values():
                return next(k for k, v in PRIMARY_SCHOOLS.items() if v == child.upn[4:8])
            return self.rng.choice((*PRIMARY_SCHOOLS, *INVENTED_PRIMARY))
        if child.sex == "F" and self.chance(0.3):
            return GIRLS_SCHOOL
        return self.rng.choice(list(SECONDARY_SCHOOLS))

    def referrer(self, plan: ContactPlan, words: dict[str, str]) -> Referrer:
        source = plan.source
        role = self.rng.choice(text.REFERRER_ROLE[source])
        if source in ("9", "10"):
            return Referrer("", "", "")
        organisation = ""
        if (plan.scenario, source) in text.REFERRER_BY_SCENARIO:
            role, organisation = self.rng.choice(text.REFERRER_BY_SCENARIO[(plan.scenario, source)])
            if source == "2A":
                organisation = words["school"]
        elif source in ("2A",):
            organisation = words["school"] if words["school"] != "nursery" else "Little Acorns Nursery"
        elif source == "6":
            organisation = "West Midlands Police Public Protection Unit"
        elif source == "3A":
            organisation = self.rng.choice(("Alum Rock Medical Centre", "Kings Heath Family Practice"))
        elif source in ("3B", "3C"):
            organisation = "City Community Health Trust"
        elif source == "4":
            organisation = "City Council Housing Options"
        elif source == "7":
            organisation = "Cafcass" if plan.scenario == "family_court" else "Probation Service West Midlands"
        elif source == "8":
            organisation = {
                "youth_project": "Ladywood Youth Project",
                "school_neglect": "Little Acorns Nursery",
            }.get(plan.scenario, "Northway Community Pantry")
        elif source == "5D":
            organisation = self.rng.choice(("Family Help East", "Family Help South"))
        elif source in text.REFERRER_ORGANISATION:
            organisation = self.rng.choice(text.REFERRER_ORGANISATION[source])
        titles = PROFESSIONAL_TITLES.get(source, ("",))
        named = [
            (name, title)
            for name, title in self.inputs.professionals.get(organisation, [])
            if title.startswith(titles) and (plan.scenario, source) not in text.REFERRER_BY_SCENARIO
        ]
        if named and source in PROFESSIONAL_SOURCES and self.chance(0.7):
            name, job_title = self.rng.choice(named)
            role = job_title or role
        elif source == "1C":
            name = f"{plan.children[0].first_name} {plan.children[0].last_name}".strip()
        elif source == "1A":  # a relative: the family's background; a father's mother shares the surname
            heritage = data.HERITAGES[plan.family.heritage]
            last = plan.children[0].last_name if role.startswith(("paternal", "adult")) else ""
            name = f"{self.rng.choice(heritage.women)} {last or self.rng.choice(_surnames(heritage))}"
        else:
            heritage = data.HERITAGES[self.rng.choice(list(data.HERITAGES))]
            sex = "F" if self.chance(0.65) else "M"
            first = self.rng.choice(heritage.women if sex == "F" else heritage.men)
            name = f"{first} {self.rng.choice(_surnames(heritage))}"
        professional = source in PROFESSIONAL_SOURCES
        phone = self.ids.landline() if professional else self.ids.mobile()
        email = (
            self.ids.email(*name.split(" ", 1)) if professional and " " in name and self.chance(0.8) else ""
        )
        return Referrer(name, role[:1].upper() + role[1:], organisation, phone, email)

    def views(self, source: str, scenario: text.Scenario) -> dict[str, tuple[str, ...]]:
        """What the referrer thinks should happen, by outcome, in their own voice."""
        if scenario is text.OPEN_CASE:
            return {text.NFA: text.REFERRER_VIEW_OPEN_CASE}
        return text.REFERRER_VIEW_SELF if source == "1C" else text.REFERRER_VIEW

    def consent(self, outcome: str, source: str) -> str:
        if source in ("9", "10"):
            return "unknown"
        # Family help needs the family's agreement; a worry about significant harm is not discussed first.
        weights = {
            text.STRATEGY: (("not_sought", 70), ("given", 15), ("unknown", 15)),
            text.REFERRAL: (("given", 55), ("not_sought", 20), ("not_given", 10), ("unknown", 15)),
            text.FAMILY_HELP: (("given", 80), ("unknown", 20)),
        }.get(outcome, (("given", 60), ("not_given", 10), ("unknown", 30)))
        if source == "6":  # police notifications go to the front door whatever the family think
            weights = (("unknown", 50), *weights)
        return self.pick(weights)

    def earlier_about(self, plan: ContactPlan) -> list[ContactPlan]:
        """Earlier contacts in the last 12 months about any of these children, oldest first."""
        keys = {c.key for c in plan.children}
        since = plan.received_at - timedelta(days=365)
        return [
            c
            for c in self.by_family.get(plan.family.key, [])
            if since <= c.received_at < plan.received_at and keys & {x.key for x in c.children}
        ]

    def earlier_sentence(self, plan: ContactPlan, words: dict[str, str]) -> str:
        earlier = [c for c in self.earlier_about(plan) if c.source == plan.source]
        if not earlier:
            return ""
        latest = _local(earlier[-1].received_at)
        return f"We last contacted you about {words['name']} on {latest.day} {latest:%B}."

    # The work on it ----------------------------------------------------------------------------------------

    def later(self, moment: datetime, clock: bool, low: float, high: float) -> datetime:
        """A moment low-high minutes later: on the clock (urgent work, out of hours) or in office time."""
        minutes = self.rng.uniform(low, high)
        return _minute(moment + timedelta(minutes=minutes) if clock else add_working_minutes(moment, minutes))

    def timeline(self, plan: ContactPlan, scenario: text.Scenario, words: dict[str, str], rag: str) -> None:
        """When each step happens: found, checked, decided (maybe late), signed off (maybe returned first)."""
        received = plan.received_at
        clock = plan.rag == "red"
        due = self.due(plan.rag, received)
        who = plan.practitioner
        events = plan.events
        found = self.later(received, clock, 5, 45)
        for child in plan.children:
            events.append(Event(found, "link", who, {"child": child.key}))
            found += timedelta(minutes=1)
        now = found
        late_cause = ""
        late_agency = ""
        if rag == "red" and plan.rag != "red":
            if received + timedelta(hours=2) > now:
                now += timedelta(minutes=2)
                events.append(
                    Event(now, "urgency", who, {"rag": "red", "reason": self.say(text.URGENCY_RAISED, words)})
                )
                clock, due = True, self.due("red", received)
            else:
                rag = plan.rag
        # MASH checks.
        answers: list[datetime] = []
        findings: list[tuple[str, int]] = []
        if scenario.key != "open_case" and self.chance(CHECK_CHANCE[plan.outcome]):
            agencies = self.agencies(plan, scenario)
            asked = self.later(now, clock, 3, 25)
            # Usually one agency, if any, is slow to answer.
            slow = self.rng.choice(agencies) if self.chance(LATE_ANSWER_CHANCE * len(agencies)) else None
            for n, agency in enumerate(agencies):
                at = asked + timedelta(minutes=n)
                mash_due = max(due, at)
                events.append(
                    Event(
                        at,
                        "request",
                        who,
                        {"agency": agency, "question": self.say(text.MASH_QUESTION[agency], words), "n": n},
                    )
                )
                if agency == slow or mash_due <= at + timedelta(minutes=15):
                    answered = self.later(mash_due, clock, 20, 300)
                    late_cause, late_agency = "checks", agency
                else:
                    answered = self.within(at, mash_due, clock, self.rng.uniform(0.1, 0.7))
                finding = self.pick(FINDINGS_BY_OUTCOME[plan.outcome])
                findings.append((agency, finding))
                first, last = self.professional_name()
                events.append(
                    Event(
                        answered,
                        "answer",
                        who,
                        {
                            "n": n,
                            "answer": self.say(text.MASH_ANSWER[agency][finding], words),
                            "answered_by": self.rng.choice(text.MASH_ANSWERER[agency]).format(
                                first=first, last=last
                            ),
                        },
                    )
                )
                answers.append(answered)
            now = max(answers)
        if rag != "red" and plan.rag == "red":
            now += timedelta(minutes=3)
            events.append(
                Event(now, "urgency", who, {"rag": rag, "reason": self.say(text.URGENCY_LOWERED, words)})
            )
            clock, due = False, self.due(rag, received)
        # The decision: the practitioner, or for some (most often the most serious) the team manager.
        decider = who if self.chance(0.65 if plan.outcome == text.STRATEGY else 0.92) else MANAGERS[0]
        earliest = self.later(now, clock, 10, 40)
        # The history ends with the team a little behind after a busy week (the queue the demo opens on): in
        # the last few working days decisions come later in the time allowed and more of them run late.
        behind = working_minutes_between(received, self.end) < BEHIND_DAYS * OFFICE_DAY
        late_chance = LATE_CHANCE * (BEHIND_LATE_FACTOR if behind else 1)
        if not late_cause and (self.chance(late_chance) or earliest >= due - timedelta(minutes=5)):
            late_cause = "workload"
        if late_cause:
            # Mostly hours late; some a day or two (in the queue at the end, those are the overdue ones).
            high = (360 if clock else 480) if self.chance(0.75) else (1200 if clock else 2 * OFFICE_DAY)
            decided = self.later(max(earliest, due), clock, 15, high)
        else:
            # Most decisions come towards the end of the time allowed.
            fraction = self.rng.betavariate(*((4.0, 1.0) if behind else (1.6, 1.3)))
            decided = min(self.within(earliest, due, clock, fraction), due - timedelta(minutes=2))
        decision = self.decision(plan, scenario, words, findings)
        signer = MANAGERS[1] if decider == MANAGERS[0] else self.pick(((MANAGERS[0], 75), (MANAGERS[1], 25)))
        if scenario.key != "open_case" and self.chance(RETURN_CHANCE):
            # Sent back by the manager: for another agency's view (the same decision follows), or because the
            # level was too low (first decided one step lower).
            day = _local(received).date()
            baby = any(c.age_on(day) < 1 for c in plan.children)
            comment_index = RETURN_FOR.get(plan.outcome) or self.rng.choice([2, 0] if baby else [2])
            first_decision = dict(decision)
            lower = {text.FAMILY_HELP: (text.NFA, 2), text.REFERRAL: (text.FAMILY_HELP, 2)}
            lower[text.STRATEGY] = (text.REFERRAL, 3)
            if comment_index in RETURN_FOR.values():
                first_outcome, first_level = lower[plan.outcome]
                first_decision = self.decision(plan, scenario, words, findings, first_outcome, first_level)
            first_decision["late_reason"] = (
                self.late_reason(late_cause or "workload", words, late_agency) if decided > due else ""
            )
            events.append(Event(decided, "decide", decider, first_decision))
            sent_back = self.later(decided, clock, 15, 120)
            comment = text.RETURN_COMMENT[comment_index].format_map(words)
            events.append(Event(sent_back, "return", signer, {"comment": comment}))
            decided = self.later(sent_back, clock, 30, 300)
            words = {**words, "comment_short": text.RETURN_SHORT[comment_index].format_map(words)}
            if decided > due:
                late_cause = "returned"
        plan.late = decided > due
        decision["late_reason"] = (
            self.late_reason(late_cause or "workload", words, late_agency) if plan.late else ""
        )
        events.append(Event(decided, "decide", decider, decision))
        if clock:
            signed = self.later(decided, True, 5, 45)
        else:  # when the team is behind, the managers are too
            signed = self.later(decided, False, 10, 480 if behind else 180)
        events.append(Event(signed, "sign_off", signer, {"comment": self.rng.choice(text.SIGN_OFF_COMMENT)}))
        # "I'll take this one": most contacts still open at the end of the history are held by someone.
        if self.chance(TAKE_CHANCE_DECIDED if signed <= self.end else TAKE_CHANCE_OPEN):
            events.append(Event(found, "take", who))
        events.sort(key=lambda e: e.at)

    def within(self, start: datetime, end: datetime, clock: bool, fraction: float) -> datetime:
        """The moment `fraction` of the way from start to end, in clock or office time."""
        if clock:
            return _minute(start + (end - start) * fraction)
        return _minute(add_working_minutes(start, fraction * working_minutes_between(start, end)))

    def say(self, options: Sequence[str], words: dict[str, str]) -> str:
        return self.rng.choice(options).format_map(words)

    def professional_name(self) -> tuple[str, str]:
        heritage = data.HERITAGES[self.rng.choice(list(data.HERITAGES))]
        first = self.rng.choice(heritage.women if self.chance(0.6) else heritage.men)
        return first, self.rng.choice(_surnames(heritage))

    def agencies(self, plan: ContactPlan, scenario: text.Scenario) -> list[str]:
        day = _local(plan.received_at).date()
        school_age = any(c.age_on(day) >= 4 for c in plan.children)
        own = OWN_AGENCY.get(plan.source)
        options = [a for a in (*scenario.agencies, "police", "health", "education") if a != own]
        if not school_age:
            options = [a for a in options if a != "education"]
        unique = list(dict.fromkeys(options))
        count = min(len(unique), self.pick(CHECKS_PER_CONTACT))
        return unique[:count] if self.chance(0.6) else self.rng.sample(unique, count)

    def decision(
        self,
        plan: ContactPlan,
        scenario: text.Scenario,
        words: dict[str, str],
        findings: list[tuple[str, int]],
        outcome: str = "",
        level: int = 0,
    ) -> dict[str, Any]:
        """The threshold decision's fields: the rationale tells the story (who, what, the checks, the
        history) before the analysis against the levels."""
        outcome, level = outcome or plan.outcome, level or plan.level
        need = ""
        if outcome == text.STRATEGY:
            need = "N1"
        elif outcome == text.REFERRAL:
            need = self.pick(list(zip(scenario.needs, (60, 25, 15), strict=False)))
        parts = [f"Contact from {text.SOURCE_WORDS[plan.source]} about {scenario.summary.format_map(words)}."]
        if findings:
            said = "; ".join(f"{text.AGENCY_WORDS[a]}: {text.FINDINGS[f]}" for a, f in findings)
            parts.append(f"MASH checks ({said}).")
        else:
            parts.append("No multi-agency checks were needed: the information given was clear.")
        earlier = self.earlier_about(plan)
        if earlier:
            latest = _local(earlier[-1].received_at)
            count = "one earlier contact" if len(earlier) == 1 else f"{len(earlier)} earlier contacts"
            parts.append(
                f"History: {count} in the last 12 months, the latest on {latest.day} {latest:%B} "
                f"({text.OUTCOME_WORDS[earlier[-1].outcome]})."
            )
        elif not plan.family.new:
            parts.append("Known to the trust; no contacts in the last 12 months.")
        else:
            parts.append("Not known to the trust before.")
        parts.append(self.say(text.ANALYSIS[(outcome, level)], words))
        if need:
            parts.append(f"Primary need: {dict(codes.PRIMARY_NEED)[need].lower()}.")
        return {
            "level": level,
            "outcome": outcome,
            "rationale": " ".join(parts),
            "advice": self.say(scenario.advice, words) if outcome == text.NFA else "",
            "primary_need": need,
            "feedback": self.feedback(plan, outcome, words, findings),
        }

    def feedback(
        self, plan: ContactPlan, outcome: str, words: dict[str, str], findings: list[tuple[str, int]]
    ) -> str:
        if plan.source in ("9", "10"):
            return self.say(text.FEEDBACK_ANONYMOUS, {**words, "outcome": text.OUTCOME_WORDS[outcome]})
        agencies = [text.AGENCY_WORDS[a] for a, _ in findings]
        checks = (
            "information from " + _join(agencies) if agencies else "what we already know about the family"
        )
        if plan.scenario == text.OPEN_CASE.key:
            return self.say(text.FEEDBACK_OPEN_CASE, words)
        advice_short = "We have shared information about local support with the family."
        return self.say(text.FEEDBACK[outcome], {**words, "checks": checks, "advice_short": advice_short})

    def late_reason(self, cause: str, words: dict[str, str], agency: str) -> str:
        agency_words = text.AGENCY_WORDS.get(agency, "the agency")
        return self.say(
            text.LATE_REASON[cause],
            {**words, "agency": agency_words, "agency_cap": agency_words[0].upper() + agency_words[1:]},
        )


def _surnames(heritage: data.Heritage) -> list[str]:
    # names.py's Arab surnames include a broken "Al-" (a wrapped "Al-Ahmad"): never use it.
    return [name for name in heritage.surnames if not name.endswith("-")]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- The database's side ------------------------------------------------------------------------------------


def read_inputs(manifest: PeopleManifest) -> Inputs:
    """The people step's families (not restricted, not in foster care: contacts about children in care go to
    their social worker), each child's address, the partners with logins and the named professionals."""
    from kindred.access.roles import Role

    child_ids = [c for f in manifest.families if f.restricted_to is None for c in f.children]
    adult_ids = [a for f in manifest.families if f.restricted_to is None for a in f.adults]
    people = {
        p.uuid: p
        for p in Person.objects.filter(uuid__in=[*child_ids, *adult_ids]).only(
            "pk",
            "uuid",
            "first_name",
            "last_name",
            "sex",
            "date_of_birth",
            "date_of_death",
            "nhs_number",
            "upn",
            "ethnicity",
            "restricted",
            "merged_into",
        )
    }
    addresses: dict[int, Address] = {}
    for address in Address.objects.filter(person__uuid__in=child_ids).order_by(
        "person_id", "start_date", "pk"
    ):
        addresses[address.person_id] = address  # the latest one
    unborn = set(manifest.unborn)
    families: list[Family] = []
    groups = {g.key: g for g in data.FAMILY_GROUPS}
    for n, record in enumerate(manifest.families):
        if record.restricted_to is not None or record.structure == "foster":
            continue
        children: list[Child] = []
        for ident in record.children:
            person = people.get(ident)
            if person is None or ident in unborn or person.restricted or person.merged_into_id:
                continue
            home = addresses.get(person.pk)
            children.append(
                Child(
                    key=f"known-{n}-{len(children)}",
                    first_name=person.first_name,
                    last_name=person.last_name,
                    sex=person.sex,
                    date_of_birth=person.date_of_birth,
                    nhs_number=person.nhs_number,
                    ethnicity=person.ethnicity,
                    upn=person.upn,
                    address=", ".join(x for x in (home.line1, home.line2, home.town) if x) if home else "",
                    postcode=home.postcode if home else "",
                    street=(home.line2 or home.line1.split(" ", 1)[-1]) if home else "",
                    person=str(ident),
                )
            )
        adults = [people[a] for a in record.adults if a in people]
        carer = next(
            (a.first_name for a in adults if a.sex == "F" and a.date_of_death is None and a.first_name), ""
        )
        group = groups.get(record.group, data.FAMILY_GROUPS[0])
        heritage = data.HERITAGES[group.pairs[0][1]]
        rng = random.Random(f"{manifest.seed}:{n}:carer")
        families.append(
            Family(
                key=f"known-{n}",
                children=children,
                carer=carer or rng.choice(data.HERITAGES[group.pairs[0][0]].women),
                partner=rng.choice(heritage.men),
                heritage=heritage.key,
            )
        )
    partners = User.objects.filter(
        role=Role.PARTNER.value, is_active=True, partner_organisation__isnull=False
    ).select_related("partner_organisation")
    partner_users: dict[str, PartnerLogin] = {}
    for user in sorted(partners, key=lambda u: u.username):
        organisation = user.partner_organisation
        assert organisation is not None
        partner_users.setdefault(
            organisation.name,
            PartnerLogin(
                user.username, user.get_full_name() or user.username, user.job_title, organisation.kind
            ),
        )
    professionals: dict[str, list[tuple[str, str]]] = {}
    for first, last, title, works_at in (
        Person.objects.filter(uuid__in=manifest.professionals)
        .order_by("pk")
        .values_list("first_name", "last_name", "job_title", "organisation__name")
    ):
        if works_at:
            professionals.setdefault(works_at, []).append((f"{first} {last}", title))
    return Inputs(
        families=families,
        partner_users=partner_users,
        professionals=professionals,
        rules={rag: rules.rule(key) for rag, key in _RULE_KEYS.items()},
        nhs_numbers=set(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)),
    )


_RULE_KEYS = {"red": rules.CONTACT_RED, "amber": rules.CONTACT_AMBER, "green": rules.CONTACT_GREEN}


def plan_front_door(
    *, seed: int, children: int, reference_date: date, weeks: int, inputs: Inputs
) -> FrontDoorPlan:
    return FrontDoorPlanner(
        seed=seed, children=children, reference_date=reference_date, weeks=weeks, inputs=inputs
    ).plan()


@dataclass
class Tally:
    """What was recorded, counted as it happens (no queries): the step's summary."""

    contacts: int = 0
    children: int = 0
    new_children: int = 0
    repeat_children: int = 0
    channels: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    rag: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    referrals: int = 0
    decisions: int = 0
    late: int = 0
    signed_off: int = 0
    returned: int = 0
    urgency_changed: int = 0
    checks: int = 0
    answered: int = 0
    answered_late: int = 0
    open: Counter[str] = field(default_factory=Counter)


def record(plan: FrontDoorPlan, progress: Progress) -> dict[str, Any]:
    """Play the plan through the front door's actions, contact by contact in the order they came in, each
    step at its planned time; what was planned for after the end of the history is left undone."""
    usernames = {p for p, _ in PRACTITIONERS} | set(MANAGERS)
    usernames |= {c.recorded_by for c in plan.contacts}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = usernames - set(users)
    if missing:
        raise LookupError(f"Build the organisation and staff first; missing workers: {sorted(missing)}")
    known = {c.person for contact in plan.contacts for c in contact.children if c.person}
    persons = {str(p.uuid): p for p in Person.objects.filter(uuid__in=known)}
    created: dict[str, Person] = {}
    tally = Tally()
    step = max(1, len(plan.contacts) // 10)
    for n, contact_plan in enumerate(plan.contacts, start=1):
        _record_one(contact_plan, plan.end, users, persons, created, tally)
        if n % step == 0 or n == len(plan.contacts):
            progress(f"  contacts: {n:,} of {len(plan.contacts):,} recorded")
    return {
        "weeks": plan.weeks,
        "from": _local(plan.start).date().isoformat(),
        "until": _local(plan.end).isoformat(),
        "children_contacted_a_week": round(plan.rate, 1),
        "contacts": tally.contacts,
        "children_on_contacts": tally.children,
        "new_children": tally.new_children,
        "repeat_children": tally.repeat_children,
        "channels": dict(sorted(tally.channels.items())),
        "sources": dict(sorted(tally.sources.items(), key=lambda kv: -kv[1])),
        "rag": dict(sorted(tally.rag.items())),
        "decisions": tally.decisions,
        "late_decisions": tally.late,
        "signed_off": tally.signed_off,
        "outcomes": {o: tally.outcomes[o] for o, _ in OUTCOME_DECK},
        "referrals": tally.referrals,
        "returned": tally.returned,
        "urgency_changed": tally.urgency_changed,
        "mash_checks": {"requested": tally.checks, "answered": tally.answered, "late": tally.answered_late},
        "open": {
            "total": sum(tally.open[k] for k in ("open", "awaiting_sign_off")),
            "awaiting_sign_off": tally.open["awaiting_sign_off"],
            "overdue": tally.open["overdue"],
            "held": tally.open["held"],
        },
        "plan_digest": plan.digest(),
    }


def _record_one(
    p: ContactPlan,
    end: datetime,
    users: dict[str, User],
    persons: dict[str, Person],
    created: dict[str, Person],
    tally: Tally,
) -> None:
    contact = actions.record_contact(
        by=users[p.recorded_by],
        children=p.described,
        source=p.source,
        received_at=p.received_at,
        rag=p.rag,
        **p.fields,
    )
    tally.contacts += 1
    tally.children += len(p.children)
    tally.channels[p.channel] += 1
    tally.sources[p.source] += 1
    version, rag, due, status = contact.version, p.rag, contact.due_at, Contact.Status.OPEN
    rows = {row.position: row for row in ContactChild.objects.filter(contact=contact)}
    enquiries: dict[int, MashEnquiry] = {}
    keys = [c.key for c in p.children]
    late = held = False
    for event in p.events:
        if event.at > end:
            break
        by = users[event.by]
        values = event.values
        if event.kind == "link":
            position = keys.index(values["child"])
            child = p.children[position]
            person = persons.get(child.person or "") or created.get(child.key)
            if person is None:
                row = actions.link_new_child(
                    child=rows[position],
                    by=by,
                    at=event.at,
                    first_name=child.first_name,
                    last_name=child.last_name,
                    sex=child.sex,
                    date_of_birth=child.date_of_birth,
                    ethnicity=child.ethnicity,
                    nhs_number=child.nhs_number,
                )
                assert row.person is not None
                created[child.key] = row.person
                tally.new_children += 1
            else:
                row = actions.link_child(child=rows[position], person=person, by=by, at=event.at)
                tally.repeat_children += bool(row.repeat_reason)
            version += 1  # finding a child changes what the decision rests on
        elif event.kind == "take":
            actions.take_contact(contact=contact, by=by)
            held = True
        elif event.kind == "urgency":
            contact = actions.set_contact_urgency(
                contact=contact, rag=values["rag"], reason=values["reason"], by=by
            )
            version, rag, due = contact.version, values["rag"], contact.due_at
            tally.urgency_changed += 1
        elif event.kind == "request":
            enquiries[values["n"]] = actions.request_mash_check(
                contact=contact, agency=values["agency"], question=values["question"], by=by, at=event.at
            )
            version += 1
            tally.checks += 1
        elif event.kind == "answer":
            enquiry = actions.record_mash_answer(
                enquiry=enquiries[values["n"]],
                answer=values["answer"],
                answered_by_name=values["answered_by"],
                by=by,
                at=event.at,
            )
            version += 1
            tally.answered += 1
            tally.answered_late += bool(enquiry.answered_at and enquiry.answered_at > enquiry.due_at)
        elif event.kind == "decide":
            decision = actions.decide_contact(
                contact=contact, version=version, by=by, decided_at=event.at, **values
            )
            version, status = version + 1, Contact.Status.AWAITING_SIGN_OFF
            late = decision.decided_at > due
        elif event.kind == "return":
            actions.return_decision(contact=contact, version=version, comment=values["comment"], by=by)
            version, status = version + 1, Contact.Status.OPEN
            tally.returned += 1
        elif event.kind == "sign_off":
            actions.sign_off_decision(
                contact=contact, version=version, by=by, comment=values["comment"], at=event.at
            )
            version, status = version + 1, Contact.Status.DECIDED
            tally.signed_off += 1
            tally.outcomes[p.outcome] += 1
            if p.outcome in (text.REFERRAL, text.STRATEGY):
                tally.referrals += len(p.children)
    tally.rag[rag] += 1
    if status != Contact.Status.OPEN:
        tally.decisions += 1
        tally.late += late
    if status != Contact.Status.DECIDED:
        tally.open[status] += 1
        tally.open["overdue"] += due < end
        tally.open["held"] += held


# --- The step -----------------------------------------------------------------------------------------------


def contacts_step(trust: SyntheticTrust, progress: Progress) -> dict[str, Any]:
    """The trust's step (kindred.synthetic.trust.STEPS): plan the contacts for this seed, then record them."""
    manifest = trust.people or manifest_from_database()
    inputs = read_inputs(manifest)
    plan = plan_front_door(
        seed=trust.seed,
        children=trust.children,
        reference_date=trust.reference_date,
        weeks=trust.frontdoor_weeks,
        inputs=inputs,
    )
    progress(
        f"  planned {len(plan.contacts):,} contacts about {plan.children_target:,} children over "
        f"{plan.weeks} weeks ({plan.rate:.1f} children a week)"
    )
    summary = record(plan, progress)
    summary["digest"] = frontdoor_digest()
    return summary


def describe(summary: dict[str, Any]) -> str:
    """One line for load_demo."""
    decisions = summary["decisions"] or 1
    in_time = 100 * (decisions - summary["late_decisions"]) / decisions
    opened = summary["open"]
    return (
        f"Front door: {summary['contacts']:,} contacts about {summary['children_on_contacts']:,} children "
        f"over {summary['weeks']} weeks ({summary['new_children']:,} new to the trust), "
        f"{summary['referrals']:,} children referred, {in_time:.0f}% of decisions in time, "
        f"{summary['mash_checks']['requested']:,} MASH checks; {opened['total']} contacts open at the "
        f"reference date ({opened['awaiting_sign_off']} awaiting sign-off, {opened['overdue']} overdue)."
    )


def manifest_from_database() -> PeopleManifest:
    """The people step's manifest when that step was loaded by an earlier run: plan the people again from the
    seed and parameters on its marker (planning is deterministic) and find each planned person's record, in
    the order they were recorded."""
    from kindred.synthetic.models import SyntheticStep
    from kindred.synthetic.people import _manifest
    from kindred.synthetic.people_plan import plan_people

    marker = SyntheticStep.objects.filter(name="people").first()
    if marker is None:
        raise LookupError("Load the people before the front door")
    plan = plan_people(
        seed=marker.seed,
        children=int(marker.parameters["children"]),
        reference_date=date.fromisoformat(marker.parameters["reference_date"]),
    )
    rows = Person.objects.order_by("pk").values_list("pk", "uuid", "first_name", "last_name", "date_of_birth")
    persons: dict[int, Person] = {}
    wanted = iter(plan.people)
    planned = next(wanted, None)
    for pk, ident, first, last, dob in rows.iterator():
        if planned is None:
            break
        if (first, last, dob) == (
            " ".join(planned.first_name.split()),
            " ".join(planned.last_name.split()),
            planned.date_of_birth,
        ):
            persons[planned.key] = Person(pk=pk, uuid=ident)
            planned = next(wanted, None)
    if planned is not None:
        raise LookupError(
            "The people in this database do not match the people step's seed: load the demo into a fresh "
            "database"
        )
    return _manifest(plan, persons)


def frontdoor_digest() -> str:
    """A fingerprint of the front door in the database (contacts, children found, checks, decisions, the
    referrals' episodes), independent of UUIDs, references, primary keys and when it was loaded: two builds
    from one seed give the same digest."""
    from kindred.casework.models import Episode

    h = hashlib.sha256()
    contacts = Contact.objects.order_by("received_at", "pk").values_list(
        "pk",
        "received_at",
        "source",
        "channel",
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "recorded_by__username",
        "concern",
        "referrer_view",
        "consent",
        "rag",
        "due_at",
        "held_by__username",
        "status",
        "feedback",
        "feedback_sent_at",
    )
    position: dict[int, int] = {}
    for n, (pk, *rest) in enumerate(contacts.iterator()):
        position[pk] = n
        h.update(repr(rest).encode())
    rows: list[tuple[Any, ...]] = []
    for pk, *rest in ContactChild.objects.values_list(
        "contact_id",
        "position",
        "first_name",
        "last_name",
        "date_of_birth",
        "person__first_name",
        "person__last_name",
        "person__date_of_birth",
        "linked_by__username",
        "linked_at",
        "repeat_reason",
    ):
        rows.append(("child", position[pk], *rest))
    for pk, *rest in MashEnquiry.objects.values_list(
        "contact_id",
        "agency",
        "question",
        "requested_at",
        "due_at",
        "answered_at",
        "answer",
        "answered_by_name",
    ):
        rows.append(("check", position[pk], *rest))
    for pk, *rest in ThresholdDecision.objects.values_list(
        "contact_id",
        "level",
        "outcome",
        "rationale",
        "advice",
        "primary_need",
        "decided_by__username",
        "decided_at",
        "late_reason",
        "status",
        "signed_off_by__username",
        "signed_off_at",
        "manager_comment",
    ):
        rows.append(("decision", position[pk], *rest))
    for pk, *rest in Episode.objects.filter(contact__isnull=False).values_list(
        "contact_id",
        "person__first_name",
        "person__last_name",
        "referral_date",
        "referral_source",
        "primary_need",
    ):
        rows.append(("episode", position[pk], *rest))
    for row in sorted(rows, key=repr):
        h.update(repr(row).encode())
    return h.hexdigest()


def delete_front_door() -> None:
    """Remove every contact and what hangs off it (checks, decisions, the referrals' episodes) and the step's
    marker, so that the step can be built again (tests of determinism). The people it recorded stay."""
    from kindred.casework.models import Episode
    from kindred.synthetic.models import SyntheticStep

    Episode.objects.filter(contact__isnull=False).delete()
    MashEnquiry.objects.all().delete()
    ThresholdDecision.objects.all().delete()
    ContactChild.objects.all().delete()
    Contact.objects.all().delete()
    SyntheticStep.objects.filter(name="frontdoor").delete()
