"""Case notes: drafts autosaved as the worker types, one note recorded for brothers and sisters together, the
history of edits, conflicts, who may do what, and notes about restricted children kept from everyone else;
through the actions, the pages and the autosave endpoint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kindred.access.models import RestrictedAccess
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.casework import notes
from kindred.casework.models import CaseNote, CaseNoteRevision
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from kindred.people.models import Person
from tests import factories
from tests.conftest import HttpsClient

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


@pytest.fixture
def worker() -> User:
    return factories.user(Role.SOCIAL_WORKER, username="worker", first_name="Daniel", last_name="Osei")


@pytest.fixture
def colleague() -> User:
    return factories.user(Role.SOCIAL_WORKER, username="colleague")


@pytest.fixture
def manager() -> User:
    return factories.user(Role.TEAM_MANAGER, username="manager")


@pytest.fixture
def family(worker: User) -> dict[str, Person]:
    """Amara, her brother Kwame and half-sister Efua; a cousin (not a sibling); an ended step-sibling."""
    amara = factories.person(
        by=worker, first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 4, 12)
    )
    kwame = factories.person(
        by=worker, first_name="Kwame", last_name="Okafor", sex="M", date_of_birth=dt.date(2017, 9, 1)
    )
    efua = factories.person(
        by=worker, first_name="Efua", last_name="Mensah", date_of_birth=dt.date(2019, 1, 5)
    )
    cousin = factories.person(
        by=worker, first_name="Tobi", last_name="Okafor", date_of_birth=dt.date(2014, 2, 2)
    )
    former = factories.person(
        by=worker, first_name="Leah", last_name="Brown", date_of_birth=dt.date(2013, 3, 3)
    )
    people_actions.add_relationship(from_person=amara, to_person=kwame, kind="sibling", by=worker)
    people_actions.add_relationship(from_person=efua, to_person=amara, kind="half_sibling", by=worker)
    people_actions.add_relationship(from_person=amara, to_person=cousin, kind="cousin", by=worker)
    people_actions.add_relationship(
        from_person=amara,
        to_person=former,
        kind="step_sibling",
        by=worker,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    return {"amara": amara, "kwame": kwame, "efua": efua, "cousin": cousin, "former": former}


def _recorded(person: Person, by: User, *, subjects: list[Person] | None = None, **values: Any) -> CaseNote:
    values.setdefault("text", "Amara and Kwame were at home with their mother. Both were seen.")
    note = notes.start_note(person=person, by=by, subjects=subjects, **values)
    return notes.record_note(note=note, version=note.version, by=by)


def _restricted_sibling(owner: User, amara: Person) -> Person:
    hidden = factories.person(
        by=owner,
        restricted=True,
        first_name="Zephyrine",
        last_name="Quillfeather",
        date_of_birth=dt.date(2016, 6, 6),
    )
    people_actions.add_relationship(from_person=amara, to_person=hidden, kind="sibling", by=owner)
    return hidden


# --- actions ------------------------------------------------------------------------------------------------


def test_siblings_of_are_current_brothers_and_sisters_the_user_may_see(
    worker: User, colleague: User, family: dict[str, Person]
) -> None:
    hidden = _restricted_sibling(worker, family["amara"])
    assert notes.siblings_of(family["amara"], worker) == [hidden, family["kwame"], family["efua"]]
    # The cousin is not a sibling, the step-sibling relationship has ended, the restricted sister is hidden.
    assert notes.siblings_of(family["amara"], colleague) == [family["kwame"], family["efua"]]


def test_start_note_is_a_draft_that_only_its_author_sees(
    worker: User, colleague: User, family: dict[str, Person]
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Started typing")
    assert draft.status == CaseNote.Status.DRAFT and draft.version == 1
    assert list(draft.subjects.all()) == [family["amara"]]
    assert CaseNote.objects.visible_to(worker).filter(pk=draft.pk).exists()
    assert not CaseNote.objects.visible_to(colleague).filter(pk=draft.pk).exists()
    assert (
        AuditEvent.objects.filter(action="case_note.draft_started", person_uuid=family["amara"].uuid).count()
        == 1
    )


def test_save_draft_returns_the_new_version_and_writes_no_audit_event_per_save(
    worker: User, family: dict[str, Person]
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker)
    events = AuditEvent.objects.count()
    version = draft.version
    for words in ("Amara", "Amara was", "Amara was at school"):
        version = notes.save_draft(note=draft, version=version, by=worker, text=words)
    assert version == 4
    draft.refresh_from_db()
    assert draft.text == "Amara was at school" and draft.version == 4
    assert AuditEvent.objects.count() == events


def test_save_draft_with_an_old_version_is_a_conflict(worker: User, family: dict[str, Person]) -> None:
    draft = notes.start_note(person=family["amara"], by=worker)
    notes.save_draft(note=draft, version=1, by=worker, text="Typed in the first window")
    with pytest.raises(notes.ConflictError):
        notes.save_draft(note=draft, version=1, by=worker, text="Typed in the second window")
    draft.refresh_from_db()
    assert draft.text == "Typed in the first window"


def test_only_the_author_saves_records_or_discards_a_draft(
    worker: User, colleague: User, manager: User, family: dict[str, Person]
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Mine")
    for other in (colleague, manager):
        with pytest.raises(PermissionDenied):
            notes.save_draft(note=draft, version=1, by=other, text="Not theirs")
        with pytest.raises(PermissionDenied):
            notes.record_note(note=draft, version=1, by=other)
        with pytest.raises(PermissionDenied):
            notes.discard_draft(note=draft, by=other)


def test_record_note_for_siblings_puts_one_note_on_each_childs_record(
    worker: User, colleague: User, family: dict[str, Person]
) -> None:
    amara, kwame = family["amara"], family["kwame"]
    draft = notes.start_note(person=amara, by=worker, subjects=[amara, kwame], text="Both seen at home.")
    note = notes.record_note(note=draft, version=draft.version, by=worker, significant=True)
    assert note.status == CaseNote.Status.FINAL and note.significant
    assert set(note.subjects.all()) == {amara, kwame}
    for child in (amara, kwame):
        assert list(CaseNote.objects.visible_to(colleague).filter(subjects=child)) == [note]
        event = AuditEvent.objects.get(action="case_note.recorded", person_uuid=child.uuid)
        assert event.actor == "worker" and event.target_id == str(note.uuid)


def test_record_note_needs_what_happened_a_time_not_in_the_future_and_someone_it_is_about(
    worker: User, family: dict[str, Person]
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker)
    with pytest.raises(ValidationError) as caught:
        notes.record_note(
            note=draft,
            version=draft.version,
            by=worker,
            text="   ",
            occurred_at=timezone.now() + dt.timedelta(hours=2),
            subjects=[],
        )
    assert set(caught.value.message_dict) == {"text", "occurred_at", "subjects"}
    draft.refresh_from_db()
    assert draft.status == CaseNote.Status.DRAFT and draft.version == 1


def test_a_note_cannot_be_about_a_child_the_author_may_not_see(
    worker: User, colleague: User, family: dict[str, Person]
) -> None:
    hidden = _restricted_sibling(worker, family["amara"])
    draft = notes.start_note(person=family["amara"], by=colleague, text="Seen")
    with pytest.raises(ValidationError) as caught:
        notes.record_note(note=draft, version=draft.version, by=colleague, subjects=[family["amara"], hidden])
    message = " ".join(caught.value.messages)
    assert "whose records you can see" in message and "Zephyrine" not in message
    with pytest.raises(PermissionDenied):
        notes.start_note(person=hidden, by=colleague, text="Seen")


def test_management_direction_is_for_managers_only(
    worker: User, manager: User, family: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        notes.start_note(person=family["amara"], by=worker, kind=CaseNote.Kind.MANAGEMENT_DIRECTION)
    draft = notes.start_note(person=family["amara"], by=worker, text="Visit weekly")
    with pytest.raises(PermissionDenied):
        notes.record_note(note=draft, version=1, by=worker, kind=CaseNote.Kind.MANAGEMENT_DIRECTION)
    direction = _recorded(
        family["amara"],
        manager,
        kind=CaseNote.Kind.MANAGEMENT_DIRECTION,
        text="Visit weekly; review in 4 weeks.",
    )
    assert direction.kind == CaseNote.Kind.MANAGEMENT_DIRECTION


def test_edit_note_keeps_the_earlier_wording_with_who_why_and_when(
    worker: User, manager: User, family: dict[str, Person]
) -> None:
    note = _recorded(family["amara"], worker, title="Home visit", text="Amara was seen at hom.")
    edited = notes.edit_note(
        note=note,
        version=note.version,
        by=worker,
        reason="Typo",
        text="Amara was seen at home.",
        title="Home visit",
    )
    edited = notes.edit_note(
        note=edited,
        version=edited.version,
        by=manager,
        reason="Marked significant at supervision",
        significant=True,
    )
    assert edited.text == "Amara was seen at home." and edited.significant and edited.version == 4
    first, second = CaseNoteRevision.objects.filter(note=note).order_by("version")
    assert (first.version, first.text, first.reason, first.edited_by) == (
        2,
        "Amara was seen at hom.",
        "Typo",
        worker,
    )
    assert (second.version, second.significant, second.edited_by) == (3, False, manager)
    event = AuditEvent.objects.filter(action="case_note.edited").order_by("seq").first()
    assert event is not None and event.reason == "Typo" and event.changes["changed"] == [None, ["text"]]
    assert "hom." not in str(event.changes)  # the words are in the revision, not copied into the audit trail


def test_edit_note_needs_a_reason_and_a_change_and_the_current_version(
    worker: User, family: dict[str, Person]
) -> None:
    note = _recorded(family["amara"], worker)
    with pytest.raises(ValidationError) as caught:
        notes.edit_note(note=note, version=note.version, by=worker, reason=" ", text="Changed")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        notes.edit_note(note=note, version=note.version, by=worker, reason="No change", text=note.text)
    assert "Nothing has changed" in " ".join(caught.value.messages)
    with pytest.raises(notes.ConflictError):
        notes.edit_note(note=note, version=note.version - 1, by=worker, reason="Stale", text="Changed")
    assert not CaseNoteRevision.objects.exists()


def test_only_the_author_or_a_manager_edits_a_recorded_note(
    worker: User, colleague: User, family: dict[str, Person]
) -> None:
    note = _recorded(family["amara"], worker)
    with pytest.raises(PermissionDenied):
        notes.edit_note(note=note, version=note.version, by=colleague, reason="Mine now", text="Rewritten")
    analyst = factories.user(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        notes.edit_note(note=note, version=note.version, by=analyst, reason="Data fix", text="Rewritten")


def test_discard_draft_removes_it(worker: User, family: dict[str, Person]) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Not needed")
    notes.discard_draft(note=draft, by=worker)
    assert not CaseNote.objects.exists()
    assert AuditEvent.objects.filter(action="case_note.draft_discarded").count() == 1
    recorded = _recorded(family["amara"], worker)
    with pytest.raises(ValidationError):
        notes.discard_draft(note=recorded, by=worker)


def test_a_note_about_a_restricted_child_is_hidden_from_everyone_not_named(
    worker: User, colleague: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara = family["amara"]
    hidden = _restricted_sibling(worker, amara)  # the worker recorded it, so is named on it
    note = _recorded(amara, worker, subjects=[amara, hidden], text="Amara and her sister were seen.")
    assert CaseNote.objects.visible_to(worker).filter(pk=note.pk).exists()
    assert not CaseNote.objects.visible_to(colleague).filter(pk=note.pk).exists()
    other = client_for(colleague)
    assert other.get(reverse("casework_notes:detail", args=[note.uuid])).status_code == 404
    listing = other.get(reverse("casework_notes:list", args=[amara.uuid])).content.decode()
    assert "her sister were seen" not in listing and "Zephyrine" not in listing
    RestrictedAccess.objects.create(person=hidden, user=colleague, granted_by=worker)
    assert other.get(reverse("casework_notes:detail", args=[note.uuid])).status_code == 200


# --- pages --------------------------------------------------------------------------------------------------


def _form(**overrides: str | list[str]) -> dict[str, Any]:
    now = timezone.localtime() - dt.timedelta(minutes=10)
    data: dict[str, Any] = {
        "kind": "case_note",
        "occurred_date_0": str(now.day),
        "occurred_date_1": str(now.month),
        "occurred_date_2": str(now.year),
        "occurred_time": f"{now:%H:%M}",
        "title": "Home visit",
        "text": "Amara and Kwame were at home. Both were seen; Amara showed me her drawings.",
        "analysis": "The children seemed relaxed with their mother.",
        "action": "record",
    }
    data.update(overrides)
    return data


def test_new_note_page_offers_the_childs_brothers_and_sisters(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    page = client_for(worker).get(reverse("casework_notes:new", args=[family["amara"].uuid]))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("Amara Okafor", "Kwame Okafor", "Efua Mensah"):
        assert name in html
    assert "Tobi Okafor" not in html and "Leah Brown" not in html
    assert "Management direction" not in html  # not offered to a social worker
    assert "ui/autosave.js" in html
    views = AuditEvent.objects.filter(action="person.viewed", person_uuid=family["amara"].uuid)
    assert views.count() == 1


def test_recording_a_note_for_two_siblings_through_the_page(
    worker: User, colleague: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara, kwame = family["amara"], family["kwame"]
    response = client_for(worker).post(
        reverse("casework_notes:new", args=[amara.uuid]),
        _form(subjects=[str(amara.uuid), str(kwame.uuid)], significant="on"),
    )
    note = CaseNote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "casework_notes:detail", args=[note.uuid]
    )
    assert note.status == CaseNote.Status.FINAL and set(note.subjects.all()) == {amara, kwame}
    reader = client_for(colleague)
    for child in (amara, kwame):
        assert "Home visit" in reader.get(reverse("casework_notes:list", args=[child.uuid])).content.decode()
    detail = reader.get(reverse("casework_notes:detail", args=[note.uuid])).content.decode()
    assert "Amara showed me her drawings" in detail and "seemed relaxed" in detail
    assert "Change this note" not in detail  # the colleague is neither author nor manager
    seen = AuditEvent.objects.filter(action="person.viewed", actor="colleague", target_id=str(note.uuid))
    assert {e.person_uuid for e in seen} == {amara.uuid, kwame.uuid}


def test_new_note_page_shows_the_error_summary_and_saves_nothing(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(worker).post(
        reverse("casework_notes:new", args=[family["amara"].uuid]),
        _form(
            text="",
            occurred_date_0=str(tomorrow.day),
            occurred_date_1=str(tomorrow.month),
            occurred_date_2=str(tomorrow.year),
            subjects=[],
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter what happened" in html
    assert "Date it happened must be today or in the past" in html
    assert "Select who the note is about" in html
    assert not CaseNote.objects.exists()


def test_a_social_worker_cannot_post_a_management_direction(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara = family["amara"]
    response = client_for(worker).post(
        reverse("casework_notes:new", args=[amara.uuid]),
        _form(kind="management_direction", subjects=[str(amara.uuid)]),
    )
    assert response.status_code == 200 and "Select what kind of note this is" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_save_as_draft_without_javascript_then_record_it(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara = family["amara"]
    client = client_for(worker)
    response = client.post(
        reverse("casework_notes:new", args=[amara.uuid]),
        _form(action="draft", subjects=[str(amara.uuid)], text="Half a thought"),
    )
    draft = CaseNote.objects.get()
    assert response["Location"] == reverse("casework_notes:edit", args=[draft.uuid])
    assert draft.status == CaseNote.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Half a thought" in page and "Discard the draft" in page
    # Reading your own draft's address takes you to it.
    assert client.get(reverse("casework_notes:detail", args=[draft.uuid]))["Location"] == response["Location"]
    response = client.post(
        reverse("casework_notes:edit", args=[draft.uuid]),
        _form(subjects=[str(amara.uuid)], text="A whole thought", version=str(draft.version)),
    )
    draft.refresh_from_db()
    assert (
        response.status_code == 302
        and draft.status == CaseNote.Status.FINAL
        and draft.text == "A whole thought"
    )


def test_draft_page_with_a_stale_version_says_so_and_keeps_what_was_typed(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara = family["amara"]
    draft = notes.start_note(person=amara, by=worker, text="First")
    notes.save_draft(note=draft, version=1, by=worker, text="From the other window")
    response = client_for(worker).post(
        reverse("casework_notes:edit", args=[draft.uuid]),
        _form(subjects=[str(amara.uuid)], text="From this window", version="1"),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "also changed in another window" in html and "From this window" in html
    assert 'name="version" value="2"' in html  # saving again replaces the other version
    draft.refresh_from_db()
    assert draft.text == "From the other window" and draft.status == CaseNote.Status.DRAFT


def test_discarding_a_draft_through_the_page(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Wrong child")
    response = client_for(worker).post(
        reverse("casework_notes:edit", args=[draft.uuid]), {"action": "discard"}
    )
    assert response["Location"] == reverse("casework_notes:list", args=[family["amara"].uuid])
    assert not CaseNote.objects.exists()


def test_editing_a_recorded_note_through_the_page_shows_its_history(
    worker: User, colleague: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    note = _recorded(family["amara"], worker, title="Home visit", text="Seen at hom.")
    client = client_for(worker)
    url = reverse("casework_notes:edit", args=[note.uuid])
    missing_reason = client.post(
        url, {"version": note.version, "title": "Home visit", "text": "Seen at home."}
    )
    assert "Say why the note is being changed" in missing_reason.content.decode()
    response = client.post(
        url, {"version": note.version, "title": "Home visit", "text": "Seen at home.", "reason": "Spelling"}
    )
    assert response["Location"] == reverse("casework_notes:detail", args=[note.uuid])
    detail = client_for(colleague).get(response["Location"]).content.decode()
    assert "Seen at home." in detail and "Reason: Spelling" in detail and "Seen at hom." in detail
    assert client_for(colleague).get(url).status_code == 403


def test_editing_with_a_stale_version_is_a_conflict(
    worker: User, manager: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    note = _recorded(family["amara"], worker, text="Seen")
    opened = note.version
    notes.edit_note(note=note, version=opened, by=manager, reason="Supervision", analysis="Doing well")
    response = client_for(worker).post(
        reverse("casework_notes:edit", args=[note.uuid]),
        {"version": opened, "text": "Seen at home", "reason": "More detail"},
    )
    assert response.status_code == 409
    assert "Someone else changed this note" in response.content.decode()
    note.refresh_from_db()
    assert note.text == "Seen"


def test_note_pages_answer_404_for_notes_that_are_missing_or_not_visible(
    worker: User, colleague: User, manager: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    import uuid

    draft = notes.start_note(person=family["amara"], by=worker, text="Mine")
    for url in (
        reverse("casework_notes:detail", args=[draft.uuid]),
        reverse("casework_notes:detail", args=[uuid.uuid4()]),
        reverse("casework_notes:autosave", args=[draft.uuid]),
    ):
        assert client_for(colleague).get(url).status_code == 404, url
    assert client_for(manager).get(reverse("casework_notes:edit", args=[draft.uuid])).status_code == 404
    assert client_for(worker).get(reverse("casework_notes:list", args=[uuid.uuid4()])).status_code == 404


# --- autosave -----------------------------------------------------------------------------------------------


def test_autosave_starts_a_draft_then_saves_it_as_the_worker_types(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    amara = family["amara"]
    client = client_for(worker)
    first = client.post(reverse("casework_notes:autosave_new", args=[amara.uuid]), _form(text="Amara"))
    assert first.status_code == 201
    data = first.json()
    draft = CaseNote.objects.get()
    assert data["note"] == str(draft.uuid) and data["version"] == 1
    assert data["autosave_url"] == reverse("casework_notes:autosave", args=[draft.uuid])
    assert data["message"].startswith("Draft saved at ")
    events = AuditEvent.objects.count()
    version = data["version"]
    for words in ("Amara was", "Amara was seen"):
        response = client.post(data["autosave_url"], _form(text=words, version=str(version)))
        assert response.status_code == 200, response.content
        version = response.json()["version"]
    assert version == 3 and AuditEvent.objects.count() == events
    # Reloading the page finds the words on the server.
    assert "Amara was seen" in client.get(data["edit_url"]).content.decode()


def test_autosave_keeps_the_words_when_the_date_is_half_typed(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker)
    before = draft.occurred_at
    response = client_for(worker).post(
        reverse("casework_notes:autosave", args=[draft.uuid]),
        _form(text="Still typing", occurred_date_0="3", occurred_date_1="", occurred_date_2="", version="1"),
    )
    assert response.status_code == 200
    assert response.json()["not_saved"] == ["Date it happened"]
    draft.refresh_from_db()
    assert draft.text == "Still typing" and draft.occurred_at == before


def test_autosave_with_nothing_typed_starts_no_draft(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    response = client_for(worker).post(
        reverse("casework_notes:autosave_new", args=[family["amara"].uuid]), {}
    )
    assert response.status_code == 400 and not CaseNote.objects.exists()


def test_autosave_from_a_second_window_is_a_conflict_with_the_current_version(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker)
    notes.save_draft(note=draft, version=1, by=worker, text="Window one")
    response = client_for(worker).post(
        reverse("casework_notes:autosave", args=[draft.uuid]), _form(text="Window two", version="1")
    )
    assert response.status_code == 409 and response.json()["version"] == 2
    draft.refresh_from_db()
    assert draft.text == "Window one"


def test_autosave_is_only_for_the_authors_own_draft(
    worker: User, colleague: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Mine")
    recorded = _recorded(family["amara"], worker)
    for note in (draft, recorded):
        response = client_for(colleague).post(
            reverse("casework_notes:autosave", args=[note.uuid]), _form(text="Theirs", version="1")
        )
        assert response.status_code == 404
    assert (
        client_for(worker)
        .post(reverse("casework_notes:autosave", args=[recorded.uuid]), _form(text="Again", version="2"))
        .status_code
        == 404
    )


def test_autosave_after_the_session_has_ended_is_sent_to_sign_in_and_saves_nothing(
    worker: User, family: dict[str, Person], client_for: ClientFor
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Before the time-out")
    client = client_for(worker)
    client.logout()
    response = client.post(
        reverse("casework_notes:autosave", args=[draft.uuid]), _form(text="After", version="1")
    )
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    draft.refresh_from_db()
    assert draft.text == "Before the time-out"


def test_autosave_is_csrf_protected_and_a_get_gives_a_fresh_token(
    worker: User, family: dict[str, Person]
) -> None:
    draft = notes.start_note(person=family["amara"], by=worker, text="Before")
    client = HttpsClient(enforce_csrf_checks=True)
    client.force_login(worker)
    url = reverse("casework_notes:autosave", args=[draft.uuid])
    refused = client.post(url, _form(text="Forged", version="1"), HTTP_ORIGIN="https://testserver")
    assert refused.status_code == 403
    token = client.get(url).json()["csrf_token"]
    accepted = client.post(
        url,
        {**_form(text="Signed in again", version="1"), "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://testserver",
    )
    assert accepted.status_code == 200
    draft.refresh_from_db()
    assert draft.text == "Signed in again"
