"""The map of the regions and the activity charts: real SVG, parsed back and looked at in Chromium.

The map must link every region in `vocabulary.yml` that has a shape, stay small, give the
same bytes every time and draw the regions where they are (neighbours share borders,
Scotland is north of London). The charts must draw bars in proportion to the figures
and come with a table holding exactly those figures. In the browser, each region's
label point is a link to that region, keyboard focus shows, and axe finds nothing
wrong in the light or the dark palette.
"""

from __future__ import annotations

import ast
import colorsys
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree, html
from wla_site.figures import charts, region_map
from wla_site.figures.charts import Bar, Unit
from wla_site.figures.region_map import RegionLink, load_region_map, mapped_regions, region_map_svg

REPO = Path(__file__).resolve().parent.parent
RENDER = REPO / "plugins" / "wla_site" / "figures"
ASSET = RENDER / "assets" / "uk-regions.json"
FIGURES_CSS = REPO / "plugins" / "wla_site" / "mkdocs" / "theme" / "assets" / "wla" / "figures.css"
SVG = "{http://www.w3.org/2000/svg}"

NO_SHAPE = {"national"}
"""Region terms that are not a place on the map."""

# The 20 pairs of regions and nations that share a land border.
NEIGHBOURS = {
    frozenset(pair)
    for pair in [
        ("north-east", "north-west"), ("north-east", "yorkshire-and-the-humber"), ("north-east", "scotland"),
        ("north-west", "yorkshire-and-the-humber"), ("north-west", "west-midlands"), ("north-west", "scotland"),
        ("north-west", "wales"), ("north-west", "east-midlands"), ("east-midlands", "yorkshire-and-the-humber"),
        ("east-midlands", "west-midlands"), ("east-midlands", "east-of-england"), ("east-midlands", "south-east"),
        ("east-of-england", "london"), ("east-of-england", "south-east"), ("london", "south-east"),
        ("south-east", "west-midlands"), ("south-east", "south-west"), ("south-west", "west-midlands"),
        ("south-west", "wales"), ("wales", "west-midlands"),
    ]
}


def vocabulary_regions() -> dict[str, str]:
    return yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))["regions"]


def all_links() -> dict[str, RegionLink]:
    """A link for every region term, "national" included, as a page would pass them."""
    return {
        slug: RegionLink(f"../regions/{slug}/", f"{name}: {len(slug)} case studies, 2 events", str(len(slug)))
        for slug, name in vocabulary_regions().items()
    }


def parse(markup: str) -> Any:
    return etree.fromstring(markup.encode("utf-8"))


def rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of SVG path data using M/m, L/l, H/h, V/v and Z/z."""
    tokens = re.findall(r"[MmLlHhVvZz]|-?\d+(?:\.\d+)?", d)
    out: list[list[tuple[float, float]]] = []
    x = y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = out[-1][0]
                continue
        if command in "Mm":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            out.append([(x, y)])
            command = "l" if command == "m" else "L"
            i += 2
        elif command in "Ll":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
            out[-1].append((x, y))
            i += 2
        elif command in "HhVv":
            value = float(tokens[i])
            if command in "Hh":
                x = x + value if command == "h" else value
            else:
                y = y + value if command == "v" else value
            out[-1].append((x, y))
            i += 1
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    return out


def inside(point: tuple[float, float], polygon: list[list[tuple[float, float]]]) -> bool:
    x, y = point
    result = False
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                result = not result
    return result


# --- the map -------------------------------------------------------------------------------------


def test_every_region_with_a_place_has_one_link_and_national_has_none():
    expected = {slug for slug in vocabulary_regions() if slug not in NO_SHAPE}
    assert set(mapped_regions()) == expected
    links = all_links()
    svg = parse(region_map_svg(links))
    anchors = svg.findall(f"{SVG}a")
    assert sorted(a.get("href") for a in anchors) == sorted(f"../regions/{slug}/" for slug in expected)
    for anchor in anchors:
        slug = anchor.get("href").split("/")[-2]
        _, label, badge = links[slug]
        assert anchor.get("aria-label") == label
        assert anchor[0].tag == f"{SVG}title" and anchor[0].text == label  # the tooltip, first child
        assert len(anchor.findall(f"{SVG}path")) == 1
        assert anchor.find(f"{SVG}text").text == badge
    assert svg.get("role") == "group" and svg.get("aria-label") == "Map of the UK's regions and nations"


def test_regions_without_a_link_are_drawn_plain_and_hidden_from_screen_readers():
    svg = parse(region_map_svg({"london": ("/regions/london/", "London: 1 event")}))
    assert [a.get("href") for a in svg.iter(f"{SVG}a")] == ["/regions/london/"]
    plain = svg.findall(f"{SVG}path")
    assert len(plain) == len(mapped_regions()) - 1
    assert all(p.get("aria-hidden") == "true" and "wla-map__shape--plain" in p.get("class") for p in plain)
    assert svg.find(f".//{SVG}text") is None  # no badge unless given


def test_labels_and_addresses_are_escaped():
    svg_text = region_map_svg({"wales": ('/regions/wales/?a=1&b="2"', 'Wales <b>"&"</b>', "<3")})
    svg = parse(svg_text)
    anchor = svg.find(f"{SVG}a")
    assert anchor.get("href") == '/regions/wales/?a=1&b="2"'
    assert anchor.get("aria-label") == 'Wales <b>"&"</b>'
    assert anchor.find(f"{SVG}text").text == "<3"
    assert "<b>" not in svg_text


def test_same_bytes_every_time_and_in_a_fresh_interpreter():
    first = region_map_svg(all_links())
    load_region_map.cache_clear()
    assert region_map_svg(all_links()) == first
    script = (
        "import hashlib, sys; sys.path.insert(0, 'tests');"
        "from test_region_map import all_links;"
        "from wla_site.figures.region_map import region_map_svg;"
        "print(hashlib.sha256(region_map_svg(all_links()).encode()).hexdigest())"
    )
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                                env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True)
        assert result.stdout.strip() == hashlib.sha256(first.encode()).hexdigest()


def test_the_asset_and_the_map_stay_small():
    assert ASSET.stat().st_size < 60_000
    assert len(region_map_svg(all_links()).encode()) < 40_000


def test_every_point_is_inside_the_view_box():
    x0, y0, width, height = load_region_map().view_box
    svg = parse(region_map_svg(all_links()))
    assert svg.get("viewBox") == f"{x0} {y0} {width} {height}"
    count = 0
    for path in svg.iter(f"{SVG}path"):
        for ring in rings(path.get("d")):
            for x, y in ring:
                assert x0 <= x <= x0 + width and y0 <= y <= y0 + height, (x, y)
                count += 1
    assert count > 2000  # detailed enough to recognise
    for ix, iy, iw, ih in load_region_map().insets:
        assert x0 <= ix and ix + iw <= x0 + width and y0 <= iy and iy + ih <= y0 + height


def test_each_badge_sits_inside_its_own_region():
    for region in load_region_map().regions:
        polygons = rings(region.d)
        assert any(inside(region.label, [ring]) for ring in polygons), region.slug


def test_regions_are_where_they_are_on_a_map_of_the_uk():
    shapes = {region.slug: region for region in load_region_map().regions}

    def centre(slug: str) -> tuple[float, float]:
        points = [p for ring in rings(shapes[slug].d) for p in ring]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2

    north_to_south = ["scotland", "north-east", "yorkshire-and-the-humber", "east-midlands", "london"]
    ys = [centre(slug)[1] for slug in north_to_south]
    assert ys == sorted(ys)
    assert centre("northern-ireland")[0] < centre("scotland")[0] < centre("london")[0]
    assert centre("wales")[0] < centre("west-midlands")[0] < centre("east-of-england")[0]
    assert centre("south-west")[1] > centre("wales")[1]


def test_neighbours_share_their_border_and_only_neighbours_touch():
    """Arcs were simplified once and shared, so borders meet exactly: no gaps, no overlaps."""
    points = {region.slug: {p for ring in rings(region.d) for p in ring} for region in load_region_map().regions}
    touching = {
        frozenset((a, b))
        for a in points
        for b in points
        if a < b and len(points[a] & points[b]) >= 3
    }
    assert touching == NEIGHBOURS


def test_the_asset_says_where_it_came_from_and_under_what_licence():
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    assert data["licence"] == (
        "Contains OS data © Crown copyright and database right; Contains National Statistics data "
        "© Crown copyright; Open Government Licence v3.0"
    )
    assert data["source"]["repository"] == "https://github.com/martinjc/UK-GeoJSON"
    assert re.fullmatch(r"[0-9a-f]{40}", data["source"]["commit"])
    assert load_region_map().licence == data["licence"]
    assert any("Martin Chorley" in line for line in load_region_map().attribution)
    assert data["method"]["script"] == "scripts/make_region_map.py"
    assert (REPO / data["method"]["script"]).exists()
    readme = (RENDER / "assets" / "README.md").read_text(encoding="utf-8")
    assert data["licence"] in " ".join(readme.split())
    assert data["source"]["commit"] in readme


def imports(source: Path) -> set[str]:
    """The modules a file imports; relative imports as ".name"."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {"." * node.level + (node.module or "") for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return names


