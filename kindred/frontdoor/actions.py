"""Writes at the front door. Each action runs in one transaction, checks permission, validates, and writes
its audit event (DESIGN.md principle 2). The page, the partner's referral form, the API and the synthetic
trust all record contacts through `record_contact`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.access.rules import can_see_person
from kindred.audit import log
from kindred.casework import codes
from kindred.casework.actions import open_episode
from kindred.casework.models import Episode
from kindred.frontdoor.models import Contact, ContactChild, MashEnquiry, ThresholdDecision
from kindred.organisation.models import PartnerOrganisation
from kindred.people.actions import ConflictError, create_person, normalise_postcode
from kindred.people.models import Person
from kindred.people.validators import normalise_nhs_number, validate_nhs_number
from kindred.timescales import rules

MAX_CHILDREN = 10
MAX_TEXT = 10_000
RAG_RULES = {
    Contact.Rag.RED: rules.CONTACT_RED,
    Contact.Rag.AMBER: rules.CONTACT_AMBER,
    Contact.Rag.GREEN: rules.CONTACT_GREEN,
}
# The source a partner's own submission is recorded under (CIN census ReferralSource), by the kind of
# organisation submitting it.
SOURCE_FOR_PARTNER = {
    PartnerOrganisation.Kind.SCHOOL: "2A",
    PartnerOrganisation.Kind.EARLY_YEARS: "8",
    PartnerOrganisation.Kind.GP: "3A",
    PartnerOrganisation.Kind.HEALTH: "3F",
    PartnerOrganisation.Kind.POLICE: "6",
    PartnerOrganisation.Kind.HOUSING: "4",
    PartnerOrganisation.Kind.PROBATION: "7",
    PartnerOrganisation.Kind.VOLUNTARY: "8",
    PartnerOrganisation.Kind.OTHER_LA: "5C",
    PartnerOrganisation.Kind.OTHER: "8",
}
REPEAT_WINDOW = dt.timedelta(days=365)
MULTI_AGENCY_WINDOW = dt.timedelta(days=7)


@dataclass(frozen=True)
class ApiClient:
    """Who acts when a partner's system submits through the API: the organisation, through one of its keys.
    Shaped like a user for the audit trail (no pk, a username naming the key)."""

    organisation: PartnerOrganisation
    key_prefix: str

    pk = None
    is_authenticated = True
    is_active = True
    role = ""

    @property
    def username(self) -> str:
        return f"api-key:{self.key_prefix}"


@dataclass(frozen=True)
class ChildDetails:
    """A child as the referrer describes them."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: dt.date | None = None
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""


