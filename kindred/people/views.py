"""Person pages: the child's page (summary and network), recording and changing a person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.access.rules import can_edit_person
from kindred.people import actions
from kindred.people.forms import PersonEditForm, PersonForm
from kindred.people.models import Person
from kindred.people.queries import get_visible_person


@requires(Capability.VIEW_PEOPLE)
@require_GET
def person_detail(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    if person.merged_into_id is not None and person.merged_into is not None:
        messages.info(request, f"This record was merged into {person.merged_into.full_name}'s record.")
    actions.record_person_viewed(person=person, by=request.user)
    context: dict[str, Any] = {
        "person": person,
        "can_edit": can_edit_person(request.user, person),
    }
    return render(request, "people/person_detail.html", context)


def _apply_errors(form: PersonForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.create_person(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has been recorded.")
            return redirect("people:detail", person_uuid=person.uuid)
    return render(request, "people/person_form.html", {"form": form, "title": "Record a new person"})


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    if not can_edit_person(request.user, person):
        return render(request, "ui/403.html", status=403)
    initial = {f: getattr(person, f) for f in actions.PERSON_FIELDS if f != "upn_unknown_reason"}
    initial["version"] = person.version
    form = PersonEditForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, reason = data.pop("version"), data.pop("reason")
        try:
            actions.update_person(person=person, version=version, by=request.user, reason=reason, **data)
        except actions.ConflictError:
            conflict = True
            form.add_error(
                None,
                "Someone else changed this record while you were editing it. Your changes "
                "have not been saved: check the record as it is now, then make them again.",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "The changes have been saved.")
            return redirect("people:detail", person_uuid=person.uuid)
    status = 409 if conflict else 200
    return render(
        request,
        "people/person_form.html",
        {"form": form, "title": f"Change {person.full_name}'s details", "person": person},
        status=status,
    )


__all__ = ["Person", "person_create", "person_detail", "person_edit"]
