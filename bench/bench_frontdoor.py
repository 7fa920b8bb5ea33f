"""Front-door pages on an already-loaded demo database: time and queries per page.

    KINDRED_DEBUG=1 KINDRED_SQLITE_PATH=/tmp/demo.sqlite3 \
        .venv/bin/python bench/bench_frontdoor.py --requests 50

Reads only (plus the audit events each page writes). Uses Django's test client in process, so the figures are
the app's own time: no network, no web server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
os.environ.setdefault("KINDRED_INSECURE_HTTP", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from kindred.frontdoor.models import Contact  # noqa: E402
from kindred.organisation.models import User  # noqa: E402


def measure(client: Client, url: str, requests: int) -> tuple[float, float, int]:
    client.get(url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="frontdoor"))
    contact = Contact.objects.order_by("-received_at").first()
    assert contact is not None, "load the demo trust first"
    pages = {
        f"queue ({Contact.objects.open().count()} open contacts)": reverse("frontdoor:queue"),
        "contact page": reverse("frontdoor:contact", args=[contact.uuid]),
        "decisions made late (90 days)": reverse("frontdoor:late"),
    }
    print("| page | p50 ms | p95 ms | queries |\n|---|---|---|---|")
    for name, url in pages.items():
        p50, p95, queries = measure(client, url, args.requests)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