def _when(at: dt.datetime | None) -> dt.datetime:
    """When something happened: now, unless history is being recorded (the synthetic trust, an import), which
    may say an earlier time but never a later one."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + dt.timedelta(minutes=5):
        raise ValidationError("A time in the future cannot be recorded")
    return at


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check_children(children: list[ChildDetails], errors: dict[str, list[str]]) -> list[ContactChild]:
    made: list[ContactChild] = []
    if not children:
        errors.setdefault("children", []).append("Add at least one child")
    if len(children) > MAX_CHILDREN:
        errors.setdefault("children", []).append(f"A contact can be about at most {MAX_CHILDREN} children")
    today = timezone.localdate()
    for n, child in enumerate(children[:MAX_CHILDREN]):
        prefix = f"children.{n}."
        first, last = " ".join(_text(child.first_name).split()), " ".join(_text(child.last_name).split())
        if not (first or last):
            errors.setdefault(prefix + "last_name", []).append("Enter the child's first name or last name")
        if len(first) > 100:
            errors.setdefault(prefix + "first_name", []).append("First name must be 100 characters or fewer")
        if len(last) > 100:
            errors.setdefault(prefix + "last_name", []).append("Last name must be 100 characters or fewer")
        if child.date_of_birth and child.date_of_birth > today:
            errors.setdefault(prefix + "date_of_birth", []).append("Date of birth must be in the past")
        if child.date_of_birth and child.date_of_birth < today.replace(year=today.year - 25):
            errors.setdefault(prefix + "date_of_birth", []).append(
                "Date of birth must be within the last 25 years"
            )
        nhs = ""
        if _text(child.nhs_number):
            try:
                nhs = normalise_nhs_number(child.nhs_number)
                validate_nhs_number(nhs)
            except ValidationError:
                errors.setdefault(prefix + "nhs_number", []).append(
                    "Enter a valid NHS number, like 943 476 5919"
                )
        postcode = normalise_postcode(_text(child.postcode)) if _text(child.postcode) else ""
        if len(postcode) > 8:
            errors.setdefault(prefix + "postcode", []).append("Enter a real postcode, like B11 2AA")
        if len(_text(child.address)) > 300:
            errors.setdefault(prefix + "address", []).append("Address must be 300 characters or fewer")
        made.append(
            ContactChild(
                position=n,
                first_name=first,
                last_name=last,
                date_of_birth=child.date_of_birth,
                nhs_number=nhs,
                address=_text(child.address),
                postcode=postcode,
            )
        )
    return made


def record_contact(
    *,
    by: Any,
    children: list[ChildDetails],
    concern: str,
    source: str = "",
    received_at: dt.datetime | None = None,
    referrer_name: str = "",
    referrer_role: str = "",
    referrer_organisation: str = "",
    referrer_phone: str = "",
    referrer_email: str = "",
    referrer_view: str = "",
    consent: str = Contact.Consent.UNKNOWN,
    consent_notes: str = "",
    rag: str = Contact.Rag.AMBER,
) -> Contact:
    """A new contact. Front-door staff record any source; a partner user (the referral form) or a partner's
    system (`by` an ApiClient) submit as their organisation, whose kind gives the source."""
    organisation: PartnerOrganisation | None = None
    if isinstance(by, ApiClient):
        organisation, channel = by.organisation, Contact.Channel.API
    elif can(by, Capability.SUBMIT_REFERRALS) and by.partner_organisation_id:
        organisation, channel = by.partner_organisation, Contact.Channel.MARF
    elif can(by, Capability.WORK_FRONT_DOOR):
        channel = Contact.Channel.RECORDED
    else:
        raise PermissionDenied
    if organisation is not None:
        source = SOURCE_FOR_PARTNER.get(PartnerOrganisation.Kind(organisation.kind), "8")
        referrer_organisation = organisation.name
    now = timezone.now()
    received_at = received_at or now
    errors: dict[str, list[str]] = {}
    if source not in codes.REFERRAL_SOURCE_LABELS:
        errors["source"] = ["Select who the contact came from"]
    if received_at > now + dt.timedelta(minutes=5):
        errors["received_at"] = ["The time received must be now or in the past"]
    if not _text(concern):
        errors["concern"] = ["Describe what happened and why you are worried"]
    for name, value in (
        ("concern", concern),
        ("referrer_view", referrer_view),
        ("consent_notes", consent_notes),
    ):
        if len(value or "") > MAX_TEXT:
            errors.setdefault(name, []).append(f"Must be {MAX_TEXT:,} characters or fewer")
    if consent not in Contact.Consent.values:
        errors["consent"] = ["Select whether the family know about this contact"]
    if rag not in Contact.Rag.values:
        errors["rag"] = ["Select the urgency"]
    if source not in ("9", "10") and organisation is None and not _text(referrer_name):
        # Only an anonymous or unknown source may leave the referrer's name out.
        errors["referrer_name"] = ["Enter the name of the person who got in touch, or choose Anonymous"]
    child_rows = _check_children(list(children), errors)
    for name, value, limit in (
        ("referrer_name", referrer_name, 200),
        ("referrer_role", referrer_role, 200),
        ("referrer_organisation", referrer_organisation, 200),
        ("referrer_phone", referrer_phone, 40),
        ("referrer_email", referrer_email, 254),
    ):
        if len(value or "") > limit:
            errors.setdefault(name, []).append(f"Must be {limit} characters or fewer")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = Contact(
            received_at=received_at,
            source=source,
            channel=channel,
            referrer_name=_text(referrer_name),
            referrer_role=_text(referrer_role),
            referrer_organisation=_text(referrer_organisation),
            referrer_phone=_text(referrer_phone),
            referrer_email=_text(referrer_email),
            submitting_organisation=organisation,
            recorded_by=None if isinstance(by, ApiClient) else by,
            concern=concern.strip(),
            referrer_view=_text(referrer_view),
            consent=consent,
            consent_notes=_text(consent_notes),
            rag=rag,
            due_at=rules.due_after(RAG_RULES[Contact.Rag(rag)], received_at),
        )
        try:
            contact.full_clean(exclude=["reference", "due_at"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        contact.save()
        for row in child_rows:
            row.contact = contact
        ContactChild.objects.bulk_create(child_rows)
        log.record(
            "contact.recorded",
            by=by,
            target=contact,
            changes={
                "channel": [None, channel],
                "source": [None, source],
                "rag": [None, rag],
                "children": [None, len(child_rows)],
                "organisation": [None, organisation.name if organisation else ""],
            },
        )
    return contact


def _locked(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


def _front_door(by: Any, contact: Contact) -> Contact:
    """The contact, locked, if this user works the front door and may see it."""
    if not can(by, Capability.WORK_FRONT_DOOR):
        raise PermissionDenied
    locked = _locked(contact)
    if not Contact.objects.visible_to(by).filter(pk=contact.pk).exists():
        raise PermissionDenied
    return locked


def _linked_people(contact: Contact) -> list[Person]:
    """The records of the contact's children that have been found."""
    return [c.person for c in contact.children.select_related("person") if c.person is not None]


