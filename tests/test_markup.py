"""Contributor Markdown as GitHub's preview shows it, cleaned, with heading ids of its own,
within a rendering budget, and pictures in the text refused rather than dropped.

The corpus below is GitHub-style snippets as contributors write them; each is rendered and its
HTML parsed with lxml, and the tree's shape compared. The worst shapes of `bench/markdown_budget.py`
(100 KB each) are rendered here too, for their outcome; their times are the benchmark's business.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from wla_site.cli.main import main
from wla_site.content.markup import (
    HEADING_ID_PREFIX,
    markdown_problem,
    plain_text,
    render_markdown,
    sanitise,
)

from tests.conftest import REPO
from tests.test_fuzz import _assert_safe


def tree(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def shape(html: str) -> str:
    """The element tree, without text: `p ul(li li(ul(li)))`."""

    def of(element: lxml_html.HtmlElement) -> str:
        inner = " ".join(of(child) for child in element if isinstance(child.tag, str))
        return f"{element.tag}({inner})" if inner else element.tag

    return " ".join(of(child) for child in tree(html) if isinstance(child.tag, str))


# --- what GitHub's preview shows --------------------------------------------------------------

# (what it is, the Markdown, the shape of the HTML)
GITHUB_CORPUS = [
    ("a list straight under a line of text", "Our aims:\n- more courses\n- fewer gaps\n", "p ul(li li)"),
    ("a numbered list straight under a line", "Steps:\n1. ask\n2. plan\n", "p ol(li li)"),
    ("a numbered list must start at 1 to break a line, as on GitHub", "In\n2024. we met\n", "p"),
    ("a list after a blank line", "Intro.\n\n* one\n* two\n", "p ul(li li)"),
    ("a loose list", "- one\n\n- two\n", "ul(li(p) li(p))"),
    ("nested lists, two spaces", "- a\n  - b\n    - c\n- d\n", "ul(li(ul(li(ul(li)))) li)"),
    ("nested lists, four spaces", "1. a\n    - b\n    - c\n2. d\n", "ol(li(ul(li li)) li)"),
    ("a list in a quote", "> Said:\n> - this\n> - that\n", "blockquote(p ul(li li))"),
    ("quotes in quotes", "> one\n>> two\n", "blockquote(p blockquote(p))"),
    ("bullets pasted from Word", "Our aims:\n• more courses\n•\tfewer gaps\n  ◦ on nights\n▪ less paper\n– more tea\n",
     "p ul(li li(ul(li)) li li)"),
    ("a bullet inside a line stays text", "Tea • cake\n", "p"),
    ("bullets in code stay code", "```\n• not a list\n```\n", "pre(code)"),
    ("headings", "# Title\n## Part\n### Detail\n#### Small\n", "h2 h2 h3 h4"),
    ("setext headings", "Big\n===\n\nSmaller\n---\n", "h2 h2"),
    ("a table with alignment", "| Left | Centre | Right |\n| :--- | :---: | ---: |\n| a | b | c |\n| d | e | f |\n",
     "table(thead(tr(th th th)) tbody(tr(td td td) tr(td td td)))"),
    ("a table straight under a line", "Results:\n\n| A | B |\n|---|---|\n| `1` | **2** |\n",
     "p table(thead(tr(th th)) tbody(tr(td(code) td(strong))))"),
    ("links", "[site](https://example.org/ \"Title\") and <https://example.org/a>\n", "p(a a)"),
    ("reference links", "[the course][c]\n\n[c]: https://example.org/course\n", "p(a)"),
    ("bare addresses and email, as GitHub links them",
     "See https://example.org/x, www.example.org or mail hello@example.org.\n", "p(a a a)"),
    ("names with dots are not links", "Read README.md or example.org today.\n", "p"),
    ("phone and email links", "[Call us](tel:+441632960000) or [write](mailto:wla@example.org)\n", "p(a a)"),
    ("code", "Use `wla check`.\n\n```yaml\ntitle: x\n```\n\n    indented\n", "p(code) pre(code) pre(code)"),
    ("strikethrough and emphasis", "~~old~~ *new* **bold** ***both***\n", "p(s em strong em(strong))"),
    ("line breaks", "one  \ntwo\\\nthree\n", "p(br br)"),
    ("a rule", "above\n\n---\n\nbelow\n", "p hr p"),
    ("allowed HTML", "Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, 10<sup>th</sup>\n", "p(kbd sub sup)"),
]


@pytest.mark.parametrize(("markdown", "expected"), [c[1:] for c in GITHUB_CORPUS], ids=[c[0] for c in GITHUB_CORPUS])
def test_github_snippets_render_as_github_shows_them(markdown, expected):
    assert shape(render_markdown(markdown)) == expected


def test_list_items_keep_their_words():
    doc = tree(render_markdown("Our aims:\n• more courses\n•\tfewer gaps\n  ◦ on nights\n– more tea\n"))
    assert [li.text.strip() for li in doc.iter("li")] == ["more courses", "fewer gaps", "on nights", "more tea"]
    assert doc.findtext("p") == "Our aims:"


def test_table_alignment_is_kept_as_a_style_of_text_align_only():
    doc = tree(render_markdown("| L | C | R | - |\n| :- | :-: | -: | - |\n| a | b | c | d |\n"))
    assert [th.get("style") for th in doc.iter("th")] == ["text-align:left", "text-align:center", "text-align:right", None]
    assert [td.get("style") for td in doc.iter("td")] == ["text-align:left", "text-align:center", "text-align:right", None]
    raw = tree(render_markdown('<table><tr><td style="text-align:right;background:url(x)">x</td></tr></table>\n'))
    assert raw.find(".//td").get("style") == "text-align:right"


def test_links_keep_safe_addresses_only():
    doc = tree(render_markdown(
        "[call](tel:+441632960000) [mail](mailto:a@example.org) [web](https://example.org/) "
        "www.example.org [bad](javascript:alert(1)) <a href=\"tel:01632960000\">raw</a> "
        "<a href=\"vbscript:x\">vb</a> <a href=\"data:text/html,x\">data</a>\n"
    ))
    hrefs = {a.text_content(): a.get("href") for a in doc.iter("a")}
    assert hrefs == {
        "call": "tel:+441632960000", "mail": "mailto:a@example.org", "web": "https://example.org/",
        "www.example.org": "http://www.example.org", "raw": "tel:01632960000", "vb": None, "data": None,
    }
    assert "[bad](javascript:alert(1))" in doc.text_content()
    assert {a.get("rel") for a in doc.iter("a")} == {"noopener noreferrer"}


def test_headings_of_the_page_title_level_become_second_level():
    assert "<h1" not in render_markdown("# One\n\nTwo\n===\n")


# --- heading ids -------------------------------------------------------------------------------


def test_heading_ids_are_prefixed_and_unique():
    html = render_markdown(
        "## __config\n## Outcomes\n## Outcomes\n## Café & tea\n## `code` *in* [a link](x)\n## !!!\n## !!!\n"
    )
    assert [h.get("id") for h in tree(html).iter("h2")] == [
        "story-__config", "story-outcomes", "story-outcomes-1", "story-café--tea",
        "story-code-in-a-link", "story-section", "story-section-1",
    ]


def test_ids_written_in_html_are_dropped_even_ones_that_look_like_ours():
    html = render_markdown('<h2 id="__config">a</h2>\n\n<h3 id="story-outcomes">b</h3>\n\n## Outcomes\n')
    assert [h.get("id") for h in tree(html).iter("h2", "h3")] == [None, None, "story-outcomes"]
    assert sanitise('<h2 id="__config">a</h2>') == "<h2>a</h2>"


def test_links_to_a_heading_in_the_same_text_follow_its_new_id():
    html = render_markdown("See [results](#results), [again](#Results-1) and [elsewhere](#nowhere).\n\n"
                           "## Results\n## Results\n## Café\n\n[café](#caf%C3%A9)\n")
    assert [a.get("href") for a in tree(html).iter("a")] == [
        "#story-results", "#story-results-1", "#nowhere", "#story-caf%C3%A9",
    ]


def test_heading_ids_on_a_built_page_clash_with_nothing(project):
    project.case_study("clash", outcomes=["More learners"],
                       body="## __config\n\nText.\n\n## Outcomes\n\nMore.\n\n## Related\n\n## Outcomes\n")
    project.build()
    doc = lxml_html.fromstring(project.page("case-studies/clash/"))
    ids = Counter(element.get("id") for element in doc.iter() if isinstance(element.tag, str) and element.get("id"))
    assert [name for name, count in ids.items() if count > 1] == []
    body_ids = [h.get("id") for h in doc.cssselect(".wla-body h2")]
    assert body_ids == ["story-__config", "story-outcomes", "story-related", "story-outcomes-1"]
    # `__config` is Material's configuration (written where its bundle is used): the story never takes it.
    assert [element.tag for element in doc.iter() if isinstance(element.tag, str)
            and element.get("id") == "__config"] in ([], ["script"])
    assert doc.get_element_by_id("outcomes").text == "Outcomes"


# --- the rendering budget -------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("markdown_budget", REPO / "bench" / "markdown_budget.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()

PARTS = "the text has more than 3,000 paragraphs, headings, list items and table cells up to this line."
DEEP = "lists and quotes here go more than ten levels deep, one inside another."
# Each shape of the benchmark at 100 KB: refused (line, start of the message) or rendered (an
# element the HTML must have, and how many).
BUDGET = {
    "setext headings `a\\n=\\n`": (6001, PARTS),
    "`- ` on one line": ("hr", 1),
    "setext headings, long": ("h2", 1625),
    "`- - - -` lines": (3001, PARTS),
    "`- a - b` lines, nested": (1125, PARTS),
    "lists ten deep": (1035, PARTS),
    "`1. ` on one line": (1, DEEP),
    "quotes `> > >` on one line": (1, DEEP),
    "quotes, one deeper each line": ("blockquote", 10),
    "quotes and lists `> - 1. `": (1, DEEP),
    "emphasis `*a **a`": ("p", 1),
    "emphasis `_a __a`": ("p", 1),
    "emphasis `*_` run": ("em", 34133),
    "strikethrough `~~a`": ("p", 1),
    "brackets `[[[[`": (1, "this paragraph has more than 200 square brackets `[`."),
    "brackets, 200 `[[[[` a paragraph": (11, "the text has more than 1,000 square brackets `[` up to this paragraph"),
    "brackets, 200 `*[*[` a paragraph, five times": ("em", 25597),
    "images, 200 `![![` a paragraph, five times": ("p", 6),
    "links, 200 `[a](b)` a paragraph, five times": ("a", 1000),
    "unclosed links, 200 `[a](` a paragraph, five times": ("p", 6),
    "reference definitions": ("p", 0),
    "backticks `` `a`` ``": ("code", 12799),
    "backticks, growing runs": ("code", 122),
    "long line of `<`": ("p", 1),
    "lines of `<`": ("p", 1),
    "`<a` runs": ("p", 1),
    "HTML comments `<!--`": ("p", 0),
    "table, many columns": (1, PARTS),
    "table, many rows": (1001, PARTS),
    "table, 1,900 cells of long text": ("td", 1898),
    "bare web addresses `www.a.com`": ("a", 10240),
    "addresses `http://` run": ("a", 7314),
    "email addresses `a@b.org`": ("a", 12800),
    "dots `a.a.a.`": ("p", 1),
    "entities `&amp;`": ("p", 1),
    "backslashes `\\*`": ("p", 1),
    "hard line breaks": ("br", 25599),
    "fences ```` ``` ````": (6001, PARTS),
    "pasted bullets `•`": (1500, PARTS),
    "plain prose": ("p", 1),
}


def test_every_benchmark_shape_has_an_expected_outcome():
    assert list(BUDGET) == list(BENCH.SHAPES)


@pytest.mark.parametrize("name", list(BUDGET))
def test_worst_shapes_of_100_kb_are_rendered_or_refused_by_name(name):
    text = BENCH.SHAPES[name](100 * 1024)
    assert 99 * 1024 < len(text.encode("utf-8")) <= 100 * 1024
    expected = BUDGET[name]
    found = markdown_problem(text)
    html = render_markdown(text)
    if isinstance(expected[0], int):
        assert found is not None and found[0] == expected[0] and found[1].startswith(expected[1])
        # Over the limits, the text still comes back safe: plain paragraphs, no markup.
        assert shape(html).split(" ")[0] in ("p", "")
        assert {element.tag for element in tree(html).iter()} <= {"div", "p"}
    else:
        tag, count = expected
        assert found is None
        assert len(list(tree(html).iter(tag))) == count


def test_the_shapes_of_issue_13_are_refused_by_the_check_quickly(project, capsys):
    project.case_study("setext", body="a\n=\n" * (99 * 1024 // 4))
    project.case_study("dashes", body="Intro.\n\n" + "- " * 600 + "x\n")
    project.newsletter("quotes", body="> " * 600 + "x\n")
    assert main(["--root", str(project.root), "check"]) == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert lines == [
        f"case_studies/dashes.md, line 18: {DEEP} Use fewer levels.",
        f"case_studies/setext.md, line 6016: {PARTS} Shorten it or link to a longer document.",
        f"newsletters/quotes.md, line 7: {DEEP} Use fewer levels.",
    ]


def test_text_over_the_limits_comes_back_as_escaped_paragraphs():
    text = "<script>alert(1)</script>\n\n" + "word " * 25000
    assert markdown_problem(text) == (1, "the text is 122 KB; the most allowed is 100 KB. Shorten it or link to a longer document.")
    html = render_markdown(text)
    assert html.startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>word word")


# --- pictures in the text --------------------------------------------------------------------

PICTURE = ("pictures in the text are not shown on the site. Remove the picture from the text; "
           "a case study can have one photo, in its image: field.")


@pytest.mark.parametrize("markdown", [
    "Intro.\n\nOur team:\n![The team](images/team.jpg)\n",
    "Intro.\n\n[![badge](https://example.org/b.png)](https://example.org/)\n",
    "Intro.\n\n<img src=\"team.jpg\" alt=\"The team\">\n",
    "Intro.\n\nText <IMG SRC=x onerror=alert(1)> inline\n",
])
def test_a_picture_in_the_text_is_refused_on_its_line(markdown):
    assert markdown_problem(markdown) == (3 + markdown.startswith("Intro.\n\nOur"), PICTURE)
    assert "<img" not in render_markdown(markdown)


def test_the_check_names_the_file_and_line_of_a_picture(project, capsys):
    project.case_study("photo", body="Intro.\n\n![The team](images/team.jpg)\n")
    event = project.event("talk")
    event.write_text(event.read_text() + "description: |\n  About.\n\n  <img src=\"x.png\" alt=\"x\">\n")
    assert main(["--root", str(project.root), "check"]) == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert lines == [f"case_studies/photo.md, line 18: {PICTURE}", f"events/talk.yml, line 15: description: {PICTURE}"]


# --- the same gate, for any text -------------------------------------------------------------

MARKDOWNISH = st.lists(
    st.sampled_from([
        "#", "## ", "\n", "\n\n", "- ", "* ", "1. ", "> ", "  ", "    ", "|", "---", ":-:", "`", "```", "~~",
        "*", "_", "[", "]", "(", ")", "!", "<", ">", "&", "a", "Outcomes", "__config", "www.x.org", "a@b.org",
        "tel:1", "#x", "•\t", "<h2 id=\"story-a\">", "<img src=x onerror=alert(1)>", "<script>", "\\",
    ]) | st.text(max_size=5),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWNISH)
def test_any_text_renders_safe_with_unique_prefixed_ids(text):
    html = render_markdown(text)
    _assert_safe(html)
    assert "<img" not in html and "<h1" not in html
    ids = re.findall(r'\bid="([^"]*)"', html)
    assert all(name.startswith(HEADING_ID_PREFIX) for name in ids)
    assert len(ids) == len(set(ids))
    found = markdown_problem(text)
    assert found is None or (isinstance(found[0], int) and 1 <= found[0] <= text.count("\n") + 1)


def test_plain_text_of_rendered_markdown():
    html = render_markdown("## Title\n\nOne *two* [three](https://example.org/).\n\n- four\n- five\n")
    assert [line for line in plain_text(html).splitlines() if line] == ["Title", "One two three.", "four", "five"]


def test_a_text_over_the_time_budget_is_refused_not_published(monkeypatch):
    """The net under the limits: whatever the shape, a text that takes too long is refused with a message."""
    from wla_site.content import markup as m

    monkeypatch.setattr(m, "RENDER_SECONDS", 0.0)
    text = "A story with *some* emphasis and a [link](https://example.org/).\n\nAnother paragraph, unique 7f3a.\n"
    line, message = m.markdown_problem(text)
    assert line == 1
    assert message.startswith("this text takes more than 0 seconds to turn into a web page")
    assert "<em>" not in m.render_markdown(text)  # refused text is shown as plain paragraphs only


# --- rendered stories kept between runs (.cache/wla/markdown.sqlite) ------------------------------


def _new_run(markup_module):
    """What a new process starts with: nothing rendered in memory."""
    markup_module._cache.items.clear()
    markup_module._cache.chars = 0


def test_a_second_check_renders_only_the_stories_that_changed(project, monkeypatch):
    from wla_site.content import markup as m

    project.case_study("kept", body="A story with *emphasis*, unique 91c2.\n")
    project.case_study("edited", body="A first draft, unique 44b0.\n")
    assert main(["--root", str(project.root), "check"]) == 0
    assert (project.root / ".cache/wla/markdown.sqlite").is_file()

    rendered: list[str] = []
    real = m._render
    monkeypatch.setattr(m, "_render", lambda text: rendered.append(text) or real(text))
    project.case_study("edited", body="A second draft, unique 44b1.\n")
    _new_run(m)
    assert main(["--root", str(project.root), "check"]) == 0
    assert [text for text in rendered if "unique" in text] == ["A second draft, unique 44b1.\n"]
    assert "<em>emphasis</em>" in m.render_markdown("A story with *emphasis*, unique 91c2.\n")


def test_what_the_cache_gives_back_is_cleaned_again(project):
    import sqlite3

    from wla_site.content import markup as m

    path = project.root / ".cache/wla/markdown.sqlite"
    text = "## A heading\n\nA story, unique 5d1e.\n"
    m.keep_between_runs(path)
    try:
        m.render_markdown(text)
        m.save_rendered()
        with sqlite3.connect(path) as db:  # someone with access to the folder tampers with it
            db.execute("UPDATE rendered SET html = ?", (
                '<h2 id="story-a-heading">A heading</h2><p onclick="steal()">A story</p>'
                '<script>alert(1)</script><a href="javascript:alert(1)">x</a>',))
        _new_run(m)
        html = m.render_markdown(text)
    finally:
        m.keep_between_runs(None)
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert '<h2 id="story-a-heading">A heading</h2>' in html


def test_a_damaged_cache_file_only_means_rendering_afresh(project):
    from wla_site.content import markup as m

    path = project.root / ".cache/wla/markdown.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all " * 200)
    project.case_study("story", body="A story with a [link](https://example.org/), unique 0c7d.\n")
    _new_run(m)
    try:
        assert main(["--root", str(project.root), "check"]) == 0
        assert '<a href="https://example.org/"' in m.render_markdown(
            "A story with a [link](https://example.org/), unique 0c7d.\n")
    finally:
        m.keep_between_runs(None)
