"""Casework forms. They check the shape of what was typed (a real date, a choice from the list); the actions
in kindred.casework.actions check the rules. Field names follow the actions' keyword arguments, so an
action's error lands on the field it is about."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from kindred.casework import codes
from kindred.casework.actions import MAX_TEXT
from kindred.casework.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    Section47,
    StrategyDiscussion,
)
from kindred.people.forms import validate_free_text
from kindred.ui.forms import GovukDateField, GovukForm

_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
DATE_HINT = "For example, 27 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]


def labelled(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A code list as radio choices a practitioner reads: the label, then the code the returns use."""
    return [(code, f"{label} ({code})") for code, label in choices]


def _date(label: str, *, help_text: str = DATE_HINT) -> GovukDateField:
    """A GOV.UK date input, filled in with today."""
    return GovukDateField(
        label=label,
        required=True,
        not_future=True,
        earliest=dt.date(2000, 1, 1),
        help_text=help_text,
        initial=timezone.localdate,
    )


def _text(
    label: str, *, required: bool = False, help_text: str = "", max_length: int = 200
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        validators=[validate_free_text],
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


def _long_text(label: str, *, required: bool = False, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "spellcheck": "true"}),
        validators=[validate_free_text],
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {MAX_TEXT:,} characters or fewer",
        },
    )


def _radios(
    label: str,
    choices: list[tuple[str, str]],
    *,
    required: bool = True,
    message: str = "",
    help_text: str = "",
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={
            "required": message or f"Choose {label[0].lower()}{label[1:]}",
            "invalid_choice": "Choose one of the options",
        },
    )


def _yes_no(label: str, message: str) -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": message, "invalid_choice": "Choose yes or no"},
    )
    return field


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This page is out of date: open it again from the episode",
            "invalid": "This page is out of date: open it again from the episode",
            "min_value": "This page is out of date: open it again from the episode",
        },
    )


def _every(label: str, *, most: int, help_text: str) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=most,
        help_text=help_text,
        error_messages={
            "invalid": "Enter a whole number of working days, like 10",
            "min_value": f"Enter a number from 1 to {most}",
            "max_value": f"Enter a number from 1 to {most}",
        },
    )
    field.widget.attrs["class"] = "govuk-input--width-3"
    field.widget.attrs["inputmode"] = "numeric"
    return field


class CaseworkForm(GovukForm):
    """The base: GOV.UK widgets, hints and error marking."""


# -- the episode ---------------------------------------------------------------------------------------------


class AllocateForm(CaseworkForm):
    worker = forms.ChoiceField(
        label="Who should hold the case?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the worker who will hold the case",
            "invalid_choice": "Choose a worker from the list",
        },
    )
    on = _date("Allocated from")
    reason = _long_text(
        "Reason", help_text="Optional. For example, a change of team, or a worker leaving", rows=3
    )
    version = _version()

    def __init__(self, *args: Any, workers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = workers  # type: ignore[attr-defined]


class TransferForm(CaseworkForm):
    to_team = forms.ChoiceField(
        label="Which team should take the case?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the team that should take the case",
            "invalid_choice": "Choose a team from the list",
        },
    )
    reason = _long_text(
        "Why should the case move?",
        required=True,
        help_text="For the team taking it: for example, the child protection plan agreed at conference",
        rows=4,
    )
    on = _date("Date asked")
    version = _version()

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_team"].choices = teams  # type: ignore[attr-defined]
        self.fields["reason"].error_messages["required"] = (
            "Say why the case should move, for the team taking it"
        )


class TransferWithdrawForm(CaseworkForm):
    version = _version()


class TransferDeclineForm(CaseworkForm):
    reason = _long_text(
        "Why will your team not take the case?",
        required=True,
        help_text="The case's managers will see this on the episode",
        rows=4,
    )
    version = _version()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why your team will not take the case"


class CloseForm(CaseworkForm):
    version = _version()
    closure_date = _date("Date the case closed")
    reason = _radios(
        "Reason for closing",
        labelled(codes.REASON_FOR_CLOSURE),
        message="Choose the reason the case is closing",
    )


# -- the assessment ------------------------------------------------------------------------------------------


class StartAssessmentForm(CaseworkForm):
    start_date = _date(
        "Date the assessment started",
        help_text="The 45 working days run from the referral, whatever the start date. " + DATE_HINT,
    )


# The assessment factors (CIN census N00181), grouped as a practitioner looks for them.
FACTOR_GROUPS: list[tuple[str, list[str]]] = [
    ("Alcohol misuse", ["1A", "1B", "1C"]),
    ("Drug misuse", ["2A", "2B", "2C"]),
    ("Domestic abuse", ["3A", "3B", "3C"]),
    ("Mental health", ["4A", "4B", "4C"]),
    ("Learning disability", ["5A", "5B", "5C"]),
    ("Physical disability or illness", ["6A", "6B", "6C"]),
    ("Abuse and neglect", ["16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A"]),
    ("Harm outside the home", ["10A", "11A", "24A", "12A", "13A", "14A", "15A"]),
    ("Caring, private fostering and asylum", ["7A", "8B", "8C", "8D", "8E", "8F", "9A"]),
    ("Other", ["20"]),
]


