"""Synthetic trust benchmark: how long `load_demo` takes to build the demo trust, by number of children.

Each size runs in its own process on a fresh temporary SQLite database (KINDRED_SQLITE_PATH pointed at a
temporary file, migrated first), with the settings `make demo` uses (KINDRED_DEBUG=1, WAL, argon2 for the
demo logins). It times the organisation (trust, teams, partners and the 16 logins, whose argon2 password
hashing dominates) and the people (planned, then recorded through the people actions with their audit
events), and counts what was built.

    .venv/bin/python bench/bench_synthetic.py                    # 100, 300 and 1,000 children
    .venv/bin/python bench/bench_synthetic.py --children 300 --seed 7
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DATE = "2026-03-31"


def run_one(children: int, seed: int) -> dict[str, object]:
    """In a child process whose KINDRED_SQLITE_PATH is a fresh file: migrate, build, count."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kindred.audit.models import AuditEvent
    from kindred.people.models import Address, Person, Relationship
    from kindred.synthetic.trust import build_trust

    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    migrate_s = time.perf_counter() - started
    cpu, started = time.process_time(), time.perf_counter()
    trust = build_trust(seed=seed, children=children, reference_date=date.fromisoformat(REFERENCE_DATE))
    total_s = time.perf_counter() - started
    assert trust.people is not None
    return {
        "children": children,
        "people": Person.objects.count(),
        "relationships": Relationship.objects.count(),
        "addresses": Address.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "duplicates": len(trust.people.duplicates),
        "migrate_s": migrate_s,
        "organisation_s": trust.seconds["organisation"],
        "people_s": trust.seconds["people"],
        "total_s": total_s,
        "cpu_s": time.process_time() - cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.children[0], args.seed)))
        return
    print(f"Synthetic trust: seed {args.seed}, reference date {REFERENCE_DATE}, SQLite, one process per size")
    print(
        "| children | people | relationships | addresses | audit events | known duplicates | migrate s "
        "| organisation s | people s | load total s | CPU s | ms per audit event |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for children in args.children:
        with tempfile.TemporaryDirectory(prefix="kindred-bench-") as tmp:
            env = {
                **os.environ,
                "KINDRED_SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
                "KINDRED_DEBUG": "1",
            }
            env.pop("DATABASE_URL", None)
            done = subprocess.run(  # noqa: S603 (this script, fixed arguments)
                [sys.executable, __file__, "--one", "--children", str(children), "--seed", str(args.seed)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"| {r['children']:,} | {r['people']:,} | {r['relationships']:,} | {r['addresses']:,} "
            f"| {r['audit_events']:,} | {r['duplicates']} | {r['migrate_s']:.1f} | {r['organisation_s']:.1f} "
            f"| {r['people_s']:.1f} | {r['total_s']:.1f} | {r['cpu_s']:.1f} "
            f"| {1000 * r['people_s'] / r['audit_events']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
