"""Roles as code (DESIGN.md § Roles).

A role is a set of capabilities. Object-level rules (which child, which record) live in
kindred.access.rules and the `visible_to(user)` query methods; this module only says what a role may do
at all.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FRONT_DOOR = "front_door"
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    SERVICE_MANAGER = "service_manager"
    REVIEWING_OFFICER = "reviewing_officer"
    FAMILY_HELP = "family_help"
    ANALYST = "analyst"
    COMMISSIONER = "commissioner"
    PARTNER = "partner"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.FRONT_DOOR: "Front-door practitioner",
    Role.SOCIAL_WORKER: "Social worker",
    Role.TEAM_MANAGER: "Team manager",
    Role.SERVICE_MANAGER: "Service manager",
    Role.REVIEWING_OFFICER: "Independent reviewing officer / child protection chair",
    Role.FAMILY_HELP: "Family help practitioner",
    Role.ANALYST: "Performance analyst",
    Role.COMMISSIONER: "Commissioner (council)",
    Role.PARTNER: "Partner user",
    Role.ADMINISTRATOR: "System administrator",
}

ROLE_CHOICES = [(r.value, r.label) for r in Role]


class Capability(StrEnum):
    VIEW_PEOPLE = "view_people"  # search and open non-restricted person records (audited)
    EDIT_PEOPLE = "edit_people"  # record and change people, their details and their network
    MERGE_PEOPLE = "merge_people"  # merge and un-merge duplicate records
    SEE_RECORD_ACCESS = "see_record_access"  # "who has viewed this record"
    MANAGE_RESTRICTIONS = "manage_restrictions"  # restrict a record and name who may see it
    BREAK_GLASS = "break_glass"  # emergency access to a restricted record, with a reason
    VIEW_AUDIT = "view_audit"  # the whole audit trail
    MANAGE_ORGANISATION = "manage_organisation"  # teams, workers, partner organisations
    VIEW_MEASURES = "view_measures"  # aggregate measures, no person-level data
    VIEW_ORGANISATION = "view_organisation"  # the trust's teams, workers and partner organisations
    WORK_FRONT_DOOR = "work_front_door"  # record contacts, match children, MASH checks, propose decisions
    AUTHORISE_DECISIONS = "authorise_decisions"  # sign off threshold decisions (never one's own)
    SUBMIT_REFERRALS = "submit_referrals"  # a partner's referral form and their own referrals' feedback
    # Statutory casework: assessments, strategy discussions, section 47s, conferences, plans, visits.
    RECORD_CASEWORK = "record_casework"
    # Allocate cases, authorise assessments and record management direction (never on one's own work).
    MANAGE_CASEWORK = "manage_casework"
    # Set the trust's own timescales (the local values in the rule catalogue).
    SET_TIMESCALES = "set_timescales"


# Practitioners who work with children and families.
_PRACTICE = {Capability.VIEW_PEOPLE, Capability.EDIT_PEOPLE, Capability.BREAK_GLASS}
_MANAGERS = _PRACTICE | {
    Capability.MERGE_PEOPLE,
    Capability.SEE_RECORD_ACCESS,
    Capability.MANAGE_RESTRICTIONS,
    Capability.VIEW_MEASURES,
    Capability.VIEW_ORGANISATION,
}

# The front door's work: its practitioners, and the social workers and managers who screen contacts in the
# MASH.
_FRONT_DOOR = {Capability.WORK_FRONT_DOOR}
_SIGN_OFF = {Capability.WORK_FRONT_DOOR, Capability.AUTHORISE_DECISIONS}
_CASEWORK = {Capability.RECORD_CASEWORK}
_MANAGE = {Capability.MANAGE_CASEWORK}

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.FRONT_DOOR: frozenset(_PRACTICE | _FRONT_DOOR),
    Role.SOCIAL_WORKER: frozenset(_PRACTICE | _FRONT_DOOR | _CASEWORK),
    Role.FAMILY_HELP: frozenset(_PRACTICE),
    # Conference chairs record the conferences they chair.
    Role.REVIEWING_OFFICER: frozenset(_PRACTICE | _CASEWORK),
    Role.TEAM_MANAGER: frozenset(_MANAGERS | _SIGN_OFF | _CASEWORK | _MANAGE),
    Role.SERVICE_MANAGER: frozenset(
        _MANAGERS | _SIGN_OFF | _CASEWORK | _MANAGE | {Capability.VIEW_AUDIT, Capability.SET_TIMESCALES}
    ),
    # Analysts fix data for the returns: they read records (audited) but do not record casework.
    Role.ANALYST: frozenset({Capability.VIEW_PEOPLE, Capability.VIEW_MEASURES}),
    # The council sees measures only: never a child's record.
    Role.COMMISSIONER: frozenset({Capability.VIEW_MEASURES}),
    # Partners see only what their organisation submitted (front-door issue); never a person record.
    Role.PARTNER: frozenset({Capability.SUBMIT_REFERRALS}),
    # Administrators run the system (accounts, teams, the audit trail), not casework.
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.MANAGE_ORGANISATION,
            Capability.VIEW_ORGANISATION,
            Capability.VIEW_AUDIT,
            Capability.SET_TIMESCALES,
        }
    ),
}


def role_of(user: object) -> Role | None:
    """The user's role, or None for anonymous, inactive or role-less users (who can do nothing)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    value = getattr(user, "role", "")
    try:
        return Role(value)
    except ValueError:
        return None


def can(user: object, capability: Capability) -> bool:
    role = role_of(user)
    return role is not None and capability in CAPABILITIES[role]