def _still_open(contact: Contact) -> None:
    """What the decision rests on (the children, the checks, the urgency) changes only while no decision is
    waiting: once one is, the manager signs off what was decided on, or sends it back to be reopened."""
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: it cannot be changed")
    if contact.status == Contact.Status.AWAITING_SIGN_OFF:
        raise ValidationError(
            "A decision on this contact is waiting for sign-off: a manager must send it back first"
        )


def _not_decided(contact: Contact) -> None:
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: it cannot be changed")


def _changed(contact: Contact) -> None:
    """Anything a decision rests on changed: a decision (or sign-off) begun before it must be made again."""
    Contact.objects.filter(pk=contact.pk).update(version=models.F("version") + 1)
    contact.version += 1


def repeat_reason(*, person: Person, contact: Contact) -> str:
    """Why a contact about this child looks like a repeat: earlier contacts within 12 months (Working Together
    2023: patterns of concern matter more than any single incident), or other agencies in the same week."""
    # The reason is stored and shown to everyone who sees this contact, so it never counts a contact that
    # involves a restricted child: that contact is hidden from most of them, and counting it would tell them
    # it exists.
    involving_restricted = ContactChild.objects.filter(person__restricted=True).values("contact_id")
    earlier = list(
        ContactChild.objects.filter(
            person=person,
            contact__received_at__lt=contact.received_at,
            contact__received_at__gte=contact.received_at - REPEAT_WINDOW,
        )
        .exclude(contact=contact)
        .exclude(contact_id__in=involving_restricted)
        .select_related("contact")
        .order_by("-contact__received_at")
    )
    if not earlier:
        return ""
    parts = []
    count = len({c.contact_id for c in earlier})
    latest = timezone.localtime(earlier[0].contact.received_at)
    noun = "contact" if count == 1 else "contacts"
    parts.append(f"{count} earlier {noun} in the 12 months before this one (latest {latest:%-d %B %Y})")
    week = {
        c.contact.source_label
        for c in earlier
        if c.contact.received_at >= contact.received_at - MULTI_AGENCY_WINDOW
        and c.contact.source != contact.source
    }
    if week:
        parts.append("also raised in the past week by: " + ", ".join(sorted(week)))
    return "; ".join(parts)


def link_child(
    *, child: ContactChild, person: Person, by: Any, at: dt.datetime | None = None
) -> ContactChild:
    """This child is that person's record. The practitioner decides; nothing is linked automatically."""
    with transaction.atomic():
        contact = _front_door(by, child.contact)
        _still_open(contact)
        person = Person.objects.get(pk=person.merged_into_id or person.pk)
        if not can_see_person(by, person):
            raise PermissionDenied
        child = ContactChild.objects.select_for_update().get(pk=child.pk)
        if ContactChild.objects.filter(contact=contact, person=person).exclude(pk=child.pk).exists():
            raise ValidationError("That person is already linked to another child on this contact")
        previous = child.person
        child.person = person
        child.linked_by = by
        child.linked_at = _when(at)
        child.repeat_reason = repeat_reason(person=person, contact=contact)
        child.save(update_fields=["person", "linked_by", "linked_at", "repeat_reason"])
        _changed(contact)
        changes = {"person": [str(previous.uuid) if previous else None, str(person.uuid)]}
        log.record_about(
            "contact.child_linked",
            people=[person] if previous is None else [previous, person],
            by=by,
            target=contact,
            changes=changes,
        )
    return child


