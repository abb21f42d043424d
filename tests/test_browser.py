"""The built site in a real Chromium: accessibility, keyboard, privacy, and life without JavaScript.

One site (the sample content plus synthetic items, so the directory has
several pages) is built once for the run and served on 127.0.0.1. Every kind
of page is checked with axe-core against the WCAG 2.0, 2.1 and 2.2 A and AA
rules in the light and dark palettes at desktop and 375-pixel mobile widths;
screenshots of each are written to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import (
    AXE_TAGS,
    DESKTOP,
    MOBILE,
    Traffic,
    built_once,
    fill_rich,
    page_kinds,
    screenshot_path,
    serve,
)

pytestmark = pytest.mark.browser

KINDS = ["home", "case-study-list", "case-study", "event-list", "event", "newsletter-list", "newsletter",
         "provider-list", "provider-list-page-2", "provider", "region-list", "activity", "region", "theme-list", "theme",
         "search", "subscribe", "event-repeating", "hand-written"]


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return built_once(tmp_path_factory, "rich", fill_rich)


@pytest.fixture(scope="module")
def origin(rich: Any) -> Iterator[str]:
    with serve(rich.site_dir) as root:
        yield root


@pytest.fixture(scope="module")
def urls(rich: Any) -> dict[str, str]:
    return page_kinds(rich)


def open_page(browser: Any, url: str, *, scheme: str = "light", viewport: dict[str, int] = DESKTOP,
              javascript: bool = True) -> tuple[Any, Any, Traffic]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript,
                                  reduced_motion="reduce")
    page = context.new_page()
    traffic = Traffic().watch(page)
    page.goto(url, wait_until="load")
    return context, page, traffic


def axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}\n"
                         f"    {node['html'][:200]}\n    {node['failureSummary'].splitlines()[-1].strip()}")
    return found


# --- accessibility, in both palettes, at both widths ----------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violations_light_and_dark_desktop_and_mobile(browser, origin, urls, kind):
    if kind not in urls:
        pytest.skip(f"the site has no {kind} page")
    problems = []
    for scheme in ("light", "dark"):
        for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
            context, page, _ = open_page(browser, origin + urls[kind], scheme=scheme, viewport=viewport)
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
            if kind == "search":  # the results as well as the empty form
                page.fill("#wla-search-q", "Wigan")
                page.press("#wla-search-q", "Enter")
                page.wait_for_selector(".wla-result")
            problems += [f"[{scheme}, {name}] {v}" for v in axe_violations(page)]
            if scheme == "light" or name == "mobile":
                suffix = name if scheme == "light" else f"{name}-dark"
                page.screenshot(path=str(screenshot_path(f"{kind}-{suffix}")), full_page=True)
            context.close()
    assert not problems, f"axe found problems on {urls[kind] or 'the home page'}:\n" + "\n".join(problems)


# --- privacy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_pages_ask_nothing_of_other_hosts_and_set_no_cookies(browser, origin, urls, kind):
    if kind not in urls:
        pytest.skip(f"the site has no {kind} page")
    context, page, traffic = open_page(browser, origin + urls[kind])
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    if kind == "search":
        page.fill("#wla-search-q", "learning")
        page.press("#wla-search-q", "Enter")
        page.wait_for_selector(".wla-result")
        page.wait_for_load_state("networkidle")
    if kind == "provider-list":
        page.select_option("#wla-filter-region", "north-west")
        page.wait_for_load_state("networkidle")
    assert traffic.requests, "the page made no requests at all: is the recorder working?"
    assert traffic.foreign(origin) == [], "requests left the site"
    assert not [u for u in traffic.requests if "fonts.g" in u]
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert not failed, f"requests that failed: {failed}"
    context.close()


# --- keyboard ------------------------------------------------------------------------------------


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const e = document.activeElement;
        const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
        const shown = [e, label].filter(Boolean).map(x => getComputedStyle(x));
        return {
          tag: e.tagName, id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
          inContent: !!e.closest('.md-content'),
          ring: shown.some(s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'),
          visible: (() => { const r = (label && getComputedStyle(e).opacity === '0' ? label : e).getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; })(),
        };
    }""")


@pytest.mark.parametrize("kind", ["case-study-list", "hand-written", "event"])
def test_skip_link_shows_on_focus_and_jumps_to_the_content(browser, origin, urls, kind):
    context, page, _ = open_page(browser, origin + urls[kind])
    page.keyboard.press("Tab")
    first = focused(page)
    assert "md-skip" in first["cls"] and first["text"] == "Skip to content", first
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
    assert first["visible"] and first["ring"], first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["inContent"], "after the skip link, Tab should land in the page's content"
    context.close()


