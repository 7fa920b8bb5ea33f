"""Forms for recording and changing a person and their network.

Forms check the shape of what was typed (a real date, a real NHS number, a name made of letters) and say
what to fix in GOV.UK words; the actions check the rules (kindred.people.actions). Free text (notes, warnings,
contact restrictions) may hold anything a worker needs to write: it is escaped wherever it is shown.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kindred.people import codes
from kindred.people.models import (
    CARER_KINDS,
    FAMILY_KINDS,
    PROFESSIONAL_KINDS,
    RECIPROCAL,
    SYMMETRIC_KINDS,
    ContactDetail,
    Identifier,
    PersonName,
    RelationshipKind,
)
from kindred.people.validators import validate_nhs_number, validate_upn
from kindred.ui.forms import GovukDateField, GovukForm

# --- Shared checks ------------------------------------------------------------------------------------------

_NAME_PUNCTUATION = set(" -'.\u2019")  # \u2019: the curly apostrophe (O\u2019Brien)


def validate_name(value: str) -> None:
    """Names are letters (any alphabet), spaces, hyphens, apostrophes and full stops: nothing else."""
    for char in value:
        if char in _NAME_PUNCTUATION:
            continue
        if unicodedata.category(char)[0] in ("L", "M"):
            continue
        raise ValidationError(
            "Enter a name using only letters, spaces, hyphens, apostrophes and full stops", code="name_chars"
        )


def validate_free_text(value: str) -> None:
    """Free text may say anything, but not hide control characters (they break exports and returns)."""
    if isinstance(value, str) and any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
        raise ValidationError("Remove the hidden control characters from this text", code="control_chars")


_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$")
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_NI_NUMBER = re.compile(r"^[A-Z]{2}[0-9]{6}[A-D]$")


class PeopleForm(GovukForm):
    """GOV.UK error messages for the generic checks Django makes (required, too long, not a choice)."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field_ in self.fields.items():
            label = str(field_.label or name.replace("_", " ").capitalize())
            if isinstance(field_, forms.CharField) and field_.max_length:
                field_.error_messages["max_length"] = (
                    f"{label} must be {field_.max_length} characters or fewer"
                )
            if isinstance(field_, forms.ChoiceField):
                field_.error_messages["invalid_choice"] = f"Select {label.lower()} from the list"  # noqa: S608
            default = (
                f"Select {label.lower()}"
                if isinstance(field_, forms.ChoiceField)
                else f"Enter {label.lower()}"
            )
            field_.error_messages["required"] = self.required_messages.get(name, default)
            if type(field_) is forms.CharField and not isinstance(field_.widget, forms.HiddenInput):
                field_.validators.append(validate_free_text)

    def _has_a_name(self, data: dict[str, Any]) -> bool:
        """A first or last name was given (or one was typed but is wrong, and already has its own error)."""
        return bool(
            data.get("first_name")
            or data.get("last_name")
            or "first_name" in self.errors
            or "last_name" in self.errors
        )


def _trimmed(value: str) -> str:
    return " ".join(value.split())


# --- The person's details -----------------------------------------------------------------------------------


class PersonForm(PeopleForm):
    first_name = forms.CharField(
        label="First name", max_length=100, required=False, validators=[validate_name]
    )
    middle_names = forms.CharField(
        label="Middle names", max_length=200, required=False, validators=[validate_name]
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False, validators=[validate_name])
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, not_future=True, help_text="For example, 27 3 2019"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth", required=False, help_text="Only for an unborn baby"
    )
    sex = forms.ChoiceField(label="Sex", choices=codes.SEX, widget=forms.RadioSelect(attrs={"inline": True}))
    gender_identity = forms.CharField(
        label="Gender identity",
        max_length=100,
        required=False,
        help_text="In the person's own words, if they have told you",
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=codes.ETHNICITY, initial="NOBT")
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    religion = forms.ChoiceField(label="Religion", choices=codes.RELIGION, required=False)
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=12,
        required=False,
        validators=[validate_nhs_number],
        help_text="10 digits, like 943 476 5919",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)", max_length=13, required=False, validators=[validate_upn]
    )
    former_upn = forms.CharField(label="Former UPN", max_length=13, required=False, validators=[validate_upn])
    date_of_death = GovukDateField(label="Date of death", required=False, not_future=True)

    required_messages = {"sex": "Select the person's sex, or 'Unknown'"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self._has_a_name(data) and not data.get("expected_date_of_birth"):
            self.add_error("first_name", "Enter a first name or a last name")
        born, died = data.get("date_of_birth"), data.get("date_of_death")
        if born and died and died < born:
            # The action refuses it too, but only after the database rule, whose words are not for people.
            self.add_error("date_of_death", "Date of death must be on or after the date of birth")
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you changing this?",
        max_length=500,
        required=False,
        help_text="For example, 'Name confirmed from birth certificate'",
    )


