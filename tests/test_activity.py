"""The map on /regions/ and the charts on /activity/, in a real build, against counts taken here.

The content is written by the test with events on both sides of the build's today
(24 November 2026), cancelled and postponed ones, one booked years ahead, case studies
and providers in several regions; every count the pages show is computed again here
from that content, not from the engine's own functions.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import lxml.html
import pytest
import yaml

from tests.conftest import REPO, Project, new_project

TODAY = date(2026, 11, 24)
SVG = ""  # lxml.html reads inline SVG without its namespace

EVENTS = [
    # slug, start, end, status, region
    ("two-and-a-half-years-ago", "2024-06-10", None, "scheduled", "north-west"),
    ("first-month", "2024-12-05", None, "scheduled", "north-west"),
    ("march-one", "2026-03-03", None, "scheduled", "london"),
    ("march-two", "2026-03-20", None, "scheduled", "wales"),
    ("march-cancelled", "2026-03-10", None, "cancelled", "north-west"),
    ("april-postponed", "2026-04-01", None, "postponed", "north-west"),
    ("held-this-month", "2026-11-10", None, "scheduled", "north-west"),
    ("booked-this-month", "2026-11-30", None, "scheduled", "north-west"),
    ("runs-over-today", "2026-11-20", "2026-11-26", "scheduled", "london"),
    ("cancelled-ahead", "2026-12-08", None, "cancelled", "north-west"),
    ("january", "2027-01-15", None, "scheduled", "scotland"),
    ("far-ahead", "2029-05-01", None, "scheduled", "national"),
]
CASES = [
    # slug, region, themes
    ("nw-1", "north-west", ["peer-learning", "wellbeing"]),
    ("nw-2", "north-west", ["peer-learning"]),
    ("nw-3", "north-west", ["digital-skills"]),
    ("ldn-1", "london", ["peer-learning"]),
    ("wales-1", "wales", ["wellbeing", "digital-skills"]),
]
PROVIDERS = [
    ("local", ["north-west"]),
    ("two-regions", ["north-west", "london"]),
    ("everywhere", ["national"]),
]
RESOURCES = [("guide-nw", ["north-west"]), ("guide-anywhere", [])]


def vocabulary() -> dict[str, dict[str, str]]:
    return yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))


def fill(project: Project) -> None:
    for slug, start, end, status, region in EVENTS:
        fields: dict[str, Any] = {"start": start, "end": end or start, "status": status, "region": region,
                                  "title": f"Event {slug}"}
        if region == "national":
            fields.update(location=None, online="https://join.example.org/x")
        project.event(slug, **fields)
    for slug, region, themes in CASES:
        project.case_study(slug, title=f"Story {slug}", themes=themes,
                           organisation={"name": "Org", "sector": "retail", "region": region})
    for slug, regions in PROVIDERS:
        project.provider(slug, name=f"Provider {slug}", regions=regions)
    for slug, regions in RESOURCES:
        project.write(f"resources/{slug}.md", "---\n" + yaml.safe_dump({
            "title": f"Resource {slug}", "summary": "A guide.", "audience": ["wlas"], "format": "guide",
            "link": "https://example.org/guide", "licence": "cc-by-4.0", "updated": "2026-03-02", "regions": regions,
        }) + "---\nHow to use it.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("activity") / "project")
    fill(project)
    project.build()
    return project


def page(project: Project, url: str) -> Any:
    return lxml.html.fromstring(project.page(url))


def words(element: Any) -> str:
    return " ".join(element.text_content().split())


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --- the map on /regions/ ------------------------------------------------------------------------


def expected_counts() -> dict[str, str]:
    """What each region's page lists, in words, counted from the content above."""
    out = {}
    for slug in vocabulary()["regions"]:
        cases = sum(1 for _, region, _ in CASES if region == slug)
        upcoming = sum(1 for _, start, end, _, region in EVENTS
                       if region == slug and date.fromisoformat(end or start) >= TODAY)
        providers = sum(1 for _, regions in PROVIDERS
                        if slug in regions or (slug != "national" and "national" in regions))
        resources = sum(1 for _, regions in RESOURCES if slug in regions)
        out[slug] = ", ".join([count(cases, "case study", "case studies"),
                               count(upcoming, "upcoming event", "upcoming events"),
                               count(providers, "provider", "providers"),
                               count(resources, "resource", "resources")])
    return out


