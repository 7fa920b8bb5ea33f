"""The rule catalogue (DESIGN.md § Timescales): each clock is data, with its basis, its national default and
the trust's local value, so a trust can set its own timescales without a code change."""

from __future__ import annotations

from django.db import models


class Rule(models.Model):
    class Unit(models.TextChoices):
        HOURS = "hours", "hours"
        WORKING_DAYS = "working_days", "working days"
        DAYS = "days", "days"
        MONTHS = "months", "months"

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


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def visible_to(self, user: object) -> TaskQuerySet:
        from kindred.people.models import Person

        return self.filter(person__in=Person.objects.visible_to(user))


class Task(models.Model):
    """One due item of statutory work (an assessment to finish, a conference to hold, a child to visit): the
    clock's rule, who it is for, when it is due. My work and the team board are one indexed query over
    this table (DESIGN.md § Domain model)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="tasks")
    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    # The catalogue rule whose clock this is (its key; the rule's version when the date was worked out).
    rule_key = models.SlugField(max_length=60)
    rule_version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    assignee = models.ForeignKey(
        "organisation.User", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    # Why it was done late, when it was.
    late_reason = models.TextField(blank=True)
    # The clock ended without the work (the plan ended, the case closed, the assessment went back to its
    # author, no conference was needed): `done_at` is when it stopped, and it was neither met nor missed.
    stopped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_date"]),
            models.Index(fields=["team", "done_at", "due_date"]),
        ]
        constraints = [
            # One open clock of each kind on an episode (one next visit, one next review).
            models.UniqueConstraint(
                fields=["episode", "rule_key"], condition=models.Q(done_at__isnull=True), name="one_open_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} by {self.due_date:%d %B %Y}"
