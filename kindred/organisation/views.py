"""The trust's organisation as managers and administrators see it: service areas, teams, workers, partners."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.organisation.models import PartnerOrganisation, Team, Trust, User


@requires(Capability.VIEW_ORGANISATION)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    # Three queries whatever the size of the trust: teams, staff, partners.
    teams = list(
        Team.objects.select_related("service_area", "locality").order_by("service_area__name", "name")
    )
    staff = User.objects.filter(team__isnull=False).order_by("team_id", "last_name", "first_name")
    by_team = {team_id: list(users) for team_id, users in groupby(staff, key=lambda u: u.team_id)}
    for team in teams:
        team.staff = by_team.get(team.pk, [])  # type: ignore[attr-defined]
    areas = [(area, list(area_teams)) for area, area_teams in groupby(teams, key=lambda t: t.service_area)]
    partners = PartnerOrganisation.objects.annotate(user_count=Count("users")).order_by("kind", "name")
    context = {"trust": Trust.objects.first(), "areas": areas, "partners": partners}
    return render(request, "organisation/overview.html", context)
