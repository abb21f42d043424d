"""The email-ready e-shot: one self-contained HTML document and its plain text."""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import pytest
from wla_site import urls
from wla_site.content.site import Site, load_site
from wla_site.render import eshot

from tests.conftest import REPO, SITE_URL

TODAY = date(2026, 11, 24)  # after every sample item's date, so all are published


@pytest.fixture
def site() -> Site:
    return load_site(REPO, today=TODAY)


def test_email_html_is_self_contained(site: Site) -> None:
    for issue in site.newsletters:
        html = eshot.email_html(site, issue, SITE_URL)
        assert len(html.encode("utf-8")) < eshot.MAX_EMAIL_BYTES
        tree = lxml.html.document_fromstring(html)
        assert tree.findtext(".//title") == issue.title
        assert tree.get("lang") == "en-GB"
        # CSS is inlined: no style sheet, no external resources, styles on the elements.
        assert not tree.xpath("//style | //link | //script")
        assert tree.xpath("//h1")[0].get("style")
        assert tree.xpath("//table[@role='presentation']")
        for element in tree.xpath("//*[@href or @src]"):
            url = element.get("href") or element.get("src")
            assert url.startswith(("https://", "mailto:")), url


def test_email_html_links_the_issue_and_its_features(site: Site) -> None:
    issue = site.newsletters[0]
    tree = lxml.html.document_fromstring(eshot.email_html(site, issue, SITE_URL))
    hrefs = set(tree.xpath("//a/@href"))
    assert f"{SITE_URL}newsletters/{issue.slug}/" in hrefs
    cases, events = site.featured(issue)
    assert {f"{SITE_URL}case-studies/{c.slug}/" for c in cases} <= hrefs
    assert {f"{SITE_URL}events/{e.slug}/" for e in events} <= hrefs
    # The body's root-relative link was made absolute.
    assert f"{SITE_URL}case-studies/recruitment-firm-apprenticeship-scheme/" in hrefs
    (logo,) = tree.xpath("//img")
    assert logo.get("src") == f"{SITE_URL}assets/images/logo.png"
    # Shown in its place when a mail client blocks images, and read out by screen readers.
    assert logo.get("alt") == "WLA logo"


def test_email_text(site: Site) -> None:
    issue = site.newsletters[0]
    text = eshot.email_text(site, issue, SITE_URL)
    assert text.startswith("WORKPLACE LEARNING ADVOCATES: THE E-SHOT\n")
    assert issue.title in text and issue.summary.split()[0] in text
    assert f"{SITE_URL}newsletters/{issue.slug}/" in text
    assert not re.search(r"<[a-z/]", text)
    cases, events = site.featured(issue)
    for url in [f"{SITE_URL}case-studies/{c.slug}/" for c in cases] + [f"{SITE_URL}events/{e.slug}/" for e in events]:
        assert url in text
    # Links in the body are written out, and long lines are wrapped (URLs are never broken).
    assert f"({SITE_URL}case-studies/recruitment-firm-apprenticeship-scheme/)" in text
    for line in text.splitlines():
        assert len(line) <= eshot.TEXT_WIDTH or "https://" in line, line
    assert "- 1 December: WLA information session, Wigan." in text


def test_absolute_links() -> None:
    html = ('<p><a href="/case-studies/x/">a</a> <a href="../y/">b</a> <a href="#part">c</a> '
            '<a href="mailto:a@example.org">d</a> <a href="https://example.com/?a=1&amp;b=2">e</a> '
            '<a title="/not-a-link/" href="z/">f</a></p><p>href="/text/" stays</p>')
    out = urls.absolute_links(html, "https://example.org/wla/newsletters/issue/", "https://example.org/wla/")
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    assert tree.xpath("//a/@href") == [
        "https://example.org/wla/case-studies/x/",
        "https://example.org/wla/newsletters/y/",
        "https://example.org/wla/newsletters/issue/#part",
        "mailto:a@example.org",
        "https://example.com/?a=1&b=2",
        "https://example.org/wla/newsletters/issue/z/",
    ]
    assert tree.xpath("//a/@title") == ["/not-a-link/"]
    assert 'href="/text/" stays' in out


def test_email_is_byte_identical_across_builds(site: Site) -> None:
    again = load_site(REPO, today=TODAY)
    for first, second in zip(site.newsletters, again.newsletters, strict=True):
        assert eshot.email_html(site, first, SITE_URL) == eshot.email_html(again, second, SITE_URL)
        assert eshot.email_text(site, first, SITE_URL) == eshot.email_text(again, second, SITE_URL)
