"""The permission matrix (RELIABILITY.md checks 2, 3 and 6): every URL, every role, GET and POST.

Every route in the URLconf needs a row in EXPECTED, and every view must declare a policy
(kindred.access.policy). A new URL without a row fails `test_permission_matrix_has_a_row_for_every_url`,
naming the URL: add the row, with the answer each role should get.

A row gives the answers for a target the user should see: the URL without parameters, or for an object URL a
visible record (and a restricted record the user is named on, which must answer the same). For a target the
user must not see (a restricted record they are not named on, someone else's alert, a reference that does not
exist) the answer is derived by the house rule: "missing or not visible = 404, the same for both", except
where the policy or the method check answers first (403, 405, or the anonymous redirect), which reveal nothing
about the object. Every denied request must leave the database exactly as it was.

POSTs are empty (no fields): a form view re-displays itself with errors, and a view that acts on the POST
alone (sign out, mark an alert as read) acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from kindred.access.roles import Role
from kindred.organisation.models import User
from tests.access.routes import Route, route_named, route_names
from tests.access.world import ANON, COLUMNS, PARAMETERS, build_world, fingerprint
from tests.conftest import https_client

pytestmark = pytest.mark.django_db

Answers = tuple[int, int, int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True)
class Row:
    policy: str  # the view's kindred_policy
    get: Answers  # one answer per column of COLUMNS
    post: Answers
    # Columns whose 403 is decided on the record itself, once it is found and visible (whose case it is):
    # for a record they must not see, these users get the house rule's 404 like anyone else.
    refused_on_the_record: tuple[str, ...] = ()

    def answer(self, method: str, column: str) -> int:
        return getattr(self, method)[COLUMNS.index(column)]


# The world's children have open episodes allocated to the social worker's team (world._casework), so changing
# their records (details, network, case notes) is that team's, its managers', service managers' and the
# reviewing officer's; the front door and family help may see them but get 403 (access.rules.can_edit_person).
NOT_THEIR_CASE = (Role.FRONT_DOOR.value, Role.FAMILY_HELP.value)

# fmt: off
# Columns (COLUMNS):          FD   SW   TM   SM   IRO  FH   AN   CO   PA   AD   anon
#   FD front door, SW social worker, TM team manager, SM service manager, IRO reviewing officer,
#   FH family help, AN analyst, CO commissioner, PA partner, AD administrator, anon not logged in.
EXPECTED: dict[str, Row] = {
    "ui:home": Row(
        "any_role",
        get=                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 302),
    ),
    "ui:login": Row(
        "public",  # someone already signed in is sent on to their home page
        get=                        (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 200),
        post=                       (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 200),
    ),
    "ui:logout": Row(
        "any_role",
        get=                        (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 302),
        post=                       (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "ui:health": Row(
        "public",
        get=                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=                       (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "people:search": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 403, 403, 302),
    ),
    "people:create": Row(
        "requires:edit_people",
        get=                        (200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 302),
        post=                       (200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 302),
    ),
    "people:detail": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    "people:edit": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:name_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:identifier_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:contact_detail_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:address_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:disability_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:warning_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:warning_end": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:relationship_add": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:relationship_add_new": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:relationship_change": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:relationship_end": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "people:merge": Row(
        "requires:merge_people",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "people:unmerge": Row(
        "requires:merge_people",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    # Case notes and chronology. Changing a recorded note is for its author or a manager: anyone else gets 403
    # whether the note exists or not (the world's notes are the records' owner's). Autosave answers JSON: an
    # empty POST is 400 (nothing to save), and a GET gives the page a fresh CSRF token after signing in again.
    "casework_notes:list": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    "casework_notes:new": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "casework_notes:autosave_new": Row(
        "requires:edit_people",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 400, 400, 400, 400, 403, 403, 403, 404, 403, 302),
        refused_on_the_record=NOT_THEIR_CASE,
    ),
    "casework_notes:detail": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    "casework_notes:edit": Row(
        "requires:edit_people",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "casework_notes:autosave": Row(
        "requires:edit_people",  # the user's own draft; anyone else's is 404
        get=                        (200, 200, 200, 200, 200, 200, 403, 403, 404, 403, 302),
        post=                       (400, 400, 400, 400, 400, 400, 403, 403, 404, 403, 302),
    ),
    "casework_notes:chronology": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    "casework_notes:chronology_csv": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    # End of case notes and chronology.
    "audit:events": Row(
        "requires:view_audit",
        get=                        (403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 302),
        post=                       (403, 403, 403, 405, 403, 403, 403, 403, 403, 405, 302),
    ),
    "audit:record_access": Row(
        "requires:see_record_access",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 405, 405, 403, 403, 403, 403, 404, 403, 302),
    ),
    "access:break_glass": Row(
        "requires:break_glass",
        get=                        (200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 302),
        post=                       (200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 302),
    ),
    "access:restriction": Row(
        "requires:manage_restrictions",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "access:name_on_record": Row(
        "requires:manage_restrictions",
        get=                        (403, 403, 405, 405, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "organisation:overview": Row(
        "requires:view_organisation",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 302),
        post=                       (403, 403, 405, 405, 403, 403, 403, 403, 403, 405, 302),
    ),
    "access:alerts": Row(
        "any_role",
        get=                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 302),
    ),
    "access:alert_read": Row(
        "any_role",
        get=                        (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 302),
        post=                       (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "frontdoor:queue": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 302),
        post=                       (405, 405, 405, 405, 403, 403, 403, 403, 403, 403, 302),
    ),
    "frontdoor:late": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 302),
        post=                       (405, 405, 405, 405, 403, 403, 403, 403, 403, 403, 302),
    ),
    "frontdoor:candidates": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 302),
        post=                       (405, 405, 405, 405, 403, 403, 403, 403, 403, 403, 302),
    ),
    "frontdoor:contact_new": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 302),
        post=                       (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 302),
    ),
    "frontdoor:contact": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:take": Row(
        "requires:work_front_door",
        get=                        (405, 405, 405, 405, 403, 403, 403, 403, 404, 403, 302),
        post=                       (302, 302, 302, 302, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:urgency": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:child_find": Row(
        "requires:work_front_door",  # an empty POST is sent back to choose
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (302, 302, 302, 302, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:mash_new": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:mash_answer": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:decide": Row(
        "requires:work_front_door",
        get=                        (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (200, 200, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "frontdoor:sign_off": Row(
        "requires:authorise_decisions",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "referrals:list": Row(
        "requires:submit_referrals",
        get=                        (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 302),
        post=                       (403, 403, 403, 403, 403, 403, 403, 403, 405, 403, 302),
    ),
    "referrals:new": Row(
        "requires:submit_referrals",
        get=                        (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 302),
        post=                       (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 302),
    ),
    "referrals:detail": Row(
        "requires:submit_referrals",
        get=                        (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 302),
        post=                       (403, 403, 403, 403, 403, 403, 403, 403, 405, 403, 302),
    ),
    # Casework pages. The episode page is for anyone who may view the child's record; each step is for those
    # who record casework, allocation and authorisation for managers. A step the record's state does not allow
    # now answers 200 with the reason and no form; an empty POST re-displays the form with its errors.
    "casework:episode": Row(
        "requires:view_people",
        get=                        (200, 200, 200, 200, 200, 200, 200, 403, 404, 403, 302),
        post=                       (405, 405, 405, 405, 405, 405, 405, 403, 404, 403, 302),
    ),
    "casework:allocate": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "casework:transfer": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    # Withdrawn by the case's managers, declined by the receiving team's: the page says why it is not theirs.
    "casework:transfer_withdraw": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "casework:transfer_decline": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "casework:assessment_start": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:assessment": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:assessment_authorise": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
        post=                       (403, 403, 200, 200, 403, 403, 403, 403, 404, 403, 302),
    ),
    "casework:strategy_discussion": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:section47_outcome": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:initial_conference": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:core_group": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:review_conference": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cp_plan_end": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cp_plan_update": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cin_plan_update": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cin_plan_start": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cin_review": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:cin_plan_end": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:visit": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    "casework:close": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
        post=                       (403, 200, 200, 200, 200, 403, 403, 403, 404, 403, 302),
    ),
    # End of casework pages.
    # Timescales: the catalogue for managers and administrators; local values for service managers and
    # administrators
    "timescales:catalogue": Row(
        "requires:view_organisation",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 302),
        post=                       (403, 403, 405, 405, 403, 403, 403, 403, 403, 405, 302),
    ),
    "timescales:local_value": Row(
        "requires:set_timescales",
        get=                        (403, 403, 403, 200, 403, 403, 403, 403, 404, 200, 302),
        post=                       (403, 403, 403, 200, 403, 403, 403, 403, 404, 200, 302),
    ),
    # My work and the team board
    "workforce:my_work": Row(
        "requires:record_casework",
        get=                        (403, 200, 200, 200, 200, 403, 403, 403, 403, 403, 302),
        post=                       (403, 405, 405, 405, 405, 403, 403, 403, 403, 403, 302),
    ),
    "workforce:team_board": Row(
        "requires:manage_casework",
        get=                        (403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 302),
        post=                       (403, 403, 405, 405, 403, 403, 403, 403, 403, 403, 302),
    ),
}
# fmt: on


def hidden_answer(shown: int, column: str, row: Row) -> int:
    """The answer for an object the user must not see, given the answer for one they may see."""
    if column in row.refused_on_the_record:
        return 404
    if column == ANON or shown in (403, 405):
        return shown
    return 404


def client_as(user: User | None, login: Callable[[User], Client]) -> Client:
    return login(user) if user is not None else https_client()


def _missing_row_message(route: Route) -> str:
    return (
        f"The URL {route.name!r} ({route.route}) has no row in EXPECTED in "
        f"tests/access/test_permission_matrix.py. Add one giving, for each role and for anonymous visitors, "
        f"the status code GET and an empty POST should answer (its view's policy is "
        f"{route.policy or 'NOT DECLARED'})."
    )


def test_permission_matrix_columns_are_every_role_and_anonymous() -> None:
    assert [*COLUMNS] == [*(role.value for role in Role), ANON], (
        "Role has changed: give every row of EXPECTED a column for each role, in Role's order"
    )


@pytest.mark.parametrize("name", route_names())
def test_permission_matrix_has_a_row_for_every_url(name: str) -> None:
    route = route_named(name)
    assert route.name, f"The URL pattern {route.route} has no name: name it, then add it to EXPECTED"
    if route.is_api:
        return  # the partner API's own matrix: tests/api/test_access.py (see tests/access/routes.py)
    if name not in EXPECTED:
        pytest.fail(_missing_row_message(route), pytrace=False)


@pytest.mark.parametrize("name", route_names())
def test_every_view_declares_a_policy(name: str) -> None:
    route = route_named(name)
    assert route.policy is not None, (
        f"The view for {name!r} ({route.route}) declares no access policy: decorate it with one of "
        f"kindred.access.policy's public, any_role or requires(capability)"
    )
    assert route.policy in ("public", "any_role") or route.policy.startswith("requires:") or route.is_api, (
        f"{name}: unknown policy {route.policy!r}"
    )


def test_permission_matrix_has_no_rows_for_urls_that_do_not_exist() -> None:
    stale = sorted(set(EXPECTED) - set(route_names()))
    assert not stale, f"EXPECTED has rows for URLs that no longer exist: {stale}"


# Rows for URLs that no longer exist are failed by the stale-rows test, not run here.
@pytest.mark.parametrize("name", sorted(set(EXPECTED) & set(route_names())))
def test_permission_matrix_answers_as_the_table_says(name: str, client_for: Callable[[User], Client]) -> None:
    route = route_named(name)
    row = EXPECTED[name]
    assert route.policy == row.policy, f"{name}: the view declares {route.policy!r}, the table {row.policy!r}"
    targets_for = PARAMETERS.get(route.params)
    assert targets_for is not None, (
        f"{name} ({route.route}) takes parameters {sorted(route.params)}: add a way to fill them in to "
        f"PARAMETERS in tests/access/world.py"
    )
    world = build_world()
    wrong: list[str] = []
    for column in COLUMNS:
        user = world.user(column)
        for method in ("get", "post"):
            shown_answer = row.answer(method, column)
            for target in targets_for(world, user):
                expected = shown_answer if target.shown else hidden_answer(shown_answer, column, row)
                client = client_as(user, client_for)
                url = reverse(name, kwargs=target.kwargs)
                before = fingerprint()
                response = getattr(client, method)(url)
                where = f"{method.upper()} {url} as {column}" + (f" ({target.label})" if target.label else "")
                if response.status_code != expected:
                    wrong.append(f"{where}: answered {response.status_code}, expected {expected}")
                    continue
                if column == ANON and expected == 302 and not response["Location"].startswith("/login/"):
                    wrong.append(f"{where}: redirected to {response['Location']}, not to the login page")
                denied = expected in (403, 404, 405) or (column == ANON and expected == 302)
                if denied and fingerprint() != before:
                    wrong.append(f"{where}: answered {expected} but changed the database")
    assert not wrong, f"{name}: {len(wrong)} answers differ from the matrix:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", route_names())
def test_anonymous_visitors_are_sent_to_login_from_every_non_public_url(name: str) -> None:
    """Independent of the table: only views declared public answer an anonymous visitor."""
    route = route_named(name)
    if route.policy == "public" or route.is_api:
        return  # the partner API answers 401, not a redirect: tests/api/test_access.py
    world = build_world()
    targets_for = PARAMETERS.get(route.params)
    assert targets_for is not None, f"{name}: add its parameters to PARAMETERS in tests/access/world.py"
    for target in targets_for(world, None):
        url = reverse(name, kwargs=target.kwargs)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(https_client(), method)(url)
            assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
            assert response["Location"].startswith("/login/?next="), f"{method.upper()} {url}"
