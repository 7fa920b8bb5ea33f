"""The rule catalogue as managers see it, and the page where the trust sets its own timescales."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.people.actions import ConflictError
from kindred.timescales import actions, rules
from kindred.timescales.forms import LocalValueForm
from kindred.timescales.models import Rule
from kindred.ui.forms import apply_errors


@requires(Capability.VIEW_ORGANISATION)
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    for key in rules.DEFAULTS:  # a flushed catalogue refills itself before it is shown
        rules.rule(key)
    found = list(Rule.objects.order_by("name"))
    for rule in found:
        rule.statutory = actions.is_statutory(rule)  # type: ignore[attr-defined]
    context = {"rules": found, "can_set": can(request.user, Capability.SET_TIMESCALES)}
    return render(request, "timescales/catalogue.html", context)


@requires(Capability.SET_TIMESCALES)
@require_http_methods(["GET", "POST"])
def local_value(request: HttpRequest, rule_key: str) -> HttpResponse:
    rule = get_object_or_404(Rule, key=rule_key)
    conflict = False
    if request.method == "POST":
        form = LocalValueForm(request.POST)
        if form.is_valid():
            try:
                actions.set_local_value(
                    rule=rule,
                    version=form.cleaned_data["version"],
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ConflictError:
                conflict = True
                form.add_error(
                    None, "Someone else changed this timescale since you opened it. Check it again."
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, f"{rule.name}: the timescale is now {Rule.objects.get(pk=rule.pk).description}"
                )
                return redirect("timescales:catalogue")
    else:
        form = LocalValueForm(initial={"version": rule.version, "value": rule.local_value})
    context = {"rule": rule, "form": form, "conflict": conflict, "statutory": actions.is_statutory(rule)}
    return render(request, "timescales/local_value.html", context)
