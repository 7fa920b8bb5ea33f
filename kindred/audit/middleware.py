"""Every request gets an id: shown on error pages, sent back as X-Request-ID, and written on audit events."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kindred.audit import context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        # A caller's id is kept only when it is safe to log; otherwise we make our own.
        offered = request.headers.get("X-Request-ID", "")
        rid = offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = context.current.set(
            context.RequestContext(request_id=rid, ip=request.META.get("REMOTE_ADDR", ""))
        )
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
