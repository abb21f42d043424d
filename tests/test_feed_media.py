"""Images and categories in feeds: a case study's picture travels with its item (an RSS
enclosure with its size and type, JSON Feed's image, an <img> with its alt text in the
content) and every item names its region and themes."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from tests.conftest import SITE_URL, Project, new_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 321
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("media") / "project")
    project.write("case_studies/images/club.png", PNG)
    project.write("case_studies/images/photos/quiz.JPG", JPEG)
    project.case_study("club", title="The club", date="2026-05-01", themes=["peer-learning", "wellbeing"],
                       image={"src": "images/club.png", "alt": "Bakers at a quiz & a \"club\""},
                       organisation={"name": "Bakery", "sector": "retail", "region": "north-west"})
    project.case_study("quiz", title="The quiz", date="2026-04-01", themes=["wellbeing"],
                       image={"src": "images/photos/quiz.JPG", "alt": "A quiz sheet"},
                       organisation={"name": "Office", "sector": "retail", "region": "london"})
    project.case_study("plain", title="No picture", date="2026-03-01", themes=["leadership"])
    project.event("meeting", region="north-west", themes=["wellbeing"])
    project.build()
    return project


def items(path: Path) -> dict[str, lxml.etree._Element]:
    root = lxml.etree.parse(str(path)).getroot()
    return {item.findtext("link").rstrip("/").rsplit("/", 1)[-1]: item for item in root.iter("item")}


@pytest.mark.parametrize("feed", ["case-studies/feed.xml", "regions/north-west/feed.xml", "themes/wellbeing/feed.xml"])
def test_case_study_image_is_an_enclosure_and_in_the_content(built: Project, feed: str) -> None:
    club = items(built.site_dir / feed)["club"]
    enclosure = club.find("enclosure")
    url = f"{SITE_URL}case-studies/club/club.png"
    assert enclosure.attrib == {"url": url, "length": str(len(PNG)), "type": "image/png"}
    content = lxml.html.fragment_fromstring(club.findtext(CONTENT), create_parent="div")
    image = content.xpath("//img")[0]
    assert image.get("src") == url
    assert image.get("alt") == 'Bakers at a quiz & a "club"'
    parsed = feedparser.parse((built.site_dir / feed).read_bytes())
    assert not parsed.bozo
    entry = next(e for e in parsed.entries if e.link.endswith("/club/"))
    assert entry.enclosures[0].href == url and entry.enclosures[0].type == "image/png"


def test_jpeg_in_a_subfolder_with_a_capital_extension(built: Project) -> None:
    quiz = items(built.site_dir / "case-studies/feed.xml")["quiz"]
    assert quiz.find("enclosure").attrib == {
        "url": f"{SITE_URL}case-studies/quiz/quiz.JPG", "length": str(len(JPEG)), "type": "image/jpeg"}
    assert (built.site_dir / "case-studies/quiz/quiz.JPG").read_bytes() == JPEG
    assert items(built.site_dir / "case-studies/feed.xml")["plain"].find("enclosure") is None


def test_items_carry_their_region_and_themes_as_categories(built: Project) -> None:
    found = items(built.site_dir / "case-studies/feed.xml")
    categories = [(c.get("domain"), c.text) for c in found["club"].findall("category")]
    assert categories == [(f"{SITE_URL}regions/", "North West"), (f"{SITE_URL}themes/", "Peer learning"),
                          (f"{SITE_URL}themes/", "Wellbeing")]
    event = items(built.site_dir / "themes/wellbeing/feed.xml")["meeting"]
    assert [c.text for c in event.findall("category")] == ["North West", "Wellbeing"]


def test_json_feed_gives_the_image_and_tags(built: Project) -> None:
    data = json.loads((built.site_dir / "case-studies/feed.json").read_bytes())
    club = next(i for i in data["items"] if i["url"].endswith("/club/"))
    assert club["image"] == f"{SITE_URL}case-studies/club/club.png"
    assert club["tags"] == ["North West", "Peer learning", "Wellbeing"]
    assert 'alt="Bakers at a quiz &amp; a &#34;club&#34;"' in club["content_html"] or \
        'alt="Bakers at a quiz &amp; a &quot;club&quot;"' in club["content_html"]
    plain = next(i for i in data["items"] if i["url"].endswith("/plain/"))
    assert "image" not in plain
