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
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
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
    return trust
