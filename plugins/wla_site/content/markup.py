"""Contributor Markdown to safe HTML, once per item.

Markdown may contain raw HTML, and contributions come from outside the
maintainers' team, so the HTML is cleaned with an allowlist (nh3) straight
after rendering: no script, no event handlers, no frames or objects, no
`javascript:` or `data:` addresses, no images from other hosts. Pages, feeds
and the e-shot all use this one cleaned result.
"""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup", "abbr", "cite", "q",
    "code", "pre", "kbd", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "span", "mark",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_EXTENSIONS = ["tables", "sane_lists", "toc"]
_EXTENSION_CONFIGS = {"toc": {"permalink": False}}
_md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Python-Markdown writes table alignment as a style attribute; keep it as `align`.
_ALIGN_STYLE = re.compile(r'<(t[hd]) style="text-align: ?(left|right|center);?">')


MAX_MARKDOWN_BYTES = 100 * 1024
"""The longest story or description accepted; real ones are a few KB."""
MAX_INDENT = 40
"""Deepest indentation, in spaces: ten levels of list. Deeper lists exhaust the renderer."""
MAX_BRACKETS = 200
"""Most `[` in one paragraph: the renderer's link search slows down with the square of them."""


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(line within `text`, message) if the Markdown could exhaust the renderer, else None."""
    size = len(text.encode("utf-8"))
    if size > MAX_MARKDOWN_BYTES:
        return 1, (
            f"the text is {size // 1024} KB; the most allowed is {MAX_MARKDOWN_BYTES // 1024} KB. "
            "Shorten it or link to a longer document."
        )
    brackets = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" \t")
        if not stripped:
            brackets = 0
            continue
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT:
            return number, "this line is indented too deeply (more than ten levels). Use fewer levels of list."
        brackets += stripped.count("[")
        if brackets > MAX_BRACKETS:
            return number, (
                f"this paragraph has more than {MAX_BRACKETS} square brackets `[`. "
                "Split it up or remove the brackets."
            )
    return None


def render_markdown(text: str) -> str:
    """Contributor Markdown as cleaned HTML, safe to show to a visitor."""
    if not text or not text.strip():
        return ""
    _md.reset()
    html = _md.convert(_CONTROL.sub("", text))
    html = _ALIGN_STYLE.sub(r'<\1 align="\2">', html)
    return sanitise(html)


def sanitise(html: str) -> str:
    """HTML reduced to the allowlist: the one gate between contributors and visitors."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """Visible text of cleaned HTML, for calendars, plain-text email and search."""
    text = re.sub(r"<br\s*/?>|</(p|li|h[2-6]|tr|blockquote|pre)>", "\n", html)
    text = nh3.clean(text, tags=set(), strip_comments=True)
    text = html_lib.unescape(text).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
