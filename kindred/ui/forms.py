"""GOV.UK Frontend forms for Django: a renderer, a base form that styles its widgets, and the date input.

Every field renders with its label, hint and error message in the GOV.UK pattern; pages show the error
summary with `{% error_summary form %}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


_WIDGET_CLASSES = {
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.NumberInput: "govuk-input",
    forms.PasswordInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukForm(forms.Form):
    """A form whose widgets carry GOV.UK classes and point at their hint and error for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_errors(self)


def style_fields(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        for widget_class, css in _WIDGET_CLASSES.items():
            if type(widget) is widget_class:
                widget.attrs["class"] = " ".join(filter(None, [css, widget.attrs.get("class", "")]))
        if field.help_text:
            widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}-hint"


def mark_errors(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        error_class = {
            "govuk-input": "govuk-input--error",
            "govuk-textarea": "govuk-textarea--error",
            "govuk-select": "govuk-select--error",
        }
        css = widget.attrs.get("class", "")
        for base, err in error_class.items():
            if base in css.split() and err not in css:
                widget.attrs["class"] = f"{css} {err}"
        described = widget.attrs.get("aria-describedby", "")
        widget.attrs["aria-describedby"] = f"{described} id_{form.add_prefix(name)}-error".strip()


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's validation errors on the form: on the field they are about, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, _plain(item))
    else:
        for item in error.error_list:
            form.add_error(None, _plain(item))


def _plain(error: ValidationError) -> str:
    if error.code in ("unique", "unique_together"):
        return "This is already recorded"
    return " ".join(error.messages)


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def subwidgets(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        """The day, month and year boxes, each with its own name and id (`date_of_birth_0`...), for the
        field template to lay out. (A MultiWidget otherwise yields itself as one widget.)"""
        yield from self.get_context(name, value, attrs)["widget"]["subwidgets"]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, *, not_future: bool = False, earliest: dt.date | None = None, **kwargs: Any) -> None:
        self.not_future = not_future
        self.earliest = earliest or dt.date(1900, 1, 1)
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        label = self.label or "Date"
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {label.lower()}", code="required")
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}", code="incomplete")
        # ASCII digits only ("٣" is a digit to str.isdigit), day and month of 1-2 digits, a 4-digit year: so
        # int() and date() see only small numbers (a 20-digit day would overflow date()).
        well_formed = all(p.isascii() and p.isdigit() for p in parts)
        if not well_formed or len(parts[0]) > 2 or len(parts[1]) > 2 or len(parts[2]) != 4:
            raise ValidationError(f"{label} must be a real date, like 27 3 2019", code="invalid")
        try:
            value_date = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        if value_date < self.earliest:
            raise ValidationError(f"{label} must be after {self.earliest:%-d %B %Y}", code="too_early")
        if self.not_future and value_date > dt.date.today():
            raise ValidationError(f"{label} must be today or in the past", code="future")
        return value_date

    def compress(self, data_list: list[Any]) -> Any:  # clean() does the work
        return data_list