@dataclass(frozen=True)
class FactorOption:
    code: str
    label: str
    id: str
    checked: bool


def _short(label: str, group: str) -> str:
    """ "Alcohol misuse: a parent or carer" under "Alcohol misuse" reads "A parent or carer"."""
    prefix = f"{group}: "
    if label.startswith(prefix):
        rest = label[len(prefix) :]
        return rest[0].upper() + rest[1:]
    return label


class AssessmentForm(CaseworkForm):
    version = _version()
    child_views = _long_text(
        "The child's views, in their own words",
        help_text="What the child said, as they said it. If they could not give their views, say why.",
        rows=6,
    )
    analysis = _long_text(
        "Your analysis",
        help_text="What the information means for the child: strengths, risks, and what needs to change.",
        rows=10,
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        choices=codes.ASSESSMENT_FACTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose factors from the list"},
    )
    outcome = _radios("What should happen next?", Assessment.Outcome.choices, required=False)
    late_reason = _long_text("Why is the assessment late?", rows=3)

    def factor_rows(self) -> list[list[tuple[str, list[FactorOption]]]]:
        """The groups two by two, for a page laid out in two columns."""
        groups = self.factor_groups()[:-1]
        return [groups[n : n + 2] for n in range(0, len(groups), 2)]

    def no_factors(self) -> FactorOption:
        return self.factor_groups()[-1][1][0]

    def factor_groups(self) -> list[tuple[str, list[FactorOption]]]:
        """The factor checkboxes, group by group, numbered so the first is the error summary's anchor."""
        chosen = {str(v) for v in (self["factors"].value() or [])}
        auto_id = self["factors"].auto_id
        groups: list[tuple[str, list[FactorOption]]] = []
        n = 0
        for legend, group_codes in FACTOR_GROUPS:
            options = []
            for code in group_codes:
                label = _short(codes.ASSESSMENT_FACTOR_LABELS[code], legend)
                options.append(FactorOption(code, label, f"{auto_id}_{n}", code in chosen))
                n += 1
            groups.append((legend, options))
        label = codes.ASSESSMENT_FACTOR_LABELS[codes.NO_FACTORS]
        groups.append(
            ("", [FactorOption(codes.NO_FACTORS, label, f"{auto_id}_{n}", codes.NO_FACTORS in chosen)])
        )
        return groups


class AuthoriseForm(CaseworkForm):
    version = _version()
    choice = _radios(
        "Do you agree with the assessment?",
        [("authorise", "Yes, authorise it"), ("return", "No, send it back to the worker")],
        message="Choose whether to authorise the assessment or send it back",
    )
    comment = _long_text(
        "Your comments",
        help_text="Needed if you send it back: say what needs to change. Shown to the worker.",
        rows=4,
    )


# -- child protection ----------------------------------------------------------------------------------------


class StrategyDiscussionForm(CaseworkForm):
    held_on = _date("Date of the discussion")
    attendees = _long_text(
        "Who took part",
        help_text="Names, roles and agencies. For example, PC Jo Patel, West Midlands Police",
        rows=3,
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies that took part",
        choices=codes.AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Children's social care and the police always take part, with health",
        error_messages={
            "required": "Choose the agencies that took part",
            "invalid_choice": "Choose agencies from the list",
        },
        initial=["social_care", "police", "health"],
    )
    decision = _radios("Decision", StrategyDiscussion.Decision.choices, message="Choose the decision")
    reasons = _long_text("Reasons for the decision", rows=5)


class Section47OutcomeForm(CaseworkForm):
    version = _version()
    on = _date("Date the enquiry finished")
    outcome = _radios("Outcome of the enquiry", Section47.Outcome.choices, message="Choose the outcome")
    reasons = _long_text("Reasons", help_text="What the enquiry found, and why this outcome", rows=5)


_CATEGORIES = labelled(codes.CATEGORY_OF_ABUSE)


class InitialConferenceForm(CaseworkForm):
    held_on = _date("Date of the conference")
    chair = _text("Chair", help_text="Name of the independent chair")
    attendees = _long_text(
        "Who attended", help_text="Family members, professionals and their agencies", rows=3
    )
    decision = _radios(
        "Decision",
        [
            (Conference.Decision.PLAN.value, "The child needs a child protection plan"),
            (Conference.Decision.NO_PLAN.value, "No plan: support as a child in need"),
            (Conference.Decision.NO_PLAN_NFA.value, "No plan: no further action"),
        ],
        message="Choose the conference's decision",
    )
    category = _radios(
        "Category of abuse", _CATEGORIES, required=False, help_text="For a child protection plan"
    )
    visit_every = _every(
        "Visit the child every",
        most=30,
        help_text="Working days between visits, for a plan. Leave blank for the local standard.",
    )
    reasons = _long_text("Reasons for the decision", rows=5)
    late_reason = _long_text("Why was the conference late?", rows=3)


