"""Front-door forms. They check the shape of what was typed; the actions check the rules."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kindred.casework import codes
from kindred.frontdoor.actions import MAX_CHILDREN, ChildDetails
from kindred.frontdoor.models import Contact, MashEnquiry, ThresholdDecision
from kindred.people.forms import validate_free_text, validate_name
from kindred.people.matching import PersonQuery
from kindred.ui.forms import GovukDateField, GovukForm, apply_errors, style_fields

CHILD_FIELDS = ("first_name", "last_name", "date_of_birth", "nhs_number", "address", "postcode")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _text(label: str, *, max_length: int = 200, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, validators=[validate_free_text], **kwargs
    )


def _long_text(label: str, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=10_000,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_free_text],
    )


class ChildrenMixin:
    """A contact's children as numbered groups of fields (child1_first_name...), so one form, one error
    summary and no JavaScript: "Add another child" posts the form back with one more group."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, child_count: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.add_child_fields(child_count)

    def add_child_fields(self, count: int) -> None:
        self.child_count = max(1, min(count, MAX_CHILDREN))
        for n in range(1, self.child_count + 1):
            self.fields[f"child{n}_first_name"] = forms.CharField(
                label="First name", max_length=100, required=False, validators=[validate_name]
            )
            self.fields[f"child{n}_last_name"] = forms.CharField(
                label="Last name", max_length=100, required=False, validators=[validate_name]
            )
            self.fields[f"child{n}_date_of_birth"] = GovukDateField(
                label="Date of birth",
                required=False,
                not_future=True,
                earliest=dt.date(1990, 1, 1),
                help_text="If you know it. For example, 27 3 2015",
            )
            self.fields[f"child{n}_nhs_number"] = forms.CharField(
                label="NHS number", max_length=12, required=False, help_text="If you know it"
            )
            self.fields[f"child{n}_address"] = _text("Address", max_length=300)
            self.fields[f"child{n}_postcode"] = forms.CharField(
                label="Postcode", max_length=10, required=False
            )
            self.fields[f"child{n}_postcode"].widget.attrs["class"] = "govuk-input--width-10"
        added = {name: field for name, field in self.fields.items() if name.startswith("child")}
        style_fields(SimpleNamespace(fields=added, add_prefix=self.add_prefix))  # type: ignore[arg-type,attr-defined]

    def chosen_people(self) -> list[str]:
        """For each child typed in (as `children()` lists them), the record chosen for them while the contact
        was entered ("" when none was chosen): the `childN_person` radios the candidate list adds."""
        data = getattr(self, "data", {})
        chosen = []
        for n in range(1, self.child_count + 1):
            if any(self.cleaned_data.get(f"child{n}_{name}") for name in CHILD_FIELDS):
                chosen.append(str(data.get(f"child{n}_person", ""))[:36])
        return chosen

    def child_groups(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"child{n}_{name}"] for name in CHILD_FIELDS])  # type: ignore[index]
            for n in range(1, self.child_count + 1)
        ]

    def children(self) -> list[ChildDetails]:
        """The children typed in; groups left empty are ignored."""
        found = []
        for n in range(1, self.child_count + 1):
            get = self.cleaned_data.get
            values = {name: get(f"child{n}_{name}") for name in CHILD_FIELDS}
            if any(values.values()):
                found.append(
                    ChildDetails(
                        first_name=get(f"child{n}_first_name") or "",
                        last_name=get(f"child{n}_last_name") or "",
                        date_of_birth=get(f"child{n}_date_of_birth"),
                        nhs_number=get(f"child{n}_nhs_number") or "",
                        address=get(f"child{n}_address") or "",
                        postcode=get(f"child{n}_postcode") or "",
                    )
                )
        return found

    def apply_action_errors(self, error: ValidationError) -> None:
        """The action names a child's field by position among the children typed in ("children.0.nhs_number");
        put it on that child's field here."""
        if not hasattr(error, "error_dict"):
            apply_errors(self, error)  # type: ignore[arg-type]
            return
        typed = [
            n
            for n in range(1, self.child_count + 1)
            if any(self.cleaned_data.get(f"child{n}_{name}") for name in CHILD_FIELDS)
        ] or [1]
        mapped: dict[str, list[str]] = {}
        for key, errors in error.message_dict.items():
            match = re.fullmatch(r"children\.(\d+)\.(\w+)", key)
            if match and int(match.group(1)) < len(typed):
                key = f"child{typed[int(match.group(1))]}_{match.group(2)}"
            elif key == "children":
                key = "child1_last_name"
            mapped.setdefault(key, []).extend(errors)
        apply_errors(self, ValidationError(mapped))  # type: ignore[arg-type]


