"""/api/v1/: the partner API's URLs, each declaring its access policy (RELIABILITY.md check 2).

The API is not a page: it authenticates by API key, never by the session cookie, so its views are exempt from
the login redirect and declare one of two policies of their own, which tests/access/routes.py knows:
- "api_key": an organisation's API key is required (every operation; tests/api/test_access.py walks them);
- "api_public": reachable without a key: the OpenAPI schema, and any other path under /api/v1/, which
  answers the API's JSON 404 (not a page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from kindred.api.api import api

API_KEY = "api_key"
API_PUBLIC = "api_public"
_PUBLIC_NAMES = {"openapi-json", "api-root", "not_found"}

app_name = "api"


def _body_too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads an unreadable length as no body at all
    return length > settings.KINDRED_API_MAX_BODY_BYTES


def _declared(view: Callable[..., HttpResponseBase], policy: str) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _body_too_big(request):
            # Refused before anything reads the body (RELIABILITY.md check 19).
            limit = settings.KINDRED_API_MAX_BODY_BYTES
            return JsonResponse({"detail": f"The request body must be {limit:,} bytes or fewer"}, status=413)
        return view(request, *args, **kwargs)

    wrapper.kindred_policy = policy  # type: ignore[attr-defined]
    # Nothing in the API reads the session, so no request can ride on a browser's cookies: CSRF cannot arise.
    return login_not_required(csrf_exempt(wrapper))


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    return JsonResponse({"detail": "Not found"}, status=404)


def _patterns() -> list[URLPattern]:
    patterns, _app, _namespace = api.urls
    # Ninja's root view (which Ninja needs, to know the API's path) would answer with the HTML 404 page; any
    # path under /api/v1/ that matches no operation answers JSON too.
    patterns = [*patterns, re_path(r"^[\s\S]*$", _not_found, name="not_found")]
    declared = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern), "the API has no nested routers: declare their views too"
        view = pattern.callback
        if pattern.name == "api-root":
            view = _not_found
        elif pattern.name == "openapi-json":
            view = require_GET(view)  # Ninja would serve the schema to any method
        policy = API_PUBLIC if pattern.name in _PUBLIC_NAMES else API_KEY
        declared.append(
            URLPattern(pattern.pattern, _declared(view, policy), pattern.default_args, pattern.name)
        )
    return declared


urlpatterns = _patterns()