class CoreGroupForm(CaseworkForm):
    held_on = _date("Date of the meeting")
    attendees = _long_text("Who attended", rows=3)
    summary = _long_text(
        "What the core group agreed", help_text="Progress on the plan and actions, with who does them"
    )
    late_reason = _long_text("Why was the first core group late?", rows=3)


class ReviewConferenceForm(CaseworkForm):
    version = _version()
    held_on = _date("Date of the conference")
    chair = _text("Chair", help_text="Name of the independent chair")
    attendees = _long_text("Who attended", rows=3)
    decision = _radios(
        "Decision",
        [
            (Conference.Decision.CONTINUE.value, "Continue the child protection plan"),
            (Conference.Decision.END.value, "End the child protection plan"),
        ],
        message="Choose the conference's decision",
    )
    latest_category = _radios(
        "Category of abuse now",
        _CATEGORIES,
        required=False,
        help_text="If the plan continues. Change it only if the conference changed it.",
    )
    end_reason = _radios(
        "Why the plan is ending",
        ChildProtectionPlan.EndReason.choices,
        required=False,
        help_text="If the plan ends",
    )
    reasons = _long_text("Reasons for the decision", rows=5)
    late_reason = _long_text("Why was the review late?", rows=3)


class EndCPPlanForm(CaseworkForm):
    version = _version()
    end_date = _date("Date the plan ended")
    reason = _radios(
        "Why the plan is ending",
        [
            (value, label)
            for value, label in ChildProtectionPlan.EndReason.choices
            if value != ChildProtectionPlan.EndReason.NO_LONGER_AT_RISK
        ],
        message="Choose why the plan is ending",
        help_text="A review conference decides that a child is no longer at risk of significant harm",
    )


# -- child in need -------------------------------------------------------------------------------------------


class StartCINPlanForm(CaseworkForm):
    start_date = _date("Date the plan started")
    outline = _long_text(
        "The plan", help_text="What will change for the child, who will do what, and by when", rows=6
    )
    visit_every = _every(
        "Visit the child every",
        most=60,
        help_text="Working days between visits. Leave blank for the local standard.",
    )


class CINReviewForm(CaseworkForm):
    held_on = _date("Date of the review")
    summary = _long_text("What the review found and agreed", rows=6)
    late_reason = _long_text("Why was the review late?", rows=3)


class EndCINPlanForm(CaseworkForm):
    version = _version()
    end_date = _date("Date the plan ended")


class PlanForm(CaseworkForm):
    """Update a running plan (child protection or child in need)."""

    outline = _long_text(
        "The plan",
        help_text="What needs to change for the child, who will do what, and by when",
        rows=10,
    )
    visit_every = _every("Visit the child every", most=60, help_text="Working days between visits")
    reason = _long_text(
        "What has changed, and why",
        help_text="Optional. For example, agreed at the core group on 3 November",
        rows=3,
    )
    version = _version()

    def __init__(self, *args: Any, most: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.most = most  # the plan's own limit: a protection plan's visits are more frequent
        self.fields["visit_every"].widget.attrs["max"] = most
        self.fields["visit_every"].required = True
        self.fields["visit_every"].error_messages["required"] = "Enter how many working days between visits"

    def clean_visit_every(self) -> int:
        value: int = self.cleaned_data["visit_every"]
        if value > self.most:
            raise forms.ValidationError(f"Enter a number from 1 to {self.most}")
        return value


# -- visits --------------------------------------------------------------------------------------------------


def _now_hhmm() -> str:
    return timezone.localtime().strftime("%H:%M")


class VisitForm(CaseworkForm):
    visited_at = _date("Date of the visit")
    visited_time = forms.CharField(
        label="Time of the visit",
        max_length=5,
        help_text="For example, 14:30",
        initial=_now_hhmm,
        error_messages={"required": "Enter the time of the visit"},
    )
    seen = _yes_no("Was the child seen?", "Say whether the child was seen")
    seen_alone = _yes_no("Was the child seen alone?", "Say whether the child was seen alone")
    bedroom_seen = _yes_no("Was the child's bedroom seen?", "Say whether the child's bedroom was seen")
    observations = _long_text(
        "What you saw and heard",
        help_text="The facts: what the child said, in their words, and what you saw. Analysis goes below.",
        rows=8,
    )
    analysis = _long_text("Your analysis", help_text="What it means for the child and the plan", rows=5)
    late_reason = _long_text("Why was the visit late?", rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_time"].widget.attrs["class"] = "govuk-input govuk-input--width-5"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("visited_at"), (data.get("visited_time") or "").strip()
        if time and not _TIME.match(time):
            self.add_error("visited_time", "Enter a time like 14:30")
        elif day and time:
            hour, minute = (int(x) for x in re.split("[:.]", time))
            data["when"] = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
        return data
