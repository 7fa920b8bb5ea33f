"""The child's page (people:detail): who the child is, where they live, who matters to them, warnings."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import Person, Warning
from kindred.people.validators import nhs_number_check_digit, upn_check_letter
from tests import factories

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15

ClientFor = Callable[[User], Client]


def _url(person: Person) -> str:
    return reverse("people:detail", args=[person.uuid])


def _words(element: lxml.html.HtmlElement) -> str:
    """An element's words as a reader meets them: line breaks are spaces, whitespace squashed."""
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(element.text_content().split())


def _text(html: bytes) -> str:
    """The page's visible words."""
    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return _words(tree)


def _by_class(tree: lxml.html.HtmlElement, css_class: str) -> list[lxml.html.HtmlElement]:
    return tree.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]")


def _nhs(first_nine: str) -> str:
    return first_nine + str(nhs_number_check_digit(first_nine))


def _child(worker: User, **fields: object) -> Person:
    return factories.person(by=worker, **fields)


def _family(worker: User, child: Person, size: int) -> None:
    """A network: a mother and a teacher, then `size` more relatives (to check the page does not grow)."""
    mum = factories.person(by=worker, first_name="Ngozi", date_of_birth=date(1988, 1, 2), sex="F")
    actions.add_relationship(
        from_person=mum,
        to_person=child,
        kind="parent",
        by=worker,
        lives_with=True,
        parental_responsibility=True,
    )
    teacher = factories.person(
        by=worker,
        first_name="Oliver",
        last_name="Hughes",
        job_title="Class teacher",
        organisation=factories.partner(),
    )
    actions.add_relationship(from_person=teacher, to_person=child, kind="teacher", by=worker)
    for n in range(size):
        cousin = factories.person(
            by=worker, first_name=f"Cousin{'abcdefghijklmnopqrstuvwxyz'[n % 26]}", sex="M"
        )
        actions.add_relationship(from_person=cousin, to_person=child, kind="cousin", by=worker)
        actions.add_address(person=cousin, line1=f"{n} Canal Walk", postcode="B11 1AA", by=worker)