def test_the_renderers_stand_alone_and_nothing_imports_the_map_script():
    for module in (region_map, charts):
        assert not {n for n in imports(Path(module.__file__)) if n.startswith(("wla_site", "."))}, module.__name__
    for source in (REPO / "plugins").rglob("*.py"):
        assert not {n for n in imports(source) if "make_region_map" in n or n.startswith("scripts")}, source
    assert (RENDER / "__init__.py").read_text() == ""


# --- the charts ----------------------------------------------------------------------------------

MONTHS = [
    Bar("January 2026", 3, tick="Jan"), Bar("February 2026", 0, tick=""), Bar("March 2026", 7, tick="Mar"),
    Bar("April 2026", 1, tick=""), Bar("May 2026", 4, tick="May", group="booked"),
    Bar("June 2026", 2, tick="", group="booked"),
]
LEGEND = {"": "Held", "booked": "Booked"}
EVENTS = Unit("event", "events")


def bar_rects(svg: Any) -> list[Any]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.getparent().get("class") != "wla-chart__legend"]


def test_columns_are_in_proportion_to_the_figures_and_labelled():
    svg = parse(charts.column_chart_svg(MONTHS, title="Events per month", unit=EVENTS, legend=LEGEND))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Events per month"
    assert svg.find(f"{SVG}title").text == "Events per month"
    rects = bar_rects(svg)
    assert len(rects) == len(MONTHS)
    heights = [float(r.get("height")) for r in rects]
    per_event = heights[2] / 7
    for bar, height in zip(MONTHS, heights, strict=True):
        assert height == pytest.approx(bar.value * per_event, abs=0.1)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1  # all stand on the same axis
    xs = [float(r.get("x")) for r in rects]
    assert xs == sorted(xs)  # in the order given
    titles = [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None
              and g.get("class") != "wla-chart__legend"]
    assert titles == ["January 2026: 3 events", "February 2026: 0 events", "March 2026: 7 events",
                      "April 2026: 1 event", "May 2026: 4 events", "June 2026: 2 events"]
    values = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "wla-chart__value"]
    assert values == ["3", "7", "1", "4", "2"]  # none on an empty month
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "wla-chart__tick"]
    assert {"Jan", "Mar", "May"} <= set(ticks)
    assert [t for t in ticks if t.isdigit()] == ["0", "2", "4", "6", "8"]  # the scale: 0 to 8 by 2
    booked = [r for r in rects if "wla-chart__bar--booked" in r.get("class")]
    assert len(booked) == 2
    legend = [t.text for t in svg.iter(f"{SVG}text") if t.getparent().get("class") == "wla-chart__legend"]
    assert legend == ["Held", "Booked"]


def test_bars_are_in_proportion_and_named_in_order():
    regions = [Bar("North West", 12), Bar("Yorkshire and the Humber", 5), Bar("Wales", 0)]
    svg = parse(charts.bar_chart_svg(regions, title="Case studies per region",
                                     unit=Unit("case study", "case studies")))
    widths = [float(r.get("width")) for r in bar_rects(svg)]
    assert widths[0] > 0 and widths[1] == pytest.approx(widths[0] * 5 / 12, abs=0.1) and widths[2] == 0
    lefts = {r.get("x") for r in bar_rects(svg)}
    assert len(lefts) == 1
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["North West", "12", "Yorkshire and the Humber", "5", "Wales", "0"]
    label_right = float(svg.findall(f".//{SVG}text")[0].get("x"))
    assert label_right < float(lefts.pop())  # labels end before the bars begin
    assert [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g")][0] == "North West: 12 case studies"


def test_the_table_holds_exactly_the_charted_figures():
    table = html.fragment_fromstring(
        charts.chart_table_html(MONTHS, caption="Events per month, January to June 2026",
                                label_heading="Month", value_heading="Events", legend=LEGEND)
    )
    assert table.tag == "table"
    assert table.find("caption").text == "Events per month, January to June 2026"
    assert [(th.text, th.get("scope")) for th in table.findall("thead/tr/th")] == [
        ("Month", "col"), ("Events", "col"), ("Status", "col")]
    rows = [[cell.text for cell in tr] for tr in table.findall("tbody/tr")]
    assert rows == [[b.label, str(b.value), LEGEND[b.group]] for b in MONTHS]
    assert all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in table.findall("tbody/tr"))
    plain = html.fragment_fromstring(charts.chart_table_html(
        [Bar("Wales", 2)], caption="By region", label_heading="Region", value_heading="Case studies"))
    assert [th.text for th in plain.findall("thead/tr/th")] == ["Region", "Case studies"]


