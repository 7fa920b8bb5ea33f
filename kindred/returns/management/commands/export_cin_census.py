from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kindred.audit import log
from kindred.audit.models import AuditEvent
from kindred.returns.cin_census import compute_cin_census, schema_errors
from kindred.returns.management.options import census_year, system_or_user

EXPORTED = "cin_census.exported"


def next_serial_no(year: int) -> int:
    """One more than the number of times this year's census has been exported (the header's SerialNo)."""
    return AuditEvent.objects.filter(action=EXPORTED, changes__year=year).count() + 1


def _write(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a half-written return is never left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write the Children in Need census for a collection year as the DfE's XML (2025-26 format), computed "
        "from the casework and checked against the XSD before it is written. The export is audited, with a "
        "'person.exported' event on every child in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=census_year,
            required=True,
            help="the year the census ends: 2026 for 1 April 2025 to 31 March 2026",
        )
        parser.add_argument("--out", type=Path, required=True, help="the XML file to write")
        parser.add_argument("--lea", default=None, help="the DfE LA number (default: the trust's)")
        parser.add_argument(
            "--serial-no",
            type=int,
            default=None,
            help="the file's serial number (default: one more than this year's earlier exports)",
        )
        parser.add_argument(
            "--by", default=None, help="username of the person exporting it (default: the system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        out: Path = options["out"]
        by = system_or_user(options["by"])
        serial_no = options["serial_no"] or next_serial_no(year)
        if not 1 <= serial_no <= 999_999:
            raise CommandError("--serial-no must be between 1 and 999999")
        lea = options["lea"]
        if lea is not None and not (len(lea) == 3 and lea.isdigit()):
            raise CommandError(f"--lea must be the three-digit DfE LA number, not {lea!r}")

        census = compute_cin_census(year=year, lea=lea, serial_no=serial_no)
        period = f"1 April {year - 1} to 31 March {year}"
        if not census.children:
            raise CommandError(
                f"No child was open to children's social care from {period}: nothing to export"
            )
        xml = census.to_bytes()
        errors = schema_errors(xml)
        if errors:
            listed = "\n".join(f"  line {e.line}: {e.message}" for e in errors[:20])
            more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise CommandError(
                "The census does not match the DfE schema, so it was not written:\n"
                f"{listed}{more}\n"
                f"Run `manage.py validate_returns --year {year}` to see which children and fields to fix."
            )
        label = f"CIN census {year - 1}-{year % 100:02d}"
        with transaction.atomic():
            log.record_many(
                [
                    log.EventSpec(
                        EXPORTED,
                        changes={
                            "year": year,
                            "lea": census.lea,
                            "serial_no": serial_no,
                            "children": len(census.children),
                            "episodes": census.episode_count,
                            "file": str(out),
                            "sha256": hashlib.sha256(xml).hexdigest(),
                        },
                        reason=label,
                    ),
                    *(
                        log.EventSpec("person.exported", person=c.person, reason=label)
                        for c in census.children
                    ),
                ],
                by=by,
            )
            _write(out, xml)  # inside the transaction: if the file cannot be written, nothing is audited
        self.stdout.write(
            f"{label} ({period}): {len(census.children)} children, {census.episode_count} episodes "
            f"-> {out} (LA {census.lea}, serial {serial_no:03d}, valid against the XSD)"
        )
