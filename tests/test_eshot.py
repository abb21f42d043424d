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
        # CSS is inlined: no external resources, styles on the elements; one style element
        # keeps what cannot be inlined (media queries for narrow screens and dark mode).
        assert not tree.xpath("//link | //script")
        styles = tree.xpath("//style")
        assert len(styles) == 1 and styles[0].text.lstrip().startswith("@media")
        assert re.sub(r"@media[^{]*\{([^{}]*\{[^{}]*\})*\}", "", styles[0].text).strip() == ""
        assert tree.xpath("//h1")[0].get("style")
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
    assert logo.get("alt") == "Workplace Learning Advocates"  # the linked logo names the network


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


def test_email_layout_is_presentation_tables_600_wide(site: Site) -> None:
    html = eshot.email_html(site, site.newsletters[0], SITE_URL)
    tree = lxml.html.document_fromstring(html)
    tables = tree.xpath("//table")
    assert tables and all(t.get("role") == "presentation" for t in tables)
    sheet = tree.xpath("//table[contains(@class, 'sheet')]")[0]
    assert sheet.get("width") == "100%" and "max-width:600px" in sheet.get("style").replace(" ", "")
    # Outlook for Windows ignores max-width: a 600-pixel table only it can see holds the sheet.
    assert '<!--[if mso]><table role="presentation" width="600"' in html
    # The charset comes in the first 1,024 bytes, as HTML asks.
    assert html.encode("utf-8").index(b'charset="utf-8"') < 1024
    # Dark mode is declared, and restyled in the kept media query.
    assert tree.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]
    assert "prefers-color-scheme:dark" in tree.xpath("//style")[0].text


def test_preheader_is_the_summary_hidden_first_in_the_body(site: Site) -> None:
    issue = site.newsletters[0]
    tree = lxml.html.document_fromstring(eshot.email_html(site, issue, SITE_URL))
    first = next(element for element in tree.body if isinstance(element.tag, str))  # after Outlook's comment
    assert first.get("class") == "preheader"
    assert first.text_content().strip().startswith(issue.summary)
    style = first.get("style").replace(" ", "")
    assert "display:none" in style and "max-height:0" in style
    assert "<!--[if !mso]><!--><div class=\"preheader\"" in eshot.email_html(site, issue, SITE_URL)


def test_every_image_has_alt_text_and_an_absolute_address(site: Site, tmp_path) -> None:
    from tests.conftest import copy_content

    root = copy_content(tmp_path)
    text = (root / "newsletters/wla-e-shot-november-2026.md").read_text(encoding="utf-8")
    text = text.replace("  case_studies:\n", "  case_studies:\n    - whitehaven-library-adult-learners-week-advice-stand\n", 1)
    (root / "newsletters/wla-e-shot-november-2026.md").write_text(text, encoding="utf-8")
    with_image = load_site(root, today=TODAY)
    issue = with_image.newsletters[0]
    tree = lxml.html.document_fromstring(eshot.email_html(with_image, issue, SITE_URL))
    images = tree.xpath("//img")
    assert len(images) >= 2
    for image in images:
        assert image.get("alt"), lxml.html.tostring(image)
        assert image.get("src").startswith(SITE_URL)
    assert f"{SITE_URL}case-studies/whitehaven-library-adult-learners-week-advice-stand/whitehaven-advice-stand.png" in \
        [i.get("src") for i in images]


def test_email_text_writes_out_every_link_of_the_email(site: Site) -> None:
    for issue in site.newsletters:
        tree = lxml.html.document_fromstring(eshot.email_html(site, issue, SITE_URL))
        text = eshot.email_text(site, issue, SITE_URL)
        for href in set(tree.xpath("//a/@href")):
            assert href.removeprefix("mailto:") in text, (issue.slug, href)


def test_build_warns_when_an_email_nears_gmails_limit(project) -> None:
    paragraph = "Learning at work changes lives, one conversation at a time. " * 30
    project.newsletter("big", body="\n\n".join([paragraph] * 50))
    result = project.build()
    assert "WARNING" in result.stderr
    assert "newsletters/big/email.html is" in result.stderr and "Gmail cuts off e-mails over 102 KB" in result.stderr
    size = (project.site_dir / "newsletters/big/email.html").stat().st_size
    assert eshot.WARN_EMAIL_BYTES < size < eshot.MAX_EMAIL_BYTES  # noqa: SIM300 (reads as the range it is)
    small = project.newsletter("big", body=paragraph)
    assert small.exists()
    assert "Gmail" not in project.build().stderr
