"""Real `mkdocs build` runs: every page kind at its address, in the right order."""

from __future__ import annotations

import re
from html import unescape

from lxml import html as lxml_html


def text_of(page: str) -> str:
    return " ".join(lxml_html.fromstring(page).text_content().split())


def titles(page: str, selector: str = "li.wla-card .wla-card__title a") -> list[str]:
    doc = lxml_html.fromstring(page)
    return [" ".join(a.text_content().split()) for a in doc.cssselect(selector)]


def test_case_studies_listing_newest_first_with_cards(project):
    project.case_study("older", title="Older story", date="2024-01-10")
    project.case_study("newer", title="Newer story", date="2026-05-01",
                       organisation={"name": "Fenland Foods", "sector": "retail", "region": "east-of-england"},
                       themes=["digital-skills", "wellbeing"])
    project.build()
    listing = project.page("case-studies/")
    assert titles(listing) == ["Newer story", "Older story"]
    card = lxml_html.fromstring(listing).cssselect("li.wla-card")[0]
    card_text = " ".join(card.text_content().split())
    assert "Fenland Foods" in card_text and "East of England" in card_text
    assert "Digital skills" in card_text and "Wellbeing" in card_text
    assert card.get("data-region") == "east-of-england"
    # Filters work without JavaScript as links to region and theme pages.
    links = [a.get("href") for a in lxml_html.fromstring(listing).cssselect("nav.wla-browse a")]
    assert "../regions/east-of-england/" in links and "../themes/wellbeing/" in links


def test_case_study_page_has_story_outcomes_quote_image_related(project):
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    project.write("case_studies/images/club.png", png)
    project.case_study(
        "club", title="The club", body="## How it started\n\nWith <script>alert(1)</script> a *quiz*.\n",
        outcomes=["Ten people joined a course"], quote={"text": "I loved it.", "by": "A baker"},
        image={"src": "images/club.png", "alt": "Bakers at a quiz"}, themes=["peer-learning"],
    )
    project.case_study("cousin", title="Cousin story", themes=["peer-learning"])
    project.build()
    page = project.page("case-studies/club/")
    doc = lxml_html.fromstring(page)
    assert doc.cssselect("article h1")[0].text_content() == "The club"
    assert "How it started" in text_of(page) and "Ten people joined a course" in text_of(page)
    assert "I loved it." in text_of(page)
    img = doc.cssselect("figure.wla-figure img")[0]
    assert img.get("alt") == "Bakers at a quiz"
    assert (project.site_dir / "case-studies/club/club.png").read_bytes() == png
    assert titles(page, ".wla-related .wla-card__title a") == ["Cousin story"]
    assert "<script>alert" not in page


def test_events_split_by_build_date_soonest_first(project):
    project.event("past-one", title="Past one", start="2025-03-01T10:00", end="2025-03-01T12:00")
    project.event("later", title="Later", start="2027-02-01T10:00", end="2027-02-01T12:00")
    project.event("sooner", title="Sooner", start="2026-12-01T10:00", end="2026-12-01T12:00", status="cancelled")
    project.event("today", title="Today", start="2026-11-24T18:00", end="2026-11-24T19:00")
    project.build()  # today is 2026-11-24
    listing = project.page("events/")
    doc = lxml_html.fromstring(listing)
    upcoming = doc.xpath('//h2[@id="upcoming"]/following-sibling::ul[1]//h3/a')
    assert [a.text_content() for a in upcoming] == ["Today", "Sooner", "Later"]
    assert "Cancelled" in doc.xpath('//h2[@id="upcoming"]/following-sibling::ul[1]/li[2]')[0].text_content()
    assert [h.text_content() for h in doc.xpath('//h3[starts-with(@id, "past-")]')] == ["2025"]
    # A later build date moves events into the past.
    project.build(epoch="1830297600")  # 2028-01-01
    doc = lxml_html.fromstring(project.page("events/"))
    assert not doc.xpath('//h2[@id="upcoming"]/following-sibling::ul[1]//h3/a')
    assert [h.text_content() for h in doc.xpath('//h3[starts-with(@id, "past-")]')] == ["2027", "2026", "2025"]


