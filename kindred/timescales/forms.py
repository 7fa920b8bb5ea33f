from __future__ import annotations

from django import forms

from kindred.ui.forms import GovukForm


class LocalValueForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(
        label="The trust's own value",
        required=False,
        min_value=1,
        help_text="Leave it empty to use the national default.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="Why is it changing?",
        required=False,  # the action says so, alongside any problem with the value
        max_length=1000,
        help_text="For example, the decision of the trust's leadership team and its date.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
