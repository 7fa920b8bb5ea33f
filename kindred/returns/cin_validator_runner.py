"""Run the DfE CIN census rules on one census file and print the problems as JSON.

This script runs inside the validator's own virtualenv (`make validator` builds .validator-venv/, ADR 0010),
never inside Kindred's: it imports Data to Insight's `cin_validator` (csc-validator-be-cin) and pandas 1.x,
and nothing from Kindred or Django. kindred.returns.validation starts it as a subprocess:

    .validator-venv/bin/python kindred/returns/cin_validator_runner.py FILE.xml -r cin2025_26

The ruleset is required (the validator's own `run` command silently defaults to an older year). The package's
CLI prints a truncated table and its CSV report leaves out the rules that look at the whole return (2883,
2886Q, 2887Q, 2888Q), so this wrapper calls the same functions the CLI calls and prints everything:

    {"ruleset": ..., "rules_run": n, "crashed_rules": [...],
     "child_issues": [{"child_id", "rule_code", "rule_type", "message", "table", "column", "row", "error_id",
                       "value"}],
     "return_issues": [{"rule_code", "rule_type", "message"}]}
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import logging
import math
import sys
import warnings
import xml.etree.ElementTree as ET
from typing import Any


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = str(value)
    return "" if text in ("nan", "NaN", "<NA>", "NaT", "None") else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("filename")
    parser.add_argument("-r", "--ruleset", required=True, help="e.g. cin2025_26")
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")  # pandas FutureWarnings from the rules
    logging.disable(logging.INFO)
    from cin_validator import cin_validator

    registry = importlib.import_module(f"cin_validator.rules.{args.ruleset}").registry
    rule_types = {str(code): rule.rule_type.value for code, rule in registry.items()}
    messages = {str(code): rule.message for code, rule in registry.items()}

    root = ET.parse(args.filename).getroot()  # noqa: S314
    raw = cin_validator.convert_data(root)
    data = cin_validator.process_data(raw)
    # A rule that crashes on the data is printed, not raised: catch it so a crash is reported, not lost.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry, selected_rules=None)
    crashed = [line for line in printed.getvalue().splitlines() if line.startswith("Error with rule")]

    child_issues = []
    report = validator.user_report
    if len(report):
        for row in report.to_dict("records"):
            if _text(row.get("tables_affected")) in ("", "Header"):
                continue  # reported with the return-level issues
            code = _text(row.get("rule_code"))
            child_issues.append(
                {
                    "child_id": _text(row.get("LAchildID")),
                    "rule_code": code,
                    "rule_type": rule_types.get(code, ""),
                    "message": _text(row.get("rule_description")) or messages.get(code, ""),
                    "table": _text(row.get("tables_affected")),
                    "column": _text(row.get("columns_affected")),
                    "row": _text(row.get("ROW_ID")),
                    "error_id": _text(row.get("ERROR_ID")),
                    "value": _text(row.get("value_flagged")),
                }
            )
    return_issues = []
    seen = set()
    for row in validator.multichild_issues.to_dict("records"):
        code = _text(row.get("rule_code"))
        if not code or code in seen:
            continue
        seen.add(code)
        return_issues.append(
            {
                "rule_code": code,
                "rule_type": rule_types.get(code, ""),
                "message": _text(row.get("rule_description")) or messages.get(code, ""),
            }
        )
    json.dump(
        {
            "ruleset": args.ruleset,
            "rules_run": len(registry),
            "crashed_rules": crashed,
            "child_issues": child_issues,
            "return_issues": return_issues,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
