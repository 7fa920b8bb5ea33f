"""Checking the CIN census against the DfE's rules, in words a practitioner can act on.

`validate_cin_census(year=2026)` builds the census from the current data, checks it against the XSD and then
runs the DfE validation rules on it with Data to Insight's validator (csc-validator-be-cin, ruleset
`cin2025_26`), which lives in its own virtualenv (`make validator`, ADR 0010) and runs as a subprocess. Each
problem comes back as a `CensusIssue`: the rule, error or query (codes ending in Q are queries: explain them
to the DfE, or fix them), the child (LAchildID and name) and the fields to look at, named as a practitioner
knows them and placed in the episode, assessment or plan they belong to.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from lxml import etree

from kindred.casework import codes as casework_codes
from kindred.people import codes as people_codes
from kindred.people.models import Person
from kindred.returns.cin_census import CinCensus, compute_cin_census, schema_errors

CIN_RULESET = "cin2025_26"  # always passed: the validator's `run` command defaults to an older year
RUNNER = Path(__file__).resolve().parent / "cin_validator_runner.py"
VALIDATOR_TIMEOUT_SECONDS = 30 * 60
SCHEMA_RULE = "XSD"
WHOLE_RETURN = "the whole return"

# The census's elements (and the validator's table and id columns) as a practitioner knows them.
FIELD_LABELS = {
    "LAchildID": "LA child ID",
    "UPN": "Unique pupil number (UPN)",
    "FormerUPN": "Former UPN",
    "UPNunknown": "Reason the UPN is not known",
    "PersonBirthDate": "Date of birth",
    "ExpectedPersonBirthDate": "Expected date of birth",
    "Sex": "Sex",
    "GenderCurrent": "Sex",
    "PersonDeathDate": "Date of death",
    "Ethnicity": "Ethnicity",
    "Disabilities": "Disabilities",
    "Disability": "Disabilities",
    "CINreferralDate": "Referral date",
    "ReferralSource": "Who made the referral (referral source)",
    "PrimaryNeedCode": "Primary need",
    "CINclosureDate": "Date the case closed",
    "ReasonForClosure": "Reason the case closed",
    "DateOfInitialCPC": "Date of the initial child protection conference",
    "Assessments": "Child and family assessment",
    "AssessmentActualStartDate": "Date the assessment started",
    "AssessmentInternalReviewDate": "Date of the assessment's internal review",
    "AssessmentAuthorisationDate": "Date the manager authorised the assessment",
    "FactorsIdentifiedAtAssessment": "Factors identified at assessment",
    "AssessmentFactors": "Factors identified at assessment",
    "CINPlanDates": "Child in need plan",
    "CINplanDates": "Child in need plan",
    "CINPlanStartDate": "Date the child in need plan started",
    "CINPlanEndDate": "Date the child in need plan ended",
    "Section47": "Section 47 enquiry",
    "S47ActualStartDate": "Date the section 47 enquiry started",
    "InitialCPCtarget": "Date the initial conference was due",
    "ICPCnotRequired": "Outcome of the section 47 enquiry (whether a conference is needed)",
    "ReferralNFA": "Whether the referral led to no further action",
    "ChildProtectionPlans": "Child protection plan",
    "CPPstartDate": "Date the child protection plan started",
    "CPPendDate": "Date the child protection plan ended",
    "InitialCategoryOfAbuse": "Category of abuse at the initial conference",
    "LatestCategoryOfAbuse": "Latest category of abuse",
    "NumberOfPreviousCPP": "Number of earlier child protection plans",
    "Reviews": "Review conferences",
    "CPPreviewDate": "Date of the review conference",
    "CINdetailsID": "Child in need episode",
    "CPPID": "Child protection plan",
    "ChildIdentifiers": "Child's details",
    "ChildCharacteristics": "Child's details",
    "Collection": "Census collection",
    "Year": "Census year",
    "ReferenceDate": "Census reference date",
    "LEA": "Local authority number",
    "SoftwareCode": "Software",
    "Release": "Software release",
    "SerialNo": "File serial number",
    "DateTime": "Date and time of the file",
}

# The validator's tables, in the order it reads the XML into them (its row numbers count in document order).
_TABLE_PATHS = {
    "ChildIdentifiers": "Children/Child/ChildIdentifiers",
    "ChildCharacteristics": "Children/Child/ChildCharacteristics",
    "Disabilities": "Children/Child/ChildCharacteristics/Disabilities/Disability",
    "CINdetails": "Children/Child/CINdetails",
    "Assessments": "Children/Child/CINdetails/Assessments",
    "CINplanDates": "Children/Child/CINdetails/CINPlanDates",
    "Section47": "Children/Child/CINdetails/Section47",
    "ChildProtectionPlans": "Children/Child/CINdetails/ChildProtectionPlans",
    "Reviews": "Children/Child/CINdetails/ChildProtectionPlans/Reviews",
}


# The queries Kindred's data can raise in the ordinary course of the work, and what to tell the DfE. A query
# is not an error: it asks the trust to check the record and either fix it or explain it. Any query not listed
# here needs a person to look at it.
QUERY_EXPLANATIONS = {
    "8670Q": "An assessment open at the end of the year had run past 45 working days. Late assessments are "
    "recorded with their reason in Kindred (Assessment.late_reason): check it is finished, or give the DfE "
    "that reason.",
    "8675Q": "An initial conference was held (or is still due) more than 15 working days after the strategy "
    "discussion. Kindred records the reason for a late conference; give the DfE that reason.",
    "2991Q": "A section 47 enquiry in this year belongs to an episode whose assessment was authorised in an "
    "earlier year, so this year's return carries the enquiry without it. Explain that the assessment was "
    "returned in the earlier year's census.",
    "2887Q": "Fewer than 8 different disability codes appear in the return. For a small trust (or the demo) "
    "this is expected; a large trust should check disabilities are being recorded.",
    "2888Q": "No child in the return has more than one disability code. Expected in a small return (or the "
    "demo); a large trust should check that children with several disabilities have each recorded.",
    "8873Q": "'No factors identified' was recorded at an assessment that then led to further work. Check the "
    "factors with the worker.",
}


class ValidatorUnavailable(RuntimeError):
    """The DfE validator's virtualenv is not there (run `make validator`)."""


