"""My work and the team board. Every child listed is a record exposed, so each page records one audit
event per child (RELIABILITY.md check 22), in one insert."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.audit import log
from kindred.organisation.models import Team, User
from kindred.workforce import queries


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


def _seen(action: str, workload: queries.Workload) -> list[log.EventSpec]:
    return [log.EventSpec(action, None, row.person) for group in workload.groups for row in group.children]


@requires(Capability.RECORD_CASEWORK)
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    workload = queries.my_work(request.user)
    log.record_many(_seen("my_work.viewed", workload), by=request.user)
    incoming = queries.incoming_transfers(request.user)
    return render(request, "workforce/my_work.html", {"workload": workload, "incoming": incoming})


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
    worker = None
    if request.GET.get("worker"):
        # One worker's due work, for supervision: only a worker in this team (anything else is not a page).
        worker = get_object_or_404(User, uuid=_uuid(request.GET["worker"]), team=team, is_active=True)
    board = queries.team_board(request.user, team, everything=request.GET.get("due") == "all", worker=worker)
    # One write for every child the board shows: the due work's, the unallocated and the moving cases'.
    seen = _seen("team_board.viewed", board.workload)
    listed = {spec.person.pk for spec in seen}
    for episode in board.unallocated + [t.episode for t in board.incoming + board.outgoing + board.declined]:
        if episode.person_id not in listed:  # a child is listed once in the audit, however often shown
            listed.add(episode.person_id)
            seen.append(log.EventSpec("team_board.viewed", episode, episode.person))
    log.record_many(seen, by=request.user)
    return render(request, "workforce/team_board.html", {"teams": teams, "board": board})
