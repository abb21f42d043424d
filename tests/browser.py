"""Shared helpers for the tests that look at a built site as a visitor would.

A real Chromium (Debian's, driven by Playwright) opens pages served over
HTTP on 127.0.0.1 from a site built in a temporary folder. Without chromium
or Playwright these tests skip with a message, unless `WLA_REQUIRE_BROWSER=1`
(set by `.ci/run`), when they fail instead: CI can never skip them.

`add_synthetic_content` writes a realistic mix of case studies, events,
e-shot issues and providers, for measuring how search and pages grow.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import random
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from wla_site.content.kinds import RESOURCE

from tests.conftest import Project, dump

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = REPO / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def required() -> bool:
    """Whether a missing browser or checker is a failure rather than a skip (CI sets this)."""
    return os.environ.get("WLA_REQUIRE_BROWSER", "") == "1"


def missing(what: str) -> None:
    """Skip, or fail in CI, because a tool the test needs is not installed."""
    message = f"{what} (set WLA_REQUIRE_BROWSER=1 to make this a failure, as CI does)"
    if required():
        pytest.fail(f"{what}, and WLA_REQUIRE_BROWSER=1 says these tests must run", pytrace=False)
    pytest.skip(message)


def playwright_or_skip() -> Any:
    """Playwright's sync API, once chromium and Playwright are known to be there."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing: apt-get install chromium")
    return sync_playwright


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# --- serving a built site on 127.0.0.1 --------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` over HTTP on 127.0.0.1 on a free port; yield the root address."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- what a visitor downloads -----------------------------------------------------------


@dataclass
class Traffic:
    """Every request a page made, and the bodies of its responses."""

    requests: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def watch(self, page: Any) -> Traffic:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", self._keep)
        return self

    def _keep(self, response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            body = b""
        self.bodies[response.url] = body
        self.types[response.url] = response.headers.get("content-type", "")

    def clear(self) -> None:
        self.requests.clear()
        self.bodies.clear()
        self.types.clear()

    def foreign(self, origin: str) -> list[str]:
        """Requests to anywhere but `origin` (data: and blob: addresses never leave the page)."""
        return [u for u in self.requests if not u.startswith(origin) and not u.startswith(("data:", "blob:"))]

    def compressed_bytes(self, include_images: bool = False) -> int:
        """What the responses weigh gzip-compressed, as a server compressing text would send them."""
        total = 0
        for url, body in self.bodies.items():
            if not include_images and self.types.get(url, "").startswith("image/"):
                continue
            total += gzipped(body)
        return total

    def report(self) -> str:
        rows = sorted(((gzipped(b), len(b), u) for u, b in self.bodies.items()), reverse=True)
        return "\n".join(f"{z:>9,} B gz {n:>10,} B  {u}" for z, n, u in rows)


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0)) if body else 0


