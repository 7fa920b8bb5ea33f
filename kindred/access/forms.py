from __future__ import annotations

from django import forms

from kindred.ui.forms import GovukForm


class BreakGlassForm(GovukForm):
    reference = forms.UUIDField(
        label="Record reference",
        help_text="The reference of the record as it was given to you, for example on a paper file",
        error_messages={
            "invalid": "Enter the record reference exactly as it was given to you",
            "required": "Enter the record reference",
        },
    )
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text="Your reason is recorded and sent to the record's manager",
        error_messages={"required": "Explain why you need to see this record now"},
    )


class RestrictionForm(GovukForm):
    restricted = forms.TypedChoiceField(
        label="Who can see this record?",
        choices=[
            ("yes", "Only the people named on it (a restricted record)"),
            ("no", "Everyone who may view records"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can see this record"},
    )
    reason = forms.CharField(
        label="Why is this changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="For example, a sealed adoption, or a record of a member of staff's child",
        error_messages={"required": "Explain why the record's access is changing"},
    )


class NameOnRecordForm(GovukForm):
    username = forms.CharField(
        label="Username of the person to name on the record",
        max_length=150,
        help_text="They will be able to see this record until the restriction is lifted",
        error_messages={"required": "Enter the username of a member of staff who can view records"},
    )
