from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kindred.audit import log
from kindred.returns.management.options import census_year, system_or_user
from kindred.returns.validation import (
    CIN_RULESET,
    QUERY_EXPLANATIONS,
    ValidatorFailed,
    ValidatorUnavailable,
    validate_cin_census,
)


def current_census_year() -> int:
    """The collection year today falls in: 2027 from 1 April 2026 to 31 March 2027."""
    today = timezone.localdate()
    return today.year + 1 if today.month >= 4 else today.year


class Command(BaseCommand):
    help = (
        "Check the current data against the DfE's rules for the CIN census and list each problem in "
        "plain English: the child, the field to fix, the rule, and whether it is an error (must be fixed) or "
        "a query (fix it or explain it to the DfE). Exits with status 1 when there are errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=census_year,
            default=None,
            help="the year the census ends, e.g. 2026 for 1 April 2025 to 31 March 2026 "
            "(default: the year today falls in)",
        )
        parser.add_argument(
            "--by", default=None, help="username of the person checking (default: the system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"] or current_census_year()
        by = system_or_user(options["by"])
        try:
            result = validate_cin_census(year=year)
        except (ValidatorUnavailable, ValidatorFailed) as error:
            raise CommandError(str(error)) from error
        errors, queries = result.errors, result.queries
        log.record(
            "cin_census.validated",
            by=by,
            changes={
                "year": year,
                "children": result.children,
                "episodes": result.episodes,
                "errors": len(errors),
                "queries": len(queries),
            },
            reason=f"CIN census {year - 1}-{year % 100:02d}",
        )
        self.stdout.write(
            f"CIN census {year - 1}-{year % 100:02d} (1 April {year - 1} to 31 March {year}): "
            f"{result.children} children, {result.episodes} episodes"
            + (f", checked against {result.rules_run} DfE rules ({CIN_RULESET})." if result.children else ".")
        )
        if not result.children:
            self.stdout.write("No child was open to children's social care in the year: nothing to check.")
            return
        for issue in result.issues:
            self.stdout.write("")
            self.stdout.write(issue.describe())
        self.stdout.write("")
        if not result.issues:
            self.stdout.write("No problems found.")
        else:
            error_words = "error" if len(errors) == 1 else "errors"
            query_words = "query" if len(queries) == 1 else "queries"
            self.stdout.write(
                f"{len(errors)} {error_words} (must be fixed before the census is submitted), "
                f"{len(queries)} {query_words} (fix, or explain to the DfE)."
            )
        explained = sorted({q.rule_code for q in queries} & set(QUERY_EXPLANATIONS))
        if explained:
            self.stdout.write("")
            self.stdout.write("Why these queries arise, and what to tell the DfE:")
            for code in explained:
                count = sum(1 for q in queries if q.rule_code == code)
                self.stdout.write(f"  {code} ({count}): {QUERY_EXPLANATIONS[code]}")
        unexplained = sorted({q.rule_code for q in queries} - set(QUERY_EXPLANATIONS))
        if unexplained:
            self.stdout.write(f"Queries for a person to look at: {', '.join(unexplained)}.")
        if errors:
            raise CommandError(
                f"The CIN census has {len(errors)} {'error' if len(errors) == 1 else 'errors'}"
            )
