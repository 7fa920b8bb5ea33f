"""The synthetic trust's organisation and the demo logins (one per role in DESIGN.md § Roles).

Everything here is invented. The structure is modelled on a large urban trust; no real names are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from kindred.access.roles import Role
from kindred.organisation import actions
from kindred.organisation.models import Locality, PartnerOrganisation, ServiceArea, Team, Trust, User

DEMO_PASSWORD = "kindred-demo-2026"  # noqa: S105  (published on purpose: the demo trust only)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    first_name: str
    last_name: str
    team: str | None = None
    partner: str | None = None
    job_title: str = ""


LOCALITIES = {
    "North": "B23 B24 B42 B43 B44 B72 B73 B75 B76",
    "South": "B14 B29 B30 B31 B38 B45",
    "East": "B8 B9 B25 B26 B33 B34 B35 B36 B37",
    "West": "B16 B17 B32 B62 B66 B68",
    "Central": "B1 B2 B3 B4 B5 B6 B7 B10 B11 B12 B18 B19",
}

SERVICE_AREAS: dict[str, list[tuple[str, str, str | None]]] = {
    "Front door and assessment": [
        ("Children's Advice and Support Service", Team.Kind.FRONT_DOOR, None),
        ("Assessment North", Team.Kind.ASSESSMENT, "North"),
        ("Assessment South", Team.Kind.ASSESSMENT, "South"),
        ("Assessment Central", Team.Kind.ASSESSMENT, "Central"),
    ],
    "Children in need and protection": [
        ("Child Protection North", Team.Kind.CIN_CP, "North"),
        ("Child Protection East", Team.Kind.CIN_CP, "East"),
        ("Child Protection West", Team.Kind.CIN_CP, "West"),
        ("Disabled Children's Team", Team.Kind.DISABLED_CHILDREN, None),
    ],
    "Children in care and care leavers": [
        ("Children in Care Central", Team.Kind.CHILDREN_IN_CARE, "Central"),
        ("Leaving Care", Team.Kind.LEAVING_CARE, None),
    ],
    "Family help": [
        ("Family Help East", Team.Kind.FAMILY_HELP, "East"),
        ("Family Help South", Team.Kind.FAMILY_HELP, "South"),
    ],
    "Quality, performance and systems": [
        ("Independent Reviewing Service", Team.Kind.REVIEWING, None),
        ("Performance and Insight", Team.Kind.PERFORMANCE, None),
        ("Systems Team", Team.Kind.SYSTEMS, None),
    ],
}

PARTNERS: list[tuple[str, str, str]] = [
    # (name, kind, URN for schools: invented 6-digit numbers)
    ("Hollybank Primary School", PartnerOrganisation.Kind.SCHOOL, "990101"),
    ("Canal Street Academy", PartnerOrganisation.Kind.SCHOOL, "990102"),
    ("Moseley Park Secondary School", PartnerOrganisation.Kind.SCHOOL, "990103"),
    ("St Chad's Catholic Primary", PartnerOrganisation.Kind.SCHOOL, "990104"),
    ("Bordesley Green Girls' School", PartnerOrganisation.Kind.SCHOOL, "990105"),
    ("Little Acorns Nursery", PartnerOrganisation.Kind.EARLY_YEARS, ""),
    ("Alum Rock Medical Centre", PartnerOrganisation.Kind.GP, ""),
    ("Kings Heath Family Practice", PartnerOrganisation.Kind.GP, ""),
    ("West Midlands Police Public Protection Unit", PartnerOrganisation.Kind.POLICE, ""),
    ("City Community Health Trust", PartnerOrganisation.Kind.HEALTH, ""),
    ("City Council Housing Options", PartnerOrganisation.Kind.HOUSING, ""),
    ("Probation Service West Midlands", PartnerOrganisation.Kind.PROBATION, ""),
    ("Ladywood Youth Project", PartnerOrganisation.Kind.VOLUNTARY, ""),
]

DEMO_LOGINS = [
    DemoLogin(
        "frontdoor",
        Role.FRONT_DOOR,
        "Priya",
        "Sandhu",
        "Children's Advice and Support Service",
        job_title="Senior practitioner",
    ),
    DemoLogin(
        "socialworker", Role.SOCIAL_WORKER, "Daniel", "Osei", "Assessment North", job_title="Social worker"
    ),
    DemoLogin(
        "teammanager", Role.TEAM_MANAGER, "Rachel", "Whitmore", "Assessment North", job_title="Team manager"
    ),
    DemoLogin(
        "servicemanager",
        Role.SERVICE_MANAGER,
        "Imran",
        "Hussain",
        "Child Protection North",
        job_title="Head of service",
    ),
    DemoLogin(
        "iro",
        Role.REVIEWING_OFFICER,
        "Grace",
        "Adeyemi",
        "Independent Reviewing Service",
        job_title="Independent reviewing officer",
    ),
    DemoLogin(
        "familyhelp",
        Role.FAMILY_HELP,
        "Tomasz",
        "Nowak",
        "Family Help East",
        job_title="Family support worker",
    ),
    DemoLogin(
        "analyst",
        Role.ANALYST,
        "Hannah",
        "Clarke",
        "Performance and Insight",
        job_title="Performance analyst",
    ),
    DemoLogin("commissioner", Role.COMMISSIONER, "Martin", "Evans", None, job_title="Commissioning manager"),
    DemoLogin(
        "school",
        Role.PARTNER,
        "Sophie",
        "Turner",
        partner="Hollybank Primary School",
        job_title="Designated safeguarding lead",
    ),
    DemoLogin(
        "admin", Role.ADMINISTRATOR, "Aisha", "Begum", "Systems Team", job_title="Systems administrator"
    ),
]


# Further (invented) staff alongside the demo logins, so that records come from several workers (e.g. a
# duplicate made by "another worker") and the case-holding teams are staffed for the demo's caseloads: at the
# default 300 children ~70 children are being assessed and ~200 are on plans at any time, so the two
# assessment teams have two social workers each and Child Protection East a dozen, each team with its manager
# (kindred.synthetic.casework allocates across them). Real caseloads are ~15-25 children a worker. The staff
# added for the caseloads have names the people generator cannot make (one of the two parts is in none of
# kindred.synthetic.names' lists), so the generated people stayed as they were; a generated person who shares
# any other member of staff's name is given another first name (STAFF_NAMES). They sign in with the demo
# password too.
SYNTHETIC_STAFF = [
    DemoLogin(
        "bahmed",
        Role.FRONT_DOOR,
        "Bilal",
        "Ahmed",
        "Children's Advice and Support Service",
        job_title="Front-door practitioner",
    ),
    DemoLogin(
        "jfletcher",
        Role.FRONT_DOOR,
        "Joanne",
        "Fletcher",
        "Children's Advice and Support Service",
        job_title="Front-door practitioner",
    ),
    DemoLogin(
        "lashworth",
        Role.SOCIAL_WORKER,
        "Lucy",
        "Ashworth",
        "Assessment North",
        job_title="Social worker (ASYE)",
    ),
    DemoLogin(
        "gpugh",
        Role.TEAM_MANAGER,
        "Gareth",
        "Pugh",
        "Assessment South",
        job_title="Team manager",
    ),
    DemoLogin(
        "noconnor", Role.SOCIAL_WORKER, "Niamh", "O'Connor", "Assessment South", job_title="Social worker"
    ),
    DemoLogin(
        "asangha",
        Role.SOCIAL_WORKER,
        "Amardeep",
        "Sangha",
        "Assessment South",
        job_title="Social worker (part time)",
    ),
    DemoLogin(
        "oadeyinka",
        Role.TEAM_MANAGER,
        "Olumide",
        "Adeyinka",
        "Child Protection East",
        job_title="Team manager",
    ),
    DemoLogin(
        "lcampbell",
        Role.SOCIAL_WORKER,
        "Leanne",
        "Campbell",
        "Child Protection East",
        job_title="Senior social worker",
    ),
    DemoLogin(
        "ghargreaves",
        Role.SOCIAL_WORKER,
        "Gemma",
        "Hargreaves",
        "Child Protection East",
        job_title="Senior social worker",
    ),
    DemoLogin(
        "cfraser",
        Role.SOCIAL_WORKER,
        "Callum",
        "Fraser",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "bpritchard",
        Role.SOCIAL_WORKER,
        "Bethan",
        "Pritchard",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "mthorne",
        Role.SOCIAL_WORKER,
        "Marcus",
        "Thorne",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "ezielinska",
        Role.SOCIAL_WORKER,
        "Ewa",
        "Zielinska",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "jmwangi",
        Role.SOCIAL_WORKER,
        "Joseph",
        "Mwangi",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "kbarrett",
        Role.SOCIAL_WORKER,
        "Kerry-Ann",
        "Barrett",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "fsiddiqui",
        Role.SOCIAL_WORKER,
        "Farah",
        "Siddiqui",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "tmoyo",
        Role.SOCIAL_WORKER,
        "Tendai",
        "Moyo",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "ollewellyn",
        Role.SOCIAL_WORKER,
        "Owen",
        "Llewellyn",
        "Child Protection East",
        job_title="Social worker",
    ),
    DemoLogin(
        "jholloway",
        Role.SOCIAL_WORKER,
        "Jasmine",
        "Holloway",
        "Child Protection East",
        job_title="Social worker (ASYE)",
    ),
    DemoLogin(
        "kmensah",
        Role.SOCIAL_WORKER,
        "Kwame",
        "Mensah",
        "Children in Care Central",
        job_title="Supervising social worker (fostering)",
    ),
    DemoLogin(
        "rpatel", Role.FAMILY_HELP, "Ravi", "Patel", "Family Help South", job_title="Family support worker"
    ),
]

# Generated people never share a full name with a member of staff (it would confuse the demo).
STAFF_NAMES = frozenset((s.first_name, s.last_name) for s in (*DEMO_LOGINS, *SYNTHETIC_STAFF))


def _add_logins(logins: list[DemoLogin]) -> None:
    teams = {t.name: t for t in Team.objects.filter(name__in={x.team for x in logins if x.team})}
    partners = {
        p.name: p
        for p in PartnerOrganisation.objects.filter(name__in={x.partner for x in logins if x.partner})
    }
    existing = set(
        User.objects.filter(username__in=[x.username for x in logins]).values_list("username", flat=True)
    )
    for login in logins:
        if login.username in existing:
            continue
        actions.add_user(
            username=login.username,
            password=DEMO_PASSWORD,
            role=login.role,
            first_name=login.first_name,
            last_name=login.last_name,
            team=teams.get(login.team) if login.team else None,
            partner_organisation=partners.get(login.partner) if login.partner else None,
            job_title=login.job_title,
            by=None,
        )


def build_staff() -> dict[str, User]:
    """The synthetic staff (after build_organisation). Safe to run again. Returns every demo and synthetic
    worker by username."""
    _add_logins(SYNTHETIC_STAFF)
    usernames = [x.username for x in (*DEMO_LOGINS, *SYNTHETIC_STAFF)]
    return {u.username: u for u in User.objects.filter(username__in=usernames)}


def build_organisation() -> Trust:
    """Create the trust, its structure, partners and demo logins. Safe to run again: nothing is duplicated."""
    trust, _ = Trust.objects.get_or_create(
        name="Kindred Demo Children's Trust", defaults={"la_code": "330", "ons_code": "E08000025"}
    )
    localities = {}
    for name, districts in LOCALITIES.items():
        localities[name], _ = Locality.objects.get_or_create(
            trust=trust, name=name, defaults={"postcode_districts": districts}
        )
    teams: dict[str, Team] = {}
    for area_name, team_specs in SERVICE_AREAS.items():
        area, _ = ServiceArea.objects.get_or_create(trust=trust, name=area_name)
        for team_name, kind, locality in team_specs:
            teams[team_name], _ = Team.objects.get_or_create(
                service_area=area,
                name=team_name,
                defaults={"kind": kind, "locality": localities.get(locality) if locality else None},
            )
    partners: dict[str, PartnerOrganisation] = {}
    for name, kind, urn in PARTNERS:
        partners[name], _ = PartnerOrganisation.objects.get_or_create(
            trust=trust, name=name, defaults={"kind": kind, "urn": urn}
        )
    _add_logins(DEMO_LOGINS)
    return trust
