"""Person search benchmark (PERFORMANCE.md § Person search).

Builds N synthetic people with bulk_create in a throwaway SQLite database (KINDRED_SQLITE_PATH pointed at a
temporary file, then migrated), runs a few hundred searches of each kind through
kindred.people.matching.find_people as a social worker, and prints p50/p95 timings, how many records each
search scored (candidates), and how often the person searched for was found and ranked first.

    .venv/bin/python bench/bench_search.py                       # 100,000 people, 300 searches of each kind
    .venv/bin/python bench/bench_search.py --people 1000000 --searches 300

Kinds of search (each aimed at one real record, with the errors practitioners make):
  dob+name   date of birth (1 in 4 with a common error: a day out, day/month swapped, a year digit) and
             name (1 in 3 with a typo in the last name, 1 in 5 with a nickname or transliteration)
  name only  first and last name (1 in 3 with a typo in the last name): the slower, capped path
  one name   a last name on its own: the broadest search
  nhs        an exact NHS number
  page       the whole search page through Django's test client (dob+name), with its audit events
All names are synthetic: random combinations from the lists below, half of them made up from syllables
so that, as in a real population, no name is very common (the commonest surname is about 2 % of people).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Amara Chidi Ngozi Emeka Tunde Kemi Ade Funmilayo Chinedu Ifeoma Kwame Ama Kofi Abena Yaw Mohammed "
    "Muhammad "
    "Ahmed Ali Hassan Hussain Ibrahim Yusuf Omar Bilal Zain Aisha Fatima Maryam Zainab Khadija Amina Hafsa "
    "Sana Ayesha Imran Tariq Asif Farhan Priya Arjun Ravi Anika Sunita Harpreet Jaspreet Gurpreet Manpreet "
    "Oliver Jack Harry George Noah Leo Charlie Jacob Alfie Freddie Oscar Thomas James William John Jon "
    "Jonathan Daniel Samuel Joseph Michael Christopher Olivia Amelia Isla Ava Mia Grace Sophia Lily Emily "
    "Poppy Ella Freya Evie Isabella Ruby Chloe Jessica Sophie Charlotte Elizabeth Katie Rebecca Leah "
    "Kayleigh Jayden Tyler Kyle Connor Reece Shannon Jade Courtney Marcus Andre Tyrone Jermaine Kezia "
    "Shanice Dwayne Leon Marek Piotr Agnieszka Katarzyna Tomasz Andrei Elena Ioana Mihai Darius Sean Aoife "
    "Ciaran Niamh Siobhan Declan Wei Li Ming Mei Huong Minh Thanh Nadia Layla Yasmin Idris Musa Abdi Hodan "
    "Ayan Faduma Kadra Deqa Liban"
)
LAST_NAMES = _words(
    "Khan Ahmed Hussain Ali Begum Akhtar Iqbal Mahmood Rashid Shah Butt Malik Hussein Rahman Islam Uddin "
    "Miah Chowdhury Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner "
    "Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips "
    "Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins "
    "Bell Shaw Murphy Miller Cox Richards Khalid Okafor Okonkwo Adeyemi Adebayo Oluwole Mensah Owusu Boateng "
    "Asante Appiah Campbell Francis Grant Reid Gordon Brown Singh Kaur Sandhu Gill Sidhu Dhillon Sharma "
    "Kumar Gupta Mistry Nowak Kowalski Wisniewski Wojcik Popescu Ionescu Murray O'Brien O'Connor Byrne "
    "Nguyen Tran Chen Wang Zhang Abdullahi Farah Mohamud Warsame Yusuf Osman Hassan Jama"
)
VARIANTS = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"],
    "Muhammad": ["Mohammed", "Muhammed"],
    "John": ["Jon", "Johnny"],
    "Jon": ["John"],
    "Jonathan": ["Jon", "John"],
    "William": ["Will", "Bill"],
    "Elizabeth": ["Liz", "Beth"],
    "Christopher": ["Chris"],
    "Aisha": ["Ayesha", "Aysha"],
    "Yusuf": ["Yousef", "Yousuf"],
    "Hussain": ["Hussein", "Husain"],
    "Fatima": ["Fatimah", "Fatma"],
    "Daniel": ["Dan", "Danny"],
}


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


# The long tail: most people's names are not among a few hundred common ones. Made-up names from syllables
# keep the most common names at realistic shares (the commonest surname about 2 % of people, as Khan is in
# Birmingham; the commonest first name about 2.5 %).
SYLLABLES = _words(
    "ka lo mi ra to na be si do fe gu ha ji ko lu ma ne pi ro su ta vi wa ye zo an el in or us ar"
)
ENDINGS = ("", "n", "r", "s", "la", "son", "ton", "ley", "ski", "ova", "ez", "ine", "ah")
COMMON_SHARE = 0.5


def made_up_name(rng: random.Random) -> str:
    parts = rng.choices(SYLLABLES, k=rng.choice((2, 2, 3)))
    return ("".join(parts) + rng.choice(ENDINGS)).capitalize()


def pick_name(common: tuple[str, ...], weights: list[float], rng: random.Random) -> str:
    if rng.random() < COMMON_SHARE:
        return rng.choices(common, weights)[0]
    return made_up_name(rng)


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name))  # practitioners rarely get the first letter wrong
    letter = rng.choice("aeiourlnst")
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    if kind == "transpose" and i < len(name) - 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "delete":
        return name[:i] + name[i + 1 :]
    if kind == "insert":
        return name[:i] + letter + name[i:]
    return name[:i] + letter + name[i + 1 :]


def dob_error(dob: date, rng: random.Random) -> date:
    kind = rng.choice(("day", "swap", "year"))
    if kind == "day":
        return dob + timedelta(days=rng.choice((-1, 1)))
    if kind == "swap" and dob.day <= 12 and dob.day != dob.month:
        return dob.replace(month=dob.day, day=dob.month)
    year = dob.year + rng.choice((-1, 1))
    try:
        return dob.replace(year=year)
    except ValueError:
        return dob


@dataclass
class Timings:
    label: str
    ms: list[float] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    capped: int = 0
    found: int = 0
    first: int = 0

    def row(self) -> str:
        n = len(self.ms)
        if not n:
            return f"| {self.label} | 0 |"
        ms = sorted(self.ms)
        cands = sorted(self.candidates) or [0]

        def pct(values: list[Any], p: float) -> Any:
            return values[min(len(values) - 1, int(p * len(values)))]

        return (
            f"| {self.label} | {n} | {statistics.median(ms):.1f} | {pct(ms, 0.95):.1f} | {ms[-1]:.1f} | "
            f"{statistics.median(cands):.0f} | {pct(cands, 0.95)} | {cands[-1]} | "
            f"{100 * self.capped / n:.0f} % | "
            f"{100 * self.found / n:.1f} % | {100 * self.first / n:.1f} % |"
        )


HEADER = (
    "| search | runs | p50 ms | p95 ms | max ms | candidates p50 | p95 | max | capped | found "
    "| ranked first |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def setup_django(path: Path) -> None:
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files not built
    os.environ["KINDRED_SQLITE_PATH"] = str(path)
    os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite file, never a configured database
    os.environ.pop("KINDRED_DEBUG", None)  # DEBUG would keep every query in memory
    os.environ.setdefault("KINDRED_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_people(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """n synthetic people through bulk_create, with their name keys; answers a sample of them as dicts."""
    from kindred.people.models import Identifier, Person, PersonName
    from kindred.people.names import name_keys
    from kindred.people.validators import nhs_number_check_digit, upn_check_letter

    first_weights = zipf_weights(len(FIRST_NAMES), 0.5)
    last_weights = zipf_weights(len(LAST_NAMES), 0.5)
    today = date.today()
    nhs_seed = 400_000_000
    batch: list[Person] = []
    sample: list[dict[str, Any]] = []
    created = 0
    for i in range(n):
        first = pick_name(FIRST_NAMES, first_weights, rng)
        last = pick_name(LAST_NAMES, last_weights, rng)
        child = rng.random() < 0.6
        start = date(2006, 1, 1) if child else date(1950, 1, 1)
        end = today if child else date(2005, 12, 31)
        dob = start + timedelta(days=rng.randrange((end - start).days))
        nhs = ""
        if rng.random() < 0.9:
            while not nhs:
                nhs_seed += 1
                check = nhs_number_check_digit(f"{nhs_seed:09d}")
                nhs = f"{nhs_seed:09d}{check}" if check is not None else ""
        upn = ""
        if child and rng.random() < 0.5:
            twelve = f"{i:011d}{rng.randrange(10)}"
            upn = upn_check_letter(twelve) + twelve
        batch.append(
            Person(
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                sex=rng.choice("MF"),
                nhs_number=nhs,
                upn=upn,
                **name_keys(first, last),
            )
        )
        if len(batch) == 5000 or i == n - 1:
            people = Person.objects.bulk_create(batch)
            names, identifiers = [], []
            for person in people:
                if rng.random() < 0.05:
                    previous = rng.choice(LAST_NAMES)
                    names.append(
                        PersonName(
                            person=person, kind="previous", last_name=previous, **name_keys("", previous)
                        )
                    )
                if rng.random() < 0.1:
                    identifiers.append(Identifier(person=person, kind="la_child_id", value=f"LA-{person.pk}"))
                if rng.random() < 400 / max(n, 1):
                    sample.append(
                        {
                            "pk": person.pk,
                            "first": person.first_name,
                            "last": person.last_name,
                            "dob": person.date_of_birth,
                            "nhs": person.nhs_number,
                        }
                    )
            PersonName.objects.bulk_create(names)
            Identifier.objects.bulk_create(identifiers)
            created += len(batch)
            batch = []
            if created % 100_000 == 0:
                print(f"  {created:,} people", file=sys.stderr)
    return sample


def run(
    label: str, targets: list[dict[str, Any]], make: Callable[[dict[str, Any], random.Random], Any], user: Any
) -> Timings:
    from kindred.people.matching import find_people

    rng = random.Random(label)
    timings = Timings(label)
    for target in targets:
        query = make(target, rng)
        started = time.perf_counter()
        outcome = find_people(user, query)
        timings.ms.append(1000 * (time.perf_counter() - started))
        timings.candidates.append(outcome.candidates)
        timings.capped += outcome.capped
        ids = [m.person.pk for m in outcome.matches]
        timings.found += target["pk"] in ids
        # Ranked first, or tied for first with records that look the same.
        timings.first += bool(ids) and (
            ids[0] == target["pk"]
            or any(
                m.person.pk == target["pk"] and m.score == outcome.matches[0].score for m in outcome.matches
            )
        )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=300, help="searches of each kind")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kindred-bench-") as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from kindred.organisation.models import User
        from kindred.people.matching import PersonQuery

        rng = random.Random(args.seed)
        started = time.perf_counter()
        sample = build_people(args.people, rng)
        build_s = time.perf_counter() - started
        user = User.objects.create_user(
            username="bench", password=secrets.token_urlsafe(16), role="social_worker"
        )
        targets = (sample * (args.searches // max(len(sample), 1) + 1))[: args.searches]

        def first_name(t: dict[str, Any], r: random.Random) -> str:
            options = VARIANTS.get(t["first"])
            return r.choice(options) if options and r.random() < 0.2 else t["first"]

        def last_name(t: dict[str, Any], r: random.Random) -> str:
            return typo(t["last"], r) if r.random() < 1 / 3 else t["last"]

        kinds: list[tuple[str, Callable[[dict[str, Any], random.Random], Any]]] = [
            (
                "dob+name",
                lambda t, r: PersonQuery(
                    first_name=first_name(t, r),
                    last_name=last_name(t, r),
                    date_of_birth=dob_error(t["dob"], r) if r.random() < 0.25 else t["dob"],
                ),
            ),
            ("name only", lambda t, r: PersonQuery(first_name=first_name(t, r), last_name=last_name(t, r))),
            ("one name", lambda t, r: PersonQuery(either_name=t["last"])),
            ("nhs", lambda t, r: PersonQuery(nhs_number=t["nhs"])),
        ]
        size_mb = (Path(tmp) / "bench.sqlite3").stat().st_size / 1e6
        print(
            f"{args.people:,} people built in {build_s:.1f} s "
            f"(SQLite file {size_mb:.0f} MB), seed {args.seed}"
        )
        print(HEADER, flush=True)
        for label, make in kinds:
            chosen = [t for t in targets if t["nhs"]] if label == "nhs" else targets
            run(label, chosen[:20], make, user)  # warm up
            print(run(label, chosen, make, user).row(), flush=True)
        try:
            print(run_page(targets[:200], user).row())
        except Exception as error:  # the page depends on the whole app: report, do not lose the rows above
            print(f"| page (dob+name) | failed: {type(error).__name__}: {error} |")
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (1 / 5 / 15 min) at the end of the run")


def run_page(targets: list[dict[str, Any]], user: Any) -> Timings:
    """The whole page, with its session, audit events and template, through the test client (instrumented,
    so that the response carries its context)."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(user)
    page = Timings("page (dob+name)")
    for target in targets:
        params = {
            "name": f"{target['first']} {target['last']}",
            "date_of_birth_0": str(target["dob"].day),
            "date_of_birth_1": str(target["dob"].month),
            "date_of_birth_2": str(target["dob"].year),
        }
        started = time.perf_counter()
        response = client.get("/people/", params, secure=True)
        page.ms.append(1000 * (time.perf_counter() - started))
        if response.status_code != 200:
            raise RuntimeError(f"the search page answered {response.status_code}")
        outcome = response.context["outcome"]
        page.candidates.append(outcome.candidates)
        ids = [m.person.pk for m in outcome.matches]
        page.found += target["pk"] in ids
        page.first += bool(ids) and outcome.matches[0].score == next(
            (m.score for m in outcome.matches if m.person.pk == target["pk"]), -1
        )
    return page


if __name__ == "__main__":
    main()
