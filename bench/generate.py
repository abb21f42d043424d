"""Deterministic synthetic content for the build benchmark (issue 6).

`generate(n)` makes, from a seeded random generator and a fixed "today" (never
the clock), N case studies, N/2 events, N/10 e-shot issues and N learning
providers that satisfy the content contract (`shared/design/content-model.md`)
and use only values from the repository's `vocabulary.yml`. Names are
fictional, addresses are on example.org, postcodes have the UK format and
phone numbers are from Ofcom's ranges reserved for drama.

`write_project(content, dir)` writes a complete project (the repository's
`mkdocs.yml`, `vocabulary.yml`, `docs/` and `overrides/`, plus the content
folders) that `mkdocs build` and `wla --root DIR check` accept.

`write_floor(content, dir, pages)` writes the FLOOR project the full site is
measured against: a bare mkdocs-material site (theme `material`, default
`search` plugin, `font: false`, no `wla` plugin) with `pages` Markdown pages
carrying the same bodies (case-study and e-shot bodies, event descriptions,
provider details, listings as Markdown lists of the same items) and a `nav:`
of a few pages, like the full site, whose generated pages are not in the nav.

Run it alone to look at the content:

    python bench/generate.py 100 /tmp/wla-100            # full project
    python bench/generate.py 100 /tmp/floor-100 --floor  # floor project
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import struct
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent

SEED = 20261124
TODAY = date(2026, 11, 24)
"""The benchmark's fixed "today"; `run.py` sets SOURCE_DATE_EPOCH to the same day."""
EPOCH = "1795521600"
"""2026-11-24 12:00 UTC, as in tests/conftest.py."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper (the C one where available) writing multi-line text as `|` blocks, as people do."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


# --- word banks ------------------------------------------------------------------------------

FIRST = """Aisha Alan Amara Ben Bethan Carys Chloe Connor Dan Deepa Eilidh Ellie Emeka Fatima Finn
Gareth Grace Hamza Hannah Imran Isla Jack Jasmine Kamal Kerry Liam Lucy Mairead Marek Megan
Mohammed Nadia Niamh Oliver Owen Priya Rhys Rosa Sam Sanjay Siobhan Tariq Tom Una Wes Yusuf Zara""".split()  # noqa: SIM905
LAST = """Ahmed Barker Begum Campbell Clarke Davies Doherty Evans Fletcher Gallagher Grant Hartley
Hughes Iqbal Jones Kaur Kowalski Lewis MacLeod Morgan Murphy Nowak Okafor Owen Patel Price
Quinn Reid Roberts Shah Singh Taylor Thomas Turner Walsh Watson Williams Wilson Wright Young""".split()  # noqa: SIM905

# Towns of each region with a plausible postcode district (only the format is validated).
TOWNS: dict[str, list[tuple[str, str]]] = {
    "north-east": [
        ("Newcastle upon Tyne", "NE1"),
        ("Sunderland", "SR1"),
        ("Durham", "DH1"),
        ("Middlesbrough", "TS1"),
        ("Hexham", "NE46"),
        ("Gateshead", "NE8"),
    ],
    "north-west": [
        ("Wigan", "WN1"),
        ("Liverpool", "L1"),
        ("Manchester", "M1"),
        ("Preston", "PR1"),
        ("Millom", "LA18"),
        ("Whitehaven", "CA28"),
        ("Lancaster", "LA1"),
        ("Bolton", "BL1"),
    ],
    "yorkshire-and-the-humber": [
        ("Leeds", "LS1"),
        ("Sheffield", "S1"),
        ("Wakefield", "WF1"),
        ("Hull", "HU1"),
        ("York", "YO1"),
        ("Bradford", "BD1"),
    ],
    "east-midlands": [
        ("Lincoln", "LN1"),
        ("Nottingham", "NG1"),
        ("Derby", "DE1"),
        ("Leicester", "LE1"),
        ("Horncastle", "LN9"),
        ("Northampton", "NN1"),
    ],
    "west-midlands": [
        ("Birmingham", "B1"),
        ("Wolverhampton", "WV1"),
        ("Coventry", "CV1"),
        ("Stoke-on-Trent", "ST1"),
        ("Walsall", "WS1"),
        ("Hereford", "HR1"),
    ],
    "east-of-england": [
        ("Norwich", "NR1"),
        ("Cambridge", "CB1"),
        ("Ipswich", "IP1"),
        ("Peterborough", "PE1"),
        ("Chelmsford", "CM1"),
        ("Luton", "LU1"),
    ],
    "london": [
        ("London", "E1"),
        ("London", "N7"),
        ("London", "SE1"),
        ("London", "SW9"),
        ("London", "NW1"),
        ("London", "EC1A"),
        ("London", "WC1B"),
        ("London", "W2"),
    ],
    "south-east": [
        ("Brighton", "BN1"),
        ("Reading", "RG1"),
        ("Canterbury", "CT1"),
        ("Oxford", "OX1"),
        ("Southampton", "SO14"),
        ("Margate", "CT9"),
    ],
    "south-west": [
        ("Bristol", "BS1"),
        ("Exeter", "EX1"),
        ("Plymouth", "PL1"),
        ("Truro", "TR1"),
        ("Gloucester", "GL1"),
        ("Bath", "BA1"),
    ],
    "wales": [
        ("Cardiff", "CF10"),
        ("Swansea", "SA1"),
        ("Newport", "NP20"),
        ("Wrexham", "LL11"),
        ("Bangor", "LL57"),
        ("Aberystwyth", "SY23"),
    ],
    "scotland": [
        ("Glasgow", "G1"),
        ("Edinburgh", "EH1"),
        ("Aberdeen", "AB10"),
        ("Dundee", "DD1"),
        ("Inverness", "IV1"),
        ("Stirling", "FK8"),
    ],
    "northern-ireland": [
        ("Belfast", "BT1"),
        ("Derry", "BT48"),
        ("Newry", "BT34"),
        ("Omagh", "BT78"),
        ("Lisburn", "BT28"),
        ("Armagh", "BT61"),
    ],
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Ofcom numbers reserved for TV and radio drama: (prefix, fixed part), last three digits free.
PHONES = [
    ("0113 496 0", 3),
    ("0114 496 0", 3),
    ("0115 496 0", 3),
    ("0117 496 0", 3),
    ("0121 496 0", 3),
    ("0131 496 0", 3),
    ("0141 496 0", 3),
    ("0151 496 0", 3),
    ("0161 496 0", 3),
    ("020 7946 0", 3),
    ("028 9649 6", 3),
    ("029 2018 0", 3),
    ("01632 960", 3),
    ("0808 157 0", 3),
]

SECTOR_ORGS = {
    "advice-and-guidance": [
        "Advice Centre",
        "Citizens Advice Partnership",
        "Money Advice Service",
        "Advice Skills Academy",
    ],
    "public-sector": [
        "Borough Council",
        "District Council",
        "Fire and Rescue Service",
        "Job Centre Partnership",
    ],
    "health-and-social-care": [
        "Care Homes",
        "Home Care Agency",
        "Community Health Trust",
        "Dental Practice",
    ],
    "manufacturing": ["Engineering", "Precision Castings", "Packaging", "Print Works", "Textiles"],
    "logistics-and-transport": ["Haulage", "Bus Company", "Freight Services", "Couriers"],
    "retail": ["Hardware Store", "Garden Centre", "Co-operative Store", "Bookshop"],
    "hospitality-and-tourism": ["Hotel", "Visitor Centre", "Holiday Park", "Café and Bistro"],
    "construction": ["Builders", "Roofing", "Joinery", "Civil Engineering"],
    "education": ["Primary School", "Nursery", "Sixth Form College", "Adult Education Centre"],
    "charity-and-voluntary": [
        "Housing Charity",
        "Food Bank",
        "Youth Trust",
        "Community Association",
    ],
    "professional-services": ["Accountants", "Solicitors", "Recruitment", "Architects"],
    "agriculture-and-food": ["Bakery", "Dairy", "Farm Shop", "Food Processing"],
    "creative-and-digital": ["Design Studio", "Software House", "Media Co-operative", "Web Agency"],
    "finance-and-insurance": ["Credit Union", "Building Society", "Insurance Brokers", "Mutual"],
}
ORG_PREFIX = """Riverside Northgate Hillcrest Oakfield Harbour Meadow Castle Valley Moorland Bridgewater
Kingsway Elmwood Greenbank Parkside Westfield Eastgate Ashdown Beacon Foundry Millbrook""".split()  # noqa: SIM905

ROLES = [
    "WLA",
    "Lead WLA",
    "Lead WLA",
    "Learning champion",
    "Office manager",
    "HR adviser",
    "Team leader",
]

ACTIVITIES = {
    "learning-at-work-week": [
        "a lunchtime quiz on each other's jobs",
        "a hobby swap afternoon",
        "a walking meeting with a learning theme",
        "a 'teach us something' noticeboard",
    ],
    "adult-learners-week": [
        "an advice stand in the staff canteen",
        "a learning fair with local providers",
        "a 'tell us what you'd like to learn' survey",
    ],
    "apprenticeships": [
        "an apprenticeship information session",
        "a buddy scheme for new apprentices",
        "a meeting with a local training provider about standards",
    ],
    "basic-skills": [
        "a confidential maths refresher",
        "an English drop-in with a local tutor",
        "a reading group using the company handbook",
    ],
    "digital-skills": [
        "a smartphone and email clinic",
        "a spreadsheet basics course",
        "an online safety session",
        "a video-calling taster",
    ],
    "mental-health": [
        "a mental health awareness briefing",
        "a stress and sleep workshop",
        "training for two mental health first aiders",
    ],
    "peer-learning": [
        "skill-swap pairs across teams",
        "short 'how I do my job' talks",
        "a shared list of who can teach what",
    ],
    "work-shadowing": [
        "half-day shadowing between departments",
        "a job-swap week",
        "shadowing the customer service desk",
    ],
    "coaching-and-mentoring": [
        "a six-month mentoring scheme",
        "coaching conversations for team leaders",
        "a reverse mentoring pilot",
    ],
    "community-learning": [
        "courses at the local library",
        "a family learning evening",
        "a partnership with the community learning hub",
    ],
    "informal-learning": [
        "a book and podcast swap shelf",
        "lunch-and-learn sessions",
        "a monthly 'something new' challenge",
    ],
    "leadership": [
        "a first-line management course",
        "a leadership reading circle",
        "shadowing the managing director for a day",
    ],
    "wellbeing": [
        "a wellbeing week with taster sessions",
        "a cookery demonstration",
        "a financial wellbeing talk",
    ],
    "qualifications": [
        "support to finish a level 2 qualification",
        "study leave for an NVQ",
        "a certificate in customer service",
    ],
}

OPENERS = [
    "{org} employs {staff} people in {town}, and until recently most of them had not taken part in any learning since they left school.",
    "When {name} became a Workplace Learning Advocate at {org}, she asked colleagues a simple question: what would you like to learn?",
    "{org} is a {size_word} {sector} employer in {town}, with staff working shifts that make it hard to get to a college.",
    "For years, training at {org} meant compulsory health and safety sessions and little else.",
    "Staff at {org} in {town} had plenty of ideas about learning, but nobody had asked them before.",
]
SENTENCES = [
    "The first step was to talk to people one at a time, over a cup of tea, rather than sending an email.",
    "Managers were cautious at first, worried about time away from the job, but agreed to a short trial.",
    "Several colleagues said they had been put off learning by bad experiences at school.",
    "Sessions were kept short and ran at times that suited the shift pattern.",
    "The WLA kept a simple record of who took part, which later helped to make the case for more.",
    "A local provider helped by sending a tutor on site, which made a big difference for people without a car.",
    "People were encouraged to bring a friend, so nobody had to walk in on their own.",
    "The network's small grants covered materials and refreshments.",
    "Feedback forms were replaced with a quick show of hands and a few conversations afterwards.",
    "Some of the quietest members of staff turned out to have the most to share.",
    "Colleagues who had never met, because they worked different shifts, got to know each other.",
    "The owner joined in, which sent a clear message that learning was valued.",
    "A noticeboard in the break room showed what was coming up and what people had achieved.",
    "It was not all smooth: one session had to be moved twice because of a busy week.",
    "The WLA met the Lead WLA for her area every few weeks to share ideas and problems.",
    "Several people went on to sign up for courses in their own time.",
    "What mattered most, people said, was being asked rather than told.",
    "Learning started to come up in team meetings without anyone prompting it.",
    "The cost was small: a few hours of staff time and some printed handouts.",
    "Because the sessions were voluntary, the numbers taking part grew slowly but steadily.",
]
QUOTES = [
    "People enjoyed learning about each other's roles.",
    "I didn't think I could do maths, and now I help my daughter with her homework.",
    "It felt like the company cared about us, not just about the work.",
    "Having someone on the team to ask made it much less scary.",
    "We learned more in one afternoon than in years of compulsory training.",
]
HEADINGS = [
    ("Why learning?", "Getting started"),
    ("What ran", "What happened"),
    ("Results", "What changed"),
    ("What staff said", "In their own words"),
    ("What is next", "Next steps"),
]


# --- the content ---------------------------------------------------------------------------


@dataclass
class Item:
    slug: str
    data: dict[str, Any]
    body: str = ""


@dataclass
class Content:
    n: int
    vocabulary: dict[str, dict[str, str]]
    case_studies: list[Item] = field(default_factory=list)
    events: list[Item] = field(default_factory=list)
    newsletters: list[Item] = field(default_factory=list)
    providers: list[Item] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)

    @property
    def published_cases(self) -> list[Item]:
        return [c for c in self.case_studies if not c.data.get("draft")]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def load_vocabulary(root: Path = REPO) -> dict[str, dict[str, str]]:
    with open(root / "vocabulary.yml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class Writer:
    """Prose from the word banks, deterministic for a given random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def person(self) -> str:
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def postcode(self, district: str) -> str:
        r = self.r
        return f"{district} {r.randint(1, 9)}{r.choice(INWARD_LETTERS)}{r.choice(INWARD_LETTERS)}"

    def phone(self) -> str:
        prefix, free = self.r.choice(PHONES)
        return prefix + "".join(str(self.r.randint(0, 9)) for _ in range(free))

    def town(self, region: str) -> tuple[str, str]:
        if region not in TOWNS:
            region = self.r.choice(list(TOWNS))
        return self.r.choice(TOWNS[region])

    def sentences(self, count: int) -> str:
        return " ".join(self.r.sample(SENTENCES, count))

    def paragraph(self, low: int = 2, high: int = 4) -> str:
        return wrap(self.sentences(self.r.randint(low, high)))


