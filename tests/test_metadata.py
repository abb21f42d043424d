"""JSON-LD and social meta in each page's head, read back with an HTML parser and json.loads."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from wla_site import publish as outputs
from wla_site.content.site import Site, load_site
from wla_site.plan import GeneratedPage, plan_pages

from tests.conftest import REPO, SITE_URL, copy_content

TODAY = date(2026, 6, 1)
HOSTILE = "</script><script>alert(1)</script> & <!-- \u2028 \"quoted\""


@pytest.fixture
def site() -> Site:
    return load_site(REPO, today=TODAY)



def page_of(site: Site, src_uri: str) -> GeneratedPage:
    return {p.src_uri: p for p in plan_pages(site)}[src_uri]


def head(site: Site, page: GeneratedPage | None, *, is_home: bool = False) -> lxml.html.HtmlElement:
    html = outputs.head_html(
        site, page, page.url if page else "", SITE_URL,
        title=page.title if page else "Home",
        description=page.description if page else "Employees who volunteer to encourage learning.",
        is_home=is_home,
    )
    return lxml.html.fromstring(f"<html><head>{html}</head><body></body></html>")


def json_ld(tree: lxml.html.HtmlElement) -> dict:
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    return {(m.get("property") or m.get("name")): m.get("content") for m in tree.xpath("//meta")}


def test_event_has_what_search_engines_require(site: Site) -> None:
    data = json_ld(head(site, page_of(site, "events/wla-information-session-wigan.md")))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Event"
    assert data["name"] == "WLA information session, Wigan"
    assert data["startDate"] == "2026-12-01T10:00:00+00:00"
    assert data["endDate"] == "2026-12-01T12:30:00+00:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Town library, meeting room 2"
    assert place["address"] == {
        "@type": "PostalAddress", "streetAddress": "1 Example Street", "addressLocality": "Wigan",
        "postalCode": "WN1 1AA", "addressCountry": "GB",
    }
    assert data["organizer"]["name"] == "Workplace Learning Advocates North West"
    assert data["offers"]["url"] == "https://www.example.org/events/wigan-information-session"
    assert (data["offers"]["price"], data["offers"]["priceCurrency"]) == ("0", "GBP")
    assert data["image"] and data["description"]


def test_summer_online_and_cancelled_events(site: Site) -> None:
    online = json_ld(head(site, page_of(site, "events/webinar-small-grants-for-learning-2026.md")))
    assert online["startDate"] == "2026-06-10T12:30:00+01:00"
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/wla/small-grants"}
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    cancelled = json_ld(head(site, page_of(site, "events/wla-training-millom-march-2027.md")))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    all_day = json_ld(head(site, page_of(site, "events/learning-at-work-week-open-day-wakefield-2027.md")))
    assert all_day["startDate"] == "2027-05-18"


def test_articles_for_case_studies_and_issues(site: Site) -> None:
    case = json_ld(head(site, page_of(site, "case-studies/whitehaven-library-adult-learners-week-advice-stand.md")))
    assert case["@type"] == "Article"
    assert case["datePublished"] == "2022-07-04"
    assert case["author"][0]["@type"] == "Person"
    assert case["publisher"]["@type"] == "Organization"
    assert case["image"][0].startswith(SITE_URL + "case-studies/whitehaven-library-adult-learners-week-advice-stand/")
    issue = json_ld(head(site, page_of(site, "newsletters/wla-e-shot-june-2026.md")))
    assert issue["@type"] == "Article" and issue["headline"] == "WLA e-shot, June 2026"
    assert issue["mainEntityOfPage"] == SITE_URL + "newsletters/wla-e-shot-june-2026/"


def test_provider_and_home(site: Site) -> None:
    provider = json_ld(head(site, page_of(site, "providers/skills-online-national.md")))
    assert provider["@type"] == "EducationalOrganization"
    assert provider["url"] == "https://skills-online.example.org/"
    home = json_ld(head(site, None, is_home=True))
    types = [node["@type"] for node in home["@graph"]]
    assert types == ["Organization", "WebSite"]
    assert home["@graph"][0]["url"] == SITE_URL
    # Listings and hand-written pages carry social meta only.
    assert not head(site, page_of(site, "events/index.md")).xpath("//script")


def test_open_graph_and_twitter_on_every_kind(site: Site) -> None:
    for src in ("events/index.md", "case-studies/recruitment-firm-apprenticeship-scheme.md",
                "providers/skills-online-national.md", "regions/north-west.md"):
        page = page_of(site, src)
        tags = meta(head(site, page))
        assert tags["og:title"] == page.title
        assert tags["og:url"] == SITE_URL + page.url
        assert tags["og:locale"] == "en_GB"
        assert tags["og:image"].startswith(SITE_URL) and tags["twitter:image"] == tags["og:image"]
        assert tags["twitter:card"] in ("summary", "summary_large_image")
        assert tags["og:description"] == page.description
    article = meta(head(site, page_of(site, "case-studies/recruitment-firm-apprenticeship-scheme.md")))
    assert article["og:type"] == "article" and article["article:published_time"] == "2023-10-02"


def test_hostile_content_cannot_break_out_of_the_script(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "events" / "hostile.yml").write_text(
        f"title: {json.dumps(HOSTILE)}\n"
        "kind: webinar\n"
        f"summary: {json.dumps(HOSTILE)}\n"
        "start: 2026-07-15T18:30\n"
        "region: national\n"
        f"organiser: {json.dumps(HOSTILE)}\n"
        "online: https://example.org/join?a=1&b=2\n"
        "location:\n  venue: Hall\n  town: Wigan\n",
        encoding="utf-8",
    )
    site = load_site(root, today=TODAY)
    page = page_of(site, "events/hostile.md")
    html = outputs.head_html(site, page, page.url, SITE_URL, title=page.title,
                             description=page.description, is_home=False)
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "<!--" not in html
    tree = lxml.html.fromstring(f"<html><head>{html}</head><body></body></html>")
    data = json_ld(tree)
    # Single-line fields arrive with line separators made spaces (models.py), the rest intact.
    shown = HOSTILE.replace("<!-- \u2028 ", "<!-- ")
    assert data["name"] == data["description"] == data["organizer"]["name"] == shown
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert "endDate" not in data
    assert meta(tree)["og:title"] == shown


def test_head_is_byte_identical_across_builds(site: Site) -> None:
    again = load_site(REPO, today=TODAY)
    for src in ("events/wla-information-session-wigan.md", "case-studies/recruitment-firm-apprenticeship-scheme.md"):
        first, second = page_of(site, src), page_of(again, src)
        assert outputs.head_html(site, first, first.url, SITE_URL, title="t", description="d", is_home=False) == \
            outputs.head_html(again, second, second.url, SITE_URL, title="t", description="d", is_home=False)
