"""Front-door pages: the queue, and a contact from receipt to decision. Thin views: the actions hold the
rules, the queries the reads; every page that shows a contact records that it was seen."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.audit import log
from kindred.frontdoor import actions, queries
from kindred.frontdoor.forms import (
    ContactForm,
    DecisionForm,
    FindChildForm,
    MashAnswerForm,
    MashCheckForm,
    QueueFilterForm,
    SignOffForm,
    UrgencyForm,
)
from kindred.frontdoor.models import Contact, ContactChild, MashEnquiry, ThresholdDecision
from kindred.organisation.models import Team
from kindred.people.actions import ConflictError, record_people_searched
from kindred.people.matching import PersonQuery, SearchOutcome, find_people
from kindred.people.models import Person
from kindred.ui.forms import apply_errors

CONFLICT = (
    "Someone else changed this contact while you were working on it. Check it as it is now, then try again."
)


def _contact(request: HttpRequest, contact_uuid: UUID) -> Contact:
    """The contact, if this user may see it; missing and hidden both answer 404."""
    return get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("held_by", "submitting_organisation"),
        uuid=contact_uuid,
    )


def _record_seen(request: HttpRequest, action: str, contacts: list[Contact]) -> None:
    """One event for each child record a page shows (or one for the contact, before any child is found)."""
    specs: list[log.EventSpec] = []
    for contact in contacts:
        people: list[Person | None] = [c.person for c in contact.children.all() if c.person is not None]
        specs.extend(log.EventSpec(action, contact, person) for person in people or [None])
    log.record_many(specs, by=request.user)


def _child_count(request: HttpRequest) -> int:
    try:
        count = int(request.POST.get("child_count", "1"))
    except ValueError:
        count = 1
    return count + 1 if "add_child" in request.POST else count


@requires(Capability.WORK_FRONT_DOOR)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    teams = Team.objects.filter(kind=Team.Kind.FRONT_DOOR).order_by("name")
    filters = QueueFilterForm(request.GET or None)
    team_choices = [("", "All teams"), *((str(t.uuid), t.name) for t in teams)]
    filters.fields["team"].choices = team_choices  # type: ignore[attr-defined]
    team_id, rag = None, ""
    if filters.is_valid():
        rag = filters.cleaned_data["rag"]
        if filters.cleaned_data["team"]:
            team_id = teams.get(uuid=filters.cleaned_data["team"]).pk
    contacts = list(queries.queue(request.user, team_id=team_id, rag=rag)[:200])
    now = timezone.now()
    rows = [
        {
            "contact": c,
            "time_left": queries.time_left(c.due_at, now=now),
            "overdue": c.due_at < now,
            "repeat": any(child.repeat_reason for child in c.children.all()),
        }
        for c in contacts
    ]
    _record_seen(request, "contact.listed", contacts)
    context = {
        "rows": rows,
        "filters": filters,
        "overdue_count": sum(1 for r in rows if r["overdue"]),
        "awaiting_count": sum(1 for c in contacts if c.status == Contact.Status.AWAITING_SIGN_OFF),
    }
    return render(request, "frontdoor/queue.html", context)


@requires(Capability.WORK_FRONT_DOOR)
@require_GET
def late(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - dt.timedelta(days=90)
    contacts = list(queries.decided_late(request.user, since=since)[:200])
    _record_seen(request, "contact.listed", contacts)
    return render(request, "frontdoor/late.html", {"contacts": contacts, "since": since})


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    adding = request.method == "POST" and "add_child" in request.POST
    form = ContactForm(request.POST or None, child_count=_child_count(request) if request.POST else 1)
    if request.method == "POST" and not adding and form.is_valid():
        try:
            contact = _record_and_link(request, form)
        except ValidationError as error:
            form.apply_action_errors(error)
        else:
            found = contact.children.filter(person__isnull=False).count()
            still = "" if found == contact.children.count() else " Now find each child's record."
            messages.success(request, f"Contact {contact.reference} recorded.{still}")
            return redirect("frontdoor:contact", contact_uuid=contact.uuid)
    if adding:
        form.errors.clear()
    return render(request, "frontdoor/contact_form.html", {"form": form, "title": "Record a contact"})


def _record_and_link(request: HttpRequest, form: ContactForm) -> Contact:
    """Record the contact and link the records chosen while it was typed, all or nothing."""
    with transaction.atomic():
        contact = actions.record_contact(by=request.user, children=form.children(), **form.action_values())
        rows = list(contact.children.order_by("position"))
        for row, chosen in zip(rows, form.chosen_people(), strict=False):
            if not chosen:
                continue
            wanted = _uuid(chosen)
            person = Person.objects.visible_to(request.user).filter(uuid=wanted).first() if wanted else None
            if person is None:
                raise ValidationError(
                    {f"children.{row.position}.last_name": ["Choose the child's record again"]}
                )
            actions.link_child(child=row, person=person, by=request.user)
    return contact


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@requires(Capability.WORK_FRONT_DOOR)
@require_GET
def child_candidates(request: HttpRequest) -> HttpResponse:
    """Records that may be the child being typed into the contact form (htmx), audited as a search."""
    n = request.GET.get("n", "1")
    n = n if n.isdigit() and len(n) <= 2 else "1"
    form = FindChildForm(
        {
            "first_name": request.GET.get(f"child{n}_first_name", ""),
            "last_name": request.GET.get(f"child{n}_last_name", ""),
            "date_of_birth_0": request.GET.get(f"child{n}_date_of_birth_0", ""),
            "date_of_birth_1": request.GET.get(f"child{n}_date_of_birth_1", ""),
            "date_of_birth_2": request.GET.get(f"child{n}_date_of_birth_2", ""),
            "nhs_number": request.GET.get(f"child{n}_nhs_number", ""),
        }
    )
    outcome = None
    if form.is_valid():
        data = form.cleaned_data
        enough = (data["last_name"] and (data["first_name"] or data["date_of_birth"])) or data["nhs_number"]
        if enough:
            query = form.to_query()
            outcome = find_people(request.user, query, limit=5)
            terms = {**query.terms(), "purpose": "finding a child while recording a contact"}
            shown = [m.person for m in outcome.matches]
            record_people_searched(terms=terms, shown=shown, total=outcome.total, by=request.user)
    chosen = request.GET.get(f"child{n}_person", "")
    context = {"outcome": outcome, "n": n, "chosen": chosen}
    return render(request, "frontdoor/_candidates.html", context)


@requires(Capability.WORK_FRONT_DOOR)
@require_GET
def contact_detail(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    children = list(contact.children.select_related("person").order_by("position"))
    contact._prefetched_objects_cache = {"children": children}  # type: ignore[attr-defined]
    enquiries = list(contact.enquiries.select_related("requested_by"))
    decision = (
        ThresholdDecision.objects.filter(contact=contact)
        .select_related("decided_by", "signed_off_by")
        .first()
    )
    _record_seen(request, "contact.viewed", [contact])
    now = timezone.now()
    context = {
        "contact": contact,
        "children": children,
        "all_found": all(c.person_id for c in children),
        "enquiries": enquiries,
        "decision": decision,
        "time_left": queries.time_left(contact.due_at, now=now),
        "overdue": contact.due_at < now and contact.status != Contact.Status.DECIDED,
        "may_sign_off": (
            can(request.user, Capability.AUTHORISE_DECISIONS)
            and decision is not None
            and decision.status == ThresholdDecision.Status.AWAITING_SIGN_OFF
            and decision.decided_by_id != request.user.pk
        ),
    }
    return render(request, "frontdoor/contact_detail.html", context)


def _child_query(child: ContactChild, form: FindChildForm | None) -> PersonQuery:
    if form is not None and form.is_valid() and any(form.cleaned_data.values()):
        return form.to_query()
    return PersonQuery(
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth,
        nhs_number=child.nhs_number,
    )


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def child_find(request: HttpRequest, contact_uuid: UUID, child_uuid: UUID) -> HttpResponse:
    """Find the child first: records that may be them, with scores and reasons; link one, or record the child
    as new. Nothing is linked automatically."""
    contact = _contact(request, contact_uuid)
    child = get_object_or_404(ContactChild.objects.select_related("person"), contact=contact, uuid=child_uuid)
    back = reverse("frontdoor:contact", kwargs={"contact_uuid": contact.uuid}) + f"#child-{child.uuid}"
    if request.method == "POST":
        try:
            if request.POST.get("new"):
                actions.link_new_child(
                    child=child,
                    by=request.user,
                    first_name=child.first_name,
                    last_name=child.last_name,
                    date_of_birth=child.date_of_birth,
                    nhs_number=child.nhs_number,
                )
                messages.success(request, f"{child.described_name} recorded as a new person and linked.")
            else:
                try:
                    person_uuid = UUID(request.POST.get("person", ""))
                except ValueError:
                    messages.error(request, "Choose the record that is this child, or record them as new")
                    return redirect(request.path)
                person = get_object_or_404(Person.objects.visible_to(request.user), uuid=person_uuid)
                actions.link_child(child=child, person=person, by=request.user)
                messages.success(request, f"{child.described_name} linked to {person.full_name}'s record.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(back)
    form = FindChildForm(request.GET) if request.GET else None
    query = _child_query(child, form)
    outcome = find_people(request.user, query, limit=10) if not query.is_empty else SearchOutcome()
    terms = {k: v for k, v in query.terms().items()}
    terms["purpose"] = f"finding a child for contact {contact.reference}"
    record_people_searched(
        terms=terms, shown=[m.person for m in outcome.matches], total=outcome.total, by=request.user
    )
    if form is None:
        form = FindChildForm(
            initial={
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth,
                "nhs_number": child.nhs_number,
            }
        )
    context = {"contact": contact, "child": child, "outcome": outcome, "form": form, "back": back}
    return render(request, "frontdoor/child_find.html", context)


@requires(Capability.WORK_FRONT_DOOR)
@require_POST
def contact_take(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    try:
        actions.take_contact(contact=contact, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You now hold contact {contact.reference}.")
    return redirect("frontdoor:contact", contact_uuid=contact.uuid)


def _contact_form_page(
    request: HttpRequest,
    contact: Contact,
    form: Any,
    *,
    title: str,
    act: Any,
    done: str,
    template: str = "frontdoor/contact_step.html",
    extra: dict[str, Any] | None = None,
    shows_contact: bool = False,
) -> HttpResponse:
    """A form about a contact: on a valid POST, call `act(cleaned_data)`; action errors go on the form.
    A page that shows what the contact holds (the decision, a check's question) records that it was seen."""
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ConflictError:
            conflict = True
            form.add_error(None, CONFLICT)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("frontdoor:contact", contact_uuid=contact.uuid)
    if shows_contact:
        _record_seen(request, "contact.viewed", [contact])
    context = {"contact": contact, "form": form, "title": title, "conflict": conflict, **(extra or {})}
    return render(request, template, context)


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def contact_urgency(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    form = UrgencyForm(request.POST or None, initial={"rag": contact.rag})
    return _contact_form_page(
        request,
        contact,
        form,
        title="Change the urgency",
        act=lambda data: actions.set_contact_urgency(
            contact=contact, rag=data["rag"], reason=data["reason"], by=request.user
        ),
        done="Urgency changed. The decision's due time has been worked out again.",
    )


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def mash_new(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    form = MashCheckForm(request.POST or None)
    return _contact_form_page(
        request,
        contact,
        form,
        title="Ask a partner agency",
        act=lambda data: actions.request_mash_check(
            contact=contact, agency=data["agency"], question=data["question"], by=request.user
        ),
        done="Check requested.",
    )


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def mash_answer(request: HttpRequest, contact_uuid: UUID, enquiry_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    enquiry = get_object_or_404(MashEnquiry, contact=contact, uuid=enquiry_uuid)
    form = MashAnswerForm(request.POST or None)
    return _contact_form_page(
        request,
        contact,
        form,
        title=f"Record the {enquiry.get_agency_display().lower()} answer",
        act=lambda data: actions.record_mash_answer(
            enquiry=enquiry, answer=data["answer"], answered_by_name=data["answered_by_name"], by=request.user
        ),
        done="Answer recorded.",
        extra={"enquiry": enquiry},
        shows_contact=True,
    )


def _default_feedback(contact: Contact) -> str:
    return (
        f"Thank you for contacting us about the child or children named in your contact {contact.reference}. "
        "We have looked at what you told us and decided what happens next: "
    )


@requires(Capability.WORK_FRONT_DOOR)
@require_http_methods(["GET", "POST"])
def contact_decide(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    previous = ThresholdDecision.objects.filter(contact=contact).first()
    initial: dict[str, Any] = {
        "version": contact.version,
        "feedback": contact.feedback or _default_feedback(contact),
    }
    if previous is not None:
        initial.update(
            level=previous.level,
            outcome=previous.outcome,
            rationale=previous.rationale,
            primary_need=previous.primary_need,
            advice=previous.advice,
            late_reason=previous.late_reason,
        )
    form = DecisionForm(request.POST or None, initial=initial)
    return _contact_form_page(
        request,
        contact,
        form,
        title="Threshold decision",
        act=lambda data: actions.decide_contact(
            contact=contact,
            version=data["version"],
            level=data["level"],
            outcome=data["outcome"],
            rationale=data["rationale"],
            primary_need=data["primary_need"],
            advice=data["advice"],
            feedback=data["feedback"],
            late_reason=data["late_reason"],
            by=request.user,
        ),
        done="Decision recorded. A manager will sign it off.",
        template="frontdoor/decision_form.html",
        shows_contact=True,
        extra={
            "previous": previous,
            "late": timezone.now() > contact.due_at,
            "time_left": queries.time_left(contact.due_at),
        },
    )


@requires(Capability.AUTHORISE_DECISIONS)
@require_http_methods(["GET", "POST"])
def contact_sign_off(request: HttpRequest, contact_uuid: UUID) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    decision = get_object_or_404(
        ThresholdDecision.objects.select_related("decided_by"),
        contact=contact,
        status=ThresholdDecision.Status.AWAITING_SIGN_OFF,
    )
    form = SignOffForm(request.POST or None, initial={"version": contact.version})

    def act(data: dict[str, Any]) -> None:
        if data["choice"] == "agree":
            actions.sign_off_decision(
                contact=contact, version=data["version"], comment=data["comment"], by=request.user
            )
        else:
            actions.return_decision(
                contact=contact, version=data["version"], comment=data["comment"], by=request.user
            )

    done = "Decision signed off. The referrer's feedback has been sent."
    if request.POST.get("choice") == "return":
        done = "Decision sent back to the practitioner."
    return _contact_form_page(
        request,
        contact,
        form,
        title="Sign off the decision",
        act=act,
        done=done,
        template="frontdoor/sign_off_form.html",
        shows_contact=True,
        extra={"decision": decision},
    )
