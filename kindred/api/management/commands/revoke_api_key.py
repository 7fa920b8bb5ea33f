from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindred.api.actions import revoke_api_key
from kindred.api.models import ApiKey


class Command(BaseCommand):
    help = "Revoke an API key: its next request is refused."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="the key's prefix (the 8 characters after 'kindred_')")
        parser.add_argument("--reason", default="", help="why, for the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        api_key = (
            ApiKey.objects.filter(prefix=options["prefix"].strip()).select_related("organisation").first()
        )
        if api_key is None:
            raise CommandError(f"There is no API key with the prefix {options['prefix']!r}")
        revoke_api_key(api_key=api_key, by=None, reason=options["reason"])
        self.stdout.write(f"Revoked {api_key.prefix} ({api_key.name}, {api_key.organisation.name}).")
