"""The CIN census computed from casework recorded through the actions (tests/returns/scenarios.py): the file
matches the XSD, and each journey comes out exactly as the DfE census asks for it."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.casework.models import Assessment, Episode, Section47
from kindred.people.merging import merge_people
from kindred.people.models import Person
from kindred.returns.cin_census import (
    CensusPeriod,
    build_cin_census,
    compute_cin_census,
    la_child_id,
    schema_errors,
)
from tests import factories
from tests.returns import scenarios
from tests.returns.census_xml import derived_id, episodes, identifiers, parse, shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> scenarios.Team:
    return scenarios.team()


def census(year: int = scenarios.YEAR) -> bytes:
    return build_cin_census(year=year, generated_at=dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC))


# -- the file ------------------------------------------------------------------------------------------------


def test_cin_census_is_valid_against_the_2025_26_xsd(staff: scenarios.Team) -> None:
    scenarios.all_journeys(staff)
    xml = census()
    assert schema_errors(xml) == []
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert len(parse(xml).findall("Children/Child")) == 6


def test_cin_census_header_names_the_collection_the_trust_and_the_software(staff: scenarios.Team) -> None:
    scenarios.child_in_need(staff)
    header = parse(census()).find("Header")
    assert shape(header) == (
        "Header",
        [
            ("CollectionDetails", [("Collection", "CIN"), ("Year", "2026"), ("ReferenceDate", "2026-03-31")]),
            (
                "Source",
                [
                    ("SourceLevel", "L"),
                    ("LEA", "330"),  # the trust's DfE LA number (Birmingham)
                    ("SoftwareCode", "Kindred"),
                    ("Release", "0.1.0"),
                    ("SerialNo", "001"),
                    ("DateTime", "2026-05-01T10:30:00"),  # London time (BST)
                ],
            ),
        ],
    )


def test_cin_census_header_takes_another_la_and_serial_number(staff: scenarios.Team) -> None:
    scenarios.child_in_need(staff)
    header = parse(build_cin_census(year=2026, lea="201", serial_no=12)).find("Header/Source")
    assert header.findtext("LEA") == "201"
    assert header.findtext("SerialNo") == "012"


def test_census_period_runs_from_1_april_to_31_march() -> None:
    period = CensusPeriod(2026)
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert period.open_during(date(2025, 3, 1), date(2025, 4, 1))
    assert not period.open_during(date(2025, 3, 1), date(2025, 3, 31))
    assert not period.open_during(date(2026, 4, 1), None)


# -- the journeys --------------------------------------------------------------------------------------------


def test_child_referred_twice_in_the_year_has_two_cin_details(staff: scenarios.Team) -> None:
    journey = scenarios.referred_twice(staff)
    document = parse(census())
    # The recorded LA child ID, without the hyphens rule 1580 refuses.
    assert identifiers(document, "BCT20250001") == [
        ("LAchildID", "BCT20250001"),
        ("UPN", journey.person.upn),
        ("PersonBirthDate", "2015-04-12"),
        ("Sex", "F"),
    ]
    assert episodes(document, "BCT20250001") == [
        [
            ("CINreferralDate", "2025-05-06"),
            ("ReferralSource", "2A"),
            ("PrimaryNeedCode", "N4"),
            ("CINclosureDate", "2025-06-12"),  # authorising an NFA assessment closed it
            ("ReasonForClosure", "RC8"),
            (
                "Assessments",
                [
                    ("AssessmentActualStartDate", "2025-05-07"),
                    ("AssessmentAuthorisationDate", "2025-06-12"),
                    ("FactorsIdentifiedAtAssessment", [("AssessmentFactors", "21")]),
                ],
            ),
            ("ReferralNFA", "0"),
        ],
        [
            ("CINreferralDate", "2026-03-02"),
            ("ReferralSource", "3A"),
            ("PrimaryNeedCode", "N5"),
            ("Assessments", [("AssessmentActualStartDate", "2026-03-03")]),  # still in progress
            ("ReferralNFA", "0"),
        ],
    ]


def test_section47_without_conference_is_icpc_not_required(staff: scenarios.Team) -> None:
    journey = scenarios.section47_without_conference(staff)
    assert episodes(parse(census()), journey.person) == [
        [
            ("CINreferralDate", "2025-06-02"),
            ("ReferralSource", "6"),
            ("PrimaryNeedCode", "N1"),
            (
                "Assessments",
                [
                    ("AssessmentActualStartDate", "2025-06-03"),
                    ("AssessmentAuthorisationDate", "2025-07-03"),
                    # In the code list's order.
                    (
                        "FactorsIdentifiedAtAssessment",
                        [("AssessmentFactors", "3B"), ("AssessmentFactors", "18C")],
                    ),
                ],
            ),
            ("CINPlanDates", [("CINPlanStartDate", "2025-07-03")]),
            (
                "Section47",
                [
                    ("S47ActualStartDate", "2025-06-03"),
                    ("InitialCPCtarget", "2025-06-24"),  # 15 working days from the strategy discussion
                    ("ICPCnotRequired", "1"),  # no DateOfInitialCPC
                ],
            ),
            ("ReferralNFA", "0"),
        ]
    ]


def test_child_protection_plan_from_icpc_through_reviews_to_its_end(staff: scenarios.Team) -> None:
    journey = scenarios.child_protection_plan(staff)
    # The 2023 episode closed before the year: only this year's is in the return.
    assert episodes(parse(census()), journey.person) == [
        [
            ("CINreferralDate", "2025-04-14"),
            ("ReferralSource", "2A"),
            ("PrimaryNeedCode", "N1"),
            (
                "Assessments",
                [
                    ("AssessmentActualStartDate", "2025-04-15"),
                    ("AssessmentAuthorisationDate", "2025-05-22"),
                    (
                        "FactorsIdentifiedAtAssessment",
                        [("AssessmentFactors", "3A"), ("AssessmentFactors", "4B")],
                    ),
                ],
            ),
            ("CINPlanDates", [("CINPlanStartDate", "2026-02-03")]),  # stepped down when the plan ended
            (
                "Section47",
                [
                    ("S47ActualStartDate", "2025-04-15"),
                    ("InitialCPCtarget", "2025-05-09"),  # across Easter and the May Day bank holiday
                    ("DateOfInitialCPC", "2025-05-06"),  # in the Section47 module, not CINdetails (rule 2884)
                    ("ICPCnotRequired", "0"),
                ],
            ),
            ("ReferralNFA", "0"),
            (
                "ChildProtectionPlans",
                [
                    ("CPPstartDate", "2025-05-06"),  # the ICPC's date (rule 2885)
                    ("CPPendDate", "2026-02-03"),
                    ("InitialCategoryOfAbuse", "EMO"),
                    ("LatestCategoryOfAbuse", "NEG"),  # changed at the first review
                    ("NumberOfPreviousCPP", "1"),  # the 2023 plan
                    ("Reviews", [("CPPreviewDate", "2025-08-05"), ("CPPreviewDate", "2026-02-03")]),
                ],
            ),
        ]
    ]


def test_closed_episode_has_its_closure_date_and_reason(staff: scenarios.Team) -> None:
    journey = scenarios.closed_in_year(staff)
    assert episodes(parse(census()), journey.person) == [
        [
            ("CINreferralDate", "2025-02-10"),
            ("ReferralSource", "1A"),
            ("PrimaryNeedCode", "N3"),
            ("CINclosureDate", "2025-09-30"),
            ("ReasonForClosure", "RC7"),
            # The assessment was authorised before 1 April 2025: last year's return, not this one (rule 8696).
            ("CINPlanDates", [("CINPlanStartDate", "2025-03-20"), ("CINPlanEndDate", "2025-09-30")]),
            ("ReferralNFA", "0"),
        ]
    ]


def test_referral_with_no_further_action_has_no_modules(staff: scenarios.Team) -> None:
    journey = scenarios.referral_with_no_further_action(staff)
    document = parse(census())
    assert identifiers(document, derived_id(journey.person)) == [
        ("LAchildID", derived_id(journey.person)),
        ("UPNunknown", "UN7"),
        ("PersonBirthDate", "2016-02-14"),
        ("Sex", "M"),
    ]
    assert episodes(document, journey.person) == [
        [
            ("CINreferralDate", "2025-07-07"),
            ("ReferralSource", "1A"),
            ("CINclosureDate", "2025-07-07"),
            ("ReasonForClosure", "RC7"),
            ("ReferralNFA", "1"),
        ]
    ]


def test_child_in_need_path_has_assessment_factors_and_cin_plan(staff: scenarios.Team) -> None:
    journey = scenarios.child_in_need(staff)
    document = parse(census())
    characteristics = document.find("Children/Child/ChildCharacteristics")
    assert shape(characteristics)[1] == [
        ("Ethnicity", "AIND"),
        ("Disabilities", [("Disability", "BEH"), ("Disability", "AUT")]),
    ]
    assert episodes(document, journey.person) == [
        [
            ("CINreferralDate", "2025-09-01"),
            ("ReferralSource", "3A"),
            ("PrimaryNeedCode", "N3"),
            (
                "Assessments",
                [
                    ("AssessmentActualStartDate", "2025-09-02"),
                    ("AssessmentAuthorisationDate", "2025-10-16"),
                    (
                        "FactorsIdentifiedAtAssessment",
                        [
                            ("AssessmentFactors", "4B"),
                            ("AssessmentFactors", "6B"),
                            ("AssessmentFactors", "7A"),
                        ],
                    ),
                ],
            ),
            # The plan ended on 1 May 2026, after the reference date: open in this return.
            ("CINPlanDates", [("CINPlanStartDate", "2025-10-16")]),
            ("ReferralNFA", "0"),
        ]
    ]


# -- what is in the year, and as it stood on 31 March -------------------------------------------------------


def test_episodes_closed_before_or_referred_after_the_year_are_left_out(staff: scenarios.Team) -> None:
    before = scenarios.child(staff, first_name="Before", last_name="Year", date_of_birth=date(2014, 1, 1))
    scenarios.close(
        staff, scenarios.referral(staff, before, date(2025, 1, 6)), on=date(2025, 3, 31), reason="RC7"
    )
    after = scenarios.child(staff, first_name="After", last_name="Year", date_of_birth=date(2014, 1, 1))
    scenarios.referral(staff, after, date(2026, 4, 1))
    on_the_day = scenarios.child(
        staff, first_name="Closed", last_name="First", date_of_birth=date(2014, 1, 1)
    )
    scenarios.close(
        staff, scenarios.referral(staff, on_the_day, date(2025, 3, 3)), on=date(2025, 4, 1), reason="RC7"
    )
    result = compute_cin_census(year=2026)
    assert [c.person for c in result.children] == [on_the_day]


def test_census_shows_work_as_it_stood_on_the_reference_date(staff: scenarios.Team) -> None:
    person = scenarios.child(staff, first_name="Ruby", last_name="Clarke", date_of_birth=date(2017, 8, 8))
    episode = scenarios.referral(staff, person, date(2026, 2, 16))
    scenarios.assessment(
        staff,
        episode,
        start=date(2026, 2, 17),
        completed=date(2026, 3, 30),
        authorised=date(2026, 4, 2),  # after 31 March: not yet complete in the 2025-26 return
        factors=["16A"],
        outcome=Assessment.Outcome.NFA,  # closes the episode on 2 April
    )
    assert episodes(parse(census()), person) == [
        [
            ("CINreferralDate", "2026-02-16"),
            ("ReferralSource", "2A"),
            ("PrimaryNeedCode", "N1"),
            ("Assessments", [("AssessmentActualStartDate", "2026-02-17")]),
            ("ReferralNFA", "0"),
        ]
    ]
    # And in the next year's return, complete and closed.
    assert episodes(parse(census(2027)), person)[0][3:6] == [
        ("CINclosureDate", "2026-04-02"),
        ("ReasonForClosure", "RC8"),
        (
            "Assessments",
            [
                ("AssessmentActualStartDate", "2026-02-17"),
                ("AssessmentAuthorisationDate", "2026-04-02"),
                ("FactorsIdentifiedAtAssessment", [("AssessmentFactors", "16A")]),
            ],
        ),
    ]


def test_unborn_child_has_expected_date_of_birth_and_sex_unknown(staff: scenarios.Team) -> None:
    unborn = scenarios.child(
        staff,
        first_name="",
        last_name="Hughes",
        date_of_birth=None,
        expected_date_of_birth=date(2026, 5, 20),
        sex="U",
        upn_unknown_reason="UN1",
    )
    scenarios.referral(staff, unborn, date(2026, 1, 12), source="3B", primary_need="N1")
    # Born since the reference date: her birth date is recorded now, but on 31 March she was unborn, and the
    # census wants an unborn child's sex as U (rule 8750).
    born_since = scenarios.child(
        staff, first_name="Ivy", last_name="Cole", date_of_birth=date(2026, 4, 20), upn_unknown_reason="UN1"
    )
    scenarios.referral(staff, born_since, date(2026, 2, 2), source="3B", primary_need="N1")
    document = parse(census())
    assert identifiers(document, derived_id(unborn)) == [
        ("LAchildID", derived_id(unborn)),
        ("UPNunknown", "UN1"),
        ("ExpectedPersonBirthDate", "2026-05-20"),
        ("Sex", "U"),
    ]
    assert identifiers(document, derived_id(born_since)) == [
        ("LAchildID", derived_id(born_since)),
        ("UPNunknown", "UN1"),
        ("ExpectedPersonBirthDate", "2026-04-20"),
        ("Sex", "U"),
    ]
    assert ("PersonBirthDate", "2026-04-20") in identifiers(parse(census(2027)), derived_id(born_since))


def test_merged_records_are_one_child_with_both_records_episodes(staff: scenarios.Team) -> None:
    survivor = scenarios.child(
        staff, first_name="Jon", last_name="Smith", date_of_birth=date(2014, 3, 3), la_child_id="LA 778"
    )
    duplicate = scenarios.child(
        staff,
        first_name="John",
        last_name="Smyth",
        date_of_birth=date(2014, 3, 3),
        disabilities=("NONE",),
        la_child_id="LA-999",
        serial=77,  # the school's UPN came in on the duplicate
    )
    first = scenarios.referral(staff, duplicate, date(2025, 4, 7))
    scenarios.close(staff, first, on=date(2025, 5, 1), reason="RC7")
    scenarios.referral(staff, survivor, date(2025, 10, 6))
    merge_people(
        duplicate=duplicate, survivor=survivor, reason="Same child: misspelt surname", by=staff.manager
    )

    result = compute_cin_census(year=2026)
    assert len(result.children) == 1
    only = result.children[0]
    assert only.person == survivor
    assert only.la_child_id == "LA778"  # the survivor's own ID comes first
    assert [e.episode.referral_date for e in only.episodes] == [date(2025, 4, 7), date(2025, 10, 6)]
    assert only.disabilities == ["NONE"]
    assert only.upn == duplicate.upn
    assert ("UPN", duplicate.upn) in identifiers(parse(census()), "LA778")


def test_number_of_previous_plans_counts_plans_on_merged_records(staff: scenarios.Team) -> None:
    journey = scenarios.child_protection_plan(staff)
    other = scenarios.child(staff, first_name="Leo", last_name="Husain", date_of_birth=date(2019, 1, 20))
    old = scenarios.referral(staff, other, date(2021, 6, 1))
    enquiry = scenarios.section47(staff, old, on=date(2021, 6, 2))
    scenarios.finish_section47(staff, enquiry, on=date(2021, 6, 10), outcome="icpc")
    plan = scenarios.initial_conference(staff, enquiry, on=date(2021, 6, 21), category="PHY")
    scenarios.review(staff, plan, on=date(2021, 9, 20), end=True)
    scenarios.close(staff, old, on=date(2021, 10, 1), reason="RC7")
    merge_people(duplicate=other, survivor=journey.person, reason="Same child", by=staff.manager)

    plans = episodes(parse(census()), journey.person)[0][-1][1]
    assert ("NumberOfPreviousCPP", "2") in plans


def test_la_child_id_is_recorded_id_cleaned_or_derived_from_the_record() -> None:
    person = Person(first_name="A")
    assert la_child_id(person, ["BCT-2019/04417"]) == "BCT201904417"
    assert la_child_id(person, ["--", "X 1"]) == "X1"
    derived = la_child_id(person, [])
    assert derived == person.uuid.hex[:20].upper()
    assert len(derived) == 20 and derived.isalnum()
    assert la_child_id(person, []) == derived  # the same every year


def test_census_reads_in_the_same_number_of_queries_however_many_children(staff: scenarios.Team) -> None:
    scenarios.child_in_need(staff)
    with CaptureQueriesContext(connection) as one:
        compute_cin_census(year=2026)
    scenarios.all_journeys(staff)
    with CaptureQueriesContext(connection) as many:
        result = compute_cin_census(year=2026)
    assert len(result.children) == 7
    assert len(many) == len(one) <= 15


def test_episode_with_nothing_recorded_after_its_referral_is_in_the_census(staff: scenarios.Team) -> None:
    # Recorded another way than through the front door (no primary need): the child was still open to
    # social care, and the validator will ask for the primary need (rule 8610).
    person = factories.person(by=staff.manager, first_name="Noor")
    Episode.objects.create(
        person=person, referral_date=date(2025, 12, 1), referral_source="9", created_by=staff.manager
    )
    assert episodes(parse(census()), person) == [
        [("CINreferralDate", "2025-12-01"), ("ReferralSource", "9"), ("ReferralNFA", "0")]
    ]


def test_latest_category_is_the_one_in_force_at_the_end_of_the_year(staff: scenarios.Team) -> None:
    person = scenarios.child(
        staff, first_name="Ines", last_name="Moreau", date_of_birth=date(2017, 3, 8), serial=41
    )
    episode = scenarios.referral(staff, person, date(2025, 9, 1), source="6", primary_need="N1")
    enquiry = scenarios.section47(staff, episode, on=date(2025, 9, 1))
    scenarios.finish_section47(staff, enquiry, on=date(2025, 9, 10), outcome=Section47.Outcome.ICPC)
    plan = scenarios.initial_conference(staff, enquiry, on=date(2025, 9, 19), category="PHY")
    scenarios.review(staff, plan, on=date(2025, 12, 12), latest_category="EMO")
    scenarios.review(staff, plan, on=date(2026, 6, 5), latest_category="NEG")  # after 31 March 2026
    plan.refresh_from_db()
    assert plan.latest_category == "NEG"
    (details,) = episodes(parse(census()), person)
    plan_module = dict(details)["ChildProtectionPlans"]
    assert ("InitialCategoryOfAbuse", "PHY") in plan_module
    assert ("LatestCategoryOfAbuse", "EMO") in plan_module  # the June review belongs to next year's return
