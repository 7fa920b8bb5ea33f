"""Template helpers for GOV.UK patterns."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def govuk_error_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the first input of a group (date parts, radios), else the field."""
    if field.widget_type in {"govukdate", "radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.inclusion_tag("ui/forms/errors.html")
def error_summary(form: forms.BaseForm) -> dict[str, Any]:
    return {"form": form}


@register.simple_tag(takes_context=True)
def can(context: template.Context, capability: str) -> bool:
    from kindred.access.roles import Capability
    from kindred.access.roles import can as role_can

    return role_can(context["request"].user, Capability(capability))


@register.filter
def group(form: forms.BaseForm, names: tuple[str, ...]) -> list[forms.BoundField]:
    """Some of a form's fields, in this order: `{% for field in form|group:form.REFERRER_FIELDS %}`."""
    return [form[name] for name in names]
