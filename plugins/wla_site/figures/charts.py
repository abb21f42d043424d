"""Bar charts drawn at build time as inline SVG, each with its figures as an HTML table.

For the activity page: events per month as columns, counts per region or theme as
horizontal bars. A chart is a picture for sighted readers; the table made from the same
`Bar`s is what a screen reader reads, so every chart is `role="img"` with a name, and
the caller puts the table beside it (`chart_table_html`, or `chart_figure_html` for
both with a one-sentence summary). Pure functions: the same bars give the same bytes.

Colours come from the stylesheet (`mkdocs/theme/assets/wla/figures.css`) through class names,
so the light and dark palettes both apply; without it, bars and text take the text
colour. Styling hooks: `wla-chart`, `wla-chart--columns` or `--bars`, `wla-chart__bar`
(plus `wla-chart__bar--<group>`), `wla-chart__value`, `wla-chart__tick`,
`wla-chart__grid`, `wla-chart__legend`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 13
"""Text height in chart units; charts are drawn 640 units wide and scale to fit."""

CHAR_WIDTH = 0.6 * FONT
"""An average character's width, to leave room for labels without measuring fonts."""

WIDTH = 640


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts, how many, and how it is drawn."""

    label: str
    """In full, for the tooltip and the table: "March 2026", "North West"."""
    value: int
    tick: str | None = None
    """Short text under a column ("Mar"), or None for the label; "" for no text."""
    group: str = ""
    """A kind of bar told apart by its look, named in the chart's legend ("booked")."""


@dataclass(frozen=True)
class Unit:
    """What the bars count, for tooltips: Unit("event", "events")."""

    one: str
    many: str

    def count(self, n: int) -> str:
        return f"{n} {self.one if n == 1 else self.many}"