def test_a_figure_holds_chart_summary_and_table():
    chart = charts.bar_chart_svg([Bar("Wales", 2)], title="By region", unit=EVENTS)
    table = charts.chart_table_html([Bar("Wales", 2)], caption="By region", label_heading="Region",
                                    value_heading="Events")
    markup = charts.chart_figure_html(chart, summary="Wales held <2> events.", table=table)
    root = html.fragment_fromstring(f"<div>{markup}</div>")
    assert root.find("figure/figcaption").text == "Wales held <2> events."
    assert root.find("figure/svg") is not None and root.find("table") is not None


def test_charts_are_reproducible_escape_text_and_refuse_negative_counts():
    bars = [Bar('R&D <"lab">', 3, tick="<t>"), Bar("Other", 1)]
    for draw in (charts.column_chart_svg, charts.bar_chart_svg):
        first = draw(bars, title="A & B", unit=EVENTS)
        assert draw(list(bars), title="A & B", unit=EVENTS) == first
        svg = parse(first)  # well-formed XML despite the markup characters
        assert 'R&D <"lab">: 3 events' in [t.text for t in svg.iter(f"{SVG}title")]
        with pytest.raises(ValueError, match="negative"):
            draw([Bar("Wales", -1)], title="x", unit=EVENTS)
    empty = parse(charts.column_chart_svg([], title="Nothing yet", unit=EVENTS))
    assert bar_rects(empty) == []


@pytest.mark.parametrize(("largest", "expected"), [(0, (1, 1)), (1, (1, 1)), (5, (5, 1)), (7, (8, 2)),
                                                    (10, (10, 2)), (23, (25, 5)), (101, (150, 50))])
def test_the_scale_ends_on_a_round_number(largest, expected):
    assert charts.nice_maximum(largest) == expected


def test_colours_come_from_the_stylesheet_not_the_markup():
    markup = region_map_svg(all_links()) + charts.column_chart_svg(MONTHS, title="t", unit=EVENTS, legend=LEGEND)
    colours = set(re.findall(r'(?:fill|stroke)="([^"]*)"', markup))
    assert colours <= {"currentColor", "none"}


# --- colours: 3:1 for shapes and bars against the page, in both palettes ---------------------------


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(text: str) -> tuple[float, float, float]:
    return tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def scheme_variables(css: str, scheme: str) -> dict[str, str]:
    block = re.search(r'\[data-md-color-scheme="' + scheme + r'"\]\s*\{([^}]*)\}', css)
    assert block, f"no {scheme} block"
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", block.group(1)))


def test_shapes_and_bars_stand_out_from_the_page_in_both_palettes():
    css = FIGURES_CSS.read_text(encoding="utf-8")
    brand = (REPO / "overrides" / "assets" / "stylesheets" / "brand.css").read_text(encoding="utf-8")
    hue = float(re.search(r"--md-hue:\s*(\d+)", brand).group(1))
    # Material's backgrounds: white, and slate hsla(var(--md-hue), 15%, 14%).
    backgrounds = {"default": (1.0, 1.0, 1.0), "slate": colorsys.hls_to_rgb(hue / 360, 0.14, 0.15)}
    for scheme, background in backgrounds.items():
        variables = scheme_variables(css, scheme)
        for name in ("--wla-figure-fill", "--wla-figure-fill-hover"):
            ratio = contrast(hex_colour(variables[name].strip()), background)
            assert ratio >= 3, f"{name} in {scheme}: {ratio:.2f}:1"


# --- in a real browser -------------------------------------------------------------------------------


def material_css() -> list[Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))