class ValidatorFailed(RuntimeError):
    """The validator ran but did not finish."""


@dataclass(frozen=True)
class FlaggedField:
    element: str  # the census element, e.g. "CPPstartDate"
    label: str  # in practitioner words
    value: str  # as it is in the census ("" when missing)
    where: str  # e.g. "the child protection plan from 3 June 2025, in the episode referred on 1 May 2025"

    def describe(self) -> str:
        value = _value_words(self.element, self.value) if self.value else "not recorded"
        return f"{self.label}: {value} ({self.where})" if self.where else f"{self.label}: {value}"


@dataclass(frozen=True)
class CensusIssue:
    rule_code: str
    message: str
    la_child_id: str = ""  # "" for a problem with the whole return
    child_name: str = ""
    person_uuid: uuid.UUID | None = None
    fields: tuple[FlaggedField, ...] = ()

    @property
    def severity(self) -> str:
        """An error must be fixed before the DfE accepts the return; a query must be fixed or explained."""
        return "query" if self.rule_code.upper().endswith("Q") else "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def who(self) -> str:
        if not self.la_child_id:
            return WHOLE_RETURN.capitalize()
        name = self.child_name or "a child not found in Kindred"
        return f"{name} (LA child ID {self.la_child_id})"

    def describe(self) -> str:
        """The issue in a few plain-English lines."""
        rule = "the census file's format" if self.rule_code == SCHEMA_RULE else f"rule {self.rule_code}"
        lines = [f"{self.severity.upper()}: {self.who}, {rule}", f"  {self.message}"]
        if self.fields:
            lines.append("  Check " + ("these:" if len(self.fields) > 1 else "this:"))
            lines.extend(f"    - {f.describe()}" for f in self.fields)
        return "\n".join(lines)


@dataclass
class CensusValidation:
    year: int
    children: int
    episodes: int
    issues: list[CensusIssue] = field(default_factory=list)
    rules_run: int = 0
    crashed_rules: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CensusIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def queries(self) -> list[CensusIssue]:
        return [i for i in self.issues if not i.is_error]


# -- running the validator -----------------------------------------------------------------------------------


def validator_python() -> Path:
    """The validator virtualenv's interpreter (KINDRED_CIN_VALIDATOR_PYTHON overrides it)."""
    configured = os.environ.get("KINDRED_CIN_VALIDATOR_PYTHON")
    return Path(configured) if configured else Path(settings.BASE_DIR) / ".validator-venv" / "bin" / "python"


def validator_available() -> bool:
    return validator_python().exists()


