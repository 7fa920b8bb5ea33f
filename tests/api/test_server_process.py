"""A real server process (RELIABILITY.md checks 20 and 27): a referral answered 201 survives the server being
killed the moment it has answered, a retry after the restart makes no second contact, and twenty clients
retrying one submission at the same moment make exactly one contact.

The server is a separate process with a thread and a database connection per request, on the test database,
so on PostgreSQL the twenty requests really do race: nineteen wait on the idempotency record's unique index
while the first commits, then replay its answer. The test proves they overlapped: it holds the audit chain's
lock, which the first request needs before it can commit, until it has seen all twenty waiting in the
database at once. On SQLite the immediate transactions queue them on the write lock instead; the outcome
must be the same.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from kindred.access.roles import Role
from kindred.api.actions import create_api_key
from kindred.api.models import IdempotentSubmission
from kindred.audit.models import AuditChainHead, AuditEvent
from kindred.frontdoor import queries as frontdoor_queries
from kindred.frontdoor.models import Contact
from kindred.organisation.models import PartnerOrganisation
from tests import factories
from tests.api.conftest import referral
from tests.api.server import Server, kindred_server
from tests.conftest import set_audit_triggers

# Transactional, so the server process sees what the test commits. A transactional test ends by emptying every
# table, data migrations' rows too (the timescale rules a contact's due time comes from): serialized_rollback
# puts them back before each of these tests, and the fixture below once they are all done.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _migration_data_back_afterwards(django_db_blocker: Any) -> Iterator[None]:
    # pytest-django runs transactional tests after the others, but tests without the db fixture run later
    # still, and some build data in module fixtures (the synthetic trust needs the timescale rules). Leave the
    # database as the migrations made it: their rows back, and the audit table's triggers on again.
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents:
            connection.creation.deserialize_db_from_string(contents)
        set_audit_triggers(True)


def post(
    server: Server, body: dict[str, Any], key: str, idempotency_key: str
) -> tuple[int, dict[str, Any], str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request(
            "POST",
            "/api/v1/referrals",
            body=json.dumps(body),
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "Idempotency-Key": idempotency_key,
            },
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read()), response.getheader("Idempotent-Replayed") or ""
    finally:
        conn.close()


@contextmanager
def holding_the_audit_lock_until_waiting(requests: int) -> Iterator[None]:
    """On PostgreSQL: hold the audit chain's lock until `requests` server connections are all waiting on a
    lock at once (the first for the audit chain, the rest for its uncommitted idempotency record); let go."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        AuditChainHead.objects.select_for_update().get_or_create(id=1)
        yield
        waiting, deadline = 0, time.monotonic() + 30
        while waiting < requests and time.monotonic() < deadline:
            time.sleep(0.05)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # statistics are cached per transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                )
                waiting = cursor.fetchone()[0]
        assert waiting >= requests, f"only {waiting} of {requests} requests were ever in the database at once"


@pytest.fixture
def school_and_key() -> tuple[PartnerOrganisation, str]:
    school = factories.partner("Hollybank Primary School", PartnerOrganisation.Kind.SCHOOL)
    return school, create_api_key(organisation=school, name="School MIS", by=None)[1]


def test_submit_referral_survives_the_server_being_killed_right_after_answering(
    tmp_path: Path, school_and_key: tuple[PartnerOrganisation, str]
) -> None:
    school, key = school_and_key
    idempotency_key = str(uuid.uuid4())
    with kindred_server(tmp_path) as servers:
        server = servers.start()
        status, answer, _ = post(server, referral(), key, idempotency_key)
        server.kill()  # the instant the answer is in: nothing the server does afterwards can count
        assert status == 201, server.log
        # The partner's system never saw the answer (say the connection dropped) and retries against the
        # restarted server: the first answer again, and still one contact.
        restarted = servers.start()
        retry_status, retry_answer, replayed = post(restarted, referral(), key, idempotency_key)
        restarted.kill()
    assert (retry_status, retry_answer, replayed) == (201, answer, "true")
    contact = Contact.objects.get(uuid=answer["id"])
    assert contact.submitting_organisation == school
    assert contact.channel == Contact.Channel.API
    assert Contact.objects.filter(submitting_organisation=school).count() == 1
    assert AuditEvent.objects.filter(action="contact.recorded", target_id=answer["id"]).count() == 1
    front_door = factories.user(Role.FRONT_DOOR, username="fd")
    assert contact in frontdoor_queries.queue(front_door), "the referral is not in the front door's queue"
    assert IdempotentSubmission.objects.get(organisation=school, key=idempotency_key).contact == contact


def test_twenty_concurrent_retries_of_one_submission_make_one_contact(
    tmp_path: Path, school_and_key: tuple[PartnerOrganisation, str]
) -> None:
    school, key = school_and_key
    idempotency_key = str(uuid.uuid4())
    body = referral()
    clients = 20
    start = threading.Barrier(clients)
    answers: list[tuple[int, dict[str, Any], str]] = []
    failures: list[BaseException] = []

    def retry(server: Server) -> None:
        try:
            start.wait(timeout=30)  # all twenty connect and send together
            answers.append(post(server, body, key, idempotency_key))
        except BaseException as error:
            failures.append(error)

    with kindred_server(tmp_path) as servers:
        server = servers.start()
        threads = [threading.Thread(target=retry, args=(server,)) for _ in range(clients)]
        with holding_the_audit_lock_until_waiting(clients):
            for thread in threads:
                thread.start()
        for thread in threads:
            thread.join(timeout=90)
    assert not failures, failures
    assert len(answers) == clients
    assert {status for status, _, _ in answers} == {201}, server.log
    assert len({json.dumps(answer, sort_keys=True) for _, answer, _ in answers}) == 1, "replays differ"
    assert sorted(replayed for _, _, replayed in answers) == [""] + ["true"] * (clients - 1)
    assert Contact.objects.filter(submitting_organisation=school).count() == 1
    assert IdempotentSubmission.objects.filter(organisation=school).count() == 1
    assert AuditEvent.objects.filter(action="contact.recorded").count() == 1
    assert AuditEvent.objects.filter(action="contact.submission_replayed").count() == clients - 1
