"""The matcher as a pure function: PersonQuery and Candidates in, scores and reasons out (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kindred.people.matching import (
    Candidate,
    CandidateName,
    NameForm,
    PersonQuery,
    classify_reference,
    compare_dates,
    compare_names,
    match_candidates,
    parse_search_text,
    score_candidate,
    split_name,
    tolerant_dates,
)

TODAY = date(2026, 11, 22)

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12).map(str.capitalize)
long_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12).map(str.capitalize)
births = st.dates(min_value=date(1920, 1, 1), max_value=TODAY)


def query_of(first: str, last: str, dob: date | None = None, **kw: str) -> PersonQuery:
    return PersonQuery(first_name=first, last_name=last, date_of_birth=dob, **kw)  # type: ignore[arg-type]


def typo(name: str, data: st.DataObject) -> str:
    """One character substituted, deleted, inserted or swapped with its neighbour."""
    kind = data.draw(st.sampled_from(["substitute", "delete", "insert", "transpose"]))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    if kind == "transpose" and len(name) >= 2:
        i = data.draw(st.integers(0, len(name) - 2))
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "insert":
        i = data.draw(st.integers(0, len(name)))
        return name[:i] + letter + name[i:]
    i = data.draw(st.integers(0, len(name) - 1))
    if kind == "delete":
        return name[:i] + name[i + 1 :]
    return name[:i] + letter + name[i + 1 :]


# --- Properties -----------------------------------------------------------------------------------------


@given(first=names, last=names, dob=births)
def test_score_candidate_exact_match_scores_100(first: str, last: str, dob: date) -> None:
    match = score_candidate(query_of(first, last, dob), Candidate.simple(1, first, last, dob))
    assert match.score == 100
    assert "Date of birth matches exactly" in match.reasons


@given(first=names, last=long_names, dob=births, data=st.data())
@example(first="Amara", last="Okafor", dob=date(2015, 4, 12), data=None)
def test_score_candidate_one_typo_in_the_last_name_still_scores_high(
    first: str, last: str, dob: date, data: st.DataObject | None
) -> None:
    typed = typo(last, data) if data is not None else "Okafur"
    record = Candidate.simple(1, first, last, dob)
    with_dob = score_candidate(query_of(first, typed, dob), record)
    name_only = score_candidate(query_of(first, typed), record)
    assert with_dob.score >= 90, with_dob
    assert name_only.score >= 85, name_only


@given(a_first=names, a_last=names, a_dob=births, b_first=names, b_last=names, b_dob=births)
@example("Jon", "Okafur", date(2015, 4, 12), "John", "Okafor", date(2015, 12, 4))
@example("Okafor", "Amara", date(2015, 4, 12), "Amara", "Okafor", date(2015, 4, 13))
def test_score_candidate_is_symmetric_between_two_records(
    a_first: str, a_last: str, a_dob: date, b_first: str, b_last: str, b_dob: date
) -> None:
    """Searching with A's details scores B the same as searching with B's details scores A (for two records
    with a first name, last name and date of birth, and no other names)."""
    a_for_b = score_candidate(query_of(a_first, a_last, a_dob), Candidate.simple(2, b_first, b_last, b_dob))
    b_for_a = score_candidate(query_of(b_first, b_last, b_dob), Candidate.simple(1, a_first, a_last, a_dob))
    assert a_for_b.score == b_for_a.score


@given(
    first=st.text(max_size=30),
    last=st.text(max_size=30),
    either=st.text(max_size=30),
    dob=st.none() | births,
    c_first=st.text(max_size=30),
    c_last=st.text(max_size=30),
    c_dob=st.none() | births,
    reference=st.text(max_size=20),
)
def test_score_candidate_is_between_0_and_100_with_a_reason_for_anything(
    first: str,
    last: str,
    either: str,
    dob: date | None,
    c_first: str,
    c_last: str,
    c_dob: date | None,
    reference: str,
) -> None:
    query = PersonQuery(
        first_name=first, last_name=last, either_name=either, date_of_birth=dob, reference=reference
    )
    match = score_candidate(query, Candidate.simple(1, c_first, c_last, c_dob))
    assert 0 <= match.score <= 100
    if query.has_name or dob:
        assert match.reasons


@given(searched=births, recorded=births)
def test_tolerant_dates_block_exactly_the_dates_compare_dates_scores(searched: date, recorded: date) -> None:
    """The date-of-birth block and the score agree: a date is blocked on if and only if it scores."""
    value, _ = compare_dates(searched, recorded)
    assert (recorded in tolerant_dates(searched, today=TODAY)) == (value > 0)
    assert compare_dates(recorded, searched)[0] == value


@given(a=st.text(max_size=20), b=st.text(max_size=20))
def test_compare_names_is_symmetric(a: str, b: str) -> None:
    assert (
        compare_names(NameForm.of(a), NameForm.of(b))[0] == compare_names(NameForm.of(b), NameForm.of(a))[0]
    )


# --- Spellings a practitioner will type ------------------------------------------------------------------


@pytest.mark.parametrize("searched", ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"])
@pytest.mark.parametrize("recorded", ["Mohammed", "Muhammad", "Mohamed", "Mohammad"])
def test_score_candidate_mohammed_spellings_are_known_variants(searched: str, recorded: str) -> None:
    match = score_candidate(query_of(searched, "Khan"), Candidate.simple(1, recorded, "Khan"))
    assert match.score >= 95
    if searched != recorded:
        assert f"First name is a known variant of '{searched}'" in match.reasons


@pytest.mark.parametrize("recorded", ["John", "Jonathan", "Johnny", "Jonny"])
def test_score_candidate_jon_matches_john_and_its_nicknames(recorded: str) -> None:
    match = score_candidate(query_of("Jon", "Smith"), Candidate.simple(1, recorded, "Smith"))
    assert match.score >= 95
    assert "First name is a known variant of 'Jon'" in match.reasons


def test_score_candidate_okafur_sounds_like_okafor() -> None:
    match = score_candidate(
        query_of("Amara", "Okafur", date(2015, 4, 12)),
        Candidate.simple(1, "Amara", "Okafor", date(2015, 4, 12)),
    )
    assert match.reasons == (
        "Date of birth matches exactly",
        "First name matches",
        "Last name sounds the same as 'Okafur'",
    )
    assert match.score == 97


def test_score_candidate_smyth_is_spelt_almost_like_smith() -> None:
    match = score_candidate(query_of("Jack", "Smyth"), Candidate.simple(1, "Jack", "Smith"))
    assert "Last name is spelt almost the same as 'Smyth'" in match.reasons
    assert match.score >= 90


def test_score_candidate_different_names_score_low() -> None:
    match = score_candidate(query_of("Amara", "Okafor"), Candidate.simple(1, "Peter", "Wilson"))
    assert match.score < 50
    assert "Last name is different from 'Okafor'" in match.reasons


def test_score_candidate_names_the_other_way_round() -> None:
    match = score_candidate(query_of("Okafor", "Amara"), Candidate.simple(1, "Amara", "Okafor"))
    assert match.reasons[0] == "First and last names are the other way round"
    assert match.score == 90


def test_score_candidate_one_name_matches_either_part() -> None:
    record = Candidate.simple(1, "Amara", "Okafor")
    assert score_candidate(PersonQuery(either_name="Okafor"), record).reasons == ("Last name matches",)
    assert score_candidate(PersonQuery(either_name="Amara"), record).reasons == ("First name matches",)


def test_score_candidate_finds_a_previous_name() -> None:
    record = Candidate(
        person_id=1,
        names=(
            CandidateName(NameForm.of("Amara"), NameForm.of("Okafor")),
            CandidateName(NameForm.of(""), NameForm.of("Bello"), kind="previous"),
        ),
        date_of_birth=date(2015, 4, 12),
    )
    match = score_candidate(query_of("Amara", "Bello", date(2015, 4, 12)), record)
    assert "Matched on their previous name: Bello" in match.reasons
    assert match.score >= 95


@pytest.mark.parametrize(
    ("recorded", "value", "reason"),
    [
        (date(2015, 4, 12), 1.0, "Date of birth matches exactly"),
        (date(2015, 4, 13), 0.8, "Date of birth is one day out"),
        (date(2015, 4, 11), 0.8, "Date of birth is one day out"),
        (date(2015, 12, 4), 0.8, "Date of birth matches with the day and month the other way round"),
        (date(2016, 4, 12), 0.7, "Date of birth matches apart from the year, which is one out"),
        (date(2025, 4, 12), 0.7, "Date of birth matches apart from one digit of the year"),
        (date(2005, 4, 12), 0.7, "Date of birth matches apart from one digit of the year"),
        (date(2015, 5, 12), 0.0, "Date of birth is different"),
        (date(2014, 4, 11), 0.0, "Date of birth is different"),
    ],
)
def test_compare_dates_tolerates_common_errors(recorded: date, value: float, reason: str) -> None:
    assert compare_dates(date(2015, 4, 12), recorded) == (value, reason)


def test_compare_dates_one_year_out_across_a_decade() -> None:
    assert compare_dates(date(2019, 6, 1), date(2020, 6, 1))[0] == 0.7
    assert date(2020, 6, 1) in tolerant_dates(date(2019, 6, 1), today=TODAY)


def test_tolerant_dates_stay_between_1900_and_today() -> None:
    dates = tolerant_dates(date(2015, 4, 12), today=date(2020, 1, 1))
    assert date(2025, 4, 12) not in dates
    assert date(1015, 4, 12) not in dates
    assert {
        date(2015, 4, 12),
        date(2015, 4, 11),
        date(2015, 4, 13),
        date(2015, 12, 4),
        date(2014, 4, 12),
    } <= dates


def test_score_candidate_identifier_match_and_conflict() -> None:
    record = Candidate.simple(1, "Amara", "Okafor", nhs_number="9434765919")
    assert score_candidate(PersonQuery(nhs_number="9434765919"), record) == score_candidate(
        PersonQuery(nhs_number="9434765919"), record
    )
    matched = score_candidate(PersonQuery(nhs_number="9434765919"), record)
    assert (matched.score, matched.reasons) == (100, ("NHS number matches",))
    conflict = score_candidate(PersonQuery(nhs_number="4010232137", last_name="Okafor"), record)
    assert "NHS number is different" in conflict.reasons
    assert conflict.score < 50


def test_score_candidate_other_identifier_matches_ignoring_case_and_spaces() -> None:
    record = Candidate.simple(1, "Amara", "Okafor", identifiers=(("LA child ID", "LA-12345"),))
    match = score_candidate(PersonQuery(reference="la 12345"), record)
    assert (match.score, match.reasons) == (100, ("LA child ID matches",))


def test_score_candidate_missing_identifier_does_not_count_against() -> None:
    record = Candidate.simple(1, "Amara", "Okafor", date(2015, 4, 12))
    query = query_of("Amara", "Okafor", date(2015, 4, 12), nhs_number="9434765919")
    assert score_candidate(query, record).score == 100


def test_match_candidates_folds_a_merged_record_into_its_survivor() -> None:
    survivor = Candidate.simple(1, "John", "Smith", date(2015, 4, 12))
    merged = Candidate.simple(2, "Jon", "Smyth", date(2015, 4, 12), merged_into_id=1)
    matches = match_candidates(query_of("Jon", "Smyth", date(2015, 4, 12)), [survivor, merged])
    assert [(m.person_id, m.score) for m in matches] == [(1, 100)]
    assert "Found through a record merged into this one: Jon Smyth" in matches[0].reasons


def test_match_candidates_best_first_and_above_the_minimum() -> None:
    candidates = [
        Candidate.simple(1, "Amara", "Okafor", date(2015, 4, 12)),
        Candidate.simple(2, "Amara", "Okafor", date(2015, 4, 13)),
        Candidate.simple(3, "Peter", "Wilson", date(2015, 4, 12)),
    ]
    matches = match_candidates(query_of("Amara", "Okafor", date(2015, 4, 12)), candidates, min_score=50)
    assert [m.person_id for m in matches] == [1, 2]


# --- Reading what was typed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "date_parts", "reference"),
    [
        ("Amara Okafor 12/4/2015", "Amara Okafor", ("12", "4", "2015"), ""),
        ("okafor 12 April 2015", "okafor", ("12", "4", "2015"), ""),
        ("okafor 1st jan 2015", "okafor", ("1", "1", "2015"), ""),
        ("2015-04-12 smith", "smith", ("12", "04", "2015"), ""),
        ("Okafor 27 3 2019", "Okafor", ("27", "3", "2019"), ""),
        ("943 476 5919", "", None, "9434765919"),
        ("Amara 943-476-5919", "Amara", None, "9434765919"),
        ("a123456789012 Okafor", "Okafor", None, "A123456789012"),
        ("Okafor LA12345", "Okafor", None, "LA12345"),
        ("31/02/2015", "", ("31", "02", "2015"), ""),
        ("12/4/15 Okafor", "Okafor", ("12", "4", "15"), ""),
        ("", "", None, ""),
    ],
)
def test_parse_search_text_reads_a_name_a_date_and_a_reference(
    text: str, name: str, date_parts: tuple[str, str, str] | None, reference: str
) -> None:
    parsed = parse_search_text(text)
    assert (parsed.name, parsed.date_parts, parsed.reference) == (name, date_parts, reference)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_parse_search_text_never_fails(text: str) -> None:
    parsed = parse_search_text(text)
    assert len(parsed.name) <= len(text)


def test_split_name_reads_order_and_commas() -> None:
    assert split_name("Amara Grace Okafor") == ("Amara", "Okafor", "")
    assert split_name("Okafor, Amara") == ("Amara", "Okafor", "")
    assert split_name("  Okafor ") == ("", "", "Okafor")
    assert split_name("") == ("", "", "")


def test_classify_reference_recognises_nhs_numbers_and_upns() -> None:
    assert classify_reference("943 476 5919") == ("9434765919", "", "")
    assert classify_reference("9434765918") == (
        "",
        "",
        "9434765918",
    )  # fails its check digit: another reference
    assert classify_reference("LA-12345") == ("", "", "LA-12345")


def test_tolerant_dates_cover_one_day_either_side_across_a_month_end() -> None:
    dob = date(2015, 3, 1)
    assert dob - timedelta(days=1) in tolerant_dates(dob, today=TODAY)


def test_classify_reference_upn() -> None:
    from kindred.people.validators import upn_check_letter

    twelve = "20112345678A"
    upn = upn_check_letter(twelve) + twelve
    assert classify_reference(upn.lower()) == ("", upn, "")
