"""Casework pages and the CIN census on an already-loaded demo database: time and queries.

    KINDRED_DEBUG=1 KINDRED_SQLITE_PATH=/tmp/demo.sqlite3 \
        .venv/bin/python bench/bench_casework.py --requests 30

Pages are measured in process (Django's test client: the app's own time, no network), signed in as the
social worker with the largest caseload and as their team manager. The census export is timed for the last
complete collection year.
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
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from kindred.access.roles import Role  # noqa: E402
from kindred.casework.models import Episode  # noqa: E402
from kindred.organisation.models import User  # noqa: E402
from kindred.returns.cin_census import build_cin_census  # noqa: E402


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
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    worker = (
        User.objects.filter(role=Role.SOCIAL_WORKER)
        .annotate(open_cases=Count("caseload", filter=Q(caseload__closure_date__isnull=True)))
        .order_by("-open_cases")
        .first()
    )
    assert worker is not None and worker.open_cases, "load the demo trust first"  # type: ignore[attr-defined]
    manager = (
        User.objects.filter(role=Role.TEAM_MANAGER, team=worker.team).first()
        or User.objects.filter(role=Role.SERVICE_MANAGER).first()
    )
    episode = (
        Episode.objects.filter(allocated_to=worker).open().annotate(n=Count("visits")).order_by("-n").first()
    )
    assert episode is not None
    as_worker, as_manager = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    as_worker.force_login(worker)
    as_manager.force_login(manager)
    pages = [
        (f"My work ({worker.open_cases} children)", as_worker, reverse("workforce:my_work")),  # type: ignore[attr-defined]
        (f"team board ({worker.team})", as_manager, reverse("workforce:team_board")),
        (
            "team board, one worker's due work",
            as_manager,
            reverse("workforce:team_board") + f"?team={worker.team.uuid}&worker={worker.uuid}",  # type: ignore[union-attr]
        ),
        ("episode page (most visits)", as_worker, reverse("casework:episode", args=[episode.uuid])),
        ("chronology", as_worker, reverse("casework_notes:chronology", args=[episode.person.uuid])),
    ]
    print("| page | p50 ms | p95 ms | queries |\n|---|---|---|---|")
    for name, client, url in pages:
        p50, p95, queries = measure(client, url, args.requests)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {queries} |")
    today = timezone.localdate()
    year = today.year if today.month > 3 else today.year - 1
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        xml = build_cin_census(year=year)
    print(
        f"\nCIN census {year}: {len(xml) / 1024:.0f} KB in {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"{len(queries)} queries"
    )


if __name__ == "__main__":
    main()
