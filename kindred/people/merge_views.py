"""Merging duplicate records (people:merge) and un-merging them (people:unmerge). Managers only
(Capability.MERGE_PEOPLE). See ADR 0005 and kindred.people.merging.

/people/<uuid>/merge/            possible duplicates of this record, and a search for the other record
/people/<uuid>/merge/?into=<uuid>  the two records side by side; POST (into, reason) merges this record into
                                 the other
/people/<uuid>/unmerge/          undo the merge of this record
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.access.rules import can_see_person
from kindred.people import actions, merging
from kindred.people.matching import current_postcodes, find_people, query_for_person
from kindred.people.models import Identifier, Person, PersonName
from kindred.people.queries import get_visible_person
from kindred.people.search_views import PersonSearchForm, run_search, search_form_data
from kindred.ui.forms import GovukForm, apply_errors


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Why are these records the same person?",
        max_length=merging.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, 'Same NHS number and address; school confirmed it is the same child'",
        error_messages={
            "required": "Enter why these records are the same person",
            "max_length": f"Reason must be {merging.REASON_MAX_LENGTH} characters or fewer",
        },
    )


class UnmergeForm(GovukForm):
    reason = forms.CharField(
        label="Why are you un-merging these records?",
        max_length=merging.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, 'Twins: different NHS numbers confirmed with the GP'",
        error_messages={
            "required": "Enter why these records are not the same person",
            "max_length": f"Reason must be {merging.REASON_MAX_LENGTH} characters or fewer",
        },
    )


def _other_person(user: Any, value: str) -> Person:
    try:
        other_uuid = uuid.UUID(value)
    except ValueError:
        raise Http404("No person here") from None
    return get_visible_person(user, other_uuid)


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    duplicate: str
    survivor: str

    @property
    def differs(self) -> bool:
        """Both records hold a value here, and not the same one (a value missing from one is not a
        difference to weigh)."""
        known = {self.duplicate, self.survivor}.isdisjoint(UNKNOWN)
        return known and self.duplicate != self.survivor


UNKNOWN = {"Not known", "None", ""}


def _date(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else "Not known"


def comparison(duplicate: Person, survivor: Person) -> list[ComparisonRow]:
    """The two records side by side, row by row (three queries whatever the records hold)."""
    ids = [duplicate.pk, survivor.pk]
    other_names: dict[int, list[str]] = {pk: [] for pk in ids}
    for name in PersonName.objects.filter(person_id__in=ids).order_by("pk"):
        other_names[name.person_id].append(f"{name} ({name.get_kind_display().lower()})")
    identifiers: dict[int, list[str]] = {pk: [] for pk in ids}
    for identifier in Identifier.objects.filter(person_id__in=ids).order_by("kind", "value"):
        identifiers[identifier.person_id].append(str(identifier))
    postcodes = current_postcodes(ids)

    def values(person: Person) -> list[str]:
        dob = _date(person.date_of_birth)
        if person.date_of_birth:
            dob += f" (age {person.age})"
        elif person.expected_date_of_birth:
            dob = f"Expected {_date(person.expected_date_of_birth)}"
        return [
            person.full_name,
            "; ".join(other_names[person.pk]) or "None",
            dob,
            person.get_sex_display(),
            person.nhs_number or "Not known",
            person.upn or "Not known",
            postcodes.get(person.pk) or "Not known",
            "; ".join(identifiers[person.pk]) or "None",
            "Yes" if person.restricted else "No",
            _date(person.created_at),
        ]

    labels = [
        "Name",
        "Other names",
        "Date of birth",
        "Sex",
        "NHS number",
        "UPN",
        "Postcode",
        "Other references",
        "Restricted record",
        "Record created",
    ]
    return [
        ComparisonRow(label, a, b)
        for label, a, b in zip(labels, values(duplicate), values(survivor), strict=True)
    ]


def _find_page(request: HttpRequest, person: Person, *, not_chosen: bool = False) -> HttpResponse:
    """Possible duplicates of this person, and a search for any other record."""
    actions.record_person_viewed(person=person, by=request.user, purpose="Checking for duplicate records")
    suggestions = None
    query = query_for_person(person)
    if not query.is_empty:
        suggestions = find_people(request.user, query, exclude={person.pk}, limit=20)
        actions.record_people_searched(
            terms={"duplicates_of": str(person.uuid)},
            shown=[m.person for m in suggestions.matches],
            total=suggestions.total,
            by=request.user,
        )
    data = search_form_data(request.GET)
    form = PersonSearchForm(data) if data is not None else PersonSearchForm()
    results = None
    if data is not None and form.is_valid():
        results = run_search(request, form, exclude={person.pk})
    context = {
        "person": person,
        "suggestions": suggestions,
        "form": form,
        "results": results,
        "not_chosen": not_chosen,
    }
    return render(request, "people/merge_find.html", context)


@requires(Capability.MERGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    if person.merged_into_id is not None:
        context: dict[str, Any] = {
            "person": person,
            "merge": merging.open_merge(person),
            "survivor_visible": _survivor_visible(request.user, person),
        }
        return render(request, "people/merge_done.html", context)
    into = (request.POST if request.method == "POST" else request.GET).get("into", "")
    if not into:
        return _find_page(request, person, not_chosen=request.method == "POST")
    survivor = _other_person(request.user, into)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            merging.merge_people(
                duplicate=person, survivor=survivor, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{person.full_name}'s record has been merged into this one.")
            return redirect("people:detail", person_uuid=survivor.uuid)
    problems = merging.merge_problems(person, survivor)
    for who in (person, survivor) if person.pk != survivor.pk else (person,):
        actions.record_person_viewed(person=who, by=request.user, purpose="Comparing records to merge")
    context = {
        "person": person,
        "survivor": survivor,
        "rows": comparison(person, survivor),
        "problems": problems,
        "form": form,
    }
    return render(request, "people/merge_confirm.html", context)


@requires(Capability.MERGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def unmerge(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    merge = merging.open_merge(person) if person.merged_into_id is not None else None
    form = UnmergeForm(request.POST if request.method == "POST" and person.merged_into_id else None)
    if person.merged_into_id is not None and request.method == "POST" and form.is_valid():
        try:
            merging.unmerge_person(person=person, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"{person.full_name}'s record has been un-merged and stands on its own again."
            )
            return redirect("people:detail", person_uuid=person.uuid)
    if person.merged_into is not None:
        actions.record_person_viewed(person=person, by=request.user, purpose="Un-merging records")
    context = {
        "person": person,
        "merge": merge,
        "form": form,
        "survivor_visible": _survivor_visible(request.user, person),
    }
    return render(request, "people/unmerge.html", context)


def _survivor_visible(user: Any, person: Person) -> bool:
    """Whether the record this one was merged into may be named to this user (it may be restricted)."""
    return person.merged_into is not None and can_see_person(user, person.merged_into)
