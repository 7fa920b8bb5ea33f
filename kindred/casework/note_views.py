"""Case note pages: a child's notes, writing a note (autosaved as a draft while it is typed), reading one with
its history, and changing one with a reason.

Thin views: reads go through `visible_to(user)` (a note that is missing or not visible answers 404, the same
for both); writes go through kindred.casework.notes. Every page works without JavaScript: the draft is saved
by its button, and kindred/ui/static/ui/autosave.js adds saving as the worker types.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kindred.access.policy import requires
from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person
from kindred.audit import log
from kindred.casework import notes
from kindred.casework.models import CaseNote
from kindred.casework.note_forms import EditNoteForm, NoteForm, initial_for_draft, initial_for_new
from kindred.people.actions import record_person_viewed
from kindred.people.models import Person
from kindred.people.queries import get_visible_person

NOTES_PER_PAGE = 50
DRAFT_CONFLICT = (
    "This draft was also changed in another window or tab. This page shows what you typed here: check it, "
    "then save or record it again, and it will replace the other version."
)
EDIT_CONFLICT = (
    "Someone else changed this note while you were working on it, so your changes have not been saved. "
    "Read the note as it is now, then make your changes again."
)
_PEOPLE_ORDER = ("date_of_birth", "first_name", "last_name", "pk")


# --- helpers ------------------------------------------------------------------------------------------------


def _subjects(note: CaseNote) -> list[Person]:
    return sorted(note.subjects.all(), key=lambda p: (p.date_of_birth is None, p.date_of_birth, p.full_name))


def _offered(user: Any, subjects: list[Person]) -> list[Person]:
    """Who a note may be about: its subjects and those of their brothers and sisters the user may write on
    (a sibling whose case another team holds is theirs to record on)."""
    offered: dict[int, Person] = {p.pk: p for p in subjects}
    for person in subjects:
        for sibling in notes.siblings_of(person, user):
            if sibling.pk not in offered and can_edit_person(user, sibling):
                offered[sibling.pk] = sibling
    return list(offered.values())


def _record_seen(request: HttpRequest, note: CaseNote, subjects: list[Person], purpose: str) -> None:
    """Reading a note shows the record of everyone it is about: one view of each (audited)."""
    log.record_many(
        [log.EventSpec("person.viewed", note, person, reason=purpose) for person in subjects], by=request.user
    )


def _note_for_change(request: HttpRequest, note_uuid: UUID) -> CaseNote:
    """A note this user may change: a manager, any note they may see (else 404); anyone else, only their own
    (else 403, whether or not the note exists, so the answer tells them nothing)."""
    user = request.user
    visible = CaseNote.objects.visible_to(user).select_related("author")
    if can(user, Capability.MANAGE_CASEWORK):
        return get_object_or_404(visible, uuid=note_uuid)
    note = visible.filter(uuid=note_uuid, author_id=user.pk).first()
    if note is None:
        raise PermissionDenied
    return note


def _own_draft(request: HttpRequest, draft_uuid: UUID) -> CaseNote:
    return get_object_or_404(
        CaseNote.objects.visible_to(request.user),
        uuid=draft_uuid,
        author_id=request.user.pk,
        status=CaseNote.Status.DRAFT,
    )


def _names(people: list[Person]) -> str:
    names = [p.full_name for p in people]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _version(value: Any) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if number > 0 else None


def _saved_at(note: CaseNote) -> str:
    return f"{timezone.localtime(note.updated_at):%H:%M}"


def _autosave_context(request: HttpRequest, *, key: str, url: str, note: CaseNote | None) -> dict[str, Any]:
    return {
        "autosave": {
            "url": url,
            "key": f"kindred:note:{request.user.pk}:{key}",
            "saved_at": int(note.updated_at.timestamp() * 1000) if note is not None else "",
            "saved_at_text": _saved_at(note) if note is not None else "",
            # Signing in again in another tab lands on the home page: the note stays in this tab.
            "login_url": reverse("ui:login"),
        }
    }


def _json_error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"saved": False, "message": message, **extra}, status=status)


def _json_validation(error: ValidationError) -> JsonResponse:
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    return _json_error("Not saved: " + " ".join(error.messages), 400, errors=fields)


def _not_saved(form: NoteForm) -> list[str]:
    """The fields autosave left as they were, because what is typed there is not right yet."""
    return [str(form.fields[name].label) for name in form.errors if name in form.fields]


def _saved(note: CaseNote, version: int, form: NoteForm, status: int = 200) -> JsonResponse:
    note.refresh_from_db(fields=["updated_at"])
    skipped = _not_saved(form)
    message = f"Draft saved at {_saved_at(note)}"
    if skipped:
        message += " (not yet: " + ", ".join(s.lower() for s in skipped) + ": check what you typed)"
    return JsonResponse(
        {
            "saved": True,
            "note": str(note.uuid),
            "version": version,
            "saved_at": _saved_at(note),
            "message": message,
            "not_saved": skipped,
            "autosave_url": reverse("casework_notes:autosave", args=[note.uuid]),
            "edit_url": reverse("casework_notes:edit", args=[note.uuid]),
        },
        status=status,
    )


# --- a child's notes ----------------------------------------------------------------------------------------


@requires(Capability.VIEW_PEOPLE)
@require_GET
def note_list(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    person = get_visible_person(request.user, person_uuid)
    about = (
        CaseNote.objects.visible_to(request.user)
        .filter(subjects=person)
        .select_related("author")
        .prefetch_related(Prefetch("subjects", queryset=Person.objects.order_by(*_PEOPLE_ORDER)))
    )
    recorded = about.filter(status=CaseNote.Status.FINAL).order_by("-occurred_at", "-pk")
    drafts = list(
        about.filter(status=CaseNote.Status.DRAFT, author_id=request.user.pk).order_by("-updated_at")
    )
    page = Paginator(recorded, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    record_person_viewed(person=person, by=request.user, purpose="Case notes")
    context = {
        "person": person,
        "page": page,
        "drafts": drafts,
        "can_write": can_edit_person(request.user, person),
    }
    return render(request, "casework/notes/note_list.html", context)


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """Write a note. "Record" records it; "Save as draft" keeps it (on the server) to finish later."""
    user = request.user
    person = get_visible_person(user, person_uuid)
    if not can_edit_person(user, person):
        raise PermissionDenied
    action = request.POST.get("action", "record")
    recording = action != "draft"
    form = NoteForm(
        request.POST or None,
        user=user,
        people=_offered(user, [person]),
        recording=recording,
        initial=initial_for_new(person),
    )
    if request.method == "POST" and form.is_valid():
        if not recording and not form.has_words():
            form.add_error("text", "Type something before saving a draft")
        else:
            try:
                with transaction.atomic():
                    values = form.values()
                    subjects = values.pop("subjects", None) or [person]
                    note = notes.start_note(person=person, by=user, subjects=subjects, **values)
                    if recording:
                        note = notes.record_note(note=note, version=note.version, by=user)
            except ValidationError as error:
                form.apply_action_errors(error)
            else:
                if recording:
                    messages.success(request, f"Note recorded on {_names(_subjects(note))}'s record.")
                    return redirect("casework_notes:detail", note_uuid=note.uuid)
                messages.success(request, "Draft saved. Finish it here when you are ready.")
                return redirect("casework_notes:edit", note_uuid=note.uuid)
    if request.method == "GET":
        record_person_viewed(person=person, by=user, purpose="Writing a case note")
    drafts = list(
        CaseNote.objects.visible_to(user)
        .filter(subjects=person, status=CaseNote.Status.DRAFT, author_id=user.pk)
        .order_by("-updated_at")
    )
    context = {
        "person": person,
        "form": form,
        "note": None,
        "title": "Write a case note",
        "drafts": drafts,
        "back": reverse("casework_notes:list", args=[person.uuid]),
        **_autosave_context(
            request,
            key=f"new:{person.uuid}",
            url=reverse("casework_notes:autosave_new", args=[person.uuid]),
            note=None,
        ),
    }
    return render(request, "casework/notes/note_form.html", context)


# --- one note -----------------------------------------------------------------------------------------------


@requires(Capability.VIEW_PEOPLE)
@require_GET
def note_detail(request: HttpRequest, note_uuid: UUID) -> HttpResponse:
    note = get_object_or_404(
        CaseNote.objects.visible_to(request.user).select_related("author"), uuid=note_uuid
    )
    if note.status == CaseNote.Status.DRAFT:  # only its author sees it: carry on writing
        return redirect("casework_notes:edit", note_uuid=note.uuid)
    subjects = _subjects(note)
    revisions = list(note.revisions.select_related("edited_by").order_by("-version"))
    _record_seen(request, note, subjects, "Reading a case note")
    context = {
        "note": note,
        "subjects": subjects,
        "revisions": revisions,
        "can_edit": notes.may_edit_note(request.user, note),
        "person": subjects[0] if subjects else None,
        "forget_key": f"kindred:note:{request.user.pk}:{note.uuid}",
    }
    return render(request, "casework/notes/note_detail.html", context)


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, note_uuid: UUID) -> HttpResponse:
    """A draft: carry on writing it, record it or discard it. A recorded note: change its wording, with a
    reason (its author or a manager)."""
    note = _note_for_change(request, note_uuid)
    if note.status == CaseNote.Status.DRAFT:
        return _draft_page(request, note)
    return _edit_page(request, note)


def _draft_page(request: HttpRequest, note: CaseNote) -> HttpResponse:
    user = request.user
    subjects = _subjects(note)
    action = request.POST.get("action", "record")
    back = reverse("casework_notes:list", args=[subjects[0].uuid]) if subjects else reverse("ui:home")
    if request.method == "POST" and action == "discard":
        try:
            notes.discard_draft(note=note, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("casework_notes:edit", note_uuid=note.uuid)
        messages.success(request, "Draft discarded.")
        return redirect(back)
    recording = action != "draft"
    form = NoteForm(
        request.POST or None,
        user=user,
        people=_offered(user, subjects),
        recording=recording,
        initial=initial_for_draft(note, subjects),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        version = form.cleaned_data.get("version") or 0
        try:
            if recording:
                note = notes.record_note(note=note, version=version, by=user, **values)
            else:
                notes.save_draft(note=note, version=version, by=user, **values)
        except notes.ConflictError:
            # The author's own draft, open in two windows: say so, and let this window's words win if they
            # save again.
            status = 409
            form.add_error(None, DRAFT_CONFLICT)
            data = request.POST.copy()
            data["version"] = str(CaseNote.objects.get(pk=note.pk).version)
            form.data = data
        except ValidationError as error:
            form.apply_action_errors(error)
        else:
            if recording:
                messages.success(request, f"Note recorded on {_names(_subjects(note))}'s record.")
                return redirect("casework_notes:detail", note_uuid=note.uuid)
            messages.success(request, "Draft saved.")
            return redirect("casework_notes:edit", note_uuid=note.uuid)
    if request.method == "GET":
        _record_seen(request, note, subjects, "Writing a case note")
    context = {
        "person": subjects[0] if subjects else None,
        "form": form,
        "note": note,
        "title": "Finish your draft case note",
        "drafts": [],
        "back": back,
        **_autosave_context(
            request,
            key=str(note.uuid),
            url=reverse("casework_notes:autosave", args=[note.uuid]),
            note=note,
        ),
    }
    return render(request, "casework/notes/note_form.html", context, status=status)


def _edit_page(request: HttpRequest, note: CaseNote) -> HttpResponse:
    subjects = _subjects(note)
    initial = {
        "version": note.version,
        "title": note.title,
        "text": note.text,
        "analysis": note.analysis,
        "significant": note.significant,
    }
    form = EditNoteForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            notes.edit_note(
                note=note,
                version=form.cleaned_data["version"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.values(),
            )
        except notes.ConflictError:
            conflict = True
            form.add_error(None, EDIT_CONFLICT)
        except ValidationError as error:
            from kindred.ui.forms import apply_errors

            apply_errors(form, error)
        else:
            messages.success(
                request, "The note has been changed. Its earlier wording is kept in its history."
            )
            return redirect("casework_notes:detail", note_uuid=note.uuid)
    if request.method == "GET":
        _record_seen(request, note, subjects, "Changing a case note")
    context = {
        "note": note,
        "subjects": subjects,
        "person": subjects[0] if subjects else None,
        "form": form,
        "conflict": conflict,
        "back": reverse("casework_notes:detail", args=[note.uuid]),
    }
    return render(request, "casework/notes/note_edit.html", context, status=409 if conflict else 200)


# --- autosave -----------------------------------------------------------------------------------------------


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def autosave_new(request: HttpRequest, person_uuid: UUID) -> HttpResponse:
    """The first save of a new note as it is typed: starts the draft and answers where to save it next.
    A GET answers a fresh CSRF token, for a page whose worker has signed in again in another tab."""
    from django.middleware.csrf import get_token

    user = request.user
    person = get_visible_person(user, person_uuid)
    if not can_edit_person(user, person):
        raise PermissionDenied
    if request.method == "GET":
        return JsonResponse({"csrf_token": get_token(request)})
    form = NoteForm(request.POST, user=user, people=_offered(user, [person]), recording=False)
    form.is_valid()  # autosave keeps whatever is right, and says what is not
    if not form.has_words():
        return _json_error("Nothing to save yet", 400)
    values = form.values()
    subjects = values.pop("subjects", None) or [person]
    try:
        note = notes.start_note(person=person, by=user, subjects=subjects, **values)
    except ValidationError as error:
        return _json_validation(error)
    return _saved(note, note.version, form, status=201)


@requires(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def autosave(request: HttpRequest, draft_uuid: UUID) -> HttpResponse:
    """Save the author's draft as it stands (every few seconds as they type, and when they leave a box).
    Only the author's own draft: anyone else's, or a recorded note, answers 404."""
    from django.middleware.csrf import get_token

    note = _own_draft(request, draft_uuid)
    if request.method == "GET":
        return JsonResponse(
            {"csrf_token": get_token(request), "version": note.version, "saved_at": _saved_at(note)}
        )
    version = _version(request.POST.get("version", ""))
    if version is None:
        return _json_error("Not saved: the page did not say which version of the draft it has", 400)
    form = NoteForm(
        request.POST, user=request.user, people=_offered(request.user, _subjects(note)), recording=False
    )
    form.is_valid()
    values = form.values()
    try:
        new_version = notes.save_draft(note=note, version=version, by=request.user, **values)
    except notes.ConflictError:
        current = CaseNote.objects.get(pk=note.pk).version
        return _json_error(
            "Not saved: this draft was changed in another window or tab.", 409, version=current
        )
    except ValidationError as error:
        return _json_validation(error)
    return _saved(note, new_version, form)