def _num(x: float) -> str:
    """A coordinate as short, stable text: at most one decimal place."""
    text = f"{x:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def nice_maximum(largest: int) -> tuple[int, int]:
    """The axis top and the step between grid lines: 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return 1, 1
    for power in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10**power
            if math.ceil(largest / step) <= 5:
                return math.ceil(largest / step) * step, step
    raise ValueError(f"{largest} is too large to chart")


def _check(bars: Sequence[Bar]) -> None:
    for bar in bars:
        if bar.value < 0:
            raise ValueError(f"{bar.label!r} has a negative count ({bar.value})")


def _open_svg(kind: str, width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wla-chart wla-chart--{kind}"'
        f' viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" height="{_num(height)}"'
        f' role="img" aria-label="{escape(title)}" font-size="{FONT}">'
        f"<title>{escape(title)}</title>"
    )


def _bar_class(bar: Bar) -> str:
    return "wla-chart__bar" + (f" wla-chart__bar--{escape(bar.group)}" if bar.group else "")


def _legend(legend: Mapping[str, str], y: float) -> list[str]:
    """Swatches with their meaning along the top, left to right ("" for plain bars)."""
    parts, x = [], 0.0
    for group, meaning in legend.items():
        parts.append(
            f'<g class="wla-chart__legend">'
            f'<rect class="{_bar_class(Bar(meaning, 0, group=group))}" x="{_num(x + 1)}" y="{_num(y - FONT + 2)}"'
            f' width="{FONT - 2}" height="{FONT - 2}" fill="currentColor"/>'
            f'<text x="{_num(x + FONT + 4)}" y="{_num(y)}" fill="currentColor">{escape(meaning)}</text></g>'
        )
        x += FONT + 4 + len(meaning) * CHAR_WIDTH + 2 * FONT
    return parts


def column_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: Unit,
    legend: Mapping[str, str] | None = None,
    height: int = 260,
) -> Markup:
    """Vertical bars side by side, e.g. events per month, oldest on the left.

    A grid line and its number mark each step of the scale; each bar with a count above
    zero has its number on top. `legend` maps each `Bar.group` used to what it means
    ("booked": "Booked"); a bar with no group is drawn solid.
    """
    _check(bars)
    legend = dict(legend or {})
    top_value, step = nice_maximum(max((bar.value for bar in bars), default=0))
    axis_width = len(str(top_value)) * CHAR_WIDTH + 8
    top = FONT * 3 if legend else FONT * 1.5
    bottom = FONT * 2
    plot_height = height - top - bottom
    slot = (WIDTH - axis_width) / max(len(bars), 1)
    bar_width = slot * 0.7

    parts = [_open_svg("columns", WIDTH, height, title)]
    parts += _legend(legend, FONT)
    for value in range(0, top_value + 1, step):
        y = top + plot_height * (1 - value / top_value)
        parts.append(
            f'<line class="wla-chart__grid" x1="{_num(axis_width)}" x2="{WIDTH}" y1="{_num(y)}" y2="{_num(y)}"'
            ' stroke="currentColor" stroke-opacity="0.25"/>'
            f'<text class="wla-chart__tick" x="{_num(axis_width - 6)}" y="{_num(y + FONT * 0.35)}"'
            f' text-anchor="end" fill="currentColor">{value}</text>'
        )
    for index, bar in enumerate(bars):
        x = axis_width + index * slot + (slot - bar_width) / 2
        bar_height = plot_height * bar.value / top_value
        y = top + plot_height - bar_height
        middle = _num(x + bar_width / 2)
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(unit.count(bar.value))}</title>"
            f'<rect class="{_bar_class(bar)}" x="{_num(x)}" y="{_num(y)}" width="{_num(bar_width)}"'
            f' height="{_num(bar_height)}" fill="currentColor"/>'
        )
        if bar.value:
            parts.append(
                f'<text class="wla-chart__value" x="{middle}" y="{_num(y - 4)}" text-anchor="middle"'
                f' fill="currentColor">{bar.value}</text>'
            )
        tick = bar.label if bar.tick is None else bar.tick
        if tick:
            parts.append(
                f'<text class="wla-chart__tick" x="{middle}" y="{_num(height - FONT * 0.6)}"'
                f' text-anchor="middle" fill="currentColor">{escape(tick)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: Unit,
    row_height: int = 26,
) -> Markup:
    """Horizontal bars, one row each, labelled on the left with the count at the end.

    Rows are drawn in the order given: sort them first (largest first reads best).
    """
    _check(bars)
    top_value = max((bar.value for bar in bars), default=0) or 1
    label_width = min(max((len(bar.label) for bar in bars), default=0) * CHAR_WIDTH + 8, WIDTH / 2)
    value_width = (len(str(top_value)) + 1) * CHAR_WIDTH + 4
    plot_width = WIDTH - label_width - value_width
    height = row_height * len(bars) + 4
    bar_height = row_height * 0.7

    parts = [_open_svg("bars", WIDTH, height, title)]
    for index, bar in enumerate(bars):
        y = 2 + index * row_height
        middle = y + row_height / 2 + FONT * 0.35
        width = plot_width * bar.value / top_value
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(unit.count(bar.value))}</title>"
            f'<text class="wla-chart__tick" x="{_num(label_width - 8)}" y="{_num(middle)}"'
            f' text-anchor="end" fill="currentColor">{escape(bar.label)}</text>'
            f'<rect class="{_bar_class(bar)}" x="{_num(label_width)}" y="{_num(y + (row_height - bar_height) / 2)}"'
            f' width="{_num(width)}" height="{_num(bar_height)}" fill="currentColor"/>'
            f'<text class="wla-chart__value" x="{_num(label_width + width + 6)}" y="{_num(middle)}"'
            f' fill="currentColor">{bar.value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def data_table_html(
    caption: str, headings: Sequence[str], rows: Sequence[Sequence[str | int]]
) -> Markup:
    """A table with a caption; the first column heads its row, numbers align right.

    The table has no class of its own, so Material styles it as any table in a page.
    """
    parts = [
        "<table>",
        f"<caption>{escape(caption)}</caption>",
        "<thead><tr>",
        *(f'<th scope="col">{escape(heading)}</th>' for heading in headings),
        "</tr></thead><tbody>",
    ]
    for row in rows:
        head, *cells = row
        parts.append(f'<tr><th scope="row">{escape(str(head))}</th>')
        for cell in cells:
            numeric = ' class="wla-chart-table__number"' if isinstance(cell, int) else ""
            parts.append(f"<td{numeric}>{escape(str(cell))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def chart_table_html(
    bars: Sequence[Bar],
    *,
    caption: str,
    label_heading: str,
    value_heading: str,
    legend: Mapping[str, str] | None = None,
) -> Markup:
    """The chart's figures as a table, one row per bar; a column for the group if any."""
    legend = dict(legend or {})
    if any(bar.group for bar in bars):
        return data_table_html(
            caption,
            [label_heading, value_heading, "Status"],
            [[bar.label, bar.value, legend.get(bar.group, bar.group)] for bar in bars],
        )
    return data_table_html(caption, [label_heading, value_heading], [[bar.label, bar.value] for bar in bars])


def chart_figure_html(chart: Markup, *, summary: str, table: Markup) -> Markup:
    """A chart with its one-sentence summary as caption, and its table below it."""
    return Markup(
        f'<figure class="wla-chart-figure">{chart}'
        f"<figcaption>{escape(summary)}</figcaption></figure>{table}"
    )
