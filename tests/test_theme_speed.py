"""Pages paint fast on a slow phone (issue 15): light first visit, nothing blocks the first paint.

The home page's first visit transfers at most 100 KB gzip-compressed; no
stylesheet or script holds up the first paint of any kind of page (Chromium's
own verdict, `renderBlockingStatus`); the first screen looks the same before
the rest of Material's stylesheet arrives as after; the trimmed stylesheet
still has every Material rule the pages use; images carry their sizes, and a
case study's photo is preloaded. Lighthouse's scores are measured by
`bench/lighthouse.py`, too slow and too noisy for a test.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

import pytest

from tests.browser import (
    MOBILE,
    Traffic,
    built_once,
    fill_rich,
    launch,
    page_kinds,
    playwright_or_skip,
    serve,
)
from tests.test_browser import KINDS  # every page kind the browser tests visit

PHONE = {"width": 412, "height": 823}  # Lighthouse's phone
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return built_once(tmp_path_factory, "rich", fill_rich)


@pytest.fixture(scope="module")
def urls(rich: Any) -> dict[str, str]:
    return page_kinds(rich)


@pytest.fixture(scope="module")
def origin(rich: Any) -> Any:
    with serve(rich.site_dir) as root:
        yield root


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


# --- the built pages, read as files --------------------------------------------------------------


def test_head_inlines_the_sites_own_stylesheets_and_loads_material_without_blocking(rich, urls):
    from lxml import html

    for kind in KINDS:
        path = rich.site_dir / urls[kind] / "index.html"
        head = html.fromstring(path.read_bytes()).head
        blocking = [link.get("href") for link in head.iter("link")
                    if link.get("rel") == "stylesheet" and link.getparent().tag != "noscript"
                    and link.get("media") != "print"]
        assert blocking == [], f"{kind}: stylesheets that block the first paint: {blocking}"
        styles = [style.text_content() for style in head.iter("style")]
        assert any(".md-header" in css for css in styles), f"{kind}: Material's first-screen rules are not inlined"
        assert any(".wla-card" in css for css in styles), f"{kind}: wla.css is not inlined"
        assert any("--md-primary-fg-color" in css for css in styles), f"{kind}: the brand colours are not inlined"
        for script in html.fromstring(path.read_bytes()).iter("script"):
            if script.get("src"):
                assert script.get("defer") is not None, f"{kind}: {script.get('src')} is not deferred"


def test_case_study_photo_has_its_size_and_is_preloaded(rich):
    from lxml import html
    from wla_site.content.site import load_site

    site = load_site(rich.root)
    case = next(c for c in site.case_studies if c.image)
    document = html.fromstring((rich.site_dir / f"case-studies/{case.slug}/index.html").read_bytes())
    img = document.cssselect("figure.wla-figure img")[0]
    source = rich.site_dir / f"case-studies/{case.slug}" / img.get("src")
    from wla_site.mkdocs.theme_speed import image_size

    assert (int(img.get("width")), int(img.get("height"))) == image_size(source.read_bytes())
    assert img.get("loading") is None  # it is in the first screen: lazy loading would hold it back
    preloads = document.head.cssselect('link[rel=preload][as=image]')
    assert [p.get("href") for p in preloads] == [img.get("src")]


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def test_image_size_reads_png_gif_jpeg_and_webp_headers():
    from wla_site.mkdocs.theme_speed import image_size

    assert image_size(_png(640, 427)) == (640, 427)
    assert image_size(b"GIF89a" + struct.pack("<HH", 31, 17) + b"\0" * 8) == (31, 17)
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
    sof0 = b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 300, 1200) + b"\0" * 10
    assert image_size(b"\xff\xd8" + app0 + sof0) == (1200, 300)
    vp8x = b"RIFF" + b"\0" * 4 + b"WEBPVP8X" + b"\0" * 8 + (799).to_bytes(3, "little") + (599).to_bytes(3, "little")
    assert image_size(vp8x) == (800, 600)
    assert image_size(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_trimmed_material_css_names_the_installed_material():
    from material import __version__
    from wla_site.mkdocs.theme_speed import MATERIAL_CSS, material_stylesheets

    header = MATERIAL_CSS.read_text(encoding="utf-8").split("*/", 1)[0]
    expected = [f"mkdocs-material {__version__}"] + [path.name for path in material_stylesheets()]
    assert all(name in header for name in expected), (
        "theme/assets/wla/material.css was trimmed from another version of mkdocs-material: "
        "run .venv/bin/python tools/trim_material_css.py")


# --- in Chromium ------------------------------------------------------------------------------------

@pytest.mark.browser
def test_home_first_visit_transfers_at_most_100_kb(browser, origin):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    traffic = Traffic().watch(page)
    page.goto(origin, wait_until="networkidle")
    weight = traffic.compressed_bytes(include_images=True)
    context.close()
    assert weight <= 100_000, f"the home page's first visit transfers {weight:,} bytes gzipped:\n{traffic.report()}"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_blocks_the_first_paint(browser, origin, urls, viewport):
    context = browser.new_context(viewport=viewport)
    for kind in KINDS:
        page = context.new_page()
        page.goto(origin + urls[kind], wait_until="load")
        blocking = page.evaluate("""() => performance.getEntriesByType("resource")
            .filter(entry => entry.renderBlockingStatus === "blocking").map(entry => entry.name)""")
        assert blocking == [], f"{kind}: Chromium says these held up the first paint: {blocking}"
        page.close()
    context.close()


_FIRST_SCREEN = """() => {
  const vw = innerWidth, vh = innerHeight, found = [];
  document.querySelectorAll("body *").forEach((el, i) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 || r.bottom <= 0 || r.top >= vh || r.right <= 0 || r.left >= vw) return;
    const s = getComputedStyle(el);
    // What of it shows in the first screen: a box running on below the fold may grow or shrink there.
    const shown = [Math.max(r.left, 0), Math.max(r.top, 0), Math.min(r.right, vw), Math.min(r.bottom, vh)];
    found.push([i, el.tagName + "." + el.className, shown.map(Math.round).join(","),
                [s.color, s.backgroundColor, s.fontSize, s.fontWeight, s.visibility].join(" ")]);
  });
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [MOBILE, PHONE, DESKTOP], ids=["375", "412", "1280"])
def test_first_screen_looks_the_same_before_the_rest_of_the_css_arrives(browser, origin, urls, viewport):
    differences = {}
    for kind in KINDS:
        screens = []
        for wait_for_css in (True, False):
            context = browser.new_context(viewport=viewport, reduced_motion="reduce")
            if not wait_for_css:
                context.route("**/assets/wla/material.css", lambda route: route.abort())
            page = context.new_page()
            page.goto(origin + urls[kind], wait_until="networkidle")
            page.wait_for_timeout(300)
            screens.append({tuple(item[:2]): item[2:] for item in page.evaluate(_FIRST_SCREEN)})
            context.close()
        full, first = screens
        changed = [f"{key[1]}: {full.get(key)} -> {first.get(key)}" for key in sorted(set(full) | set(first))
                   if full.get(key) != first.get(key)]
        if changed:
            differences[kind] = changed[:5]
    assert not differences, "\n".join(f"{kind}:\n  " + "\n  ".join(rows) for kind, rows in differences.items())


