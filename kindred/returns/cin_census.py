"""The Children in Need census, computed from what was recorded (DESIGN.md principle 6).

`build_cin_census(year=2026)` answers the DfE CIN census XML for the collection year 1 April 2025 to 31 March
2026, in the 2025-26 format (../shared/specs/statutory-returns.md § 1; the XSD in schemas/). It reads the
casework as it stood on the reference date, in a fixed number of queries however many children there are:

- every child with a child in need episode open at any point in the year (referred on or before 31 March and
  not closed before 1 April), one `Child` per child: a record merged into another counts as the survivor, with
  the duplicate's episodes (ADR 0005);
- in each episode (`CINdetails`), only the modules the DfE guidance asks for: assessments open in the year
  (started by 31 March, not authorised before 1 April), child in need plans and child protection plans open
  in the year, section 47 enquiries open in the year (until the initial conference, or the outcome that none
  is needed), and review conferences held in the year;
- anything dated after 31 March is left out (a closure, an authorisation, a conference), so a past year's
  return comes out as it would have on its reference date.

No business rule lives here beyond that selection: a missing primary need or an unborn child's date of birth
goes into the file as recorded (or not), and the DfE rules (kindred.returns.validation) say what to fix.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from lxml import etree

from kindred.casework import codes as casework_codes
from kindred.casework.models import (
    Assessment,
    AssessmentFactor,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Episode,
    Section47,
)
from kindred.organisation.models import Trust
from kindred.people import codes as people_codes
from kindred.people.models import Disability, Identifier, Person

XSD_PATH = Path(__file__).resolve().parent / "schemas" / "CIN_schema_2026.xsd"
SOFTWARE_CODE = "Kindred"
LA_CHILD_ID_MAX_LENGTH = 20  # rule 1570
_NOT_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")  # rule 1580
_FACTOR_ORDER = {code: i for i, (code, _label) in enumerate(casework_codes.ASSESSMENT_FACTORS)}
_DISABILITY_ORDER = {code: i for i, (code, _label) in enumerate(people_codes.DISABILITY)}


class CensusSchemaError(ValueError):
    """The census file does not match the XSD: DfE COLLECT would refuse the whole file."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__("; ".join(errors[:5]) + more)


