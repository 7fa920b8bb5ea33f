"""What has been loaded into this database's synthetic trust."""

from __future__ import annotations

from django.db import models


class SyntheticStep(models.Model):
    """One part of the synthetic trust (the people; later the front door, casework...) that has been
    loaded, with the parameters it was built from. Loading again skips a step that is here rather than
    duplicating it."""

    name = models.CharField(max_length=50, unique=True)
    seed = models.BigIntegerField()
    parameters = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["loaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} (seed {self.seed})"
