"""Person search: the "Find a person" page (people:search).

The form takes a name, a date of birth and a reference (NHS number, UPN or any other identifier). The home
page's single box posts free text as `q`, which is read into the same three parts (a date, an NHS number or
UPN, the rest a name) and shown in the form, so the practitioner sees how it was read. Matching is
kindred.people.matching; every search is audited (kindred.people.actions.record_people_searched).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.people import actions
from kindred.people.matching import (
    PersonQuery,
    SearchOutcome,
    classify_reference,
    find_people,
    parse_search_text,
    split_name,
)
from kindred.ui.forms import GovukDateField, GovukForm

FORM_FIELDS = ("name", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2", "reference")
FREE_TEXT_MAX_LENGTH = 300
_NAME_CHARACTERS = re.compile(r"^[^\W\d_]+(?:[\s'\u2019.\-][^\W\d_]*)*$")


class PersonSearchForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="First and last name, or just one of them. For example, Amara Okafor",
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, not_future=True, help_text="For example, 27 3 2019"
    )
    reference = forms.CharField(
        label="NHS number, UPN or other reference",
        max_length=50,
        required=False,
        help_text="For example, 943 476 5919, a UPN, or an LA child ID",
        error_messages={"max_length": "Reference must be 50 characters or fewer"},
    )

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            return ""
        if any(ch.isdigit() for ch in name):
            raise forms.ValidationError(
                "Enter the name without numbers. Put a date of birth or a reference in its own box"
            )
        if not _NAME_CHARACTERS.match(name.replace(",", " ")):
            raise forms.ValidationError("Name must only include letters, spaces, hyphens and apostrophes")
        if sum(ch.isalpha() for ch in name) < 2:
            raise forms.ValidationError("Enter at least 2 letters of a name")
        return name

    def clean_reference(self) -> str:
        reference = " ".join((self.cleaned_data.get("reference") or "").split())
        if reference and not any(ch.isalnum() for ch in reference):
            raise forms.ValidationError("Enter a reference using letters and numbers")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("name") or data.get("date_of_birth") or data.get("reference")):
            self.add_error("name", "Enter a name, a date of birth, or an NHS number, UPN or other reference")
        return data

    def to_query(self) -> PersonQuery:
        data = self.cleaned_data
        first, last, either = split_name(data.get("name", ""))
        nhs_number, upn, other = classify_reference(data.get("reference", ""))
        return PersonQuery(
            first_name=first,
            last_name=last,
            either_name=either,
            date_of_birth=data.get("date_of_birth"),
            nhs_number=nhs_number,
            upn=upn,
            reference=other,
        )

    def terms(self) -> dict[str, Any]:
        """What was searched for, as typed, for the audit trail."""
        data = self.cleaned_data
        dob = data.get("date_of_birth")
        values = {
            "name": data.get("name", ""),
            "date_of_birth": dob.isoformat() if dob else "",
            "reference": data.get("reference", ""),
        }
        return {k: v for k, v in values.items() if v}


def search_form_data(params: QueryDict) -> dict[str, str] | None:
    """The form's data from a query string, reading the home page's free text `q` if that is all there is.
    None when nothing was searched for (the page's first visit)."""
    if any(key in params for key in FORM_FIELDS):
        return {key: params.get(key, "") for key in FORM_FIELDS}
    if "q" not in params:
        return None
    text = params.get("q", "")
    if len(text) > FREE_TEXT_MAX_LENGTH:
        # Too long to be a search: let the form say so.
        return {"name": text, "reference": ""}
    parsed = parse_search_text(text)
    day, month, year = parsed.date_parts or ("", "", "")
    return {
        "name": parsed.name,
        "date_of_birth_0": day,
        "date_of_birth_1": month,
        "date_of_birth_2": year,
        "reference": parsed.reference,
    }


def run_search(request: HttpRequest, form: PersonSearchForm, **kwargs: Any) -> SearchOutcome:
    """Search and audit what was shown. The form must be valid."""
    outcome = find_people(request.user, form.to_query(), **kwargs)
    actions.record_people_searched(
        terms=form.terms(), shown=[m.person for m in outcome.matches], total=outcome.total, by=request.user
    )
    return outcome


@requires(Capability.VIEW_PEOPLE)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    data = search_form_data(request.GET)
    form = PersonSearchForm(data) if data is not None else PersonSearchForm()
    outcome: SearchOutcome | None = None
    if data is not None and form.is_valid():
        outcome = run_search(request, form)
    return render(request, "people/search.html", {"form": form, "outcome": outcome})
