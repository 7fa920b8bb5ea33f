"""A rate limit per API key (RELIABILITY.md check 19): over the limit answers 429 with Retry-After.

A fixed window counted in Django's cache with atomic add/incr. With the default per-process memory cache the
limit is per server process; a shared cache (Redis, Memcached) makes it one limit across all processes.
"""

from __future__ import annotations

import math
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/minute" → (120, 60)."""
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"KINDRED_API_RATE must look like 120/minute, not {rate!r}")
    return int(match.group(1)), _PERIODS[match.group(2)]


class KeyRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        # Ninja asks for wait() straight after allow_request(), in the same thread; one throttle object
        # serves every thread, so the answer is kept per thread.
        self._waits = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        client = getattr(request, "auth", None)
        if client is None:
            return True
        limit, period = parse_rate(settings.KINDRED_API_RATE)  # read each time, so tests can change it
        now = time.time()
        window = int(now // period)
        key = f"kindred:api-rate:{client.key_prefix}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window's entry expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        self._waits.seconds = math.ceil((window + 1) * period - now)
        return count <= limit

    def wait(self) -> float | None:
        return float(getattr(self._waits, "seconds", 1))
