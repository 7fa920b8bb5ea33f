"""Plan the synthetic trust's people: families, carers, professionals, friends and known duplicates.

Planning is pure Python (no database): the same seed and reference date give the same plan, byte for byte.
kindred.synthetic.people then records the plan through the people actions, as a worker would.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from kindred.synthetic import names as data
from kindred.synthetic.identifiers import Identifiers
from kindred.synthetic.names import FAMILY_GROUPS, HERITAGES, FamilyGroup, Heritage
from kindred.synthetic.organisation import LOCALITIES, STAFF_NAMES
from kindred.synthetic.typos import misspell, wrong_date_of_birth

T = TypeVar("T")

# Who records what (usernames of demo logins and synthetic staff: kindred.synthetic.organisation).
RECORDERS = (
    "frontdoor",
    "bahmed",
    "jfletcher",
    "socialworker",
    "noconnor",
    "lcampbell",
    "familyhelp",
    "rpatel",
)
PROFESSIONALS_RECORDED_BY = "frontdoor"
FOSTER_CARERS_RECORDED_BY = "kmensah"
# Restricted records are named to these workers in turn (the demo social worker can open half of them).
RESTRICTED_WORKERS = ("socialworker", "lcampbell")

# Partner organisations (names from kindred.synthetic.organisation.PARTNERS) and the invented DfE
# establishment numbers the schools' UPNs carry.
PRIMARY_SCHOOLS = {"Hollybank Primary School": "2417", "St Chad's Catholic Primary": "3402"}
SECONDARY_SCHOOLS = {"Canal Street Academy": "4105", "Moseley Park Secondary School": "4203"}
GIRLS_SCHOOL = ("Bordesley Green Girls' School", "4711")
OTHER_PRIMARY_ESTABLISHMENTS = ("2031", "2146", "2288", "2509", "3010")  # schools outside the demo partners
NURSERY = "Little Acorns Nursery"
GP_EAST = "Alum Rock Medical Centre"
GP_SOUTH = "Kings Heath Family Practice"
HEALTH = "City Community Health Trust"
POLICE = "West Midlands Police Public Protection Unit"
YOUTH = "Ladywood Youth Project"
HOUSING = "City Council Housing Options"
PROBATION = "Probation Service West Midlands"
CATHOLIC_HERITAGES = {"polish", "irish", "irish_traveller", "romanian", "roma"}

# Children worked with by age (a Birmingham pen portrait, per year of age): the index child's age.
AGE_WEIGHTS: dict[int, float] = {
    0: 400,
    1: 380,
    2: 380,
    3: 380,
    4: 380,
    5: 356,
    6: 356,
    7: 356,
    8: 356,
    9: 356,
}
AGE_WEIGHTS.update({age: 447 for age in range(10, 16)})
AGE_WEIGHTS.update({16: 400, 17: 400})
# Younger brothers and sisters and new babies join the index child, so the index child is drawn a little
# older than the profile: the children as a whole then match it (10-15 the largest group).
AGE_WEIGHTS.update({age: w * 1.15 for age, w in AGE_WEIGHTS.items() if age >= 12})

STRUCTURES = (
    ("together", 33),
    ("separated", 27),
    ("blended", 14),
    ("single_father", 4),
    ("father_unknown", 4),
    ("kinship", 6),
    ("special_guardianship", 3),
    ("foster", 9),
)
FAMILY_SIZES = ((1, 38), (2, 30), (3, 18), (4, 9), (5, 4), (6, 1))
LARGE_FAMILY_SIZES = ((1, 24), (2, 27), (3, 22), (4, 14), (5, 9), (6, 4))

DISABILITY_CODES = (
    ("AUT", 30),
    ("LD", 20),
    ("COMM", 15),
    ("BEH", 12),
    ("MOB", 6),
    ("HEAR", 5),
    ("VIS", 4),
    ("PC", 3),
    ("HAND", 2),
    ("INC", 2),
    ("CON", 2),
    ("DDA", 5),
)

PARENT_OR_CARER_KINDS = ("parent", "step_parent", "foster_carer", "kinship_carer", "special_guardian")


@dataclass
class AddressPlan:
    line1: str
    line2: str
    town: str
    postcode: str
    start_date: date | None


@dataclass
class Home:
    """A household's address history, oldest first. Everyone who lives there gets their own dated rows."""

    addresses: list[AddressPlan]

    def history(self, since: date | None = None, until: date | None = None) -> list[AddressPlan]:
        """The addresses lived at from `since` (clipped to it) and starting before `until`."""
        rows: list[AddressPlan] = []
        for i, address in enumerate(self.addresses):
            start = address.start_date
            next_start = self.addresses[i + 1].start_date if i + 1 < len(self.addresses) else None
            if since and next_start and next_start <= since:
                continue
            if until and start and start >= until:
                continue
            if since and (start is None or start < since):
                start = since
            rows.append(AddressPlan(address.line1, address.line2, address.town, address.postcode, start))
        return rows


@dataclass
class PersonPlan:
    key: int
    role: str  # child | adult | professional | duplicate
    family: int | None
    recorded_by: str
    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    sex: str = "U"
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    date_of_death: date | None = None
    ethnicity: str = "NOBT"
    first_language: str = ""
    interpreter_needed: bool = False
    religion: str = ""
    nhs_number: str = ""
    upn: str = ""
    upn_unknown_reason: str = ""
    job_title: str = ""
    organisation: str | None = None
    restricted: bool = False
    heritage: str = ""
    addresses: list[AddressPlan] = field(default_factory=list)
    # (kind, first name, last name, start, end)
    other_names: list[tuple[str, str, str, date | None, date | None]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    contact_details: list[tuple[str, str, str]] = field(default_factory=list)
    disabilities: list[tuple[str, date | None]] = field(default_factory=list)
    warnings: list[tuple[str, date]] = field(default_factory=list)

    PERSON_FIELDS = (
        "first_name",
        "middle_names",
        "last_name",
        "sex",
        "date_of_birth",
        "expected_date_of_birth",
        "date_of_death",
        "ethnicity",
        "first_language",
        "interpreter_needed",
        "religion",
        "nhs_number",
        "upn",
        "upn_unknown_reason",
        "job_title",
    )

    def person_fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.PERSON_FIELDS}

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or "Unborn baby"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


@dataclass
class RelationshipPlan:
    from_key: int
    to_key: int
    kind: str
    recorded_by: str
    family: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    parental_responsibility: bool = False
    lives_with: bool = False
    contact_restriction: str = ""
    note: str = ""