def screenshot_path(name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


# --- synthetic content --------------------------------------------------------------------

TOWNS = {
    "north-east": ["Newcastle", "Sunderland", "Durham", "Hexham", "Middlesbrough"],
    "north-west": ["Wigan", "Millom", "Preston", "Whitehaven", "Bolton", "Kendal"],
    "yorkshire-and-the-humber": ["Wakefield", "Leeds", "Hull", "Scarborough", "Barnsley"],
    "east-midlands": ["Lincoln", "Horncastle", "Derby", "Leicester", "Boston"],
    "west-midlands": ["Birmingham", "Walsall", "Hereford", "Telford", "Stafford"],
    "east-of-england": ["Norwich", "Ipswich", "Wisbech", "Colchester", "Bedford"],
    "london": ["Hackney", "Croydon", "Lewisham", "Barnet", "Ealing"],
    "south-east": ["Margate", "Reading", "Brighton", "Guildford", "Ashford"],
    "south-west": ["Truro", "Exeter", "Bristol", "Taunton", "Swindon"],
    "wales": ["Cardiff", "Swansea", "Wrexham", "Bangor", "Newport"],
    "scotland": ["Dundee", "Inverness", "Paisley", "Stirling", "Ayr"],
    "northern-ireland": ["Belfast", "Derry", "Newry", "Omagh", "Lisburn"],
}
SECTORS = ["advice-and-guidance", "public-sector", "health-and-social-care", "manufacturing",
           "logistics-and-transport", "retail", "hospitality-and-tourism", "construction", "education",
           "charity-and-voluntary", "professional-services", "agriculture-and-food"]
THEMES = ["learning-at-work-week", "adult-learners-week", "apprenticeships", "basic-skills", "digital-skills",
          "mental-health", "peer-learning", "work-shadowing", "coaching-and-mentoring", "community-learning",
          "informal-learning", "leadership", "wellbeing", "qualifications"]
OFFERS = ["english-and-maths", "digital-skills", "esol", "apprenticeships", "vocational-qualifications",
          "leadership-and-management", "health-and-wellbeing", "employability",
          "information-advice-and-guidance", "community-learning"]
KINDS = ["information-session", "training", "network-meeting", "taster", "conference", "webinar"]
PLACES = ["Bakery", "Haulage", "Care Homes", "Engineering", "Housing Association", "Print Works",
          "Garden Centre", "Credit Union", "Hotel", "Builders", "Dairy", "Library Service"]
PROVIDER_KINDS = ["Adult Learning Service", "College", "Community Learning Trust", "Training Centre",
                  "Skills Hub", "Learning Partnership", "Digital Inclusion Project", "ESOL Network"]
SENTENCES = [
    "The WLA started by asking colleagues what they wanted to learn, over tea in the break room.",
    "Managers agreed to an hour a month of paid time for learning, which made all the difference.",
    "A local college ran taster sessions on site, so nobody had to travel after a long shift.",
    "Several colleagues went on to enrol in English and maths courses at the library.",
    "Peer learning sessions let people share the skills they already had with one another.",
    "The network meeting gave the WLA ideas and contacts from other small workplaces nearby.",
    "Digital skills drop-ins helped people book appointments and manage money online.",
    "Learning at Work Week became a fixture in the calendar, with quizzes and stalls.",
]


def add_synthetic_content(project: Project, *, providers: int = 0, case_studies: int = 0,
                          events: int = 0, newsletters: int = 0, seed: int = 5, first_issue_year: int = 2020) -> int:
    """Write a realistic mix of content into `project`; return how many items were written.

    E-shot issues are monthly from January of `first_issue_year`: go back far enough for
    all of them to be out by the build's today (later ones are left out).
    """
    rng = random.Random(seed)
    regions = list(TOWNS)
    for n in range(providers):
        region = regions[n % len(regions)]
        town = rng.choice(TOWNS[region])
        fields: dict[str, Any] = {
            "name": f"{town} {rng.choice(PROVIDER_KINDS)} {n + 1}",
            "summary": f"Courses for adults in and around {town}: " + rng.choice(SENTENCES).lower(),
            "website": f"https://provider-{n + 1}.example.org/",
            "address": {"street": f"{n % 90 + 1} High Street", "town": town},
            "regions": [region] if n % 25 else [region, "national"],
            "delivery": rng.sample(["online", "in-person", "in-the-workplace"], rng.randint(1, 3)),
            "offers": rng.sample(OFFERS, rng.randint(1, 4)),
            "funded": n % 3 == 0,
        }
        project.write(f"providers/synthetic-provider-{n + 1}.yml", dump(fields))
    for n in range(case_studies):
        region = regions[n % len(regions)]
        town = rng.choice(TOWNS[region])
        place = rng.choice(PLACES)
        body = "\n\n".join(" ".join(rng.sample(SENTENCES, 3)) for _ in range(4)) + "\n"
        fields = {
            "title": f"Learning takes root at {town} {place} ({n + 1})",
            "date": f"{2019 + n % 7}-{n % 12 + 1:02d}-{n % 27 + 1:02d}",  # all before the build's today
            "summary": f"How a WLA at a {place.lower()} in {town} got colleagues learning.",
            "organisation": {"name": f"{town} {place}", "sector": rng.choice(SECTORS), "region": region,
                             "town": town},
            "authors": [{"name": f"Author {n + 1}", "role": "Lead WLA"}],
            "themes": rng.sample(THEMES, 2),
            "outcomes": ["Twelve colleagues started a course"],
            "consent": True,
        }
        project.write(f"case_studies/synthetic-story-{n + 1}.md", f"---\n{dump(fields)}---\n{body}")
    for n in range(events):
        region = regions[n % len(regions)]
        town = rng.choice(TOWNS[region])
        kind = rng.choice(KINDS)
        year = 2025 + n % 3
        fields = {
            "title": f"{kind.replace('-', ' ').capitalize()} in {town} ({n + 1})",
            "kind": kind,
            "summary": f"A {kind.replace('-', ' ')} for WLAs and employers in {town}.",
            "start": f"{year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}T10:00",
            "end": f"{year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}T12:00",
            "region": region,
            "organiser": f"WLA network, {town}",
            "location": {"venue": f"{town} library", "town": town},
            "cost": "Free",
        }
        project.write(f"events/synthetic-event-{n + 1}.yml", dump(fields))
    for n in range(newsletters):
        fields = {"title": f"WLA e-shot, issue {n + 100}", "issue": n + 100,
                  "date": f"{first_issue_year + n // 12}-{n % 12 + 1:02d}-01", "summary": "News from the network."}
        project.write(f"newsletters/synthetic-issue-{n + 1}.md", f"---\n{dump(fields)}---\nThe editorial.\n")
    return providers + case_studies + events + newsletters


def copy_tree_clean(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


# --- sites built once per test run ----------------------------------------------------------


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder all of this run's pytest-xdist workers share (the run's own folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, fill: Any) -> Project:
    """A project built once per run, whichever worker asks first; `fill(project)` writes its content.

    Builds of thousands of items take most of a minute, so workers wait for one
    another on a lock file rather than each building its own copy.
    """
    import fcntl

    from tests.conftest import new_project

    root = shared_dir(tmp_path_factory) / f"wla-{name}"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        project = Project(root / "project")
        if not (root / "built").exists():
            if project.root.exists():
                shutil.rmtree(project.root)
            project = new_project(root / "project")
            fill(project)
            project.build()
            (root / "built").write_text("ok")
    return project


def fill_rich(project: Project) -> None:
    """The sample content plus what it lacks: a directory of several pages, odd events, more stories."""
    from tests.conftest import REPO as repo

    for name in ("case_studies", "events", "newsletters", "providers", "resources"):
        shutil.copytree(repo / name, project.root / name, dirs_exist_ok=True)
    add_synthetic_content(project, providers=75, case_studies=6, events=6, newsletters=1, seed=7)
    project.event("cancelled-taster-wigan", title="Cancelled taster, Wigan", status="cancelled",
                  start="2026-12-03T10:00", end="2026-12-03T12:00")
    project.event("online-webinar-on-funding", title="Webinar: funding for learning", kind="webinar",
                  region="national", location=None, online="https://join.example.org/w",
                  booking="https://book.example.org/w", start="2027-01-12T14:00", end="2027-01-12T15:00")


def page_kinds(project: Project) -> dict[str, str]:
    """One address (from the site root) for every kind of page the site has, chosen from its content."""
    from wla_site.content.site import load_site

    site = load_site(project.root)
    case = next((c for c in site.case_studies if c.image), site.case_studies[0])
    event = next((e for e in site.upcoming_events() if e.booking), site.events[0])
    region = case.organisation.region
    kinds = {
        "home": "",
        "case-study-list": "case-studies/",
        "case-study": f"case-studies/{case.slug}/",
        "event-list": "events/",
        "event": f"events/{event.slug}/",
        "newsletter-list": "newsletters/",
        "newsletter": f"newsletters/{site.newsletters[0].slug}/",
        "provider-list": "providers/",
        "provider": f"providers/{site.providers[0].slug}/",
        "region-list": "regions/",
        "activity": "activity/",
        "region": f"regions/{region}/",
        "theme-list": "themes/",
        "theme": f"themes/{case.themes[0]}/",
        "search": "search/",
        "subscribe": "subscribe/",
        "hand-written": "the-wla-role/",
    }
    repeating = next((e for e in site.upcoming_events() if e.repeat is not None), None)
    if repeating is not None:
        kinds["event-repeating"] = f"events/{repeating.slug}/"
    if len(site.providers) > 50:
        kinds["provider-list-page-2"] = "providers/page/2/"
    resources = site.items(RESOURCE)
    if resources:
        kinds.update({"resource-list": "resources/", "resource": f"resources/{resources[0].slug}/",
                      "resource-group": f"resources/for/{resources[0].audience[0]}/"})
    return kinds


def fill_items(providers: int, case_studies: int, events: int, newsletters: int, first_issue_year: int = 2020) -> Any:
    """A `fill` for `built_once`: only synthetic content, in the given numbers."""
    def fill(project: Project) -> None:
        add_synthetic_content(project, providers=providers, case_studies=case_studies, events=events,
                              newsletters=newsletters, first_issue_year=first_issue_year)
    return fill


SITE_1K = ("items-1k", fill_items(providers=700, case_studies=180, events=100, newsletters=20))
SITE_5K = ("items-5k", fill_items(providers=5000, case_studies=600, events=350, newsletters=50))
SITE_5K_STORIES = ("stories-5k", fill_items(providers=300, case_studies=5000, events=1000, newsletters=240,
                                            first_issue_year=2006))
"""Sites for measuring growth: 1,000 items; 6,000 items of which 5,000 are providers; and 6,500 of which
5,000 are case studies and 1,000 events (a third of them to come), with twenty years of the e-shot."""


def record_measurement(name: str, value: Any) -> None:
    """Keep a measurement for reviewers in test-artifacts/measurements.json."""
    import json

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "measurements.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data[name] = value
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
