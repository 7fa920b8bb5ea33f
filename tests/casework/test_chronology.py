"""The child's chronology: derived from what was recorded, fact kept apart from analysis, filtered by kind and
dates, printable, downloadable as CSV (audited as an export), scoped to what the reader may see, and as cheap
in queries for a long history as for a short one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework import notes
from kindred.casework.chronology import Filters, chronology
from kindred.casework.models import (
    Assessment,
    AssessmentFactor,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedReview,
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Episode,
    Section47,
    StrategyDiscussion,
    Visit,
)
from kindred.frontdoor import actions as frontdoor_actions
from kindred.organisation.models import User
from kindred.people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
ClientFor = Callable[[User], Client]


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER, username="worker", first_name="Daniel", last_name="Osei")


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="manager", first_name="Rachel", last_name="Whitmore")


@pytest.fixture
def front_door() -> User:
    return factories.user(Role.FRONT_DOOR, username="fd", first_name="Priya", last_name="Sandhu")


def _child(by: User, first_name: str = "Amara", **fields: object) -> Person:
    return factories.person(by=by, first_name=first_name, last_name="Okafor", **fields)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=LONDON)


def _contact(child: Person, front_door: User, manager: User, day: dt.date, concern: str) -> None:
    """A contact about the child, found, decided (referral) and signed off, through the front-door actions."""
    contact = factories.contact(
        by=front_door, children=[{"first_name": child.first_name}], concern=concern, received_at=_at(day, 9)
    )
    frontdoor_actions.link_child(child=contact.children.get(), person=child, by=front_door, at=_at(day, 9))
    contact.refresh_from_db()
    frontdoor_actions.decide_contact(
        contact=contact,
        version=contact.version,
        level=3,
        outcome="referral",
        rationale="Repeated concerns about neglect; an assessment is needed.",
        primary_need="N1",
        feedback="Referred for an assessment.",
        by=front_door,
        decided_at=_at(day, 11),
        late_reason="Waiting for the school",
    )


def _casework(child: Person, by: User, manager: User, n: int, start: dt.date) -> Episode:
    """n of each kind of casework record on one episode. Made directly: these tests are about reading them
    (the casework actions have their own tests)."""
    episode = Episode.objects.create(
        person=child, referral_date=start, referral_source="2A", primary_need="N1", created_by=manager
    )
    for i in range(n):
        day = start + dt.timedelta(days=7 * i + 1)
        assessment = Assessment.objects.create(
            episode=episode,
            start_date=day,
            due_date=day + dt.timedelta(days=60),
            status=Assessment.Status.AUTHORISED,
            child_views="I like my school",
            analysis=f"Assessment analysis {i}",
            outcome=Assessment.Outcome.CIN_PLAN,
            authorised_date=day + dt.timedelta(days=2),
            authorised_by=manager,
            started_by=by,
        )
        AssessmentFactor.objects.bulk_create(
            [AssessmentFactor(assessment=assessment, code=code) for code in ("16A", "4B")]
        )
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            held_on=day,
            attendees="DS Khan, Dr Patel",
            agencies=["social_care", "police", "health"],
            decision=StrategyDiscussion.Decision.SECTION_47,
            reasons=f"Strategy reasons {i}",
            recorded_by=by,
        )
        Section47.objects.create(
            episode=episode,
            strategy_discussion=discussion,
            start_date=day,
            icpc_target=day + dt.timedelta(days=21),
            outcome=Section47.Outcome.ICPC,
            outcome_reasons=f"Section 47 reasons {i}",
            completed_date=day + dt.timedelta(days=3),
            started_by=by,
        )
        plan = ChildProtectionPlan.objects.create(
            episode=episode,
            start_date=day,
            initial_category="NEG",
            latest_category="NEG",
            end_date=day + dt.timedelta(days=5),
            end_reason=ChildProtectionPlan.EndReason.NO_LONGER_AT_RISK,
        )
        Conference.objects.create(
            episode=episode,
            kind=Conference.Kind.REVIEW,
            plan=plan,
            held_on=day,
            chair="Grace Adeyemi",
            decision=Conference.Decision.CONTINUE,
            reasons=f"Conference reasons {i}",
            recorded_by=by,
        )
        CoreGroup.objects.create(plan=plan, held_on=day, summary=f"Core group summary {i}", recorded_by=by)
        cin = ChildInNeedPlan.objects.create(
            episode=episode, start_date=day, end_date=day + dt.timedelta(days=6)
        )
        ChildInNeedReview.objects.create(plan=cin, held_on=day, summary=f"Review summary {i}", recorded_by=by)
        Visit.objects.create(
            episode=episode,
            visited_at=_at(day, 15),
            seen=True,
            seen_alone=True,
            bedroom_seen=False,
            observations=f"Visit observations {i}",
            analysis=f"Visit analysis {i}",
            visited_by=by,
        )
        note = notes.start_note(
            person=child,
            by=by,
            occurred_at=_at(day, 16),
            title=f"Significant note {i}",
            text=f"Note fact {i}",
            analysis=f"Note analysis {i}",
            significant=True,
        )
        notes.record_note(note=note, version=note.version, by=by)
    return episode


def _page(person: Person, **query: object) -> str:
    return reverse("casework_notes:chronology", args=[person.uuid]) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


# --- what it shows ------------------------------------------------------------------------------------------


def test_chronology_lists_every_kind_of_record_in_date_order_with_the_fact_apart_from_the_analysis(
    worker: User, manager: User, front_door: User, client_for: ClientFor
) -> None:
    child = _child(worker)
    _contact(child, front_door, manager, dt.date(2025, 1, 2), "Amara arrived at school hungry again.")
    _casework(child, worker, manager, 1, dt.date(2025, 1, 6))
    Episode.objects.filter(person=child).update(closure_date=dt.date(2025, 3, 1), closure_reason="RC7")
    direction = notes.start_note(
        person=child,
        by=manager,
        kind=CaseNote.Kind.MANAGEMENT_DIRECTION,
        occurred_at=_at(dt.date(2025, 1, 20)),
        text="Visit weekly; review at supervision.",
    )
    notes.record_note(note=direction, version=direction.version, by=manager)

    entries = chronology(child, worker)
    kinds = [e.kind for e in entries]
    assert kinds[:2] == ["contact", "decision"]
    assert set(kinds) == {
        "contact",
        "decision",
        "referral",
        "assessment",
        "strategy",
        "section47",
        "conference",
        "cp_plan",
        "core_group",
        "cin_plan",
        "cin_review",
        "visit",
        "case_note",
        "management_direction",
        "closure",
    }
    assert [e.sort_key for e in entries] == sorted(e.sort_key for e in entries)
    assert kinds[-1] == "closure"
    visit = next(e for e in entries if e.kind == "visit")
    assert visit.title == "Visit: child seen alone" and visit.at == dt.time(15, 0)
    assert "Bedroom seen: no." in visit.fact and "Visit observations 0" in visit.fact
    assert visit.analysis == "Visit analysis 0" and "analysis" not in visit.fact
    decision = next(e for e in entries if e.kind == "decision")
    assert decision.analysis.startswith("Repeated concerns") and decision.recorded_by == "Priya Sandhu"
    assert "Waiting for a manager to sign it off." in decision.fact
    authorised = next(e for e in entries if e.title == "Child and family assessment authorised")
    assert "Neglect" in authorised.fact and authorised.analysis == "Assessment analysis 0"
    assert authorised.recorded_by == "Rachel Whitmore"

    html = client_for(worker).get(_page(child)).content.decode()
    assert "Amara arrived at school hungry again." in html
    assert "Visit observations 0" in html and "Analysis:" in html
    assert "Visit weekly; review at supervision." in html


def test_chronology_shows_significant_notes_and_management_direction_not_everyday_notes(
    worker: User,
) -> None:
    child = _child(worker)
    for title, significant in (("Everyday", False), ("Disclosure", True)):
        note = notes.start_note(person=child, by=worker, title=title, text="Words", significant=significant)
        notes.record_note(note=note, version=note.version, by=worker)
    notes.start_note(person=child, by=worker, title="Unfinished", text="Draft words", significant=True)
    assert [e.title for e in chronology(child, worker)] == ["Disclosure"]


def test_a_note_for_two_siblings_is_on_both_chronologies(worker: User, client_for: ClientFor) -> None:
    amara = _child(worker)
    kwame = _child(worker, "Kwame", sex="M")
    note = notes.start_note(
        person=amara,
        by=worker,
        subjects=[amara, kwame],
        title="Both seen",
        text="Seen together",
        significant=True,
    )
    notes.record_note(note=note, version=note.version, by=worker)
    for child, other in ((amara, "Kwame Okafor"), (kwame, "Amara Okafor")):
        [entry] = chronology(child, worker)
        assert entry.title == "Both seen" and entry.also_about == (other,)
        assert entry.href == reverse("casework_notes:detail", args=[note.uuid])
        assert f"Also about {other}" in client_for(worker).get(_page(child)).content.decode()


def test_chronology_leaves_out_what_involves_a_child_hidden_from_the_reader(
    worker: User, manager: User, front_door: User
) -> None:
    amara = _child(worker)
    hidden = factories.person(by=worker, restricted=True, first_name="Zephyrine", last_name="Quillfeather")
    # A contact about both children, and a note about both: the worker is named on the restricted record.
    contact = factories.contact(
        by=front_door,
        children=[{"first_name": "Amara"}, {"first_name": "Zephyrine"}],
        concern="Both children were left alone overnight.",
    )
    rows = list(contact.children.order_by("position"))
    frontdoor_actions.link_child(child=rows[0], person=amara, by=front_door)
    frontdoor_actions.link_child(child=rows[1], person=hidden, by=worker)
    note = notes.start_note(
        person=amara, by=worker, subjects=[amara, hidden], text="Both seen", significant=True
    )
    notes.record_note(note=note, version=note.version, by=worker)
    assert {e.kind for e in chronology(amara, worker)} == {"contact", "case_note"}
    assert chronology(amara, front_door) == []
    assert chronology(amara, factories.user(Role.SOCIAL_WORKER)) == []


def test_contacts_link_to_the_front_door_only_for_those_who_work_there(
    worker: User, manager: User, front_door: User
) -> None:
    child = _child(worker)
    _contact(child, front_door, manager, dt.date(2025, 1, 2), "Concern")
    family_help = factories.user(Role.FAMILY_HELP)  # sees the child's record, not the front door
    assert [e.href for e in chronology(child, family_help) if e.kind == "contact"] == [""]
    assert all(
        e.href.startswith("/front-door/") for e in chronology(child, front_door) if e.kind == "contact"
    )


# --- filters ------------------------------------------------------------------------------------------------


def test_chronology_filters_by_kind_and_date_range(
    worker: User, manager: User, client_for: ClientFor
) -> None:
    child = _child(worker)
    _casework(child, worker, manager, 3, dt.date(2025, 1, 6))  # days 7, 14 and 21 January
    assert {e.kind for e in chronology(child, worker, Filters(kinds=frozenset({"visit"})))} == {"visit"}
    window = chronology(
        child,
        worker,
        Filters(
            kinds=frozenset({"visit", "case_note"}), start=dt.date(2025, 1, 10), end=dt.date(2025, 1, 20)
        ),
    )
    assert [(e.kind, e.on) for e in window] == [
        ("visit", dt.date(2025, 1, 14)),
        ("case_note", dt.date(2025, 1, 14)),
    ]
    newest = chronology(child, worker, Filters(kinds=frozenset({"visit"}), newest_first=True))
    assert [e.on.day for e in newest] == [21, 14, 7]

    client = client_for(worker)
    html = client.get(
        _page(child, kind="visit", start_0=10, start_1=1, start_2=2025, end_0=20, end_1=1, end_2=2025)
    ).content.decode()
    assert "Visit observations 1" in html
    assert "Visit observations 0" not in html and "Visit observations 2" not in html
    assert "Note fact 1" not in html
    assert "1 entry match the filters" in html


def test_chronology_filter_mistakes_show_the_error_summary(worker: User, client_for: ClientFor) -> None:
    child = _child(worker)
    html = (
        client_for(worker)
        .get(_page(child, kind="gossip", start_0=20, start_1=1, start_2=2025, end_0=10, end_1=1, end_2=2025))
        .content.decode()
    )
    assert "There is a problem" in html
    assert "Select the kinds of entry from the list" in html
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in html


# --- cost ---------------------------------------------------------------------------------------------------


def test_chronology_query_count_is_the_same_for_2_and_20_entries_of_each_kind(
    worker: User, manager: User, front_door: User, client_for: ClientFor
) -> None:
    counts = {}
    for n in (2, 20):
        child = _child(worker, f"Child{'x' * n}")
        for i in range(n):
            _contact(child, front_door, manager, dt.date(2024, 1, 1) + dt.timedelta(days=i), f"Concern {i}")
        _casework(child, worker, manager, n, dt.date(2025, 1, 6))
        assert len(chronology(child, front_door)) == 16 * n + 1  # 16 entries for each n, and the referral
        connection.queries_log.clear()  # the capture counts within a log of at most 9,000 queries
        with CaptureQueriesContext(connection) as function_queries:
            chronology(child, front_door)
        client = client_for(front_door)
        client.get(_page(child))  # the session and the user are loaded once, as on any later page
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as page_queries:
            response = client.get(_page(child))
        assert response.status_code == 200
        counts[n] = (len(function_queries), len(page_queries))
    assert counts[2] == counts[20], counts


# --- print and export ---------------------------------------------------------------------------------------


def test_chronology_csv_download_is_audited_as_an_export(worker: User, client_for: ClientFor) -> None:
    child = _child(worker)
    note = notes.start_note(
        person=child, by=worker, title='=HYPERLINK("http://x")', text="Disclosed at school", significant=True
    )
    notes.record_note(note=note, version=note.version, by=worker, analysis="Consistent with earlier accounts")
    client = client_for(worker)
    for url in (
        reverse("casework_notes:chronology_csv", args=[child.uuid]),
        _page(child, format="csv"),
    ):
        before = AuditEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith('attachment; filename="chronology-')
        assert "Okafor" not in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:7] == ["Date", "Time", "Kind", "Title", "What happened", "Analysis", "Recorded by"]
        assert rows[1][2:7] == [
            "Case note",
            '\'=HYPERLINK("http://x")',  # a formula is exported as text
            "Disclosed at school",
            "Consistent with earlier accounts",
            "Daniel Osei",
        ]
        [event] = AuditEvent.objects.filter(seq__gt=before)
        assert (event.action, event.person_uuid, event.reason) == (
            "person.exported",
            child.uuid,
            "Chronology",
        )
        assert event.changes["format"] == [None, "csv"] and event.changes["entries"] == [None, 1]


def test_print_friendly_chronology_is_audited_as_printed(worker: User, client_for: ClientFor) -> None:
    child = _child(worker)
    before = AuditEvent.objects.count()
    html = client_for(worker).get(_page(child, print=1)).content.decode()
    assert "OFFICIAL-SENSITIVE" in html and "casework/chronology.css" in html
    [event] = AuditEvent.objects.filter(seq__gt=before)
    assert event.action == "person.printed" and event.person_uuid == child.uuid


def test_opening_the_chronology_is_one_audited_view(worker: User, client_for: ClientFor) -> None:
    child = _child(worker)
    before = AuditEvent.objects.count()
    assert client_for(worker).get(_page(child)).status_code == 200
    [event] = AuditEvent.objects.filter(seq__gt=before)
    assert (event.action, event.reason) == ("person.viewed", "Chronology")


# --- who may see it -----------------------------------------------------------------------------------------


def test_chronology_is_404_for_a_child_the_reader_may_not_see_and_403_for_the_council(
    worker: User, client_for: ClientFor
) -> None:
    hidden = factories.person(by=worker, restricted=True, first_name="Zephyrine", last_name="Quillfeather")
    other = client_for(factories.user(Role.SOCIAL_WORKER))
    assert other.get(_page(hidden)).status_code == 404
    assert other.get(reverse("casework_notes:chronology", args=[uuid.uuid4()])).status_code == 404
    assert other.get(reverse("casework_notes:chronology_csv", args=[hidden.uuid])).status_code == 404
    commissioner = client_for(factories.user(Role.COMMISSIONER))
    assert commissioner.get(_page(_child(worker))).status_code == 403


def test_person_page_links_to_the_notes_and_the_chronology(worker: User, client_for: ClientFor) -> None:
    child = _child(worker)
    html = client_for(worker).get(reverse("people:detail", args=[child.uuid])).content.decode()
    assert reverse("casework_notes:list", args=[child.uuid]) in html
    assert reverse("casework_notes:chronology", args=[child.uuid]) in html