def wrap(text: str, width: int = 78) -> str:
    """Lines of at most `width` characters, as people write Markdown."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


def case_study_body(
    w: Writer, data: dict[str, Any], others: list[str], providers: list[str]
) -> str:
    """A story of 300 to 700 words: headings, a list, links and a table."""
    r = w.r
    org = data["organisation"]
    target = r.randint(300, 700)
    name = data["authors"][0]["name"]
    themes = data["themes"]
    opener = r.choice(OPENERS).format(
        org=org["name"],
        staff=r.randint(6, 400),
        town=org.get("town", "the town"),
        name=name.split()[0],
        size_word=org.get("size", "small"),
        sector=org["sector"].replace("-", " "),
    )
    activities = [a for t in themes for a in ACTIVITIES.get(t, [])]
    r.shuffle(activities)
    activities = activities[: r.randint(3, 5)] or ["a learning taster"]
    items = []
    for i, activity in enumerate(activities):
        if i == 1 and providers:
            items.append(
                f"- {activity}, with help from [a local provider](/providers/{r.choice(providers)}/)"
            )
        elif i == 2:
            items.append(
                f"- {activity} ([more about the idea](https://resources.example.org/{slugify(activity)}))"
            )
        else:
            items.append(f"- {activity}")
    before = r.randint(0, 20)
    rows = [
        ("Colleagues taking part", before, before + r.randint(5, 60)),
        ("Sessions run", r.randint(0, 3), r.randint(4, 24)),
        ("People starting a course", r.randint(0, 4), r.randint(3, 30)),
    ]
    table = ["| Measure | Before | After |", "| --- | ---: | ---: |"] + [
        f"| {m} | {a} | {b} |" for m, a, b in rows
    ]
    h = [r.choice(pair) for pair in HEADINGS]
    parts = [
        wrap(opener + " " + w.sentences(2)),
        f"## {h[0]}\n\n{w.paragraph()}",
        f"## {h[1]}\n\n{wrap(f'With support from the WLA network, {name} arranged:')}\n\n"
        + "\n".join(items),
        f"## {h[2]}\n\n{w.paragraph(1, 2)}\n\n" + "\n".join(table),
        f"## {h[3]}\n\n{w.paragraph()}",
    ]
    if others:
        other = r.choice(others)
        parts.append(
            wrap(
                f"The idea came partly from [another WLA's story](/case-studies/{other}/), "
                "shared at a network meeting."
            )
            + "\n\n"
            + w.paragraph(1, 3)
        )
    closing = f"## {h[4]}\n\n{w.paragraph()}"
    body = "\n\n".join(parts)
    extra = []
    while words(body) + words(closing) + words(" ".join(extra)) < target:
        extra.append(w.paragraph(3, 5))
    if extra:
        body += "\n\n" + "\n\n".join(extra)
    return body + "\n\n" + closing + "\n"


def event_description(w: Writer, kind_label: str, online: bool) -> str:
    r = w.r
    article = "An" if kind_label[0] in "AEIOU" else "A"
    parts = [
        wrap(
            f"{article} {kind_label.lower()} for employees and employers. "
            + w.sentences(r.randint(2, 3))
        )
    ]
    if r.random() < 0.6:
        parts.append(
            "You will:\n\n"
            + "\n".join(
                f"- {x}"
                for x in r.sample(
                    [
                        "hear from a Lead WLA",
                        "meet WLAs from other workplaces",
                        "find out about free training",
                        "pick up ideas for Learning at Work Week",
                        "ask as many questions as you like",
                        "meet local learning providers",
                    ],
                    3,
                )
            )
        )
    parts.append("Joining details are sent the day before." if online else "Refreshments provided.")
    return "\n\n".join(parts) + "\n"


def generate(
    n: int, seed: int = SEED, vocabulary: dict[str, dict[str, str]] | None = None
) -> Content:
    """N case studies, N/2 events, N/10 e-shot issues and N providers, always the same for (n, seed)."""
    rng = random.Random(f"{seed}:{n}")
    w = Writer(rng)
    vocab = vocabulary or load_vocabulary()
    regions = [r for r in vocab["regions"] if r != "national"]
    sectors = list(vocab["sectors"])
    themes = list(vocab["themes"])
    offers = list(vocab["offers"])
    kinds = list(vocab["event_kinds"])
    content = Content(n, vocab)
    content.images = {f"images/team-{i}.png": tiny_png(i) for i in range(1, 6)}

    # Providers first: case studies link to some of them.
    used: set[str] = set()

    def unique(slug: str) -> str:
        base, i = slug[:60].strip("-"), 2
        while slug in used:
            slug = f"{base}-{i}"
            i += 1
        used.add(slug)
        return slug

    for _ in range(n):
        national = rng.random() < 0.05
        region = rng.choice(regions)
        town, district = w.town(region)
        kind = rng.choice(
            [
                "Adult Learning Service",
                "Skills Centre",
                "College",
                "Training",
                "Learning Hub",
                "Community Learning Trust",
                "ESOL Partnership",
                "Apprenticeship Academy",
            ]
        )
        name = f"{town if rng.random() < 0.7 else rng.choice(ORG_PREFIX)} {kind}"
        if national:
            name = f"{rng.choice(ORG_PREFIX)} {kind} Online"
        slug = unique(slugify(name))
        my_offers = rng.sample(offers, rng.randint(1, 4))
        data: dict[str, Any] = {
            "name": name,
            "summary": wrap(
                f"{vocab['offers'][my_offers[0]]} and more for adults"
                f"{' across the UK' if national else ' in and around ' + town}. "
                + rng.choice(
                    [
                        "Courses are free for most learners.",
                        "Daytime, evening and online classes.",
                        "We work with employers to run courses on site.",
                        "Friendly tutors and small groups.",
                    ]
                ),
                10_000,
            ),
            "website": f"https://{slug[:50].strip('-')}.example.org/",
        }
        if rng.random() < 0.8:
            data["email"] = (
                f"{rng.choice(['courses', 'info', 'enquiries', 'learning'])}@{slug[:40].strip('-')}.example.org"
            )
        if rng.random() < 0.8:
            data["phone"] = w.phone()
        if not national or rng.random() < 0.3:
            data["address"] = {
                "street": f"{rng.randint(1, 200)} {rng.choice(ORG_PREFIX)} {rng.choice(['Street', 'Road', 'Lane', 'Way'])}",
                "town": town,
                "postcode": w.postcode(district),
            }
        my_regions = ["national"] if national else [region]
        if not national and rng.random() < 0.1:
            my_regions.append(rng.choice([r for r in regions if r != region]))
        data["regions"] = my_regions
        data["delivery"] = rng.sample(
            ["online", "in-person", "in-the-workplace"], rng.randint(1, 3)
        )
        data["offers"] = my_offers
        data["funded"] = rng.random() < 0.6
        content.providers.append(Item(slug, data))
    provider_slugs = [p.slug for p in content.providers]

    # Case studies, oldest first so stories can link to earlier ones.
    used = set()
    span = 10 * 365
    for i in range(n):
        region = rng.choice(regions)
        town, _ = w.town(region)
        sector = rng.choice(sectors)
        org_name = f"{rng.choice([town, rng.choice(ORG_PREFIX), rng.choice(LAST)])} {rng.choice(SECTOR_ORGS[sector])}"
        my_themes = rng.sample(themes, rng.randint(1, 3))
        day = TODAY - timedelta(days=span - (i * span) // max(n, 1) + rng.randint(0, 3))
        day = min(day, TODAY)
        title = f"{vocab['themes'][my_themes[0]]} at {org_name}"
        if rng.random() < 0.5:
            title = f"{rng.choice(['How', 'Why'])} {org_name} {rng.choice(['got colleagues learning', 'made time for learning', 'started a learning club', 'put learning on the agenda'])}"
        slug = unique(slugify(f"{org_name} {my_themes[0]}"))
        author = w.person()
        data = {
            "title": title[:120].rstrip(),
            "date": day,
            "summary": wrap(
                f"A WLA at {org_name} in {town} used {vocab['themes'][my_themes[0]].lower()} "
                f"to get colleagues learning. {w.sentences(1)}",
                10_000,
            )[:300].rstrip(),
            "organisation": {"name": org_name, "sector": sector, "region": region, "town": town},
            "authors": [{"name": author, "role": rng.choice(ROLES)}],
            "themes": my_themes,
        }
        if rng.random() < 0.7:
            data["organisation"]["size"] = rng.choice(["micro", "small", "medium", "large"])
        if rng.random() < 0.5:
            data["organisation"]["website"] = f"https://{slug[:40].strip('-')}.example.org/"
        if rng.random() < 0.2:
            data["authors"].append({"name": w.person()})
        if rng.random() < 0.7:
            data["outcomes"] = [
                f"{rng.randint(3, 90)} colleagues took part in at least one session",
                f"{rng.randint(1, 12)} people started a course",
            ][: rng.randint(1, 2)]
        if rng.random() < 0.5:
            data["quote"] = {
                "text": rng.choice(QUOTES),
                "by": f"{w.person()}, {rng.choice(['employee', 'manager', 'apprentice'])}",
            }
        if rng.random() < 0.1:
            data["image"] = {
                "src": rng.choice(sorted(content.images)),
                "alt": "Colleagues taking part in a learning session",
            }
        data["consent"] = True
        if rng.random() < 0.02:
            data["draft"] = True
        earlier = [c.slug for c in content.case_studies[-50:] if not c.data.get("draft")]
        content.case_studies.append(
            Item(slug, data, case_study_body(w, data, earlier, provider_slugs))
        )

    # Events: about 70% past, 30% upcoming, relative to TODAY.
    used = set()
    for i in range(max(n // 2, 1)):
        kind = rng.choice(kinds)
        kind_label = vocab["event_kinds"][kind]
        mode = rng.random()
        online_only = kind == "webinar" or mode < 0.15
        hybrid = not online_only and mode < 0.25
        region = "national" if online_only and rng.random() < 0.7 else rng.choice(regions)
        town, district = w.town(region)
        offset = int(-3 * 365 + (i * 4 * 365) // max(n // 2, 1)) + rng.randint(-5, 5)
        first = TODAY + timedelta(days=offset)
        all_day = (
            kind in ("learning-at-work-week", "adult-learners-week", "conference")
            or rng.random() < 0.08
        )
        title = f"{kind_label}{'' if online_only else ', ' + town} {first.year}"
        slug = unique(slugify(f"{kind_label} {'online' if online_only else town} {first:%Y-%m-%d}"))
        data = {
            "title": title,
            "kind": kind,
            "summary": f"{kind_label} for WLAs, employees and employers{'' if online_only else ' in ' + town}. "
            + rng.choice(
                ["Free to attend.", "Places are limited, so please book.", "All welcome."]
            ),
        }
        if all_day:
            data["start"] = first
            if rng.random() < 0.5:
                data["end"] = first + timedelta(days=rng.randint(1, 4))
        else:
            hour = rng.choice([9, 10, 10, 12, 13, 14, 18])
            minute = rng.choice([0, 0, 30])
            start = datetime(first.year, first.month, first.day, hour, minute)
            data["start"] = start.strftime("%Y-%m-%dT%H:%M")
            if rng.random() < 0.9:
                data["end"] = (
                    start + timedelta(minutes=rng.choice([60, 90, 120, 150, 180]))
                ).strftime("%Y-%m-%dT%H:%M")
        data["region"] = region
        data["organiser"] = (
            f"Workplace Learning Advocates {vocab['regions'][region] if region != 'national' else 'network'}"
        )
        if not online_only:
            data["location"] = {
                "venue": rng.choice(
                    [
                        "Town library, meeting room 2",
                        "Community centre, main hall",
                        "Training centre, room 4",
                        "Council offices, committee room",
                    ]
                ),
                "address": f"{rng.randint(1, 120)} {rng.choice(ORG_PREFIX)} Street",
                "town": town,
                "postcode": w.postcode(district),
            }
        if online_only or hybrid:
            data["online"] = f"https://meet.example.org/wla-{slug[:40].strip('-')}"
        if rng.random() < 0.7:
            data["booking"] = (
                f"https://events.example.org/{slug[:50].strip('-')}"
                if rng.random() < 0.8
                else "mailto:events@example.org"
            )
        data["cost"] = rng.choice(["Free", "Free", "Free", "£10, free for WLAs"])
        status = rng.random()
        data["status"] = (
            "cancelled" if status < 0.05 else "postponed" if status < 0.08 else "scheduled"
        )
        if rng.random() < 0.85:
            data["description"] = event_description(w, kind_label, online_only)
        content.events.append(Item(slug, data))

    # E-shot issues, one a month back from TODAY, featuring earlier stories and nearby events.
    cases = content.published_cases
    events = sorted(content.events, key=lambda e: str(e.data["start"]))
    issues = max(n // 10, 1)
    for i in range(issues):
        months_back = issues - 1 - i
        year, month = divmod((TODAY.year * 12 + TODAY.month - 1) - months_back, 12)
        day = date(year, month + 1, 1)
        slug = f"wla-e-shot-{day:%B-%Y}".lower()
        if slug in used:
            slug = f"{slug}-{i + 1}"
        used.add(slug)
        past = [c.slug for c in cases if c.data["date"] <= day][-20:] or [c.slug for c in cases[:5]]
        near = [e.slug for e in events if str(e.data["start"])[:10] >= day.isoformat()][:10]
        featured_cases = rng.sample(past, min(len(past), rng.randint(1, 3)))
        featured_events = rng.sample(near, min(len(near), rng.randint(0, 3)))
        features: dict[str, list[str]] = {"case_studies": featured_cases}
        if featured_events:
            features["events"] = featured_events
        data = {
            "title": f"WLA e-shot, {day:%B %Y}",
            "issue": i + 1,
            "date": day,
            "summary": f"News from the network for {day:%B %Y}: {len(featured_cases)} new stories, "
            f"dates for your diary and a word from a Lead WLA.",
            "features": features,
        }
        body = [
            wrap("Welcome to this month's e-shot. " + w.sentences(2)),
            "## News",
            w.paragraph(2, 4),
        ]
        by_slug = {c.slug: c for c in cases[-200:]}
        lead = by_slug.get(featured_cases[0]) if featured_cases else None
        org = lead.data["organisation"]["name"] if lead else "a WLA"
        body.append(
            wrap(
                f"Read [the story from {org}](/case-studies/{featured_cases[0]}/) "
                "if you are looking for ideas. " + w.sentences(2)
            )
            if featured_cases
            else w.paragraph()
        )
        body += [
            "## Dates for your diary",
            "\n".join(
                f"- **{rng.randint(1, 28)} {day:%B}**: {rng.choice(['network meeting', 'webinar', 'WLA training', 'taster session'])}, "
                f"{rng.choice(['online', rng.choice(TOWNS[rng.choice(regions)])[0]])}"
                for _ in range(rng.randint(2, 4))
            ),
        ]
        body += [
            "## A word from a Lead WLA",
            wrap(f'"{rng.choice(QUOTES)} {w.sentences(2)}"'),
            f"*{w.person()}, Lead WLA*",
        ]
        while words("\n".join(body)) < rng.randint(300, 600):
            body.insert(-3, w.paragraph(3, 5))
        content.newsletters.append(Item(slug, data, "\n\n".join(body) + "\n"))
    return content


def tiny_png(seed: int, width: int = 48, height: int = 32) -> bytes:
    """A small solid-colour PNG (a stand-in photo), the same bytes for the same seed."""
    colour = bytes(((seed * 53) % 256, (seed * 97) % 256, (seed * 151) % 256))
    raw = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


# --- writing the full project ----------------------------------------------------------------


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80)


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def write_project(content: Content, folder: Path | str, repo: Path = REPO) -> Path:
    """A complete project: the repository's configuration, pages and theme, plus the content."""
    folder = Path(folder)
    _fresh(folder)
    for name in ("mkdocs.yml", "vocabulary.yml"):
        shutil.copy(repo / name, folder / name)
    for name in ("docs", "overrides"):
        shutil.copytree(repo / name, folder / name)
    cases = folder / "case_studies"
    (cases / "images").mkdir(parents=True)
    for rel, data in content.images.items():
        (cases / rel).write_bytes(data)
    for c in content.case_studies:
        (cases / f"{c.slug}.md").write_text(f"---\n{dump(c.data)}---\n{c.body}", encoding="utf-8")
    for kind, items in (("events", content.events), ("providers", content.providers)):
        (folder / kind).mkdir()
        for item in items:
            (folder / kind / f"{item.slug}.yml").write_text(dump(item.data), encoding="utf-8")
    (folder / "newsletters").mkdir()
    for issue in content.newsletters:
        (folder / "newsletters" / f"{issue.slug}.md").write_text(
            f"---\n{dump(issue.data)}---\n{issue.body}", encoding="utf-8"
        )
    return folder


