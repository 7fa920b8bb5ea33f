from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindred.api.actions import create_api_key
from kindred.organisation.models import PartnerOrganisation


class Command(BaseCommand):
    help = (
        "Issue an API key to a partner organisation's system. The key is printed once and never stored (only "
        "its hash is kept): hand it to the organisation securely."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="the partner organisation: its exact name, URN or ODS code")
        parser.add_argument("--name", required=True, help="which system will use the key, e.g. 'School MIS'")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["organisation"].strip()
        matches = list(
            PartnerOrganisation.objects.filter(name=wanted)
            or (PartnerOrganisation.objects.filter(urn=wanted) if wanted else [])
            or (PartnerOrganisation.objects.filter(ods_code=wanted) if wanted else [])
        )
        if len(matches) != 1:
            found = "no" if not matches else "more than one"
            raise CommandError(
                f"There is {found} partner organisation named {wanted!r} (or with that URN/ODS code)"
            )
        try:
            api_key, key = create_api_key(organisation=matches[0], name=options["name"], by=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"API key for {matches[0].name} ({api_key.name}), prefix {api_key.prefix}:")
        self.stdout.write(key)
        self.stdout.write(
            "It is shown only this once. Revoke it with: manage.py revoke_api_key " + api_key.prefix
        )
