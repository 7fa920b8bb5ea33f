"""The GOV.UK date input's field: whatever is typed, a date or a clear message, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kindred.ui.forms import GovukDateField

parts = st.one_of(st.text(max_size=25), st.integers(min_value=-(10**30), max_value=10**30).map(str))


@given(day=parts, month=parts, year=parts)
def test_govuk_date_field_gives_a_date_or_a_message_for_any_input(day: str, month: str, year: str) -> None:
    field = GovukDateField(label="Date of birth", required=False)
    try:
        value = field.clean([day, month, year])
    except ValidationError as error:
        assert error.messages and all("Date of birth" in m for m in error.messages)
    else:
        assert value is None or isinstance(value, dt.date)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("99999999999999999999", "1", "2020"), ("1", "1", "99999"), ("٣", "1", "2020"), ("31", "2", "2020")],
)
def test_govuk_date_field_refuses_huge_non_ascii_and_impossible_dates(
    day: str, month: str, year: str
) -> None:
    with pytest.raises(ValidationError, match="must be a real date"):
        GovukDateField(label="Date of birth").clean([day, month, year])
