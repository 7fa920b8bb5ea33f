"""Walk the URLconf: every named route, its view and the parameters its path needs.

Used by the permission matrix, the CSRF sweep and the restricted-record sweep, so a new URL is covered by all
three as soon as it is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# The partner API (kindred/api/urls.py) is not pages: it authenticates by API key, never by the session,
# so the page sweeps (the permission matrix's rows, the anonymous redirect, CSRF) do not apply to it. Its
# views declare one of these policies instead, and tests/api/test_access.py walks those routes: every
# "api_key" route answers 401 without a valid key (or to a logged-in session), and another organisation's
# records answer 404.
API_POLICIES = frozenset({"api_key", "api_public"})


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as `reverse` takes it
    route: str  # the pattern as written, for messages: "people/<uuid:person_uuid>/"
    callback: Callable[..., Any]
    params: frozenset[str]  # the keyword arguments the path captures

    @property
    def policy(self) -> str | None:
        return getattr(self.callback, "kindred_policy", None)

    @property
    def is_api(self) -> bool:
        return self.policy in API_POLICIES


def _walk(
    patterns: list[URLPattern | URLResolver], namespaces: tuple[str, ...], prefix: str, params: frozenset[str]
) -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        captured = params | frozenset(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
        here = prefix + str(pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, inner, here, captured)
        else:
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(name=name, route=here, callback=entry.callback, params=captured)


def all_routes() -> list[Route]:
    """Every URL pattern in the URLconf, through every include."""
    return list(_walk(get_resolver().url_patterns, (), "", frozenset()))


def route_names() -> list[str]:
    """The names of every route, for parametrising tests (an unnamed route shows up as its path)."""
    return sorted({route.name or f"<unnamed {route.route}>" for route in all_routes()})


def route_named(name: str) -> Route:
    for route in all_routes():
        if (route.name or f"<unnamed {route.route}>") == name:
            return route
    raise LookupError(name)
