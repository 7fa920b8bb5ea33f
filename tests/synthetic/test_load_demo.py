from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people.models import Person, Relationship
from kindred.synthetic.models import SyntheticStep
from kindred.synthetic.organisation import DEMO_LOGINS

pytestmark = pytest.mark.django_db


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", "--children=8", "--reference-date=2026-03-31", *args, stdout=out)
    return out.getvalue()


def test_load_demo_twice_does_not_duplicate() -> None:
    first = _load()
    assert "People: 8 children" in first
    counts = (Person.objects.count(), Relationship.objects.count(), User.objects.count())
    events = AuditEvent.objects.count()
    second = _load()
    assert "already loaded" in second
    assert (Person.objects.count(), Relationship.objects.count(), User.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    marker = SyntheticStep.objects.get(name="people")
    assert marker.seed == 2026 and marker.parameters == {"children": 8, "reference_date": "2026-03-31"}
    for login in DEMO_LOGINS:
        assert login.username in second


def test_load_demo_refuses_a_future_reference_date_or_no_children() -> None:
    with pytest.raises(CommandError, match="future"):
        call_command("load_demo", "--reference-date=2999-01-01", stdout=StringIO())
    with pytest.raises(CommandError, match="at least 1"):
        call_command("load_demo", "--children=0", stdout=StringIO())
    assert not Person.objects.exists()
