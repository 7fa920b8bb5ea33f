"""The child's chronology: derived, never typed (DESIGN.md principle 1: one child, one record, one timeline).

A read-only list of dated entries built from what was recorded: contacts about the child and the front door's
decisions, the child in need episode (referral and closure), assessments, strategy discussions, section 47
enquiries, conferences, child protection and child in need plans, core groups, reviews, visits, and the
significant case notes and management directions. Each entry keeps the fact (what happened) apart from the
analysis (what it was taken to mean).

Every source is one query (two for assessments and their factors), so the number of queries is the same
however long the chronology is. Reads are scoped: the child is visible to the user (the caller has checked),
and a contact or note that is also about someone hidden from the user is left out, as the rest of Kindred
leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.casework import codes
from kindred.casework.models import (
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedReview,
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Episode,
    Section47,
    StrategyDiscussion,
    Visit,
)
from kindred.frontdoor.models import ContactChild, ThresholdDecision
from kindred.people.models import Person

# The kinds of entry, in the order the filter lists them.
KINDS: dict[str, str] = {
    "contact": "Contacts",
    "decision": "Front-door decisions",
    "referral": "Referrals",
    "assessment": "Assessments",
    "strategy": "Strategy discussions",
    "section47": "Section 47 enquiries",
    "conference": "Child protection conferences",
    "cp_plan": "Child protection plans",
    "core_group": "Core groups",
    "cin_plan": "Child in need plans",
    "cin_review": "Child in need reviews",
    "visit": "Visits",
    "case_note": "Significant case notes",
    "management_direction": "Management direction",
    "closure": "Case closures",
}
# One entry's kind, as a tag on the entry.
KIND_LABELS: dict[str, str] = {
    "contact": "Contact",
    "decision": "Decision",
    "referral": "Referral",
    "assessment": "Assessment",
    "strategy": "Strategy discussion",
    "section47": "Section 47",
    "conference": "Conference",
    "cp_plan": "CP plan",
    "core_group": "Core group",
    "cin_plan": "CIN plan",
    "cin_review": "CIN review",
    "visit": "Visit",
    "case_note": "Case note",
    "management_direction": "Management direction",
    "closure": "Closure",
}


@dataclass(frozen=True)
class Entry:
    on: dt.date
    at: dt.time | None  # the time of day, for what was recorded with one
    kind: str  # a key of KINDS
    title: str
    fact: str  # what happened
    analysis: str = ""  # what it was taken to mean, shown apart
    recorded_by: str = ""
    href: str = ""
    also_about: tuple[str, ...] = ()  # the other children a note or contact is about

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, int]:
        return (self.on, self.at or dt.time.min, ORDER[self.kind])


# Within one day, entries without a time follow the natural order of the work.
ORDER = {kind: n for n, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    start: dt.date | None = None
    end: dt.date | None = None
    newest_first: bool = False

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def keeps(self, entry: Entry) -> bool:
        if self.start and entry.on < self.start:
            return False
        return not (self.end and entry.on > self.end)


@dataclass
class _Context:
    user: Any
    people: list[int]  # the child's record and any records merged into it
    hidden: Any  # a queryset of the people hidden from the user
    link_contacts: bool
    names: dict[int, str] = field(default_factory=dict)  # person pk -> name, for "also about"


def _link(name: str, ident: Any) -> str:
    """The page of a casework record, where there is one (the casework pages name theirs "casework:...")."""
    try:
        return reverse(name, args=[ident])
    except NoReverseMatch:
        return ""


def _local(at: dt.datetime) -> tuple[dt.date, dt.time]:
    local = timezone.localtime(at)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _name(user: Any) -> str:
    return user.display_name if user is not None else ""


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _sentence(label: str, value: str) -> str:
    return f"{label}: {value}." if value else ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


# --- the sources --------------------------------------------------------------------------------------------


def _contacts(ctx: _Context) -> Iterable[Entry]:
    """Contacts the child was found on, and the front door's decision on each."""
    involving_hidden = ContactChild.objects.filter(person__in=ctx.hidden).values("contact_id")
    rows = (
        ContactChild.objects.filter(person_id__in=ctx.people)
        .exclude(contact_id__in=involving_hidden)
        .select_related(
            "contact",
            "contact__recorded_by",
            "contact__submitting_organisation",
            "contact__decision",
            "contact__decision__decided_by",
            "contact__decision__signed_off_by",
        )
        .order_by("contact__received_at", "contact_id")
    )
    seen: set[int] = set()
    for row in rows:
        contact = row.contact
        if contact.pk in seen:
            continue
        seen.add(contact.pk)
        href = reverse("frontdoor:contact", args=[contact.uuid]) if ctx.link_contacts else ""
        by = _name(contact.recorded_by) or (
            contact.submitting_organisation.name if contact.submitting_organisation else ""
        )
        on, at = _local(contact.received_at)
        origin = f", {contact.referrer_organisation}" if contact.referrer_organisation else ""
        yield Entry(
            on=on,
            at=at,
            kind="contact",
            title=f"Contact: {contact.source_label}{origin}",
            fact=contact.concern,
            recorded_by=by,
            href=href,
        )
        try:
            decision = contact.decision
        except ObjectDoesNotExist:
            continue
        if decision is None:
            continue
        yield _decision(decision, href)


