"""People and their networks. A child and an adult are the same model (DESIGN.md § Domain model)."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Replace, Upper

from kindred.organisation.models import PartnerOrganisation
from kindred.people import codes
from kindred.people.validators import validate_nhs_number, validate_upn


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: object) -> PersonQuerySet:
        from kindred.access.rules import visible_people

        return visible_people(self, user)

    def current(self) -> PersonQuerySet:
        """Records that have not been merged into another."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # An unborn child has an expected date of birth and no date of birth (CIN census ExpectedPersonBirthDate).
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.SEX, default="U")
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=codes.ETHNICITY, default="NOBT")
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    religion = models.CharField(max_length=20, choices=codes.RELIGION, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, validators=[validate_nhs_number])
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[validate_upn])
    former_upn = models.CharField("Former UPN", max_length=13, blank=True, validators=[validate_upn])
    upn_unknown_reason = models.CharField(max_length=3, choices=codes.UPN_UNKNOWN, blank=True)
    # Professionals are people linked to an organisation (a teacher at a school, a GP at a practice).
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="professionals"
    )
    job_title = models.CharField(max_length=200, blank=True)
    # A restricted record is visible only to the people named on it (RestrictedAccess) and to break-glass.
    restricted = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    # Search keys, maintained by the actions that change names (kindred.people.names.name_keys).
    search_first = models.CharField(max_length=100, blank=True, db_index=True)
    search_last = models.CharField(max_length=100, blank=True, db_index=True)
    phonetic_first = models.CharField(max_length=20, blank=True, db_index=True)
    phonetic_last = models.CharField(max_length=20, blank=True, db_index=True)
    # Optimistic locking: every change states the version it was made against.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["nhs_number"]),
            models.Index(fields=["upn"]),
            models.Index(fields=["former_upn"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_death__isnull=True)
                | models.Q(date_of_birth__isnull=True)
                | models.Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_after_birth",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True) | ~models.Q(merged_into=models.F("id")),
                name="person_not_merged_into_self",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.is_unborn and not self.first_name:
            # An unborn child is usually recorded by the family's surname alone.
            return f"Unborn baby {self.last_name}".strip()
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or "Name not known"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(date.today())

    @property
    def is_child(self) -> bool:
        age = self.age
        return self.is_unborn or (age is not None and age < 18)


class PersonName(models.Model):
    class Kind(models.TextChoices):
        PREFERRED = "preferred", "Preferred name"
        ALIAS = "alias", "Also known as"
        PREVIOUS = "previous", "Previous name"
        BIRTH = "birth", "Name at birth"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    search_first = models.CharField(max_length=100, blank=True, db_index=True)
    search_last = models.CharField(max_length=100, blank=True, db_index=True)
    phonetic_first = models.CharField(max_length=20, blank=True, db_index=True)
    phonetic_last = models.CharField(max_length=20, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonMerge(models.Model):
    """A decision that two records are the same person (ADR 0005). The duplicate points at the survivor
    (`Person.merged_into`) and keeps everything recorded on it, so un-merging loses nothing; this row keeps
    who merged them, when and why, and who un-merged them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_duplicate")
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_survivor")
    reason = models.TextField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=models.Q(unmerged_at__isnull=True),
                name="person_merge_one_open_per_duplicate",
            ),
            models.CheckConstraint(
                condition=~models.Q(duplicate=models.F("survivor")), name="person_merge_not_into_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} merged into {self.survivor_id}"


class Identifier(models.Model):
    class Kind(models.TextChoices):
        LA_CHILD_ID = "la_child_id", "LA child ID"
        ULN = "uln", "Unique learner number"
        HOME_OFFICE = "home_office", "Home Office reference"
        NI_NUMBER = "ni_number", "National Insurance number"
        POLICE = "police", "Police reference"
        PREVIOUS_SYSTEM = "previous_system", "Previous system ID"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=50)
    # The value as search compares it, kept by the database: upper case, no spaces or hyphens ("LA-12 345"
    # is found as "la12345"). See kindred.people.matching.
    search_value = models.GeneratedField(
        expression=Upper(Replace(Replace("value", Value(" "), Value("")), Value("-"), Value(""))),
        output_field=models.CharField(max_length=50),
        db_persist=True,
    )

    class Meta:
        indexes = [models.Index(fields=["value"]), models.Index(fields=["search_value"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "value"], name="identifier_unique_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField("Address line 1", max_length=200)
    line2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    # Unique property reference number (OS AddressBase), up to 12 digits.
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= date.today()


class ContactDetail(models.Model):
    class Kind(models.TextChoices):
        MOBILE = "mobile", "Mobile phone"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_details")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=254)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.value


class Disability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.DISABILITY)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "disabilities"
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="disability_unique_code")]

    def __str__(self) -> str:
        return self.get_code_display()


class Warning(models.Model):
    """A staff-safety warning (e.g. a risk to visiting workers), reviewed by a date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="warnings")
    text = models.CharField(max_length=500)
    review_date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text


class RelationshipKind(models.TextChoices):
    """A relationship read from the first person: "<from> is the <kind> of <to>"."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    STEP_SIBLING = "step_sibling", "Step-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    COUSIN = "cousin", "Cousin"
    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Former partner"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer (connected person)"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    TEACHER = "teacher", "Teacher"
    DSL = "dsl", "Designated safeguarding lead"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    YOUTH_WORKER = "youth_worker", "Youth worker"
    POLICE_OFFICER = "police_officer", "Police officer"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"
    FRIEND = "friend", "Friend"
    SIGNIFICANT_OTHER = "significant_other", "Other significant person"


# The reciprocal, read from the second person: "<to> is the <reciprocal> of <from>". Sex-specific words are
# chosen in kindred.people.network; these are the neutral forms.
RECIPROCAL: dict[str, str] = {
    "parent": "Child",
    "step_parent": "Step-child",
    "sibling": "Sibling",
    "half_sibling": "Half-sibling",
    "step_sibling": "Step-sibling",
    "grandparent": "Grandchild",
    "aunt_uncle": "Niece or nephew",
    "cousin": "Cousin",
    "partner": "Partner",
    "ex_partner": "Former partner",
    "foster_carer": "Foster child",
    "kinship_carer": "Child in kinship care",
    "special_guardian": "Child under special guardianship",
    "household_member": "Household member",
    "teacher": "Pupil",
    "dsl": "Pupil",
    "gp": "Patient",
    "health_visitor": "Child visited",
    "school_nurse": "Pupil",
    "youth_worker": "Young person",
    "police_officer": "Person known to officer",
    "other_professional": "Person worked with",
    "friend": "Friend",
    "significant_other": "Significant person",
}

FAMILY_KINDS = {
    "parent",
    "step_parent",
    "sibling",
    "half_sibling",
    "step_sibling",
    "grandparent",
    "aunt_uncle",
    "cousin",
    "partner",
    "ex_partner",
}
CARER_KINDS = {"foster_carer", "kinship_carer", "special_guardian"}
PROFESSIONAL_KINDS = {
    "teacher",
    "dsl",
    "gp",
    "health_visitor",
    "school_nurse",
    "youth_worker",
    "police_officer",
    "other_professional",
}
SYMMETRIC_KINDS = {
    "sibling",
    "half_sibling",
    "step_sibling",
    "cousin",
    "partner",
    "ex_partner",
    "household_member",
    "friend",
}


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def involving(self, people: list[Person] | models.QuerySet[Person]) -> RelationshipQuerySet:
        return self.filter(models.Q(from_person__in=people) | models.Q(to_person__in=people))

    def current(self, on: date | None = None) -> RelationshipQuerySet:
        on = on or date.today()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


class Relationship(models.Model):
    """One row per relationship, read both ways: <from_person> is the <kind> of <to_person>."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # from_person holds parental responsibility for to_person (Children Act 1989 s.3).
    parental_responsibility = models.BooleanField(default=False)
    # The two people live in the same household.
    lives_with = models.BooleanField(default=False)
    # e.g. "No unsupervised contact (court order 12 March 2026)".
    contact_restriction = models.CharField(max_length=500, blank=True)
    # How much this person matters to the child, in the child's or worker's words.
    note = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="relationship_not_with_self"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relationship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is the {self.get_kind_display().lower()} of {self.to_person}"
