"""The e-shot's e-mail read in a real Chromium at the widths mail apps give it.

Each issue's `email.html` from a real build is opened at 600 pixels (a desktop
mail app's reading pane) and at 375 and 320 pixels (phones), with an issue
whose body holds a very long word, a long link and a table. Nothing may
reach past the right edge; the preheader must stay hidden; text must keep
its contrast in the light and the dark palette (axe-core). The site's images
are answered from the built site, so nothing leaves the machine.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import pytest

from tests.browser import AXE_TAGS, screenshot_path
from tests.conftest import SITE_URL, Project, new_project

pytestmark = pytest.mark.browser

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 8
LONG_LINK = "https://www.example.org/" + "a-very-long-path-segment/" * 12 + "?with=a&long=query"
BODY = f"""A word longer than any screen: {LONG_WORD}.

A link written out in full: <{LONG_LINK}>.

| Course | Where | When | Cost | Who for |
| --- | --- | --- | --- | --- |
| English and maths for work | Wigan library, meeting room 2 | Tuesday evenings | Free | Anyone over 19 |
"""
WIDTHS = [600, 375, 320]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("eshot-browser") / "project", with_samples=True)
    project.newsletter("long-words", body=BODY, title="WLA e-shot, long words", issue=99, date="2026-11-20",
                       summary="A test issue with very long words.",
                       features={"case_studies": ["whitehaven-library-adult-learners-week-advice-stand"],
                                 "events": ["east-midlands-lead-wla-network-monthly", "wla-training-millom-march-2027"]})
    project.build()
    return project


def open_email(browser: Any, built: Project, slug: str, width: int, scheme: str = "light") -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    outside: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        if url.startswith(SITE_URL):
            path = built.site_dir / url.removeprefix(SITE_URL).split("?")[0]
            if path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
                return
        outside.append(url)
        route.abort()

    page.route("**/*", answer)
    page.goto(SITE_URL + f"newsletters/{slug}/email.html", wait_until="load")
    return context, page, outside


def email_slugs(built: Project) -> list[str]:
    return sorted(p.parent.name for p in (built.site_dir / "newsletters").glob("*/email.html"))


@pytest.mark.parametrize("width", WIDTHS)
def test_no_email_reaches_past_the_right_edge(browser: Any, built: Project, width: int) -> None:
    slugs = email_slugs(built)
    assert "long-words" in slugs and len(slugs) >= 5
    for slug in slugs:
        context, page, outside = open_email(browser, built, slug, width)
        try:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{slug} is {scroll_width} pixels wide at {width}"
            widest = page.evaluate("""() => Math.max(...[...document.body.querySelectorAll('*')]
                .filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().right))""")
            assert widest <= width + 0.5, f"{slug}: something ends at {widest} pixels at {width}"
            sheet = page.locator("table.sheet").bounding_box()
            assert sheet["width"] <= min(width, 600)
            if width == 600:
                assert sheet["width"] >= 560  # the sheet fills a 600-pixel pane
            # Every image loaded from the site, with its description.
            assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0 && i.alt)")
            assert not outside, outside
            if slug == "long-words":
                page.screenshot(path=str(screenshot_path(f"email-long-words-{width}")), full_page=True)
        finally:
            context.close()


def test_preheader_is_hidden_but_first(browser: Any, built: Project) -> None:
    context, page, _ = open_email(browser, built, "long-words", 375)
    try:
        box = page.locator(".preheader").bounding_box()
        assert box is None or box["height"] == 0
        assert page.evaluate("document.body.textContent.trim()").startswith("A test issue with very long words.")
        assert not page.locator(".preheader").is_visible()
    finally:
        context.close()


def contrast_problems(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']}: {n['target']} {n['failureSummary'].splitlines()[-1].strip()}"
            for v in results.response["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_email_is_readable_in_light_and_dark_mode(browser: Any, built: Project, scheme: str) -> None:
    context, page, _ = open_email(browser, built, "long-words", 600, scheme)
    try:
        assert contrast_problems(page) == []
        background = page.evaluate("getComputedStyle(document.querySelector('td.content')).backgroundColor")
        text = page.evaluate("getComputedStyle(document.querySelector('td.content')).color")
        # Dark mode is ours, not an app's guess: light text on a dark sheet.
        assert (background, text) == (("rgb(255, 255, 255)", "rgb(26, 26, 26)") if scheme == "light"
                                      else ("rgb(24, 33, 32)", "rgb(238, 243, 242)"))
        page.screenshot(path=str(screenshot_path(f"email-{scheme}")), full_page=True)
    finally:
        context.close()


def test_email_without_styles_still_reads_in_order(browser: Any, built: Project, tmp_path: Path) -> None:
    """Some apps drop the head's style element: the inline styles keep the e-mail readable at 320."""
    html = (built.site_dir / "newsletters/long-words/email.html").read_text(encoding="utf-8")
    stripped = html[:html.index("<style>")] + html[html.index("</style>") + len("</style>"):]
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        page.route("**/*", lambda route: route.abort())
        page.set_content(stripped)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
