"""Invented identifiers that pass the real checks but can never belong to a real person.

- NHS numbers in the 999 range (reserved by NHS England for testing), with a valid modulus-11 check digit.
- UPNs with a valid DfE check letter, for the trust's LA number and invented establishment numbers.
- Phone numbers from Ofcom's ranges reserved for drama (07700 900xxx mobiles, 0121 496 0xxx landlines).
- Email addresses at example.com (reserved by RFC 2606).
"""

from __future__ import annotations

import random
from datetime import date

from kindred.people.names import normalise
from kindred.people.validators import nhs_number_check_digit, upn_check_letter


class Identifiers:
    """Deterministic, unique identifiers drawn from one random stream."""

    def __init__(self, rng: random.Random, la_code: str = "330") -> None:
        self.rng = rng
        self.la_code = la_code
        self._nhs: set[str] = set()
        self._upn: set[str] = set()
        self._legacy: set[str] = set()
        self._mobiles = [f"07700 900{n:03d}" for n in range(1000)]
        self._landlines = [f"0121 496 0{n:03d}" for n in range(1000)]
        rng.shuffle(self._mobiles)
        rng.shuffle(self._landlines)

    def nhs_number(self) -> str:
        while True:
            first_nine = f"999{self.rng.randrange(1_000_000):06d}"
            check = nhs_number_check_digit(first_nine)
            if check is None:
                continue
            number = f"{first_nine}{check}"
            if number not in self._nhs:
                self._nhs.add(number)
                return number

    def upn(self, establishment: str, allocated: date) -> str:
        """A permanent UPN: check letter, LA number, establishment number, year allocated, serial."""
        while True:
            body = f"{self.la_code}{establishment}{allocated.year % 100:02d}{self.rng.randrange(1000):03d}"
            upn = upn_check_letter(body) + body
            if upn not in self._upn:
                self._upn.add(upn)
                return upn

    def legacy_id(self) -> str:
        """An ID from the trust's previous case-management system."""
        while True:
            value = f"{self.rng.randrange(100_000, 1_000_000)}"
            if value not in self._legacy:
                self._legacy.add(value)
                return value

    def mobile(self) -> str:
        # 1,000 drama numbers; beyond that numbers repeat (a shared family phone is realistic enough).
        return self._mobiles.pop() if self._mobiles else self.rng.choice(("07700 900000", "07700 900999"))

    def landline(self) -> str:
        return self._landlines.pop() if self._landlines else "0121 496 0000"

    def email(self, first_name: str, last_name: str) -> str:
        style = self.rng.randrange(3)
        first, last = normalise(first_name) or "parent", normalise(last_name) or "family"
        local = (f"{first}.{last}", f"{first}{last}{self.rng.randrange(1, 99)}", f"{first[0]}{last}")[style]
        return f"{local}@example.com"
