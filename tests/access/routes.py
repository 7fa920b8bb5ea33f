"""Walk the URLconf: every named route, its view and the parameters its path needs.

Used by the permission matrix, the CSRF sweep and the restricted-record sweep, so a new URL is covered by all
three as soon as it is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as `reverse` takes it
    route: str  # the pattern as written, for messages: "people/<uuid:person_uuid>/"
    callback: Callable[..., Any]
    params: frozenset[str]  # the keyword arguments the path captures

    @property
    def policy(self) -> str | None:
        return getattr(self.callback, "kindred_policy", None)


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
