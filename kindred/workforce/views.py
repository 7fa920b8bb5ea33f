"""My work and the team board. Every child listed is a record exposed, so each page records one audit
event per child (RELIABILITY.md check 22), in one insert."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.audit import log
from kindred.organisation.models import Team
from kindred.workforce import queries


def _record_seen(request: HttpRequest, action: str, workload: queries.Workload) -> None:
    log.record_many(
        [log.EventSpec(action, None, row.person) for group in workload.groups for row in group.children],
        by=request.user,
    )


@requires(Capability.RECORD_CASEWORK)
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    workload = queries.my_work(request.user)
    _record_seen(request, "my_work.viewed", workload)
    return render(request, "workforce/my_work.html", {"workload": workload})


@requires(Capability.MANAGE_CASEWORK)
@require_GET
def team_board(request: HttpRequest) -> HttpResponse:
    teams = Team.objects.exclude(kind__in=[Team.Kind.PERFORMANCE, Team.Kind.SYSTEMS]).order_by("name")
    chosen = request.GET.get("team", "")
    team = None
    if chosen:
        team = next((t for t in teams if str(t.uuid) == chosen), None)
        if team is None:
            raise Http404
    else:
        team = next((t for t in teams if t.pk == request.user.team_id), None)  # type: ignore[union-attr]
    if team is None:
        return render(request, "workforce/team_board.html", {"teams": teams, "board": None})
    board = queries.team_board(request.user, team, everything=request.GET.get("due") == "all")
    _record_seen(request, "team_board.viewed", board.workload)
    log.record_many(
        [log.EventSpec("team_board.viewed", episode, episode.person) for episode in board.unallocated],
        by=request.user,
    )
    return render(request, "workforce/team_board.html", {"teams": teams, "board": board})
