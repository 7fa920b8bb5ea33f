"""Bad input never crashes a page or half-saves (DESIGN.md § Quality bars): the error summary says what to
fix, nothing is written (no row, no audit event), and nothing typed is ever rendered as markup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import (
    Address,
    ContactDetail,
    Disability,
    Identifier,
    Person,
    PersonName,
    Relationship,
    Warning,
)
from tests import factories

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
PAYLOADS = [SCRIPT, ATTRIBUTE_BREAKOUT, JAVASCRIPT_URL]


def _date(name: str, day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def _on(name: str, value: date) -> dict[str, str]:
    return _date(name, str(value.day), str(value.month), str(value.year))


def _state() -> dict[str, Any]:
    """Everything a refused form must leave as it was."""
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "names": PersonName.objects.count(),
        "identifiers": Identifier.objects.count(),
        "addresses": Address.objects.count(),
        "contact": ContactDetail.objects.count(),
        "disabilities": Disability.objects.count(),
        "warnings": Warning.objects.count(),
        "relationships": list(Relationship.objects.order_by("pk").values()),
        "changes": AuditEvent.objects.exclude(
            action__in=("person.viewed", "person.searched", "person.listed")
        ).count(),
    }


def _error_summary(response: Any) -> str:
    tree = lxml.html.fromstring(response.content)
    summaries = tree.xpath("//div[contains(@class, 'govuk-error-summary')]")
    assert summaries, "no error summary on the page"
    return " ".join(summaries[0].text_content().split())


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER)


@pytest.fixture
def child(worker: User) -> Person:
    return factories.person(by=worker)


def _edit_data(child: Person, **overrides: str) -> dict[str, str]:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        **_on("date_of_birth", child.date_of_birth or date(2015, 4, 12)),
        **_date("expected_date_of_birth"),
        **_date("date_of_death"),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "version": str(child.version),
    }
    data.update(overrides)
    return data


def _refused(client: Client, url: str, data: dict[str, str], message: str) -> None:
    before = _state()
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in _error_summary(response)
    assert _state() == before


# --- Identifiers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("943 476 5918", "Enter a real NHS number: this one fails its check digit"),
        ("9434765919x", "Enter an NHS number with 10 digits"),
        ("12345", "Enter an NHS number with 10 digits"),
    ],
)
def test_bad_input_invalid_nhs_number_is_refused(
    client_for: ClientFor, worker: User, child: Person, value: str, message: str
) -> None:
    url = reverse("people:edit", args=[child.uuid])
    _refused(client_for(worker), url, _edit_data(child, nhs_number=value), message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("A330201521001", "Enter a real UPN: its check letter does not match"),
        ("I330201521001", "Enter a UPN of 13 characters"),
        ("Y33020152100", "Enter a UPN of 13 characters"),
    ],
)
def test_bad_input_invalid_upn_is_refused(
    client_for: ClientFor, worker: User, child: Person, value: str, message: str
) -> None:
    url = reverse("people:edit", args=[child.uuid])
    _refused(client_for(worker), url, _edit_data(child, upn=value), message)


def test_bad_input_invalid_nhs_number_on_a_new_person_saves_nothing(
    client_for: ClientFor, worker: User
) -> None:
    data = {
        "first_name": "Zara",
        "last_name": "Reid",
        **_date("date_of_birth", "8", "11", "2021"),
        **_date("expected_date_of_birth"),
        **_date("date_of_death"),
        "sex": "F",
        "ethnicity": "MWBA",
        "nhs_number": "943 476 5918",
    }
    _refused(client_for(worker), reverse("people:create"), data, "Enter a real NHS number")


# --- Impossible dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "parts", "message"),
    [
        ("date_of_birth", ("31", "2", "2020"), "Date of birth must be a real date"),
        ("date_of_birth", ("12", "4", "20"), "Date of birth must be a real date, like 27 3 2019"),
        ("date_of_birth", ("12", "", "2015"), "Date of birth must include a month"),
        (
            "date_of_birth",
            ("1", "1", str(date.today().year + 1)),
            "Date of birth must be today or in the past",
        ),
        ("date_of_birth", ("1", "1", "1066"), "Date of birth must be after 1 January 1900"),
        ("date_of_death", ("1", "1", "2010"), "Date of death must be on or after the date of birth"),
    ],
)
def test_bad_input_impossible_dates_are_refused(
    client_for: ClientFor, worker: User, child: Person, field: str, parts: tuple[str, str, str], message: str
) -> None:
    url = reverse("people:edit", args=[child.uuid])
    _refused(client_for(worker), url, _edit_data(child, **_date(field, *parts)), message)


def test_bad_input_impossible_relationship_dates_are_refused(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2))
    rel = actions.add_relationship(
        from_person=mum, to_person=child, kind="parent", by=worker, start_date=date(2015, 4, 12)
    )
    url = reverse("people:relationship_change", args=[child.uuid, rel.uuid])
    base = {"kind": "parent", **_on("start_date", date(2015, 4, 12)), "version": "1"}

    _refused(
        client_for(worker), url, {**base, **_date("end_date", "31", "2", "2020")}, "Ended must be a real date"
    )
    _refused(
        client_for(worker),
        url,
        {**base, **_on("end_date", date(2010, 1, 1))},
        "End date must be on or after the start date",
    )
    tomorrow = date.today() + timedelta(days=1)
    _refused(
        client_for(worker),
        url,
        {**base, **_on("start_date", tomorrow), **_date("end_date")},
        "Since must be today or in the past",
    )


# --- Too long -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "people:name_add",
            {"kind": "alias", "first_name": "A" * 101},
            "First name must be 100 characters or fewer",
        ),
        ("people:address_add", {"line1": "1" * 201}, "Address line 1 must be 200 characters or fewer"),
        (
            "people:identifier_add",
            {"kind": "other", "value": "9" * 51},
            "Identifier must be 50 characters or fewer",
        ),
        (
            "people:contact_detail_add",
            {"kind": "mobile", "value": "07700 900982", "note": "n" * 201},
            "Note must be 200 characters or fewer",
        ),
        (
            "people:warning_add",
            {"text": "w" * 501, **_on("review_date", date.today() + timedelta(days=30))},
            "What do staff need to know? must be 500 characters or fewer",
        ),
        (
            "people:relationship_add_new",
            {"first_name": "Grace", "sex": "F", "kind": "grandparent", "note": "x" * 501},
            "Why this person matters must be 500 characters or fewer",
        ),
        (
            "people:relationship_add_new",
            {"first_name": "Grace", "sex": "F", "kind": "grandparent", "contact_restriction": "x" * 501},
            "Contact restriction (if any) must be 500 characters or fewer",
        ),
    ],
)
def test_bad_input_over_long_text_is_refused(
    client_for: ClientFor, worker: User, child: Person, name: str, data: dict[str, str], message: str
) -> None:
    _refused(client_for(worker), reverse(name, args=[child.uuid]), data, message)


def test_bad_input_over_long_name_on_edit_is_refused(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    url = reverse("people:edit", args=[child.uuid])
    _refused(
        client_for(worker),
        url,
        _edit_data(child, last_name="O" * 101),
        "Last name must be 100 characters or fewer",
    )


# --- Markup and scripts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_bad_input_markup_in_a_name_is_refused(
    client_for: ClientFor, worker: User, child: Person, payload: str
) -> None:
    message = "Enter a name using only letters, spaces, hyphens, apostrophes and full stops"
    client = client_for(worker)
    _refused(
        client, reverse("people:edit", args=[child.uuid]), _edit_data(child, first_name=payload), message
    )
    _refused(
        client,
        reverse("people:relationship_add_new", args=[child.uuid]),
        {"first_name": payload, "last_name": "Reid", "sex": "U", "kind": "friend"},
        message,
    )
    _refused(
        client,
        reverse("people:name_add", args=[child.uuid]),
        {"kind": "alias", "last_name": payload},
        message,
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_bad_input_markup_in_an_identifier_or_phone_number_is_refused(
    client_for: ClientFor, worker: User, child: Person, payload: str
) -> None:
    client = client_for(worker)
    _refused(
        client,
        reverse("people:identifier_add", args=[child.uuid]),
        {"kind": "other", "value": payload},
        "Enter an identifier using only letters, numbers",
    )
    _refused(
        client,
        reverse("people:contact_detail_add", args=[child.uuid]),
        {"kind": "mobile", "value": payload},
        "Enter a phone number",
    )


def _svg(html: str) -> str:
    start = html.index('<svg class="kindred-ecomap"')
    return html[start : html.index("</svg>", start)]


def test_bad_input_script_in_free_text_is_kept_as_words_and_shown_escaped(
    client_for: ClientFor, worker: User, child: Person
) -> None:
    """A worker may quote anything in a note; it is stored as typed and can never run."""
    client = client_for(worker)
    response = client.post(
        reverse("people:relationship_add_new", args=[child.uuid]),
        {
            "first_name": "Tunde",
            "last_name": "Okafor",
            "sex": "M",
            "kind": "parent",
            "contact_restriction": f"No contact {ATTRIBUTE_BREAKOUT}",
            "note": f"He wrote {SCRIPT} and {JAVASCRIPT_URL}",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("people:warning_add", args=[child.uuid]),
        {"text": f"Threats {SCRIPT}", **_on("review_date", date.today() + timedelta(days=30))},
    )

    html = client.get(reverse("people:detail", args=[child.uuid])).content.decode()

    assert SCRIPT not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "He wrote &lt;script&gt;alert(1)&lt;/script&gt; and javascript:alert(1)" in html
    assert "Threats &lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg = _svg(html)
    assert "Contact restriction: No contact &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "<img" not in svg and "<script" not in svg


@pytest.mark.parametrize("payload", PAYLOADS)
def test_bad_input_markup_in_a_name_from_elsewhere_is_shown_escaped(
    client_for: ClientFor, worker: User, child: Person, payload: str
) -> None:
    """Names can arrive by other routes (the API, an import) that do not use these forms: the page and the
    picture still show them as words."""
    relative = factories.person(by=worker, first_name=payload, last_name="Okafor", sex="M")
    actions.add_relationship(
        from_person=relative, to_person=child, kind="sibling", by=worker, lives_with=True
    )

    html = client_for(worker).get(reverse("people:detail", args=[child.uuid])).content.decode()

    assert payload not in html or payload == JAVASCRIPT_URL
    assert 'href="javascript:' not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    svg = _svg(html)
    tree = lxml.html.fromstring(html)
    # The name is in the picture as text (its title, link name and label), and nowhere as markup.
    names = [a.get("aria-label") for a in tree.xpath("//svg//a")]
    assert any(name.startswith(payload) for name in names)
    assert "onerror=alert(1)&gt;" in svg or payload != ATTRIBUTE_BREAKOUT
    assert "&lt;script&gt;" in svg or payload != SCRIPT
