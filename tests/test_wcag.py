"""WCAG 2.2 AA beyond axe: focus, target size, text spacing, reflow and the keyboard, on every page kind.

The same site as `test_browser.py` (built once per run), in a real Chromium.
The checks themselves live in `tests/wcag.py`; the last tests here break a
page on purpose and make sure each check notices, so none of them can pass by
measuring nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_browser, wcag
from tests.browser import DESKTOP, MOBILE
from tests.test_browser import open_page

pytestmark = pytest.mark.browser

KINDS = ["home", "case-study-list", "case-study", "event-list", "event", "newsletter-list", "newsletter",
         "provider-list", "provider-list-page-2", "provider", "region-list", "region", "theme-list", "theme",
         "resource-list", "resource", "resource-group", "search", "hand-written", "statement"]

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}

# The same site, server and browser as test_browser.py, once per run.
rich, origin, urls = test_browser.rich, test_browser.origin, test_browser.urls  # fixtures; `browser` is conftest's


def address(urls: dict[str, str], kind: str) -> str:
    if kind == "statement":
        return "accessibility/"
    if kind not in urls:
        pytest.skip(f"the site has no {kind} page")
    return urls[kind]


def report(kind: str, problems: list[str]) -> str:
    return f"{kind}: {len(problems)} problem(s)\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("kind", KINDS)
def test_focus_is_never_hidden_under_the_sticky_header(browser, origin, urls, kind):
    """2.4.11: Tab forwards and back through the page; every stop is in view and uncovered."""
    problems = []
    for name, viewport in VIEWPORTS.items():
        context, page, _ = open_page(browser, origin + address(urls, kind), viewport=viewport)
        problems += [f"[{name}] {p}" for p in wcag.focus_obscured(page)]
        context.close()
    assert not problems, report(kind, problems)


def test_a_skip_link_or_in_page_link_lands_below_the_header(browser, origin, urls):
    """2.4.11 for jumps: the target of an in-page link is not scrolled under the header."""
    context, page, _ = open_page(browser, origin + urls["case-study-list"], viewport=MOBILE)
    page.evaluate("location.hash = '#all'")
    page.wait_for_timeout(100)
    top = page.evaluate("document.getElementById('all').getBoundingClientRect().top")
    bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert top >= bottom, f"the heading #all is at y={top}, under the header (bottom y={bottom})"
    context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_targets_are_24_pixels_or_spaced_as_2_5_8_allows(browser, origin, urls, kind):
    problems, counted = [], 0
    for name, viewport in VIEWPORTS.items():
        context, page, _ = open_page(browser, origin + address(urls, kind), viewport=viewport)
        found, seen = wcag.small_targets(page)
        problems += [f"[{name}] {p}" for p in found]
        counted += seen
        context.close()
    assert counted > 5, "hardly any targets were measured: is the check looking at the page?"
    assert not problems, report(kind, problems)


@pytest.mark.parametrize("kind", KINDS)
def test_text_spacing_overrides_lose_no_content(browser, origin, urls, kind):
    """1.4.12: line height 1.5, paragraph spacing 2, letter spacing 0.12 and word spacing 0.16 em."""
    problems = []
    for name, viewport in VIEWPORTS.items():
        context, page, _ = open_page(browser, origin + address(urls, kind), viewport=viewport)
        problems += [f"[{name}] {p}" for p in wcag.text_spacing_losses(page)]
        context.close()
    assert not problems, report(kind, problems)


@pytest.mark.parametrize("kind", KINDS)
def test_400_percent_zoom_needs_no_sideways_scrolling(browser, origin, urls, kind):
    """1.4.10: 1280 CSS pixels at 400% is a 320-pixel-wide window."""
    problems = []
    for scheme in ("light", "dark"):
        context, page, _ = open_page(browser, origin + address(urls, kind), viewport=wcag.REFLOW_VIEWPORT,
                                     scheme=scheme)
        problems += [f"[{scheme}] {p}" for p in wcag.reflow_overflow(page)]
        context.close()
    assert not problems, report(kind, problems)


@pytest.mark.parametrize("kind", KINDS)
def test_every_control_is_reached_by_keyboard_with_a_visible_focus(browser, origin, urls, kind):
    """2.1.1 and 2.4.7, in both palettes: each visible control is a Tab stop and looks focused there."""
    problems = []
    for name, viewport, scheme in (("desktop", DESKTOP, "light"), ("mobile", MOBILE, "dark")):
        context, page, _ = open_page(browser, origin + address(urls, kind), viewport=viewport, scheme=scheme)
        problems += [f"[{name}, {scheme}] {p}" for p in wcag.keyboard_walk(page)]
        context.close()
    assert not problems, report(kind, problems)


def test_the_menu_opens_and_closes_by_keyboard_on_a_phone(browser, origin, urls):
    context, page, _ = open_page(browser, origin + urls["case-study"], viewport=MOBILE)
    assert page.locator(".md-sidebar--primary a").first.evaluate("a => getComputedStyle(a).visibility") == "hidden", (
        "the closed drawer's links should not take focus")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('label.wla-menu-button')"):
            break
    else:
        raise AssertionError("the menu button cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), "focus should move into the menu"
    assert wcag._run(page, wcag._FOCUS_STATE) == "", "the first link in the open menu should be in view"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-nav__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.matches('label.wla-menu-button')"), "Escape returns focus to the button"
    context.close()


# --- the checks notice what they are for -------------------------------------------------------

BROKEN = {
    "focus": "html { scroll-padding-top: 0 !important; } .md-top { display: none !important; }",
    "targets": ".md-typeset .wla-facts dd a { display: inline !important; }",
    "spacing": ".md-typeset .wla-card__summary { height: 1.6em; overflow: hidden; }",
    "reflow": ".md-typeset h1 { white-space: nowrap; }",
    "keyboard": "a:focus-visible, .md-typeset a:focus-visible { outline: none !important; box-shadow: none !important; }",
}


@pytest.mark.parametrize("check", list(BROKEN))
def test_each_check_finds_a_page_broken_on_purpose(browser, origin, urls, check):
    kind = {"targets": "case-study", "reflow": "case-study"}.get(check, "case-study-list")
    viewport = {"reflow": wcag.REFLOW_VIEWPORT, "targets": MOBILE}.get(check, DESKTOP)
    context, page, _ = open_page(browser, origin + urls[kind], viewport=viewport)
    page.add_style_tag(content=BROKEN[check])
    found: list[Any]
    if check == "focus":
        found = wcag.focus_obscured(page)
    elif check == "targets":
        found = wcag.small_targets(page)[0]
    elif check == "spacing":
        found = wcag.text_spacing_losses(page)
    elif check == "reflow":
        found = wcag.reflow_overflow(page)
    else:
        found = wcag.keyboard_walk(page)
    context.close()
    assert found, f"the {check} check found nothing wrong with a page broken on purpose ({BROKEN[check]})"