@dataclass(frozen=True)
class CensusPeriod:
    """A collection year: 1 April of the year before to 31 March (the reference date)."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    def known(self, day: date | None) -> date | None:
        """The day, if it had happened by the reference date (later events are not in this year's return)."""
        return day if day is not None and day <= self.end else None

    def open_during(self, start: date, end: date | None) -> bool:
        """Whether something that ran from `start` to `end` (None: still running) was open in the year."""
        return start <= self.end and (end is None or end >= self.start)


@dataclass
class CensusEpisode:
    """One CINdetails: the episode and the modules that belong in this year's return."""

    episode: Episode
    initial_conference: date | None = None  # an ICPC held outside a section 47 (CINdetails DateOfInitialCPC)
    assessments: list[Assessment] = field(default_factory=list)
    factors: dict[int, list[str]] = field(default_factory=dict)  # assessment pk -> codes
    cin_plans: list[ChildInNeedPlan] = field(default_factory=list)
    # (enquiry, its initial conference's date, no conference needed)
    section47s: list[tuple[Section47, date | None, bool]] = field(default_factory=list)
    # (plan, number of the child's earlier plans, review conferences held in the year)
    cp_plans: list[tuple[ChildProtectionPlan, int, list[date]]] = field(default_factory=list)
    latest_category: dict[int, str] = field(default_factory=dict)  # plan pk -> category at the year's end


@dataclass
class CensusChild:
    person: Person  # the record the child is known by (the survivor of any merge)
    la_child_id: str
    upn: str  # the survivor's, else one recorded on a record merged into it
    disabilities: list[str]
    episodes: list[CensusEpisode]


@dataclass
class CinCensus:
    period: CensusPeriod
    lea: str
    children: list[CensusChild]
    document: etree._Element

    @property
    def episode_count(self) -> int:
        return sum(len(child.episodes) for child in self.children)

    def to_bytes(self) -> bytes:
        return etree.tostring(self.document, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading the casework ------------------------------------------------------------------------------------


def trust_la_code() -> str:
    """The DfE LA number of the trust this Kindred serves."""
    code = Trust.objects.order_by("pk").values_list("la_code", flat=True).first()
    if not code:
        raise ImproperlyConfigured("No trust with a DfE LA number is set up: the census needs one")
    return code


def la_child_id(person: Person, recorded: list[str]) -> str:
    """The LAchildID: the child's recorded LA child ID (kindred.people Identifier), without the spaces,
    hyphens and other punctuation rule 1580 refuses; a child with none gets one derived from their record's
    UUID, the same every year (20 characters, rule 1570)."""
    for value in recorded:
        cleaned = _NOT_ALPHANUMERIC.sub("", value)
        if cleaned:
            return cleaned
    return person.uuid.hex[:LA_CHILD_ID_MAX_LENGTH].upper()


def _conference_of(section47: Section47) -> Conference | None:
    try:
        return section47.conference
    except ObjectDoesNotExist:
        return None


def collect_children(period: CensusPeriod) -> list[CensusChild]:
    """The children in this year's census with what goes in it, in 15 queries however many there are."""
    start, end = period.start, period.end
    scoped = Episode.objects.filter(referral_date__lte=end).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=start)
    )
    # Subqueries, not lists of ids, so a trust's whole year is never a query with 20,000 parameters.
    episode_ids = scoped.values("pk")
    child_ids = scoped.annotate(child=Coalesce("person__merged_into", "person")).values("child")
    records = Person.objects.filter(Q(pk__in=child_ids) | Q(merged_into__in=child_ids))

    episodes = list(
        scoped.annotate(child=Coalesce("person__merged_into", "person")).order_by("referral_date", "pk")
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=child_ids)}
    child_of: dict[int, int] = {}
    merged_upns: dict[int, list[tuple[int, str]]] = defaultdict(list)  # a UPN known only on a merged record
    for pk, merged_into, upn in records.values_list("pk", "merged_into", "upn"):
        child_of[pk] = merged_into or pk
        if merged_into and upn:
            merged_upns[merged_into].append((pk, upn))

    assessments_in_year = Assessment.objects.filter(episode__in=episode_ids, start_date__lte=end).filter(
        Q(authorised_date__isnull=True) | Q(authorised_date__gte=start)
    )
    assessments = _by_episode(assessments_in_year.order_by("start_date", "pk"))
    factors: dict[int, list[str]] = defaultdict(list)
    for assessment_id, code in AssessmentFactor.objects.filter(
        assessment__in=assessments_in_year.values("pk")
    ).values_list("assessment", "code"):
        factors[assessment_id].append(code)

    cin_plans = _by_episode(
        ChildInNeedPlan.objects.filter(episode__in=episode_ids, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("start_date", "pk")
    )
    section47s = _by_episode(
        Section47.objects.filter(episode__in=episode_ids, start_date__lte=end)
        .select_related("conference")
        .order_by("start_date", "pk")
    )
    initial_conferences = _by_episode(
        Conference.objects.filter(
            episode__in=episode_ids,
            kind=Conference.Kind.INITIAL,
            section47__isnull=True,
            held_on__range=(start, end),
        ).order_by("held_on", "pk")
    )
    plans_in_year = ChildProtectionPlan.objects.filter(episode__in=episode_ids, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    cp_plans = _by_episode(plans_in_year.order_by("start_date", "pk"))
    reviews: dict[int, list[date]] = defaultdict(list)
    for plan_id, held_on in (
        Conference.objects.filter(
            plan__in=plans_in_year.values("pk"), kind=Conference.Kind.REVIEW, held_on__range=(start, end)
        )
        .order_by("held_on", "pk")
        .values_list("plan", "held_on")
    ):
        reviews[plan_id].append(held_on)
    # LatestCategoryOfAbuse as it stood at the end of the year: the category set by the last conference on or
    # before it (a later review's change belongs to a later year's return).
    latest_category: dict[int, str] = {}
    for plan_id, category in (
        Conference.objects.filter(plan__in=plans_in_year.values("pk"), held_on__lte=end)
        .exclude(category="")
        .order_by("held_on", "pk")
        .values_list("plan", "category")
    ):
        latest_category[plan_id] = category
    # NumberOfPreviousCPP: the child's earlier plans, in any year and on any merged record.
    plan_history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for plan_id, plan_start, person_id in ChildProtectionPlan.objects.filter(
        episode__person__in=records.values("pk")
    ).values_list("pk", "start_date", "episode__person"):
        plan_history[child_of.get(person_id, person_id)].append((plan_start, plan_id))

    # The survivor's own identifiers first, then its merged records', oldest first.
    recorded_ids: dict[int, list[tuple[bool, int, str]]] = defaultdict(list)
    for pk, person_id, value in Identifier.objects.filter(
        kind=Identifier.Kind.LA_CHILD_ID, person__in=records.values("pk")
    ).values_list("pk", "person", "value"):
        child = child_of.get(person_id, person_id)
        recorded_ids[child].append((person_id != child, pk, value))
    disabilities: dict[int, set[str]] = defaultdict(set)
    for person_id, code in (
        Disability.objects.filter(person__in=records.values("pk"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("person", "code")
    ):
        disabilities[child_of.get(person_id, person_id)].add(code)

    by_child: dict[int, list[CensusEpisode]] = defaultdict(list)
    for episode in episodes:
        entry = CensusEpisode(episode=episode)
        firsts = initial_conferences.get(episode.pk, [])
        entry.initial_conference = firsts[0].held_on if firsts else None
        entry.assessments = assessments.get(episode.pk, [])
        entry.factors = {
            a.pk: sorted(factors.get(a.pk, []), key=lambda c: _FACTOR_ORDER.get(c, 999))
            for a in entry.assessments
        }
        entry.cin_plans = cin_plans.get(episode.pk, [])
        for section47 in section47s.get(episode.pk, []):
            conference = _conference_of(section47)
            icpc = period.known(conference.held_on) if conference else None
            completed = period.known(section47.completed_date)
            not_needed = completed is not None and section47.outcome != Section47.Outcome.ICPC
            # For the census an enquiry runs until its initial conference, or the decision that none is due.
            if period.open_during(section47.start_date, icpc or (completed if not_needed else None)):
                entry.section47s.append((section47, icpc, not_needed))
        history = sorted(plan_history.get(episode.child, []))  # type: ignore[attr-defined]
        for plan in cp_plans.get(episode.pk, []):
            previous = sum(1 for earlier in history if earlier < (plan.start_date, plan.pk))
            entry.cp_plans.append((plan, previous, reviews.get(plan.pk, [])))
            if plan.pk in latest_category:
                entry.latest_category[plan.pk] = latest_category[plan.pk]
        by_child[episode.child].append(entry)  # type: ignore[attr-defined]

    children = []
    for child_id, entries in by_child.items():
        person = people[child_id]
        recorded = [value for _merged, _pk, value in sorted(recorded_ids.get(child_id, []))]
        codes = disabilities.get(child_id, set())
        if len(codes) > 1:
            codes = codes - {"NONE"}  # a disability recorded on either record outranks "none" (rule 8790)
        children.append(
            CensusChild(
                person=person,
                la_child_id=la_child_id(person, recorded),
                upn=person.upn or next((upn for _pk, upn in sorted(merged_upns.get(child_id, []))), ""),
                disabilities=sorted(codes, key=_disability_order),
                episodes=entries,
            )
        )
    children.sort(key=lambda c: (c.la_child_id, c.person.pk))
    return children


def _by_episode(queryset: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in queryset:
        grouped[row.episode_id].append(row)
    return grouped


def _disability_order(code: str) -> int:
    return _DISABILITY_ORDER.get(code, 999)


# -- writing the XML -----------------------------------------------------------------------------------------


def _add(parent: etree._Element, tag: str, value: object = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if value is not None:
        element.text = value.isoformat() if isinstance(value, date) else str(value)
    return element


def _flag(value: bool) -> str:
    return "1" if value else "0"  # the XSD allows 0/1 only (not true/false)


@cache
def _release() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _header(root: etree._Element, period: CensusPeriod, lea: str, serial_no: int, at: datetime) -> None:
    header = _add(root, "Header")
    details = _add(header, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", period.year)
    _add(details, "ReferenceDate", period.end)
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", lea)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", _release())
    _add(source, "SerialNo", f"{serial_no:03d}")
    _add(source, "DateTime", timezone.localtime(at).replace(tzinfo=None, microsecond=0).isoformat())


def _child(parent: etree._Element, child: CensusChild, period: CensusPeriod) -> None:
    person = child.person
    element = _add(parent, "Child")
    ids = _add(element, "ChildIdentifiers")
    _add(ids, "LAchildID", child.la_child_id)
    if child.upn:
        _add(ids, "UPN", child.upn)
    if person.former_upn:
        _add(ids, "FormerUPN", person.former_upn)
    if not child.upn and person.upn_unknown_reason:
        _add(ids, "UPNunknown", person.upn_unknown_reason)
    born = period.known(person.date_of_birth)
    if born is not None:
        _add(ids, "PersonBirthDate", born)
    elif person.expected_date_of_birth or person.date_of_birth:
        # Unborn on the reference date (a past year's return for a child born since: their birth date).
        _add(ids, "ExpectedPersonBirthDate", person.expected_date_of_birth or person.date_of_birth)
    # Rule 8750: an unborn child's sex is U in the census, whatever was recorded from a scan.
    unborn = born is None and (person.expected_date_of_birth or person.date_of_birth) is not None
    _add(ids, "Sex", "U" if unborn else person.sex)
    if period.known(person.date_of_death):
        _add(ids, "PersonDeathDate", person.date_of_death)
    characteristics = _add(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", person.ethnicity)
    if child.disabilities:
        disabilities = _add(characteristics, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)
    for entry in child.episodes:
        _cin_details(element, entry, period)


def _cin_details(parent: etree._Element, entry: CensusEpisode, period: CensusPeriod) -> None:
    episode = entry.episode
    details = _add(parent, "CINdetails")
    _add(details, "CINreferralDate", episode.referral_date)
    _add(details, "ReferralSource", episode.referral_source)
    if episode.primary_need:
        _add(details, "PrimaryNeedCode", episode.primary_need)
    if period.known(episode.closure_date):
        _add(details, "CINclosureDate", episode.closure_date)
        if episode.closure_reason:
            _add(details, "ReasonForClosure", episode.closure_reason)
    if entry.initial_conference:
        _add(details, "DateOfInitialCPC", entry.initial_conference)
    for assessment in entry.assessments:
        module = _add(details, "Assessments")
        _add(module, "AssessmentActualStartDate", assessment.start_date)
        authorised = (
            period.known(assessment.authorised_date)
            if assessment.status == Assessment.Status.AUTHORISED
            else None
        )
        if authorised:
            _add(module, "AssessmentAuthorisationDate", authorised)
            # Factors belong to a completed (authorised) assessment only (rule 8614).
            if entry.factors.get(assessment.pk):
                factors = _add(module, "FactorsIdentifiedAtAssessment")
                for code in entry.factors[assessment.pk]:
                    _add(factors, "AssessmentFactors", code)
    for plan in entry.cin_plans:
        module = _add(details, "CINPlanDates")
        _add(module, "CINPlanStartDate", plan.start_date)
        if period.known(plan.end_date):
            _add(module, "CINPlanEndDate", plan.end_date)
    for section47, icpc, not_needed in entry.section47s:
        module = _add(details, "Section47")
        _add(module, "S47ActualStartDate", section47.start_date)
        _add(module, "InitialCPCtarget", section47.icpc_target)
        if icpc:
            _add(module, "DateOfInitialCPC", icpc)
        _add(module, "ICPCnotRequired", _flag(not_needed))
    _add(details, "ReferralNFA", _flag(episode.referral_nfa))
    for cp_plan, previous, review_dates in entry.cp_plans:
        module = _add(details, "ChildProtectionPlans")
        _add(module, "CPPstartDate", cp_plan.start_date)
        if period.known(cp_plan.end_date):
            _add(module, "CPPendDate", cp_plan.end_date)
        _add(module, "InitialCategoryOfAbuse", cp_plan.initial_category)
        _add(module, "LatestCategoryOfAbuse", entry.latest_category.get(cp_plan.pk, cp_plan.latest_category))
        _add(module, "NumberOfPreviousCPP", previous)
        if review_dates:
            module_reviews = _add(module, "Reviews")
            for held_on in review_dates:
                _add(module_reviews, "CPPreviewDate", held_on)


# -- the return ----------------------------------------------------------------------------------------------


def compute_cin_census(
    *, year: int, lea: str | None = None, serial_no: int = 1, generated_at: datetime | None = None
) -> CinCensus:
    """The census for the collection year ending 31 March `year`, as a document and the children in it."""
    period = CensusPeriod(year)
    lea = lea or trust_la_code()
    children = collect_children(period)
    root = etree.Element("Message")
    _header(root, period, lea, serial_no, generated_at or timezone.now())
    children_element = _add(root, "Children")
    for child in children:
        _child(children_element, child, period)
    return CinCensus(period=period, lea=lea, children=children, document=root)


def build_cin_census(
    *, year: int, lea: str | None = None, serial_no: int = 1, generated_at: datetime | None = None
) -> bytes:
    """The CIN census XML (2025-26 format) for the collection year ending 31 March `year`. `lea` defaults to
    the trust's DfE LA number."""
    return compute_cin_census(year=year, lea=lea, serial_no=serial_no, generated_at=generated_at).to_bytes()


def census_schema() -> etree.XMLSchema:
    # A fresh schema object each time (a few milliseconds): lxml schema objects are not for sharing between
    # threads.
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def schema_errors(xml: bytes) -> list[etree._LogEntry]:
    """Where the file breaks the XSD (element order, code lists, 0/1 flags), or nothing."""
    schema = census_schema()
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(document):
        return []
    return list(schema.error_log)


def check_schema(xml: bytes) -> None:
    errors = schema_errors(xml)
    if errors:
        raise CensusSchemaError([f"line {e.line}: {e.message}" for e in errors])
