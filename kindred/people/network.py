"""A person's network, seen from them: who matters to the child, in what way, and as a picture.

`network_of(person, user)` reads every relationship of the person and of the records merged into them in
one query, works out which way round each is (a relationship is stored once: "<from> is the <kind> of <to>"),
names it from the person's side ("Mother", not "Parent"; "Son", not "Child"), and hides what the viewer may
not see. `ecomap(network)` lays it out as an ecomap: the person at the centre, the people they live with
close around them, everyone else in sectors (family, carers, professionals, friends).

Privacy: a relative whose record the viewer may not see appears only as "Restricted record" with the neutral
relationship ("Parent") and whether they hold parental responsibility: no name, no link, no sex-specific word,
no dates, no note, no contact restriction text, and never "lives with" (that would give away where they live).
Ended relationships with a restricted person are left out altogether.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from kindred.people.models import (
    CARER_KINDS,
    FAMILY_KINDS,
    PROFESSIONAL_KINDS,
    RECIPROCAL,
    SYMMETRIC_KINDS,
    Person,
    Relationship,
    RelationshipKind,
)

RESTRICTED_NAME = "Restricted record"

# Sex-specific words, (female, male), for "<other> is the <kind> of the person".
_GENDERED: dict[str, tuple[str, str]] = {
    "parent": ("Mother", "Father"),
    "step_parent": ("Stepmother", "Stepfather"),
    "sibling": ("Sister", "Brother"),
    "half_sibling": ("Half-sister", "Half-brother"),
    "step_sibling": ("Stepsister", "Stepbrother"),
    "grandparent": ("Grandmother", "Grandfather"),
    "aunt_uncle": ("Aunt", "Uncle"),
}
# ... and for "the person is the <kind> of <other>" (the other is the reciprocal).
_GENDERED_RECIPROCAL: dict[str, tuple[str, str]] = {
    "parent": ("Daughter", "Son"),
    "step_parent": ("Stepdaughter", "Stepson"),
    "grandparent": ("Granddaughter", "Grandson"),
    "aunt_uncle": ("Niece", "Nephew"),
}
# Shorter words for the picture, where space is tight.
_SHORT: dict[str, str] = {
    "kinship_carer": "Kinship carer",
    "dsl": "Safeguarding lead",
    "other_professional": "Professional",
    "significant_other": "Significant person",
    "police_officer": "Police",
    "health_visitor": "Health visitor",
}


def in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Mother" → "mother", but "GP" stays "GP"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def relationship_label(kind: str, *, other_is_from: bool, sex: str = "U", short: bool = False) -> str:
    """What the other person is to the person whose record this is, e.g. "Mother", "Son", "Teacher"."""
    forward = other_is_from or kind in SYMMETRIC_KINDS
    words = _GENDERED if forward else _GENDERED_RECIPROCAL
    if sex in ("F", "M") and kind in words:
        female, male = words[kind]
        return female if sex == "F" else male
    if forward:
        if short and kind in _SHORT:
            return _SHORT[kind]
        return str(RelationshipKind(kind).label) if kind in RelationshipKind.values else kind
    return RECIPROCAL.get(kind, kind)


class Group(StrEnum):
    FAMILY = "family"
    CARERS = "carers"
    CARED_FOR = "cared_for"
    PROFESSIONALS = "professionals"
    WORKED_WITH = "worked_with"
    FRIENDS = "friends"

    @property
    def heading(self) -> str:
        return GROUP_TITLES[self]


GROUP_TITLES = {
    Group.FAMILY: "Family",
    Group.CARERS: "Carers",
    Group.CARED_FOR: "Children cared for",
    Group.PROFESSIONALS: "Professionals",
    Group.WORKED_WITH: "People worked with",
    Group.FRIENDS: "Friends and others",
}
GROUP_ORDER = list(Group)


def group_of(kind: str, *, other_is_from: bool, has_organisation: bool) -> Group:
    if kind in FAMILY_KINDS:
        return Group.FAMILY
    if kind in CARER_KINDS:
        return Group.CARERS if other_is_from else Group.CARED_FOR
    if kind in PROFESSIONAL_KINDS:
        return Group.PROFESSIONALS if other_is_from else Group.WORKED_WITH
    if has_organisation and other_is_from:
        return Group.PROFESSIONALS
    return Group.FRIENDS


@dataclass(frozen=True)
class Tie:
    """One relationship, read from the person at the centre."""

    relationship: Relationship | None  # None, like `other`, when the viewer may not see the other person
    other: Person | None  # None when the viewer may not see the other person's record
    kind: str
    label: str  # e.g. "Mother"
    short_label: str  # the same, shorter, for the picture
    group: Group
    current: bool
    lives_with: bool
    holds_pr: bool  # the other person holds parental responsibility for the person at the centre
    subject_holds_pr: bool  # the person at the centre holds parental responsibility for the other
    contact_restriction: str
    start_date: date | None
    end_date: date | None
    note: str
    via: Person | None = None  # the merged record this came through, if not the person themself

    @property
    def restricted(self) -> bool:
        return self.other is None

    @property
    def name(self) -> str:
        return self.other.full_name if self.other is not None else RESTRICTED_NAME

    @property
    def organisation(self) -> str:
        if self.other is None or self.other.organisation is None:
            return ""
        return self.other.organisation.name

    @property
    def job(self) -> str:
        """ "Teacher, Hollybank Primary School" for a professional."""
        if self.other is None:
            return ""
        return ", ".join(p for p in (self.other.job_title, self.organisation) if p)

    @property
    def label_in_sentence(self) -> str:
        return in_sentence(self.label)

    @property
    def job_detail(self) -> str:
        """The job title where it adds to the relationship ("Class teacher, Year 5"), and the organisation."""
        if self.other is None:
            return ""
        title = self.other.job_title
        if title.lower() == self.label.lower():
            title = ""
        return ", ".join(p for p in (title, self.organisation) if p)

    @property
    def died(self) -> date | None:
        return self.other.date_of_death if self.other is not None else None

    @property
    def href(self) -> str:
        return reverse("people:detail", args=[self.other.uuid]) if self.other is not None else ""

    @property
    def editable_here(self) -> bool:
        """Changed from this page: a relationship of the person themself (not of a merged record)."""
        return self.other is not None and self.relationship is not None and self.via is None

    @property
    def accessible_name(self) -> str:
        parts = [self.name, self.label_in_sentence]
        if self.lives_with:
            parts.append("lives with them")
        if self.holds_pr:
            parts.append("has parental responsibility")
        if self.contact_restriction:
            parts.append("contact restriction")
        if not self.current:
            parts.append("relationship ended")
        if self.died:
            parts.append("died")
        return ", ".join(parts)


@dataclass
class Network:
    person: Person
    ties: list[Tie] = field(default_factory=list)

    @property
    def current(self) -> list[Tie]:
        return [t for t in self.ties if t.current]

    @property
    def ended(self) -> list[Tie]:
        return [t for t in self.ties if not t.current]

    @property
    def household(self) -> list[Tie]:
        return [t for t in self.ties if t.current and t.lives_with]

    @property
    def known_to(self) -> list[Tie]:
        """Professionals currently working with the person."""
        return [t for t in self.ties if t.current and t.group == Group.PROFESSIONALS and t.other is not None]

    @property
    def with_parental_responsibility(self) -> list[Tie]:
        return [t for t in self.ties if t.current and t.holds_pr]

    @property
    def contact_restrictions(self) -> list[Tie]:
        return [t for t in self.ties if t.current and t.contact_restriction]

    def table_groups(self) -> list[tuple[str, list[Tie]]]:
        """Rows for the table: who they live with first, then each group, then ended relationships."""
        rows: list[tuple[str, list[Tie]]] = []
        household = self.household
        if household:
            rows.append((f"Lives with {self.person.first_name or 'them'}", household))
        for group in GROUP_ORDER:
            ties = [t for t in self.current if t.group == group and not t.lives_with]
            if ties:
                rows.append((group.heading, ties))
        if self.ended:
            rows.append(("Ended relationships", self.ended))
        return rows

    def summary(self) -> str:
        """A plain-English description of the network, for the picture's <desc>."""
        first = self.person.first_name or self.person.full_name
        if not self.ties:
            return f"No one is recorded in {first}'s network yet."
        sentences = []
        household = self.household
        if household:
            sentences.append(f"{first} lives with {_and(_described(t) for t in household)}.")
        for group in GROUP_ORDER:
            ties = [t for t in self.current if t.group == group and not t.lives_with]
            if ties:
                sentences.append(f"{group.heading}: {_and(_described(t) for t in ties)}.")
        pr = self.with_parental_responsibility
        if pr:
            sentences.append(f"Parental responsibility: {_and(_described(t) for t in pr)}.")
        restrictions = self.contact_restrictions
        if restrictions:
            sentences.append(f"Contact restrictions: {_and(_described(t) for t in restrictions)}.")
        ended = self.ended
        if ended:
            sentences.append(f"Ended: {_and(_described(t) for t in ended)}.")
        return " ".join(sentences)


