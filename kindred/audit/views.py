"""The audit trail, and "who has viewed this record" for managers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.audit.models import AuditEvent
from kindred.people.actions import record_person_viewed
from kindred.people.models import Person
from kindred.people.queries import get_visible_person


@requires(Capability.VIEW_AUDIT)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    queryset = AuditEvent.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        queryset = queryset.filter(action__startswith=action)
    if actor:
        queryset = queryset.filter(actor=actor)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _withhold_hidden_people(request.user, page.object_list)
    return render(request, "audit/events.html", {"page": page, "action": action, "actor": actor})


def _withhold_hidden_people(user: object, events: Iterable[AuditEvent]) -> None:
    """An event's details (the values changed, the reason given) are a read of the person it is about: shown
    only to someone who may see that person (a restricted record's details never reach anyone not named on
    it). Who did what, and when, is always shown.

    A search is about everyone it listed: its terms (a name, a date of birth, an NHS number) are shown only
    to someone who may view people and may see every person that search listed, otherwise the terms beside
    a withheld result would say who the restricted record is."""
    events = list(events)
    search_requests = {e.request_id for e in events if e.action == "person.searched"}
    listed: dict[str, set[Any]] = {}
    for request_id, person_uuid in AuditEvent.objects.filter(
        action="person.listed", request_id__in=search_requests
    ).values_list("request_id", "person_uuid"):
        listed.setdefault(request_id, set()).add(person_uuid)
    about = {e.person_uuid for e in events if e.person_uuid is not None}
    about |= {uuid for uuids in listed.values() for uuid in uuids}
    visible = set(Person.objects.visible_to(user).filter(uuid__in=about).values_list("uuid", flat=True))
    may_view_people = can(user, Capability.VIEW_PEOPLE)
    for event in events:
        if event.action == "person.searched":
            hidden = not may_view_people or not listed.get(event.request_id, set()) <= visible
        else:
            hidden = event.person_uuid is not None and event.person_uuid not in visible
        event.withheld = hidden  # type: ignore[attr-defined]


@requires(Capability.SEE_RECORD_ACCESS)
@require_GET
def record_access(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    # The page shows the person and everything recorded about them: it is itself a view of the record.
    record_person_viewed(person=person, by=request.user, purpose="Checking who has seen the record")
    queryset = AuditEvent.objects.about(person.uuid).order_by("-seq")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "audit/record_access.html", {"person": person, "page": page})
