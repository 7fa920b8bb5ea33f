from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from kindred.access.roles import Role
from kindred.audit import log
from kindred.audit.models import AppendOnlyError, AuditEvent
from kindred.people import actions
from kindred.people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def _tamper(sql: str, params: list[object]) -> None:
    """Change the audit table as a database superuser would: with the append-only triggers out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
            cursor.execute(sql, params)


def _some_events() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    actions.record_person_viewed(person=child, by=worker)
    actions.update_person(person=child, version=child.version, by=worker, first_name="Amarachi")


def test_verify_audit_passes_on_an_intact_chain() -> None:
    _some_events()
    call_command("verify_audit")


def test_verify_audit_names_an_edited_event() -> None:
    _some_events()
    victim = AuditEvent.objects.get(action="person.viewed")
    _tamper("UPDATE audit_auditevent SET actor = %s WHERE seq = %s", ["someone-else", victim.seq])
    with pytest.raises(CommandError, match=f"#{victim.seq}.*altered"):
        call_command("verify_audit")


def test_verify_audit_names_a_deleted_event() -> None:
    _some_events()
    victim = AuditEvent.objects.get(action="person.viewed")
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [victim.seq])
    with pytest.raises(CommandError, match=f"#{victim.seq}.*missing"):
        call_command("verify_audit")


def test_verify_audit_notices_the_last_event_deleted() -> None:
    _some_events()
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    with pytest.raises(CommandError, match="missing"):
        call_command("verify_audit")


def test_audit_events_refuse_change_and_delete_through_the_orm() -> None:
    _some_events()
    event = AuditEvent.objects.first()
    assert event is not None
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(reason="x")


def test_database_refuses_update_and_delete_on_the_audit_table() -> None:
    _some_events()
    for sql in ("UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEvent.objects.filter(reason="x").count() == 0


def test_an_action_whose_audit_write_fails_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker, first_name="Before")
    events_before = AuditEvent.objects.count()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(log, "record_many", broken)
    with pytest.raises(RuntimeError):
        actions.update_person(person=child, version=child.version, by=worker, first_name="After")
    with pytest.raises(RuntimeError):
        actions.create_person(by=worker, first_name="Never", last_name="Saved")

    child.refresh_from_db()
    assert child.first_name == "Before"
    assert child.version == 1
    assert not Person.objects.filter(first_name="Never").exists()
    assert AuditEvent.objects.count() == events_before


def test_each_event_records_who_what_and_the_old_and_new_values() -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker, first_name="Ola")
    actions.update_person(
        person=child, version=1, by=worker, first_name="Olamide", reason="Birth certificate"
    )
    event = AuditEvent.objects.get(action="person.updated")
    assert event.actor == worker.username
    assert event.person_uuid == child.uuid
    assert event.changes == {"first_name": ["Ola", "Olamide"]}
    assert event.reason == "Birth certificate"


def test_verify_audit_ignores_events_appended_while_it_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    from kindred.audit import verify

    _some_events()
    worker = factories.user(Role.SOCIAL_WORKER)
    original_iterator = verify.AuditEvent.objects.none().__class__.iterator

    def iterator_then_append(self: object, *args: object, **kwargs: object) -> object:
        rows = list(original_iterator(self, *args, **kwargs))  # type: ignore[arg-type]
        log.record("person.searched", by=worker)  # another request commits mid-walk
        return iter(rows)

    monkeypatch.setattr(verify.AuditEvent.objects.none().__class__, "iterator", iterator_then_append)
    checked, problem = verify.verify_chain()
    assert problem is None
    assert checked == AuditEvent.objects.count() - 1
