"""Break-glass access, managing who may see a restricted record, and a user's alerts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindred.access import actions
from kindred.access.forms import BreakGlassForm, NameOnRecordForm, RestrictionForm
from kindred.access.models import Alert, RestrictedAccess
from kindred.access.policy import any_role, requires
from kindred.access.roles import Capability
from kindred.organisation.models import User
from kindred.people.actions import record_person_viewed
from kindred.people.models import Person
from kindred.people.queries import get_visible_person
from kindred.ui.forms import apply_errors


@requires(Capability.BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None, initial={"reference": request.GET.get("reference", "")})
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        try:
            actions.break_glass_by_reference(
                reference=reference, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Granted or not, the user goes to the record: it opens if access was granted, and answers 404
            # otherwise, exactly as for a reference that does not exist.
            messages.info(
                request, f"If this is a restricted record, you can see it for the next {_duration()}."
            )
            return redirect("people:detail", person_uuid=reference)
    return render(request, "access/break_glass.html", {"form": form, "duration": _duration()})


def _duration() -> str:
    minutes = settings.BREAK_GLASS_MINUTES
    if minutes % 60 == 0:
        hours = minutes // 60
        return "hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"


def _restriction_page(
    request: HttpRequest,
    person: Person,
    *,
    restriction_form: RestrictionForm | None = None,
    name_form: NameOnRecordForm | None = None,
) -> HttpResponse:
    named = (
        RestrictedAccess.objects.filter(person=person)
        .select_related("user", "user__team", "granted_by")
        .order_by("user__last_name", "user__first_name")
    )
    context: dict[str, Any] = {
        "person": person,
        "named": named if person.restricted else [],
        "restriction_form": restriction_form
        or RestrictionForm(initial={"restricted": "yes" if person.restricted else "no"}),
        "name_form": name_form or NameOnRecordForm(),
    }
    return render(request, "access/restriction.html", context)


@requires(Capability.MANAGE_RESTRICTIONS)
@require_http_methods(["GET", "POST"])
def restriction(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """Restrict a record (or lift the restriction) and see who is named on it."""
    person = get_visible_person(request.user, person_uuid)
    if request.method == "GET":
        # The page shows the record and who may see it: that is a view of the record.
        record_person_viewed(person=person, by=request.user, purpose="Managing who may see the record")
        return _restriction_page(request, person)
    form = RestrictionForm(request.POST)
    if form.is_valid():
        try:
            updated = actions.set_restricted(
                person=person,
                restricted=form.cleaned_data["restricted"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if updated.restricted:
                messages.success(request, "The record is restricted. Name everyone else who needs to see it.")
            else:
                messages.success(request, "The record is no longer restricted.")
            return redirect("access:restriction", person_uuid=person.uuid)
    return _restriction_page(request, person, restriction_form=form)


@requires(Capability.MANAGE_RESTRICTIONS)
@require_POST
def name_on_record(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """Name a member of staff who may see a restricted record."""
    person = get_visible_person(request.user, person_uuid)
    form = NameOnRecordForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if user is None:
            form.add_error("username", "Enter the username of a member of staff who can view records")
        else:
            try:
                actions.name_on_restricted_record(person=person, user=user, by=request.user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"{user.display_name} can now see this record.")
                return redirect("access:restriction", person_uuid=person.uuid)
    return _restriction_page(request, person, name_form=form)


@any_role
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    """The user's own alerts, unread first."""
    mine = list(
        Alert.objects.filter(recipient_id=request.user.pk)
        .select_related("break_glass")
        .order_by("-created_at")[:100]
    )
    mine.sort(key=lambda alert: alert.read_at is not None)
    # A link to the record only for a record the recipient can see; the message itself names no child.
    person_ids = {alert.break_glass.person_id for alert in mine if alert.break_glass is not None}
    visible = {
        person.pk: person
        for person in Person.objects.visible_to(request.user).filter(pk__in=person_ids).only("uuid")
    }
    rows = [
        {
            "alert": alert,
            "person": visible.get(alert.break_glass.person_id) if alert.break_glass is not None else None,
        }
        for alert in mine
    ]
    return render(request, "access/alerts.html", {"rows": rows})


@any_role
@require_POST
def alert_read(request: HttpRequest, alert_uuid: UUID) -> HttpResponse:
    # Someone else's alert answers 404, exactly like one that does not exist.
    alert = Alert.objects.filter(uuid=alert_uuid, recipient_id=request.user.pk).first()
    if alert is None:
        raise Http404("No alert here")
    actions.mark_alert_read(alert=alert, by=request.user)
    return redirect("access:alerts")
