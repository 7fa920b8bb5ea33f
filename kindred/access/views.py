from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kindred.access import actions
from kindred.access.forms import BreakGlassForm
from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.audit import log
from kindred.people.models import Person


@requires(Capability.BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None, initial={"reference": request.GET.get("reference", "")})
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        person = Person.objects.filter(uuid=reference, restricted=True, merged_into__isnull=True).first()
        if person is None:
            # Same outcome as for a record the user cannot see: the record page answers 404. The attempt is
            # still recorded, so probing for references leaves a trail.
            log.record(
                "access.break_glass_refused",
                by=request.user,
                reason=form.cleaned_data["reason"],
                changes={"reference": [None, str(reference)]},
            )
            return redirect("people:detail", person_uuid=reference)
        try:
            actions.break_glass(person=person, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, "You can see this record for the next hour. Your manager has been told."
            )
            return redirect("people:detail", person_uuid=person.uuid)
    return render(request, "access/break_glass.html", {"form": form})