def _described(tie: Tie) -> str:
    return f"{tie.name} ({tie.label_in_sentence})"


def _and(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


_PERSON_RELATED = ("organisation", "merged_into__organisation")


def network_of(person: Person, user: Any) -> Network:
    """Everyone related to the person or to a record merged into them, in one query whatever the size.

    Visibility is decided in the same query (an EXISTS against `visible_to(user)` for each end, and for the
    record an end was merged into), so nothing about a person the user may not see leaves the database layer
    except the neutral relationship.
    """
    visible = Person.objects.visible_to(user)
    # A record merged into this one is followed only if the user may see it: a restricted duplicate's
    # relatives must not appear on an unrestricted survivor's page.
    visible_ids = visible.values("pk")
    rows = (
        Relationship.objects.filter(
            Q(from_person=person)
            | Q(to_person=person)
            | Q(from_person__merged_into=person, from_person__in=visible_ids)
            | Q(to_person__merged_into=person, to_person__in=visible_ids)
        )
        .select_related(
            *(f"from_person__{r}" for r in _PERSON_RELATED), *(f"to_person__{r}" for r in _PERSON_RELATED)
        )
        .annotate(
            from_visible=Exists(visible.filter(pk=OuterRef("from_person_id"))),
            to_visible=Exists(visible.filter(pk=OuterRef("to_person_id"))),
            from_survivor_visible=Exists(visible.filter(pk=OuterRef("from_person__merged_into_id"))),
            to_survivor_visible=Exists(visible.filter(pk=OuterRef("to_person__merged_into_id"))),
        )
        .order_by("pk")
    )
    today = date.today()
    ties: dict[tuple[Any, ...], Tie] = {}
    for rel in rows:
        tie = _tie(person, rel, today)
        if tie is None:
            continue
        other_key = tie.other.pk if tie.other is not None else ("restricted", rel.pk, rel.kind)
        key = (other_key, tie.kind, tie.label)
        existing = ties.get(key)
        # The same person and relationship through the record and a merged duplicate: show it once, preferring
        # the person's own record and a current relationship.
        if existing is None or _rank(tie) < _rank(existing):
            ties[key] = tie
    ordered = sorted(ties.values(), key=_sort_key)
    return Network(person=person, ties=ordered)


def _rank(tie: Tie) -> tuple[int, int]:
    return (0 if tie.via is None else 1, 0 if tie.current else 1)


_KIND_ORDER = {k: i for i, k in enumerate(RelationshipKind.values)}


def _sort_key(tie: Tie) -> tuple[Any, ...]:
    return (
        GROUP_ORDER.index(tie.group),
        not tie.current,
        not tie.lives_with,
        _KIND_ORDER.get(tie.kind, 99),
        tie.other is None,
        tie.name.lower(),
    )


def _tie(person: Person, rel: Any, today: date) -> Tie | None:
    subject_is_from = rel.from_person_id == person.pk or rel.from_person.merged_into_id == person.pk
    subject_end = rel.from_person if subject_is_from else rel.to_person
    other = rel.to_person if subject_is_from else rel.from_person
    visible = rel.to_visible if subject_is_from else rel.from_visible
    if other.merged_into_id is not None:
        # A relative's duplicate record was merged: show the record that carries on.
        visible = rel.to_survivor_visible if subject_is_from else rel.from_survivor_visible
        other = other.merged_into
    if other.pk == person.pk or other.merged_into_id == person.pk:
        return None  # the person's own duplicate
    current = rel.end_date is None or rel.end_date >= today
    other_is_from = not subject_is_from
    via = subject_end if subject_end.pk != person.pk else None
    pr = bool(rel.parental_responsibility)
    if not visible:
        # Only the neutral relationship and parental responsibility: the row (which holds the hidden person)
        # is not passed on.
        if not current:
            return None
        neutral = relationship_label(rel.kind, other_is_from=other_is_from)
        return Tie(
            relationship=None,
            other=None,
            kind=rel.kind,
            label=neutral,
            short_label=neutral,
            group=group_of(rel.kind, other_is_from=other_is_from, has_organisation=False),
            current=True,
            lives_with=False,
            holds_pr=pr and other_is_from,
            subject_holds_pr=pr and not other_is_from,
            contact_restriction="",
            start_date=None,
            end_date=None,
            note="",
            via=via,
        )
    group = group_of(
        rel.kind, other_is_from=other_is_from, has_organisation=other.organisation_id is not None
    )
    return Tie(
        relationship=rel,
        other=other,
        kind=rel.kind,
        label=relationship_label(rel.kind, other_is_from=other_is_from, sex=other.sex),
        short_label=relationship_label(rel.kind, other_is_from=other_is_from, sex=other.sex, short=True),
        group=group,
        current=current,
        lives_with=bool(rel.lives_with) and current,
        holds_pr=pr and other_is_from,
        subject_holds_pr=pr and not other_is_from,
        contact_restriction=rel.contact_restriction,
        start_date=rel.start_date,
        end_date=rel.end_date,
        note=rel.note,
        via=via,
    )


# --- The ecomap ---------------------------------------------------------------------------------------------

WIDTH = 1000
HEIGHT = 760
CX, CY = WIDTH / 2, 376
CHILD_R = 40
NODE_R = 24
# The household sits on an inner ellipse inside a shaded "home"; everyone else on the outer one (two staggered
# rows when a sector is crowded).
HOME_RX, HOME_RY = 232, 158
INNER_RX, INNER_RY = 168, 100
OUTER_RX, OUTER_RY = 392, 248
STAGGER = 0.8
LABEL_WIDTH = 150  # room a node's name needs on the ring, in SVG units
MAX_OUTER = 26
MAX_HOUSEHOLD = 8
NAME_CHARS = 20
LABEL_CHARS = 24


@dataclass(frozen=True)
class MapNode:
    x: float
    y: float
    name: str
    label: str
    initials: str
    css: str
    href: str = ""
    accessible_name: str = ""
    title: str = ""
    more: int = 0  # a "+N more" node standing for people not drawn
    r: int = NODE_R
    # Names go on the far side of the node from the centre, so the line to the node never runs through them.
    text_above: bool = False

    @property
    def initials_y(self) -> float:
        return round(self.y + self.r * 0.24, 1)

    @property
    def name_y(self) -> float:
        return round(self.y - self.r - 25 if self.text_above else self.y + self.r + 18, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - self.r - 9 if self.text_above else self.y + self.r + 35, 1)

    def box(self) -> tuple[float, float, float, float]:
        """Roughly the area the node and its words cover: (left, top, right, bottom)."""
        half = max(len(self.name) * 4.6, len(self.label) * 4.0, self.r) + 4
        top = self.name_y - 15 if self.text_above else self.y - self.r
        bottom = self.y + self.r if self.text_above else self.label_y + 5
        return (self.x - half, top, self.x + half, bottom)

    @property
    def focus_r(self) -> int:
        return self.r + 5


@dataclass(frozen=True)
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str
    restriction: str = ""  # contact restriction text: a red marker half-way along the line

    @property
    def mx(self) -> float:
        return round((self.x1 + self.x2) / 2, 1)

    @property
    def my(self) -> float:
        return round((self.y1 + self.y2) / 2, 1)


@dataclass(frozen=True)
class Sector:
    path: str
    group: str
    title: str
    start: float
    end: float
    label_x: float = 0
    label_y: float = 0
    anchor: str = "middle"


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(sector: Sector, boxes: list[tuple[float, float, float, float]]) -> Sector:
    """Put a sector's name just outside its people, where it covers no one: try the middle of the sector
    first, then further out and to either side."""
    width = len(sector.title) * 10.5
    span = sector.end - sector.start
    best = None
    for step in range(8):
        for shift in (0.0, 0.2, -0.2, 0.35, -0.35):
            angle = (sector.start + sector.end) / 2 + shift * span
            grow = 1 + 0.06 * step
            x, y = _point(angle, (OUTER_RX + 20) * grow, (OUTER_RY + 20) * grow)
            cos = math.cos(math.radians(angle))
            anchor = "end" if cos > 0.3 else "start" if cos < -0.3 else "middle"
            left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
            # Keep it on the canvas.
            dx = max(0.0, 8 - left) - max(0.0, left + width - (WIDTH - 8))
            left, x = left + dx, x + dx
            y = min(max(y, 26), HEIGHT - 10)
            box = (left - 6, y - 21, left + width + 6, y + 10)  # with a margin
            candidate = replace(sector, label_x=round(x, 1), label_y=round(y, 1), anchor=anchor)
            if best is None:
                best = candidate
            if not any(_overlaps(box, b) for b in boxes):
                return candidate
    return best or sector


@dataclass
class Ecomap:
    width: int
    height: int
    cx: float
    cy: float
    centre: MapNode
    nodes: list[MapNode]
    lines: list[MapLine]
    sectors: list[Sector]
    home: bool
    home_label: str
    title: str
    description: str
    key_groups: list[tuple[str, str]] = field(default_factory=list)  # (group, title) of the colours used
    home_rx: int = HOME_RX
    home_ry: int = HOME_RY

    @property
    def home_label_y(self) -> float:
        return self.cy + self.home_ry - 16


def _point(angle_deg: float, rx: float, ry: float) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return round(CX + rx * math.cos(a), 1), round(CY + ry * math.sin(a), 1)


def _fit(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def initials(person: Person | None) -> str:
    if person is None:
        return "?"
    letters = [n[:1] for n in (person.first_name, person.last_name) if n]
    return "".join(letters).upper() or "?"


def _node_css(tie: Tie) -> str:
    css = [f"kindred-ecomap__node--{tie.group.value}"]
    if tie.restricted:
        css = ["kindred-ecomap__node--restricted"]
    if not tie.current:
        css.append("kindred-ecomap__node--ended")
    if tie.contact_restriction:
        css.append("kindred-ecomap__node--restriction")
    return " ".join(css)


def _line_css(tie: Tie) -> str:
    css = ["kindred-ecomap__line"]
    if not tie.current:
        css.append("kindred-ecomap__line--ended")
    elif tie.lives_with:
        css.append("kindred-ecomap__line--lives-with")
    if tie.current and (tie.holds_pr or tie.subject_holds_pr):
        css.append("kindred-ecomap__line--pr")
    return " ".join(css)


def _label(tie: Tie) -> str:
    label = tie.short_label
    if tie.died:
        label = f"{label} (died)"
    elif not tie.current:
        label = f"{label} (ended)"
    return label


def _node(tie: Tie, x: float, y: float) -> MapNode:
    return MapNode(
        text_above=y < CY - 40,
        x=x,
        y=y,
        name=_fit(tie.name, NAME_CHARS),
        label=_fit(_label(tie), LABEL_CHARS),
        initials=initials(tie.other),
        css=_node_css(tie),
        href=tie.href,
        accessible_name=tie.accessible_name,
        title=f"{tie.name}: {tie.label}" + (f", {tie.job}" if tie.job else ""),
    )


def _more_node(count: int, group: Group, x: float, y: float) -> MapNode:
    return MapNode(
        text_above=y < CY - 40,
        x=x,
        y=y,
        name=f"and {count} more",
        label=group.heading,
        initials=f"+{count}",
        css=f"kindred-ecomap__node--{group.value} kindred-ecomap__node--more",
        href="#network-table",
        accessible_name=f"{count} more in {group.heading.lower()}: see the table",
        title=f"{count} more: see the table below the picture",
        more=count,
    )


def _sector_path(start: float, end: float) -> str:
    """A wedge from the centre out past the outer ring, between two angles."""
    rx, ry = OUTER_RX + 90, OUTER_RY + 90
    x1, y1 = _point(start, rx, ry)
    x2, y2 = _point(end, rx, ry)
    large = 1 if (end - start) > 180 else 0
    return f"M{CX},{CY} L{x1},{y1} A{rx},{ry} 0 {large} 1 {x2},{y2} Z"


def _shares(counts: dict[Group, int], total_slots: int) -> dict[Group, int]:
    """How many people of each group to draw when there are more than fit: at least one each, the rest in
    proportion (largest remainders)."""
    total = sum(counts.values())
    if total <= total_slots:
        return dict(counts)
    shares = {g: max(1, math.floor(total_slots * n / total)) for g, n in counts.items()}
    while sum(shares.values()) > total_slots:
        biggest = max(shares, key=lambda g: shares[g])
        shares[biggest] -= 1
    return shares


def ecomap(network: Network) -> Ecomap:
    person = network.person
    first = person.first_name or person.full_name
    centre = MapNode(
        x=CX,
        y=CY,
        name=_fit(person.full_name, NAME_CHARS + 4),
        label=_age_label(person),
        initials=initials(person),
        css="kindred-ecomap__node--centre",
        r=CHILD_R,
    )
    nodes: list[MapNode] = []
    lines: list[MapLine] = []
    sectors: list[Sector] = []

    household = network.household[:MAX_HOUSEHOLD]
    hidden_household = len(network.household) - len(household)
    n = len(household) + (1 if hidden_household else 0)
    for i, tie in enumerate(household):
        angle = _household_angle(i, n)
        x, y = _point(angle, INNER_RX, INNER_RY)
        nodes.append(_node(tie, x, y))
        lines.append(MapLine(CX, CY, x, y, _line_css(tie), tie.contact_restriction))
    if hidden_household:
        x, y = _point(_household_angle(n - 1, n), INNER_RX, INNER_RY)
        nodes.append(_more_node(hidden_household, network.household[0].group, x, y))

    outer = [t for t in network.ties if not (t.current and t.lives_with)]
    counts: dict[Group, int] = {}
    for tie in outer:
        counts[tie.group] = counts.get(tie.group, 0) + 1
    shares = _shares(counts, MAX_OUTER)
    weights = {g: max(shares[g], 1.5) for g in counts}
    total_weight = sum(weights.values()) or 1
    first_group = next((g for g in GROUP_ORDER if g in counts), None)
    # The first group is centred at the top; the rest follow clockwise.
    angle = -90 - (360 * weights[first_group] / total_weight) / 2 if first_group else -90
    for group in GROUP_ORDER:
        if group not in counts:
            continue
        span = 360 * weights[group] / total_weight
        start, end = angle, angle + span
        angle = end
        members = [t for t in outer if t.group == group]
        drawn = members[: shares[group]]
        hidden = len(members) - len(drawn)
        slots = len(drawn) + (1 if hidden else 0)
        arc = _arc_length(span)
        staggered = slots > 1 and arc / slots < LABEL_WIDTH
        for i in range(slots):
            a = start + span * (i + 0.5) / slots
            factor = STAGGER if staggered and i % 2 else 1.0
            x, y = _point(a, OUTER_RX * factor, OUTER_RY * factor)
            if i < len(drawn):
                tie = drawn[i]
                nodes.append(_node(tie, x, y))
                lines.append(MapLine(CX, CY, x, y, _line_css(tie), tie.contact_restriction))
            else:
                nodes.append(_more_node(hidden, group, x, y))
        sectors.append(
            Sector(
                path=_sector_path(start, end) if len(counts) > 1 else "",
                group=group.value,
                title=group.heading,
                start=start,
                end=end,
            )
        )
    boxes = [n.box() for n in nodes] + [centre.box()]
    placed = [_place_label(sector, boxes) for sector in sectors]
    return Ecomap(
        width=WIDTH,
        height=HEIGHT,
        cx=CX,
        cy=CY,
        centre=centre,
        nodes=nodes,
        lines=lines,
        sectors=placed,
        home=bool(household),
        home_label=f"Lives with {first}",
        title=f"{person.full_name}'s network",
        description=network.summary(),
        key_groups=[(g.value, g.heading) for g in GROUP_ORDER if any(t.group == g for t in network.ties)],
    )


def _household_angle(i: int, n: int) -> float:
    """Spread the household over the left, top and right of the person, leaving room for their name below."""
    if n > 6:
        return -90 + 360 * i / n
    return 150 + 240 * (i + 0.5) / n


def _arc_length(span_deg: float) -> float:
    # Ramanujan's approximation of the ellipse's circumference, shared out by angle.
    a, b = OUTER_RX, OUTER_RY
    h = ((a - b) / (a + b)) ** 2
    circumference = math.pi * (a + b) * (1 + 3 * h / (10 + math.sqrt(4 - 3 * h)))
    return circumference * span_deg / 360


def _age_label(person: Person) -> str:
    from kindred.people.summary import age_text

    return age_text(person) or (person.job_title if person.organisation_id else "")
