"""The DfE rules on the census: the real validator (a subprocess in its own virtualenv) finds no errors in the
scenarios, and its findings come back naming the child and the field in practitioner words."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindred.casework.models import Episode
from kindred.people.models import Person
from kindred.returns.cin_census import compute_cin_census
from kindred.returns.validation import (
    CensusIssue,
    FlaggedField,
    ValidatorUnavailable,
    issues_from_report,
    run_cin_validator,
    schema_issues,
    validate_cin_census,
)
from tests import factories
from tests.returns import scenarios
from tests.returns.census_xml import parse

pytestmark = pytest.mark.django_db
# The validator is part of `make test` (the Makefile installs it): its tests fail, never skip, without it.
needs_validator = pytest.mark.validator


@pytest.fixture
def staff() -> scenarios.Team:
    return scenarios.team()


@needs_validator
def test_dfe_validator_finds_no_errors_in_the_scenarios(staff: scenarios.Team) -> None:
    scenarios.all_journeys(staff)
    result = validate_cin_census(year=2026)
    assert (result.children, result.episodes) == (6, 7)
    assert result.rules_run == 109
    assert result.crashed_rules == []
    assert result.errors == []
    # 2887Q is a return-level query the validator (0.1.13) raises unless more than seven children are recorded
    # with NONE: its check keeps the NONE rows instead of dropping them. The scenarios use 11 codes.
    assert [issue.rule_code for issue in result.queries] == ["2887Q"]
    assert result.queries[0].describe().startswith("QUERY: The whole return, rule 2887Q")


@needs_validator
def test_dfe_validator_problem_names_the_child_and_the_field_to_fix(staff: scenarios.Team) -> None:
    journey = scenarios.child_in_need(staff)
    # A referral that went on to an assessment needs a primary need (rule 8610).
    Episode.objects.filter(pk=journey.episodes[0].pk).update(primary_need="")
    result = validate_cin_census(year=2026)
    [issue] = [i for i in result.issues if i.rule_code == "8610"]
    assert issue.is_error and issue.severity == "error"
    assert issue.child_name == "Maya Sharma"
    assert issue.person_uuid == journey.person.uuid
    assert issue.la_child_id == compute_cin_census(year=2026).children[0].la_child_id
    assert (
        FlaggedField(
            element="PrimaryNeedCode",
            label="Primary need",
            value="",
            where="the episode referred on 1 September 2025",
        )
        in issue.fields
    )
    text = issue.describe()
    assert text.startswith(f"ERROR: Maya Sharma (LA child ID {issue.la_child_id}), rule 8610")
    assert "Primary need: not recorded (the episode referred on 1 September 2025)" in text


@needs_validator
def test_run_cin_validator_reports_return_level_issues(staff: scenarios.Team, tmp_path: Path) -> None:
    scenarios.child_in_need(staff)
    wrong_date = compute_cin_census(year=2026).to_bytes().replace(b"2026-03-31", b"2026-03-30")
    path = tmp_path / "cin.xml"
    path.write_bytes(wrong_date)
    report = run_cin_validator(path)
    assert report["ruleset"] == "cin2025_26"
    assert {"rule_code": "100", "rule_type": "Error", "message": "Reference Date is incorrect"} in report[
        "return_issues"
    ]


def test_validator_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KINDRED_CIN_VALIDATOR_PYTHON", "/nonexistent/python")
    with pytest.raises(ValidatorUnavailable, match="make validator"):
        run_cin_validator(tmp_path / "census.xml")


def test_report_becomes_one_issue_per_rule_and_occurrence_in_practitioner_words(
    staff: scenarios.Team,
) -> None:
    journey = scenarios.child_protection_plan(staff)
    census = compute_cin_census(year=2026)
    child_id = census.children[0].la_child_id
    report = {
        "child_issues": [
            {
                "child_id": child_id,
                "rule_code": "1105",
                "message": "The child protection plan start date cannot be before the referral date",
                "table": "ChildProtectionPlans",
                "column": "CPPstartDate",
                "row": "0",
                "error_id": f"('{child_id}', '2025-05-06', '2025-04-14')",
                "value": "2025-05-06",
            },
            {
                "child_id": child_id,
                "rule_code": "1105",
                "message": "The child protection plan start date cannot be before the referral date",
                "table": "CINdetails",
                "column": "CINreferralDate",
                "row": "0",
                "error_id": f"('{child_id}', '2025-05-06', '2025-04-14')",
                "value": "2025-04-14",
            },
            {
                "child_id": child_id,
                "rule_code": "8870Q",
                "message": "The Target Date for Initial Child Protection Conference should not be a weekend",
                "table": "Section47",
                "column": "InitialCPCtarget",
                "row": "0",
                "error_id": "",
                "value": "2025-05-09",
            },
        ],
        "return_issues": [{"rule_code": "2883", "message": "More plans than conferences"}],
        "crashed_rules": [],
    }
    issues = issues_from_report(report, census, parse(census.to_bytes()))
    assert [(i.rule_code, i.severity) for i in issues] == [
        ("1105", "error"),
        ("8870Q", "query"),
        ("2883", "error"),
    ]
    plan_issue = issues[0]
    assert (plan_issue.child_name, plan_issue.person_uuid) == ("Leo Hussain", journey.person.uuid)
    assert plan_issue.fields == (
        FlaggedField(
            "CPPstartDate",
            "Date the child protection plan started",
            "2025-05-06",
            "the child protection plan from 6 May 2025, in the episode referred on 14 April 2025",
        ),
        FlaggedField(
            "CINreferralDate", "Referral date", "2025-04-14", "the episode referred on 14 April 2025"
        ),
    )
    assert issues[1].fields[0].where == (
        "the section 47 enquiry started 15 April 2025, in the episode referred on 14 April 2025"
    )
    assert issues[2] == CensusIssue(rule_code="2883", message="More plans than conferences")
    assert issues[2].who == "The whole return"


def test_schema_problem_is_an_error_on_the_child(staff: scenarios.Team) -> None:
    journey = scenarios.child_in_need(staff)
    Person.objects.filter(pk=journey.person.pk).update(ethnicity="XXXX")
    census = compute_cin_census(year=2026)
    [issue] = schema_issues(census.to_bytes(), census)
    assert issue.rule_code == "XSD" and issue.is_error
    assert issue.child_name == "Maya Sharma"
    assert issue.fields[0].label == "Ethnicity"
    assert issue.fields[0].value == "XXXX"
    assert issue.describe().startswith("ERROR: Maya Sharma (LA child ID ")
    assert "the census file's format" in issue.describe()


def test_no_children_in_the_year_means_nothing_to_check() -> None:
    factories.trust()
    result = validate_cin_census(year=2020)
    assert (result.children, result.episodes, result.issues) == (0, 0, [])


def test_flagged_field_says_codes_flags_and_dates_in_words() -> None:
    where = "the episode referred on 1 September 2025"
    assert FlaggedField("PrimaryNeedCode", "Primary need", "N3", where).describe() == (
        "Primary need: N3, Parental disability or illness (the episode referred on 1 September 2025)"
    )
    assert FlaggedField(
        "ReferralNFA", "Whether the referral led to no further action", "0", ""
    ).describe() == ("Whether the referral led to no further action: no")
    assert FlaggedField("CINreferralDate", "Referral date", "2025-09-01", "").describe() == (
        "Referral date: 1 September 2025"
    )
    assert FlaggedField("PrimaryNeedCode", "Primary need", "", where).describe() == (
        "Primary need: not recorded (the episode referred on 1 September 2025)"
    )
