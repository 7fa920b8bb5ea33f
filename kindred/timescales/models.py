"""The rule catalogue (DESIGN.md § Timescales): each clock is data, with its basis, its national default and
the trust's local value, so a trust can set its own timescales without a code change."""

from __future__ import annotations

from django.db import models


class Rule(models.Model):
    class Unit(models.TextChoices):
        HOURS = "hours", "hours"
        WORKING_DAYS = "working_days", "working days"
        DAYS = "days", "days"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    # Where the timescale comes from: the statutory guidance, or "local" for a trust's own standard.
    basis = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    national_default = models.PositiveIntegerField()
    # The trust's own value, when it sets one; otherwise the default applies.
    local_value = models.PositiveIntegerField(null=True, blank=True)
    # Bumped on every change, so a due time can say which version of the rule it was worked out under.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> int:
        return self.local_value if self.local_value is not None else self.national_default

    @property
    def description(self) -> str:
        unit = self.get_unit_display()
        if self.value == 1:
            unit = unit.removesuffix("s")
        return f"{self.value} {unit}"
