"""Checking the audit chain end to end."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain() -> tuple[int, ChainProblem | None]:
    """Walk the chain in order. Returns how many events were checked and the first problem, if any.

    The head is read first and the walk stops at it: events appended while the walk runs belong to the next
    check, not to this one (reading the head last would report them as missing)."""
    head = AuditChainHead.objects.filter(id=1).first()
    last_seq = head.last_seq if head else 0
    last_hash = head.last_hash if head else GENESIS_HASH
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    events = AuditEvent.objects.filter(seq__lte=last_seq).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return checked, ChainProblem(expected_seq, f"event #{expected_seq} is missing (deleted?)")
        if event.prev_hash != expected_prev:
            return checked, ChainProblem(event.seq, f"event #{event.seq} does not follow the event before it")
        if event.compute_hash() != event.hash:
            return checked, ChainProblem(event.seq, f"event #{event.seq} was altered after it was written")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    if last_seq != checked or last_hash != expected_prev:
        return checked, ChainProblem(
            checked + 1, f"the chain ends at #{checked} but #{last_seq} was written: events are missing"
        )
    return checked, None
