from __future__ import annotations

from django import forms

from kindred.people import codes
from kindred.people.validators import validate_nhs_number, validate_upn
from kindred.ui.forms import GovukDateField, GovukForm


class PersonForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
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
        help_text="10 digits, like 485 777 3456",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)", max_length=13, required=False, validators=[validate_upn]
    )
    former_upn = forms.CharField(label="Former UPN", max_length=13, required=False, validators=[validate_upn])
    date_of_death = GovukDateField(label="Date of death", required=False, not_future=True)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("first_name") or data.get("last_name")) and not data.get("expected_date_of_birth"):
            self.add_error("first_name", "Enter a first name or a last name")
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you changing this?",
        max_length=500,
        required=False,
        help_text="For example, 'Name confirmed from birth certificate'",
    )
