from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD, build_organisation


class Command(BaseCommand):
    help = "Load the synthetic demo trust (safe to run again) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        build_organisation()
        self.stdout.write("\nKindred demo trust is ready: http://127.0.0.1:8000\n")
        self.stdout.write(f"Every demo login has the password: {DEMO_PASSWORD}\n")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role.label}")
        self.stdout.write("")
