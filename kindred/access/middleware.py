"""Server-side session limits: an idle limit, an absolute lifetime, and immediate revocation.

The idle limit is SESSION_COOKIE_AGE, enforced by the database session store. It is renewed by saving the
session at most once every RENEW_SECONDS, not on every request: each save is a database commit, and on SQLite
with synchronous=FULL a commit costs several milliseconds (bench/RESULTS.md). A session also records the
user's access_version at login; disabling a user or moving them between teams bumps it, so their next request
is logged out. A session whose user can no longer sign in at all (disabled) is flushed on its next request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

LOGIN_AT = "kindred_login_at"
ACCESS_VERSION = "kindred_access_version"
RENEWED_AT = "kindred_renewed_at"
RENEW_SECONDS = 60


@receiver(user_logged_in)
def _stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session[LOGIN_AT] = request.session[RENEWED_AT] = int(time.time())
    request.session[ACCESS_VERSION] = user.access_version


def session_limits(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            login_at = request.session.get(LOGIN_AT, 0)
            too_old = time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS
            stale = request.session.get(ACCESS_VERSION) != getattr(user, "access_version", None)
            if too_old or stale:
                logout(request)
                return redirect_to_login(request.get_full_path())
            now = int(time.time())
            if now - request.session.get(RENEWED_AT, 0) >= RENEW_SECONDS:
                request.session[RENEWED_AT] = now  # marks the session modified: saved with a new expiry
        elif SESSION_KEY in request.session:
            # The session names a user who can no longer sign in (disabled, or deleted): end it on the server
            # rather than leave it waiting for the account to come back.
            request.session.flush()
        return get_response(request)

    return middleware
