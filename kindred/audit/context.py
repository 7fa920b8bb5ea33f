"""Who is acting, from where, in which request: set by the request-id middleware, read by the audit log."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str = ""


NO_REQUEST = RequestContext()
current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "kindred_request_context",
    default=NO_REQUEST,
)