def test_the_map_links_every_region_with_its_counts_in_its_name(built):
    doc = page(built, "regions/")
    (svg,) = doc.cssselect("svg.wla-map")
    names = vocabulary()["regions"]
    counts = expected_counts()
    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    mapped = [slug for slug in names if slug != "national"]
    assert sorted(links) == sorted(f"{slug}/" for slug in mapped)
    for slug in mapped:
        link = links[f"{slug}/"]
        assert link.get("aria-label") == f"{names[slug]}: {counts[slug]}"
        assert link.find(f"{SVG}title").text == link.get("aria-label")
        assert (built.site_dir / "regions" / slug / "index.html").is_file()
    assert svg.get("role") == "group" and svg.get("aria-label")
    assert not svg.cssselect("script") and "on" not in {name[:2] for el in svg.iter() for name in el.attrib}


def test_the_text_list_is_the_equal_alternative(built):
    doc = page(built, "regions/")
    names = vocabulary()["regions"]
    counts = expected_counts()
    items = doc.cssselect("ul.wla-term-list > li")
    assert [(li.cssselect("a")[0].get("href"), words(li)) for li in items] == [
        (f"{slug}/", f"{name} ({counts[slug]})") for slug, name in names.items()]


def test_the_map_credits_its_sources_and_brings_its_stylesheet(built):
    doc = page(built, "regions/")
    (credit,) = doc.cssselect(".wla-credit")
    text = words(credit)
    assert "Contains OS data © Crown copyright and database right" in text
    assert "Open Government Licence v3.0" in text and "Martin Chorley" in text
    hrefs = [a.get("href") for a in credit.cssselect("a")]
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in hrefs
    assert "https://github.com/martinjc/UK-GeoJSON" in hrefs

    def styles(url: str) -> str:
        """The page's stylesheets: linked ones by address, inlined ones (the theme inlines its own) by text."""
        head = page(built, url)
        return " ".join([link.get("href") for link in head.cssselect('link[rel="stylesheet"]')]
                        + [style.text or "" for style in head.cssselect("style")])

    figures = ".wla-map, .wla-chart { display: block;"  # figures.css, inlined like the site's own stylesheet
    assert figures in styles("regions/") and figures in styles("activity/")
    assert figures not in styles("") and "figures" not in styles("")
    assert (built.site_dir / "assets/wla/figures.css").is_file()


# --- the charts on /activity/ --------------------------------------------------------------------


def month_name(year: int, month: int) -> str:
    return date(year, month, 1).strftime("%B %Y")


def expected_months() -> list[list[str]]:
    """Rows of the events table: two years back from November 2026 to the last booking within two years ahead."""
    held: Counter[tuple[int, int]] = Counter()
    booked: Counter[tuple[int, int]] = Counter()
    for _, start, end, status, _ in EVENTS:
        if status != "scheduled":
            continue
        first = date.fromisoformat(start)
        upcoming = date.fromisoformat(end or start) >= TODAY
        (booked if upcoming else held)[(first.year, first.month)] += 1
    rows = []
    months = [(2024, 12)] + [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 13)] + [(2027, 1)]
    for month in months:
        name = month_name(*month)
        if month < (2026, 11):
            rows.append([name, str(held[month]), "Held"])
        elif month == (2026, 11):
            rows += [[name, str(held[month]), "Held"], [name, str(booked[month]), "Booked"]]
        else:
            rows.append([name, str(booked[month]), "Booked"])
    return rows


def figure(doc: Any, heading: str) -> Any:
    (h2,) = [h for h in doc.cssselect("section.wla-activity h2") if words(h) == heading]
    return h2.getparent()


def table_rows(section: Any) -> list[list[str]]:
    (table,) = section.cssselect("table")
    return [[words(cell) for cell in row] for row in table.cssselect("tbody tr")]


def chart_titles(section: Any) -> list[str]:
    (svg,) = section.cssselect("svg.wla-chart")
    return [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None
            and g.get("class") != "wla-chart__legend"]


def test_events_per_month_match_the_content(built):
    section = figure(page(built, "activity/"), "Events per month")
    rows = expected_months()
    assert table_rows(section) == rows
    assert chart_titles(section) == [f"{m}: {count(int(n), 'event', 'events')}" for m, n, _ in rows]
    summary = words(section.cssselect("figcaption")[0])
    assert summary == ("From December 2024 to January 2027, the network held 4 events and has 3 more booked, "
                       "with 1 booked after January 2027.")


