"""Every view declares who may call it (RELIABILITY.md check 2: deny by default).

`tests/access/test_permission_matrix.py` walks the URLconf and fails for a view with no policy. Object-level
rules (which record) are applied inside the view through `visible_to(user)`, answering 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from kindred.access.roles import Capability, Role, can, role_of

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _declare(view: Callable[..., HttpResponseBase], policy: str) -> None:
    view.kindred_policy = policy  # type: ignore[attr-defined]


def public(view: View) -> View:
    """Reachable without logging in (the login page and health check only)."""
    wrapped = login_not_required(view)
    _declare(wrapped, "public")
    return wrapped  # type: ignore[return-value]


def any_role(view: View) -> View:
    """Any logged-in user with a role (home page, own account)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if role_of(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    _declare(wrapper, "any_role")
    return wrapper  # type: ignore[return-value]


def requires(capability: Capability) -> Callable[[View], View]:
    """Only roles with this capability; everyone else gets 403 (the URL reveals no record), except partners,
    who get 404 on any record's URL (RELIABILITY.md check 3: partners see only their own organisation's)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not can(request.user, capability):
                if kwargs and role_of(request.user) == Role.PARTNER:
                    # A partner organisation's user sees only what their organisation submitted: any other
                    # record's URL answers as if it did not exist, whether it does or not.
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        _declare(wrapper, f"requires:{capability.value}")
        return wrapper  # type: ignore[return-value]

    return decorator