# --- writing the floor -------------------------------------------------------------------------


FLOOR_MKDOCS = """\
site_name: Workplace Learning Advocates (floor)
site_url: https://wla-network.example.org/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
  - Case studies: case-studies/index.md
  - Events: events/index.md
  - E-shot: newsletters/index.md
  - Learning providers: providers/index.md
  - Regions: regions/index.md
  - About:
      - The WLA role: the-wla-role.md
      - Becoming a WLA: becoming-a-wla.md
      - For employers: for-employers.md
      - Contribute a case study: contribute.md
      - Themes: themes/index.md
"""


def _link_list(items: list[Item], base: str, here: str, title: str = "title") -> str:
    """A Markdown list of links to item pages (`base/slug.md`), relative to the page at `here`."""
    rel = "" if here == base else f"../{base}/"
    return "\n".join(f"- [{i.data[title]}]({rel}{i.slug}.md): {i.data['summary']}" for i in items)


def floor_pages(content: Content) -> dict[str, str]:
    """The floor's Markdown pages, mirroring what the full site publishes, in the same order."""
    v = content.vocabulary
    cases = sorted(
        content.published_cases, key=lambda c: (c.data["date"], c.data["title"]), reverse=True
    )
    events = sorted(content.events, key=lambda e: (str(e.data["start"]), e.slug))
    issues = sorted(content.newsletters, key=lambda i: i.data["issue"], reverse=True)
    providers = sorted(content.providers, key=lambda p: (p.data["name"].casefold(), p.slug))
    pages: dict[str, str] = {}
    for doc in sorted((REPO / "docs").glob("*.md")):
        pages[doc.name] = doc.read_text(encoding="utf-8")
    pages["case-studies/index.md"] = (
        "# Case studies\n\n" + _link_list(cases, "case-studies", "case-studies") + "\n"
    )
    pages["events/index.md"] = "# Events\n\n" + _link_list(events, "events", "events") + "\n"
    pages["newsletters/index.md"] = (
        "# The e-shot\n\n" + _link_list(issues, "newsletters", "newsletters") + "\n"
    )
    pages["providers/index.md"] = (
        "# Learning providers\n\n" + _link_list(providers, "providers", "providers", "name") + "\n"
    )
    pages["regions/index.md"] = (
        "# Regions\n\n"
        + "\n".join(f"- [{name}]({key}.md)" for key, name in v["regions"].items())
        + "\n"
    )
    pages["themes/index.md"] = (
        "# Themes\n\n"
        + "\n".join(f"- [{name}]({key}.md)" for key, name in v["themes"].items())
        + "\n"
    )
    for key, name in v["regions"].items():
        pages[f"regions/{key}.md"] = (
            f"# {name}\n\n## Case studies\n\n"
            + _link_list(
                [c for c in cases if c.data["organisation"]["region"] == key],
                "case-studies",
                "regions",
            )
            + "\n\n## Upcoming events\n\n"
            + _link_list(
                [
                    e
                    for e in events
                    if e.data["region"] == key and str(e.data["start"])[:10] >= TODAY.isoformat()
                ],
                "events",
                "regions",
            )
            + "\n\n## Learning providers\n\n"
            + _link_list(
                [
                    p
                    for p in providers
                    if key in p.data["regions"] or "national" in p.data["regions"]
                ],
                "providers",
                "regions",
                "name",
            )
            + "\n"
        )
    for key, name in v["themes"].items():
        pages[f"themes/{key}.md"] = (
            f"# {name}\n\n"
            + _link_list([c for c in cases if key in c.data["themes"]], "case-studies", "themes")
            + "\n"
        )
    for c in cases:
        d = c.data
        facts = "\n".join(
            f"| {k} | {val} |"
            for k, val in (
                ("Organisation", d["organisation"]["name"]),
                ("Sector", v["sectors"][d["organisation"]["sector"]]),
                ("Region", v["regions"][d["organisation"]["region"]]),
                ("Themes", ", ".join(v["themes"][t] for t in d["themes"])),
            )
        )
        outcomes = "\n".join(f"- {o}" for o in d.get("outcomes", []))
        pages[f"case-studies/{c.slug}.md"] = (
            f"# {d['title']}\n\n{d['summary']}\n\n| About | |\n| --- | --- |\n{facts}\n\n{c.body}\n"
            + (f"## Outcomes\n\n{outcomes}\n" if outcomes else "")
        )
    for e in events:
        d = e.data
        where = (
            d["location"]["venue"] + ", " + d["location"]["town"] if "location" in d else "Online"
        )
        pages[f"events/{e.slug}.md"] = (
            f"# {d['title']}\n\n{d['summary']}\n\n- **When:** {d['start']}\n- **Where:** {where}\n"
            f"- **Organiser:** {d['organiser']}\n- **Cost:** {d.get('cost', '')}\n\n{d.get('description', '')}\n"
        )
    for i in issues:
        d = i.data
        featured = "\n".join(
            f"- [{s}](../case-studies/{s}.md)" for s in d["features"].get("case_studies", [])
        )
        pages[f"newsletters/{i.slug}.md"] = (
            f"# {d['title']}\n\n{d['summary']}\n\n{i.body}\n## Featured\n\n{featured}\n"
        )
    for p in providers:
        d = p.data
        lines = [f"- **Website:** <{d['website']}>"]
        if "email" in d:
            lines.append(f"- **Email:** <{d['email']}>")
        if "phone" in d:
            lines.append(f"- **Phone:** {d['phone']}")
        lines.append("- **Offers:** " + ", ".join(v["offers"][o] for o in d["offers"]))
        lines.append("- **Regions:** " + ", ".join(v["regions"][r] for r in d["regions"]))
        pages[f"providers/{p.slug}.md"] = (
            f"# {d['name']}\n\n{d['summary']}\n\n" + "\n".join(lines) + "\n"
        )
    # The full site's Markdown links are written from the site root; the floor's go to .md files.
    for path, text in pages.items():
        depth = path.count("/")
        pages[path] = re.sub(
            r"\]\(/(case-studies|providers|events|newsletters)/([a-z0-9-]+)/\)",
            lambda m, up="../" * depth: f"]({up}{m.group(1)}/{m.group(2)}.md)",
            text,
        )
    return pages


