from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kindred.api.api import api

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def schema_text() -> str:
    """The schema as committed: what /api/v1/openapi.json serves, in a stable, reviewable layout."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the partner API's OpenAPI schema to kindred/api/openapi.json (run by `make openapi`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=COMMITTED)

    def handle(self, *args: Any, **options: Any) -> None:
        options["output"].write_text(schema_text(), encoding="utf-8")
        self.stdout.write(f"Wrote {options['output']}")
