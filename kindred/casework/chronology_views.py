"""The child's chronology: on screen (filterable by kind and dates), print-friendly, and as a CSV download.
Every way of reading it is audited: a view, a print or an export of the child's record."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person
from kindred.audit import log
from kindred.casework.chronology import KINDS, Entry, Filters, chronology
from kindred.casework.note_forms import ChronologyFilterForm
from kindred.people.actions import record_person_viewed
from kindred.people.models import Person
from kindred.people.queries import get_visible_person

FILTER_KEYS = ("kind", "start_0", "start_1", "start_2", "end_0", "end_1", "end_2", "order")
CSV_COLUMNS = (
    "Date",
    "Time",
    "Kind",
    "Title",
    "What happened",
    "Analysis",
    "Recorded by",
    "Also about",
    "Link",
)
# A spreadsheet runs a cell that starts with one of these as a formula: such cells are exported as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _filters(request: HttpRequest) -> tuple[ChronologyFilterForm, Filters]:
    choices = list(KINDS.items())
    if not any(key in request.GET for key in FILTER_KEYS):
        return ChronologyFilterForm(kinds=choices, initial={"order": "oldest"}), Filters()
    form = ChronologyFilterForm(request.GET, kinds=choices)
    if not form.is_valid():
        return form, Filters()
    data = form.cleaned_data
    filters = Filters(
        kinds=frozenset(data["kind"]),
        start=data["start"],
        end=data["end"],
        newest_first=data["order"] == "newest",
    )
    return form, filters


def _query(request: HttpRequest, **extra: str) -> str:
    """The filters as they are, for the download and print links."""
    pairs = [(key, value) for key in FILTER_KEYS for value in request.GET.getlist(key)]
    pairs += list(extra.items())
    return urlencode(pairs)


def _filters_described(filters: Filters) -> dict[str, Any]:
    return {
        "kinds": sorted(filters.kinds),
        "from": filters.start.isoformat() if filters.start else None,
        "to": filters.end.isoformat() if filters.end else None,
    }


@requires(Capability.VIEW_PEOPLE)
@require_GET
def chronology_page(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    form, filters = _filters(request)
    if request.GET.get("format") == "csv":
        return _csv(request, person, filters)
    entries = chronology(person, request.user, filters)
    printing = request.GET.get("print") == "1"
    if printing:
        log.record(
            "person.printed",
            by=request.user,
            target=person,
            person=person,
            changes={"entries": [None, len(entries)], "filters": [None, _filters_described(filters)]},
            reason="Chronology",
        )
    else:
        record_person_viewed(person=person, by=request.user, purpose="Chronology")
    context = {
        "person": person,
        "entries": entries,
        "form": form,
        "filtered": bool(filters.kinds or filters.start or filters.end),
        "printing": printing,
        "printed_at": timezone.localtime(),
        "csv_query": _query(request),
        "print_query": _query(request, print="1"),
        "can_write": can_edit_person(request.user, person),
        "links_to_contacts": can(request.user, Capability.WORK_FRONT_DOOR),
    }
    return render(request, "casework/chronology.html", context)


@requires(Capability.VIEW_PEOPLE)
@require_GET
def chronology_csv(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    _form, filters = _filters(request)
    return _csv(request, person, filters)


def _cell(value: str) -> str:
    value = value or ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(request: HttpRequest, entry: Entry) -> list[str]:
    return [
        entry.on.isoformat(),
        f"{entry.at:%H:%M}" if entry.at else "",
        entry.kind_label,
        _cell(entry.title),
        _cell(entry.fact),
        _cell(entry.analysis),
        _cell(entry.recorded_by),
        _cell(", ".join(entry.also_about)),
        request.build_absolute_uri(entry.href) if entry.href else "",
    ]


def _csv(request: HttpRequest, person: Person, filters: Filters) -> HttpResponse:
    """The chronology as a spreadsheet, audited as an export of the child's record."""
    entries = chronology(person, request.user, filters)
    log.record(
        "person.exported",
        by=request.user,
        target=person,
        person=person,
        changes={
            "format": [None, "csv"],
            "entries": [None, len(entries)],
            "filters": [None, _filters_described(filters)],
        },
        reason="Chronology",
    )
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The file name says what it is without naming the child (downloads folders are not private).
    name = f"chronology-{str(person.uuid)[:8]}-{today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(_row(request, entry))
    return response