def write_floor(content: Content, folder: Path | str, page_count: int | None = None) -> int:
    """The floor project with `page_count` pages (default: one per page the full site makes); returns the count.

    Pages beyond the mirrored ones (if the full site makes more, for example
    paginated listings) are filled with case-study bodies, so the work stays
    comparable; with fewer, the last item pages are left out.
    """
    folder = Path(folder)
    _fresh(folder)
    (folder / "mkdocs.yml").write_text(FLOOR_MKDOCS, encoding="utf-8")
    pages = floor_pages(content)
    names = list(pages)
    if page_count is not None:
        fixed = [n for n in names if "/" not in n or n.endswith("index.md")]
        if page_count < len(pages):
            keep = set(fixed) | set(
                [n for n in names if n not in fixed][: max(page_count - len(fixed), 0)]
            )
            pages = {n: t for n, t in pages.items() if n in keep}
        bodies = [c.body for c in content.case_studies] or ["Text.\n"]
        i = 0
        while len(pages) < page_count:
            pages[f"more/page-{i + 1}.md"] = f"# More {i + 1}\n\n{bodies[i % len(bodies)]}"
            i += 1
    docs = folder / "docs"
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(pages)


def expected_pages(content: Content) -> int:
    """Pages the full site makes as planned today (docs, listings, regions, themes, items), without 404."""
    v = content.vocabulary
    return (
        len(list((REPO / "docs").glob("*.md")))
        + 6
        + len(v["regions"])
        + len(v["themes"])
        + len(content.published_cases)
        + len(content.events)
        + len(content.newsletters)
        + len(content.providers)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "n", type=int, help="number of case studies (and providers); N/2 events, N/10 issues"
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--floor", action="store_true", help="write the floor project instead")
    parser.add_argument(
        "--pages", type=int, help="floor: number of pages (default: as the full site plans)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    content = generate(args.n, args.seed)
    if args.floor:
        count = write_floor(content, args.folder, args.pages)
        print(f"Wrote the floor project with {count} pages to {args.folder}")
    else:
        write_project(content, args.folder)
        print(
            f"Wrote {len(content.case_studies)} case studies, {len(content.events)} events, "
            f"{len(content.newsletters)} e-shot issues and {len(content.providers)} providers to {args.folder} "
            f"({expected_pages(content)} pages expected)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
