"""The staff of two teams, as the casework rules see them: Assessment North holds the cases (a worker, a
colleague and two managers); Assessment South is another team; and the front door, family help, a reviewing
officer and a head of service."""

from __future__ import annotations

import pytest

from kindred.access.roles import Role
from kindred.organisation.models import User
from tests import factories


@pytest.fixture
def staff(db: None) -> dict[str, User]:
    north = factories.team("Assessment North")
    south = factories.team("Assessment South")
    return {
        "sw": factories.user(Role.SOCIAL_WORKER, username="worker", team_obj=north),
        "colleague": factories.user(Role.SOCIAL_WORKER, username="colleague", team_obj=north),
        "tm": factories.user(Role.TEAM_MANAGER, username="manager", team_obj=north),
        "tm2": factories.user(Role.TEAM_MANAGER, username="manager2", team_obj=north),
        "outsider": factories.user(Role.SOCIAL_WORKER, username="outsider", team_obj=south),
        "other_tm": factories.user(Role.TEAM_MANAGER, username="southmanager", team_obj=south),
        "front_door": factories.user(Role.FRONT_DOOR, username="frontdoor"),
        "family_help": factories.user(Role.FAMILY_HELP, username="familyhelp"),
        "iro": factories.user(Role.REVIEWING_OFFICER, username="chair"),
        "sm": factories.user(Role.SERVICE_MANAGER, username="head"),
    }
