from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindred.api.actions import create_api_key
from kindred.api.models import KEY_PREFIX, ApiKey
from kindred.organisation.models import PartnerOrganisation
from kindred.synthetic.frontdoor import describe as describe_front_door
from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD
from kindred.synthetic.trust import DEFAULT_CHILDREN, DEFAULT_SEED, build_trust

# The demo school's system key for the partner API, published on purpose like the demo password: the demo
# trust only. Fixed, so it is the same after every `make demo`.
DEMO_API_KEY_PREFIX = "demoschl"
DEMO_API_KEY_SECRET = "hollybank-demo-key-published-on-purpose"  # noqa: S105
DEMO_API_KEY = f"{KEY_PREFIX}{DEMO_API_KEY_PREFIX}_{DEMO_API_KEY_SECRET}"
DEMO_REFERRAL = (
    '{"children": [{"first_name": "Test", "last_name": "Child", "date_of_birth": "2016-05-01"}], '
    '"concern": "A test referral from the demo school.", "immediate_risk": false, "consent": "given", '
    '"referrer": {"name": "Sophie Turner"}}'
)


def ensure_demo_api_key() -> tuple[PartnerOrganisation, str]:
    """The demo school's API key, made the first time (safe to run again)."""
    school = next(login for login in DEMO_LOGINS if login.username == "school")
    organisation = PartnerOrganisation.objects.get(name=school.partner)
    if not ApiKey.objects.filter(prefix=DEMO_API_KEY_PREFIX).exists():
        create_api_key(
            organisation=organisation,
            name="Demo school MIS",
            by=None,
            secret=DEMO_API_KEY_SECRET,
            prefix=DEMO_API_KEY_PREFIX,
        )
    return organisation, DEMO_API_KEY


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
        if "frontdoor" in trust.summaries:
            self.stdout.write(describe_front_door(trust.summaries["frontdoor"]))
        self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s.")
        self.stdout.write("\nThe Kindred demo trust is ready.\n")
        self.stdout.write(f"Every demo login has the password: {DEMO_PASSWORD}\n")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role.label}")
        school, key = ensure_demo_api_key()
        self.stdout.write(f"\nPartner API key for {school.name}'s system: {key}")
        self.stdout.write(
            "Try it (send the same Idempotency-Key again and you get the same referral back):\n"
            f"  curl -X POST http://127.0.0.1:8000/api/v1/referrals -H 'Authorization: Bearer {key}' "
            f"-H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' -d '{DEMO_REFERRAL}'"
        )
        self.stdout.write("")
