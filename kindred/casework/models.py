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
    # The worker who holds the child's case now (Allocation keeps the history). My work and every task on the
    # episode follow it.
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="caseload"
    )
    # A referral within 12 months of an earlier referral for the same child (DfE CIN re-referral measure).
    re_referral = models.BooleanField(default=False)
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

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Allocation(models.Model):
    """Who held the case, and when: the history behind `Episode.allocated_to`."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"], condition=models.Q(end_date__isnull=True), name="one_current_allocation"
            ),
        ]

    def __str__(self) -> str:
        return f"Allocated to {self.worker} from {self.start_date:%d %B %Y}"


class Transfer(models.Model):
    """A manager asks another team to take the case: most often the child protection and child in need team
    once a plan starts, or the disabled children's team. The case stays with its worker, and its due work
    with them, until the receiving team's manager allocates it to one of their workers (which accepts the
    transfer) or declines it with a reason: a child is never left without a worker while teams agree."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for the team to accept"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="transfers")
    from_team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="incoming")
    reason = models.TextField()  # for the receiving team: why the case should move now
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"], condition=models.Q(status="requested"), name="one_open_transfer"
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer to {self.to_team} asked for on {self.requested_on:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED


class Assessment(models.Model):
    """A child and family assessment (Working Together 2023, 3.2): 45 working days from referral, authorised
    by a manager who did not write it. CIN census Assessments module."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_AUTHORISATION = "awaiting_authorisation", "Waiting for a manager"
        AUTHORISED = "authorised", "Authorised"

    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action: close the case"
        FAMILY_HELP = "family_help", "Close and step down to family help"
        CIN_PLAN = "cin_plan", "Child in need plan"
        STRATEGY = "strategy", "Strategy discussion (concern of significant harm)"
        CONTINUE = "continue", "Continue current plan"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    start_date = models.DateField()  # AssessmentActualStartDate, N00159
    due_date = models.DateField()  # 45 working days from the referral (the rule's version at the start)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.IN_PROGRESS)
    # In the child's own words, kept apart from the worker's analysis.
    child_views = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    late_reason = models.TextField(blank=True)
    completed_date = models.DateField(null=True, blank=True)  # the worker sent it for authorisation
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorised_date = models.DateField(null=True, blank=True)  # AssessmentAuthorisationDate, N00160
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    manager_comment = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            # CIN census rule 8896: not two open assessments on one episode.
            models.UniqueConstraint(
                fields=["episode"], condition=~models.Q(status="authorised"), name="one_open_assessment"
            ),
        ]

    def __str__(self) -> str:
        return f"Child and family assessment started {self.start_date:%d %B %Y}"

    @property
    def factor_codes(self) -> list[str]:
        return [factor.code for factor in self.factors.all()]


class AssessmentFactor(models.Model):
    """A factor identified at assessment (CIN census AssessmentFactors, N00181)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=codes.ASSESSMENT_FACTORS)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="factor_once")
        ]  # rule 8898

    def __str__(self) -> str:
        return self.get_code_display()


class StrategyDiscussion(models.Model):
    """A strategy discussion (Working Together 2023, 2.1): social care, police and health, with others as
    needed, decide whether to start a section 47 enquiry."""

    class Decision(models.TextChoices):
        SECTION_47 = "section_47", "Start a section 47 enquiry"
        CHILD_IN_NEED = "child_in_need", "No section 47: continue as child in need"
        NFA = "nfa", "No further action"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="strategy_discussions")
    held_on = models.DateField()
    attendees = models.TextField()
    agencies = models.JSONField(default=list)  # codes from codes.AGENCIES
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_on:%d %B %Y}"


class Section47(models.Model):
    """A section 47 enquiry (Children Act 1989 s.47). CIN census Section47 module: start, the ICPC target (15
    working days from the strategy discussion) and whether a conference is needed."""

    class Outcome(models.TextChoices):
        ICPC = "icpc", "Concerns substantiated: initial child protection conference"
        CHILD_IN_NEED = "child_in_need", "Concerns not substantiated: child in need"
        NFA = "nfa", "Concerns not substantiated: no further action"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="section47s")
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section47"
    )
    start_date = models.DateField()  # S47ActualStartDate, N00148
    icpc_target = models.DateField()  # InitialCPCtarget, N00109
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    completed_date = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            # CIN census rule 8890: one open section 47 enquiry at a time.
            models.UniqueConstraint(
                fields=["episode"], condition=models.Q(completed_date__isnull=True), name="one_open_section47"
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.start_date:%d %B %Y}"

    @property
    def icpc_required(self) -> bool:  # ICPCnotRequired (N00111) is its negation
        return self.outcome == self.Outcome.ICPC


