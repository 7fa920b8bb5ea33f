"""Reads of people. Everything starts from Person.objects.visible_to(user)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from kindred.people.models import Person


def get_visible_person(user: Any, person_uuid: UUID | str) -> Person:
    """The person if this user may see them; otherwise 404, whether the record exists or not."""
    person = (
        Person.objects.visible_to(user)
        .select_related("merged_into", "organisation")
        .filter(uuid=person_uuid)
        .first()
    )
    if person is None:
        raise Http404("No person here")
    return person