def _decision(decision: ThresholdDecision, href: str) -> Entry:
    on, at = _local(decision.decided_at)
    status = {
        ThresholdDecision.Status.SIGNED_OFF: (
            f"Signed off by {_name(decision.signed_off_by)}"
            + (
                f" on {timezone.localtime(decision.signed_off_at):%-d %B %Y}"
                if decision.signed_off_at
                else ""
            )
            + "."
        ),
        ThresholdDecision.Status.AWAITING_SIGN_OFF: "Waiting for a manager to sign it off.",
        ThresholdDecision.Status.RETURNED: "Sent back by a manager for more work.",
    }[ThresholdDecision.Status(decision.status)]
    return Entry(
        on=on,
        at=at,
        kind="decision",
        title=f"Front-door decision: {decision.get_outcome_display()}",
        fact=_join(f"{decision.get_level_display()}.", status),
        analysis=decision.rationale,
        recorded_by=_name(decision.decided_by),
        href=href,
    )


def _episodes(ctx: _Context, filters: Filters) -> Iterable[Entry]:
    for episode in Episode.objects.filter(person_id__in=ctx.people).select_related("created_by"):
        href = _link("casework:episode", episode.uuid)
        if filters.wants("referral"):
            yield Entry(
                on=episode.referral_date,
                at=None,
                kind="referral",
                title="Referral to children's social care",
                fact=_join(
                    _sentence("Source", codes.REFERRAL_SOURCE_LABELS.get(episode.referral_source, "")),
                    _sentence("Primary need", codes.PRIMARY_NEED_LABELS.get(episode.primary_need, "")),
                    "A re-referral within 12 months of the last." if episode.re_referral else "",
                    "No further action on the referral." if episode.referral_nfa else "",
                ),
                recorded_by=_name(episode.created_by),
                href=href,
            )
        if episode.closure_date and filters.wants("closure"):
            yield Entry(
                on=episode.closure_date,
                at=None,
                kind="closure",
                title="Case closed",
                fact=_sentence("Reason", codes.REASON_FOR_CLOSURE_LABELS.get(episode.closure_reason, "")),
                href=href,
            )


def _assessments(ctx: _Context) -> Iterable[Entry]:
    found = (
        Assessment.objects.filter(episode__person_id__in=ctx.people)
        .select_related("started_by", "authorised_by")
        .prefetch_related("factors")
    )
    for assessment in found:
        href = _link("casework:assessment", assessment.uuid)
        yield Entry(
            on=assessment.start_date,
            at=None,
            kind="assessment",
            title="Child and family assessment started",
            fact=f"Due by {assessment.due_date:%-d %B %Y}.",
            recorded_by=_name(assessment.started_by),
            href=href,
        )
        if assessment.authorised_date:
            factors = ", ".join(
                codes.ASSESSMENT_FACTOR_LABELS.get(f.code, f.code) for f in assessment.factors.all()
            )
            yield Entry(
                on=assessment.authorised_date,
                at=None,
                kind="assessment",
                title="Child and family assessment authorised",
                fact=_join(
                    _sentence("Outcome", assessment.get_outcome_display() if assessment.outcome else ""),
                    _sentence("Factors identified", factors),
                    _sentence("The child's views", assessment.child_views.rstrip(".")),
                ),
                analysis=assessment.analysis,
                recorded_by=_name(assessment.authorised_by),
                href=href,
            )