class OtherNameForm(PeopleForm):
    kind = forms.ChoiceField(label="Type of name", choices=PersonName.Kind.choices, widget=forms.RadioSelect)
    first_name = forms.CharField(
        label="First name", max_length=100, required=False, validators=[validate_name]
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False, validators=[validate_name])
    start_date = GovukDateField(
        label="Used from", required=False, help_text="If known, for example 27 3 2019"
    )
    end_date = GovukDateField(label="Used until", required=False, help_text="Leave blank if still used")

    required_messages = {"kind": "Select the type of name"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self._has_a_name(data):
            self.add_error("first_name", "Enter a first name or a last name")
        return data


class IdentifierForm(PeopleForm):
    kind = forms.ChoiceField(label="Type of identifier", choices=Identifier.Kind.choices)
    value = forms.CharField(label="Identifier", max_length=50, help_text="As it appears on the document")

    required_messages = {"kind": "Select the type of identifier", "value": "Enter the identifier"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = _trimmed(data.get("value") or "")
        if not value:
            return data
        if not _IDENTIFIER.match(value):
            self.add_error(
                "value",
                "Enter an identifier using only letters, numbers, spaces, hyphens, slashes and full stops",
            )
            return data
        if data.get("kind") == Identifier.Kind.NI_NUMBER:
            value = value.replace(" ", "").upper()
            if not _NI_NUMBER.match(value):
                self.add_error(
                    "value", "Enter a National Insurance number in the right format, like QQ 12 34 56 C"
                )
        elif data.get("kind") == Identifier.Kind.ULN:
            value = value.replace(" ", "")
            if not re.fullmatch(r"\d{10}", value):
                self.add_error("value", "Enter a unique learner number of 10 digits")
        data["value"] = value
        return data


class ContactDetailForm(PeopleForm):
    kind = forms.ChoiceField(
        label="Type of contact", choices=ContactDetail.Kind.choices, widget=forms.RadioSelect
    )
    value = forms.CharField(label="Phone number or email address", max_length=254)
    note = forms.CharField(
        label="Note",
        max_length=200,
        required=False,
        help_text="Optional. For example, 'Text only: do not call before 10am'",
    )

    required_messages = {
        "kind": "Select phone, mobile or email",
        "value": "Enter the phone number or email address",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = (data.get("value") or "").strip()
        kind = data.get("kind")
        if not value or not kind:
            return data
        if kind == ContactDetail.Kind.EMAIL:
            try:
                validate_email(value)
            except ValidationError:
                self.add_error("value", "Enter an email address in the right format, like name@example.com")
        else:
            digits = re.sub(r"\D", "", value)
            if not _PHONE.match(value) or not 7 <= len(digits) <= 15:
                self.add_error("value", "Enter a phone number, like 0121 496 0000 or +44 7700 900 982")
        data["value"] = value
        return data


class AddressForm(PeopleForm):
    line1 = forms.CharField(
        label="Address line 1", max_length=200, help_text="Usually the building and street"
    )
    line2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", required=False)  # the pattern below limits its length
    uprn = forms.CharField(
        label="UPRN (optional)",
        max_length=12,
        required=False,
        help_text="The unique property reference number, up to 12 digits",
    )
    start_date = GovukDateField(
        label="Moved in",
        required=False,
        help_text="For example, 27 3 2024. The current address ends the day before.",
    )

    required_messages = {"line1": "Enter address line 1, usually the building and street"}

    def clean_postcode(self) -> str:
        value = " ".join(self.cleaned_data.get("postcode", "").upper().split())
        if value and not _POSTCODE.match(value):
            raise ValidationError("Enter a full UK postcode, like B11 1AA")
        return value

    def clean_uprn(self) -> str:
        value = self.cleaned_data.get("uprn", "").strip()
        if value and not re.fullmatch(r"\d{1,12}", value):
            raise ValidationError("Enter a UPRN of up to 12 digits")
        return value


class DisabilityForm(PeopleForm):
    code = forms.ChoiceField(label="Disability", choices=[("", "Select a disability"), *codes.DISABILITY])
    start_date = GovukDateField(label="Since", required=False, not_future=True, help_text="If known")

    required_messages = {"code": "Select the disability"}


class WarningForm(PeopleForm):
    text = forms.CharField(
        label="What do staff need to know?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the risk is and what to do, for example 'Large dog: ask for it to be shut away'",
    )
    review_date = GovukDateField(
        label="Review by", help_text="When this warning must be looked at again, for example 27 3 2027"
    )

    required_messages = {"text": "Enter what staff need to know", "review_date": "Enter the review date"}


class EndWarningForm(PeopleForm):
    warning = forms.ChoiceField(label="Which warning is no longer needed?", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why is it no longer needed?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    required_messages = {"warning": "Select the warning to end", "reason": "Enter why the warning is ending"}

    def __init__(self, *args: Any, warnings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["warning"]
        assert isinstance(field_, forms.ChoiceField)
        field_.choices = [(str(w.pk), w.text) for w in warnings]
        field_.error_messages["invalid_choice"] = "Select the warning from the list"
        if len(warnings) == 1:
            field_.initial = str(warnings[0].pk)


# --- Relationships ------------------------------------------------------------------------------------------

REVERSE = "rev:"


def relationship_choices(first_name: str, *, professional: bool = False) -> list[tuple[str, Any]]:
    """The answers to "What is this person to <first name>?", grouped. A value of rev:<kind> means the person
    whose record this is is the <kind> of the other (rev:parent: the other is their child)."""
    labels = dict(RelationshipKind.choices)
    family: list[tuple[str, str]] = []
    reverse_family = {
        "parent": "Child (son or daughter)",
        "step_parent": "Step-child",
        "grandparent": "Grandchild",
        "aunt_uncle": "Niece or nephew",
    }
    for kind in RelationshipKind.values:
        if kind in FAMILY_KINDS:
            family.append((kind, str(labels[kind])))
            if kind in reverse_family:
                family.append((REVERSE + kind, reverse_family[kind]))
    carers: list[tuple[str, str]] = []
    for kind in RelationshipKind.values:
        if kind in CARER_KINDS:
            carers.append((kind, str(labels[kind])))
    for kind in RelationshipKind.values:
        if kind in CARER_KINDS:
            carers.append((REVERSE + kind, RECIPROCAL[kind]))
    pros = [(k, str(labels[k])) for k in RelationshipKind.values if k in PROFESSIONAL_KINDS]
    if professional:
        pros += [
            (REVERSE + k, f"{RECIPROCAL[k]} (as {str(labels[k]).lower()})")
            for k in RelationshipKind.values
            if k in PROFESSIONAL_KINDS
        ]
    others = [(k, str(labels[k])) for k in ("household_member", "friend", "significant_other")]
    return [
        ("", "Select a relationship"),
        ("Family", family),
        ("Carers and care", carers),
        ("Professionals", pros),
        ("Others", others),
    ]


def parse_kind(value: str) -> tuple[str, bool]:
    """(kind, the record's person is the `from` end)."""
    if value.startswith(REVERSE):
        return value[len(REVERSE) :], True
    return value, False


def kind_value(kind: str, *, subject_is_from: bool) -> str:
    if subject_is_from and kind not in SYMMETRIC_KINDS:
        return REVERSE + kind
    return kind


class RelationshipDetailsForm(PeopleForm):
    kind = forms.ChoiceField(label="Relationship")
    lives_with = forms.BooleanField(label="Lives with them", required=False)
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility",
        required=False,
        help_text="The parent or carer in this relationship holds parental responsibility",
    )
    contact_restriction = forms.CharField(
        label="Contact restriction (if any)",
        max_length=500,
        required=False,
        help_text="For example, 'No unsupervised contact (court order 12 March 2026)'",
    )
    start_date = GovukDateField(label="Since", required=False, not_future=True, help_text="If known")
    note = forms.CharField(
        label="Why this person matters",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. In the child's words if you can",
    )

    required_messages = {"kind": "Select the relationship"}

    def __init__(self, *args: Any, first_name: str, professional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = relationship_choices(first_name, professional=professional)
        kind.label = f"What is this person to {first_name}?"
        kind.error_messages["invalid_choice"] = "Select the relationship from the list"
        self.fields["lives_with"].label = f"Lives with {first_name}"

    def relationship_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "start_date": data.get("start_date"),
            "parental_responsibility": bool(data.get("parental_responsibility")),
            "lives_with": bool(data.get("lives_with")),
            "contact_restriction": data.get("contact_restriction", ""),
            "note": data.get("note", ""),
        }


class FindPersonForm(PeopleForm):
    """A simple look-up by name and date of birth, to add someone already known to the network."""

    last_name = forms.CharField(label="Last name", max_length=100, validators=[validate_name])
    first_name = forms.CharField(
        label="First name", max_length=100, required=False, validators=[validate_name]
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="If known")

    required_messages = {"last_name": "Enter the person's last name"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("last_name") and not (data.get("first_name") or data.get("date_of_birth")):
            self.add_error("first_name", "Enter a first name or a date of birth as well as the last name")
        return data


class AddKnownPersonForm(RelationshipDetailsForm):
    person = forms.UUIDField(widget=forms.RadioSelect)

    required_messages = {"kind": "Select the relationship", "person": "Select the person to add"}

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["person"]
        field_.label = "Who do you want to add?"
        field_.widget.choices = [(str(p.uuid), p) for p in candidates]  # type: ignore[attr-defined]
        field_.error_messages["invalid"] = "Select the person to add"
        self.order_fields(["person"])


class AddNewPersonForm(RelationshipDetailsForm):
    first_name = forms.CharField(
        label="First name", max_length=100, required=False, validators=[validate_name]
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False, validators=[validate_name])
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, not_future=True, help_text="If known, for example 27 3 1990"
    )
    sex = forms.ChoiceField(
        label="Sex", choices=codes.SEX, initial="U", widget=forms.RadioSelect(attrs={"inline": True})
    )

    required_messages = {"kind": "Select the relationship", "sex": "Select the person's sex, or 'Unknown'"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["first_name", "last_name", "date_of_birth", "sex"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self._has_a_name(data):
            self.add_error("first_name", "Enter a first name or a last name")
        return data

    PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "sex")

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]

    def relationship_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.PERSON_FIELDS]

    def person_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "date_of_birth": data.get("date_of_birth"),
            "sex": data.get("sex") or "U",
        }


class ChangeRelationshipForm(RelationshipDetailsForm):
    end_date = GovukDateField(label="Ended", required=False, help_text="Leave blank if it is still going on")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, subject_is_from: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject_is_from = subject_is_from

    def clean_kind(self) -> str:
        value = self.cleaned_data.get("kind", "")
        kind, subject_is_from = parse_kind(value)
        if kind not in SYMMETRIC_KINDS and subject_is_from != self.subject_is_from:
            raise ValidationError(
                "You cannot turn this relationship round here: end it and add the right one instead"
            )
        return kind


class EndRelationshipForm(PeopleForm):
    end_date = GovukDateField(label="When did it end?", not_future=True, help_text="For example, 27 3 2026")
    version = forms.IntegerField(widget=forms.HiddenInput)

    required_messages = {"end_date": "Enter the date the relationship ended"}
