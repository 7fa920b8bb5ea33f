from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kindred.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain. Exits 0 when intact; otherwise names the first bad event."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Audit chain broken at event #{problem.seq}: {problem.message}")
        self.stdout.write(f"Audit chain intact: {checked} events checked.")
