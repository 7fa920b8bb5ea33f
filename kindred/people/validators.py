"""Identifier validators: NHS number (modulus 11) and UPN (DfE check letter)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)

# The DfE's check-letter alphabet: 23 letters, no I, O or S.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_PATTERN = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")


def normalise_nhs_number(value: str) -> str:
    """Strip the spaces and hyphens people type (e.g. "943 476 5919")."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The NHS number check digit for nine digits, or None when no valid number can end them.

    NHS Data Dictionary: multiply each digit by 10..2, sum, take the remainder mod 11; the check digit is
    11 minus the remainder, 11 becomes 0, and 10 means the number is not valid.
    """
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    value = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", value):
        return False
    return nhs_number_check_digit(value[:9]) == int(value[9])


def validate_nhs_number(value: str) -> None:
    if not value:
        return
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number with 10 digits, like 943 476 5919", code="nhs_format")
    if not is_valid_nhs_number(digits):
        raise ValidationError(
            "Enter a real NHS number: this one fails its check digit, so a digit may be mistyped",
            code="nhs_check_digit",
        )


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for characters 2-13 of a UPN.

    DfE UPN guidance: multiply each character by its position (2..13), sum, take the remainder mod 23 and
    map it to the 23-letter alphabet. A letter in position 13 (temporary UPNs) counts as its index in that
    alphabet.
    """
    total = 0
    for position, char in enumerate(last_twelve, start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * position
    return UPN_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def is_valid_upn(value: str) -> bool:
    value = normalise_upn(value)
    if not UPN_PATTERN.fullmatch(value):
        return False
    return upn_check_letter(value[1:]) == value[0]


def validate_upn(value: str) -> None:
    if not value:
        return
    upn = normalise_upn(value)
    if not UPN_PATTERN.fullmatch(upn):
        raise ValidationError(
            "Enter a UPN of 13 characters: a letter, 11 digits, then a digit or letter", code="upn_format"
        )
    if not is_valid_upn(upn):
        raise ValidationError(
            "Enter a real UPN: its check letter does not match, so a character may be mistyped",
            code="upn_check_letter",
        )
