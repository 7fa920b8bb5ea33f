"""The trust's organisation: trust → service areas → teams → workers; localities; partner organisations."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models

from kindred.access.roles import ROLE_CHOICES, Role


class Trust(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    # The DfE three-digit LA number (CIN census LA, UPN characters 2-4) and the ONS area code.
    la_code = models.CharField("DfE LA number", max_length=3)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="service_areas")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trust", "name"], name="service_area_unique_name")]

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="localities")
    name = models.CharField(max_length=200)
    # Postcode districts (e.g. "B11") the locality covers, for routing work by address.
    postcode_districts = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "localities"
        constraints = [models.UniqueConstraint(fields=["trust", "name"], name="locality_unique_name")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door (advice and support, MASH)"
        ASSESSMENT = "assessment", "Assessment"
        CIN_CP = "cin_cp", "Child in need and child protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        LEAVING_CARE = "leaving_care", "Leaving care"
        FAMILY_HELP = "family_help", "Family help"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        REVIEWING = "reviewing", "Independent reviewing and CP chairs"
        PERFORMANCE = "performance", "Performance and insight"
        SYSTEMS = "systems", "Systems"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service_area", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "School or college"
        EARLY_YEARS = "early_years", "Early years setting"
        GP = "gp", "GP practice"
        HEALTH = "health", "Health trust"
        POLICE = "police", "Police"
        HOUSING = "housing", "Housing"
        PROBATION = "probation", "Probation"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        OTHER_LA = "other_la", "Another local authority"
        OTHER = "other", "Other"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Schools: the DfE unique reference number (6 digits). GP practices: the ODS code.
    urn = models.CharField("URN", max_length=6, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["urn"], condition=~models.Q(urn=""), name="partner_unique_urn"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in: trust staff (a worker in a team) or a partner organisation's user.

    One user model carries the role (docs/adr/0003-one-user-model-with-role.md): `Worker` in DESIGN.md is
    a user with a team; a partner user is a user with a partner organisation.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(max_length=30, choices=ROLE_CHOICES, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="workers")
    partner_organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    job_title = models.CharField(max_length=200, blank=True)
    # Social Work England registration number, e.g. SW123456.
    swe_number = models.CharField("Social Work England number", max_length=12, blank=True)
    # Bumped when access must end at once (moved team, disabled): stale sessions are refused.
    access_version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(role=Role.PARTNER.value) & models.Q(partner_organisation__isnull=True)),
                name="partner_user_has_organisation",
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        try:
            return Role(self.role).label
        except ValueError:
            return "No role"

    def __str__(self) -> str:
        return self.display_name