def test_event_page_uk_dates_venue_booking(project):
    project.event("info", title="Info session", start="2026-12-01T10:00", end="2026-12-01T12:30",
                  booking="https://book.example.org/info", cost="Free",
                  location={"venue": "Town library", "address": "1 Example Street", "town": "Wigan", "postcode": "wn1 1aa"})
    project.event("webinar", title="A webinar", region="national", location=None,
                  online="https://join.example.org/w", start="2027-06-10T14:30", end="2027-06-10T15:30")
    project.event("open-day", title="Open day", start="2027-05-18", end="2027-05-18")
    project.build()
    info = text_of(project.page("events/info/"))
    assert "Tuesday 1 December 2026, 10am to 12:30pm" in info
    assert "Town library 1 Example Street Wigan WN1 1AA" in info
    doc = lxml_html.fromstring(project.page("events/info/"))
    assert doc.xpath('//a[contains(., "Book a place")]')[0].get("href") == "https://book.example.org/info"
    webinar = lxml_html.fromstring(project.page("events/webinar/"))
    assert webinar.xpath('//a[@href="https://join.example.org/w"]')
    assert "Thursday 10 June 2027, 2:30pm to 3:30pm" in text_of(project.page("events/webinar/"))
    assert "Tuesday 18 May 2027 (all day)" in text_of(project.page("events/open-day/"))


def test_newsletters_archive_and_issue_with_featured_cards(project):
    project.case_study("story", title="Featured story")
    project.event("meeting", title="Featured meeting")
    project.newsletter("one", title="E-shot one", issue=1, date="2026-01-05")
    project.newsletter("two", title="E-shot two", issue=2, date="2026-06-05",
                       body="Read [the story](/case-studies/story/).\n",
                       features={"case_studies": ["story"], "events": ["meeting"]})
    project.build()
    assert titles(project.page("newsletters/"), "li.wla-card h2 a") == ["E-shot two", "E-shot one"]
    issue = lxml_html.fromstring(project.page("newsletters/two/"))
    assert [a.text_content() for a in issue.cssselect("#featured-case-studies + ul a")] == ["Featured story"]
    assert [a.text_content() for a in issue.cssselect("#featured-events + ul h3 a")] == ["Featured meeting"]
    assert issue.xpath('//a[text()="the story"]')[0].get("href") == "../../case-studies/story/"


def test_providers_directory_and_page(project):
    project.provider("zeta", name="Zeta College", regions=["london"], delivery=["online", "in-person"], offers=["esol"])
    project.provider("alpha", name="Alpha Learning", regions=["national"], email="hello@example.org",
                     phone="0161 496 0000", address={"street": "2 High Street", "town": "Leeds", "postcode": "LS1 1AA"})
    project.build()
    listing = project.page("providers/")
    assert titles(listing, "li.wla-card h3") == ["Alpha Learning National", "Zeta College"]
    doc = lxml_html.fromstring(listing)
    assert [s.get("name") for s in doc.cssselect("form.wla-filter select")] == ["region", "offer", "delivery"]
    zeta = doc.cssselect("li.wla-card")[1]
    assert zeta.get("data-delivery") == "online in-person" and zeta.get("data-offer") == "esol"
    page = text_of(project.page("providers/alpha/"))
    assert "hello@example.org" in page and "0161 496 0000" in page and "2 High Street Leeds LS1 1AA" in page


def test_region_and_theme_pages(project):
    project.case_study("nw-story", title="North West story", themes=["wellbeing"])
    project.case_study("ldn-story", title="London story",
                       organisation={"name": "X", "sector": "retail", "region": "london"})
    project.event("nw-event", title="North West event")
    project.event("nw-past", title="Old event", start="2024-01-01T10:00", end="2024-01-01T11:00")
    project.provider("local", name="Local College")
    project.provider("everywhere", name="Everywhere Online", regions=["national"], delivery=["online"])
    project.build()
    region = project.page("regions/north-west/")
    doc = lxml_html.fromstring(region)
    assert [a.text_content() for a in doc.cssselect("#case-studies + ul h3 a")] == ["North West story"]
    assert [a.text_content() for a in doc.cssselect("#events + ul h3 a")] == ["North West event"]
    providers = [" ".join(h.text_content().split()) for h in doc.cssselect("#providers + ul h3")]
    assert providers == ["Local College", "Everywhere Online National"]
    theme = lxml_html.fromstring(project.page("themes/wellbeing/"))
    assert [a.text_content() for a in theme.cssselect("h3 a")] == ["North West story"]


