from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kindred.access.roles import Role
from kindred.organisation.models import User
from kindred.synthetic.organisation import build_organisation

pytestmark = pytest.mark.django_db


def test_overview_shows_teams_staff_and_partners_in_a_fixed_number_of_queries(
    client_for: Callable[[User], Client], django_assert_max_num_queries: Callable[..., object]
) -> None:
    build_organisation()
    admin = User.objects.get(username="admin")
    client = client_for(admin)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        page = client.get("/organisation/").content.decode()
    assert "Assessment North" in page
    assert "Daniel Osei" in page and "Social worker" in page
    assert "Hollybank Primary School" in page and "990101" in page


def test_overview_is_for_managers_and_administrators_only(client_for: Callable[[User], Client]) -> None:
    build_organisation()
    assert client_for(User.objects.get(username="teammanager")).get("/organisation/").status_code == 200
    for username in ("socialworker", "school", "commissioner"):
        assert client_for(User.objects.get(username=username)).get("/organisation/").status_code == 403
    assert User.objects.get(username="socialworker").role == Role.SOCIAL_WORKER
