"""The front door: contacts about children, multi-agency (MASH) checks, threshold decisions and feedback to
the referrer (DESIGN.md § Domain model, frontdoor). A decision to refer opens a casework Episode."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from kindred.access.roles import Capability, can
from kindred.casework import codes

# Short references a referrer can quote on the phone: no 0/O or 1/I to misread.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: Any) -> ContactQuerySet:
        """Front-door staff see every contact except those about a restricted child they may not see (the
        contact would tell them the child is known); anyone else sees none. Partners' view of their own
        organisation's referrals is `submitted_by_organisation_of`, which shows them far less."""
        from kindred.access.rules import visible_people
        from kindred.people.models import Person

        if not can(user, Capability.WORK_FRONT_DOOR):
            return self.none()
        # Restricted records are few: list the ones hidden from this user (one small query) rather than make
        # every contact query carry the visibility rules as nested subqueries.
        restricted = Person.objects.filter(restricted=True)
        hidden = sorted(
            set(restricted.values_list("pk", flat=True))
            - set(visible_people(restricted, user).values_list("pk", flat=True))
        )
        if not hidden:
            return self.all()
        return self.exclude(pk__in=ContactChild.objects.filter(person_id__in=hidden).values("contact_id"))

    def submitted_by_organisation_of(self, user: Any) -> ContactQuerySet:
        organisation_id = getattr(user, "partner_organisation_id", None)
        if not can(user, Capability.SUBMIT_REFERRALS) or organisation_id is None:
            return self.none()
        return self.filter(submitting_organisation_id=organisation_id)

    def open(self) -> ContactQuerySet:
        return self.exclude(status=Contact.Status.DECIDED)


class Contact(models.Model):
    """A concern about one or more children (siblings together), from whoever raised it."""

    class Channel(models.TextChoices):
        RECORDED = "recorded", "Recorded by the front door"
        MARF = "marf", "Referral form"
        API = "api", "Partner system"

    class Consent(models.TextChoices):
        GIVEN = "given", "The family know about this and agree to it"
        NOT_GIVEN = "not_given", "The family were asked and did not agree"
        NOT_SOUGHT = "not_sought", "The family were not asked because it could put the child at risk"
        UNKNOWN = "unknown", "Not known"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Decision awaiting sign-off"
        DECIDED = "decided", "Decided"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=8, unique=True, default=new_reference, editable=False)
    received_at = models.DateTimeField()
    source = models.CharField(max_length=2, choices=codes.REFERRAL_SOURCE)  # CIN ReferralSource codes
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.RECORDED)
    # Who is worried. A partner's submission also records their organisation, which is what they may see.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    submitting_organisation = models.ForeignKey(
        "organisation.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concern = models.TextField()  # what happened, in the referrer's words
    referrer_view = models.TextField(blank=True)  # what the referrer thinks should happen
    consent = models.CharField(max_length=12, choices=Consent.choices, default=Consent.UNKNOWN)
    consent_notes = models.TextField(blank=True)
    rag = models.CharField("urgency", max_length=5, choices=Rag.choices, default=Rag.AMBER)
    due_at = models.DateTimeField()  # when the decision is due, from the urgency's rule
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # What the referrer is told about the outcome, once the decision is signed off.
    feedback = models.TextField(blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["submitting_organisation", "received_at"]),
            models.Index(fields=["received_at"]),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def referrer_told(self) -> bool:
        """The referrer has been told the outcome: the decision is signed off and the feedback sent."""
        return self.status == Contact.Status.DECIDED and self.feedback_sent_at is not None

    @property
    def source_label(self) -> str:
        return codes.REFERRAL_SOURCE_LABELS.get(self.source, self.source)


class ContactChild(models.Model):
    """A child the contact is about, as the referrer described them, and the record they turn out to be."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    # Why this looks like a repeat contact (earlier contacts within 12 months, other agencies this week),
    # worked out when the child was found.
    repeat_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["contact", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "person"], condition=Q(person__isnull=False), name="contact_child_once"
            ),
        ]

    def __str__(self) -> str:
        return self.described_name

    @property
    def described_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or "Name not known"


class MashEnquiry(models.Model):
    """A multi-agency check: a question to a partner agency, its due time and its answer."""

    class Agency(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        HOUSING = "housing", "Housing"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other agency"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="enquiries")
    agency = models.CharField(max_length=12, choices=Agency.choices)
    question = models.TextField()
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_by_name = models.CharField("who answered", max_length=200, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["contact", "requested_at", "pk"]
        verbose_name_plural = "MASH enquiries"

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check"


class ThresholdDecision(models.Model):
    """The front door's decision on a contact against the Right Service, Right Time levels, signed off by a
    manager who did not make it."""

    class Level(models.IntegerChoices):
        UNIVERSAL = 1, "Level 1: universal services"
        ADDITIONAL = 2, "Level 2: additional needs (family help)"
        COMPLEX = 3, "Level 3: complex needs (child in need)"
        SIGNIFICANT_HARM = 4, "Level 4: significant harm (child protection)"

    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action, with advice or signposting"
        FAMILY_HELP = "family_help", "Step to family help"
        REFERRAL = "referral", "Referral to children's social care"
        STRATEGY = "strategy", "Strategy discussion (reasonable cause to suspect significant harm)"

    class Status(models.TextChoices):
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned for more work"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    rationale = models.TextField()
    advice = models.TextField(blank=True)  # advice or signposting given, for no further action
    primary_need = models.CharField(max_length=2, choices=codes.PRIMARY_NEED, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    # Recorded when the decision is made after the contact's due time (DESIGN.md principle 5).
    late_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_SIGN_OFF)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="decision_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def late(self) -> bool:
        return self.decided_at > self.contact.due_at

    @property
    def outcome_for_referrer(self) -> str:
        """The outcome as the referrer is told it: whether the trust's social care is involved, not the
        judgement behind it (a strategy discussion would tell them a section 47 enquiry may follow)."""
        return REFERRER_OUTCOMES[ThresholdDecision.Outcome(self.outcome)]


REFERRER_OUTCOMES = {
    ThresholdDecision.Outcome.NFA: "No further action by children's social care",
    ThresholdDecision.Outcome.FAMILY_HELP: "Family help offered to the family",
    ThresholdDecision.Outcome.REFERRAL: "Referred to children's social care",
    ThresholdDecision.Outcome.STRATEGY: "Referred to children's social care",
}