def rag_help() -> str:
    """The decision timescale for each urgency, as the trust has set them."""
    from kindred.frontdoor.actions import RAG_RULES
    from kindred.timescales.models import Rule

    found = {r.key: r for r in Rule.objects.filter(key__in=RAG_RULES.values())}
    parts = [
        f"{rag.label}: a decision within {found[key].description}."
        for rag, key in RAG_RULES.items()
        if key in found
    ]
    return " ".join(parts)


class ContactForm(ChildrenMixin, GovukForm):
    """A contact recorded by the front door: a phone call, an email, a visit."""

    # Records that may be each child are shown as the details are typed (never to partners).
    find_matches = True

    source = forms.ChoiceField(
        label="Who got in touch", choices=[("", "Choose a source"), *codes.REFERRAL_SOURCE]
    )
    received_date = GovukDateField(
        label="Date received", required=False, not_future=True, help_text="Leave blank for today"
    )
    received_time = forms.CharField(
        label="Time received",
        max_length=5,
        required=False,
        help_text="For example, 14:30. Leave blank for now",
    )
    referrer_name = _text("Their name", help_text="Leave blank only if they would not give it")
    referrer_role = _text("Their role", help_text="For example, designated safeguarding lead, or aunt")
    referrer_organisation = _text("Their organisation")
    referrer_phone = _text("Phone number", max_length=40)
    referrer_email = forms.EmailField(label="Email address", required=False, max_length=254)
    concern = _long_text("What happened, and why are they worried?", required=True)
    referrer_view = _long_text("What do they think should happen?")
    consent = forms.ChoiceField(
        label="Do the family know about this contact?",
        choices=Contact.Consent.choices,
        widget=forms.RadioSelect,
    )
    consent_notes = _long_text("About consent", help_text="For example, why the family were not asked")
    rag = forms.ChoiceField(
        label="Urgency",
        choices=Contact.Rag.choices,
        widget=forms.RadioSelect,
        initial=Contact.Rag.AMBER,
    )

    MAIN_FIELDS = ("source", "received_date", "received_time")
    REFERRER_FIELDS = (
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
    )
    CONCERN_FIELDS = ("concern", "referrer_view", "consent", "consent_notes", "rag")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rag"].help_text = rag_help()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("received_date"), (data.get("received_time") or "").strip()
        if time and not _TIME.match(time):
            self.add_error("received_time", "Enter a time like 14:30")
            return data
        if day or time:
            now = timezone.localtime()
            hour, minute = (int(x) for x in re.split("[:.]", time)) if time else (now.hour, now.minute)
            at = timezone.make_aware(dt.datetime.combine(day or now.date(), dt.time(hour, minute)))
            if at > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("received_time", "The time received must be now or in the past")
            data["received_at"] = at
        return data

    def action_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data.get(name, "") for name in (*self.REFERRER_FIELDS, *self.CONCERN_FIELDS, "source")
        }
        values["received_at"] = data.get("received_at")
        return values


