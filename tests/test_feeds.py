"""The e-shot, case-study and event feeds, parsed as a feed reader would parse them."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from wla_site import publish as outputs
from wla_site.content.site import Site, load_site
from wla_site.plan import plan_pages
from wla_site.render import feeds, share_image

from tests.conftest import REPO, SITE_URL, copy_content

TODAY = date(2026, 11, 24)  # after every sample item's date, so all are published
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}


@pytest.fixture
def site() -> Site:
    return load_site(REPO, today=TODAY)



def html_urls(fragment: str) -> list[str]:
    """Every href and src in an HTML fragment."""
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [el.get(attr) for attr in ("href", "src") for el in tree.iter() if el.get(attr) is not None]


def test_eshot_rss_has_one_item_per_issue_newest_first(site: Site) -> None:
    parsed = feedparser.parse(feeds.eshot_rss(site, SITE_URL))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert len(parsed.entries) == len(site.newsletters) == 4
    assert [e.link for e in parsed.entries] == [f"{SITE_URL}newsletters/{n.slug}/" for n in site.newsletters]
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    for entry, issue in zip(parsed.entries, site.newsletters, strict=True):
        assert entry.title == issue.title
        assert entry.id == entry.link
        assert entry.summary == issue.summary
        assert entry.content[0].value.startswith("<p><strong>")


def test_eshot_channel(site: Site) -> None:
    root = lxml.etree.fromstring(feeds.eshot_rss(site, SITE_URL))
    channel = root.find("channel")
    assert channel.findtext("title") == "Workplace Learning Advocates: the e-shot"
    assert channel.findtext("link") == SITE_URL + "newsletters/"
    assert channel.findtext("language") == "en-GB"
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self" and self_link.get("href") == SITE_URL + "newsletters/feed.xml"
    assert channel.findtext("image/url") == SITE_URL + "assets/images/logo.png"
    assert channel.findtext("image/link") == channel.findtext("link")
    assert channel.findtext("image/title") == channel.findtext("title")
    # lastBuildDate is the newest issue's date, not the time of the build.
    built = parsedate_to_datetime(channel.findtext("lastBuildDate"))
    assert built.date() == site.newsletters[0].date == date(2026, 11, 2)
    guids = root.findall("channel/item/guid")
    assert all(g.get("isPermaLink") == "true" for g in guids)


def test_full_content_has_featured_cards_and_only_absolute_urls(site: Site) -> None:
    root = lxml.etree.fromstring(feeds.eshot_rss(site, SITE_URL))
    november = root.find("channel/item")
    content = november.findtext("content:encoded", namespaces=NS)
    urls = html_urls(content)
    assert urls and all(u.startswith(("https://", "http://", "mailto:")) for u in urls), urls
    # The body's root-relative link, and every featured case study and event as a linked card.
    assert f"{SITE_URL}case-studies/recruitment-firm-apprenticeship-scheme/" in urls
    cases, events = site.featured(site.newsletters[0])
    assert cases and events
    for item, folder in [(c, "case-studies") for c in cases] + [(e, "events") for e in events]:
        assert f"{SITE_URL}{folder}/{item.slug}/" in urls
    for item in root.iter("item"):
        for field in ("description", "{{{}}}encoded".format(NS["content"])):
            assert all(u.startswith(("https://", "mailto:")) for u in html_urls(item.findtext(field) or "<p></p>"))


def test_eshot_atom(site: Site) -> None:
    data = feeds.eshot_atom(site, SITE_URL)
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 4
    assert parsed.feed.language == "en-GB"
    assert {(link.rel, link.href) for link in parsed.feed.links} >= {
        ("self", SITE_URL + "newsletters/atom.xml"), ("alternate", SITE_URL + "newsletters/")
    }
    root = lxml.etree.fromstring(data)
    assert root.findtext("atom:updated", namespaces=NS) == "2026-11-02T00:00:00+00:00"
    for entry in root.findall("atom:entry", NS):
        assert entry.find("atom:content", NS).get("type") == "html"
        assert entry.findtext("atom:id", namespaces=NS).startswith(SITE_URL + "newsletters/")
    # A BST date keeps its local midnight.
    june = [e for e in parsed.entries if "june" in e.link][0]
    assert june.published == "2026-06-01T00:00:00+01:00"


def test_guids_and_bytes_stable_across_builds(site: Site) -> None:
    again = load_site(REPO, today=TODAY)
    for make in (feeds.eshot_rss, feeds.eshot_atom, feeds.case_study_rss, feeds.event_rss):
        assert make(site, SITE_URL) == make(again, SITE_URL)
    first = [e.id for e in feedparser.parse(feeds.eshot_rss(site, SITE_URL)).entries]
    second = [e.id for e in feedparser.parse(feeds.eshot_rss(again, SITE_URL)).entries]
    assert first == second == [f"{SITE_URL}newsletters/{n.slug}/" for n in site.newsletters]


def test_case_study_feed(site: Site) -> None:
    parsed = feedparser.parse(feeds.case_study_rss(site, SITE_URL))
    assert not parsed.bozo
    assert len(parsed.entries) == len(site.case_studies)
    assert [e.link for e in parsed.entries] == [f"{SITE_URL}case-studies/{c.slug}/" for c in site.case_studies]
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        assert all(u.startswith(("https://", "http://", "mailto:")) for u in html_urls(entry.content[0].value))


def test_event_feed_lists_upcoming_events_soonest_first(site: Site) -> None:
    parsed = feedparser.parse(feeds.event_rss(site, SITE_URL))
    assert not parsed.bozo
    upcoming = site.upcoming_events()
    assert [e.link for e in parsed.entries] == [f"{SITE_URL}events/{e.slug}/" for e in upcoming]
    titles = {e.link.rsplit("/", 2)[-2]: e.title for e in parsed.entries}
    assert titles["wla-training-millom-march-2027"].startswith("Cancelled: ")
    assert titles["east-midlands-network-meeting-lincoln"].startswith("Postponed: ")


def test_hostile_titles_and_control_characters_stay_well_formed(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "newsletters" / "odd.md").write_text(
        "---\n"
        'title: "Tips </script> & <b>tricks</b> &amp; more"\n'
        "issue: 99\n"
        "date: 2026-05-20\n"
        "summary: A <summary> & more\n"
        "---\n"
        "Body \x01\x0b with controls and [a link](/events/) and [another](../wla-e-shot-june-2026/#news).\n",
        encoding="utf-8",
    )
    site = load_site(root, today=TODAY)
    sub = "https://example.org/wla/"
    for data in (feeds.eshot_rss(site, sub), feeds.eshot_atom(site, sub)):
        lxml.etree.fromstring(data)  # well-formed
        parsed = feedparser.parse(data)
        assert not parsed.bozo
        odd = [e for e in parsed.entries if e.link.endswith("/odd/")][0]
        assert odd.title.replace(feeds.WORD_JOINER, "") == "Tips </script> & <b>tricks</b> &amp; more"
        urls = html_urls(odd.content[0].value)
        # Root-relative links mean the site's root, wherever it is served.
        assert sub + "events/" in urls
        assert sub + "newsletters/wla-e-shot-june-2026/#news" in urls


def test_write_outputs_writes_every_file(site: Site, tmp_path: Path) -> None:
    written = outputs.write_outputs(site, tmp_path, SITE_URL)
    expected = {
        "newsletters/feed.xml", "newsletters/atom.xml", "newsletters/feed.json", "case-studies/feed.xml",
        "case-studies/feed.json", "events/feed.xml", "events/feed.json", "events/calendar.ics",
        "assets/images/logo.png",
        "providers/providers.csv", "providers/providers.json", "providers/datapackage.json",
    }
    for folder, values in (("regions", site.vocabulary.regions), ("themes", site.vocabulary.themes)):
        expected |= {f"{folder}/{slug}/{name}" for slug in values for name in ("feed.xml", "feed.json", "calendar.ics")}
    expected |= {f"events/{e.slug}/event.ics" for e in site.events}
    expected |= {f"newsletters/{n.slug}/email.{ext}" for n in site.newsletters for ext in ("html", "txt")}
    expected |= {f"share/{card.kind}/{card.slug}.png" for card in share_image.all_cards(site, site_url=SITE_URL)}
    assert set(written) == expected
    assert all((tmp_path / path).is_file() for path in written)
    # What links may point to: the same list, and the listings' filter indexes, without rendering anything.
    assert set(outputs.output_paths(site)) == expected | {"providers/index.json", "case-studies/index.json"}
    assert (tmp_path / "assets/images/logo.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match="site_url"):
        outputs.write_outputs(site, tmp_path, "")


def test_subscribe_links(site: Site) -> None:
    def links(page_src: str) -> list[str]:
        page = next(p for p in plan_pages(site) if p.src_uri == page_src)
        html = outputs.subscribe_html(site, page, SITE_URL)
        return [a.get("href") for a in lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a")]

    calendar = [
        "webcal://wla-network.example.org/events/calendar.ics",
        "https://calendar.google.com/calendar/r?cid=webcal://wla-network.example.org/events/calendar.ics",
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fwla-network.example.org%2Fevents%2Fcalendar.ics"
        "&name=WLA+network+events",
        "calendar.ics",
    ]
    assert links("events/index.md") == ["feed.xml", "feed.json", *calendar, "../subscribe/"]
    assert links("newsletters/index.md") == ["feed.xml", "atom.xml", "feed.json", "../subscribe/"]
    assert links("providers/index.md") == []
