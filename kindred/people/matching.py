"""Finding a person: block on a selective key, then score the few candidates with reasons a practitioner can
read (../shared/PERFORMANCE.md § Person search).

Two halves:

- `score_candidate` and `match_candidates` are pure: a `PersonQuery` and `Candidate`s in, scores and
  reasons out, no database. They are property-tested, and the front door reuses them to find the child while
  a contact is being entered.
- `find_people(user, query)` fetches candidates from `Person.objects.visible_to(user)` by blocking, scores
  them and answers the people. Blocks: identifiers exactly (NHS number, UPN, former UPN, `Identifier`
  values, ignoring case, spaces and hyphens); the date of birth with tolerance for common errors
  (`tolerant_dates`), and with a name, only records with a name a little like it (`dob_block`); and only
  when there is no date of birth, the stored name keys (phonetic key, known variants, or a normalised-name
  prefix, on `Person` and on `PersonName`). Candidates are capped (CANDIDATE_CAP), best-ranked first. Every
  block condition uses an index: a search never scans the person table for a fuzzy name.

The score is 0-100: a weighted average, over what was searched for, of how well each part matches
(first name 25, last name 35, date of birth 40, identifier 60). Everything searched for matching exactly
scores 100. A part the record does not hold counts half (names, date of birth) or not at all (identifiers,
which are often missing). Every part gives a reason, e.g. "Last name sounds the same as 'Okafur'".

Records merged into another (`merged_into`) are scored like any other, and a match on one answers its
survivor, with the reason "Found through a record merged into this one".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Case, F, IntegerField, Q, Value, When
from rapidfuzz.distance import OSA, JaroWinkler

from kindred.people.names import normalise, phonetic
from kindred.people.validators import is_valid_nhs_number, is_valid_upn, normalise_nhs_number, normalise_upn

# How much each part of a search counts towards the score (only the parts searched for count).
WEIGHT_FIRST = 25
WEIGHT_LAST = 35
WEIGHT_EITHER = 35  # one name on its own, compared with both the first and the last name
WEIGHT_DOB = 40
WEIGHT_IDENTIFIER = 60

# How well one name matches another, from exact (1) to different (0).
EXACT = 1.0
VARIANT = 0.95  # a known nickname or transliteration: Jon / John, Mohammed / Muhammad
SOUNDS = 0.9  # the same phonetic key (NYSIIS): Okafor / Okafur
SPELLING = 0.85  # one letter different, missing, extra or swapped: Smith / Smyth
SIMILAR = 0.8  # close by Jaro-Winkler (at least 0.9)
PART = 0.8  # shares a part of a double-barrelled name: Okafor / Okafor-Smith
PREFIX = 0.7  # one begins the other: Oka / Okafor
INITIAL = 0.6  # an initial: J / John
NOT_RECORDED = 0.5  # the record does not hold this part
SWAPPED = 0.9  # first and last names the other way round
OTHER_NAME = 0.95  # matched on an alias, previous or preferred name rather than the current name

DOB_EXACT = 1.0
DOB_ONE_DAY = 0.8
DOB_DAY_MONTH_SWAPPED = 0.8
DOB_YEAR_DIGIT = 0.7  # one year out, or one digit of the year different

PREFIX_LENGTH = 3  # the normalised-name prefix a name-only search blocks on
MIN_SCORE = 50  # below this a record is not shown
RESULT_LIMIT = 50  # people shown at most
CANDIDATE_CAP = 1000  # records scored at most for one search
EARLIEST_BIRTH = date(1900, 1, 1)

# Known variants: nicknames and transliterations, normalised. A name may sit in more than one group (Chris).
_VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad", "mohamud", "mahamed", "mohd",
     "muhamed", "mohammod", "mehmet"),
    ("ahmed", "ahmad", "ahmet", "ahmid"),
    ("abdullah", "abdulla", "abdallah"),
    ("yusuf", "yousef", "yousuf", "youssef", "yusef", "yosef"),
    ("ibrahim", "ebrahim", "ibraheem"),
    ("hussain", "hussein", "husain", "husein", "hossain"),
    ("hassan", "hasan"),
    ("mustafa", "mustapha", "moustafa", "mostafa"),
    ("aisha", "ayesha", "aysha", "aishah", "ayshah", "aicha"),
    ("fatima", "fatimah", "fatma", "fatuma"),
    ("khadija", "khadijah", "khadeja", "khadeeja"),
    ("zainab", "zaynab", "zenab", "zeinab"),
    ("maryam", "mariam", "miriam", "maryum"),
    ("amir", "ameer", "emir"),
    ("osman", "usman", "uthman", "othman"),
    ("john", "jon", "jonathan", "johnny", "jonny", "johnathan", "jonathon", "jack"),
    ("william", "will", "bill", "billy", "liam", "willie", "wills"),
    ("robert", "rob", "bob", "bobby", "robbie", "bert"),
    ("richard", "rich", "rick", "ricky", "richie", "dick"),
    ("james", "jim", "jimmy", "jamie", "jimmie"),
    ("michael", "mike", "mick", "mickey", "mikey", "micheal"),
    ("thomas", "tom", "tommy"),
    ("joseph", "joe", "joey", "jo"),
    ("daniel", "dan", "danny"),
    ("christopher", "chris", "kristopher", "christoffer"),
    ("christine", "chris", "christina", "kristina", "kristine", "tina"),
    ("alexander", "alex", "alec", "xander", "sandy", "alexandr"),
    ("alexandra", "alex", "lexi", "alexa", "sandra"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "elisabeth", "libby", "lisa"),
    ("katherine", "catherine", "kathryn", "katharine", "kate", "katie", "kat", "cathy", "kathy", "katy"),
    ("margaret", "maggie", "meg", "peggy", "maggy"),
    ("rebecca", "becky", "becca", "rebekah"),
    ("samantha", "sam", "sammie"),
    ("samuel", "sam", "sammy"),
    ("anthony", "tony", "antony", "anton"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("benjamin", "ben", "benny", "benji"),
    ("matthew", "matt", "mathew", "matty"),
    ("nicholas", "nick", "nicky", "nikolas", "nicolas"),
    ("stephen", "steven", "steve", "stevie", "stephan"),
    ("jennifer", "jen", "jenny", "jenifer"),
    ("victoria", "vicky", "vicki", "tori"),
    ("patricia", "pat", "patty", "trish", "tricia"),
    ("susan", "sue", "susie", "suzanne"),
    ("deborah", "debbie", "debra", "deb"),
    ("zachary", "zach", "zack", "zak"),
    ("henry", "harry", "hal", "hank"),
    ("oliver", "ollie", "olly"),
    ("charlotte", "charlie", "lottie"),
    ("charles", "charlie", "chas", "chuck"),
    ("sophie", "sophia", "sofia", "sofie"),
    ("isabel", "isabelle", "isobel", "isabella", "izzy", "bella"),
    ("kayleigh", "kayley", "kaylee", "kaley", "kayla"),
    ("jayden", "jaden", "jaiden", "jaydon", "jaydn"),
    ("aiden", "aidan", "ayden", "aden"),
    ("connor", "conor", "conner"),
    ("sean", "shaun", "shawn", "shane"),
    ("lewis", "louis", "luis"),
    ("leah", "lea", "leia"),
    ("chukwuemeka", "emeka"),
    ("oluwaseun", "seun"),
    ("adebayo", "bayo"),
    ("oluwadamilola", "damilola", "dami"),
    ("ngozi", "ngozichukwu"),
)  # fmt: skip


def _variant_index(groups: Iterable[Iterable[str]]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in groups:
        for name in group:
            index.setdefault(name, set()).update(group)
    return {name: frozenset(others - {name}) for name, others in index.items()}


VARIANTS: dict[str, frozenset[str]] = _variant_index(_VARIANT_GROUPS)


def variants_of(name: str) -> frozenset[str]:
    """Known nicknames and transliterations of a name (normalised), not including the name itself."""
    return VARIANTS.get(normalise(name), frozenset())


# --- What was searched for ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonQuery:
    """What a practitioner searched for. `either_name` is one name typed on its own ("Okafor"), not known
    to be a first or a last name; `reference` is any other identifier (LA child ID, ULN, Home Office
    reference...)."""

    first_name: str = ""
    last_name: str = ""
    either_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    reference: str = ""

    @property
    def has_name(self) -> bool:
        return bool(normalise(self.first_name) or normalise(self.last_name) or normalise(self.either_name))

    @property
    def has_identifier(self) -> bool:
        return bool(self.nhs_number or self.upn or self.reference.strip())

    @property
    def is_empty(self) -> bool:
        return not (self.has_name or self.has_identifier or self.date_of_birth)

    def terms(self) -> dict[str, str]:
        """The parts searched for, for the audit trail."""
        values = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "name": self.either_name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "nhs_number": self.nhs_number,
            "upn": self.upn,
            "reference": self.reference,
        }
        return {k: v for k, v in values.items() if v}


def split_name(text: str) -> tuple[str, str, str]:
    """(first, last, either) from a name as typed: "Amara Okafor", "Okafor, Amara" or just "Okafor".
    Middle names are set aside; with a comma, the part before it is the last name."""
    text = " ".join((text or "").split())
    if "," in text:
        last, _, rest = text.partition(",")
        rest_tokens = rest.split()
        return (rest_tokens[0] if rest_tokens else ""), last.strip(), ""
    tokens = text.split()
    if not tokens:
        return "", "", ""
    if len(tokens) == 1:
        return "", "", tokens[0]
    return tokens[0], tokens[-1], ""


def classify_reference(text: str) -> tuple[str, str, str]:
    """(nhs_number, upn, other) from a reference as typed. A valid NHS number or UPN is searched as one;
    anything else (a ULN, an LA child ID, a mistyped number) is searched among other identifiers."""
    text = " ".join((text or "").split())
    if not text:
        return "", "", ""
    compact = normalise_nhs_number(text)
    if re.fullmatch(r"\d{10}", compact) and is_valid_nhs_number(compact):
        return compact, "", ""
    upn = normalise_upn(text)
    if is_valid_upn(upn):
        return "", upn, ""
    return "", "", text


def query_for_person(person: Any) -> PersonQuery:
    """A search for records that might be the same person as this one (possible duplicates)."""
    first = (person.first_name or "").split()
    return PersonQuery(
        first_name=first[0] if first else "",
        last_name=person.last_name or "",
        date_of_birth=person.date_of_birth,
        nhs_number=person.nhs_number or "",
        upn=person.upn or "",
    )


# --- Free text (the home page's single box) -------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NHS_IN_TEXT = re.compile(r"(?<![\w])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w])")
_ISO_DATE = re.compile(r"(?<![\w])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w])")
_NUMERIC_DATE = re.compile(r"(?<![\w])(\d{1,2})(?:[/.\-]|\s+)(\d{1,2})(?:[/.\-]|\s+)(\d{2,4})(?![\w])")
_WORD_DATE = re.compile(
    r"(?<![\w])(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
    r",?\s+(\d{2,4})(?![\w])",
    re.IGNORECASE,
)
_UPN_IN_TEXT = re.compile(r"(?<![\w])[A-Za-z]\d{11}[A-Za-z0-9](?![\w])")


@dataclass(frozen=True)
class ParsedText:
    """Free text split into the search form's parts. `date_parts` is (day, month, year) as typed, so the
    date field can say what is wrong with it."""

    name: str = ""
    date_parts: tuple[str, str, str] | None = None
    reference: str = ""


def parse_search_text(text: str) -> ParsedText:
    """Read a name, a date of birth and a reference (NHS number, UPN or other) out of free text:
    "Amara Okafor 12/4/2015", "943 476 5919", "okafor 12 april 2015"."""
    rest = " ".join((text or "").split())
    date_parts: tuple[str, str, str] | None = None
    references: list[str] = []

    match = _NHS_IN_TEXT.search(rest)
    if match:
        references.append(re.sub(r"[ -]", "", match.group()))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    for pattern, order in ((_ISO_DATE, (2, 1, 0)), (_WORD_DATE, (0, 1, 2)), (_NUMERIC_DATE, (0, 1, 2))):
        match = pattern.search(rest)
        if match:
            groups = match.groups()
            day, month, year = (groups[i] for i in order)
            month = str(_MONTHS.get(month.lower(), month))
            date_parts = (day, month, year)
            rest = rest[: match.start()] + " " + rest[match.end() :]
            break
    match = _UPN_IN_TEXT.search(rest)
    if match:
        references.append(match.group().upper())
        rest = rest[: match.start()] + " " + rest[match.end() :]
    name_tokens = []
    for token in rest.split():
        if any(ch.isdigit() for ch in token):
            references.append(token)
        else:
            name_tokens.append(token)
    return ParsedText(name=" ".join(name_tokens), date_parts=date_parts, reference=" ".join(references))


# --- Dates of birth ---------------------------------------------------------------------------------------


def _on(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def tolerant_dates(dob: date, *, today: date | None = None) -> set[date]:
    """The dates of birth a search for `dob` blocks on: itself, a day either side, the day and month the
    other way round, and the year one out or with one digit different (2019 → 2020, 2018, 2009, 1019 ...),
    between 1900 and today."""
    today = today or date.today()
    found = {dob, dob - timedelta(days=1), dob + timedelta(days=1)}
    swapped = _on(dob.year, dob.day, dob.month) if dob.day <= 12 else None
    if swapped:
        found.add(swapped)
    for year_out in (-1, 1):  # 2019 typed as 2020 is two digits out, but one year
        other = _on(dob.year + year_out, dob.month, dob.day)
        if other:
            found.add(other)
    year = f"{dob.year:04d}"
    for position in range(4):
        for digit in "0123456789":
            if digit == year[position]:
                continue
            other = _on(int(year[:position] + digit + year[position + 1 :]), dob.month, dob.day)
            if other:
                found.add(other)
    return {d for d in found if EARLIEST_BIRTH <= d <= today}


def _year_one_digit_apart(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(f"{a:04d}", f"{b:04d}", strict=True)) == 1


def compare_dates(searched: date, recorded: date) -> tuple[float, str]:
    """How well a date of birth matches, and why. Symmetric."""
    if searched == recorded:
        return DOB_EXACT, "Date of birth matches exactly"
    if abs((searched - recorded).days) == 1:
        return DOB_ONE_DAY, "Date of birth is one day out"
    if (searched.year, searched.month, searched.day) == (recorded.year, recorded.day, recorded.month):
        return DOB_DAY_MONTH_SWAPPED, "Date of birth matches with the day and month the other way round"
    if (searched.month, searched.day) == (recorded.month, recorded.day):
        if abs(searched.year - recorded.year) == 1:
            return DOB_YEAR_DIGIT, "Date of birth matches apart from the year, which is one out"
        if _year_one_digit_apart(searched.year, recorded.year):
            return DOB_YEAR_DIGIT, "Date of birth matches apart from one digit of the year"
    return 0.0, "Date of birth is different"


# --- Names ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameForm:
    """A name as typed, with its normalised form, phonetic key and parts ("Okafor-Smith": okafor, smith)."""

    raw: str
    norm: str
    key: str
    parts: frozenset[str]

    @classmethod
    def of(cls, raw: str, norm: str = "", key: str = "") -> NameForm:
        raw = raw or ""
        norm = norm or normalise(raw)
        key = key or (phonetic(norm) if norm else "")
        if " " in raw or "-" in raw:
            parts = frozenset(p for p in (normalise(t) for t in re.split(r"[\s\-]+", raw)) if p)
        else:
            parts = frozenset((norm,)) if norm else frozenset()
        return cls(raw=raw.strip(), norm=norm, key=key, parts=parts)


EMPTY_NAME = NameForm("", "", "", frozenset())


@lru_cache(maxsize=65536)
def _compare_norms(
    a: str, a_key: str, a_parts: frozenset[str], b: str, b_key: str, b_parts: frozenset[str]
) -> tuple[float, str]:
    if a == b:
        return EXACT, "exact"
    if b in VARIANTS.get(a, ()):
        return VARIANT, "variant"
    if a_key and a_key == b_key:
        return SOUNDS, "sounds"
    if max(len(a), len(b)) >= 3 and OSA.distance(a, b) == 1:
        return SPELLING, "spelling"
    if min(len(a), len(b)) >= 3 and JaroWinkler.similarity(a, b) >= 0.9:
        return SIMILAR, "similar"
    if (len(a_parts) > 1 or len(b_parts) > 1) and a_parts & b_parts:
        return PART, "part"
    short, long_ = sorted((a, b), key=len)
    if len(short) >= PREFIX_LENGTH and long_.startswith(short):
        return PREFIX, "prefix"
    if len(short) == 1 and long_.startswith(short):
        return INITIAL, "initial"
    return 0.0, "different"


def compare_names(a: NameForm, b: NameForm) -> tuple[float, str]:
    """How alike two names are, and how (exact, variant, sounds, spelling, similar, part, prefix, initial,
    different). Symmetric: the pair is put in a fixed order first."""
    left, right = sorted(((a.norm, a.key, a.parts), (b.norm, b.key, b.parts)), key=lambda t: (t[0], t[1]))
    return _compare_norms(*left, *right)


_NAME_REASONS = {
    "exact": "{part} matches '{q}'",
    "variant": "{part} is a known variant of '{q}'",
    "sounds": "{part} sounds the same as '{q}'",
    "spelling": "{part} is spelt almost the same as '{q}'",
    "similar": "{part} is spelt similarly to '{q}'",
    "part": "{part} shares a part with '{q}'",
    "prefix": "{part} begins the same way as '{q}'",
    "initial": "{part} has the same initial as '{q}'",
    "different": "{part} is different from '{q}'",
}


@dataclass(frozen=True)
class Component:
    weight: int
    value: float
    reason: str


def _name_component(
    part: str, weight: int, searched: NameForm, recorded: NameForm, *, quote: bool = False
) -> Component:
    """One name part of the score. `quote` names what was searched for even on an exact match (for names
    read the other way round, where "Last name matches" alone would mislead)."""
    if not recorded.norm:
        return Component(weight, NOT_RECORDED, f"No {part.lower()} recorded")
    value, how = compare_names(searched, recorded)
    if how == "exact" and not quote:
        return Component(weight, value, f"{part} matches")
    return Component(weight, value, _NAME_REASONS[how].format(part=part, q=searched.raw))


# --- Candidates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateName:
    first: NameForm
    last: NameForm
    kind: str = ""  # "" for the current name, else PersonName.Kind (alias, previous, preferred, birth)

    @property
    def display(self) -> str:
        return " ".join(p for p in (self.first.raw, self.last.raw) if p)


@dataclass(frozen=True)
class Candidate:
    """A record to score: its current name first, then its other names."""

    person_id: int
    names: tuple[CandidateName, ...]
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    former_upn: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()  # (kind label, value): at least those that might match
    merged_into_id: int | None = None

    @classmethod
    def simple(
        cls, person_id: int, first_name: str, last_name: str, date_of_birth: date | None = None, **kw: Any
    ) -> Candidate:
        """A candidate from plain values (tests, the front door's unsaved child)."""
        name = CandidateName(NameForm.of(first_name), NameForm.of(last_name))
        return cls(person_id=person_id, names=(name,), date_of_birth=date_of_birth, **kw)


@dataclass(frozen=True)
class Match:
    person_id: int
    score: int
    reasons: tuple[str, ...]


_OTHER_NAME_PHRASES = {
    "preferred": "their preferred name",
    "alias": "a name they are also known as",
    "previous": "their previous name",
    "birth": "their name at birth",
}


@dataclass(frozen=True)
class _SearchNames:
    first: NameForm
    last: NameForm
    either: NameForm

    @classmethod
    def of(cls, query: PersonQuery) -> _SearchNames:
        return cls(
            first=NameForm.of(query.first_name) if normalise(query.first_name) else EMPTY_NAME,
            last=NameForm.of(query.last_name) if normalise(query.last_name) else EMPTY_NAME,
            either=NameForm.of(query.either_name) if normalise(query.either_name) else EMPTY_NAME,
        )


def _weighted(components: Sequence[Component]) -> float:
    return sum(c.weight * c.value for c in components)


def _scaled(components: Sequence[Component], factor: float) -> list[Component]:
    return [Component(c.weight, c.value * factor, c.reason) for c in components]


def _name_components(q: _SearchNames, name: CandidateName) -> list[Component]:
    """The name parts of the score for one of the record's names: the better of the names read in order
    and read the other way round."""
    if q.either.norm:
        options = [
            _name_component("First name", WEIGHT_EITHER, q.either, name.first),
            _name_component("Last name", WEIGHT_EITHER, q.either, name.last),
        ]
        return [max(options, key=lambda c: c.value)]
    straight: list[Component] = []
    if q.first.norm:
        straight.append(_name_component("First name", WEIGHT_FIRST, q.first, name.first))
    if q.last.norm:
        straight.append(_name_component("Last name", WEIGHT_LAST, q.last, name.last))
    if all(c.value == EXACT for c in straight):
        return straight
    # Read the other way round, both parts weigh the same, so that the score stays symmetric.
    both = bool(q.first.norm and q.last.norm)
    swapped: list[Component] = []
    if q.first.norm:
        weight = (WEIGHT_FIRST + WEIGHT_LAST) // 2 if both else WEIGHT_FIRST
        swapped.append(_name_component("Last name", weight, q.first, name.last, quote=True))
    if q.last.norm:
        weight = (WEIGHT_FIRST + WEIGHT_LAST) // 2 if both else WEIGHT_LAST
        swapped.append(_name_component("First name", weight, q.last, name.first, quote=True))
    swapped = _scaled(swapped, SWAPPED)
    if _weighted(swapped) > _weighted(straight) and any(c.value > NOT_RECORDED * SWAPPED for c in swapped):
        return [Component(0, 0.0, "First and last names are the other way round"), *swapped]
    return straight


def _with_fallback(name: CandidateName, current: CandidateName) -> CandidateName:
    """An other name with only one part (a preferred first name, a previous last name) is read with the
    current name's other part."""
    return CandidateName(
        first=name.first if name.first.norm else current.first,
        last=name.last if name.last.norm else current.last,
        kind=name.kind,
    )


def _identifier_component(query: PersonQuery, c: Candidate) -> Component | None:
    reference = _compact_reference(query.reference)
    if query.nhs_number and query.nhs_number == c.nhs_number:
        return Component(WEIGHT_IDENTIFIER, 1.0, "NHS number matches")
    if query.upn and query.upn == c.upn:
        return Component(WEIGHT_IDENTIFIER, 1.0, "UPN matches")
    if query.upn and query.upn == c.former_upn:
        return Component(WEIGHT_IDENTIFIER, 1.0, "Former UPN matches")
    searched = {
        v for v in (_compact_reference(query.nhs_number), _compact_reference(query.upn), reference) if v
    }
    for label, value in c.identifiers:
        if _compact_reference(value) in searched:
            return Component(WEIGHT_IDENTIFIER, 1.0, f"{label} matches")
    if reference and reference in {c.nhs_number, c.upn, c.former_upn} - {""}:
        return Component(WEIGHT_IDENTIFIER, 1.0, "Reference matches their NHS number or UPN")
    if query.nhs_number and c.nhs_number:
        return Component(WEIGHT_IDENTIFIER, 0.0, "NHS number is different")
    if query.upn and c.upn:
        return Component(WEIGHT_IDENTIFIER, 0.0, "UPN is different")
    return None  # nothing recorded to compare with: the identifier does not count either way


def score_candidate(query: PersonQuery, candidate: Candidate, *, names: _SearchNames | None = None) -> Match:
    """Score one record against a search: 0-100 and the reasons. Pure. (`names`: the searched names' forms,
    when scoring many candidates against one search.)"""
    components: list[Component] = []
    if query.has_identifier:
        identifier = _identifier_component(query, candidate)
        if identifier is not None:
            components.append(identifier)
    if query.date_of_birth:
        if candidate.date_of_birth is None:
            components.append(Component(WEIGHT_DOB, NOT_RECORDED, "No date of birth recorded"))
        else:
            value, reason = compare_dates(query.date_of_birth, candidate.date_of_birth)
            components.append(Component(WEIGHT_DOB, value, reason))
    if query.has_name and candidate.names:
        q = names or _SearchNames.of(query)
        current = candidate.names[0]
        best = _name_components(q, current)
        best_name: CandidateName | None = None
        for other in candidate.names[1:]:
            option = _scaled(_name_components(q, _with_fallback(other, current)), OTHER_NAME)
            if _weighted(option) > _weighted(best):
                best, best_name = option, other
        components.extend(best)
        if best_name is not None:
            phrase = _OTHER_NAME_PHRASES.get(best_name.kind, "another name of theirs")
            components.append(Component(0, 0.0, f"Matched on {phrase}: {best_name.display}"))
    total = sum(c.weight for c in components)
    score = int(100 * _weighted(components) / total + 0.5) if total else 0  # half up: 96.5 reads as 97
    return Match(candidate.person_id, max(0, min(100, score)), tuple(c.reason for c in components))


def match_candidates(
    query: PersonQuery, candidates: Iterable[Candidate], *, min_score: int = 0
) -> list[Match]:
    """Score every candidate and fold merged records into their survivor (the best score of the survivor and
    its merged records). Best first. Pure."""
    best: dict[int, tuple[Match, Candidate]] = {}
    names = _SearchNames.of(query)
    for candidate in candidates:
        match = score_candidate(query, candidate, names=names)
        key = candidate.merged_into_id or candidate.person_id
        held = best.get(key)
        if (
            held is None
            or match.score > held[0].score
            or (match.score == held[0].score and candidate.merged_into_id is None)
        ):
            best[key] = (match, candidate)
    results = []
    for key, (match, candidate) in best.items():
        if match.score < min_score:
            continue
        reasons = match.reasons
        if candidate.merged_into_id is not None:
            name = candidate.names[0].display if candidate.names else ""
            reasons = (*reasons, f"Found through a record merged into this one: {name or 'name not known'}")
        results.append(Match(key, match.score, reasons))
    results.sort(key=lambda m: (-m.score, m.person_id))
    return results


def _compact_reference(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "").upper()


# --- Fetching candidates ----------------------------------------------------------------------------------


def _next_prefix(prefix: str) -> str | None:
    """The smallest string after every string that starts with `prefix` (letters a-z only): "oka" → "okb",
    "okz" → "ol"; None after "zzz"."""
    stripped = prefix.rstrip("z")
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def _range(side: str, prefix: str) -> Q:
    """Names on one side that start with `prefix`, as an indexable range (LIKE cannot use the index on
    SQLite, nor on PostgreSQL outside the C collation)."""
    in_range = Q(**{f"search_{side}__gte": prefix})
    upper = _next_prefix(prefix)
    if upper:
        in_range &= Q(**{f"search_{side}__lt": upper})
    return in_range


def _forms_and_keys(side: str, name: str) -> list[Q]:
    """The same normalised form or a known variant, or the same phonetic key: one indexed column each."""
    norm = normalise(name)
    forms = {norm} | VARIANTS.get(norm, frozenset())
    keys = {phonetic(f) for f in forms} - {""}
    terms = [Q(**{f"search_{side}__in": sorted(forms)})]
    if keys:
        terms.append(Q(**{f"phonetic_{side}__in": sorted(keys)}))
    return terms


def _side_terms(side: str, name: str) -> list[Q]:
    """Stored-key conditions a block can lead with, for one name on one side (first or last): its forms and
    phonetic keys, or the same first letters (PREFIX_LENGTH). Each is a single indexed column."""
    return [*_forms_and_keys(side, name), _range(side, normalise(name)[:PREFIX_LENGTH])]


def _side_check(side: str, name: str, *, may_be_empty: bool) -> Q:
    """The looser check on the other name of a pair: its forms, its phonetic key or just its initial, so
    that a typo early in one name is still found through the other."""
    check = _any([*_forms_and_keys(side, name), _range(side, normalise(name)[:1])])
    if may_be_empty:
        check |= Q(**{f"search_{side}": ""})
    return check


def _any(terms: Iterable[Q]) -> Q:
    combined = Q()
    for term in terms:
        combined = combined | term if combined else term
    return combined


def name_block(query: PersonQuery, *, other_names: bool = False) -> Q:
    """The name-only block, on the stored keys Person and PersonName share: an OR of terms that each lead
    with one indexed condition (SQLite uses indexes for an OR of such terms, not for an AND of two ORs).

    With a first and a last name (read in order or the other way round): the last name's forms, phonetic
    key or prefix, checking the first name loosely; or the first name's forms or phonetic key, checking the
    last name loosely. One name on its own matches either side. For other names (`other_names`) a part
    left empty matches: a previous surname is recorded without a first name."""
    first, last, either = (
        normalise(query.first_name),
        normalise(query.last_name),
        normalise(query.either_name),
    )
    terms: list[Q] = []
    if either:
        terms = _side_terms("first", either) + _side_terms("last", either)
    elif first and last:
        for a, b in ((first, last), (last, first)):  # in order, then the other way round
            first_check = _side_check("first", a, may_be_empty=other_names)
            last_check = _side_check("last", b, may_be_empty=other_names)
            terms += [term & first_check for term in _side_terms("last", b)]
            terms += [term & last_check for term in _forms_and_keys("first", a)]
    elif last or first:
        terms = _side_terms("last", last or first) + _side_terms("first", last or first)
    return _any(terms) if terms else Q(pk__in=[])


def _identifier_values(query: PersonQuery) -> set[str]:
    """What an identifier search looks for, compacted as `_compact_reference` (and Identifier.search_value)
    compacts: upper case, no spaces or hyphens. NHS numbers and UPNs are stored that way already."""
    return {v for v in (query.nhs_number, query.upn, _compact_reference(query.reference)) if v}


def _rank(query: PersonQuery, identifier_ids: Collection[int], alias_ids: Collection[int]) -> Case:
    """Order for the candidate cap, so that what it leaves out would score least. Identifier matches first.
    In the date-of-birth block (where every record already has a name like the one searched for): an exact
    name and date of birth, an exact name, an exact date of birth, the rest. In the name block: exact names,
    a name with the same form or phonetic key (either side), other-name matches, the same initial, the
    rest."""
    first, last, either = (
        normalise(query.first_name),
        normalise(query.last_name),
        normalise(query.either_name),
    )
    names = _searched_names(query)
    whens = []
    if identifier_ids:
        whens.append(When(pk__in=list(identifier_ids), then=Value(0)))
    if query.date_of_birth:
        # Everything in the date-of-birth block already has a name like the one searched for.
        if names:
            exact = Q(search_first__in=names) | Q(search_last__in=names)
            whens.append(When(exact & Q(date_of_birth=query.date_of_birth), then=Value(1)))
            whens.append(When(exact, then=Value(2)))
        whens.append(When(date_of_birth=query.date_of_birth, then=Value(3)))
        return Case(*whens, default=Value(4), output_field=IntegerField())
    if names:
        exact = Q()
        if first:
            exact &= Q(search_first=first)
        if last:
            exact &= Q(search_last=last)
        if either:
            exact &= Q(search_first=either) | Q(search_last=either)
        whens.append(When(exact, then=Value(1)))
        whens.append(
            When(
                _any(t for n in names for side in ("first", "last") for t in _forms_and_keys(side, n)), then=2
            )
        )
    if alias_ids:
        whens.append(When(pk__in=list(alias_ids), then=Value(3)))
    if names:
        whens.append(When(_any(_range(side, n[:1]) for n in names for side in ("first", "last")), then=4))
    return Case(*whens, default=Value(5), output_field=IntegerField())


def _searched_names(query: PersonQuery) -> list[str]:
    return [
        n
        for n in (normalise(query.first_name), normalise(query.last_name), normalise(query.either_name))
        if n
    ]


def dob_block(query: PersonQuery) -> Q:
    """The date-of-birth block. With a name, a record must also have a name a little like one searched for,
    on either side: the same form or a known variant, the same phonetic key, or the same initial (for a date
    that is only close, the same first two letters). A record with no such name could score 40 at most, on
    its date of birth, under MIN_SCORE. The whole block leads with the indexed date of birth."""
    assert query.date_of_birth is not None
    dob = query.date_of_birth
    in_dates = Q(date_of_birth__in=sorted(tolerant_dates(dob)))
    names = _searched_names(query)
    if not names:
        return in_dates
    sides = ("first", "last")
    alike = _any(term for n in names for side in sides for term in _forms_and_keys(side, n))
    same_start = _any(_range(side, n[:2]) for n in names for side in sides)
    same_initial = _any(_range(side, n[:1]) for n in names for side in sides)
    return in_dates & (alike | same_start | (Q(date_of_birth=dob) & same_initial))


def uses_name_block(query: PersonQuery) -> bool:
    """A name is blocked on only when there is no date of birth to block on."""
    return query.has_name and query.date_of_birth is None


def block_queryset(
    user: Any,
    query: PersonQuery,
    *,
    identifier_ids: Collection[int] = (),
    alias_ids: Collection[int] = (),
) -> Any:
    """The records a search considers, from what this user may see, best-ranked first (not yet capped).
    Merged records are included: a match on one finds its survivor."""
    from kindred.people.models import Person

    condition = Q(pk__in=[])
    if query.nhs_number:
        condition |= Q(nhs_number=query.nhs_number)
    if query.upn:
        condition |= Q(upn=query.upn) | Q(former_upn=query.upn)
    if query.reference.strip():
        values = sorted(_identifier_values(query))
        condition |= Q(nhs_number__in=values) | Q(upn__in=values) | Q(former_upn__in=values)
    if identifier_ids:
        condition |= Q(pk__in=sorted(identifier_ids))
    if query.date_of_birth:
        condition |= dob_block(query)
        if alias_ids:  # with a date of birth: records with the name and no date recorded (find_people)
            condition |= Q(pk__in=sorted(alias_ids))
    elif query.has_name:
        condition |= name_block(query)
        if alias_ids:
            condition |= Q(pk__in=sorted(alias_ids))
    return (
        Person.objects.visible_to(user)
        .filter(condition)
        .annotate(match_rank=_rank(query, identifier_ids, alias_ids))
        .order_by("match_rank", "pk")
    )


@dataclass
class PersonMatch:
    person: Any  # a Person
    score: int
    reasons: tuple[str, ...]
    postcode: str = ""

    @property
    def strength(self) -> str:
        if self.score >= 85:
            return "Strong match"
        if self.score >= 65:
            return "Possible match"
        return "Weak match"


@dataclass
class SearchOutcome:
    matches: list[PersonMatch] = field(default_factory=list)  # the people shown, best first
    total: int = 0  # people found at or above the minimum score (shown or not)
    candidates: int = 0  # records scored
    capped: bool = False  # more records matched the block than were scored: the search was too broad


def find_people(
    user: Any,
    query: PersonQuery,
    *,
    limit: int = RESULT_LIMIT,
    min_score: int = MIN_SCORE,
    exclude: Collection[int] = (),
    cap: int = CANDIDATE_CAP,
) -> SearchOutcome:
    """People this user may see who might be the one searched for, best first, with scores and reasons.
    At most six queries however many people match, five without merged records. Reads only: the caller
    audits what it shows."""
    from kindred.people.models import Identifier, Person, PersonName

    if query.is_empty:
        return SearchOutcome()
    identifier_hits: dict[int, list[tuple[str, str]]] = {}
    if query.has_identifier:
        labels = dict(Identifier.Kind.choices)
        for person_id, kind, value in Identifier.objects.filter(
            search_value__in=sorted(_identifier_values(query))
        )[:cap].values_list("person_id", "kind", "value"):
            identifier_hits.setdefault(person_id, []).append((labels.get(kind, "Reference"), value))
    alias_ids: list[int] = []
    if query.date_of_birth and query.has_name:
        # A record made in a hurry often has no date of birth (a duplicate from a phone call, say): it could
        # be the person, so records with the name and no date join the block. Looked up on the name keys in
        # a query of its own, so the database never reads every undated record through the date index.
        alias_ids = [
            pk
            for pk, dob in Person.objects.filter(name_block(query)).values_list("pk", "date_of_birth")[:cap]
            if dob is None
        ]
    if uses_name_block(query):
        alias_ids = list(
            PersonName.objects.filter(name_block(query, other_names=True))
            .order_by("person_id")
            .values_list("person_id", flat=True)[:cap]
        )
    # The candidates as Person instances: most of them are the people shown, so no second fetch.
    records = list(
        block_queryset(user, query, identifier_ids=identifier_hits, alias_ids=alias_ids)[: cap + 1]
    )
    capped = len(records) > cap
    records = records[:cap]
    if not records:
        return SearchOutcome()
    other_names: dict[int, list[CandidateName]] = {}
    for row in PersonName.objects.filter(person_id__in=[r.pk for r in records]).order_by("pk").values():
        other_names.setdefault(row["person_id"], []).append(
            CandidateName(
                NameForm.of(row["first_name"], row["search_first"], row["phonetic_first"]),
                NameForm.of(row["last_name"], row["search_last"], row["phonetic_last"]),
                kind=row["kind"],
            )
        )
    candidates = [
        Candidate(
            person_id=r.pk,
            names=(
                CandidateName(
                    NameForm.of(r.first_name, r.search_first, r.phonetic_first),
                    NameForm.of(r.last_name, r.search_last, r.phonetic_last),
                ),
                *other_names.get(r.pk, ()),
            ),
            date_of_birth=r.date_of_birth,
            nhs_number=r.nhs_number,
            upn=r.upn,
            former_upn=r.former_upn,
            identifiers=tuple(identifier_hits.get(r.pk, ())),
            merged_into_id=r.merged_into_id,
        )
        for r in records
    ]
    scored = [
        m for m in match_candidates(query, candidates, min_score=min_score) if m.person_id not in exclude
    ]
    people = {r.pk: r for r in records if r.merged_into_id is None}
    survivors = {m.person_id for m in scored} - people.keys()
    if survivors:
        # Found through a merged record: the survivor must be visible (and current) in its own right.
        people.update(Person.objects.visible_to(user).current().in_bulk(sorted(survivors)))
    found = [PersonMatch(people[m.person_id], m.score, m.reasons) for m in scored if m.person_id in people]
    shown = found[:limit]
    postcodes = current_postcodes([m.person.pk for m in shown])
    for m in shown:
        m.postcode = postcodes.get(m.person.pk, "")
    return SearchOutcome(matches=shown, total=len(found), candidates=len(records), capped=capped)


def current_postcodes(person_ids: Sequence[int], *, on: date | None = None) -> dict[int, str]:
    """Each person's current postcode (the latest address that has started and not ended), in one query."""
    from kindred.people.models import Address

    if not person_ids:
        return {}
    on = on or date.today()
    rows = (
        Address.objects.filter(person_id__in=list(person_ids))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .order_by("person_id", F("start_date").desc(nulls_last=True), "-pk")
        .values_list("person_id", "postcode")
    )
    postcodes: dict[int, str] = {}
    for person_id, postcode in rows:
        postcodes.setdefault(person_id, postcode)
    return postcodes
