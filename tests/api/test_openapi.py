"""The OpenAPI schema is committed (kindred/api/openapi.json) so that a change to the API shows up in review
as a change to its contract. This fails when the served schema and the committed one differ."""

from __future__ import annotations

import difflib
import json

import pytest
from django.test import Client

from kindred.api.management.commands.export_openapi import COMMITTED, schema_text

pytestmark = pytest.mark.django_db


def test_openapi_schema_matches_the_committed_snapshot(client: Client) -> None:
    served = client.get("/api/v1/openapi.json").json()
    committed = COMMITTED.read_text(encoding="utf-8")
    if served != json.loads(committed) or schema_text() != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                schema_text().splitlines(keepends=True),
                "kindred/api/openapi.json (committed)",
                "/api/v1/openapi.json (served)",
                n=2,
            )
        )
        pytest.fail(
            "The partner API's schema has changed. If the change is intended, regenerate the committed "
            "schema with `make openapi` and commit kindred/api/openapi.json with it: partners' systems are "
            f"built against it.\n{diff[:5000]}",
            pytrace=False,
        )