@dataclass
class DuplicatePlan:
    original: int
    duplicate: int
    field: str  # the misspelt name: first_name or last_name
    original_name: str
    duplicate_name: str
    spelling: str  # transliteration, substitution, doubling, deletion, transposition
    dob_error: str  # day_month_swapped, plus_one_day, minus_one_day, missing


@dataclass
class FamilyPlan:
    key: int
    group: str
    structure: str
    recorded_by: str
    children: list[int] = field(default_factory=list)
    adults: list[int] = field(default_factory=list)
    restricted_to: str | None = None


@dataclass
class PeoplePlan:
    seed: int
    reference_date: date
    people: list[PersonPlan]
    relationships: list[RelationshipPlan]
    families: list[FamilyPlan]
    duplicates: list[DuplicatePlan]

    @property
    def children(self) -> list[PersonPlan]:
        return [p for p in self.people if p.role == "child"]

    def usernames(self) -> set[str]:
        return {p.recorded_by for p in self.people} | {r.recorded_by for r in self.relationships}

    def digest(self) -> str:
        """A fingerprint of everything planned: equal plans, equal digests."""
        h = hashlib.sha256()
        for p in self.people:
            h.update(repr(sorted(vars(p).items())).encode())
        for r in self.relationships:
            h.update(repr(sorted(vars(r).items())).encode())
        for d in self.duplicates:
            h.update(repr(sorted(vars(d).items())).encode())
        return h.hexdigest()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class PeoplePlanner:
    """Plans families one at a time until the number of children is reached, then the shared people
    (professionals, foster carers), friendships, restricted records and known duplicates."""

    def __init__(self, *, seed: int, children: int, reference_date: date) -> None:
        if children < 1:
            raise ValueError("Plan at least one child")
        self.seed = seed
        self.target = children
        self.ref = reference_date
        self.rng = random.Random(f"kindred-synthetic:{seed}:people")
        self.ids = Identifiers(random.Random(f"kindred-synthetic:{seed}:people:identifiers"))
        self.people: list[PersonPlan] = []
        self.relationships: list[RelationshipPlan] = []
        self.families: list[FamilyPlan] = []
        self.duplicates: list[DuplicatePlan] = []
        self.children_planned = 0
        self.unborn_quota = max(1, round(children * 0.015))
        self.unborn_planned = 0
        self.districts = tuple(d for ds in LOCALITIES.values() for d in ds.split())
        self.professionals: dict[str, list[PersonPlan]] = {}
        self.foster_homes: list[tuple[list[PersonPlan], Home, int, list[int]]] = []
        self.family: FamilyPlan | None = None
        self.group: FamilyGroup = FAMILY_GROUPS[0]
        # Families are drawn so that *children* follow the groups' weights: larger families, fewer draws.
        self.group_weights = [(g, g.weight / self.mean_family_size(g)) for g in FAMILY_GROUPS]

    @staticmethod
    def mean_family_size(group: FamilyGroup) -> float:
        large = any(HERITAGES[k].large_families for pair in group.pairs for k in pair)
        sizes = LARGE_FAMILY_SIZES if large else FAMILY_SIZES
        return sum(n * w for n, w in sizes) / sum(w for _, w in sizes)

    # --- Small helpers ------------------------------------------------------------------------------------

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def dob_for_age(self, age: int) -> date:
        latest = years_before(self.ref, age)
        earliest = years_before(self.ref, age + 1) + timedelta(days=1)
        return self.between(earliest, latest)

    def age_on(self, dob: date) -> int:
        return self.ref.year - dob.year - ((self.ref.month, self.ref.day) < (dob.month, dob.day))

    @staticmethod
    def surname_for(surname: str, sex: str, heritage: Heritage) -> str:
        if heritage.gendered_surnames and sex == "F":
            for male, female in (("dzki", "dzka"), ("cki", "cka"), ("ski", "ska")):
                if surname.endswith(male):
                    return surname[: -len(male)] + female
        return surname

    def first_name(self, heritage: Heritage, sex: str, generation: str, avoid: Sequence[str] = ()) -> str:
        if generation == "child":
            pool = heritage.boys if sex == "M" else heritage.girls
        elif generation == "older":
            pool = (
                (heritage.older_men or heritage.men)
                if sex == "M"
                else (heritage.older_women or heritage.women)
            )
        else:
            pool = heritage.men if sex == "M" else heritage.women
        choices = [n for n in pool if n not in avoid] or list(pool)
        return self.rng.choice(choices)

    def new_person(self, role: str, **fields: object) -> PersonPlan:
        family = self.family.key if self.family and role != "professional" else None
        recorded_by = str(fields.pop("recorded_by", self.family.recorded_by if self.family else "frontdoor"))
        person = PersonPlan(key=len(self.people), role=role, family=family, recorded_by=recorded_by)
        for name, value in fields.items():
            setattr(person, name, value)
        if (person.first_name, person.last_name) in STAFF_NAMES:
            person.last_name = self.rng.choice(HERITAGES[person.heritage or "white_british"].surnames)
        self.people.append(person)
        if self.family and role in ("child", "adult"):
            (self.family.children if role == "child" else self.family.adults).append(person.key)
        return person

    def relate(self, a: PersonPlan, b: PersonPlan, kind: str, **fields: object) -> RelationshipPlan:
        rel = RelationshipPlan(
            from_key=a.key,
            to_key=b.key,
            kind=kind,
            recorded_by=self.family.recorded_by if self.family else PROFESSIONALS_RECORDED_BY,
            family=self.family.key if self.family else None,
        )
        for name, value in fields.items():
            setattr(rel, name, value)
        self.relationships.append(rel)
        return rel

    # --- Places -------------------------------------------------------------------------------------------

    def district(self, heritage: Heritage) -> str:
        preferred = [d for d in heritage.districts if d in self.districts]
        if preferred and self.chance(0.75):
            return self.rng.choice(preferred)
        return self.rng.choice(self.districts)

    def address(self, district: str, start: date | None) -> AddressPlan:
        street = f"{self.rng.choice(data.STREET_STEMS)} {self.rng.choice(data.STREET_SUFFIXES)}"
        postcode = (
            f"{district} {self.rng.randrange(1, 10)}"
            f"{self.rng.choice(data.POSTCODE_UNIT_LETTERS)}{self.rng.choice(data.POSTCODE_UNIT_LETTERS)}"
        )
        town = data.DISTRICT_TOWNS.get(district, "Birmingham")
        if self.chance(0.18):
            block = f"{self.rng.choice(data.STREET_STEMS)} {self.rng.choice(data.BLOCK_SUFFIXES)}"
            return AddressPlan(f"Flat {self.rng.randrange(1, 60)}, {block}", street, town, postcode, start)
        return AddressPlan(f"{self.rng.randrange(1, 240)} {street}", "", town, postcode, start)

    def home(self, heritage: Heritage, settled_since: date, moves: int | None = None) -> Home:
        """An address history from settled_since (when the household began) with `moves` moves since."""
        if moves is None:
            moves = self.pick(((0, 50), (1, 30), (2, 15), (3, 5)))
        district = self.district(heritage)
        latest = self.ref - timedelta(days=30)
        first = min(self.between(settled_since, settled_since + timedelta(days=120)), latest)
        starts = [first, *sorted({self.between(first + timedelta(days=1), latest) for _ in range(moves)})]
        addresses = []
        for start in starts:
            if self.chance(0.3):
                district = self.district(heritage)
            addresses.append(self.address(district, start))
        return Home(addresses)

    # --- People -------------------------------------------------------------------------------------------

    def language(self, heritage: Heritage, child: bool) -> tuple[str, bool]:
        language = self.pick(heritage.child_languages if child else heritage.adult_languages)
        interpreter = not child and language != "English" and self.chance(0.35)
        return language, interpreter

    def adult(
        self,
        heritage: Heritage,
        sex: str,
        age: int,
        last_name: str,
        *,
        generation: str = "adult",
        nhs_chance: float = 0.7,
        recorded_by: str | None = None,
        ethnicity: str | None = None,
        role: str = "adult",
    ) -> PersonPlan:
        language, interpreter = self.language(heritage, child=False)
        extra: dict[str, object] = {} if recorded_by is None else {"recorded_by": recorded_by}
        dob = self.dob_for_age(age) if self.chance(0.95) else None
        person = self.new_person(
            role,
            heritage=heritage.key,
            first_name=self.first_name(heritage, sex, generation),
            last_name=last_name,
            sex=sex,
            date_of_birth=dob,
            ethnicity=ethnicity or heritage.ethnicity,
            first_language=language,
            interpreter_needed=interpreter,
            religion=self.pick(heritage.religions),
            nhs_number=self.ids.nhs_number() if dob and self.chance(nhs_chance) else "",
            **extra,
        )
        if heritage.customary_middle_chance and self.chance(heritage.customary_middle_chance):
            middles = heritage.male_middle if sex == "M" else heritage.female_middle
            if middles:
                person.middle_names = self.rng.choice(middles)
        if self.chance(0.75):
            person.contact_details.append(("mobile", self.ids.mobile(), ""))
        if self.chance(0.2):
            person.contact_details.append(("email", self.ids.email(person.first_name, last_name), ""))
        if self.chance(0.15):
            person.identifiers.append(("previous_system", self.ids.legacy_id()))
        nickname = data.NICKNAMES.get(person.first_name)
        if nickname and self.chance(0.15):
            person.other_names.append(("preferred", nickname, last_name, None, None))
        elif self.chance(0.03):
            alias = self.first_name(heritage, sex, generation, avoid=[person.first_name])
            person.other_names.append(("alias", alias, last_name, None, None))
        return person

    def child(
        self,
        mother_h: Heritage,
        father_h: Heritage | None,
        group: FamilyGroup,
        dob: date,
        last_name: str,
        avoid: Sequence[str],
        upbringing: tuple[str, str] | None = None,
    ) -> PersonPlan:
        """A child of these parents. `upbringing` is the family's (first language, religion): brothers and
        sisters mostly share them."""
        sex = "M" if self.chance(0.51) else "F"
        named_from = self.rng.choice([h for h in (mother_h, father_h) if h is not None])
        if upbringing is None:
            upbringing = self.upbringing(mother_h, father_h)
        language, religion = upbringing
        if self.chance(0.1):
            language = "English"
        person = self.new_person(
            "child",
            heritage=named_from.key,
            first_name=self.first_name(named_from, sex, "child", avoid),
            last_name=self.surname_for(last_name, sex, named_from),
            sex=sex,
            date_of_birth=dob,
            ethnicity=group.recorded or data.child_ethnicity(mother_h, father_h),
            first_language=language,
            religion=religion,
            nhs_number=self.ids.nhs_number() if self.chance(0.95) else "",
        )
        if named_from.customary_middle_chance and self.chance(named_from.customary_middle_chance):
            middles = named_from.male_middle if sex == "M" else named_from.female_middle
            if middles:
                person.middle_names = self.rng.choice(middles)
        elif self.chance(0.35):
            person.middle_names = self.first_name(named_from, sex, "child", [person.first_name])
        self.schooling(person)
        if self.chance(0.5):
            person.identifiers.append(("previous_system", self.ids.legacy_id()))
        nickname = data.NICKNAMES.get(person.first_name)
        if nickname and self.age_on(dob) >= 8 and self.chance(0.4):
            person.other_names.append(("preferred", nickname, person.last_name, None, None))
        self.disabilities(person)
        self.children_planned += 1
        return person

    def upbringing(self, mother_h: Heritage, father_h: Heritage | None) -> tuple[str, str]:
        mixed = father_h is not None and father_h.key != mother_h.key
        language, _ = self.language(data.WHITE_BRITISH if mixed else mother_h, child=True)
        religion = self.pick(self.rng.choice([h for h in (mother_h, father_h) if h is not None]).religions)
        return language, religion

    def schooling(self, child: PersonPlan) -> None:
        """UPN (or the reason there is none) from the child's school career."""
        assert child.date_of_birth
        age = self.age_on(child.date_of_birth)
        school_age = age >= 5 or (age == 4 and child.date_of_birth.month >= 9)
        if not school_age:
            child.upn_unknown_reason = "UN1"
            return
        if self.chance(0.06):
            child.upn_unknown_reason = self.pick((("UN4", 3), ("UN3", 1), ("UN2", 1)))
            return
        reception = date(child.date_of_birth.year + 4 + (child.date_of_birth.month >= 9), 9, 1)
        establishment = (
            self.rng.choice(list(PRIMARY_SCHOOLS.values()))
            if self.chance(0.6)
            else self.rng.choice(OTHER_PRIMARY_ESTABLISHMENTS)
        )
        child.upn = self.ids.upn(establishment, min(reception, self.ref))

    def disabilities(self, child: PersonPlan) -> None:
        assert child.date_of_birth
        age = self.age_on(child.date_of_birth)
        if age >= 1 and self.chance(0.11):
            count = self.pick(((1, 60), (2, 30), (3, 10)))
            codes: list[str] = []
            while len(codes) < count:
                code = self.pick(DISABILITY_CODES)
                if code not in codes:
                    codes.append(code)
            for code in codes:
                start = self.between(child.date_of_birth + timedelta(days=180), self.ref)
                child.disabilities.append((code, start if start <= self.ref else None))
        elif self.chance(0.3):
            child.disabilities.append(("NONE", None))

    def sibling_dobs(self, n: int, twins_ok: bool = True) -> list[date]:
        """Dates of birth for n siblings around an index child whose age follows the trust's age profile.
        Older siblings who are now adults are kept (they are recorded as adult siblings)."""
        anchor = self.dob_for_age(self.pick(list(AGE_WEIGHTS.items())))
        position = self.rng.randrange(n)
        dobs = [anchor]
        for _ in range(position):  # older
            gap = 0 if twins_ok and self.chance(0.03) else int(self.rng.triangular(330, 2000, 700))
            dobs.insert(0, dobs[0] - timedelta(days=gap))
        for _ in range(n - position - 1):  # younger
            gap = 0 if twins_ok and self.chance(0.03) else int(self.rng.triangular(330, 2000, 700))
            nxt = dobs[-1] + timedelta(days=gap)
            if nxt > self.ref:
                break
            dobs.append(nxt)
        return [d for d in dobs if self.age_on(d) <= 24]

    # --- Families -----------------------------------------------------------------------------------------

    def plan(self) -> PeoplePlan:
        self.plan_professionals()
        while self.children_planned < self.target:
            self.plan_family()
        self.family = None
        self.plan_friends()
        self.plan_restricted()
        self.plan_duplicates()
        return PeoplePlan(
            seed=self.seed,
            reference_date=self.ref,
            people=self.people,
            relationships=self.relationships,
            families=self.families,
            duplicates=self.duplicates,
        )

    def plan_family(self) -> None:
        group = self.group = self.pick(self.group_weights)
        mother_key, father_key = self.rng.choice(group.pairs)
        mother_h, father_h = HERITAGES[mother_key], HERITAGES[father_key]
        structure = self.pick(STRUCTURES)
        self.family = FamilyPlan(
            key=len(self.families),
            group=group.key,
            structure=structure,
            recorded_by=self.rng.choice(RECORDERS),
        )
        self.families.append(self.family)
        large = mother_h.large_families or father_h.large_families
        size = self.pick(LARGE_FAMILY_SIZES if large else FAMILY_SIZES)
        size = max(1, min(size, self.target - self.children_planned))
        dobs = self.sibling_dobs(size)
        first_born = dobs[0]

        # Parents.
        mother_age_at_first = int(self.rng.triangular(17, 40, 25))
        mother_dob = self.dob_for_age(self.age_on(first_born) + mother_age_at_first)
        mother_age = self.age_on(mother_dob)
        father_known = structure != "father_unknown"
        father_age = max(18, mother_age + int(self.rng.triangular(-3, 12, 2)))
        father_surname = self.rng.choice(father_h.surnames)
        birth_surname = self.surname_for(self.rng.choice(mother_h.surnames), "F", mother_h)
        if mother_h.female_surnames and self.chance(mother_h.female_surname_chance):
            birth_surname = self.rng.choice(mother_h.female_surnames)
        married = father_known and self.chance(0.6 if structure == "together" else 0.35)
        takes_name = married and self.chance(mother_h.takes_husbands_name)
        mother_surname = self.surname_for(father_surname, "F", mother_h) if takes_name else birth_surname
        together_since = self.between(years_before(first_born, 6), first_born - timedelta(days=300))

        mother = self.adult(mother_h, "F", mother_age, mother_surname, nhs_chance=0.85)
        mother.date_of_birth = mother_dob
        if takes_name and birth_surname != mother_surname and self.chance(0.35):
            mother.other_names.append(("previous", mother.first_name, birth_surname, None, together_since))
        father: PersonPlan | None = None
        if father_known:
            father = self.adult(father_h, "M", father_age, father_surname, nhs_chance=0.6)
        if father_h.patronymic and father is not None:
            children_surname = father.first_name
        elif father is None:
            children_surname = mother_surname
        elif married or self.chance(0.7):
            children_surname = father_surname
        else:
            children_surname = mother_surname

        # Children (and adult siblings).
        children: list[PersonPlan] = []
        adult_siblings: list[PersonPlan] = []
        upbringing = self.upbringing(mother_h, father_h if father else None)
        for dob in dobs:
            if self.age_on(dob) >= 18:
                sib_h = self.rng.choice([mother_h, father_h])
                sex = "M" if self.chance(0.5) else "F"
                sibling = self.adult(
                    sib_h, sex, self.age_on(dob), self.surname_for(children_surname, sex, sib_h)
                )
                sibling.first_name = self.first_name(sib_h, sex, "child")
                sibling.date_of_birth = dob
                sibling.other_names.clear()
                sibling.ethnicity = group.recorded or data.child_ethnicity(
                    mother_h, father_h if father else None
                )
                adult_siblings.append(sibling)
                continue
            avoid = [c.first_name for c in children]
            children.append(
                self.child(
                    mother_h, father_h if father else None, group, dob, children_surname, avoid, upbringing
                )
            )

        family_home = self.home(mother_h, together_since)
        youngest = max(c.date_of_birth for c in children if c.date_of_birth)
        separated_on = self.between(youngest, self.ref - timedelta(days=60))

        # Parents' relationships and homes.
        mother_pr = True
        father_pr = married or self.chance(0.8)
        lives_with_mother = structure in ("together", "separated", "blended", "father_unknown")
        lives_with_father = structure in ("together", "single_father")
        mother_deceased = structure in ("kinship", "special_guardianship", "single_father") and self.chance(
            0.12
        )
        if mother_deceased:
            mother.date_of_death = self.between(youngest, self.ref - timedelta(days=90))
        if structure in ("together",):
            self.set_home(mother, family_home)
            if father:
                self.set_home(father, family_home)
                self.relate(mother, father, "partner", lives_with=True, start_date=together_since)
        else:
            # The parent who left lived at the family home until the separation, then somewhere new.
            if structure == "single_father":
                self.set_home(mother, family_home, until=separated_on)
                if not mother_deceased:
                    mother.addresses.extend(self.home(mother_h, separated_on, 0).history())
            elif not mother_deceased:
                self.set_home(mother, family_home)
            if father:
                if structure == "single_father":
                    self.set_home(father, family_home)
                else:
                    self.set_home(father, family_home, until=separated_on)
                    father.addresses.extend(self.home(father_h, separated_on, 1).history())
                restriction = self.rng.choice(data.CONTACT_RESTRICTIONS) if self.chance(0.08) else ""
                self.relate(mother, father, "ex_partner", contact_restriction=restriction)
                if self.chance(0.25):
                    self.fathers_new_family(father, father_h, children, separated_on)
        for child in children:
            assert child.date_of_birth
            self.relate(
                mother, child, "parent", parental_responsibility=mother_pr, lives_with=lives_with_mother
            )
            if father:
                restriction = ""
                if structure != "together" and self.chance(0.06):
                    restriction = self.rng.choice(data.CONTACT_RESTRICTIONS)
                self.relate(
                    father,
                    child,
                    "parent",
                    parental_responsibility=father_pr,
                    lives_with=lives_with_father,
                    contact_restriction=restriction,
                )
        for sibling in adult_siblings:
            self.relate(mother, sibling, "parent", lives_with=self.chance(0.5) and lives_with_mother)
            if father:
                self.relate(father, sibling, "parent")
            self.set_home(
                sibling, family_home if self.chance(0.5) else self.home(mother_h, years_before(self.ref, 6))
            )
        full_siblings = adult_siblings + children
        for i, a in enumerate(full_siblings):
            for b in full_siblings[i + 1 :]:
                self.relate(a, b, "sibling", lives_with=a.role == b.role == "child")

        # Where the children live.
        if structure == "blended":
            self.blended(mother, children, family_home, mother_h, group, separated_on)
        if structure in ("kinship", "special_guardianship"):
            self.kinship(mother, father, children, family_home, mother_h, structure)
        elif structure == "foster":
            self.foster(children, family_home, mother_h)
        else:
            for child in children:
                self.set_home(child, family_home)

        self.unborn(
            mother, father if structure == "together" else None, children, group, mother_h, lives_with_mother
        )
        self.extended_family(mother, father, children, mother_h, father_h, birth_surname, father_surname)
        self.family_professionals(mother, father, children, family_home)
        for adult in (mother, father):
            if adult and not adult.date_of_death and self.chance(0.05):
                text = self.rng.choice(data.STAFF_SAFETY_WARNINGS)
                adult.warnings.append((text, self.ref + timedelta(days=self.rng.randrange(30, 180))))

    def set_home(self, person: PersonPlan, home: Home, until: date | None = None) -> None:
        since = person.date_of_birth
        person.addresses.extend(home.history(since, until))

    def fathers_new_family(
        self, father: PersonPlan, father_h: Heritage, children: list[PersonPlan], since: date
    ) -> None:
        """The father's new partner, and sometimes their child: a half-sibling living elsewhere."""
        partner_h = father_h if self.chance(0.8) else data.WHITE_BRITISH
        partner_age = max(18, (self.age_on(father.date_of_birth) if father.date_of_birth else 35) - 3)
        partner = self.adult(partner_h, "F", partner_age, self.rng.choice(partner_h.surnames))
        partner.addresses = [
            AddressPlan(a.line1, a.line2, a.town, a.postcode, a.start_date)
            for a in father.addresses
            if a.start_date and a.start_date >= since
        ]
        self.relate(father, partner, "partner", lives_with=True, start_date=since)
        if (
            self.children_planned < self.target
            and since < self.ref - timedelta(days=400)
            and self.chance(0.5)
        ):
            dob = self.between(since + timedelta(days=300), self.ref)
            half = self.child(
                partner_h,
                father_h,
                self.group,
                dob,
                father.first_name if father_h.patronymic else father.last_name,
                [c.first_name for c in children],
            )
            half.addresses = [
                AddressPlan(a.line1, a.line2, a.town, a.postcode, max(a.start_date or dob, dob))
                for a in father.addresses[-1:]
            ]
            self.relate(father, half, "parent", parental_responsibility=True, lives_with=True)
            self.relate(partner, half, "parent", parental_responsibility=True, lives_with=True)
            for child in children:
                self.relate(half, child, "half_sibling")

    def blended(
        self,
        mother: PersonPlan,
        children: list[PersonPlan],
        home: Home,
        mother_h: Heritage,
        group: FamilyGroup,
        separated_on: date,
    ) -> None:
        """Mother's new partner lives with the family; sometimes they have a baby, sometimes the partner has
        a child of their own living elsewhere."""
        partner_h = mother_h if self.chance(0.75) else self.rng.choice(list(HERITAGES.values()))
        mother_age = self.age_on(mother.date_of_birth) if mother.date_of_birth else 30
        partner_surname = self.rng.choice([n for n in partner_h.surnames if n != children[0].last_name])
        partner = self.adult(partner_h, "M", max(18, mother_age + self.rng.randrange(-4, 9)), partner_surname)
        since = self.between(separated_on, self.ref - timedelta(days=30))
        partner.addresses = home.history(since)
        self.relate(mother, partner, "partner", lives_with=True, start_date=since)
        for child in children:
            self.relate(
                partner,
                child,
                "step_parent",
                lives_with=True,
                start_date=since,
                parental_responsibility=self.chance(0.05),
            )
        if self.chance(0.15):  # the children took the partner's surname
            for child in children:
                old = child.last_name
                child.last_name = self.surname_for(partner_surname, child.sex, partner_h)
                if old != child.last_name:
                    child.other_names.append(("previous", child.first_name, old, None, since))
        if (
            self.children_planned < self.target
            and since < self.ref - timedelta(days=330)
            and self.chance(0.5)
        ):
            dob = self.between(since + timedelta(days=300), self.ref)
            baby = self.child(
                mother_h, partner_h, group, dob, partner_surname, [c.first_name for c in children]
            )
            self.set_home(baby, home)
            self.relate(mother, baby, "parent", parental_responsibility=True, lives_with=True)
            self.relate(partner, baby, "parent", parental_responsibility=True, lives_with=True)
            for child in children:
                self.relate(baby, child, "half_sibling", lives_with=True)
        if self.children_planned < self.target and self.chance(0.2):
            dob = self.dob_for_age(self.rng.randrange(2, 15))
            step_child = self.child(partner_h, partner_h, group, dob, partner_surname, [])
            step_child.ethnicity = partner_h.ethnicity
            self.set_home(step_child, self.home(partner_h, dob))
            self.relate(partner, step_child, "parent", parental_responsibility=True)
            for child in children:
                self.relate(step_child, child, "step_sibling")

    def kinship(
        self,
        mother: PersonPlan,
        father: PersonPlan | None,
        children: list[PersonPlan],
        family_home: Home,
        mother_h: Heritage,
        structure: str,
    ) -> None:
        """The children live with a grandparent or an aunt, as kinship carers or special guardians."""
        mother_age = self.age_on(mother.date_of_birth) if mother.date_of_birth else 30
        birth_surname = next((n[2] for n in mother.other_names if n[0] == "previous"), mother.last_name)
        carers: list[PersonPlan] = []
        if self.chance(0.7):
            age = mother_age + int(self.rng.triangular(18, 36, 24))
            nan = self.adult(mother_h, "F", age, birth_surname, generation="older", nhs_chance=0.6)
            carers.append(nan)
            self.relate(nan, mother, "parent")
            family_kind = "grandparent"
            if self.chance(0.5):
                grandad = self.adult(
                    mother_h, "M", age + self.rng.randrange(0, 6), birth_surname, generation="older"
                )
                carers.append(grandad)
                self.relate(nan, grandad, "partner", lives_with=True)
                self.relate(grandad, mother, "parent")
        else:
            age = max(20, mother_age + self.rng.randrange(-8, 9))
            aunt = self.adult(mother_h, "F", age, birth_surname)
            carers.append(aunt)
            self.relate(aunt, mother, "sibling")
            family_kind = "aunt_uncle"
        carer_home = self.home(mother_h, years_before(self.ref, 15), 0)
        start = max(
            (c.date_of_birth for c in children if c.date_of_birth),
            default=self.ref,
        )
        placed = self.between(max(start, years_before(self.ref, 5)), self.ref - timedelta(days=21))
        if mother.date_of_death:
            placed = max(placed, mother.date_of_death)
        kind = "special_guardian" if structure == "special_guardianship" else "kinship_carer"
        for carer in carers:
            self.set_home(carer, carer_home)
            for child in children:
                self.relate(carer, child, family_kind)
                self.relate(
                    carer,
                    child,
                    kind,
                    lives_with=True,
                    start_date=placed,
                    parental_responsibility=kind == "special_guardian",
                )
        for child in children:
            self.set_home(child, family_home, until=placed)
            child.addresses.extend(carer_home.history(placed))
        if father and self.chance(0.2):
            rel = next(
                r for r in self.relationships if r.from_key == father.key and r.to_key == children[0].key
            )
            rel.contact_restriction = rel.contact_restriction or data.CONTACT_RESTRICTIONS[1]

    def foster(self, children: list[PersonPlan], family_home: Home, mother_h: Heritage) -> None:
        """The children are looked after and live with foster carers; siblings together when there's room."""
        youngest = max(c.date_of_birth for c in children if c.date_of_birth)
        placed = self.between(max(youngest, years_before(self.ref, 4)), self.ref - timedelta(days=14))
        together = len(children) == 1 or self.chance(0.6)
        groups = [children] if together else [[c] for c in children]
        for group in groups:
            carers, home = self.foster_home(len(group), mother_h)
            for child in group:
                assert child.date_of_birth
                previous_start: date | None = None
                if self.chance(0.3) and placed - child.date_of_birth > timedelta(days=200):
                    earliest = max(child.date_of_birth, years_before(placed, 3))
                    previous_start = self.between(earliest, placed - timedelta(days=60))
                    old_carers, old_home = self.foster_home(1, mother_h)
                    self.set_home(child, family_home, until=previous_start)
                    child.addresses.extend(old_home.history(previous_start, until=placed))
                    for carer in old_carers:
                        self.relate(
                            carer,
                            child,
                            "foster_carer",
                            start_date=previous_start,
                            end_date=placed - timedelta(days=1),
                        )
                else:
                    self.set_home(child, family_home, until=placed)
                child.addresses.extend(home.history(placed))
                for carer in carers:
                    self.relate(carer, child, "foster_carer", lives_with=True, start_date=placed)

    def foster_home(self, places: int, child_heritage: Heritage) -> tuple[list[PersonPlan], Home]:
        for existing, existing_home, capacity, placed in self.foster_homes:
            if capacity - len(placed) >= places and self.chance(0.7):
                placed.extend([0] * places)
                return existing, existing_home
        heritage = (
            child_heritage
            if self.chance(0.4)
            else self.pick([(HERITAGES[g.pairs[0][0]], g.weight) for g in FAMILY_GROUPS])
        )
        surname = self.rng.choice(heritage.surnames)
        age = self.rng.randrange(35, 66)
        carers: list[PersonPlan] = []
        shape = self.pick((("couple", 65), ("woman", 30), ("man", 5)))
        for sex in ("F", "M") if shape == "couple" else (("F",) if shape == "woman" else ("M",)):
            carer = self.adult(
                heritage,
                sex,
                age + self.rng.randrange(-3, 4),
                self.surname_for(surname, sex, heritage),
                recorded_by=FOSTER_CARERS_RECORDED_BY,
                nhs_chance=0.6,
            )
            carer.family = None
            if self.family and carer.key in self.family.adults:
                self.family.adults.remove(carer.key)
            if not any(kind == "email" for kind, _, _ in carer.contact_details):
                carer.contact_details.append(("email", self.ids.email(carer.first_name, carer.last_name), ""))
            carers.append(carer)
        home = self.home(heritage, years_before(self.ref, 20), 0)
        for carer in carers:
            carer.addresses = home.history(carer.date_of_birth)
        if len(carers) == 2:
            rel = self.relate(carers[0], carers[1], "partner", lives_with=True)
            rel.recorded_by, rel.family = FOSTER_CARERS_RECORDED_BY, None
        capacity = max(places, self.pick(((1, 20), (2, 35), (3, 30), (4, 15))))
        self.foster_homes.append((carers, home, capacity, [0] * places))
        return carers, home

    def unborn(
        self,
        mother: PersonPlan,
        father: PersonPlan | None,
        children: list[PersonPlan],
        group: FamilyGroup,
        mother_h: Heritage,
        siblings_live_with: bool,
    ) -> None:
        """A pre-birth assessment: the mother is expecting. Sex is recorded as U (CIN census rule 8750)."""
        if self.unborn_planned >= self.unborn_quota or self.children_planned >= self.target:
            return
        if mother.date_of_death or not mother.date_of_birth or self.age_on(mother.date_of_birth) > 42:
            return
        remaining = self.target - self.children_planned
        likely = self.chance(0.05) or remaining <= (self.unborn_quota - self.unborn_planned) * 3
        if not likely:
            return
        last_name = children[0].last_name if father else mother.last_name
        baby = self.new_person(
            "child",
            heritage=mother_h.key,
            last_name=last_name,
            sex="U",
            expected_date_of_birth=self.ref + timedelta(days=self.rng.randrange(14, 200)),
            ethnicity=children[0].ethnicity if father else (group.recorded or mother_h.ethnicity),
        )
        baby.addresses = [
            AddressPlan(a.line1, a.line2, a.town, a.postcode, None) for a in mother.addresses[-1:]
        ]
        self.children_planned += 1
        self.unborn_planned += 1
        self.relate(mother, baby, "parent", parental_responsibility=True, lives_with=True)
        if father:
            self.relate(father, baby, "parent", parental_responsibility=True, lives_with=True)
        for child in children:
            self.relate(child, baby, "sibling", lives_with=siblings_live_with)

    def extended_family(
        self,
        mother: PersonPlan,
        father: PersonPlan | None,
        children: list[PersonPlan],
        mother_h: Heritage,
        father_h: Heritage,
        birth_surname: str,
        father_surname: str,
    ) -> None:
        """Grandparents and aunts or uncles who matter to the children."""
        already = {
            r.from_key for r in self.relationships if r.kind == "grandparent" and r.to_key == children[0].key
        }
        sides: list[tuple[PersonPlan, Heritage, str]] = [(mother, mother_h, birth_surname)]
        if father:
            sides.append((father, father_h, father_surname))
        for i, (parent, heritage, surname) in enumerate(sides):
            if already and i == 0:
                continue
            if not self.chance(0.45 if i == 0 else 0.2):
                continue
            parent_age = self.age_on(parent.date_of_birth) if parent.date_of_birth else 30
            age = parent_age + int(self.rng.triangular(18, 38, 25))
            if age > 95:
                continue
            grandparents = [
                self.adult(
                    heritage,
                    "F",
                    age,
                    self.surname_for(surname, "F", heritage),
                    generation="older",
                    nhs_chance=0.5,
                )
            ]
            if self.chance(0.45):
                grandparents.append(
                    self.adult(
                        heritage,
                        "M",
                        age + self.rng.randrange(0, 5),
                        surname,
                        generation="older",
                        nhs_chance=0.5,
                    )
                )
                self.relate(grandparents[0], grandparents[1], "partner", lives_with=True)
            gp_home = self.home(heritage, years_before(self.ref, 25), self.pick(((0, 80), (1, 20))))
            for gp in grandparents:
                if self.chance(0.8):
                    self.set_home(gp, gp_home)
                if self.chance(0.5) and not any(k == "mobile" for k, _, _ in gp.contact_details):
                    gp.contact_details.append(("phone", self.ids.landline(), ""))
                self.relate(gp, parent, "parent")
                for child in children:
                    self.relate(gp, child, "grandparent", note=self.note("grandparent"))
        if self.chance(0.3):
            parent, heritage, surname = sides[0] if len(sides) == 1 or self.chance(0.7) else sides[1]
            sex = "M" if self.chance(0.45) else "F"
            parent_age = self.age_on(parent.date_of_birth) if parent.date_of_birth else 30
            relative = self.adult(
                heritage,
                sex,
                max(18, parent_age + self.rng.randrange(-8, 9)),
                self.surname_for(surname, sex, heritage),
            )
            if self.chance(0.5):
                relative.addresses = self.home(heritage, years_before(self.ref, 6)).history(
                    relative.date_of_birth
                )
            self.relate(relative, parent, "sibling")
            for child in children:
                self.relate(relative, child, "aunt_uncle", note=self.note("aunt_uncle"))

    def note(self, kind: str) -> str:
        return self.rng.choice(data.RELATIONSHIP_NOTES.get(kind, ("",)))

    # --- Professionals ------------------------------------------------------------------------------------

    def plan_professionals(self) -> None:
        """A pool of named professionals at the partner organisations, shared by the families."""

        def per(children: int) -> int:  # one professional per so many children, at least one
            return max(1, round(self.target / children))

        roles: list[tuple[str, str, str, int]] = []  # (organisation, pool, job title, how many)
        for school in PRIMARY_SCHOOLS:
            roles.append((school, "dsl", "Designated safeguarding lead", 1))
            roles.append((school, "teacher", "Class teacher", per(100)))
        for school in (*SECONDARY_SCHOOLS, GIRLS_SCHOOL[0]):
            roles.append((school, "dsl", "Designated safeguarding lead", 1))
            roles.append((school, "teacher", "Head of year", per(100)))
        roles += [
            (NURSERY, "dsl", "Nursery manager", 1),
            (NURSERY, "teacher", "Key person", per(200)),
            (GP_EAST, "gp", "GP", per(120)),
            (GP_SOUTH, "gp", "GP", per(120)),
            (HEALTH, "health_visitor", "Health visitor", per(100)),
            (HEALTH, "school_nurse", "School nurse", per(300)),
            (POLICE, "police_officer", "Detective constable", per(120)),
            (YOUTH, "youth_worker", "Youth worker", per(150)),
            (HOUSING, "other_professional", "Housing options officer", 1),
            (PROBATION, "other_professional", "Probation officer", per(400)),
        ]
        weights = [(HERITAGES[g.pairs[0][0]], g.weight) for g in FAMILY_GROUPS]
        for organisation, pool, title, count in roles:
            for n in range(count):
                heritage = self.pick(weights)
                sex = "F" if self.chance(0.7 if pool != "police_officer" else 0.45) else "M"
                job_title = title
                if title == "Class teacher":
                    job_title = f"Class teacher (Year {self.rng.randrange(1, 7)})"
                elif title == "Head of year":
                    job_title = f"Head of Year {7 + n % 5}"
                person = self.new_person(
                    "professional",
                    recorded_by=PROFESSIONALS_RECORDED_BY,
                    heritage=heritage.key,
                    first_name=self.first_name(heritage, sex, "adult"),
                    last_name=self.surname_for(self.rng.choice(heritage.surnames), sex, heritage),
                    sex=sex,
                    job_title=job_title,
                    organisation=organisation,
                )
                person.contact_details.append(("phone", self.ids.landline(), "Work"))
                key = f"{organisation}|{pool}"
                self.professionals.setdefault(key, []).append(person)

    def professional(self, organisation: str, pool: str) -> PersonPlan:
        return self.rng.choice(self.professionals[f"{organisation}|{pool}"])

    def family_professionals(
        self, mother: PersonPlan, father: PersonPlan | None, children: list[PersonPlan], home: Home
    ) -> None:
        district = home.addresses[-1].postcode.split()[0]
        east = district in LOCALITIES["East"].split() or district in LOCALITIES["Central"].split()
        local, other = (GP_EAST, GP_SOUTH) if east else (GP_SOUTH, GP_EAST)
        practice = local if self.chance(0.8) else other
        gp = self.professional(practice, "gp")
        catholic = any(c.heritage in CATHOLIC_HERITAGES for c in children)
        primary = (
            "St Chad's Catholic Primary"
            if self.chance(0.8 if catholic else 0.3)
            else "Hollybank Primary School"
        )
        secondary = self.rng.choice(list(SECONDARY_SCHOOLS))
        for child in children:
            if child.date_of_birth is None:
                continue
            age = self.age_on(child.date_of_birth)
            if self.chance(0.8):
                self.relate(gp, child, "gp")
            if age < 5 and self.chance(0.85):
                self.relate(self.professional(HEALTH, "health_visitor"), child, "health_visitor")
            school: str | None = None
            if 2 <= age <= 4 and not child.upn and self.chance(0.35):
                school = NURSERY
            elif child.upn or age >= 5:
                if age <= 10:
                    school = primary
                elif age <= 15 or self.chance(0.75):
                    school = GIRLS_SCHOOL[0] if child.sex == "F" and self.chance(0.3) else secondary
            if school:
                if self.chance(0.6):
                    rel = self.relate(self.professional(school, "teacher"), child, "teacher")
                    rel.start_date = date(self.ref.year - (self.ref.month < 9), 9, 1)
                if self.chance(0.35):
                    self.relate(self.professional(school, "dsl"), child, "dsl")
                if school != NURSERY and self.chance(0.04):
                    self.relate(self.professional(HEALTH, "school_nurse"), child, "school_nurse")
            if age >= 11 and self.chance(0.18):
                self.relate(
                    self.professional(YOUTH, "youth_worker"),
                    child,
                    "youth_worker",
                    note=self.note("youth_worker"),
                )
            if age >= 12 and self.chance(0.06):
                self.relate(self.professional(POLICE, "police_officer"), child, "police_officer")
        if father and self.chance(0.05):
            self.relate(self.professional(POLICE, "police_officer"), father, "police_officer")
        if father and self.chance(0.04):
            self.relate(self.professional(PROBATION, "other_professional"), father, "other_professional")
        if not mother.date_of_death and self.chance(0.05):
            self.relate(self.professional(HOUSING, "other_professional"), mother, "other_professional")

    # --- Across families ----------------------------------------------------------------------------------

    def plan_friends(self) -> None:
        """Some children name a friend: another child of about the same age from a different family."""
        by_age: dict[int, list[PersonPlan]] = {}
        for person in self.people:
            if person.role == "child" and person.date_of_birth:
                by_age.setdefault(self.age_on(person.date_of_birth), []).append(person)
        paired: set[tuple[int, int]] = set()
        for person in self.people:
            if person.role != "child" or not person.date_of_birth:
                continue
            age = self.age_on(person.date_of_birth)
            if age < 7 or not self.chance(0.12):
                continue
            candidates = [
                c
                for a in (age - 1, age, age + 1)
                for c in by_age.get(a, [])
                if c.family != person.family
                and (min(c.key, person.key), max(c.key, person.key)) not in paired
            ]
            if not candidates:
                continue
            friend = self.rng.choice(candidates)
            paired.add((min(friend.key, person.key), max(friend.key, person.key)))
            rel = self.relate(person, friend, "friend", note=self.note("friend"))
            rel.family = person.family
            rel.recorded_by = (
                self.families[person.family].recorded_by if person.family is not None else rel.recorded_by
            )

    def plan_restricted(self) -> None:
        """A handful of families whose children's records are restricted, each named to one worker (e.g. a
        family fleeing domestic abuse, or a relative who works for the trust)."""
        wanted = max(2, round(self.target * 0.015))
        friends = {r.from_key for r in self.relationships if r.kind == "friend"}
        friends |= {r.to_key for r in self.relationships if r.kind == "friend"}
        eligible = [
            f
            for f in self.families
            if f.structure != "foster" and len(f.children) <= 3 and not any(k in friends for k in f.children)
        ]
        self.rng.shuffle(eligible)
        restricted = 0
        for n, family in enumerate(eligible):
            if restricted >= wanted:
                break
            worker = RESTRICTED_WORKERS[n % len(RESTRICTED_WORKERS)]
            family.restricted_to = worker
            family.recorded_by = worker
            for key in family.children:
                self.people[key].restricted = True
                restricted += 1
            for person in self.people:
                if person.family == family.key:
                    person.recorded_by = worker
            for rel in self.relationships:
                if rel.family == family.key:
                    rel.recorded_by = worker

    def plan_duplicates(self) -> None:
        """About 5% of children are recorded a second time by another worker: a misspelt name, a wrong or
        missing date of birth, no NHS number. Search must find them; nobody merges them automatically."""
        candidates = [p for p in self.people if p.role == "child" and p.date_of_birth and not p.restricted]
        wanted = max(1, round(self.target * 0.05))
        for original in self.rng.sample(candidates, min(wanted, len(candidates))):
            assert original.date_of_birth and original.family is not None
            family = self.families[original.family]
            field_name = "first_name" if self.chance(0.6) else "last_name"
            spelt, spelling = misspell(self.rng, getattr(original, field_name))
            dob, dob_error = wrong_date_of_birth(self.rng, original.date_of_birth, self.ref)
            recorder = self.rng.choice([r for r in RECORDERS if r != family.recorded_by])
            duplicate = self.new_person(
                "duplicate",
                recorded_by=recorder,
                heritage=original.heritage,
                first_name=original.first_name,
                last_name=original.last_name,
                sex=original.sex,
                date_of_birth=dob,
                ethnicity=original.ethnicity if self.chance(0.5) else "NOBT",
                first_language=original.first_language if self.chance(0.5) else "",
            )
            setattr(duplicate, field_name, spelt)
            duplicate.family = original.family
            if original.addresses:
                seen_at = self.rng.choice(original.addresses)
                duplicate.addresses = [
                    AddressPlan(seen_at.line1, seen_at.line2, seen_at.town, seen_at.postcode, None)
                ]
            carer_rel = next(
                (
                    r
                    for r in self.relationships
                    if r.to_key == original.key
                    and r.kind in PARENT_OR_CARER_KINDS
                    and r.lives_with
                    and not r.end_date
                ),
                None,
            ) or next(r for r in self.relationships if r.to_key == original.key and r.kind == "parent")
            self.relationships.append(
                RelationshipPlan(
                    from_key=carer_rel.from_key,
                    to_key=duplicate.key,
                    kind=carer_rel.kind,
                    recorded_by=recorder,
                    family=original.family,
                    lives_with=carer_rel.lives_with,
                    parental_responsibility=carer_rel.parental_responsibility,
                )
            )
            self.duplicates.append(
                DuplicatePlan(
                    original=original.key,
                    duplicate=duplicate.key,
                    field=field_name,
                    original_name=getattr(original, field_name),
                    duplicate_name=spelt,
                    spelling=spelling,
                    dob_error=dob_error,
                )
            )


def plan_people(*, seed: int, children: int, reference_date: date) -> PeoplePlan:
    return PeoplePlanner(seed=seed, children=children, reference_date=reference_date).plan()
