"""Page benchmark: the child's page, search and home on the synthetic trust, through Django's test client.

Builds the synthetic trust (default 300 children) in a temporary SQLite database, or uses PostgreSQL when
DATABASE_URL is set (a scratch database is created and dropped), then requests each page many times as the
demo social worker and reports per-page app time (p50/p95, ms) and queries per request. It measures app CPU
+ database, not the network or the browser (PERFORMANCE.md budgets ~10 ms of app CPU per page).

    .venv/bin/python bench/bench_pages.py
    .venv/bin/python bench/bench_pages.py --children 300 --requests 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench .venv/bin/python bench/bench_pages.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--profile", action="store_true", help="profile the child's page and print the top calls"
    )
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="kindred-bench-")
    os.environ.setdefault("KINDRED_SQLITE_PATH", str(Path(tmp) / "bench.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    os.environ["KINDRED_INSECURE_HTTP"] = "1"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    if os.environ.get("DATABASE_URL"):
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, skip_checks=True)

    from kindred.people.models import Person, Relationship
    from kindred.synthetic.trust import build_trust

    started = time.perf_counter()
    build_trust(seed=args.seed, children=args.children, reference_date=date(2026, 3, 31))
    print(
        f"built {Person.objects.count()} people, {Relationship.objects.count()} relationships "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    client = Client()
    client.post("/login/", {"username": "socialworker", "password": "kindred-demo-2026"})

    # The children with the biggest networks are the worst case for the child's page.
    children = list(
        Person.objects.filter(restricted=False, merged_into__isnull=True, organisation__isnull=True)
        .annotate(n=django.db.models.Count("relationships_from") + django.db.models.Count("relationships_to"))
        .order_by("-n")
        .values_list("uuid", "first_name", "last_name", "date_of_birth")[:50]
    )
    pages = {
        "home": lambda i: "/",
        "child page (largest networks)": lambda i: f"/people/{children[i % len(children)][0]}/",
        "search: name + date of birth": lambda i: (
            f"/people/?q={children[i % len(children)][1]}+{children[i % len(children)][2]}+"
            f"{children[i % len(children)][3]:%d/%m/%Y}"
            if children[i % len(children)][3]
            else "/people/?q=x"
        ),
        "search: name only": lambda i: (
            f"/people/?q={children[i % len(children)][1]}+{children[i % len(children)][2]}"
        ),
    }
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(args.requests):
            client.get(pages["child page (largest networks)"](i))
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)
        return
    print(f"\n{args.requests} requests a page, as the demo social worker\n")
    print("| page | p50 ms | p95 ms | queries |\n|---|---|---|---|")
    for name, url in pages.items():
        for i in range(10):  # warm up
            client.get(url(i))
        timings, queries = [], []
        for i in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                response = client.get(url(i))
                timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            queries.append(len(captured))
        q = statistics.quantiles(timings, n=20)
        print(f"| {name} | {statistics.median(timings):.1f} | {q[18]:.1f} | {min(queries)}-{max(queries)} |")


if __name__ == "__main__":
    main()
