"""Restricted records and break-glass access (DESIGN.md § Roles)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class RestrictedAccess(models.Model):
    """A named person who may see a restricted record."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="restricted_access")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restricted_access"
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "restricted access"
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="restricted_access_unique")]

    def __str__(self) -> str:
        return f"{self.user} may see {self.person_id}"


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def active(self) -> BreakGlassQuerySet:
        return self.filter(expires_at__gt=timezone.now())


class BreakGlass(models.Model):
    """Emergency access to one restricted record, for a short time, with a reason; the manager is alerted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "break-glass access"
        indexes = [models.Index(fields=["user", "person", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} broke glass on {self.person_id}"


class Alert(models.Model):
    """Something a manager must know about: for now, break-glass access to a record they manage."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    break_glass = models.ForeignKey(BreakGlass, on_delete=models.CASCADE, null=True, related_name="alerts")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message