def test_home_page_fills_marked_places(project):
    for n in range(5):
        project.case_study(f"story-{n}", title=f"Story {n}", date=f"2026-0{n + 1}-01")
    project.newsletter("latest", title="The latest e-shot", date="2026-10-01")
    project.event("next", title="The next event")
    project.build()
    home = project.page("")
    assert "<!-- wla:" not in home
    doc = lxml_html.fromstring(home)
    cards = [" ".join(a.text_content().split()) for a in doc.cssselect(".wla-card__title a")]
    assert cards == ["The latest e-shot", "The next event", "Story 4", "Story 3", "Story 2"]
    assert "Workplace Learning Advocates (WLAs) are employees" in text_of(home)


def test_hand_written_pages_and_no_external_requests(project):
    project.build()
    for url in ("the-wla-role/", "becoming-a-wla/", "for-employers/", "contribute/"):
        page = project.page(url)
        assert "<h1" in page
        hosts = set(re.findall(r'(?:src|href)="(https?://[^/"]+)', page))
        assert not hosts - {"https://wla-network.example.org"}, hosts
        assert "fonts.googleapis" not in page


def test_drafts_only_in_serve(project):
    project.case_study("draft-story", title="Draft story", draft=True)
    project.build()
    assert not (project.site_dir / "case-studies/draft-story").exists()
    assert "Draft story" not in project.page("case-studies/")


def test_failed_build_keeps_last_good_site(project):
    project.case_study("good")
    project.build()
    before = {p.relative_to(project.site_dir): p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    project.case_study("bad", organisation={"name": "X", "sector": "retail", "region": "atlantis"})
    result = project.build(check=False)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert 'case_studies/bad.md, line 8: organisation.region: "atlantis" is not a known region.' in output
    after = {p.relative_to(project.site_dir): p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site.")]


def test_sample_content_builds(sample_site):
    assert (sample_site.site_dir / "case-studies/advice-skills-academy-learning-at-work-week/index.html").exists()
    assert unescape("Advice Skills Academy") in sample_site.page("case-studies/")


def test_serve_shows_drafts_and_reloads_content(project):
    """`mkdocs serve` builds drafts too, so a contributor sees their work before it is published."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    project.case_study("draft-story", title="Draft story", draft=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline and text not in body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/case-studies/draft-story/", timeout=5) as response:
                    body = response.read().decode()
            except OSError:
                pass
            time.sleep(0.3)
        return body

    try:
        assert "Draft story" in wait_for("Draft story")
        project.case_study("draft-story", title="Draft story, edited", draft=True)
        assert "Draft story, edited" in wait_for("Draft story, edited")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_archive_pages_have_visible_subscribe_links(project):
    project.case_study("story")
    project.event("meeting")
    project.newsletter("issue-one")
    project.build()
    expected = {
        "case-studies/": ["feed.xml", "feed.json"],
        "events/": ["feed.xml", "feed.json", "calendar.ics"],
        "newsletters/": ["feed.xml", "atom.xml", "feed.json"],
    }
    for url, hrefs in expected.items():
        doc = lxml_html.fromstring(project.page(url))
        links = [a.get("href") for a in doc.cssselect(".wla-subscribe a")]
        assert [h for h in links if "://" not in h and not h.endswith("/")] == hrefs, url
        assert all((project.site_dir / url / href).is_file() for href in hrefs)
    # And every page names the e-shot feed for feed readers to find.
    head = lxml_html.fromstring(project.page("case-studies/story/")).head
    assert head.xpath('link[contains(@rel, "alternate") and @type="application/rss+xml"]/@href') == ["../../newsletters/feed.xml"]
