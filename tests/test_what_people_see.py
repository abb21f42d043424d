"""What a person notices on every page of the built sample site, checked in a real Chromium.

No front matter or Markdown syntax in what a visitor reads, no broken image,
no sideways scrolling on a 320-pixel phone (long words included), and the
layout faults found by looking at the screenshots: cards that touch, an empty
side column, quotes laid out two ways, the site's name cut short on a phone,
a capital letter in the middle of a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest

from tests.browser import DESKTOP, MOBILE, launch, playwright_or_skip, serve
from tests.conftest import Project, new_project

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
LONG_ADDRESS = "https://learning.example.org/courses/adult-community-learning/digital-skills-for-work-and-life/"

MARKDOWN_RESIDUE = {
    "front matter": re.compile(r"^(---|\w+: .*\n---)$", re.MULTILINE),
    "bold markers": re.compile(r"\*\*\S"),
    "a link's brackets": re.compile(r"\]\("),
    "a heading's hashes": re.compile(r"^#{1,6} ", re.MULTILINE),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample site, with a story and a provider whose words are too long for a phone."""
    project = new_project(tmp_path_factory.mktemp("seen") / "project", with_samples=True)
    project.case_study(
        "long-words", title=f"A learning club in {LONG_WORD}", date="2026-01-05",
        organisation={"name": f"{LONG_WORD} Community Council", "sector": "public-sector", "region": "wales",
                      "town": LONG_WORD, "website": LONG_ADDRESS},
        body=f"The club met in {LONG_WORD}. Courses are listed at <{LONG_ADDRESS}>.\n",
    )
    project.provider("long-words-provider", name=f"{LONG_WORD} Adult Learning", website=LONG_ADDRESS,
                     regions=["wales"], delivery=["in-person", "in-the-workplace", "online"])
    project.build()
    return project


@pytest.fixture(scope="module")
def origin(site: Project) -> Iterator[str]:
    with serve(site.site_dir) as root:
        yield root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def every_page(site: Project) -> list[str]:
    """The address of every page of the built site, from its root (the 404 page aside)."""
    pages = sorted(p.parent.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in pages]


VISIBLE_TEXT = """() => {
    const main = document.querySelector('.md-content').cloneNode(true);
    main.querySelectorAll('pre, code, script, style, [hidden]').forEach(e => e.remove());
    document.body.appendChild(main);  // innerText needs the element laid out
    const text = main.innerText;
    main.remove();
    return text;
}"""

BROKEN_IMAGES = """async () => {
    const images = Array.from(document.images);
    images.forEach(img => { img.loading = 'eager'; });
    await Promise.all(images.map(img => img.decode().catch(() => null)));
    return images.filter(img => img.naturalWidth === 0).map(img => img.currentSrc || img.src);
}"""

SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll('body *')).filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
    }).slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}px`);
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def test_the_site_has_the_pages_we_expect(site):
    pages = every_page(site)
    assert "" in pages and "case-studies/long-words/" in pages and "becoming-a-wla/" in pages
    assert len(pages) > 80


def test_every_page_reads_cleanly_shows_its_images_and_fits_a_320_pixel_phone(site, origin, browser):
    problems: list[str] = []
    context = browser.new_context(viewport=NARROW, reduced_motion="reduce")
    page = context.new_page()
    for address in every_page(site):
        page.goto(origin + address, wait_until="load")
        text = page.evaluate(VISIBLE_TEXT)
        for what, pattern in MARKDOWN_RESIDUE.items():
            found = pattern.search(text)
            if found:
                problems.append(f"/{address}: {what} in the text: {found.group(0)!r}")
        for src in page.evaluate(BROKEN_IMAGES):
            problems.append(f"/{address}: a broken image: {src}")
        sideways = page.evaluate(SIDEWAYS)
        if sideways["scroll"] > sideways["width"]:
            problems.append(f"/{address}: scrolls sideways ({sideways['scroll']}px wide in {sideways['width']}px): "
                            + "; ".join(sideways["wide"]))
    context.close()
    assert not problems, "\n".join(problems)


def test_the_checks_would_see_a_mistake(site, origin, browser, tmp_path):
    """Each check fails on a page made to fail it, so a clean run means something."""
    bad = site.site_dir / "seen-check" / "index.html"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text(
        '<!doctype html><html><body><div class="md-content"><p>---</p><p>description: x</p><p>## Hello **bold** '
        '[a](b)</p><img src="missing.png" alt="x"><p style="white-space:nowrap">' + LONG_WORD * 2 + "</p></div>"
        "</body></html>", encoding="utf-8")
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    page.goto(origin + "seen-check/", wait_until="load")
    text = page.evaluate(VISIBLE_TEXT)
    assert all(pattern.search(text) for pattern in MARKDOWN_RESIDUE.values()), text
    assert page.evaluate(BROKEN_IMAGES)
    sideways = page.evaluate(SIDEWAYS)
    assert sideways["scroll"] > sideways["width"]
    context.close()
    bad.unlink()
    bad.parent.rmdir()


# --- what looked broken in the screenshots ---------------------------------------------------------


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().toJSON())")


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("address", ["", "case-studies/", "events/", "providers/", "regions/north-west/"])
def test_cards_never_touch(origin, browser, address, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(origin + address, wait_until="load")
    for list_box in range(page.locator("ul.wla-cards").count()):
        cards = boxes(page, f"ul.wla-cards >> nth={list_box} >> xpath=./li")
        for first, second in pairwise(cards):
            same_row = abs(first["top"] - second["top"]) < 1
            gap = second["left"] - first["right"] if same_row else second["top"] - first["bottom"]
            assert gap >= 10, f"/{address}: cards {gap:.0f}px apart"
    if viewport == DESKTOP and address in ("", "case-studies/"):
        cards = boxes(page, "ul.wla-cards >> nth=-1 >> xpath=./li")
        assert sum(c["top"] == cards[0]["top"] for c in cards) >= 2, "at 1280 pixels cards stand side by side"
    context.close()


@pytest.mark.parametrize("address", ["case-studies/", "case-studies/whitehaven-library-adult-learners-week-advice-stand/",
                                     "events/wla-information-session-wigan/", "regions/", "providers/"])
def test_generated_pages_have_no_empty_side_column(origin, browser, address):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + address, wait_until="load")
    assert not page.locator(".md-sidebar--primary").is_visible()
    heading = page.locator("h1").bounding_box()
    logo = page.locator(".md-header .md-logo").bounding_box()
    assert abs(heading["x"] - logo["x"]) < 10, "the heading lines up with the logo, not after an empty column"
    context.close()


def test_on_a_phone_the_menu_opens_on_every_kind_of_page(origin, browser):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    for address in ("", "case-studies/", "case-studies/whitehaven-library-adult-learners-week-advice-stand/",
                    "the-wla-role/"):
        page.goto(origin + address, wait_until="load")
        page.click(".md-header label[for=__drawer]")
        page.wait_for_timeout(400)
        menu = page.locator(".md-sidebar--primary")
        assert menu.is_visible(), f"/{address}"
        assert page.locator(".md-sidebar--primary .md-nav__link", has_text="Events").first.is_visible(), f"/{address}"
    context.close()


def test_quotes_are_laid_out_one_way(origin, browser):
    """A story's `quote` and a quote in an e-shot's text: a bar on the left, the speaker under the words."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    layouts = []
    for address, quote, words, speaker in (
        ("case-studies/whitehaven-library-adult-learners-week-advice-stand/", "figure.wla-quote",
         "figure.wla-quote blockquote p", "figure.wla-quote figcaption"),
        ("newsletters/wla-e-shot-november-2026/", ".wla-body blockquote", ".wla-body blockquote p:first-child",
         ".wla-body blockquote p:last-child"),
    ):
        page.goto(origin + address, wait_until="load")
        bar = page.eval_on_selector(quote, "e => getComputedStyle(e).borderLeftWidth")
        words_box, speaker_box = page.locator(words).bounding_box(), page.locator(speaker).bounding_box()
        align = page.eval_on_selector(speaker, "e => getComputedStyle(e).textAlign").replace("start", "left")
        starts = page.eval_on_selector(speaker, """e => {
            const before = getComputedStyle(e, '::before').content;  // the dash may be drawn by the stylesheet
            return ((before === 'none' ? '' : JSON.parse(before)) + e.innerText).trim()[0];
        }""")
        layouts.append((bar, round(speaker_box["x"] - words_box["x"]), align, starts,
                        speaker_box["y"] > words_box["y"]))
    assert layouts[0] == layouts[1], layouts
    assert layouts[0][0] != "0px" and layouts[0][1] == 0 and layouts[0][3] == "\u2014"
    context.close()


@pytest.mark.parametrize("address", ["", "case-studies/long-words/", "providers/"])
def test_the_site_name_is_never_cut_short_on_a_phone(origin, browser, address):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(origin + address, wait_until="load")
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert name.inner_text().strip() == "Workplace Learning Advocates"
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1")
    page.click(".md-header label[for=__drawer]")
    page.wait_for_timeout(400)
    title = page.locator(".md-nav--primary > .md-nav__title")
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")
    context.close()


def test_ways_of_teaching_have_a_capital_only_first(site, origin, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "providers/long-words-provider/", wait_until="load")
    assert page.locator("dt:text-is('How') + dd").inner_text() == "In person, in the workplace, online"
    page.goto(origin + "regions/wales/", wait_until="load")
    card = page.locator("li.wla-card", has_text="Adult Learning").first
    assert "In person, in the workplace, online" in card.inner_text()
    assert "In person, In the workplace" not in page.locator("body").inner_text()
    context.close()