def link_new_child(
    *, child: ContactChild, by: Any, at: dt.datetime | None = None, **person_fields: Any
) -> ContactChild:
    """The child is not known: record them, then link them."""
    with transaction.atomic():
        contact = _front_door(by, child.contact)
        _still_open(contact)
        person = create_person(by=by, **person_fields)
        return link_child(child=child, person=person, by=by, at=at)


def set_contact_urgency(*, contact: Contact, rag: str, reason: str, by: Any) -> Contact:
    """Change the urgency; the decision's due time is worked out again from when the contact was received."""
    if rag not in Contact.Rag.values:
        raise ValidationError({"rag": ["Select the urgency"]})
    if not _text(reason):
        raise ValidationError({"reason": ["Say why the urgency has changed"]})
    with transaction.atomic():
        contact = _front_door(by, contact)
        _still_open(contact)
        before = log.snapshot(contact, ["rag", "due_at"])
        contact.rag = rag
        contact.due_at = rules.due_after(RAG_RULES[Contact.Rag(rag)], contact.received_at)
        contact.version += 1
        contact.save(update_fields=["rag", "due_at", "version"])
        log.record(
            "contact.urgency_changed",
            by=by,
            target=contact,
            changes=log.diff(before, log.snapshot(contact, ["rag", "due_at"])),
            reason=_text(reason),
        )
    return contact


def take_contact(*, contact: Contact, by: Any) -> Contact:
    """ "I'll take this one": the contact is held by this practitioner."""
    with transaction.atomic():
        contact = _front_door(by, contact)
        _not_decided(contact)
        previous = contact.held_by
        contact.held_by = by
        contact.save(update_fields=["held_by"])
        log.record(
            "contact.taken",
            by=by,
            target=contact,
            changes={"held_by": [previous.username if previous else None, by.username]},
        )
    return contact


