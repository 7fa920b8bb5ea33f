from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from kindred.access.roles import Capability, can


def kindred(request: HttpRequest) -> dict[str, Any]:
    """The navigation a user's role gives them."""
    user = request.user
    if not user.is_authenticated:
        return {}
    items = [("Home", reverse("ui:home"))]
    if can(user, Capability.RECORD_CASEWORK):
        items.append(("My work", reverse("workforce:my_work")))
    if can(user, Capability.MANAGE_CASEWORK):
        items.append(("Team board", reverse("workforce:team_board")))
    if can(user, Capability.WORK_FRONT_DOOR):
        items.append(("Front door", reverse("frontdoor:queue")))
    if can(user, Capability.SUBMIT_REFERRALS):
        items.append(("Referrals", reverse("referrals:list")))
    if can(user, Capability.VIEW_PEOPLE):
        items.append(("Find a person", reverse("people:search")))
    if can(user, Capability.VIEW_ORGANISATION):
        items.append(("Teams", reverse("organisation:overview")))
    if can(user, Capability.VIEW_ORGANISATION):
        items.append(("Timescales", reverse("timescales:catalogue")))
    if can(user, Capability.VIEW_AUDIT):
        items.append(("Audit trail", reverse("audit:events")))
    path = request.path
    return {
        "nav_items": [
            {"text": text, "href": href, "current": path == href or (href != "/" and path.startswith(href))}
            for text, href in items
        ]
    }