def run_cin_validator(path: Path) -> dict[str, Any]:
    """Run the DfE CIN rules (ruleset cin2025_26) on a census file; the runner's JSON report."""
    python = validator_python()
    if not python.exists():
        raise ValidatorUnavailable(
            f"The DfE CIN census validator is not installed ({python} is missing): run `make validator`"
        )
    with tempfile.TemporaryDirectory(prefix="kindred-cin-validator-") as workdir:
        try:
            completed = subprocess.run(  # noqa: S603 - our own runner script, arguments not from users
                [str(python), str(RUNNER), str(path), "-r", CIN_RULESET],
                cwd=workdir,  # anything the validator writes lands here and is removed
                capture_output=True,
                text=True,
                timeout=VALIDATOR_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ValidatorFailed(f"The validator did not finish in {VALIDATOR_TIMEOUT_SECONDS} s") from error
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise ValidatorFailed(f"The validator failed (exit status {completed.returncode}):\n{tail}")
    try:
        report: dict[str, Any] = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        raise ValidatorFailed(
            f"The validator's report could not be read: {completed.stdout[:500]!r}"
        ) from error
    return report


# -- reading its report --------------------------------------------------------------------------------------


def _words(value: str) -> str:
    """An ISO date as a practitioner writes it; anything else as it is."""
    try:
        return f"{date.fromisoformat(value[:10]):%-d %B %Y}" if len(value) in (10, 19) else value
    except ValueError:
        return value


# Code-list fields: the code with its meaning ("N3, Parental disability or illness").
_CODE_LABELS: dict[str, dict[str, str]] = {
    "ReferralSource": dict(casework_codes.REFERRAL_SOURCE),
    "PrimaryNeedCode": dict(casework_codes.PRIMARY_NEED),
    "ReasonForClosure": dict(casework_codes.REASON_FOR_CLOSURE),
    "InitialCategoryOfAbuse": dict(casework_codes.CATEGORY_OF_ABUSE),
    "LatestCategoryOfAbuse": dict(casework_codes.CATEGORY_OF_ABUSE),
    "AssessmentFactors": dict(casework_codes.ASSESSMENT_FACTORS),
    "Sex": dict(people_codes.SEX),
    "Ethnicity": dict(people_codes.ETHNICITY),
    "Disability": dict(people_codes.DISABILITY),
    "UPNunknown": dict(people_codes.UPN_UNKNOWN),
}
_FLAGS = {"ReferralNFA", "ICPCnotRequired"}


def _value_words(element: str, value: str) -> str:
    if element in _FLAGS:
        return {"0": "no", "1": "yes", "false": "no", "true": "yes"}.get(value.lower(), value)
    label = _CODE_LABELS.get(element, {}).get(value)
    return f"{value}, {label}" if label else _words(value)


def _text(element: etree._Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "") if found is not None else ""


_MODULES = {
    "Assessments": ("the assessment started", "AssessmentActualStartDate"),
    "CINPlanDates": ("the child in need plan from", "CINPlanStartDate"),
    "Section47": ("the section 47 enquiry started", "S47ActualStartDate"),
    "ChildProtectionPlans": ("the child protection plan from", "CPPstartDate"),
}


def _where(element: etree._Element | None) -> str:
    """Where in the child's record an element of the census lives, in words."""
    if element is None:
        return ""
    chain = [element, *element.iterancestors()]
    episode = next((e for e in chain if e.tag == "CINdetails"), None)
    module = next((e for e in chain if e.tag in _MODULES), None)
    in_episode = f"the episode referred on {_words(_text(episode, 'CINreferralDate'))}"
    if module is not None:
        what, tag = _MODULES[module.tag]
        return f"{what} {_words(_text(module, tag))}, in {in_episode}"
    if episode is not None:
        return in_episode
    if any(e.tag == "Header" for e in chain):
        return "the file's header"
    return "the child's details"


class _Locator:
    """Finds the census element behind a row of the validator's report, and the child behind an LAchildID."""

    def __init__(self, census: CinCensus, document: etree._Element) -> None:
        self.rows = {table: document.findall(path) for table, path in _TABLE_PATHS.items()}
        self.people: dict[str, Person] = {}
        for child in census.children:
            self.people.setdefault(child.la_child_id, child.person)

    def element(self, table: str, row: str, column: str) -> etree._Element | None:
        try:
            module = self.rows[table][int(float(row))]
        except (KeyError, ValueError, IndexError):
            return None
        if module.tag == column:
            return module
        found = module.find(column)
        if found is None and table == "ChildProtectionPlans":
            found = module.find(f"Reviews/{column}")
        return found if found is not None else module

    def child(self, la_child_id: str) -> tuple[str, uuid.UUID | None]:
        person = self.people.get(la_child_id)
        return (person.full_name, person.uuid) if person is not None else ("", None)


def issues_from_report(
    report: dict[str, Any], census: CinCensus, document: etree._Element
) -> list[CensusIssue]:
    """The validator's report as issues: one per rule broken per child (per occurrence), with its fields."""
    locate = _Locator(census, document)
    grouped: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in report.get("child_issues", []):
        occurrence = row.get("error_id") or f"{row.get('table')}:{row.get('row')}"
        grouped.setdefault((row.get("child_id", ""), row["rule_code"], occurrence), []).append(row)
    issues = []
    for (child_id, code, _occurrence), rows in grouped.items():
        name, person_uuid = locate.child(child_id)
        fields: list[FlaggedField] = []
        for row in rows:
            column = row.get("column", "")
            element = locate.element(row.get("table", ""), row.get("row", ""), column)
            whole_module = column in _TABLE_PATHS or column.endswith("ID")  # a module, not one field
            flagged = FlaggedField(
                element=column,
                label=FIELD_LABELS.get(column, column),
                value="" if whole_module else row.get("value", ""),
                where=_where(element),
            )
            if flagged not in fields:
                fields.append(flagged)
        issues.append(
            CensusIssue(
                rule_code=code,
                message=rows[0].get("message", ""),
                la_child_id=child_id,
                child_name=name,
                person_uuid=person_uuid,
                fields=tuple(fields),
            )
        )
    for row in report.get("return_issues", []):
        issues.append(CensusIssue(rule_code=row["rule_code"], message=row.get("message", "")))
    for line in report.get("crashed_rules", []):
        issues.append(
            CensusIssue(
                rule_code="crash",
                message=f"The validator could not run a rule, so the return is not fully checked: {line}",
            )
        )
    return issues


def schema_issues(xml: bytes, census: CinCensus) -> list[CensusIssue]:
    """Where the file breaks the XSD, as issues on the child concerned (DfE COLLECT would refuse the file)."""
    errors = schema_errors(xml)
    if not errors:
        return []
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    by_line: dict[int, etree._Element] = {}
    for element in document.iter():
        by_line.setdefault(element.sourceline or 0, element)
    locate = _Locator(census, document)
    issues = []
    for error in errors:
        element = by_line.get(error.line)
        child = (
            next((a for a in element.iterancestors() if a.tag == "Child"), None)
            if element is not None
            else None
        )
        la_child_id = _text(child.find("ChildIdentifiers"), "LAchildID") if child is not None else ""
        name, person_uuid = locate.child(la_child_id)
        tag = element.tag if element is not None else ""
        issues.append(
            CensusIssue(
                rule_code=SCHEMA_RULE,
                message=f"The census file does not match the DfE schema: {error.message}",
                la_child_id=la_child_id,
                child_name=name,
                person_uuid=person_uuid,
                fields=(
                    (FlaggedField(tag, FIELD_LABELS.get(tag, tag), element.text or "", _where(element)),)
                    if element is not None
                    else ()
                ),
            )
        )
    return issues


def _order(issue: CensusIssue) -> tuple[bool, bool, str, str]:
    return (bool(issue.la_child_id), not issue.is_error, issue.la_child_id, issue.rule_code)


def validate_cin_census(*, year: int, lea: str | None = None) -> CensusValidation:
    """Build the census for the year ending 31 March `year` from the current data and check it: the XSD, then
    the DfE rules. Raises ValidatorUnavailable when the validator is not installed."""
    census = compute_cin_census(year=year, lea=lea)
    result = CensusValidation(year=year, children=len(census.children), episodes=census.episode_count)
    if not census.children:
        return result  # nothing to return this year, so nothing to check
    xml = census.to_bytes()
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    issues = schema_issues(xml, census)
    with tempfile.TemporaryDirectory(prefix="kindred-cin-census-") as folder:
        path = Path(folder) / f"cin_census_{year}.xml"
        path.write_bytes(xml)
        report = run_cin_validator(path)
    issues.extend(issues_from_report(report, census, document))
    issues.sort(key=_order)
    result.issues = issues
    result.rules_run = int(report.get("rules_run", 0))
    result.crashed_rules = list(report.get("crashed_rules", []))
    return result


def cin_census_issues(*, year: int, lea: str | None = None) -> list[CensusIssue]:
    """Every problem the XSD and the DfE rules find in this year's census, errors first."""
    return validate_cin_census(year=year, lea=lea).issues
