"""Who is calling the API: an organisation's system, by the API key in `Authorization: Bearer <key>`.

Never a session cookie: the API ignores the browser's login, so a page cannot be tricked into calling it
(and CSRF does not arise). A revoked key, an unknown key, or a key not shaped like one all answer 401, alike.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kindred.api.models import ApiKey, hash_secret, split_key
from kindred.frontdoor.actions import ApiClient

# last_used_at is for administrators ("is this key still in use?"): minute precision is plenty, and it saves
# a database write on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        parts = split_key(token.strip())
        if parts is None:
            return None
        prefix, secret = parts
        api_key = ApiKey.objects.active().select_related("organisation").filter(prefix=prefix).first()
        if api_key is None:
            hash_secret(
                secret
            )  # the same work as for a real key, so timing does not tell which prefixes exist
            return None
        if not api_key.matches(secret):
            return None
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return ApiClient(organisation=api_key.organisation, key_prefix=api_key.prefix)
