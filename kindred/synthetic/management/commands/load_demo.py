from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD
from kindred.synthetic.trust import DEFAULT_CHILDREN, DEFAULT_SEED, build_trust


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--reference-date must be a date like 2026-03-31, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Load the synthetic demo trust: its organisation, demo logins and people (safe to run again: what is "
        "already loaded is skipped) and print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same trust")
        parser.add_argument(
            "--children", type=int, default=DEFAULT_CHILDREN, help="how many children (with their families)"
        )
        parser.add_argument(
            "--reference-date",
            type=_iso_date,
            default=None,
            help="the 'today' the synthetic history is built around (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reference_date = options["reference_date"] or date.today()
        if reference_date > date.today():
            raise CommandError("--reference-date cannot be in the future")
        if options["children"] < 1:
            raise CommandError("--children must be at least 1")
        started = time.perf_counter()
        trust = build_trust(
            seed=options["seed"],
            children=options["children"],
            reference_date=reference_date,
            progress=self.stdout.write,
        )
        if trust.people is not None:
            counts = trust.people.counts
            self.stdout.write(
                f"People: {counts['children']:,} children ({counts['unborn']} unborn) in "
                f"{counts['families']:,} families, {counts['adults']:,} relatives and carers, "
                f"{counts['professionals']} professionals, {counts['relationships']:,} relationships, "
                f"{counts['duplicates']} known duplicates, {counts['restricted']} restricted records."
            )
        self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s.")
        self.stdout.write("\nThe Kindred demo trust is ready.\n")
        self.stdout.write(f"Every demo login has the password: {DEMO_PASSWORD}\n")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role.label}")
        self.stdout.write("")