def test_every_focus_stop_shows_a_focus_indicator(browser, origin, urls):
    context, page, _ = open_page(browser, origin + urls["case-study-list"])
    missing = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] == "BODY":
            break
        if not state["ring"]:
            missing.append(state)
    assert not missing, f"focused without a visible indicator: {missing}"
    context.close()


def tab_to(page: Any, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def test_case_study_filters_work_by_keyboard_and_announce_results(browser, origin, urls):
    context, page, _ = open_page(browser, origin + urls["case-study-list"])
    status = page.locator("[data-wla-status]")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    tab_to(page, "wla-filter-region")
    page.keyboard.press("ArrowDown")  # the first region after "All"
    region = page.input_value("#wla-filter-region")
    assert region
    expected = page.locator(f'[data-wla-list] > li[data-region="{region}"]').count()
    total = page.locator("[data-wla-list] > li").count()
    page.wait_for_function("document.querySelector('[data-wla-status]').textContent !== ''")
    assert status.text_content() == f"Showing {expected} of {total} case studies."
    assert page.locator("[data-wla-list] > li:visible").count() == expected
    assert f"region={region}" in page.url
    page.focus("button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('[data-wla-status]').textContent.includes('all {total}')")
    assert page.locator("[data-wla-list] > li:visible").count() == total
    context.close()


def test_directory_filters_every_provider_across_its_pages(browser, origin, urls, rich):
    from wla_site.content.site import load_site

    site = load_site(rich.root)
    context, page, traffic = open_page(browser, origin + urls["provider-list"])
    tab_to(page, "wla-filter-region")
    while page.input_value("#wla-filter-region") != "north-west":
        page.keyboard.press("ArrowDown")
    expected = [p for p in site.providers if "north-west" in p.regions]
    page.wait_for_function("document.querySelector('[data-wla-status]').textContent.includes('match')")
    shown = page.locator("[data-wla-list] > li")
    assert shown.count() == min(50, len(expected))
    assert page.locator("[data-wla-status]").text_content().startswith("Showing ")
    assert f"{len(expected)} providers" in page.locator("[data-wla-status]").text_content()
    assert page.locator("[data-wla-pager]").is_hidden()
    names = [" ".join(t.split()) for t in shown.locator("h3 a").all_text_contents()]
    assert names == [p.name for p in expected][:50]
    link = shown.first.locator("a").evaluate("a => a.href")
    assert link == f"{origin}providers/{expected[0].slug}/"
    assert any(u.endswith("providers/index.json") for u in traffic.requests)
    page.select_option("#wla-filter-region", "")
    assert page.locator("[data-wla-pager]").is_visible()
    context.close()


# --- without JavaScript --------------------------------------------------------------------------


def cards(page: Any, selector: str = "li.wla-card") -> list[str]:
    return [" ".join(t.split()) for t in page.locator(f"{selector} .wla-card__title a").all_text_contents()]


def test_every_listing_is_complete_and_navigable_without_javascript(browser, origin, urls, rich):
    from wla_site.content.site import load_site

    site = load_site(rich.root)
    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    page = context.new_page()
    traffic = Traffic().watch(page)

    page.goto(origin + "case-studies/")
    assert cards(page, "[data-wla-list] > li") == [c.title for c in site.case_studies]
    assert page.locator("form.wla-filter").is_hidden()
    region_links = page.locator("nav.wla-browse a")
    assert region_links.count() == len(site.vocabulary.regions) + len(site.vocabulary.themes)
    region_links.first.click()
    assert "/regions/" in page.url and page.locator("h1").text_content()

    page.goto(origin + "events/")
    assert sorted(cards(page)) == sorted(e.title for e in site.events)

    page.goto(origin + "newsletters/")
    assert cards(page) == [n.title for n in site.newsletters]

    page.goto(origin + "providers/")
    assert page.locator("form.wla-filter").is_hidden()
    seen: list[str] = []
    for _ in range(100):
        seen += cards(page, "[data-wla-list] > li")
        following = page.locator("a[rel=next]")
        if not following.count():
            break
        following.click()
    assert seen == [p.name for p in site.providers], "the directory's pages should list every provider once, in order"

    page.goto(origin + "regions/")
    assert page.locator(".wla-term-list a").count() == len(site.vocabulary.regions)
    page.goto(origin + "themes/")
    assert page.locator(".wla-term-list a").count() == len(site.vocabulary.themes)

    page.goto(origin + "search/")
    assert page.locator("form.wla-search").is_hidden()
    assert page.locator("[data-wla-nojs]").is_visible()
    assert page.locator("[data-wla-nojs] a").count() >= 4

    assert traffic.foreign(origin) == []
    context.close()


def test_search_finds_items_by_name_town_and_theme(browser, origin, rich):
    from wla_site.content.site import load_site

    site = load_site(rich.root)
    context, page, traffic = open_page(browser, origin + "search/")

    announced: list[str] = []

    def search(query: str, **filters: str) -> list[str]:
        page.fill("#wla-search-q", query)
        for name, value in filters.items():
            page.select_option(f"#wla-search-{name}", value)
        page.press("#wla-search-q", "Enter")
        page.wait_for_function("!document.querySelector('[data-wla-search-status]').textContent.startsWith('Search')")
        announced.append(page.locator("[data-wla-search-status]").text_content())
        while page.locator("[data-wla-more]").is_visible():
            before = page.locator(".wla-result").count()
            page.click("[data-wla-more]")
            page.wait_for_function(f"document.querySelectorAll('.wla-result').length > {before}")
        return [" ".join(t.split()) for t in page.locator(".wla-result__title a").all_text_contents()]

    provider = site.providers[0]
    assert provider.name in search(provider.name)
    towns = search("Wigan")
    assert any("Wigan" in t for t in towns)
    kinds = set(page.locator(".wla-result__meta").all_text_contents())
    assert {"Event", "Learning provider"} <= {k.split(" · ")[0] for k in kinds}
    status = page.locator("[data-wla-search-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert re.fullmatch(rf"{len(towns)} results? for “Wigan”\.", announced[-1])
    assert len(towns) == len(set(towns))

    theme_cases = [c.title for c in site.case_studies_by_theme["digital-skills"]]
    found = search("digital skills", kind="Case study")
    assert set(theme_cases) <= set(found)
    assert {k.split(" · ")[0] for k in page.locator(".wla-result__meta").all_text_contents()} == {"Case study"}

    only_nw = search("Wigan", kind="", region="North West")
    metas = page.locator(".wla-result__meta").all_text_contents()
    # A national provider serves every region, as on the region pages.
    assert only_nw and all("North West" in m or "National" in m for m in metas)
    assert len(only_nw) < len(towns) or all("North West" in m for m in metas)

    issue = site.newsletters[0]
    assert issue.title in search(issue.title, region="", kind="E-shot issue")

    page.locator(".wla-result__title a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(origin) and page.locator("h1").count() == 1
    assert traffic.foreign(origin) == []
    context.close()


def test_search_reads_its_address_and_works_by_keyboard(browser, origin):
    context, page, _ = open_page(browser, origin + "search/?q=wigan&kind=Event")
    page.wait_for_selector(".wla-result")
    assert page.input_value("#wla-search-q") == "wigan" and page.input_value("#wla-search-kind") == "Event"
    assert {m.split(" · ")[0] for m in page.locator(".wla-result__meta").all_text_contents()} == {"Event"}
    status = page.locator("[data-wla-search-status]")
    assert re.fullmatch(r"\d+ results? for “wigan”\.", status.text_content())
    context.close()

    context, page, _ = open_page(browser, origin + "search/")
    tab_to(page, "wla-search-q")
    page.keyboard.type("learning")
    page.keyboard.press("Enter")
    page.wait_for_selector(".wla-result")
    page.wait_for_function("document.querySelector('[data-wla-search-status]').textContent.includes('for')")
    announced = page.locator("[data-wla-search-status]").text_content()
    total = int(announced.split()[0])
    assert total > 20, f"the test needs more than one batch of results: {announced}"
    assert page.locator(".wla-result").count() == 20
    assert "q=learning" in page.url
    first_link = False
    for _ in range(40):
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["ring"], f"focused without a visible indicator: {state}"
        first_link = first_link or page.evaluate("document.activeElement.matches('.wla-result__title a')")
        if page.evaluate("document.activeElement.matches('[data-wla-more]')"):
            break
    else:
        raise AssertionError("the Show more results button cannot be reached with the Tab key")
    assert first_link, "the results' links come before the Show more button in the tab order"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.wla-result').length > 20")
    assert page.evaluate("document.activeElement === document.querySelectorAll('.wla-result__title a')[20]")
    assert page.locator("[data-wla-search-status]").text_content() == (
        f"Showing {min(40, total)} of {total} results.")
    context.close()
