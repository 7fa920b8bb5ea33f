"""Case note forms. They check the shape of what was typed; kindred.casework.notes checks the rules.

The same form serves three purposes: recording (strict: the GOV.UK error summary says what to fix), saving a
draft by its button, and autosave (lenient: whatever is typed correctly is saved, and a half-typed date never
stops the words being saved).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.casework import notes
from kindred.casework.models import CaseNote
from kindred.people.forms import validate_free_text
from kindred.people.models import Person
from kindred.ui.forms import GovukDateField, GovukForm

_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")

KIND_HINTS = {
    CaseNote.Kind.MANAGEMENT_DIRECTION: "Team and service managers only",
}


def _long_text(label: str, *, help_text: str = "", rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=notes.MAX_TEXT,
        required=False,
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "spellcheck": "true"}),
        validators=[validate_free_text],
    )


def kind_choices(user: Any) -> list[tuple[str, str]]:
    """The kinds of note this user may record: management direction is for managers."""
    manager = can(user, Capability.MANAGE_CASEWORK)
    return [
        (value, label)
        for value, label in CaseNote.Kind.choices
        if manager or value != CaseNote.Kind.MANAGEMENT_DIRECTION
    ]


class _WordingFields(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    title = forms.CharField(
        label="Title",
        max_length=notes.MAX_TITLE,
        required=False,
        validators=[validate_free_text],
        help_text="A few words to find the note by, for example: Home visit, Amara and Kwame seen",
    )
    text = _long_text(
        "What happened",
        help_text=(
            "The facts: what you saw, heard and did, and what the child said, in their own words. "
            "Your analysis goes in the next box."
        ),
        rows=12,
    )
    analysis = _long_text(
        "What it means: your analysis",
        help_text="Kept apart from the facts, and shown separately on the chronology. Optional.",
        rows=6,
    )
    significant = forms.BooleanField(
        label="This is a significant event for the child",
        required=False,
        help_text="Significant notes appear on the child's chronology.",
    )

    WORDING = ("title", "text", "analysis", "significant")

    def __init__(self, *args: Any, recording: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recording = recording
        for name, limit in (
            ("title", notes.MAX_TITLE),
            ("text", notes.MAX_TEXT),
            ("analysis", notes.MAX_TEXT),
        ):
            field = self.fields[name]
            field.error_messages["max_length"] = f"{field.label} must be {limit:,} characters or fewer"
        if recording:
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = "Enter what happened"


class NoteForm(_WordingFields):
    """A new note, or a draft being finished."""

    kind = forms.ChoiceField(label="What kind of note is this?", widget=forms.RadioSelect)
    occurred_date = GovukDateField(
        label="Date it happened",
        not_future=True,
        earliest=dt.date(1990, 1, 1),
        help_text="For example, 27 3 2026",
    )
    occurred_time = forms.CharField(label="Time it happened", max_length=5, help_text="For example, 14:30")
    subjects = forms.MultipleChoiceField(
        label="Who is this note about?",
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "One note can be about brothers and sisters seen together: it is recorded on each child's record."
        ),
    )

    FIELD_ORDER = (
        "version",
        "kind",
        "occurred_date",
        "occurred_time",
        "subjects",
        "title",
        "text",
        "analysis",
        "significant",
    )
    DRAFT_VALUES = ("kind", "occurred_at", "title", "text", "analysis", "significant")

    def __init__(
        self, *args: Any, user: Any, people: list[Person], recording: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, recording=recording, **kwargs)
        self.order_fields(self.FIELD_ORDER)
        self.people = {str(p.uuid): p for p in people}
        self.fields["kind"].choices = kind_choices(user)  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Select what kind of note this is"
        self.fields["kind"].error_messages["invalid_choice"] = "Select what kind of note this is"
        self.fields["subjects"].choices = [  # type: ignore[attr-defined]
            (key, _described(person)) for key, person in self.people.items()
        ]
        self.fields["subjects"].error_messages["required"] = "Select who the note is about"
        self.fields["subjects"].error_messages["invalid_choice"] = (
            "Select who the note is about from the list"
        )
        self.fields["occurred_time"].error_messages["required"] = "Enter the time it happened, like 14:30"
        self.fields["occurred_time"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["occurred_time"].widget.attrs["inputmode"] = "numeric"
        if not recording:
            # Saving a draft: nothing is required yet.
            for name in ("kind", "occurred_date", "occurred_time", "subjects"):
                self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("occurred_date")
        time = (data.get("occurred_time") or "").strip()
        if time and not _TIME.match(time):
            self.add_error("occurred_time", "Enter the time it happened, like 14:30")
            return data
        if day and time:
            hour, minute = (int(x) for x in re.split("[:.]", time))
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
            if at > timezone.now() + notes.FUTURE_SLACK:
                self.add_error("occurred_time", "The date and time it happened must be now or in the past")
            else:
                data["occurred_at"] = at
        return data

    def chosen_people(self) -> list[Person]:
        return [self.people[key] for key in self.cleaned_data.get("subjects") or [] if key in self.people]

    def values(self) -> dict[str, Any]:
        """What was typed correctly, as the note actions take it (for autosave: only the parts that are
        valid; the rest are left as the draft had them)."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.DRAFT_VALUES if name in data and name not in self.errors}
        if data.get("kind") == "" or "kind" in self.errors:
            values.pop("kind", None)
        if "subjects" in data and data["subjects"] and "subjects" not in self.errors:
            values["subjects"] = self.chosen_people()
        return values

    def has_words(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any((data.get(name) or "").strip() for name in ("title", "text", "analysis"))

    def apply_action_errors(self, error: Any) -> None:
        from kindred.ui.forms import apply_errors

        if hasattr(error, "error_dict") and "occurred_at" in error.error_dict:
            error.error_dict.setdefault("occurred_time", []).extend(error.error_dict.pop("occurred_at"))
        apply_errors(self, error)


class EditNoteForm(_WordingFields):
    """A recorded note's wording changed, with the reason (the earlier wording is kept)."""

    reason = forms.CharField(
        label="Why are you changing this note?",
        max_length=notes.MAX_REASON,
        validators=[validate_free_text],
        help_text="For example, a name was misspelt. The note's earlier wording is kept and can be read.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, recording=True, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why the note is being changed"
        self.fields["version"].required = True

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.WORDING}


def _described(person: Person) -> str:
    born = f" (born {person.date_of_birth:%-d %B %Y})" if person.date_of_birth else ""
    return f"{person.full_name}{born}"


def initial_for_new(person: Person) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "kind": CaseNote.Kind.CASE_NOTE,
        "occurred_date": now.date(),
        "occurred_time": f"{now:%H:%M}",
        "subjects": [str(person.uuid)],
    }


def initial_for_draft(note: CaseNote, subjects: list[Person]) -> dict[str, Any]:
    at = timezone.localtime(note.occurred_at)
    return {
        "version": note.version,
        "kind": note.kind,
        "occurred_date": at.date(),
        "occurred_time": f"{at:%H:%M}",
        "subjects": [str(p.uuid) for p in subjects],
        "title": note.title,
        "text": note.text,
        "analysis": note.analysis,
        "significant": note.significant,
    }


class ChronologyFilterForm(GovukForm):
    """Filters on the chronology, from the query string: kinds of entry and a date range."""

    kind = forms.MultipleChoiceField(label="Show", required=False, widget=forms.CheckboxSelectMultiple)
    start = GovukDateField(label="From", required=False, help_text="For example, 1 9 2025")
    end = GovukDateField(label="To", required=False, help_text="Leave blank for today")
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("oldest", "Oldest first"), ("newest", "Newest first")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["invalid_choice"] = "Select the kinds of entry from the list"
        self.fields["order"].widget.attrs["inline"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The 'to' date must be the same as or after the 'from' date")
        return data
