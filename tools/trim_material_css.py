"""Trims Material's stylesheets to the rules the WLA pages use, and picks out the first screen's.

Material ships one 137 KB stylesheet for every feature it has (admonitions,
code blocks, content tabs, search, blogs, ...); the WLA pages use a fraction.
This tool measures which fraction, in a real browser, and writes two files
that the theme (`plugins/wla_site/mkdocs/theme/main.html`) uses instead:

- `theme/assets/wla/material.css`: every rule of Material's `main` and
  `palette` stylesheets that matches an element on some page, in Material's
  order. Pages load it without blocking the first paint.
- `theme/partials/wla-critical-css.html`: the rules that match an element in
  the first screen of some page (or an element the stylesheet hides or moves
  off screen), inlined in every page's head so the first paint needs no
  stylesheet from the network. `material.css` holds them again, after them,
  so once it has loaded every rule is back in Material's order.

How it measures: it builds the sample content plus synthetic items (so the
directory has several pages) and a page of every kind of Markdown a
contributor can write, serves it, and opens every page kind in Chromium at
six window sizes from 375 to 1920 pixels wide, light and dark, with and
without JavaScript; it then scrolls, opens the menu, uses the filters and
searches. At each step every selector of Material's stylesheets is tried
against the page (states such as `:hover` or `::before` taken off, so a rule
for a hovered link counts when the link is there). A rule is kept when one of
its selectors matches; a selector the browser cannot run (another browser's
prefix) is kept.

Run it again after upgrading mkdocs-material or when a template starts using
a Material class it did not use before; `tests/test_theme_speed.py` fails
until then:

    .venv/bin/python tools/trim_material_css.py
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "plugins")]

from wla_site.mkdocs.theme_speed import MATERIAL_CSS, material_stylesheets  # noqa: E402

SITE_CSS = REPO / "plugins" / "wla_site" / "mkdocs" / "theme" / "assets" / "wla" / "wla.css"
CRITICAL_PARTIAL = REPO / "plugins" / "wla_site" / "mkdocs" / "theme" / "partials" / "wla-critical-css.html"

VIEWPORTS = [(375, 667), (412, 823), (768, 1024), (1024, 768), (1280, 800), (1920, 1080)]
"""Window sizes whose first screens count: phones (Lighthouse's is 412 by 823), a tablet both ways, desktops."""

# States a visitor brings about (hovering, focusing, ticking) and parts an element draws itself:
# taken off a selector before it is tried, so the rule counts wherever its element is.
_PSEUDO_ELEMENT = re.compile(r"::?(?:before|after|first-line|first-letter|marker|placeholder|selection|backdrop"
                             r"|file-selector-button|-(?:webkit|moz|ms)-[\w-]+)(?:\([^()]*\))?")
_STATE = re.compile(r":(?:hover|focus-visible|focus-within|focus|active|visited|link|any-link|target|checked"
                    r"|indeterminate|disabled|enabled|placeholder-shown|invalid|valid|required|optional"
                    r"|read-only|read-write|default|autofill|popover-open|modal|fullscreen|defined"
                    r"|-(?:webkit|moz|ms)-[\w-]+)(?:\([^()]*\))?(?![\w-])")
_EMPTY_FUNCTION = re.compile(r":(?:not|is|where|has)\(\s*\)")


def probe(selector: str) -> str:
    """The selector as a visitor's page might match it: states and drawn parts taken off."""
    probe = _STATE.sub("", _PSEUDO_ELEMENT.sub("", selector))
    while _EMPTY_FUNCTION.search(probe):
        probe = _EMPTY_FUNCTION.sub("", probe)
    probe = probe.strip()
    if not probe or probe[-1] in ">+~":
        probe = (probe + " *").strip()
    return probe


# --- the stylesheet as a tree of rules -----------------------------------------------------


@dataclass
class Rule:
    """A style rule: its selectors, and which of them matched (and where) once measured."""

    selectors: list[str]
    body: str
    used: set[int] = field(default_factory=set)
    critical: set[int] = field(default_factory=set)


@dataclass
class Group:
    """An at-rule (`@media`, `@supports`, `@keyframes`, ...) or the stylesheet itself."""

    head: str
    children: list[Rule | Group | str]
    """Rules, groups, and at-rules kept as they are (`@charset`, `@font-face`, keyframes)."""


def split_selectors(prelude: str) -> list[str]:
    """Split a selector list at its top-level commas (not those inside `:is(...)` or `[...]`)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return [p for p in parts if p]


def parse(css: str) -> Group:
    return Group("", list(_children(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))))


def _children(nodes: list[Any]) -> Iterator[Rule | Group | str]:
    for node in nodes:
        if node.type == "qualified-rule":
            yield Rule(split_selectors(tinycss2.serialize(node.prelude).strip()), tinycss2.serialize(node.content))
        elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports", "layer", "container") \
                and node.content is not None:
            head = f"@{node.at_keyword}{tinycss2.serialize(node.prelude).rstrip()}"
            inner = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
            yield Group(head, list(_children([n for n in inner if n.type in ("qualified-rule", "at-rule")])))
        elif node.type == "at-rule":
            yield tinycss2.serialize([node]).strip()


def rules(group: Group) -> Iterator[Rule]:
    for child in group.children:
        if isinstance(child, Rule):
            yield child
        elif isinstance(child, Group):
            yield from rules(child)


def render(group: Group, keep: str) -> str:
    """The stylesheet with only the selectors measured `keep` ("used" or "critical")."""
    out = []
    for child in group.children:
        if isinstance(child, Rule):
            chosen = child.used if keep == "used" else child.critical
            if chosen:
                out.append(",".join(s for i, s in enumerate(child.selectors) if i in chosen) + "{" + child.body + "}")
        elif isinstance(child, Group):
            if keep == "critical" and "print" in child.head and "screen" not in child.head:
                continue  # never the first screen's
            inner = render(child, keep)
            if inner:
                out.append(child.head + "{" + inner + "}")
        elif child.startswith("@charset"):
            continue  # a stylesheet in a page may not have one; the files are UTF-8 anyway
        else:
            out.append(child)
    return "".join(out)


def drop_unused_properties(sheet: Group, also_read: str) -> None:
    """Take out the custom properties (`--md-admonition-icon--note: ...`) that nothing reads.

    A property counts as read when a kept rule, another property that is read, or `also_read`
    (the site's own stylesheets) names it in `var(...)`. Material defines hundreds, many of
    them icons for features the site does not use.
    """
    kept = [rule for rule in rules(sheet) if rule.used]
    declarations = {id(rule): [d for d in tinycss2.parse_blocks_contents(rule.body, skip_comments=True,
                                                                         skip_whitespace=True)
                               if d.type == "declaration"] for rule in kept}
    defined = {d.name for ds in declarations.values() for d in ds if d.name.startswith("--")}
    readers = {name: set() for name in defined}  # property -> properties whose values read it
    plain = also_read
    for ds in declarations.values():
        for d in ds:
            value = tinycss2.serialize(d.value)
            if d.name.startswith("--"):
                for name in re.findall(r"var\(\s*(--[\w-]+)", value):
                    readers.setdefault(name, set()).add(d.name)
            else:
                plain += value
    read = set(re.findall(r"var\(\s*(--[\w-]+)", plain))
    changed = True
    while changed:
        changed = False
        for name, by in readers.items():
            if name not in read and by & read:
                read.add(name)
                changed = True
    for rule in kept:
        ds = declarations[id(rule)]
        if all(not d.name.startswith("--") or d.name in read for d in ds):
            continue
        rule.body = ";".join(f"{d.name}:{tinycss2.serialize(d.value).strip()}" + ("!important" if d.important else "")
                             for d in ds if not d.name.startswith("--") or d.name in read)
        if not rule.body:
            rule.used.clear()
            rule.critical.clear()


def drop_unused_keyframes(css: str) -> str:
    """Keyframes no kept rule animates with."""
    def keep(match: re.Match[str]) -> str:
        name = match.group(1)
        rest = css[:match.start()] + css[match.end():]
        return match.group(0) if re.search(rf"animation(?:-name)?:[^;}}]*\b{re.escape(name)}\b", rest) else ""
    return re.sub(r"@keyframes\s+([\w-]+)\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", keep, css)


# --- measuring in the browser ---------------------------------------------------------------

_MATCH = """([probes, mode]) => {
  const vw = innerWidth, vh = innerHeight;
  return probes.map(selector => {
    let found;
    try { found = document.querySelectorAll(selector); } catch (error) { return 2; }
    if (!found.length) return 0;
    if (mode !== "first-screen") return 1;
    for (const el of found) {
      const r = el.getBoundingClientRect();
      const drawn = r.width > 0 || r.height > 0;
      if (!drawn || r.top < vh && r.bottom > 0 || r.right <= 0 || r.left >= vw || r.bottom <= 0) return 2;
    }
    return 1;
  });
}"""
"""Per selector: 0 no match, 1 matches, 2 matches in the first screen (or something hidden or moved off it)."""

KITCHEN_SINK = """# Every kind of Markdown

A paragraph with *emphasis*, **strong words**, `code`, a [link](../), an abbreviation
<abbr title="Workplace Learning Advocate">WLA</abbr>, <kbd>Ctrl</kbd>, H<sub>2</sub>O and x<sup>2</sup>.

## A second heading { #second }

### A third heading

#### A fourth heading

##### A fifth heading

###### A sixth heading

- A list
    - with a nested item
1. An ordered list
2. with two items

> A quotation from a colleague.

| Column | Another |
| --- | ---: |
| a cell | 12 |

```
preformatted text
```

---

![An image](../assets/images/logo.svg){ width=50 }

<dl><dt>A term</dt><dd>Its meaning</dd></dl>

<details><summary>More</summary><p>Hidden text.</p></details>

<figure markdown>
![A figure](../assets/images/logo.svg)
<figcaption>A caption</figcaption>
</figure>

[A button](../){ .md-button } [A primary button](../){ .md-button .md-button--primary }
"""


def build_site(folder: Path) -> tuple[Path, dict[str, str]]:
    """Build the sample content with synthetic items and a Markdown sampler; return the site and pages."""
    from tests.browser import fill_rich, page_kinds
    from tests.conftest import new_project

    project = new_project(folder / "project")
    fill_rich(project)
    project.write("docs/markdown-sampler.md", KITCHEN_SINK)
    project.build()
    # Measure with the whole of Material's stylesheet, as it was before any trimming.
    full = "".join(path.read_text(encoding="utf-8") for path in material_stylesheets())
    (project.site_dir / MATERIAL_CSS.relative_to(MATERIAL_CSS.parents[2])).write_text(full, encoding="utf-8")
    pages = page_kinds(project)
    for doc in sorted((project.root / "docs").glob("*.md")):
        if doc.stem != "index":
            pages[f"docs/{doc.stem}"] = f"{doc.stem}/"
    pages["404"] = "404.html"
    return project.site_dir, pages


def exercise(page: Any, kind: str) -> Iterator[str]:
    """Bring about the states a visitor causes; yield a name after each, to measure the page in it."""
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)  # Material shows its back-to-top button on the way up
    page.wait_for_timeout(300)
    yield "scrolled"
    for select in page.query_selector_all("form.wla-filter select"):
        values = [o.get_attribute("value") for o in select.query_selector_all("option")]
        if len([v for v in values if v]) and select.is_visible():
            select.select_option(next(v for v in values if v))
    yield "filtered"
    box = page.query_selector("input[type=search], input[name=q]")
    if box is not None and box.is_visible():
        box.fill("learning")
        page.wait_for_timeout(800)
        yield "searched"
    drawer = page.query_selector("label.md-header__button[for=__drawer]")
    if drawer is not None and drawer.is_visible():
        page.evaluate("() => window.scrollTo(0, 0)")
        drawer.click()
        page.wait_for_timeout(300)
        yield "menu"


def measure(site_dir: Path, pages: dict[str, str], sheet: Group) -> None:
    from tests.browser import launch, playwright_or_skip, serve

    all_rules = list(rules(sheet))
    probes: list[str] = []
    owners: list[tuple[Rule, int]] = []
    for rule in all_rules:
        for i, selector in enumerate(rule.selectors):
            probes.append(probe(selector))
            owners.append((rule, i))

    def record(results: list[int]) -> None:
        for (rule, i), result in zip(owners, results, strict=True):
            if result:
                rule.used.add(i)
            if result == 2:
                rule.critical.add(i)

    sync_playwright = playwright_or_skip()
    with serve(site_dir) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        for kind, url in pages.items():
            settings = [(w, h, "light", True) for w, h in VIEWPORTS]
            settings += [(412, 823, "dark", True), (1280, 800, "dark", True), (412, 823, "light", False),
                         (1280, 800, "light", False)]
            for width, height, scheme, javascript in settings:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                              java_script_enabled=javascript)
                page = context.new_page()
                page.goto(origin + url, wait_until="load")
                page.wait_for_timeout(200)
                if javascript:  # the first screen of a page without JavaScript has the whole stylesheet
                    record(page.evaluate(_MATCH, [probes, "first-screen"]))
                else:
                    record(page.evaluate(_MATCH, [probes, "any"]))
                if javascript and (width, height) in ((412, 823), (1280, 800)):
                    for _state in exercise(page, kind):
                        record(page.evaluate(_MATCH, [probes, "any"]))
                context.close()
            print(f"measured {kind}", file=sys.stderr, flush=True)
        browser.close()


def native_focus(css: str) -> str:
    """Material's `.focus-visible` class (set by a polyfill in its JavaScript, which the site
    does without: see theme/assets/wla/theme.js) as the browser's own `:focus-visible`."""
    return css.replace(":not(.focus-visible)", ":not(:focus-visible)")


def main() -> int:
    sources = material_stylesheets()
    names = ", ".join(path.name for path in sources)
    sheet = parse("".join(path.read_text(encoding="utf-8") for path in sources))
    with tempfile.TemporaryDirectory(prefix="wla-trim-css-") as tmp:
        site_dir, pages = build_site(Path(tmp))
        measure(site_dir, pages, sheet)
        shutil.rmtree(site_dir, ignore_errors=True)
    from material import __version__ as material_version

    drop_unused_properties(sheet, also_read=SITE_CSS.read_text(encoding="utf-8")
                           + "".join(path.read_text(encoding="utf-8") for path in (REPO / "overrides").rglob("*.css")))
    used = native_focus(drop_unused_keyframes(render(sheet, "used")))
    critical = native_focus(drop_unused_keyframes(render(sheet, "critical")))
    origin = f"mkdocs-material {material_version} ({names}), MIT licence"
    MATERIAL_CSS.write_text(
        f"/* Material's rules that the WLA pages use, in Material's order: from {origin}.\n"
        "   Written by tools/trim_material_css.py; do not edit. */\n" + used + "\n", encoding="utf-8")
    CRITICAL_PARTIAL.write_text(
        "{#- The rules of material.css that a first screen needs, inlined in the head: from "
        f"{origin}.\n    Written by tools/trim_material_css.py; do not edit. -#}}\n"
        "{% raw %}<style>" + critical + "</style>{% endraw %}\n", encoding="utf-8")
    total = sum(len(r.selectors) for r in rules(sheet))
    kept = sum(len(r.used) for r in rules(sheet))
    print(f"{kept} of {total} selectors used; material.css {len(used):,} bytes, critical {len(critical):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
