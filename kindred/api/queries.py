"""Reads through the partner API: an organisation's own referrals, and what its referrer may know of them.

A partner learns only what the referral form's feedback tells a referrer (Working Together 2023: the referrer
is told the outcome): where the referral has got to, and once the decision is signed off, its outcome and the
feedback written for them. Never the rationale, the level, the MASH checks, the manager's comments, or
anything from a child's record.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch

from kindred.frontdoor.models import Contact, ContactChild, ThresholdDecision
from kindred.organisation.models import PartnerOrganisation

RECEIVED = "received"
BEING_CONSIDERED = "being_considered"
DECIDED = "decided"


def submitted_referral(*, organisation: PartnerOrganisation, referral_id: str) -> Contact | None:
    """The organisation's own referral with this id; None for anyone else's, a missing one or a malformed id
    (the API answers 404 for all three alike)."""
    try:
        wanted = uuid.UUID(referral_id)
    except (ValueError, TypeError):
        return None
    return (
        Contact.objects.filter(submitting_organisation=organisation, uuid=wanted)
        .prefetch_related(Prefetch("children", queryset=ContactChild.objects.order_by("position")))
        .first()
    )


def partner_status(contact: Contact) -> str:
    """Where the referral has got to, in the partner's terms: nobody has picked it up yet; someone is looking
    at it (a practitioner has taken it, or a decision is waiting for sign-off or was sent back); decided."""
    if contact.status == Contact.Status.DECIDED:
        return DECIDED
    if contact.status == Contact.Status.AWAITING_SIGN_OFF or contact.held_by_id is not None:
        return BEING_CONSIDERED
    if ThresholdDecision.objects.filter(contact=contact).exists():
        return BEING_CONSIDERED
    return RECEIVED


def what_the_referrer_sees(contact: Contact) -> dict[str, Any]:
    """The referral as its submitting organisation may see it, ready to be written as JSON (and kept as the
    answer replayed to a retried submission)."""
    told = contact.referrer_told
    decision = ThresholdDecision.objects.filter(contact=contact).first() if told else None
    return {
        "id": str(contact.uuid),
        "reference": contact.reference,
        "received_at": contact.received_at.isoformat(),
        "status": partner_status(contact),
        "children": [
            {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
            }
            for child in contact.children.all()  # ordered by position (ContactChild.Meta)
        ],
        "outcome": decision.outcome_for_referrer if decision is not None else None,
        "feedback": contact.feedback if told else None,
        "feedback_sent_at": contact.feedback_sent_at.isoformat()
        if told and contact.feedback_sent_at
        else None,
    }
