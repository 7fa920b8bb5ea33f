"""The trust sets its own timescales: shorter than a statutory one, either way for a local standard; the
change applies to clocks started after it and is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people.actions import ConflictError
from kindred.timescales import actions, rules
from kindred.timescales.models import Rule, Task
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_manager() -> User:
    return factories.user(Role.SERVICE_MANAGER)


def test_a_statutory_timescale_can_be_shortened_not_lengthened(service_manager: User) -> None:
    rule = rules.rule(rules.ASSESSMENT)
    with pytest.raises(ValidationError) as refused:
        actions.set_local_value(
            rule=rule, version=rule.version, value=50, reason="More time", by=service_manager
        )
    assert "value" in refused.value.message_dict
    changed = actions.set_local_value(
        rule=rule, version=rule.version, value=35, reason="Leadership team, 3 November", by=service_manager
    )
    assert (changed.value, changed.version) == (35, rule.version + 1)
    event = AuditEvent.objects.get(action="timescale.changed")
    assert event.changes["local_value"] == [None, 35] and event.reason == "Leadership team, 3 November"


def test_a_local_standard_can_be_set_either_way_and_cleared(service_manager: User) -> None:
    rule = rules.rule(rules.CP_VISIT)
    rule = actions.set_local_value(rule=rule, version=rule.version, value=15, reason="r", by=service_manager)
    assert rule.value == 15
    rule = actions.set_local_value(
        rule=rule, version=rule.version, value=None, reason="back", by=service_manager
    )
    assert rule.value == 10


def test_setting_a_timescale_needs_the_capability_a_reason_and_the_current_version(
    service_manager: User,
) -> None:
    rule = rules.rule(rules.CIN_VISIT)
    with pytest.raises(PermissionDenied):
        actions.set_local_value(
            rule=rule, version=rule.version, value=10, reason="r", by=factories.user(Role.TEAM_MANAGER)
        )
    with pytest.raises(ValidationError):
        actions.set_local_value(rule=rule, version=rule.version, value=10, reason=" ", by=service_manager)
    with pytest.raises(ConflictError):
        actions.set_local_value(rule=rule, version=rule.version - 1, value=10, reason="r", by=service_manager)


def test_a_new_local_value_applies_to_clocks_started_after_it(service_manager: User) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    before = factories.episode(by=manager, referral_date=date(2026, 3, 2))
    rule = rules.rule(rules.ASSESSMENT)
    actions.set_local_value(rule=rule, version=rule.version, value=40, reason="r", by=service_manager)
    after = factories.episode(by=manager, referral_date=date(2026, 3, 2))
    assert Task.objects.get(episode=before).due_date == date(2026, 5, 7)  # 45 working days
    task = Task.objects.get(episode=after)
    assert task.due_date == date(2026, 4, 29)  # 40 working days (May Day falls between)
    assert task.rule_version == Rule.objects.get(key="assessment").version


def test_timescale_pages(service_manager: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(service_manager)
    page = client.get(reverse("timescales:catalogue"))
    assert b"Child and family assessment" in page.content and b"Statutory" in page.content
    url = reverse("timescales:local_value", args=["icpc"])
    version = Rule.objects.get(key="icpc").version
    refused = client.post(url, {"version": version, "value": "20", "reason": ""})
    assert refused.status_code == 200
    assert b"govuk-error-summary" in refused.content and b"shorter, not longer" in refused.content
    assert (
        client.post(url, {"version": version, "value": "12", "reason": "Chairs' capacity"}).status_code == 302
    )
    assert Rule.objects.get(key="icpc").value == 12
    stale = client.post(url, {"version": version, "value": "11", "reason": "again"})
    assert b"Someone else changed this timescale" in stale.content
