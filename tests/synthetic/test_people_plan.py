"""The synthetic people plan: deterministic, realistic in shape, and with the mistakes search must find. These
tests need no database (the plan is pure Python)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import jellyfish
import pytest

from kindred.people.validators import is_valid_nhs_number, is_valid_upn
from kindred.synthetic.names import TRANSLITERATIONS
from kindred.synthetic.people_plan import PARENT_OR_CARER_KINDS, PeoplePlan, plan_people
from kindred.synthetic.typos import one_letter_typo, wrong_date_of_birth

REFERENCE = date(2026, 3, 31)


@pytest.fixture(scope="module")
def plan() -> PeoplePlan:
    return plan_people(seed=2026, children=300, reference_date=REFERENCE)


def test_plan_same_seed_gives_the_same_plan(plan: PeoplePlan) -> None:
    again = plan_people(seed=2026, children=300, reference_date=REFERENCE)
    assert again.digest() == plan.digest()


def test_plan_different_seeds_or_dates_give_different_plans(plan: PeoplePlan) -> None:
    assert plan_people(seed=2027, children=300, reference_date=REFERENCE).digest() != plan.digest()
    later = REFERENCE + timedelta(days=1)
    assert plan_people(seed=2026, children=300, reference_date=later).digest() != plan.digest()


def test_plan_has_the_number_of_children_asked_for(plan: PeoplePlan) -> None:
    assert len(plan.children) == 300
    assert len(plan_people(seed=5, children=7, reference_date=REFERENCE).children) == 7


GROUPS = {
    "white_british": ({"WBRI"}, 30, 62),
    "pakistani": ({"APKN"}, 4, 26),
    "other_asian": ({"AIND", "ABAN", "AOTH"}, 3, 22),
    "black": ({"BAFR", "BCRB", "BOTH"}, 2, 20),
    "mixed": ({"MWBC", "MWBA", "MWAS", "MOTH"}, 1.5, 18),
    "other_white": ({"WOTH", "WIRI", "WROM", "WIRT"}, 0.3, 14),
    "other": ({"CHNE", "OOTH", "NOBT", "REFU"}, 0.3, 12),
}


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_plan_ethnic_mix_is_within_sensible_bounds(seed: int) -> None:
    children = plan_people(seed=seed, children=300, reference_date=REFERENCE).children
    for group, (codes, low, high) in GROUPS.items():
        share = 100 * sum(c.ethnicity in codes for c in children) / len(children)
        assert low <= share <= high, (group, share)


def test_plan_children_are_0_to_17_or_unborn(plan: PeoplePlan) -> None:
    ages: Counter[str] = Counter()
    for child in plan.children:
        if child.is_unborn:
            assert (
                child.sex == "U" and child.expected_date_of_birth and child.expected_date_of_birth > REFERENCE
            )
            assert not child.first_name and not child.nhs_number
            continue
        assert child.date_of_birth and child.date_of_birth <= REFERENCE
        age = int((REFERENCE - child.date_of_birth).days // 365.25)
        assert 0 <= age <= 17
        ages["under 5" if age < 5 else "5-9" if age < 10 else "10-17"] += 1
    assert sum(c.is_unborn for c in plan.children) >= 2
    # Like the trust's caseload: 10-17s are the largest group, more than the under-5s.
    assert ages["10-17"] > ages["under 5"] and ages["10-17"] > ages["5-9"]


def test_plan_identifiers_are_valid_test_numbers_and_unique(plan: PeoplePlan) -> None:
    nhs = [p.nhs_number for p in plan.people if p.nhs_number]
    upns = [p.upn for p in plan.people if p.upn]
    assert len(nhs) > 300 and len(upns) > 150
    assert len(set(nhs)) == len(nhs) and len(set(upns)) == len(upns)
    assert all(n.startswith("999") and is_valid_nhs_number(n) for n in nhs)
    assert all(u[1:4] == "330" and is_valid_upn(u) for u in upns)
    for child in plan.children:
        assert bool(child.upn) != bool(child.upn_unknown_reason) or child.is_unborn


def test_plan_every_child_has_a_parent_or_carer(plan: PeoplePlan) -> None:
    cared_for = {r.to_key for r in plan.relationships if r.kind in PARENT_OR_CARER_KINDS}
    assert all(child.key in cared_for for child in plan.children)
    structures = Counter(f.structure for f in plan.families)
    assert {"together", "separated", "blended", "foster", "kinship", "special_guardianship"} <= set(
        structures
    )


def test_plan_has_the_whole_network(plan: PeoplePlan) -> None:
    kinds = Counter(r.kind for r in plan.relationships)
    for kind in (
        "parent", "step_parent", "sibling", "half_sibling", "grandparent", "aunt_uncle", "partner",
        "ex_partner", "foster_carer", "kinship_carer", "special_guardian", "teacher", "dsl", "gp",
        "health_visitor", "youth_worker", "police_officer", "friend",
    ):  # fmt: skip
        assert kinds[kind] > 0, kind
    professionals = [p for p in plan.people if p.role == "professional"]
    assert professionals and all(p.organisation and p.job_title for p in professionals)
    assert any(p.warnings for p in plan.people if p.role == "adult")
    assert any(kind == "previous" for p in plan.people for kind, *_ in p.other_names)
    disabled = [c for c in plan.children if any(code != "NONE" for code, _ in c.disabilities)]
    assert 0.05 < len(disabled) / len(plan.children) < 0.18
    assert any(("NONE", None) in c.disabilities for c in plan.children)


def test_plan_restricted_children_are_recorded_by_their_named_worker(plan: PeoplePlan) -> None:
    restricted = {p.key: p.recorded_by for p in plan.people if p.restricted}
    assert 2 <= len(restricted) <= 10
    assert all(plan.people[key].role == "child" for key in restricted)
    for rel in plan.relationships:
        for key in (rel.from_key, rel.to_key):
            if key in restricted:
                assert rel.recorded_by == restricted[key]


def test_plan_duplicates_have_a_misspelt_name_and_a_wrong_or_missing_date_of_birth(plan: PeoplePlan) -> None:
    assert len(plan.duplicates) == 15  # 5% of 300
    for d in plan.duplicates:
        original, duplicate = plan.people[d.original], plan.people[d.duplicate]
        assert original.role == "child" and duplicate.role == "duplicate"
        assert (
            getattr(duplicate, d.field) == d.duplicate_name != d.original_name == getattr(original, d.field)
        )
        if d.spelling == "transliteration":
            assert d.duplicate_name in TRANSLITERATIONS[d.original_name]
        else:
            assert jellyfish.damerau_levenshtein_distance(d.original_name, d.duplicate_name) == 1
        assert original.date_of_birth
        if d.dob_error == "missing":
            assert duplicate.date_of_birth is None
        elif d.dob_error == "day_month_swapped":
            assert duplicate.date_of_birth == date(
                original.date_of_birth.year, original.date_of_birth.day, original.date_of_birth.month
            )
        else:
            assert duplicate.date_of_birth
            assert abs((duplicate.date_of_birth - original.date_of_birth).days) == 1
        assert not duplicate.nhs_number and not duplicate.upn
        assert duplicate.recorded_by != original.recorded_by


@pytest.mark.parametrize("name", ["Li", "Mohammed", "O'Brien", "Siobhán", "Aaliyah", "Nguyen", "Jo"])
def test_one_letter_typo_is_one_edit_away(name: str) -> None:
    rng = random.Random(name)
    for _ in range(20):
        typo, kind = one_letter_typo(rng, name)
        assert typo != name and typo[0] == name[0], kind
        assert jellyfish.damerau_levenshtein_distance(name, typo) == 1, (typo, kind)


def test_wrong_date_of_birth_is_never_after_the_reference_date() -> None:
    rng = random.Random(1)
    for dob in (REFERENCE, date(2020, 3, 4), date(2019, 12, 31)):
        for _ in range(30):
            wrong, kind = wrong_date_of_birth(rng, dob, REFERENCE)
            assert (wrong is None) == (kind == "missing")
            assert wrong is None or (wrong != dob and wrong <= REFERENCE)
