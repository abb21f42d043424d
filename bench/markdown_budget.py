"""Time the worst Markdown shapes at 100 KB: the rendering budget of issue 13 (2 s each).

    python bench/markdown_budget.py              # every shape, the best of 3 runs
    python bench/markdown_budget.py --repeats 1 --size 50

Each shape is a text a hostile or unlucky contributor could send, filled to the size
allowed (100 KB). For each one the table gives what `wla check` and the build do with it
(render it, or refuse it and say why, on which line) and the time that takes: the check
renders the text once and the build reuses the result. Times are CPU seconds (the machines
are shared, so wall time swings), the best of the runs. `tests/test_markup.py` renders the
same shapes and checks the outcome of each, without timing them.

Not `bench/markdown.py`: scripts here run with `bench/` first on `sys.path`, where a
`markdown.py` would hide Python-Markdown from MkDocs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from wla_site.content import markup  # noqa: E402

SIZE = markup.MAX_MARKDOWN_BYTES


def fill(unit: str, size: int = SIZE) -> str:
    """`unit` repeated up to `size` bytes of UTF-8."""
    text = unit * (size // len(unit.encode("utf-8")) + 1)
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def nested_list(size: int) -> str:
    return fill("".join("  " * i + "- a\n" for i in range(10)), size)


SHAPES: dict[str, Callable[[int], str]] = {
    # The two of issue 13: quadratic and recursive with Python-Markdown.
    "setext headings `a\\n=\\n`": lambda n: fill("a\n=\n", n),
    "`- ` on one line": lambda n: fill("- ", n),
    "setext headings, long": lambda n: fill("a" * 60 + "\n=\n", n),
    "`- - - -` lines": lambda n: fill("- - - -\n", n),
    "`- a - b` lines, nested": lambda n: fill("- a\n  - b\n    - c\n", n),
    "lists ten deep": nested_list,
    "`1. ` on one line": lambda n: fill("1. ", n),
    "quotes `> > >` on one line": lambda n: fill("> ", n),
    "quotes, one deeper each line": lambda n: fill("".join("> " * i + "a\n" for i in range(1, 11)), n),
    "quotes and lists `> - 1. `": lambda n: fill("> - 1. ", n),
    "emphasis `*a **a`": lambda n: fill("*a **a ", n),
    "emphasis `_a __a`": lambda n: fill("_a __a ", n),
    "emphasis `*_` run": lambda n: fill("*_", n),
    "strikethrough `~~a`": lambda n: fill("~~a ", n),
    "brackets `[[[[`": lambda n: fill("[", n),
    "brackets, 200 `[[[[` a paragraph": lambda n: fill("[" * 200 + "\n\n", n),
    "brackets, 200 `*[*[` a paragraph, five times": lambda n: ("*[" * 200 + "\n\n") * 5 + fill("*a", n - 2010),
    "images, 200 `![![` a paragraph, five times": lambda n: ("![" * 200 + "\n\n") * 5 + fill(" a", n - 2010),
    "links, 200 `[a](b)` a paragraph, five times": lambda n: ("[a](b) " * 200 + "\n\n") * 5 + fill(" a", n - 7010),
    "unclosed links, 200 `[a](` a paragraph, five times": lambda n: ("[a](" * 200 + "\n\n") * 5 + fill(" a", n - 4010),
    "reference definitions": lambda n: fill("[a]: /b\n", n),
    "backticks `` `a`` ``": lambda n: fill("`a``", n),
    "backticks, growing runs": lambda n: fill("".join("`" * i + "a" for i in range(1, 40)), n),
    "long line of `<`": lambda n: fill("<", n),
    "lines of `<`": lambda n: fill("<" * 200 + "\n", n),
    "`<a` runs": lambda n: fill("<a", n),
    "HTML comments `<!--`": lambda n: fill("<!--", n),
    "table, many columns": lambda n: "|" + fill("a|", n // 2 - 2) + "\n|" + fill("-|", n // 2 - 2) + "\n",
    "table, many rows": lambda n: "|a|b|\n|-|-|\n" + fill("|a|b|\n", n - 12),
    "table, 1,900 cells of long text": lambda n: "|a|b|\n|-|-|\n" + fill("|" + "a " * 26 + "|" + "b " * 26 + "|\n", n - 12),
    "bare web addresses `www.a.com`": lambda n: fill("www.a.com ", n),
    "addresses `http://` run": lambda n: fill("http://", n),
    "email addresses `a@b.org`": lambda n: fill("a@b.org ", n),
    "dots `a.a.a.`": lambda n: fill("a.", n),
    "entities `&amp;`": lambda n: fill("&amp;", n),
    "backslashes `\\*`": lambda n: fill("\\*", n),
    "hard line breaks": lambda n: fill("a  \n", n),
    "fences ```` ``` ````": lambda n: fill("```\n", n),
    "pasted bullets `•`": lambda n: fill("• a\n", n),
    "plain prose": lambda n: fill("The WLA ran a course for the night shift. ", n),
}


def measure(text: str, repeats: int) -> tuple[float, markup.Rendered]:
    best, result = float("inf"), markup.Rendered("")
    for _ in range(repeats):
        started = time.process_time()
        result = markup._render(text)  # not `rendered`: its cache would time nothing
        best = min(best, time.process_time() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=SIZE // 1024, help="KB of each shape (default 100)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print("| shape | seconds | outcome |\n| --- | ---: | --- |")
    worst = 0.0
    for name, make in SHAPES.items():
        seconds, result = measure(make(args.size * 1024), args.repeats)
        worst = max(worst, seconds)
        if result.problem:
            line, message = result.problem
            outcome = f"refused, line {line}: {message.split('.')[0]}"
        else:
            outcome = f"rendered, {len(result.html) // 1024} KB of HTML"
        print(f"| {name} | {seconds:.2f} | {outcome} |", flush=True)
    print(f"\nSlowest: {worst:.2f} s (budget: 2 s).")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
