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
