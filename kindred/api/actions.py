"""Writes through the partner API: issuing and revoking API keys, and an organisation's system submitting a
referral, safely retried with an Idempotency-Key (docs/adr/0009-partner-api-keys-and-idempotency.md).

Each action runs in one transaction and writes its audit event (DESIGN.md principle 2). The contact itself is
recorded by the front door's own `record_contact`, as the referral form and the front door's page do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.api.models import KEY_PREFIX, ApiKey, IdempotentSubmission, hash_secret, new_prefix, new_secret
from kindred.audit import log
from kindred.frontdoor.actions import ApiClient
from kindred.frontdoor.models import Contact
from kindred.organisation.models import PartnerOrganisation


def _allowed(by: Any) -> None:
    # `by=None` is the system itself: the create_api_key command run by whoever administers the server.
    if by is not None and not can(by, Capability.MANAGE_ORGANISATION):
        raise PermissionDenied


def create_api_key(
    *, organisation: PartnerOrganisation, name: str, by: Any, secret: str | None = None, prefix: str = ""
) -> tuple[ApiKey, str]:
    """A new key for the organisation's system. Returns the key and the full key text, which is shown once
    and never stored: only its hash is kept. `secret` and `prefix` are for the published demo key only."""
    _allowed(by)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": ["Say which system will use the key"]})
    if len(name) > 200:
        raise ValidationError({"name": ["Must be 200 characters or fewer"]})
    secret = secret or new_secret()
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            organisation=organisation,
            name=name,
            prefix=prefix or new_prefix(),
            secret_hash=hash_secret(secret),
            created_by=by,
        )
        log.record(
            "api_key.created",
            by=by,
            target=api_key,
            changes={"organisation": [None, organisation.name], "prefix": [None, api_key.prefix]},
        )
    return api_key, f"{KEY_PREFIX}{api_key.prefix}_{secret}"


def revoke_api_key(*, api_key: ApiKey, by: Any, reason: str = "") -> ApiKey:
    """The key stops working at once: its next request is refused (RELIABILITY.md check 8)."""
    _allowed(by)
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if api_key.revoked_at is not None:
            return api_key
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        log.record(
            "api_key.revoked",
            by=by,
            target=api_key,
            changes={"revoked_at": [None, api_key.revoked_at.isoformat()]},
            reason=reason,
        )
    return api_key


def canonical_hash(document: Any) -> str:
    """The same JSON document, however it is spaced or its keys ordered, hashes the same."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different request body."""


@dataclass(frozen=True)
class Submission:
    contact: Contact
    status: int
    body: dict[str, Any]
    replayed: bool


def submit_referral(
    *,
    by: ApiClient,
    idempotency_key: str | None,
    request_hash: str,
    record: Callable[[], Contact],
    answer: Callable[[Contact], dict[str, Any]],
) -> Submission:
    """Record a partner's referral (`record` calls record_contact) and answer with `answer(contact)`, in one
    transaction that has committed when this returns: a 201 the client sees is never lost.

    With an Idempotency-Key the organisation's first submission under that key is the only one that records a
    contact. The key is claimed by inserting its row first, in the same transaction: a concurrent retry's
    insert waits on the unique index until the first commits (PostgreSQL), or waits for the write lock
    (SQLite's immediate transactions), then finds the row and replays its answer. If the first fails, its
    claim rolls back with it and the retry is processed afresh. A different body under a used key raises
    IdempotencyConflict and records nothing.
    """
    # durable: this must be the outermost transaction, so that returning means committed.
    with transaction.atomic(durable=True):
        claim = None
        if idempotency_key is not None:
            try:
                with transaction.atomic():
                    claim = IdempotentSubmission.objects.create(
                        organisation=by.organisation,
                        key=idempotency_key,
                        request_hash=request_hash,
                        response_status=202,  # replaced below, before anyone else can see the row
                        response_body={},
                    )
            except IntegrityError:
                first = IdempotentSubmission.objects.select_related("contact").get(
                    organisation=by.organisation, key=idempotency_key
                )
                if first.request_hash != request_hash:
                    raise IdempotencyConflict from None
                # The claim and its contact commit together, so a claim another request can see has one.
                assert first.contact is not None
                log.record(
                    "contact.submission_replayed",
                    by=by,
                    target=first.contact,
                    changes={"idempotency_key": [None, idempotency_key]},
                )
                return Submission(first.contact, first.response_status, first.response_body, replayed=True)
        contact = record()
        body = answer(contact)
        if claim is not None:
            claim.contact = contact
            claim.response_status = 201
            claim.response_body = body
            claim.save(update_fields=["contact", "response_status", "response_body"])
    return Submission(contact, 201, body, replayed=False)


def record_referral_viewed(*, contact: Contact, by: ApiClient) -> None:
    """The submitting organisation's system read what it may know about its referral: audited, like every
    read of a record (DESIGN.md principle 4)."""
    if contact.submitting_organisation_id != by.organisation.pk:
        raise PermissionDenied
    log.record("contact.viewed_by_referrer", by=by, target=contact)
