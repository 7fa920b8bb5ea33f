"""`manage.py export_cin_census` and `manage.py validate_returns`."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework.models import Episode
from kindred.people.models import Person
from kindred.returns.cin_census import schema_errors
from kindred.returns.validation import QUERY_EXPLANATIONS
from tests import factories
from tests.returns import scenarios
from tests.returns.census_xml import parse

pytestmark = pytest.mark.django_db
# The validator is part of `make test` (the Makefile installs it): its tests fail, never skip, without it.
needs_validator = pytest.mark.validator


@pytest.fixture
def staff() -> scenarios.Team:
    return scenarios.team()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_writes_a_valid_census_summarises_it_and_audits_it(
    staff: scenarios.Team, tmp_path: Path
) -> None:
    journeys = scenarios.all_journeys(staff)
    analyst = factories.user(Role.ANALYST, username="analyst")
    out = tmp_path / "returns" / "cin_2026.xml"

    printed = run("export_cin_census", "--year", "2026", "--out", str(out), "--by", "analyst")

    assert printed.strip() == (
        f"CIN census 2025-26 (1 April 2025 to 31 March 2026): 6 children, 7 episodes -> {out} "
        "(LA 330, serial 001, valid against the XSD)"
    )
    xml = out.read_bytes()
    assert schema_errors(xml) == []
    assert len(parse(xml).findall("Children/Child")) == 6
    event = AuditEvent.objects.get(action="cin_census.exported")
    assert (event.actor, event.reason) == ("analyst", "CIN census 2025-26")
    assert event.changes["year"] == 2026
    assert (event.changes["children"], event.changes["episodes"], event.changes["serial_no"]) == (6, 7, 1)
    exported = set(AuditEvent.objects.filter(action="person.exported").values_list("person_uuid", flat=True))
    assert exported == {journey.person.uuid for journey in journeys.values()}
    assert analyst.pk == event.actor_id


def test_export_numbers_each_years_files_and_runs_as_the_system(
    staff: scenarios.Team, tmp_path: Path
) -> None:
    scenarios.child_in_need(staff)
    run("export_cin_census", "--year", "2026", "--out", str(tmp_path / "a.xml"))
    printed = run("export_cin_census", "--year", "2026", "--out", str(tmp_path / "b.xml"))
    assert "serial 002" in printed
    assert parse((tmp_path / "b.xml").read_bytes()).findtext("Header/Source/SerialNo") == "002"
    assert list(AuditEvent.objects.filter(action="cin_census.exported").values_list("actor", flat=True)) == [
        "",
        "",
    ]  # the system


def test_export_refuses_a_census_that_breaks_the_schema_and_writes_nothing(
    staff: scenarios.Team, tmp_path: Path
) -> None:
    journey = scenarios.child_in_need(staff)
    Person.objects.filter(pk=journey.person.pk).update(ethnicity="XXXX")
    out = tmp_path / "cin.xml"
    with pytest.raises(CommandError, match="does not match the DfE schema") as raised:
        run("export_cin_census", "--year", "2026", "--out", str(out))
    assert "validate_returns --year 2026" in str(raised.value)
    assert not out.exists()
    assert not AuditEvent.objects.filter(action="cin_census.exported").exists()


def test_export_with_no_children_in_the_year_says_so(tmp_path: Path) -> None:
    factories.trust()
    with pytest.raises(CommandError, match="nothing to export"):
        run("export_cin_census", "--year", "2020", "--out", str(tmp_path / "cin.xml"))


def test_export_refuses_an_unknown_user_and_a_bad_year(staff: scenarios.Team, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no active user called 'nobody'"):
        run("export_cin_census", "--year", "2026", "--out", str(tmp_path / "x.xml"), "--by", "nobody")
    with pytest.raises(CommandError, match="year like 2026"):
        run("export_cin_census", "--year", "26th", "--out", str(tmp_path / "x.xml"))


@needs_validator
def test_validate_returns_with_no_errors_lists_the_queries_and_succeeds(staff: scenarios.Team) -> None:
    scenarios.all_journeys(staff)
    printed = run("validate_returns", "--year", "2026")
    assert printed.startswith(
        "CIN census 2025-26 (1 April 2025 to 31 March 2026): 6 children, 7 episodes, checked against 109 DfE "
        "rules (cin2025_26)."
    )
    assert "QUERY: The whole return, rule 2887Q" in printed
    assert (
        "0 errors (must be fixed before the census is submitted), 1 query (fix, or explain to the DfE)."
        in printed
    )
    # Each query is explained: why Kindred's data raises it, and what to tell the DfE.
    assert printed.rstrip().endswith(f"  2887Q (1): {QUERY_EXPLANATIONS['2887Q']}")
    event = AuditEvent.objects.get(action="cin_census.validated")
    assert (event.changes["errors"], event.changes["queries"]) == (0, 1)


@needs_validator
def test_validate_returns_lists_each_error_and_fails(staff: scenarios.Team) -> None:
    journey = scenarios.child_in_need(staff)
    Episode.objects.filter(pk=journey.episodes[0].pk).update(primary_need="")
    out = StringIO()
    with pytest.raises(CommandError, match="The CIN census has 1 error"):
        call_command("validate_returns", "--year", "2026", stdout=out)
    printed = out.getvalue()
    assert "ERROR: Maya Sharma (LA child ID " in printed
    assert "rule 8610" in printed
    assert "  Primary Need code is missing for a referral which led to further action." in printed
    assert "    - Primary need: not recorded (the episode referred on 1 September 2025)" in printed


@needs_validator
def test_validate_returns_exit_status_is_1_on_errors(staff: scenarios.Team) -> None:
    journey = scenarios.child_in_need(staff)
    Episode.objects.filter(pk=journey.episodes[0].pk).update(primary_need="")
    with pytest.raises(SystemExit) as exited:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "validate_returns", "--year", "2026"])
    assert exited.value.code == 1