class ReferralForm(ChildrenMixin, GovukForm):
    """A partner's multi-agency referral form (MARF)."""

    immediate_risk = forms.ChoiceField(
        label="Is a child at risk of immediate harm?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        help_text="If a child is in immediate danger, call 999 first.",
    )
    concern = _long_text(
        "What has happened, and why are you worried?",
        required=True,
        help_text="Include what the child said, in their words, and what you saw",
    )
    referrer_view = _long_text("What do you think should happen?")
    consent = forms.ChoiceField(
        label="Do the family know you are making this referral?",
        choices=Contact.Consent.choices,
        widget=forms.RadioSelect,
    )
    consent_notes = _long_text("About consent", help_text="For example, why you did not ask the family")
    referrer_name = _text("Your name", required=True)
    referrer_role = _text("Your role", help_text="For example, designated safeguarding lead")
    referrer_phone = _text("Phone number", max_length=40, required=True)
    referrer_email = forms.EmailField(label="Email address", required=False, max_length=254)

    CONCERN_FIELDS = ("immediate_risk", "concern", "referrer_view", "consent", "consent_notes")
    REFERRER_FIELDS = ("referrer_name", "referrer_role", "referrer_phone", "referrer_email")

    def action_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name, "") for name in (*self.REFERRER_FIELDS, "concern", "referrer_view")}
        values["consent"] = data["consent"]
        values["consent_notes"] = data.get("consent_notes", "")
        # The referrer says whether there is immediate risk; the front door grades the urgency from there.
        values["rag"] = Contact.Rag.RED if data.get("immediate_risk") == "yes" else Contact.Rag.AMBER
        return values


class FindChildForm(GovukForm):
    """Search again for a child with corrected details."""

    first_name = forms.CharField(
        label="First name", max_length=100, required=False, validators=[validate_name]
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False, validators=[validate_name])
    date_of_birth = GovukDateField(label="Date of birth", required=False, not_future=True)
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)

    def to_query(self) -> PersonQuery:
        """The search for a valid form's details."""
        data = self.cleaned_data
        return PersonQuery(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=(data["nhs_number"] or "").replace(" ", ""),
        )


class UrgencyForm(GovukForm):
    rag = forms.ChoiceField(label="Urgency", choices=Contact.Rag.choices, widget=forms.RadioSelect)
    reason = _text("Why has the urgency changed?", max_length=1000, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rag"].help_text = rag_help()


class MashCheckForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", choices=MashEnquiry.Agency.choices, widget=forms.RadioSelect)
    question = _long_text("What are you asking?", required=True)


class MashAnswerForm(GovukForm):
    answer = _long_text("What did the agency tell you?", required=True)
    answered_by_name = _text("Who answered", help_text="Their name and role")


class DecisionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label="Level of need (Right Service, Right Time)",
        choices=ThresholdDecision.Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=ThresholdDecision.Outcome.choices, widget=forms.RadioSelect
    )
    rationale = _long_text("Reasons for the decision", required=True)
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Choose the primary need"), *codes.PRIMARY_NEED],
        required=False,
        help_text="For a referral or strategy discussion. If two apply, choose the one higher in the list.",
    )
    advice = _long_text("Advice or signposting given", help_text="For no further action")
    feedback = _long_text(
        "What the referrer will be told",
        required=True,
        help_text=(
            "Sent when a manager signs off the decision. "
            "Do not include anything the referrer should not know."
        ),
    )
    late_reason = _long_text("Why is the decision late?", help_text="Only if it is past the due time")


class SignOffForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label="Do you agree with the decision?",
        choices=[("agree", "Yes, sign it off"), ("return", "No, send it back")],
        widget=forms.RadioSelect,
    )
    comment = _long_text("Your comments", help_text="Required if you send it back: say what needs to change")


class QueueFilterForm(forms.Form):
    team = forms.ChoiceField(label="Team", required=False)
    rag = forms.ChoiceField(label="Urgency", required=False, choices=[("", "All"), *Contact.Rag.choices])
