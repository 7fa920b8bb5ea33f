"""Synthetic trust benchmark: how long `load_demo` takes to build the demo trust, by number of children.

Each size runs in its own process on a fresh temporary SQLite database (KINDRED_SQLITE_PATH pointed at a
temporary file, migrated first), with the settings `make demo` uses (KINDRED_DEBUG=1, WAL, argon2 for the
demo logins). It times the organisation (trust, teams, partners and the 16 logins, whose argon2 password
hashing dominates), the people (planned, then recorded through the people actions with their audit
events), the front door (contacts planned, then recorded through the front door's actions: found,
checked, decided, signed off) and the casework (every episode's journey since 1 April two census years
back, recorded through the casework actions), and counts what was built.

    .venv/bin/python bench/bench_synthetic.py                    # 100, 300 and 1,000 children
    .venv/bin/python bench/bench_synthetic.py --children 300 --seed 7
    .venv/bin/python bench/bench_synthetic.py --children 300 --weeks 26   # more front-door history
    .venv/bin/python bench/bench_synthetic.py --children 300 --casework    # and the casework's counts
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


def run_one(children: int, seed: int, weeks: int | None, reference_date: str) -> dict[str, object]:
    """In a child process whose KINDRED_SQLITE_PATH is a fresh file: migrate, build, count."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kindred.audit.models import AuditEvent
    from kindred.casework.models import Episode
    from kindred.frontdoor.models import Contact, ContactChild
    from kindred.people.models import Address, Person, Relationship
    from kindred.synthetic.casework import describe
    from kindred.synthetic.frontdoor import DEFAULT_WEEKS
    from kindred.synthetic.models import SyntheticStep
    from kindred.synthetic.trust import build_trust

    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    migrate_s = time.perf_counter() - started
    cpu, started = time.process_time(), time.perf_counter()
    step_cpu: dict[str, float] = {}

    def progress(message: str) -> None:  # the CPU each step took, from the moment it says it is building
        name = message.split(":")[0].lower()
        if message.endswith(")") and "building" in message:
            step_cpu[name] = time.process_time()

    trust = build_trust(
        seed=seed,
        children=children,
        reference_date=date.fromisoformat(reference_date),
        frontdoor_weeks=weeks or DEFAULT_WEEKS,
        progress=progress,
    )
    total_s = time.perf_counter() - started
    assert trust.people is not None
    # The front door's audit events are the ones written after the people step's marker, and before the
    # casework step's (the casework's after it).
    people_loaded = SyntheticStep.objects.get(name="people").loaded_at
    front_door_loaded = SyntheticStep.objects.get(name="frontdoor").loaded_at
    front_door_events = AuditEvent.objects.filter(at__gt=people_loaded, at__lte=front_door_loaded).count()
    casework_events = AuditEvent.objects.filter(at__gt=front_door_loaded).count()
    casework = trust.summaries.get("casework", {})
    return {
        "children": children,
        "people": Person.objects.count(),
        "relationships": Relationship.objects.count(),
        "addresses": Address.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "duplicates": len(trust.people.duplicates),
        "weeks": weeks or DEFAULT_WEEKS,
        "contacts": Contact.objects.count(),
        "children_on_contacts": ContactChild.objects.count(),
        "front_door_events": front_door_events,
        "migrate_s": migrate_s,
        "organisation_s": trust.seconds["organisation"],
        "people_s": trust.seconds["people"],
        "front_door_s": trust.seconds["frontdoor"],
        "casework_s": trust.seconds.get("casework", 0.0),
        "casework_cpu_s": time.process_time() - step_cpu["casework"] if "casework" in step_cpu else 0.0,
        "casework_events": casework_events,
        "episodes": Episode.objects.count(),
        "casework": describe(casework) if casework else "",
        "total_s": total_s,
        "cpu_s": time.process_time() - cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--weeks", type=int, default=None, help="weeks of front-door history (default: the step's)"
    )
    parser.add_argument(
        "--reference-date",
        default=REFERENCE_DATE,
        help=f"the trust's reference date (default {REFERENCE_DATE})",
    )
    parser.add_argument(
        "--casework", action="store_true", help="print the casework step's counts after each size's row"
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.children[0], args.seed, args.weeks, args.reference_date), default=str))
        return
    print(
        f"Synthetic trust: seed {args.seed}, reference date {args.reference_date}, "
        f"{args.weeks or 'the default'} weeks of front door, SQLite, one process per size"
    )
    print(
        "| children | people | relationships | addresses | known duplicates | contacts (children on them) "
        "| episodes | audit events: people, front door, casework | migrate s | organisation s | people s "
        "| front door s | casework s (CPU s) | load total s | CPU s "
        "| ms per audit event: people, front door, casework |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for children in args.children:
        with tempfile.TemporaryDirectory(prefix="kindred-bench-") as tmp:
            env = {
                **os.environ,
                "KINDRED_SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
                "KINDRED_DEBUG": "1",
            }
            env.pop("DATABASE_URL", None)
            command = [
                sys.executable,
                __file__,
                "--one",
                "--children",
                str(children),
                "--seed",
                str(args.seed),
                "--reference-date",
                args.reference_date,
            ]
            if args.weeks:
                command += ["--weeks", str(args.weeks)]
            done = subprocess.run(  # noqa: S603 (this script, fixed arguments)
                command,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        people_events = r["audit_events"] - r["front_door_events"] - r["casework_events"]
        print(
            f"| {r['children']:,} | {r['people']:,} | {r['relationships']:,} | {r['addresses']:,} "
            f"| {r['duplicates']} | {r['contacts']:,} ({r['children_on_contacts']:,}) in {r['weeks']} weeks "
            f"| {r['episodes']:,} | {people_events:,}, {r['front_door_events']:,}, {r['casework_events']:,} "
            f"| {r['migrate_s']:.1f} | {r['organisation_s']:.1f} | {r['people_s']:.1f} "
            f"| {r['front_door_s']:.1f} | {r['casework_s']:.1f} ({r['casework_cpu_s']:.1f}) "
            f"| {r['total_s']:.1f} | {r['cpu_s']:.1f} | {1000 * r['people_s'] / people_events:.2f}, "
            f"{1000 * r['front_door_s'] / max(1, r['front_door_events']):.2f}, "
            f"{1000 * r['casework_s'] / max(1, r['casework_events']):.2f} |",
            flush=True,
        )
        if args.casework and r["casework"]:
            print(f"  {r['children']:,} children: {r['casework']}", flush=True)


if __name__ == "__main__":
    main()
