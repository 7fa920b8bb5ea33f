"""Every request gets an id: shown on error pages, sent back as X-Request-ID, and written on audit events."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kindred.audit import context


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind Kindred's own TLS proxy (KINDRED_BEHIND_PROXY), that is the
    last address the proxy appended to X-Forwarded-For; earlier entries are whatever the client claimed."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [
            part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if forwarded:
            return forwarded[-1][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def request_id(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        # Always our own id: the audit trail must not carry an id a client chose.
        rid = uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = context.current.set(context.RequestContext(request_id=rid, ip=client_ip(request)))
        try:
            response = get_response(request)
        finally:
            context.current.reset(token)
        response["X-Request-ID"] = rid
        return response

    return middleware


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current.get().request_id or "-"
        return True
