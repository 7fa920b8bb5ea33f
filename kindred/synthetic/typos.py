"""The mistakes people make when they record a child a second time: a misspelt name, a wrong or missing date
of birth. Used to make known duplicates that search must find (and a person must merge, never the system)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kindred.synthetic.names import TRANSLITERATIONS

# Letters next to each other on a UK QWERTY keyboard: the usual slip of a finger.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _ch in enumerate(_row):
        near = _row[max(0, _i - 1) : _i] + _row[_i + 1 : _i + 2]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                near += _ROWS[_other][max(0, _i - 1) : _i + 1]
        NEIGHBOURS[_ch] = near


def _match_case(template: str, letter: str) -> str:
    return letter.upper() if template.isupper() else letter


def one_letter_typo(rng: random.Random, name: str) -> tuple[str, str]:
    """The name with one slip: a neighbouring key, a dropped, doubled or swapped letter. Never the first
    letter (people rarely get that wrong). Returns (misspelt name, kind of slip)."""
    positions = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    kinds = ["substitution", "doubling", "transposition"]
    if len(positions) >= 3:
        kinds.append("deletion")
    for _ in range(20):
        kind = rng.choice(kinds)
        i = rng.choice(positions)
        ch = name[i]
        if kind == "substitution":
            near = NEIGHBOURS.get(ch.lower(), "")
            if not near:
                continue
            result = name[:i] + _match_case(ch, rng.choice(near)) + name[i + 1 :]
        elif kind == "doubling":
            result = name[:i] + ch + name[i:]
        elif kind == "deletion":
            result = name[:i] + name[i + 1 :]
        else:
            if i + 1 >= len(name) or not name[i + 1].isalpha() or name[i + 1] == ch:
                continue
            result = name[:i] + name[i + 1] + ch + name[i + 2 :]
        if result != name and result.lower() != name.lower():
            return result, kind
    # A name too short to slip on (e.g. "Li"): double its last letter.
    return name + name[-1], "doubling"


def misspell(rng: random.Random, name: str) -> tuple[str, str]:
    """Another worker's spelling: a transliteration or anglicisation when there is one, else a typo."""
    variants = TRANSLITERATIONS.get(name)
    if variants and rng.random() < 0.75:
        return rng.choice(variants), "transliteration"
    return one_letter_typo(rng, name)


def wrong_date_of_birth(rng: random.Random, dob: date, reference_date: date) -> tuple[date | None, str]:
    """A common error in a recorded date of birth: day and month swapped, one day out, or not given."""
    options: list[tuple[str, int]] = [("missing", 2), ("minus_one_day", 3)]
    if dob.day <= 12 and dob.day != dob.month:
        swapped = date(dob.year, dob.day, dob.month)
        if swapped <= reference_date:
            options.append(("day_month_swapped", 4))
    if dob + timedelta(days=1) <= reference_date:
        options.append(("plus_one_day", 3))
    kind = rng.choices([k for k, _ in options], weights=[w for _, w in options])[0]
    if kind == "missing":
        return None, kind
    if kind == "day_month_swapped":
        return date(dob.year, dob.day, dob.month), kind
    if kind == "plus_one_day":
        return dob + timedelta(days=1), kind
    return dob - timedelta(days=1), kind