def request_mash_check(
    *,
    contact: Contact,
    agency: str,
    question: str,
    by: Any,
    due_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> MashEnquiry:
    """Ask a partner agency what it knows. Due by the contact's own due time unless an earlier one is set,
    so the answers are in before the decision."""
    errors: dict[str, list[str]] = {}
    if agency not in MashEnquiry.Agency.values:
        errors["agency"] = ["Select the agency"]
    if not _text(question):
        errors["question"] = ["Say what you are asking the agency"]
    elif len(question) > MAX_TEXT:
        errors["question"] = [f"Must be {MAX_TEXT:,} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = _front_door(by, contact)
        _still_open(contact)
        now = _when(at)
        if due_at is not None and due_at <= now:
            raise ValidationError({"due_at": ["The answer must be due after now"]})
        enquiry = MashEnquiry.objects.create(
            contact=contact,
            agency=agency,
            question=_text(question),
            requested_at=now,
            requested_by=by,
            due_at=due_at or max(contact.due_at, now),
        )
        _changed(contact)
        log.record(
            "mash.requested",
            by=by,
            target=contact,
            changes={"agency": [None, agency], "due_at": [None, enquiry.due_at.isoformat()]},
        )
    return enquiry


def record_mash_answer(
    *, enquiry: MashEnquiry, answer: str, answered_by_name: str, by: Any, at: dt.datetime | None = None
) -> MashEnquiry:
    errors: dict[str, list[str]] = {}
    if not _text(answer):
        errors["answer"] = ["Enter what the agency told you"]
    elif len(answer) > MAX_TEXT:
        errors["answer"] = [f"Must be {MAX_TEXT:,} characters or fewer"]
    if len(answered_by_name or "") > 200:
        errors["answered_by_name"] = ["Must be 200 characters or fewer"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = _front_door(by, enquiry.contact)
        _still_open(contact)
        enquiry = MashEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        if enquiry.answered_at is not None:
            raise ValidationError("This check already has an answer")
        enquiry.answer = _text(answer)
        enquiry.answered_by_name = _text(answered_by_name)
        enquiry.answered_at = _when(at)
        enquiry.answer_recorded_by = by
        enquiry.save(update_fields=["answer", "answered_by_name", "answered_at", "answer_recorded_by"])
        _changed(contact)
        log.record(
            "mash.answered",
            by=by,
            target=contact,
            changes={"agency": [None, enquiry.agency], "late": [None, enquiry.answered_at > enquiry.due_at]},
        )
    return enquiry


def _check_decision(
    *, level: int, outcome: str, rationale: str, advice: str, primary_need: str, feedback: str
) -> None:
    errors: dict[str, list[str]] = {}
    if level not in ThresholdDecision.Level.values:
        errors["level"] = ["Select the level of need"]
    if outcome not in ThresholdDecision.Outcome.values:
        errors["outcome"] = ["Select the outcome"]
    if not _text(rationale):
        errors["rationale"] = ["Give the reasons for the decision"]
    # Right Service, Right Time: a strategy discussion is for reasonable cause to suspect significant harm
    # (level 4, Children Act 1989 s.47); a referral to social care is for complex needs or significant harm.
    if outcome == ThresholdDecision.Outcome.STRATEGY and level != 4:
        errors.setdefault("outcome", []).append(
            "A strategy discussion is only for level 4 (significant harm): change the level or the outcome"
        )
    if outcome == ThresholdDecision.Outcome.REFERRAL and level not in (3, 4):
        errors.setdefault("outcome", []).append(
            "A referral to social care is for level 3 or 4: change the level or the outcome"
        )
    if level == 4 and outcome not in (ThresholdDecision.Outcome.STRATEGY, ThresholdDecision.Outcome.REFERRAL):
        errors.setdefault("outcome", []).append(
            "At level 4 the outcome must be a strategy discussion or a referral to social care"
        )
    referring = outcome in (ThresholdDecision.Outcome.REFERRAL, ThresholdDecision.Outcome.STRATEGY)
    if referring and primary_need not in dict(codes.PRIMARY_NEED):
        errors["primary_need"] = ["Select the child's primary need"]
    if outcome == ThresholdDecision.Outcome.NFA and not _text(advice):
        errors["advice"] = ["Say what advice or signposting was given"]
    if not _text(feedback):
        errors["feedback"] = ["Write what the referrer will be told"]
    for name, value in (("rationale", rationale), ("advice", advice), ("feedback", feedback)):
        if len(value or "") > MAX_TEXT:
            errors.setdefault(name, []).append(f"Must be {MAX_TEXT:,} characters or fewer")
    if errors:
        raise ValidationError(errors)


def decide_contact(
    *,
    contact: Contact,
    version: int,
    level: int,
    outcome: str,
    rationale: str,
    feedback: str,
    by: Any,
    advice: str = "",
    primary_need: str = "",
    late_reason: str = "",
    decided_at: dt.datetime | None = None,
) -> ThresholdDecision:
    """Record the threshold decision, for a manager to sign off. Every child must be found first (linked to
    their record), so the decision and any referral land on the right child."""
    _check_decision(
        level=level,
        outcome=outcome,
        rationale=rationale,
        advice=advice,
        primary_need=primary_need,
        feedback=feedback,
    )
    with transaction.atomic():
        contact = _front_door(by, contact)
        if contact.version != version:
            raise ConflictError
        if contact.status != Contact.Status.OPEN:
            raise ValidationError("A decision on this contact is already waiting for sign-off or signed off")
        if contact.children.filter(person__isnull=True).exists():
            raise ValidationError("Find every child's record before deciding: link each child or record them")
        decided_at = _when(decided_at)
        if decided_at > contact.due_at and not _text(late_reason):
            raise ValidationError({"late_reason": ["The decision is late: say why"]})
        values = {
            "level": level,
            "outcome": outcome,
            "rationale": _text(rationale),
            "advice": _text(advice),
            "primary_need": primary_need if outcome in ("referral", "strategy") else "",
            "decided_by": by,
            "decided_at": decided_at,
            "late_reason": _text(late_reason) if decided_at > contact.due_at else "",
            "status": ThresholdDecision.Status.AWAITING_SIGN_OFF,
            "signed_off_by": None,
            "signed_off_at": None,
        }
        decision = ThresholdDecision.objects.filter(contact=contact).first()
        if decision is None:
            decision = ThresholdDecision.objects.create(contact=contact, **values)
        else:
            for name, value in values.items():
                setattr(decision, name, value)
            decision.version += 1
            decision.save()
        contact.status = Contact.Status.AWAITING_SIGN_OFF
        contact.feedback = _text(feedback)
        contact.version += 1
        contact.save(update_fields=["status", "feedback", "version"])
        log.record_about(
            "contact.decision_recorded",
            people=_linked_people(contact),
            by=by,
            target=contact,
            changes={
                "level": [None, level],
                "outcome": [None, outcome],
                "late": [None, decided_at > contact.due_at],
            },
            reason=values["late_reason"],
        )
    return decision


def sign_off_decision(
    *, contact: Contact, version: int, by: Any, comment: str = "", at: dt.datetime | None = None
) -> ThresholdDecision:
    """A manager agrees the decision: the outcome happens (a referral opens each child's child in need
    episode) and the referrer's feedback is released. No one signs off their own decision."""
    if not can(by, Capability.AUTHORISE_DECISIONS):
        raise PermissionDenied
    with transaction.atomic():
        contact = _front_door(by, contact)
        if contact.version != version:
            raise ConflictError
        decision = ThresholdDecision.objects.select_for_update().filter(contact=contact).first()
        if decision is None or decision.status != ThresholdDecision.Status.AWAITING_SIGN_OFF:
            raise ValidationError("There is no decision waiting for sign-off on this contact")
        if decision.decided_by_id == by.pk:
            raise ValidationError("You made this decision: another manager must sign it off")
        now = _when(at)
        decision.status = ThresholdDecision.Status.SIGNED_OFF
        decision.signed_off_by = by
        decision.signed_off_at = now
        decision.manager_comment = _text(comment)
        decision.version += 1
        decision.save()
        children = _linked_people(contact)
        if decision.outcome in (ThresholdDecision.Outcome.REFERRAL, ThresholdDecision.Outcome.STRATEGY):
            # A referral starts the child in need episode (CIN census CINdetails): the referral date is the
            # day the contact was received, with its source and the primary need found.
            referral_date = timezone.localtime(contact.received_at).date()
            already_open = set(
                Episode.objects.open().filter(person__in=children).values_list("person_id", flat=True)
            )
            for person in children:
                if person.pk in already_open:
                    # A child already open to social care: the contact goes to their open episode, not a
                    # second one (the CIN census allows no overlapping episodes).
                    continue
                open_episode(
                    person=person,
                    contact=contact,
                    referral_date=referral_date,
                    referral_source=contact.source,
                    primary_need=decision.primary_need,
                    strategy_discussion_needed=decision.outcome == ThresholdDecision.Outcome.STRATEGY,
                    by=by,
                )
        contact.status = Contact.Status.DECIDED
        contact.feedback_sent_at = now
        contact.version += 1
        contact.save(update_fields=["status", "feedback_sent_at", "version"])
        log.record_about(
            "contact.decision_signed_off",
            people=children,
            by=by,
            target=contact,
            changes={"outcome": [None, decision.outcome], "decided_by": [None, decision.decided_by.username]},
            reason=decision.manager_comment,
        )
    return decision


def return_decision(*, contact: Contact, version: int, comment: str, by: Any) -> ThresholdDecision:
    """A manager sends the decision back with what needs doing; the contact is open again."""
    if not can(by, Capability.AUTHORISE_DECISIONS):
        raise PermissionDenied
    if not _text(comment):
        raise ValidationError({"comment": ["Say what needs to change"]})
    with transaction.atomic():
        contact = _front_door(by, contact)
        if contact.version != version:
            raise ConflictError
        decision = ThresholdDecision.objects.select_for_update().filter(contact=contact).first()
        if decision is None or decision.status != ThresholdDecision.Status.AWAITING_SIGN_OFF:
            raise ValidationError("There is no decision waiting for sign-off on this contact")
        if decision.decided_by_id == by.pk:
            raise ValidationError("You made this decision: another manager must review it")
        decision.status = ThresholdDecision.Status.RETURNED
        decision.manager_comment = _text(comment)
        decision.version += 1
        decision.save()
        contact.status = Contact.Status.OPEN
        contact.version += 1
        contact.save(update_fields=["status", "version"])
        log.record_about(
            "contact.decision_returned",
            people=_linked_people(contact),
            by=by,
            target=contact,
            reason=decision.manager_comment,
        )
    return decision