@pytest.mark.parametrize(("heading", "counts", "terms"), [
    ("Case studies per region", Counter(region for _, region, _ in CASES), "regions"),
    ("Learning providers per region", Counter(r for _, regions in PROVIDERS for r in regions), "regions"),
    ("Themes most written about", Counter(t for _, _, themes in CASES for t in themes), "themes"),
])
def test_counts_by_region_and_theme_match_the_content(built, heading, counts, terms):
    section = figure(page(built, "activity/"), heading)
    labels = vocabulary()[terms]
    rows = table_rows(section)
    assert {label: int(n) for label, n in rows} == {labels[t]: counts[t] for t in labels}
    values = [int(n) for _, n in rows]
    assert values == sorted(values, reverse=True)  # most first
    unit = ("provider", "providers") if "providers" in heading else ("case study", "case studies")
    assert chart_titles(section) == [f"{label}: {count(int(n), *unit)}" for label, n in rows]
    (svg,) = section.cssselect("svg.wla-chart")
    assert svg.get("role") == "img" and svg.get("aria-label") == heading
    assert words(section.cssselect("table caption")[0]) == heading
    summary = words(section.cssselect("figcaption")[0])
    assert summary.endswith(".") and summary.count(". ") == 0


def test_summaries_name_the_leaders(built):
    doc = page(built, "activity/")
    assert words(figure(doc, "Case studies per region").cssselect("figcaption")[0]) == (
        "Of 5 case studies, North West has the most, with 3 case studies.")
    assert words(figure(doc, "Learning providers per region").cssselect("figcaption")[0]) == (
        "Of the 3 providers in the directory, North West has the most, with 2 providers.")
    assert words(figure(doc, "Themes most written about").cssselect("figcaption")[0]) == (
        "Peer learning is the theme most written about, in 3 case studies.")


def test_headlines_and_the_page_in_the_navigation(built):
    doc = page(built, "activity/")
    assert [words(li) for li in doc.cssselect("ul.wla-headlines li")] == [
        "5 case studies", "4 upcoming events", "3 learning providers", "2 resources", "0 e-shot issues"]
    assert [words(h) for h in doc.cssselect("section.wla-activity h2")] == [
        "Events per month", "Case studies per region", "Learning providers per region", "Themes most written about"]
    nav = [a.get("href") for a in page(built, "").cssselect("nav.md-nav a")]
    assert "activity/" in nav
    assert not doc.cssselect("section.wla-activity script")


def test_an_empty_site_still_has_its_activity_page(project):
    project.provider("only", verified="2026-01-01")
    project.build()
    doc = page(project, "activity/")
    assert words(figure(doc, "Case studies per region").cssselect("figcaption")[0]) == "There are no case studies yet."
    events = figure(doc, "Events per month")
    assert len(table_rows(events)) == 24 and {row[1] for row in table_rows(events)} == {"0"}


# --- in Chromium, on the rich sample site --------------------------------------------------------


@pytest.mark.browser
def test_by_keyboard_without_javascript(tmp_path_factory):
    """Every region of the map and every table's disclosure is reached with Tab, shows focus, and works."""
    from tests.browser import built_once, fill_rich, launch, playwright_or_skip, serve
    from tests.test_browser import focused

    sync_playwright = playwright_or_skip()
    rich = built_once(tmp_path_factory, "rich", fill_rich)
    with serve(rich.site_dir) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        for scheme in ("light", "dark"):
            context = browser.new_context(java_script_enabled=False, color_scheme=scheme,
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(origin + "regions/")
            regions = []
            for _ in range(80):
                page.keyboard.press("Tab")
                if page.evaluate("!!document.activeElement.closest('svg.wla-map')"):
                    regions.append(page.evaluate("document.activeElement.getAttribute('href')"))
                    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
                    assert fill == "rgb(255, 191, 71)", (scheme, regions[-1], fill)
                elif regions:
                    break
            assert len(regions) == 12 and len(set(regions)) == 12
            page.keyboard.press("Shift+Tab")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == origin + "regions/" + regions[-1]

            page.goto(origin + "activity/")
            summaries = page.locator("details.wla-activity__figures > summary")
            assert summaries.count() == 4
            assert not page.locator("details.wla-activity__figures table").first.is_visible()
            missing, opened = [], 0
            for _ in range(80):
                page.keyboard.press("Tab")
                state = focused(page)
                if state["tag"] == "BODY":
                    break
                if state["inContent"] and not state["ring"]:
                    missing.append(state)
                if state["tag"] == "SUMMARY":
                    page.keyboard.press("Enter")
                    opened += 1
            assert not missing, f"focused without a visible indicator: {missing}"
            assert opened == 4
            tables = page.locator("details.wla-activity__figures table")
            assert all(tables.nth(i).is_visible() for i in range(4))
            context.close()
        browser.close()