@pytest.fixture(scope="module")
def figures_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page styled as the site is (Material, brand, components, figures) holding a map and charts."""
    root = tmp_path_factory.mktemp("figures")
    sheets = [*material_css(), REPO / "overrides/assets/stylesheets/brand.css",
              REPO / "plugins/wla_site/mkdocs/theme/assets/wla/wla.css", FIGURES_CSS]
    links = []
    for index, sheet in enumerate(sheets):
        (root / f"{index}.css").write_bytes(sheet.read_bytes())
        links.append(f'<link rel="stylesheet" href="{index}.css">')
    months = charts.column_chart_svg(MONTHS, title="Events per month", unit=EVENTS, legend=LEGEND)
    regions = [Bar(name, len(slug)) for slug, name in vocabulary_regions().items() if slug not in NO_SHAPE]
    by_region = charts.bar_chart_svg(regions, title="Case studies per region", unit=Unit("case study", "case studies"))
    body = (
        '<div class="md-content"><article class="md-content__inner md-typeset">'
        "<h1>Regions and activity</h1>"
        f"{region_map_svg(all_links())}"
        f"{charts.chart_figure_html(months, summary='Most events were in March.', table=charts.chart_table_html(MONTHS, caption='Events per month', label_heading='Month', value_heading='Events', legend=LEGEND))}"
        f"{charts.chart_figure_html(by_region, summary='Most case studies come from Yorkshire.', table=charts.chart_table_html(regions, caption='Case studies per region', label_heading='Region', value_heading='Case studies'))}"
        "</article></div>"
    )
    for scheme in ("default", "slate"):
        (root / f"{scheme}.html").write_text(
            f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Figures</title>{"".join(links)}'
            f'</head><body data-md-color-scheme="{scheme}"><main>{body}</main></body></html>',
            encoding="utf-8",
        )
    return root


@pytest.mark.browser
def test_in_chromium_each_region_is_its_own_link_and_focus_shows(figures_page):
    from tests.browser import launch, playwright_or_skip, screenshot_path, serve
    from tests.test_browser import axe_violations

    sync_playwright = playwright_or_skip()
    expected = {slug for slug in vocabulary_regions() if slug not in NO_SHAPE}
    with serve(figures_page) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        for scheme in ("default", "slate"):
            page = browser.new_page(viewport={"width": 900, "height": 900})
            page.goto(f"{origin}{scheme}.html", wait_until="load")
            # The label point of every region, in page pixels, hits that region's link.
            hits = page.evaluate(
                """(points) => {
                    const svg = document.querySelector('svg.wla-map');
                    const matrix = svg.getScreenCTM();
                    const out = {};
                    for (const [slug, x, y] of points) {
                        const p = new DOMPoint(x, y).matrixTransform(matrix);
                        const hit = document.elementFromPoint(p.x, p.y);
                        const link = hit && hit.closest('a');
                        out[slug] = link ? link.getAttribute('href') : null;
                    }
                    return out;
                }""",
                [[r.slug, r.label[0], r.label[1]] for r in load_region_map().regions],
            )
            assert hits == {slug: f"../regions/{slug}/" for slug in expected}
            # The sea is not a link.
            sea = page.evaluate(
                """() => { const svg = document.querySelector('svg.wla-map');
                   const p = new DOMPoint(5, 1000).matrixTransform(svg.getScreenCTM());
                   const hit = document.elementFromPoint(p.x, p.y); return hit && hit.closest('a') !== null; }"""
            )
            assert sea is False
            # The shapes are drawn in the palette's fill, at least 3:1 against the page.
            fill = page.eval_on_selector(".wla-map__shape", "e => getComputedStyle(e).fill")
            background = page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor")
            assert contrast(rgb(fill), rgb(background)) >= 3, (scheme, fill, background)
            bar = page.eval_on_selector(".wla-chart__bar", "e => getComputedStyle(e).fill")
            assert bar == fill
            # Keyboard: the regions take focus in turn, and the focused one turns yellow.
            page.evaluate("() => document.activeElement.blur()")
            visited = []
            for _ in expected:
                page.keyboard.press("Tab")
                visited.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
            assert sorted(visited) == sorted(f"../regions/{slug}/" for slug in expected)
            focused_fill = page.evaluate(
                "() => getComputedStyle(document.activeElement.querySelector('path')).fill")
            assert focused_fill == "rgb(255, 191, 71)"
            problems = axe_violations(page)
            assert not problems, f"axe, {scheme}:\n" + "\n".join(problems)
            page.screenshot(path=str(screenshot_path(f"figures-{scheme}")), full_page=True)
            page.close()
        browser.close()


def rgb(css_colour: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)[:3]]
    return numbers[0] / 255, numbers[1] / 255, numbers[2] / 255


def test_a_page_with_the_map_and_charts_is_valid_html(figures_page):
    from tests.test_html_valid import vnu_command

    pages = [figures_page / "default.html", figures_page / "slate.html"]
    result = subprocess.run([*vnu_command(), *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('lastLine', '?')}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)