def test_person_page_shows_who_the_child_is(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    upn_body = "330201521001"
    child = _child(
        worker,
        middle_names="Chiamaka",
        gender_identity="Girl",
        first_language="Yoruba",
        interpreter_needed=True,
        religion="christian",
        nhs_number=_nhs("943476591"),
        upn=upn_check_letter(upn_body) + upn_body,
    )
    actions.add_other_name(person=child, kind="preferred", first_name="Ama", last_name="", by=worker)
    actions.add_other_name(
        person=child, kind="alias", first_name="Amy", last_name="Okafor", by=worker, end_date=date(2020, 1, 1)
    )
    actions.add_identifier(person=child, kind="la_child_id", value="BCT-2019-04417", by=worker)
    actions.record_disability(person=child, code="COMM", by=worker)

    response = client_for(worker).get(_url(child))

    assert response.status_code == 200
    text = _text(response.content)
    assert "Amara Okafor" in text
    assert "Known as Ama" in text
    assert "Amara Chiamaka Okafor" in text
    assert "Amy Okafor (also known as, until 1 Jan 2020)" in text
    assert "12 April 2015" in text and "years old" in text
    assert "Female" in text and "Girl" in text and "African" in text and "Christian" in text
    assert "Yoruba Needs an interpreter" in text
    assert "Communication" in text
    assert "943 476 5919" in text
    assert child.upn in text
    assert "LA child ID BCT-2019-04417" in text


def test_person_page_shows_the_address_household_and_address_history(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    actions.add_address(
        person=child, line1="14 Canal Walk", postcode="B11 1AA", start_date=date(2019, 5, 1), by=worker
    )
    actions.add_address(
        person=child,
        line1="27 Elm Road",
        town="Birmingham",
        postcode="B11 4RT",
        start_date=date(2023, 9, 4),
        by=worker,
    )
    _family(worker, child, 0)

    text = _text(client_for(worker).get(_url(child)).content)

    assert "Address 27 Elm Road Birmingham B11 4RT Since 4 September 2023" in text
    assert "Lives with Ngozi Okafor (mother)" in text
    assert "Previous addresses (1)" in text
    assert "14 Canal Walk, B11 1AA 1 May 2019 3 Sep 2023" in text


def test_person_page_puts_staff_safety_warnings_first_and_flags_overdue_reviews(
    client_for: ClientFor,
) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    actions.add_warning(
        person=child, text="Large dog at the property", review_date=date(2099, 1, 31), by=worker
    )
    overdue = actions.add_warning(
        person=child, text="Threats made to workers", review_date=date.today(), by=worker
    )
    Warning.objects.filter(pk=overdue.pk).update(review_date=date.today() - timedelta(days=3))
    ended = actions.add_warning(person=child, text="Old warning", review_date=date.today(), by=worker)
    actions.end_warning(warning=ended, reason="Family moved", by=worker)

    response = client_for(worker).get(_url(child))

    tree = lxml.html.fromstring(response.content)
    panel = _by_class(tree, "kindred-warning-panel")
    assert len(panel) == 1
    # The panel comes before the child's name.
    html = response.content.decode()
    assert html.index("kindred-warning-panel") < html.index("<h1")
    words = _words(panel[0])
    assert "Staff safety warnings" in words
    assert "Threats made to workers Review overdue" in words
    assert "Large dog at the property Review by 31 January 2099" in words
    assert "Old warning" not in words
    assert words.index("Threats") < words.index("Large dog")  # the most urgent review first


def test_person_page_shows_who_matters_as_a_picture_and_a_table(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    _family(worker, child, 2)
    dad = factories.person(by=worker, first_name="Tunde", sex="M", date_of_birth=date(1985, 7, 19))
    actions.add_relationship(
        from_person=dad,
        to_person=child,
        kind="parent",
        by=worker,
        parental_responsibility=True,
        contact_restriction="No unsupervised contact",
        start_date=date(2015, 4, 12),
    )

    response = client_for(worker).get(_url(child))

    tree = lxml.html.fromstring(response.content)
    (svg,) = tree.xpath("//svg[contains(@class, 'kindred-ecomap') and @role='img']")
    assert svg.get("aria-labelledby") == "ecomap-title ecomap-desc"
    assert svg.xpath("./title")[0].text == "Amara Okafor's network"
    description = svg.xpath("./desc")[0].text
    assert "Amara lives with Ngozi Okafor (mother)." in description
    assert "Parental responsibility: Ngozi Okafor (mother) and Tunde Okafor (father)." in description
    assert "Contact restrictions: Tunde Okafor (father)." in description
    links = {a.get("aria-label"): a.get("href") for a in svg.xpath(".//a")}
    assert links["Ngozi Okafor, mother, lives with them, has parental responsibility"].startswith("/people/")
    assert "Tunde Okafor, father, has parental responsibility, contact restriction" in links
    assert svg.xpath(".//g[@class='kindred-ecomap__restriction']/title")[0].text == (
        "Contact restriction: No unsupervised contact"
    )
    # The same people in the table, with the right words and details.
    (table,) = tree.xpath("//table[@id='network-table']")
    rows = {
        _words(r.xpath("./th")[0]): [_words(c) for c in r.xpath("./td")]
        for r in table.xpath(".//tbody/tr[td]")
    }
    assert rows["Ngozi Okafor"][:4] == ["Mother", "Yes", "Yes", "None"]
    assert rows["Tunde Okafor"][:5] == [
        "Father",
        "No",
        "Yes",
        "Restricted No unsupervised contact",
        "Since 12 Apr 2015",
    ]
    assert rows["Oliver Hughes Class teacher, Hollybank Primary School"][0] == "Teacher"
    groups = [_words(th) for th in table.xpath(".//th[@scope='rowgroup']")]
    assert groups == ["Lives with Amara", "Family", "Professionals"]


def test_person_page_shows_known_to_and_parental_responsibility(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    _family(worker, child, 0)

    tree = lxml.html.fromstring(client_for(worker).get(_url(child)).content)

    (aside,) = _by_class(tree, "kindred-sidebar")
    words = _words(aside)
    assert "Known to Oliver Hughes Teacher, Hollybank Primary School" in words
    assert "Parental responsibility Ngozi Okafor (mother)" in words
    assert "Casework" not in words  # the block casework will fill is empty, not a placeholder


def test_person_page_links_to_who_has_viewed_only_for_those_who_may_see_it(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    manager = factories.user(Role.TEAM_MANAGER)
    child = _child(worker)
    access_url = reverse("audit:record_access", args=[child.uuid])

    assert access_url not in client_for(worker).get(_url(child)).content.decode()
    assert access_url in client_for(manager).get(_url(child)).content.decode()


def test_person_page_shows_change_links_only_to_people_who_may_change_the_record(
    client_for: ClientFor,
) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    analyst = factories.user(Role.ANALYST)
    child = _child(worker)
    _family(worker, child, 0)
    edit_url = reverse("people:edit", args=[child.uuid])
    add_url = reverse("people:relationship_add", args=[child.uuid])

    worker_page = client_for(worker).get(_url(child)).content.decode()
    analyst_page = client_for(analyst).get(_url(child)).content.decode()

    assert edit_url in worker_page and add_url in worker_page and "/change/" in worker_page
    assert analyst_page.count("/people/") > 0
    assert edit_url not in analyst_page and add_url not in analyst_page and "/change/" not in analyst_page


def test_person_page_is_audited_as_a_view(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)

    client_for(worker).get(_url(child))

    event = AuditEvent.objects.filter(action="person.viewed").get()
    assert event.person_uuid == child.uuid
    assert event.actor == worker.username


def test_person_page_answers_404_for_a_missing_or_restricted_record(client_for: ClientFor) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    worker = factories.user(Role.SOCIAL_WORKER)
    restricted = factories.person(by=manager, restricted=True)
    client = client_for(worker)

    assert client.get(reverse("people:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(_url(restricted)).status_code == 404
    assert client_for(manager).get(_url(restricted)).status_code == 200
    assert not AuditEvent.objects.filter(action="person.viewed", actor=worker.username).exists()


def test_person_page_never_identifies_a_restricted_relative(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    manager = factories.user(Role.TEAM_MANAGER)
    child = _child(worker)
    dad = factories.person(
        by=manager,
        first_name="Secretfirst",
        last_name="Secretlast",
        sex="M",
        date_of_birth=date(1985, 7, 19),
        restricted=True,
        nhs_number=_nhs("401023213"),
    )
    actions.add_address(person=dad, line1="1 Hiddenplace Lane", postcode="B99 9ZZ", by=manager)
    relationship = actions.add_relationship(
        from_person=dad,
        to_person=child,
        kind="parent",
        by=manager,
        lives_with=True,
        parental_responsibility=True,
        contact_restriction="Court order from Hiddenplace court",
        note="Secretnote",
        start_date=date(2015, 4, 12),
    )

    response = client_for(worker).get(_url(child))

    html = response.content.decode()
    for secret in (
        "Secretfirst",
        "Secretlast",
        str(dad.uuid),
        dad.nhs_number,
        "Hiddenplace",
        "B99",
        "Secretnote",
        str(relationship.uuid),
        "Father",
    ):
        assert secret not in html, secret
    text = _text(response.content)
    assert "Restricted record You cannot see who this is Parent Not shown Yes Not shown" in text
    assert "Lives with No one recorded" in text  # living with a restricted person would say where they live
    assert "Parental responsibility Restricted record (parent)" in text


def test_person_page_shows_a_merged_record_notice_and_the_records_merged_into_it(
    client_for: ClientFor,
) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    manager = factories.user(Role.TEAM_MANAGER)
    survivor = _child(worker)
    duplicate = _child(worker, first_name="Amarah", date_of_birth=date(2015, 4, 21))
    hidden = factories.person(by=manager, first_name="Hiddenduplicate", restricted=True)
    Person.objects.filter(pk__in=[duplicate.pk, hidden.pk]).update(merged_into=survivor)
    gran = factories.person(by=worker, first_name="Grace", last_name="Adeyemi", sex="F")
    actions.add_relationship(from_person=gran, to_person=duplicate, kind="grandparent", by=worker)
    client = client_for(worker)

    survivor_page = _text(client.get(_url(survivor)).content)
    duplicate_page = client.get(_url(duplicate))

    assert (
        "Records merged into this one Amarah Okafor (born 21 Apr 2015) A restricted record" in survivor_page
    )
    assert "Hiddenduplicate" not in survivor_page
    assert "Grace Adeyemi Recorded on a merged record Grandmother" in survivor_page
    assert "This record has been merged into Amara Okafor's record" in _text(duplicate_page.content)
    # A merged record is kept as it was: no one changes it.
    assert reverse("people:edit", args=[duplicate.uuid]) not in duplicate_page.content.decode()


def test_person_page_for_a_professional_is_simpler(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    teacher = factories.person(
        by=worker,
        first_name="Oliver",
        last_name="Hughes",
        date_of_birth=None,
        sex="M",
        job_title="Class teacher",
        organisation=factories.partner(),
    )
    actions.add_relationship(from_person=teacher, to_person=child, kind="teacher", by=worker)

    text = _text(client_for(worker).get(_url(teacher)).content)

    assert "Professional Oliver Hughes" in text
    assert "Works at Hollybank Primary School" in text
    assert "Who Oliver works with" in text and "Amara Okafor Pupil" in text
    for child_only in ("Unique pupil number", "Where Oliver lives", "Disabilities", "Ethnicity"):
        assert child_only not in text


def test_person_page_for_an_unborn_baby(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    due = date.today() + timedelta(days=60)
    baby = factories.person(
        by=worker, first_name="", last_name="", date_of_birth=None, sex="U", expected_date_of_birth=due
    )

    text = _text(client_for(worker).get(_url(baby)).content)

    assert "Unborn baby" in text
    assert f"Expected date of birth {due.day} {due:%B %Y}" in text


def _queries_for_page(client: Client, person: Person) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(person))
    assert response.status_code == 200
    return len(queries)


def test_person_page_makes_a_fixed_number_of_queries_whatever_the_network_size(
    client_for: ClientFor, django_assert_max_num_queries: Callable[..., object]
) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    small = _child(worker)
    _family(worker, small, 1)
    large = _child(worker, first_name="Zainab")
    _family(worker, large, 30)
    for n in range(5):
        actions.add_address(person=large, line1=f"{n} Elm Road", start_date=date(2010 + n, 1, 1), by=worker)
        actions.add_other_name(
            person=large, kind="alias", first_name=f"Zee{'abcde'[n]}", last_name="", by=worker
        )
        actions.add_warning(person=large, text=f"Warning {n}", review_date=date.today(), by=worker)
    client = client_for(worker)
    client.get(_url(small))  # warm up: the session, and Django's one-off check of JSON support

    small_count = _queries_for_page(client, small)
    with django_assert_max_num_queries(QUERY_BUDGET):  # type: ignore[operator]
        large_count = _queries_for_page(client, large)

    assert small_count == large_count


def test_person_page_sets_no_inline_styles_or_scripts(client_for: ClientFor) -> None:
    worker = factories.user(Role.SOCIAL_WORKER)
    child = _child(worker)
    _family(worker, child, 3)

    html = client_for(worker).get(_url(child)).content.decode()

    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_person_page_offers_merge_and_restriction_to_managers_only(
    client_for: Callable[[User], Client],
) -> None:
    manager = factories.user(Role.TEAM_MANAGER)
    worker = factories.user(Role.SOCIAL_WORKER)
    child = factories.person(by=worker)
    as_manager = client_for(manager).get(f"/people/{child.uuid}/").content.decode()
    as_worker = client_for(worker).get(f"/people/{child.uuid}/").content.decode()
    assert f"/people/{child.uuid}/merge/" in as_manager
    assert f"/people/{child.uuid}/restriction/" in as_manager
    assert f"/people/{child.uuid}/merge/" not in as_worker
    assert f"/people/{child.uuid}/restriction/" not in as_worker
