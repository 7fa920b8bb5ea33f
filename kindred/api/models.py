"""The partner API's own records: organisations' API keys, and the answers kept so a retried submission
gets the first answer instead of making a second contact (docs/adr/0009-partner-api-keys-and-idempotency.md).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

KEY_PREFIX = "kindred_"
# The prefix identifies a key (shown in lists and the audit trail); the secret after it is never stored.
_PREFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_KEY_PATTERN = re.compile(r"^kindred_([a-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")


def hash_secret(secret: str) -> str:
    # A key's secret is 256 random bits, so a fast hash is enough: there is nothing to brute-force, unlike a
    # password (ADR 0009). The hash is what a database leak would reveal.
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def new_prefix() -> str:
    return "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def split_key(key: str) -> tuple[str, str] | None:
    """The prefix and secret of a key as a client sends it, or None if it is not shaped like one."""
    match = _KEY_PATTERN.match(key)
    return (match.group(1), match.group(2)) if match else None


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner organisation's key for its own system. Whoever holds it acts as the organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisation.PartnerOrganisation", on_delete=models.PROTECT, related_name="api_keys"
    )
    name = models.CharField(max_length=200)  # which system uses it, e.g. "School MIS"
    prefix = models.CharField(max_length=8, unique=True)
    secret_hash = models.CharField("SHA-256 of the secret", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{KEY_PREFIX}{self.prefix}_… ({self.name})"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))


class IdempotentSubmission(models.Model):
    """The first answer to a submission sent with an Idempotency-Key, replayed to every retry of it."""

    organisation = models.ForeignKey(
        "organisation.PartnerOrganisation", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField("SHA-256 of the canonical request body", max_length=64)
    contact = models.ForeignKey(
        "frontdoor.Contact", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The database decides which of several concurrent retries makes the contact: the others wait
            # on this index and then replay the winner's answer (ADR 0009).
            models.UniqueConstraint(fields=["organisation", "key"], name="idempotent_submission_once"),
            models.CheckConstraint(
                condition=Q(response_status__gte=100, response_status__lte=599),
                name="idempotent_submission_status_is_http",
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.key!r}"
