"""Partner pages: a school's (or any partner's) referral form, and the feedback on what their organisation
submitted. A partner sees what they sent and the outcome they are told: never a child's record, the
front door's reasoning, or what other agencies said."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability
from kindred.audit import log
from kindred.frontdoor import actions
from kindred.frontdoor.forms import ReferralForm
from kindred.frontdoor.models import Contact, ThresholdDecision


def status_for_referrer(contact: Contact) -> str:
    """The status a referrer is told: they learn the outcome once it is signed off, not before."""
    if contact.referrer_told:
        return "Decided"
    return "Being considered"


def outcome_for_referrer(contact: Contact) -> str:
    if not contact.referrer_told:
        return ""
    decision = ThresholdDecision.objects.filter(contact=contact).first()
    return decision.outcome_for_referrer if decision else ""


@requires(Capability.SUBMIT_REFERRALS)
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    contacts = list(
        Contact.objects.submitted_by_organisation_of(request.user)
        .select_related("decision")
        .prefetch_related("children")
        .order_by("-received_at")[:100]
    )
    rows = [{"contact": c, "status": status_for_referrer(c)} for c in contacts]
    log.record_many([log.EventSpec("contact.listed_for_referrer", c) for c in contacts], by=request.user)
    return render(request, "frontdoor/referral_list.html", {"rows": rows})


@requires(Capability.SUBMIT_REFERRALS)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    from kindred.frontdoor.views import _child_count

    adding = request.method == "POST" and "add_child" in request.POST
    user = request.user
    initial = {
        "referrer_name": user.get_full_name(),  # type: ignore[union-attr]
        "referrer_role": getattr(user, "job_title", ""),
        "referrer_email": getattr(user, "email", ""),
    }
    form = ReferralForm(
        request.POST or None, initial=initial, child_count=_child_count(request) if request.POST else 1
    )
    if request.method == "POST" and not adding and form.is_valid():
        try:
            contact = actions.record_contact(
                by=request.user, children=form.children(), **form.action_values()
            )
        except ValidationError as error:
            form.apply_action_errors(error)
        else:
            messages.success(
                request,
                f"Referral sent. Your reference is {contact.reference}. The front door will decide what "
                "happens within one working day, and you will see the outcome here.",
            )
            return redirect("referrals:detail", referral_uuid=contact.uuid)
    if adding:
        form.errors.clear()
    return render(request, "frontdoor/referral_form.html", {"form": form, "title": "Refer a child"})


@requires(Capability.SUBMIT_REFERRALS)
@require_GET
def referral_detail(request: HttpRequest, referral_uuid: UUID) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.submitted_by_organisation_of(request.user).prefetch_related("children"),
        uuid=referral_uuid,
    )
    log.record("contact.viewed_by_referrer", by=request.user, target=contact)
    context = {
        "contact": contact,
        "status": status_for_referrer(contact),
        "outcome": outcome_for_referrer(contact),
    }
    return render(request, "frontdoor/referral_detail.html", context)