def _strategy(ctx: _Context) -> Iterable[Entry]:
    found = StrategyDiscussion.objects.filter(episode__person_id__in=ctx.people).select_related(
        "recorded_by", "episode"
    )
    for discussion in found:
        agencies = ", ".join(codes.AGENCY_LABELS.get(a, a) for a in discussion.agencies or [])
        yield Entry(
            on=discussion.held_on,
            at=None,
            kind="strategy",
            title="Strategy discussion",
            fact=_join(
                _sentence("Decision", discussion.get_decision_display()),
                _sentence("Agencies", agencies),
                _sentence("Attended", discussion.attendees.rstrip(".")),
            ),
            analysis=discussion.reasons,
            recorded_by=_name(discussion.recorded_by),
            href=_link("casework:episode", discussion.episode.uuid),
        )


def _section47s(ctx: _Context) -> Iterable[Entry]:
    found = Section47.objects.filter(episode__person_id__in=ctx.people).select_related(
        "started_by", "episode"
    )
    for enquiry in found:
        href = _link("casework:episode", enquiry.episode.uuid)
        yield Entry(
            on=enquiry.start_date,
            at=None,
            kind="section47",
            title="Section 47 enquiry started",
            fact=f"An initial child protection conference, if needed, by {enquiry.icpc_target:%-d %B %Y}.",
            recorded_by=_name(enquiry.started_by),
            href=href,
        )
        if enquiry.completed_date:
            yield Entry(
                on=enquiry.completed_date,
                at=None,
                kind="section47",
                title="Section 47 enquiry completed",
                fact=_sentence("Outcome", enquiry.get_outcome_display() if enquiry.outcome else ""),
                analysis=enquiry.outcome_reasons,
                href=href,
            )


def _conferences(ctx: _Context) -> Iterable[Entry]:
    found = Conference.objects.filter(episode__person_id__in=ctx.people).select_related(
        "recorded_by", "episode"
    )
    for conference in found:
        yield Entry(
            on=conference.held_on,
            at=None,
            kind="conference",
            title=conference.get_kind_display(),
            fact=_join(
                _sentence("Decision", conference.get_decision_display()),
                _sentence("Chair", conference.chair),
                _sentence("Attended", conference.attendees.rstrip(".")),
            ),
            analysis=conference.reasons,
            recorded_by=_name(conference.recorded_by),
            href=_link("casework:episode", conference.episode.uuid),
        )


def _cp_plans(ctx: _Context) -> Iterable[Entry]:
    for plan in ChildProtectionPlan.objects.filter(episode__person_id__in=ctx.people).select_related(
        "episode"
    ):
        href = _link("casework:episode", plan.episode.uuid)
        yield Entry(
            on=plan.start_date,
            at=None,
            kind="cp_plan",
            title="Child protection plan started",
            fact=_sentence("Category", codes.CATEGORY_OF_ABUSE_LABELS.get(plan.initial_category, "")),
            href=href,
        )
        if plan.end_date:
            yield Entry(
                on=plan.end_date,
                at=None,
                kind="cp_plan",
                title="Child protection plan ended",
                fact=_sentence("Reason", plan.get_end_reason_display() if plan.end_reason else ""),
                href=href,
            )


def _core_groups(ctx: _Context) -> Iterable[Entry]:
    found = CoreGroup.objects.filter(plan__episode__person_id__in=ctx.people).select_related(
        "recorded_by", "plan__episode"
    )
    for meeting in found:
        yield Entry(
            on=meeting.held_on,
            at=None,
            kind="core_group",
            title="Core group meeting",
            fact=_join(meeting.summary, _sentence("Attended", meeting.attendees.rstrip("."))),
            recorded_by=_name(meeting.recorded_by),
            href=_link("casework:episode", meeting.plan.episode.uuid),
        )


def _cin_plans(ctx: _Context) -> Iterable[Entry]:
    for plan in ChildInNeedPlan.objects.filter(episode__person_id__in=ctx.people).select_related("episode"):
        href = _link("casework:episode", plan.episode.uuid)
        yield Entry(
            on=plan.start_date,
            at=None,
            kind="cin_plan",
            title="Child in need plan started",
            fact="",
            href=href,
        )
        if plan.end_date:
            yield Entry(
                on=plan.end_date,
                at=None,
                kind="cin_plan",
                title="Child in need plan ended",
                fact="",
                href=href,
            )


