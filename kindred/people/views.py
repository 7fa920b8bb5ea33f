"""Person pages: the child's page (summary and network), recording and changing a person and their network.

Views are thin: they read through `visible_to(user)` (404 for a record that is missing or not visible), check
`can_edit_person` before showing a form that changes a record, and hand the cleaned data to an action, which
checks, saves and audits in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person
from kindred.people import actions
from kindred.people.forms import (
    AddKnownPersonForm,
    AddNewPersonForm,
    AddressForm,
    ChangeRelationshipForm,
    ContactDetailForm,
    DisabilityForm,
    EndRelationshipForm,
    EndWarningForm,
    FindPersonForm,
    IdentifierForm,
    OtherNameForm,
    PersonEditForm,
    PersonForm,
    WarningForm,
    kind_value,
    parse_kind,
)
from kindred.people.matching import PersonQuery, find_people
from kindred.people.models import Person, Relationship, Warning
from kindred.people.names import normalise
from kindred.people.network import ecomap, in_sentence, network_of, relationship_label
from kindred.people.queries import get_visible_person
from kindred.people.summary import load_person_record
from kindred.ui.forms import apply_errors

CONFLICT_MESSAGE = (
    "Someone else changed this while you were working on it, so your changes have not been saved. "
    "Check it as it is now, then make your changes again."
)


# --- The child's page ---------------------------------------------------------------------------------------


@requires(Capability.VIEW_PEOPLE)
@require_GET
def person_detail(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    record = load_person_record(request.user, person_uuid)
    person = record.person
    actions.record_person_viewed(person=person, by=request.user)
    network = network_of(person, request.user)
    context: dict[str, Any] = {
        "person": person,
        "record": record,
        "network": network,
        "ecomap": ecomap(network),
        "can_edit": can_edit_person(request.user, person),
        "can_see_access": can(request.user, Capability.SEE_RECORD_ACCESS),
        "can_merge": can(request.user, Capability.MERGE_PEOPLE),
        "can_restrict": can(request.user, Capability.MANAGE_RESTRICTIONS),
        "is_professional": person.organisation_id is not None,
    }
    return render(request, "people/person_detail.html", context)


# --- Recording and changing a person ------------------------------------------------------------------------


def _editable_person(request: HttpRequest, person_uuid: UUID, *, audit_view: bool = True) -> Person:
    """The person, if this user may see them (else 404) and change them (else 403). Opening the form is
    recorded as a view unless the caller records it itself, after resolving more of the URL."""
    person = get_visible_person(request.user, person_uuid)
    if not can_edit_person(request.user, person):
        raise PermissionDenied
    if audit_view:
        _record_form_view(request, person)
    return person


def _record_form_view(request: HttpRequest, person: Person) -> None:
    if request.method == "GET":
        # A form about the person shows their details: opening it is a view of the record (check 22).
        actions.record_person_viewed(
            person=person, by=request.user, purpose="Opening a form to change the record"
        )


def _back(person: Person, anchor: str = "") -> str:
    url = reverse("people:detail", args=[person.uuid])
    return f"{url}#{anchor}" if anchor else url


def _record_form(
    request: HttpRequest,
    person: Person,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    success: str,
    anchor: str = "",
    template: str = "people/record_form.html",
    extra: dict[str, Any] | None = None,
    submit: str = "Save",
) -> HttpResponse:
    """Show a form; on a good POST, call the action and go back to the person's page."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_back(person, anchor))
    context = {
        "form": form,
        "title": title,
        "person": person,
        "submit": submit,
        "back": _back(person, anchor),
    }
    context.update(extra or {})
    return render(request, template, context)


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    possible_matches = None
    if request.method == "POST" and form.is_valid() and not request.POST.get("confirmed_new"):
        # One child, one record: before a new record is made, show anyone it might already be. The
        # practitioner decides; nothing is merged or blocked automatically.
        possible_matches = _possible_matches(request, form.cleaned_data)
    if request.method == "POST" and form.is_valid() and not possible_matches:
        try:
            person = actions.create_person(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has been recorded.")
            return redirect("people:detail", person_uuid=person.uuid)
    context = {"form": form, "title": "Record a new person", "possible_matches": possible_matches}
    return render(request, "people/person_form.html", context)


def _possible_matches(request: HttpRequest, data: dict[str, Any]) -> Any:
    """Existing records the new person might be, from what was typed (audited as a search)."""
    query = PersonQuery(
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        date_of_birth=data.get("date_of_birth"),
        nhs_number=data.get("nhs_number") or "",
        upn=data.get("upn") or "",
    )
    if query.is_empty:
        return None
    outcome = find_people(request.user, query, limit=10)
    if not outcome.matches:
        return None
    terms = {
        "name": f"{query.first_name} {query.last_name}".strip(),
        "purpose": "before recording a new person",
    }
    if query.date_of_birth:
        terms["date_of_birth"] = query.date_of_birth.isoformat()
    actions.record_people_searched(
        terms=terms, shown=[m.person for m in outcome.matches], total=outcome.total, by=request.user
    )
    return outcome


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
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
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The changes have been saved.")
            return redirect("people:detail", person_uuid=person.uuid)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "title": f"Change {person.full_name}'s details",
            "person": person,
            "conflict": conflict,
            "back": _back(person),
        },
        status=409 if conflict else 200,
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def name_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = OtherNameForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.add_other_name(person=person, by=request.user, **data)

    return _record_form(
        request, person, form, save, title="Add a name", success="The name has been added.", anchor="names"
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def identifier_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = IdentifierForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.add_identifier(person=person, kind=data["kind"], value=data["value"], by=request.user)

    return _record_form(
        request,
        person,
        form,
        save,
        title="Add an identifier",
        success="The identifier has been added.",
        anchor="identifiers",
        extra={"hint": "NHS number and UPN are changed with the person's details."},
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def contact_detail_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = ContactDetailForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.add_contact_detail(person=person, by=request.user, **data)

    return _record_form(
        request,
        person,
        form,
        save,
        title="Add a phone number or email",
        success="The contact detail has been added.",
        anchor="contact",
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def address_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = AddressForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.add_address(person=person, by=request.user, **data)

    addresses = list(person.addresses.all())
    return _record_form(
        request,
        person,
        form,
        save,
        title="Add an address",
        success="The address has been added.",
        anchor="address",
        template="people/address_form.html",
        extra={"addresses": addresses},
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def disability_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = DisabilityForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.record_disability(
            person=person, code=data["code"], start_date=data["start_date"], by=request.user
        )

    return _record_form(
        request,
        person,
        form,
        save,
        title="Record a disability",
        success="The disability has been recorded.",
        anchor="about",
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def warning_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    form = WarningForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        actions.add_warning(
            person=person, text=data["text"], review_date=data["review_date"], by=request.user
        )

    return _record_form(
        request,
        person,
        form,
        save,
        title="Add a staff safety warning",
        success="The warning has been added. It shows at the top of the record until it is ended.",
        extra={
            "hint": "Anyone who opens this record sees the warning first. Do not put it in case notes only."
        },
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def warning_end(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = _editable_person(request, person_uuid)
    warnings = list(
        Warning.objects.filter(person=person, ended_at__isnull=True).order_by("review_date", "pk")
    )
    if not warnings:
        raise Http404("No warnings to end")
    form = EndWarningForm(request.POST or None, warnings=warnings)
    by_pk = {str(w.pk): w for w in warnings}

    def save(data: dict[str, Any]) -> None:
        actions.end_warning(warning=by_pk[data["warning"]], reason=data["reason"], by=request.user)

    return _record_form(
        request,
        person,
        form,
        save,
        title="End a staff safety warning",
        success="The warning has been ended.",
        submit="End warning",
    )


# --- The network --------------------------------------------------------------------------------------------


CANDIDATE_LIMIT = 20


def _candidates(request: HttpRequest, person: Person, find: FindPersonForm) -> list[Person]:
    """People this user may see who match the name (and date of birth), to add to the network: a simple
    prefix match on the stored search keys, at most CANDIDATE_LIMIT, audited as a search."""
    data = find.cleaned_data
    queryset = (
        Person.objects.visible_to(request.user)
        .current()
        .exclude(pk=person.pk)
        .filter(search_last__startswith=normalise(data["last_name"]))
        .select_related("organisation")
    )
    if data.get("first_name"):
        queryset = queryset.filter(search_first__startswith=normalise(data["first_name"]))
    if data.get("date_of_birth"):
        queryset = queryset.filter(date_of_birth=data["date_of_birth"])
    found = list(queryset.order_by("last_name", "first_name", "date_of_birth", "pk")[:CANDIDATE_LIMIT])
    terms = {k: v for k, v in data.items() if v}
    terms["purpose"] = f"add to the network of {person.uuid}"
    actions.record_people_searched(terms=terms, shown=found, total=len(found), by=request.user)
    return found


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def relationship_add(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """Add someone already on Kindred: find them by name and date of birth, then say how they are related."""
    person = _editable_person(request, person_uuid)
    first = person.first_name or person.full_name
    # The search travels with the form (GET to search, hidden fields on POST) so the list can be shown again.
    source = request.POST if request.method == "POST" else request.GET
    find = FindPersonForm(source if "find-last_name" in source else None, prefix="find")
    searched = find.is_bound and find.is_valid()
    candidates = _candidates(request, person, find) if searched else []
    if candidates:
        known = {t.other.pk: t.label for t in network_of(person, request.user).current if t.other is not None}
        for candidate in candidates:
            candidate.in_network_as = known.get(candidate.pk, "")  # type: ignore[attr-defined]
    form = AddKnownPersonForm(
        request.POST or None,
        candidates=candidates,
        first_name=first,
        professional=person.organisation_id is not None,
    )

    def save(data: dict[str, Any]) -> None:
        other = Person.objects.visible_to(request.user).current().filter(uuid=data["person"]).first()
        if other is None or other.pk == person.pk:
            raise ValidationError({"person": "Select the person to add"})
        kind, subject_is_from = parse_kind(data["kind"])
        ends = (person, other) if subject_is_from else (other, person)
        actions.add_relationship(
            from_person=ends[0], to_person=ends[1], kind=kind, by=request.user, **form.relationship_values()
        )

    return _record_form(
        request,
        person,
        form,
        save,
        title=f"Add someone to {first}'s network",
        success="The relationship has been added.",
        anchor="network",
        template="people/relationship_add.html",
        extra={"find": find, "candidates": candidates, "searched": searched, "limit": CANDIDATE_LIMIT},
        submit="Add to network",
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def relationship_add_new(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """Add someone not yet on Kindred: record them and the relationship together (both or neither)."""
    person = _editable_person(request, person_uuid)
    first = person.first_name or person.full_name
    form = AddNewPersonForm(
        request.POST or None, first_name=first, professional=person.organisation_id is not None
    )

    def save(data: dict[str, Any]) -> None:
        kind, subject_is_from = parse_kind(data["kind"])
        actions.add_person_to_network(
            person=person,
            kind=kind,
            person_is_from=subject_is_from,
            new_person=form.person_values(),
            by=request.user,
            **form.relationship_values(),
        )

    return _record_form(
        request,
        person,
        form,
        save,
        title=f"Add someone new to {first}'s network",
        success="The person and their relationship have been recorded.",
        anchor="network",
        template="people/relationship_new.html",
        submit="Add to network",
    )


def _relationship(request: HttpRequest, person: Person, relationship_uuid: UUID) -> tuple[Relationship, bool]:
    """The person's own relationship with someone this user may see (else 404), and whether the person is
    its `from` end."""
    relationship = (
        Relationship.objects.filter(uuid=relationship_uuid)
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person")
        .first()
    )
    if relationship is None:
        raise Http404("No relationship here")
    subject_is_from = relationship.from_person_id == person.pk
    other = relationship.to_person if subject_is_from else relationship.from_person
    if not Person.objects.visible_to(request.user).filter(pk=other.pk).exists():
        raise Http404("No relationship here")
    return relationship, subject_is_from


def _describe(relationship: Relationship, subject_is_from: bool) -> tuple[Person, str]:
    other = relationship.to_person if subject_is_from else relationship.from_person
    return other, relationship_label(relationship.kind, other_is_from=not subject_is_from, sex=other.sex)


def _editable_relationship(
    request: HttpRequest, person_uuid: UUID, relationship_uuid: UUID
) -> tuple[Person, Relationship, bool]:
    """The person and their relationship, found before the right to change them is decided: a relationship
    that is missing, or another record's, answers 404 whoever asks (the house rule); only a real one can be
    refused (403)."""
    person = get_visible_person(request.user, person_uuid)
    relationship, subject_is_from = _relationship(request, person, relationship_uuid)
    if not can_edit_person(request.user, person):
        raise PermissionDenied
    return person, relationship, subject_is_from


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def relationship_change(request: HttpRequest, person_uuid: UUID, relationship_uuid: UUID) -> HttpResponse:
    person, relationship, subject_is_from = _editable_relationship(request, person_uuid, relationship_uuid)
    _record_form_view(request, person)
    other, label = _describe(relationship, subject_is_from)
    initial = {
        "kind": kind_value(relationship.kind, subject_is_from=subject_is_from),
        "lives_with": relationship.lives_with,
        "parental_responsibility": relationship.parental_responsibility,
        "contact_restriction": relationship.contact_restriction,
        "start_date": relationship.start_date,
        "end_date": relationship.end_date,
        "note": relationship.note,
        "version": relationship.version,
    }
    form = ChangeRelationshipForm(
        request.POST or None,
        initial=initial,
        first_name=person.first_name or person.full_name,
        professional=person.organisation_id is not None,
        subject_is_from=subject_is_from,
    )
    return _relationship_update(
        request,
        person,
        relationship,
        form,
        title=f"Change {other.full_name}'s relationship to {person.first_name or person.full_name}",
        caption=f"{other.full_name}, {in_sentence(label)}",
        fields=lambda data: {
            "kind": data["kind"],
            "end_date": data.get("end_date"),
            **form.relationship_values(),
        },
        success="The relationship has been changed.",
    )


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def relationship_end(request: HttpRequest, person_uuid: UUID, relationship_uuid: UUID) -> HttpResponse:
    person, relationship, subject_is_from = _editable_relationship(request, person_uuid, relationship_uuid)
    _record_form_view(request, person)
    other, label = _describe(relationship, subject_is_from)
    form = EndRelationshipForm(request.POST or None, initial={"version": relationship.version})
    return _relationship_update(
        request,
        person,
        relationship,
        form,
        title=f"End {other.full_name}'s relationship to {person.first_name or person.full_name}",
        caption=f"{other.full_name}, {in_sentence(label)}",
        fields=lambda data: {"end_date": data["end_date"]},
        success="The relationship has been ended. It stays in the record as an ended relationship.",
        submit="End relationship",
        hint="Ending a relationship keeps it in the history. It shows as a dashed line in the network.",
    )


def _relationship_update(
    request: HttpRequest,
    person: Person,
    relationship: Relationship,
    form: ChangeRelationshipForm | EndRelationshipForm,
    *,
    title: str,
    caption: str,
    fields: Callable[[dict[str, Any]], dict[str, Any]],
    success: str,
    submit: str = "Save",
    hint: str = "",
) -> HttpResponse:
    """Change a relationship against the version the worker started from: a change made by someone else in
    the meantime is a conflict, shown plainly, never silently overwritten."""
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_relationship(
                relationship=relationship,
                version=form.cleaned_data["version"],
                by=request.user,
                **fields(form.cleaned_data),
            )
        except actions.ConflictError:
            conflict = True
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_back(person, "network"))
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "person": person,
        "submit": submit,
        "hint": hint,
        "conflict": conflict,
        "back": _back(person, "network"),
    }
    return render(request, "people/record_form.html", context, status=409 if conflict else 200)


__all__ = [
    "address_add",
    "contact_detail_add",
    "disability_add",
    "identifier_add",
    "name_add",
    "person_create",
    "person_detail",
    "person_edit",
    "relationship_add",
    "relationship_add_new",
    "relationship_change",
    "relationship_end",
    "warning_add",
    "warning_end",
]
