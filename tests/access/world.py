"""A small trust for access tests: one user in every role, and records each of them can and cannot see."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kindred.access.models import Alert, BreakGlass, RestrictedAccess
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.frontdoor import actions as frontdoor_actions
from kindred.frontdoor.models import Contact, ContactChild, MashEnquiry
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from kindred.people.models import Person, Relationship
from tests import factories

ANON = "anonymous"
# The matrix's columns: every role, in the order Role declares them, then the anonymous visitor.
COLUMNS: tuple[str, ...] = (*(role.value for role in Role), ANON)

# Distinctive enough that finding it in a page means the record leaked.
HIDDEN_FIRST_NAME = "Zephyrine"
HIDDEN_LAST_NAME = "Quillfeather"
HIDDEN_NHS_NUMBER = "9434765919"


@dataclass
class World:
    users: dict[str, User]  # role value -> a user in that role (one team, or a partner organisation)
    owner: User  # the social worker who recorded the restricted records; not one of `users`
    visible: Person  # an ordinary record
    named: Person  # a restricted record every user in `users` is named on
    hidden: Person  # a restricted record none of `users` is named on
    alerts: dict[str, Alert] = field(default_factory=dict)  # role value -> an alert of that user's
    owners_alert: Alert | None = None  # an alert of someone else's
    relative: Person | None = None  # an ordinary record related to each of the three above
    relationships: dict[int, Relationship] = field(
        default_factory=dict
    )  # person pk -> theirs with `relative`

    contacts: dict[str, Contact] = field(default_factory=dict)  # "visible", "named", "hidden" -> a contact
    referrals: dict[str, Contact] = field(default_factory=dict)  # "own", "other" organisation's referral
    # Case notes and chronology: "visible", "named", "hidden" -> a recorded note; "draft:<role>" -> a draft
    case_notes: dict[str, Any] = field(default_factory=dict)
    # Casework pages: "visible", "named", "hidden" -> its records by kind ("episode", "cp_plan"...)
    casework: dict[str, dict[str, Any]] = field(default_factory=dict)

    def user(self, column: str) -> User | None:
        return self.users.get(column)


def build_world() -> World:
    owner = factories.user(Role.SOCIAL_WORKER, username="record-owner")
    users = {role.value: factories.user(role, username=f"matrix-{role.value}") for role in Role}
    visible = factories.person(by=owner, first_name="Amara", last_name="Okafor")
    named = factories.person(by=owner, restricted=True, first_name="Nia", last_name="Restricted")
    hidden = factories.person(
        by=owner,
        restricted=True,
        first_name=HIDDEN_FIRST_NAME,
        last_name=HIDDEN_LAST_NAME,
        nhs_number=HIDDEN_NHS_NUMBER,
    )
    # Naming is done directly (not through name_on_restricted_record, which refuses people who cannot view
    # records) so that the matrix also shows that naming a partner or commissioner would grant nothing.
    RestrictedAccess.objects.bulk_create(
        [RestrictedAccess(person=named, user=user, granted_by=owner) for user in users.values()]
    )
    world = World(users=users, owner=owner, visible=visible, named=named, hidden=hidden)
    # Each record has a relationship with an ordinary relative, and a staff-safety warning, so the pages about
    # a relationship or a warning have something to show.
    world.relative = factories.person(by=owner, first_name="Kwame", last_name="Okafor")
    for person in (visible, named, hidden):
        world.relationships[person.pk] = people_actions.add_relationship(
            from_person=person, to_person=world.relative, kind="sibling", by=owner
        )
        people_actions.add_warning(
            person=person, text="Dog at the address", review_date=date.today() + timedelta(days=90), by=owner
        )
    for column, user in users.items():
        world.alerts[column] = Alert.objects.create(recipient=user, message=f"An alert for {column}")
    world.owners_alert = Alert.objects.create(recipient=owner, message="An alert for the record's owner")
    _front_door(world)
    _case_notes(world)  # Case notes and chronology
    _casework(world)  # Casework pages
    return world


def _front_door(world: World) -> None:
    """A contact about each of the three records, each with a MASH check waiting for an answer and a decision
    (made by the record's owner) waiting for sign-off; and a referral from the partner's organisation and one
    from another organisation."""
    for key, person in (("visible", world.visible), ("named", world.named), ("hidden", world.hidden)):
        contact = factories.contact(
            by=world.owner, children=[{"first_name": person.first_name, "last_name": "X"}]
        )
        frontdoor_actions.link_child(child=contact.children.get(), person=person, by=world.owner)
        frontdoor_actions.request_mash_check(
            contact=contact, agency="police", question="Known?", by=world.owner
        )
        contact.refresh_from_db()
        frontdoor_actions.decide_contact(
            contact=contact,
            version=contact.version,
            level=3,
            outcome="referral",
            rationale="Needs an assessment",
            primary_need="N1",
            feedback="Referred for an assessment",
            by=world.owner,
        )
        world.contacts[key] = contact
    partner = world.users[Role.PARTNER.value]
    world.referrals["own"] = factories.contact(by=partner)
    elsewhere = factories.partner("Moorside Academy", urn="109999")
    world.referrals["other"] = factories.contact(
        by=factories.user(Role.PARTNER, partner_organisation=elsewhere)
    )


@dataclass(frozen=True)
class Target:
    """One way of filling in a URL's parameters, and whether the user should see the object it names."""

    label: str
    kwargs: dict[str, Any]
    shown: bool


def _people(world: World, user: User | None) -> list[Target]:
    return [
        Target("a visible record", {"person_uuid": world.visible.uuid}, shown=True),
        Target("a restricted record the user is named on", {"person_uuid": world.named.uuid}, shown=True),
        Target("a restricted record the user is not named on", {"person_uuid": world.hidden.uuid}, False),
        Target("a record that does not exist", {"person_uuid": uuid.uuid4()}, shown=False),
    ]


def _relationships(world: World, user: User | None) -> list[Target]:
    def of(person: Person, relationship_of: Person | None = None) -> dict[str, Any]:
        relationship = world.relationships[(relationship_of or person).pk]
        return {"person_uuid": person.uuid, "relationship_uuid": relationship.uuid}

    return [
        Target("a visible record's relationship", of(world.visible), shown=True),
        Target("a relationship of a restricted record the user is named on", of(world.named), shown=True),
        Target("a relationship of a restricted record the user is not named on", of(world.hidden), False),
        Target("another record's relationship", of(world.visible, world.named), shown=False),
        Target(
            "a relationship that does not exist",
            {"person_uuid": world.visible.uuid, "relationship_uuid": uuid.uuid4()},
            shown=False,
        ),
        Target(
            "a record that does not exist",
            {"person_uuid": uuid.uuid4(), "relationship_uuid": world.relationships[world.visible.pk].uuid},
            shown=False,
        ),
    ]


def _alerts(world: World, user: User | None) -> list[Target]:
    assert world.owners_alert is not None
    own = world.alerts[user.role] if user is not None else world.owners_alert
    return [
        Target("the user's own alert", {"alert_uuid": own.uuid}, shown=True),
        Target("someone else's alert", {"alert_uuid": world.owners_alert.uuid}, shown=False),
        Target("an alert that does not exist", {"alert_uuid": uuid.uuid4()}, shown=False),
    ]


def _contacts(world: World, user: User | None) -> list[Target]:
    return [
        Target(
            "a contact about a visible record", {"contact_uuid": world.contacts["visible"].uuid}, shown=True
        ),
        Target(
            "a contact about a restricted record the user is named on",
            {"contact_uuid": world.contacts["named"].uuid},
            shown=True,
        ),
        Target(
            "a contact about a restricted record the user is not named on",
            {"contact_uuid": world.contacts["hidden"].uuid},
            shown=False,
        ),
        Target("a contact that does not exist", {"contact_uuid": uuid.uuid4()}, shown=False),
    ]


def _contact_parts(part: str) -> Callable[[World, User | None], list[Target]]:
    """A child on a contact, or a MASH check: the contact's own, another contact's, or none at all."""

    def of(contact: Contact, owner: Contact | None = None) -> dict[str, Any]:
        owner = owner or contact
        ident = owner.children.get().uuid if part == "child_uuid" else owner.enquiries.get().uuid
        return {"contact_uuid": contact.uuid, part: ident}

    def targets(world: World, user: User | None) -> list[Target]:
        visible, named, hidden = (world.contacts[k] for k in ("visible", "named", "hidden"))
        return [
            Target("a visible contact's", of(visible), shown=True),
            Target("a contact about a record the user is named on", of(named), shown=True),
            Target("a contact about a record the user is not named on", of(hidden), shown=False),
            Target("another contact's", of(visible, named), shown=False),
            Target(
                "one that does not exist", {"contact_uuid": visible.uuid, part: uuid.uuid4()}, shown=False
            ),
        ]

    return targets


def _referrals(world: World, user: User | None) -> list[Target]:
    return [
        Target("the organisation's own referral", {"referral_uuid": world.referrals["own"].uuid}, shown=True),
        Target("another organisation's referral", {"referral_uuid": world.referrals["other"].uuid}, False),
        Target("a referral that does not exist", {"referral_uuid": uuid.uuid4()}, shown=False),
    ]


# How to fill in each combination of path parameters. A URL with parameters not listed here fails the
# matrix with a message saying so: add a function that returns targets the user can and cannot see.
PARAMETERS: dict[frozenset[str], Callable[[World, User | None], list[Target]]] = {
    frozenset(): lambda world, user: [Target("", {}, shown=True)],
    frozenset({"person_uuid"}): _people,
    frozenset({"alert_uuid"}): _alerts,
    frozenset({"person_uuid", "relationship_uuid"}): _relationships,
    frozenset({"contact_uuid"}): _contacts,
    frozenset({"contact_uuid", "child_uuid"}): _contact_parts("child_uuid"),
    frozenset({"contact_uuid", "enquiry_uuid"}): _contact_parts("enquiry_uuid"),
    frozenset({"referral_uuid"}): _referrals,
    frozenset({"rule_key"}): lambda world, user: [  # Timescales: the catalogue is not per-person data
        Target("a rule in the catalogue", {"rule_key": "assessment"}, shown=True),
        Target("a rule that does not exist", {"rule_key": "no-such-rule"}, shown=False),
    ],
    frozenset({"note_uuid"}): lambda world, user: _notes(world, user),  # Case notes and chronology
    frozenset({"draft_uuid"}): lambda world, user: _drafts(world, user),  # Case notes and chronology
    frozenset({"episode_uuid"}): lambda world, user: _casework_targets(world, "episode"),  # Casework pages
    frozenset({"assessment_uuid"}): lambda world, user: _casework_targets(world, "assessment"),  # Casework
    frozenset({"section47_uuid"}): lambda world, user: _casework_targets(world, "section47"),  # Casework
    frozenset({"plan_uuid"}): lambda world, user: _casework_targets(world, "cp_plan"),  # Casework pages
    frozenset({"cin_plan_uuid"}): lambda world, user: _casework_targets(world, "cin_plan"),  # Casework
    frozenset({"transfer_uuid"}): lambda world, user: _casework_targets(world, "transfer"),  # Casework
}


def fingerprint() -> tuple[Any, ...]:
    """Everything a denied request must leave as it was: every write leaves an audit event, and the access
    tables are compared directly as well."""
    return (
        AuditEvent.objects.count(),
        tuple(Person.objects.order_by("pk").values_list("pk", "version", "restricted", "merged_into_id")),
        tuple(RestrictedAccess.objects.order_by("pk").values_list("pk", "person_id", "user_id")),
        BreakGlass.objects.count(),
        tuple(Alert.objects.order_by("pk").values_list("pk", "read_at")),
        tuple(User.objects.order_by("pk").values_list("pk", "is_active", "access_version", "team", "role")),
        tuple(Contact.objects.order_by("pk").values_list("pk", "version", "status", "held_by", "rag")),
        tuple(ContactChild.objects.order_by("pk").values_list("pk", "person")),
        tuple(MashEnquiry.objects.order_by("pk").values_list("pk", "answered_at")),
        _case_notes_fingerprint(),  # Case notes and chronology
        _casework_fingerprint(),  # Casework pages
    )


# --- Case notes and chronology ------------------------------------------------------------------------------


def _case_notes(world: World) -> None:
    """A recorded note (by the records' owner) about each of the three records; a draft by each user who may
    write notes, about the visible record; and two drafts of the owner's, one about the hidden record."""
    from kindred.access.roles import Capability, can
    from kindred.casework import notes

    for key, person in (("visible", world.visible), ("named", world.named), ("hidden", world.hidden)):
        note = notes.start_note(person=person, by=world.owner, text="Seen at home.", significant=True)
        world.case_notes[key] = notes.record_note(note=note, version=note.version, by=world.owner)
    for column, user in world.users.items():
        if can(user, Capability.EDIT_PEOPLE):
            world.case_notes[f"draft:{column}"] = notes.start_note(
                person=world.visible, by=user, text="Half-written."
            )
    world.case_notes["draft:owner"] = notes.start_note(person=world.visible, by=world.owner, text="Draft.")
    world.case_notes["draft:owner-hidden"] = notes.start_note(
        person=world.hidden, by=world.owner, text="Draft."
    )


def _notes(world: World, user: User | None) -> list[Target]:
    found = world.case_notes
    return [
        Target("a note about a visible record", {"note_uuid": found["visible"].uuid}, shown=True),
        Target("a note about a record the user is named on", {"note_uuid": found["named"].uuid}, shown=True),
        Target("a note about a record the user is not named on", {"note_uuid": found["hidden"].uuid}, False),
        Target("someone else's draft", {"note_uuid": found["draft:owner"].uuid}, shown=False),
        Target("a note that does not exist", {"note_uuid": uuid.uuid4()}, shown=False),
    ]


def _drafts(world: World, user: User | None) -> list[Target]:
    found = world.case_notes
    # A user who writes no notes has no draft: the owner's stands in (the policy answers first).
    own = found.get(f"draft:{user.role}") if user is not None else None
    own = own or found["draft:owner"]
    return [
        Target("the user's own draft", {"draft_uuid": own.uuid}, shown=True),
        Target("someone else's draft", {"draft_uuid": found["draft:owner"].uuid}, shown=False),
        Target(
            "a draft about a record the user is not named on",
            {"draft_uuid": found["draft:owner-hidden"].uuid},
            False,
        ),
        Target("a recorded note", {"draft_uuid": found["visible"].uuid}, shown=False),
        Target("a draft that does not exist", {"draft_uuid": uuid.uuid4()}, shown=False),
    ]


def _case_notes_fingerprint() -> tuple[Any, ...]:
    from kindred.casework.models import CaseNote

    return tuple(CaseNote.objects.order_by("pk").values_list("pk", "version", "status"))


# --- Casework pages -----------------------------------------------------------------------------------------

# The URL parameter that names each kind of casework record.
_CASEWORK_PARAMETERS = {
    "episode": "episode_uuid",
    "assessment": "assessment_uuid",
    "section47": "section47_uuid",
    "cp_plan": "plan_uuid",
    "cin_plan": "cin_plan_uuid",
    "transfer": "transfer_uuid",
}


def _casework(world: World) -> None:
    """For each of the three records, through the casework actions (as the records' owner, who is named on
    the restricted ones): an episode with an assessment waiting for a manager, a child protection plan from a
    first enquiry and a second section 47 enquiry under way; and an earlier, closed episode with a child in
    need plan."""
    from django.utils import timezone

    from kindred.casework import actions as casework_actions
    from kindred.casework.models import Episode, Transfer

    referred = timezone.localdate() - timedelta(days=7)
    owner = world.owner

    def opened(person: Person, on: Any) -> Any:
        # Casework belongs to the allocated worker: the owner holds the case (set directly, as the world's
        # managers are not named on the restricted records).
        found = casework_actions.open_episode(
            person=person, referral_date=on, referral_source="2A", primary_need="N1", by=owner
        )
        Episode.objects.filter(pk=found.pk).update(allocated_to=owner, team=owner.team)
        found.refresh_from_db()
        return found

    for key, person in (("visible", world.visible), ("named", world.named), ("hidden", world.hidden)):
        # An earlier episode with a child in need plan, closed; then the current one.
        other = opened(person, referred - timedelta(days=60))
        cin_plan = casework_actions.start_cin_plan(
            episode=other, by=owner, start_date=referred - timedelta(days=50)
        )
        casework_actions.close_episode(
            episode=other,
            version=other.version,
            reason="RC7",
            by=owner,
            closure_date=referred - timedelta(days=8),
        )
        episode = opened(person, referred)
        assessment = casework_actions.start_assessment(episode=episode, by=owner, start_date=referred)
        assessment = casework_actions.complete_assessment(
            assessment=assessment,
            version=assessment.version,
            by=owner,
            factors=["16A"],
            child_views="I want my dad to stop shouting.",
            analysis="Neglect of basic care.",
            outcome="continue",
        )
        agencies = ["social_care", "police", "health"]
        first = casework_actions.record_strategy_discussion(
            episode=episode,
            attendees="Social care, police, health",
            agencies=agencies,
            decision="section_47",
            reasons="Bruising",
            by=owner,
        )
        enquiry = casework_actions.complete_section47(
            section47=first.section47, version=1, outcome="icpc", reasons="Substantiated", by=owner
        )
        conference = casework_actions.record_initial_conference(
            section47=enquiry,
            chair="Ms Chair",
            attendees="",
            decision="plan",
            reasons="Harm",
            category="NEG",
            by=owner,
        )
        second = casework_actions.record_strategy_discussion(
            episode=episode,
            attendees="Social care, police",
            agencies=agencies,
            decision="section_47",
            reasons="New concern",
            by=owner,
        )
        # The case's team has asked another team to take the case.
        transfer = Transfer.objects.create(
            episode=episode,
            from_team=owner.team,
            to_team=factories.team("Child Protection East", kind="cin_cp"),
            reason="Child protection plan agreed",
            requested_by=owner,
            requested_on=referred,
        )
        world.casework[key] = {
            "transfer": transfer,
            "episode": episode,
            "assessment": assessment,
            "section47": second.section47,
            "cp_plan": conference.plan,
            "cin_plan": cin_plan,
        }


def _casework_targets(world: World, kind: str) -> list[Target]:
    """A casework record of each of the three records, and one that does not exist."""
    param = _CASEWORK_PARAMETERS[kind]
    found = world.casework
    return [
        Target(f"a visible record's {kind}", {param: found["visible"][kind].uuid}, shown=True),
        Target(
            f"the {kind} of a record the user is named on", {param: found["named"][kind].uuid}, shown=True
        ),
        Target(
            f"the {kind} of a record the user is not named on", {param: found["hidden"][kind].uuid}, False
        ),
        Target(f"a {kind} that does not exist", {param: uuid.uuid4()}, shown=False),
    ]


def _casework_fingerprint() -> tuple[Any, ...]:
    from kindred.casework.models import (
        Allocation,
        Assessment,
        ChildInNeedPlan,
        ChildInNeedReview,
        ChildProtectionPlan,
        Conference,
        CoreGroup,
        Episode,
        Section47,
        StrategyDiscussion,
        Transfer,
        Visit,
    )

    return (
        tuple(Transfer.objects.order_by("pk").values_list("pk", "status")),
        tuple(Episode.objects.order_by("pk").values_list("pk", "version", "allocated_to", "closure_date")),
        tuple(Assessment.objects.order_by("pk").values_list("pk", "version", "status")),
        tuple(Section47.objects.order_by("pk").values_list("pk", "version", "completed_date")),
        tuple(ChildProtectionPlan.objects.order_by("pk").values_list("pk", "version", "end_date")),
        tuple(ChildInNeedPlan.objects.order_by("pk").values_list("pk", "version", "end_date")),
        tuple(
            model.objects.count()
            for model in (Allocation, StrategyDiscussion, Conference, CoreGroup, ChildInNeedReview, Visit)
        ),
    )
