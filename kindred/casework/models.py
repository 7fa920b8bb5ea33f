"""The child's journey in social care. The child in need episode starts here, when the front door refers a
child; assessments, plans and the rest of casework hang off it (issue 4)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from kindred.casework import codes


class EpisodeQuerySet(models.QuerySet["Episode"]):
    def visible_to(self, user: object) -> EpisodeQuerySet:
        from kindred.people.models import Person

        return self.filter(person__in=Person.objects.visible_to(user))

    def open(self) -> EpisodeQuerySet:
        return self.filter(closure_date__isnull=True)


class Episode(models.Model):
    """A child in need episode: the CIN census CINdetails, from referral to closure."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    # The contact whose threshold decision made the referral (none for episodes recorded another way).
    contact = models.ForeignKey(
        "frontdoor.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    referral_date = models.DateField()  # CINreferralDate, N00100
    referral_source = models.CharField(max_length=2, choices=codes.REFERRAL_SOURCE)  # N00152
    primary_need = models.CharField(max_length=2, choices=codes.PRIMARY_NEED, blank=True)  # N00101
    # ReferralNFA (N00112): the referral led to no further action.
    referral_nfa = models.BooleanField(default=False)
    # The threshold decision found reasonable cause to suspect significant harm: a strategy discussion is
    # needed (Children Act 1989 s.47; Working Together 2023 chapter 2).
    strategy_discussion_needed = models.BooleanField(default=False)
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    closure_date = models.DateField(null=True, blank=True)  # CINclosureDate, N00102
    closure_reason = models.CharField(max_length=3, choices=codes.REASON_FOR_CLOSURE, blank=True)  # N00103
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "referral_date"])]
        constraints = [
            # CIN census rules 8805/8810: a closure date and a reason, both or neither.
            models.CheckConstraint(
                condition=models.Q(closure_date__isnull=True, closure_reason="")
                | (models.Q(closure_date__isnull=False) & ~models.Q(closure_reason="")),
                name="episode_closure_date_and_reason_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need episode from {self.referral_date:%d %B %Y}"