class ChildProtectionPlan(models.Model):
    """A child protection plan, from the initial conference's decision to its end (CIN census
    ChildProtectionPlans)."""

    class EndReason(models.TextChoices):
        NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at risk of significant harm"
        LOOKED_AFTER = "looked_after", "Became looked after"
        MOVED = "moved", "Moved to another local authority"
        EIGHTEEN = "eighteen", "Reached 18"
        DIED = "died", "Died"
        OTHER = "other", "Other"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cp_plans")
    start_date = models.DateField()  # CPPstartDate, N00105 (the ICPC's date, rule 2885)
    initial_category = models.CharField(max_length=3, choices=codes.CATEGORY_OF_ABUSE)  # N00113
    latest_category = models.CharField(max_length=3, choices=codes.CATEGORY_OF_ABUSE)  # N00114
    # How often the child must be seen, in working days (local default 10; the conference may set it).
    visit_every = models.PositiveIntegerField(default=10)
    outline = models.TextField(blank=True)
    end_date = models.DateField(null=True, blank=True)  # CPPendDate, N00115
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(  # rule 8935: one open plan
                fields=["episode"], condition=models.Q(end_date__isnull=True), name="one_open_cp_plan"
            ),
            models.CheckConstraint(  # rule 8840: a plan does not end on the day it starts
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("start_date")),
                name="cp_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%d %B %Y}"


class Conference(models.Model):
    """A child protection conference: initial (from a section 47) or review (of a plan)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Decision(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No plan: child in need"
        NO_PLAN_NFA = "no_plan_nfa", "No plan: no further action"
        CONTINUE = "continue", "Continue the plan"
        END = "end", "End the plan"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section47 = models.OneToOneField(
        Section47, on_delete=models.PROTECT, null=True, blank=True, related_name="conference"
    )
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences"
    )
    held_on = models.DateField()  # DateOfInitialCPC (N00110) or CPPreviewDate (N00116)
    chair = models.CharField(max_length=200)
    attendees = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    # The category of abuse the plan stands under from this conference (initial, or a review's change), so
    # the census of a past year reports the category as it was then.
    category = models.CharField(max_length=3, choices=codes.CATEGORY_OF_ABUSE, blank=True)
    reasons = models.TextField()
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %B %Y}"


class CoreGroup(models.Model):
    """A core group meeting of a child protection plan (Working Together 2023, 2.2: the first within 10
    working days of the initial conference)."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups")
    held_on = models.DateField()
    attendees = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    late_reason = models.TextField(blank=True)  # why it was after its due date (its Task records it too)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%d %B %Y}"


class ChildInNeedPlan(models.Model):
    """A child in need plan (Children Act 1989 s.17; CIN census CINPlanDates)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()  # CINPlanStartDate, N00689
    end_date = models.DateField(null=True, blank=True)  # CINPlanEndDate, N00690
    outline = models.TextField(blank=True)
    # Working days between visits (local standard) and months between reviews.
    visit_every = models.PositiveIntegerField(default=20)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(  # rule 4004: one open plan
                fields=["episode"], condition=models.Q(end_date__isnull=True), name="one_open_cin_plan"
            ),
            models.CheckConstraint(  # rule 4011
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="cin_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%d %B %Y}"


class ChildInNeedReview(models.Model):
    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField()
    late_reason = models.TextField(blank=True)  # why it was after its due date (its Task records it too)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Child in need review on {self.held_on:%d %B %Y}"


class Visit(models.Model):
    """A statutory visit to the child: whether they were seen, seen alone and their bedroom seen."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField()
    seen = models.BooleanField()
    seen_alone = models.BooleanField()
    bedroom_seen = models.BooleanField()
    # What was seen and heard, kept apart from what the worker makes of it.
    observations = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    late_reason = models.TextField(blank=True)  # why it was after its due date (its Task records it too)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visited_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seen=True) | models.Q(seen_alone=False), name="seen_alone_only_if_seen"
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.visited_at:%d %B %Y}"


class CaseNoteQuerySet(models.QuerySet["CaseNote"]):
    def visible_to(self, user: object) -> CaseNoteQuerySet:
        """Final notes about people the user may see, and the user's own drafts. A note about several
        children is hidden if any of them is hidden from the user."""
        from kindred.people.models import Person

        hidden = Person.objects.exclude(pk__in=Person.objects.visible_to(user).values("pk"))
        own_drafts = (
            models.Q(status=CaseNote.Status.DRAFT, author=user)
            if getattr(user, "pk", None)
            else models.Q(pk__in=[])
        )
        return self.exclude(subjects__in=hidden).filter(models.Q(status=CaseNote.Status.FINAL) | own_drafts)


class CaseNote(models.Model):
    """A case note: one note may be about several children (brothers and sisters seen together). Drafts are
    saved as the worker types, so nothing is lost to a time-out."""

    class Kind(models.TextChoices):
        CASE_NOTE = "case_note", "Case note"
        PHONE_CALL = "phone_call", "Phone call"
        MEETING = "meeting", "Meeting"
        DIRECT_WORK = "direct_work", "Direct work with the child"
        MANAGEMENT_DIRECTION = "management_direction", "Management direction"
        SUPERVISION = "supervision", "Case supervision"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Recorded"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subjects = models.ManyToManyField("people.Person", related_name="case_notes")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CASE_NOTE)
    occurred_at = models.DateTimeField()
    title = models.CharField(max_length=200, blank=True)
    # What happened (fact), apart from what it means (analysis): the chronology shows them apart.
    text = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    significant = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class CaseNoteRevision(models.Model):
    """A recorded note's earlier wording, kept when it is edited (the history of edits)."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    significant = models.BooleanField(default=False)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"Version {self.version}"