def _cin_reviews(ctx: _Context) -> Iterable[Entry]:
    found = ChildInNeedReview.objects.filter(plan__episode__person_id__in=ctx.people).select_related(
        "recorded_by", "plan__episode"
    )
    for review in found:
        yield Entry(
            on=review.held_on,
            at=None,
            kind="cin_review",
            title="Child in need review",
            fact=review.summary,
            recorded_by=_name(review.recorded_by),
            href=_link("casework:episode", review.plan.episode.uuid),
        )


def _visits(ctx: _Context) -> Iterable[Entry]:
    for visit in Visit.objects.filter(episode__person_id__in=ctx.people).select_related(
        "visited_by", "episode"
    ):
        on, at = _local(visit.visited_at)
        seen = "child seen" if visit.seen else "child not seen"
        if visit.seen_alone:
            seen += " alone"
        yield Entry(
            on=on,
            at=at,
            kind="visit",
            title=f"Visit: {seen}",
            fact=_join(
                f"Seen: {_yes(visit.seen)}. Seen alone: {_yes(visit.seen_alone)}. "
                f"Bedroom seen: {_yes(visit.bedroom_seen)}.",
                visit.observations,
            ),
            analysis=visit.analysis,
            recorded_by=_name(visit.visited_by),
            href=_link("casework:episode", visit.episode.uuid),
        )


def _notes(ctx: _Context, filters: Filters) -> Iterable[Entry]:
    wanted = Q()
    if filters.wants("case_note"):
        wanted |= Q(significant=True)
    if filters.wants("management_direction"):
        wanted |= Q(kind=CaseNote.Kind.MANAGEMENT_DIRECTION)
    found = (
        CaseNote.objects.visible_to(ctx.user)
        .filter(status=CaseNote.Status.FINAL, subjects__in=ctx.people)
        .filter(wanted)
        .select_related("author")
        .prefetch_related("subjects")
        .distinct()
    )
    for note in found:
        on, at = _local(note.occurred_at)
        kind = "management_direction" if note.kind == CaseNote.Kind.MANAGEMENT_DIRECTION else "case_note"
        if not filters.wants(kind):
            continue
        others = tuple(p.full_name for p in note.subjects.all() if p.pk not in ctx.people)
        yield Entry(
            on=on,
            at=at,
            kind=kind,
            title=note.title or note.get_kind_display(),
            fact=note.text,
            analysis=note.analysis,
            recorded_by=_name(note.author),
            href=reverse("casework_notes:detail", args=[note.uuid]),
            also_about=others,
        )


_SOURCES: list[tuple[tuple[str, ...], Callable[..., Iterable[Entry]], bool]] = [
    # (the kinds a source gives, the source, whether it takes the filters)
    (("contact", "decision"), _contacts, False),
    (("referral", "closure"), _episodes, True),
    (("assessment",), _assessments, False),
    (("strategy",), _strategy, False),
    (("section47",), _section47s, False),
    (("conference",), _conferences, False),
    (("cp_plan",), _cp_plans, False),
    (("core_group",), _core_groups, False),
    (("cin_plan",), _cin_plans, False),
    (("cin_review",), _cin_reviews, False),
    (("visit",), _visits, False),
    (("case_note", "management_direction"), _notes, True),
]


def chronology(person: Person, user: Any, filters: Filters | None = None) -> list[Entry]:
    """The child's chronology as this user may see it, oldest first unless asked otherwise. The caller has
    checked that the user may see the child (kindred.people.queries.get_visible_person)."""
    filters = filters or Filters()
    visible = Person.objects.visible_to(user)
    # The child's record and any duplicates merged into it that the user may see: one child, one timeline.
    people = [person.pk, *visible.filter(merged_into=person).values_list("pk", flat=True)]
    hidden = Person.objects.filter(restricted=True).exclude(pk__in=visible.values("pk")).values("pk")
    ctx = _Context(
        user=user, people=people, hidden=hidden, link_contacts=can(user, Capability.WORK_FRONT_DOOR)
    )
    entries: list[Entry] = []
    for kinds, source, takes_filters in _SOURCES:
        if not any(filters.wants(kind) for kind in kinds):
            continue  # not asked for: not even queried
        found = source(ctx, filters) if takes_filters else source(ctx)
        entries.extend(e for e in found if filters.wants(e.kind) and filters.keeps(e))
    entries.sort(key=lambda e: e.sort_key, reverse=filters.newest_first)
    return entries