@pytest.mark.browser
def test_trimmed_material_css_has_every_rule_the_pages_use(browser, origin, urls):
    import sys

    from tests.browser import REPO

    sys.path.insert(0, str(REPO))
    from wla_site.mkdocs.theme_speed import MATERIAL_CSS, material_stylesheets

    from tools.trim_material_css import native_focus, parse, probe, rules

    kept = {s for rule in rules(parse(MATERIAL_CSS.read_text(encoding="utf-8"))) for s in rule.selectors}
    original = parse("".join(path.read_text(encoding="utf-8") for path in material_stylesheets()))
    # Rules that only set custom properties are left out when nothing reads those properties.
    styling = [rule for rule in rules(original) if re.search(r"(?:^|;)\s*(?!--)[\w-]+\s*:", rule.body)]
    dropped = sorted({s for rule in styling for s in rule.selectors if native_focus(s) not in kept})
    probes = [probe(s) for s in dropped]
    missing: dict[str, list[str]] = {}
    for viewport, scheme in ((PHONE, "light"), (DESKTOP, "dark")):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        for kind in KINDS:
            page = context.new_page()
            page.goto(origin + urls[kind], wait_until="load")
            matched = page.evaluate("""(probes) => probes.map(p => {
                try { return document.querySelector(p) !== null; } catch (e) { return false; } })""", probes)
            found = [s for s, hit in zip(dropped, matched, strict=True) if hit]
            if found:
                missing.setdefault(kind, found[:5])
            page.close()
        context.close()
    assert not missing, ("Material rules that pages use are missing from material.css; run "
                         ".venv/bin/python tools/trim_material_css.py\n" + repr(missing))


