"""Person search. (Placeholder; the matching-based search replaces it.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability


@requires(Capability.VIEW_PEOPLE)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "people/search.html", {"results": [], "query": request.GET.get("q", "")})
