"""Case note journey: a social worker types a note, sees "Draft saved", reloads and finds the words (the draft
is on the server), records it for two siblings seen together, and finds it on both children's chronologies.
Then: the session ends mid-note, the page says so, the worker signs in again in another tab, and the draft is
saved without losing a word."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kindred.casework.models import CaseNote
from kindred.organisation.models import User
from kindred.people import actions
from kindred.people.models import Person
from kindred.synthetic.organisation import build_organisation
from tests.browser.conftest import screenshot
from tests.browser.test_login_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "Amara and Kwame were at home with their mother. Amara showed me her bedroom and her drawings."


def _siblings() -> tuple[Person, Person]:
    build_organisation()
    worker = User.objects.get(username="socialworker")
    amara = actions.create_person(
        by=worker,
        first_name="Amara",
        last_name="Okafor",
        sex="F",
        date_of_birth=date(2015, 4, 12),
        ethnicity="BAFR",
    )
    kwame = actions.create_person(
        by=worker,
        first_name="Kwame",
        last_name="Okafor",
        sex="M",
        date_of_birth=date(2017, 9, 1),
        ethnicity="BAFR",
    )
    actions.add_relationship(from_person=amara, to_person=kwame, kind="sibling", by=worker)
    return amara, kwame


def test_a_note_is_autosaved_survives_a_reload_and_is_recorded_for_two_siblings(page: Any) -> None:
    amara, kwame = _siblings()
    log_in(page, "socialworker")
    page.goto(f"/people/{amara.uuid}/")
    page.get_by_role("link", name="Case notes").click()
    page.get_by_role("link", name="Write a case note").click()
    page.get_by_label("What happened", exact=True).fill(WORDS)
    page.get_by_text("Draft saved at").wait_for()
    draft = CaseNote.objects.get()
    assert draft.status == CaseNote.Status.DRAFT and draft.text == WORDS
    assert page.url.endswith(f"/notes/{draft.uuid}/edit/")  # a reload opens the draft
    screenshot(page, "notes-1-draft-saved")

    page.reload()
    assert page.get_by_label("What happened", exact=True).input_value() == WORDS
    page.get_by_label("Kwame Okafor").check()
    page.get_by_label("This is a significant event for the child").check()
    page.get_by_label("Title").fill("Home visit: Amara and Kwame seen")
    page.get_by_role("button", name="Record the note").click()
    page.get_by_text("Note recorded on Amara Okafor and Kwame Okafor's record.").wait_for()
    screenshot(page, "notes-2-recorded")
    draft.refresh_from_db()
    assert draft.status == CaseNote.Status.FINAL
    assert set(draft.subjects.all()) == {amara, kwame}

    for child in (amara, kwame):
        page.goto(f"/people/{child.uuid}/")
        page.get_by_role("link", name="Chronology").click()
        page.get_by_role("link", name="Home visit: Amara and Kwame seen").wait_for()
        assert WORDS in page.content()
    screenshot(page, "notes-3-chronology")
    # Nothing was left behind in the browser once the note was recorded.
    left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kindred:note:'))")
    assert left == []
    assert not page.console_errors, page.console_errors


def test_signed_out_mid_note_the_words_are_kept_and_saved_after_signing_in_again(page: Any) -> None:
    amara, _ = _siblings()
    log_in(page, "socialworker")
    page.goto(f"/people/{amara.uuid}/notes/new/")
    text = page.get_by_label("What happened", exact=True)
    text.fill("First part of the note.")
    page.get_by_text("Draft saved at").wait_for()

    page.context.clear_cookies()  # the session has ended
    text.fill("First part of the note. Second part, typed after the time-out.")
    page.get_by_text("You have been signed out, so").wait_for()
    screenshot(page, "notes-4-signed-out")
    assert CaseNote.objects.get().text == "First part of the note."

    other = page.context.new_page()
    log_in(other, "socialworker")
    other.get_by_role("heading", name="Hello, Daniel").wait_for()
    other.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    page.get_by_text("Draft saved at").wait_for(timeout=20_000)
    assert CaseNote.objects.get().text == "First part of the note. Second part, typed after the time-out."
    assert page.get_by_text("You have been signed out, so").is_hidden()
    assert not [e for e in page.console_errors if "401" not in e and "403" not in e], page.console_errors


def test_words_typed_before_the_page_script_loads_are_still_autosaved(page: Any) -> None:
    # On a slow connection the worker can type before autosave.js has run, so its input listener misses the
    # typing. The script must notice the boxes differ from what the page arrived with (CI once saw this race).
    amara, _ = _siblings()
    log_in(page, "socialworker")
    # Hold the script back until the words are typed: the route is answered only when the test says so, so
    # the order is certain however slow the machine (a timed delay was not: CI once typed slower than it).
    held: list[Any] = []
    page.route("**/ui/autosave*.js", lambda route: held.append(route))
    page.goto(f"/people/{amara.uuid}/notes/new/", wait_until="commit")
    page.get_by_label("What happened", exact=True).fill(WORDS)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for autosave.js"
    assert not CaseNote.objects.exists()  # nothing could have saved the words yet
    held[0].continue_()
    page.get_by_text("Draft saved at").wait_for()
    assert CaseNote.objects.get().text == WORDS
    page.unroute_all(behavior="ignoreErrors")