# --- Material's JavaScript: the theme's own small script in its place --------------------------------


def test_pages_load_the_themes_small_script_instead_of_materials_bundle(rich, urls):
    from lxml import html

    for kind in KINDS:
        document = html.fromstring((rich.site_dir / urls[kind] / "index.html").read_bytes())
        sources = [script.get("src") for script in document.iter("script") if script.get("src")]
        assert not [s for s in sources if "javascripts/bundle" in s], f"{kind}: Material's bundle is loaded"
        assert any(s.endswith("assets/wla/theme.js") for s in sources), f"{kind}: theme.js is not loaded"
        assert not document.cssselect("script#__config"), f"{kind}: Material's configuration is left in the page"
    theme_js = (rich.site_dir / "assets/wla/theme.js").read_bytes()
    assert zlib.compress(theme_js, 9).__len__() < 3_000  # against Material's 35 KB gzipped


def test_a_site_using_materials_search_gets_materials_bundle(tmp_path):
    import os
    import subprocess
    import sys

    from lxml import html

    from tests.browser import REPO, copy_tree_clean

    project = tmp_path / "project"
    copy_tree_clean(REPO, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n  - wla\n", "plugins:\n  - wla\n  - search\n"),
                      encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stderr
    document = html.fromstring((tmp_path / "site/index.html").read_bytes())
    bundles = [s for s in document.xpath("//script/@src") if "javascripts/bundle" in s]
    assert len(bundles) == 1 and document.xpath("//script[contains(@src, 'javascripts/bundle')]/@defer") != []
    assert document.cssselect("script#__config")
    assert not [s for s in document.xpath("//script/@src") if s.endswith("theme.js")]


def test_palette_switch_header_and_back_to_top_work_with_the_themes_script(browser, origin, urls):
    context = browser.new_context(viewport={"width": 375, "height": 700}, color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(origin + urls["hand-written"], wait_until="load")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "slate"  # the system's dark setting, with nothing chosen yet
    page.click(".md-header__option label:visible")
    assert page.evaluate(scheme) == "default"
    # Chosen once, kept on every page (Material's inline script applies it before the first paint).
    page.goto(origin + urls["case-study-list"], wait_until="load")
    assert page.evaluate(scheme) == "default"
    assert page.evaluate("[...document.querySelectorAll('.md-header__option label')].map(l => l.hidden)") == [
        False, True]  # only the current palette's label, the switch to the other one, is shown

    page.goto(origin + urls["hand-written"], wait_until="load")
    top = page.locator(".md-top")
    assert top.is_hidden()
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    assert top.is_hidden()  # going down: out of the way
    assert page.evaluate("document.querySelector('.md-header__title').classList.contains('md-header__title--active')")
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(200)
    assert top.is_visible()  # coming back up
    # With the keyboard's focus it stays put, whichever way the page scrolls, until the focus moves on.
    top.focus()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    assert top.is_visible() and page.evaluate("document.activeElement.matches('.md-top')")
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)
    assert top.is_hidden() and page.evaluate("document.activeElement !== document.body")
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(200)
    top.click()
    page.wait_for_function("window.scrollY === 0")
    page.wait_for_timeout(200)
    assert top.is_hidden()
    assert errors == []
    context.close()
