"""The partner API's request and response bodies: a structured multi-agency referral form (MARF) in, and what
the referrer may know of it out. Field names follow the referral form; limits match the front door's own
(kindred/frontdoor/actions.py), so the schema tells a partner's developers what will be accepted.

Requests are validated strictly: an unknown field, a boolean sent as a string, or a date in any shape but
YYYY-MM-DD is refused with 422 rather than guessed at (RELIABILITY.md check 5: no mass assignment).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, JsonValue, StrictBool
from pydantic_core import PydanticCustomError

from kindred.frontdoor.actions import MAX_CHILDREN, MAX_TEXT

# Control characters other than tab and line breaks (and the two non-characters) cannot be stored in every
# database or written into the XML statutory returns, so they are refused at the door.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The same rule, for the schema (JSON Schema patterns are ECMAScript regular expressions).
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*$"


def _storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise PydanticCustomError("text", "Use ordinary text: control characters cannot be stored")
    return value


def _iso_date(value: Any) -> Any:
    # Only YYYY-MM-DD: pydantic would otherwise also read numbers as Unix times.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if value is None or isinstance(value, dt.date):
        return value
    raise PydanticCustomError("date", "Enter a date as YYYY-MM-DD, like 2015-04-12")


def _text(max_length: int, min_length: int = 0) -> Any:
    return Field(min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN)


Name = Annotated[str, _text(100), AfterValidator(_storable)]
Line = Annotated[str, _text(200), AfterValidator(_storable)]
RequiredLine = Annotated[str, _text(200, min_length=1), AfterValidator(_storable)]
Address = Annotated[str, _text(300), AfterValidator(_storable)]
Email = Annotated[str, _text(254), AfterValidator(_storable)]
LongText = Annotated[str, _text(MAX_TEXT), AfterValidator(_storable)]
RequiredLongText = Annotated[str, _text(MAX_TEXT, min_length=1), AfterValidator(_storable)]
IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]
Consent = Literal["given", "not_given", "not_sought", "unknown"]
Status = Literal["received", "being_considered", "decided"]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ChildIn(_Strict):
    """A child the referral is about, as the referrer knows them. Give at least a first or last name."""

    first_name: Name = ""
    last_name: Name = ""
    date_of_birth: IsoDate = Field(None, description="YYYY-MM-DD, within the last 25 years")
    nhs_number: str = Field("", max_length=20, pattern=r"^[0-9 -]*$", description="10 digits; spaces allowed")
    address: Address = ""
    postcode: str = Field("", max_length=10, pattern=r"^[A-Za-z0-9 ]*$", description="For example B11 2AA")


class ReferrerIn(_Strict):
    """The person at the organisation who is worried, for the front door to call back."""

    name: RequiredLine
    role: Line = Field("", description="For example: designated safeguarding lead")
    phone: str = Field("", max_length=40, pattern=r"^[0-9 +()-]*$")
    email: Email = ""


# Invented, like everything in Kindred's demo; also the example schemathesis sends first.
EXAMPLE_REFERRAL: dict[str, JsonValue] = {
    "children": [
        {
            "first_name": "Amara",
            "last_name": "Okafor",
            "date_of_birth": "2015-04-12",
            "nhs_number": "943 476 5919",
            "address": "12 Example Road, Birmingham",
            "postcode": "B11 2AA",
        }
    ],
    "concern": "Amara came to school with a bruise on her arm and said her stepfather hit her.",
    "immediate_risk": False,
    "consent": "not_sought",
    "consent_notes": "Mum has not been told: Amara is frightened of what her stepfather will do.",
    "referrer": {
        "name": "Joan Teacher",
        "role": "Designated safeguarding lead",
        "phone": "0121 496 0000",
        "email": "dsl@hollybank.example",
    },
    "referrer_view": "We think the family needs an assessment.",
}


class ReferralIn(_Strict):
    """A multi-agency referral form (MARF) from a partner's system."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REFERRAL]})

    children: list[ChildIn] = Field(
        min_length=1, max_length=MAX_CHILDREN, description="The children it is about (siblings together)"
    )
    concern: RequiredLongText = Field(description="What happened and why you are worried, in your own words")
    immediate_risk: StrictBool = Field(
        description="True if a child is at risk of immediate harm: the front door treats it as urgent (red). "
        "If a child is in immediate danger, also call the police on 999."
    )
    consent: Consent = Field(
        description="Do the family know about this referral? given: they know and agree; not_given: they "
        "were asked and did not agree; not_sought: not asked because it could put the child at risk; "
        "unknown: not known."
    )
    consent_notes: LongText = ""
    referrer: ReferrerIn
    referrer_view: LongText = Field("", description="What you think should happen next")


class ChildOut(Schema):
    first_name: str
    last_name: str
    date_of_birth: dt.date | None


class ReferralOut(Schema):
    """A referral as the organisation that submitted it may see it."""

    id: uuid.UUID
    reference: str = Field(description="The short reference to quote if you phone the front door")
    received_at: dt.datetime
    status: Status = Field(
        description="received: not yet picked up; being_considered: the front door is looking at it; "
        "decided: a decision has been made and signed off"
    )
    children: list[ChildOut] = Field(description="The children as you submitted them")
    outcome: str | None = Field(description="Once decided: the outcome, in plain English")
    feedback: str | None = Field(description="Once decided: what the front door wants you to know")
    feedback_sent_at: dt.datetime | None


class Error(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int] = Field(
        description='Where the problem is: ["body", "children", 0, "nhs_number"], ["header", '
        '"Idempotency-Key"]'
    )
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[FieldError]
