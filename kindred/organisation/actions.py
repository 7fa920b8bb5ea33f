"""Writes to the trust's organisation: teams, workers and partner users, and ending someone's access."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from kindred.access.roles import Capability, Role, can
from kindred.audit import log
from kindred.organisation.models import PartnerOrganisation, Team, User


def _allowed(by: Any) -> None:
    # `by=None` is the system itself (migrations, the synthetic trust's set-up command).
    if by is not None and not can(by, Capability.MANAGE_ORGANISATION):
        raise PermissionDenied


def add_user(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str,
    last_name: str,
    by: Any,
    team: Team | None = None,
    partner_organisation: PartnerOrganisation | None = None,
    job_title: str = "",
    swe_number: str = "",
    email: str = "",
) -> User:
    _allowed(by)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            role=role.value,
            first_name=first_name,
            last_name=last_name,
            team=team,
            partner_organisation=partner_organisation,
            job_title=job_title,
            swe_number=swe_number,
            email=email,
        )
        log.record(
            "user.created",
            by=by,
            target=user,
            changes={
                "username": [None, username],
                "role": [None, role.value],
                "team": [None, str(team) if team else None],
                "partner_organisation": [None, str(partner_organisation) if partner_organisation else None],
            },
        )
    return user


def move_user(*, user: User, team: Team, by: Any) -> User:
    """Move a worker to another team. Their sessions end at once (RELIABILITY.md check 8)."""
    _allowed(by)
    with transaction.atomic():
        before = str(user.team) if user.team else None
        User.objects.filter(pk=user.pk).update(team=team, access_version=F("access_version") + 1)
        user.refresh_from_db()
        log.record("user.moved", by=by, target=user, changes={"team": [before, str(team)]})
    return user


def disable_user(*, user: User, reason: str, by: Any) -> User:
    _allowed(by)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False, access_version=F("access_version") + 1)
        user.refresh_from_db()
        log.record("user.disabled", by=by, target=user, reason=reason, changes={"is_active": [True, False]})
    return user
