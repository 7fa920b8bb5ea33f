"""The audit trail, and "who has viewed this record" for managers."""

from __future__ import annotations

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.audit.models import AuditEvent
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
    return render(request, "audit/events.html", {"page": page, "action": action, "actor": actor})


@requires(Capability.SEE_RECORD_ACCESS)
@require_GET
def record_access(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    queryset = AuditEvent.objects.about(person.uuid).order_by("-seq")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "audit/record_access.html", {"person": person, "page": page})
