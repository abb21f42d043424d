"""JSON Feed 1.1 beside every RSS feed: the structure the specification sets, the same items
with the same full content as the RSS feed beside it, and only absolute addresses."""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest

from tests.conftest import SITE_URL, Project

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as a JSON Schema: what is required,
# the type of every field we write, and RFC 3339 dates.
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
AUTHOR = {"type": "object", "properties": {"name": {"type": "string"}, "url": URL, "avatar": URL},
          "minProperties": 1, "additionalProperties": False}
JSON_FEED = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": URL, "feed_url": URL, "description": {"type": "string"},
        "icon": URL, "favicon": URL, "language": {"type": "string", "pattern": r"^[a-z]{2}(-[A-Z]{2})?$"},
        "authors": {"type": "array", "items": AUTHOR},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string", "minLength": 1}, "url": URL, "title": {"type": "string"},
                "content_html": {"type": "string", "minLength": 1}, "summary": {"type": "string"},
                "image": URL, "date_published": {"type": "string", "pattern": RFC3339},
                "date_modified": {"type": "string", "pattern": RFC3339},
                "authors": {"type": "array", "items": AUTHOR},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        }},
    },
    "additionalProperties": False,
}


CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def every_json_feed(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("feed.json"))


def test_every_json_feed_has_the_json_feed_structure(sample_site: Project) -> None:
    feeds = every_json_feed(sample_site.site_dir)
    folders = {p.parent.relative_to(sample_site.site_dir).as_posix() for p in feeds}
    assert {"newsletters", "case-studies", "events", "regions/east-midlands", "themes/digital-skills"} <= folders
    for path in feeds:
        data = json.loads(path.read_bytes())
        jsonschema.validate(data, JSON_FEED)
        rel = path.relative_to(sample_site.site_dir).as_posix()
        assert data["feed_url"] == SITE_URL + rel
        assert data["home_page_url"] == SITE_URL + rel.removesuffix("feed.json")
        ids = [item["id"] for item in data["items"]]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("folder", ["newsletters", "case-studies", "events", "regions/north-west",
                                    "regions/east-midlands", "themes/learning-at-work-week"])
def test_json_feed_holds_the_rss_items_with_the_same_full_content(sample_site: Project, folder: str) -> None:
    site_dir = sample_site.site_dir
    data = json.loads((site_dir / folder / "feed.json").read_bytes())
    rss = feedparser.parse((site_dir / folder / "feed.xml").read_bytes())
    raw = lxml.etree.parse(str(site_dir / folder / "feed.xml")).findall("channel/item")
    assert [item["url"] for item in data["items"]] == [e.link for e in rss.entries]
    for item, entry, element in zip(data["items"], rss.entries, raw, strict=True):
        assert item["title"] == entry.title
        assert item["summary"] == entry.summary
        assert _same_html(item["content_html"], element.findtext(CONTENT))
        if "published" in entry:
            assert datetime.fromisoformat(item["date_published"]) == parsedate_to_datetime(entry.published)
        else:
            assert "date_published" not in item


def _same_html(one: str, other: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", lxml.html.tostring(lxml.html.fragment_fromstring(text, create_parent="div"),
                                                     encoding="unicode"))
    return norm(one) == norm(other)


def test_json_feed_content_and_links_are_absolute(sample_site: Project) -> None:
    for path in every_json_feed(sample_site.site_dir):
        for item in json.loads(path.read_bytes())["items"]:
            tree = lxml.html.fragment_fromstring(item["content_html"], create_parent="div")
            for element in tree.iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute)
                    if value is not None:
                        assert value.startswith(("https://", "http://", "mailto:")), (path, value)


def test_eshot_json_feed_has_every_issue_with_its_featured_items(sample_site: Project) -> None:
    data = json.loads((sample_site.site_dir / "newsletters/feed.json").read_bytes())
    assert data["title"] == "Workplace Learning Advocates: the e-shot"
    assert data["language"] == "en-GB"
    issue = data["items"][0]
    assert issue["date_published"] == "2026-11-02T00:00:00+00:00"
    assert "Featured case studies" in issue["content_html"] and "Featured events" in issue["content_html"]
    case_feed = json.loads((sample_site.site_dir / "case-studies/feed.json").read_bytes())
    with_authors = [i for i in case_feed["items"] if i.get("authors")]
    assert with_authors and all(i["tags"] for i in case_feed["items"])
