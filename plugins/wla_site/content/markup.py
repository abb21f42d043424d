"""Contributor Markdown to safe HTML, once per item, as GitHub's preview shows it.

Contributors check their text in GitHub's preview, so the site follows GitHub's rules:
CommonMark plus tables, strikethrough and autolinks (markdown-it-py). Bullets pasted from a
word processor (`•`, `◦`, `▪`, `–` at the start of a line) become list items. Contributions
come from outside the maintainers' team, so the HTML is cleaned with an allowlist (nh3)
straight after rendering: no script, no event handlers, no frames or objects, no
`javascript:` or `data:` addresses, no images. Heading ids are all prefixed (`story-…`) and
unique, so they can never clash with the page's or the theme's own ids. Text that would
take the renderer too long (or nests too deeply) is refused by `markdown_problem`, which
`wla check` and the build both use; pages, feeds and the e-shot share the one cleaned result.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import unquote

import nh3
from linkify_it import LinkifyIt  # type: ignore[import-untyped]  # no type hints
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import block as block_rule
from markdown_it.token import Token

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "em", "strong", "b", "i", "u", "s", "del", "small", "sub", "sup", "abbr", "cite", "q",
    "code", "pre", "kbd", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "span", "mark",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    # `style` is filtered down to `text-align` (STYLE_PROPERTIES): a table's column alignment.
    "th": {"style", "scope", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
HEADING_ID_PREFIX = "story-"
"""Every heading id in contributor text starts with this; no page or theme id does."""

MAX_MARKDOWN_BYTES = 100 * 1024
"""The longest story or description accepted; real ones are a few KB."""
MAX_INDENT = 40
"""Deepest indentation, in spaces: ten levels of list."""
MAX_DEPTH = 10
"""Most lists and quotes inside one another."""
MAX_PARTS = 3000
"""Most paragraphs, headings, list items and table cells in one text; a long story has 200."""
MAX_BRACKETS = 200
"""Most `[` in one paragraph: the link search slows down with the square of them."""
MAX_ALL_BRACKETS = 1000
"""Most `[` in one text: with MAX_BRACKETS, this bounds the link search's work."""

# Word processors' bullets, pasted at the start of a line: read as `- `.
_BULLETS = "•◦▪▫‣●○■□–"
_PASTED_BULLET = re.compile(rf"^([ \t]*)[{_BULLETS}][ \t]+(?=\S)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RAW_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
# GitHub links bare addresses only when they start with a scheme or `www.` (or are email
# addresses); linkify-it would also link words such as README.md.
_GITHUB_AUTOLINK = re.compile(r"(?i)(https?://|ftp://|www\.|mailto:)|[^\s@]+@")
_SLUG_DROP = re.compile(r"[^\w\- ]")
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}


class _GitHubLinkify(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
    """linkify-it with a quick first look for what GitHub links: `//`, `www.` or `@`."""

    def pretest(self, text: str) -> bool:
        return "//" in text or "@" in text or "www." in text.lower()


def _markdown_it(max_nesting: int) -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": True, "linkify": True, "typographer": False, "maxNesting": max_nesting}
    ).enable(["table", "strikethrough", "linkify"])
    md.linkify = _GitHubLinkify()
    return md


# Lists and quotes nested deeper than this are cut off by the renderer; MAX_DEPTH refuses them
# long before (each level of list is two levels here: the list and its item).
_md = _markdown_it(max_nesting=2 * MAX_DEPTH + 10)
# Within a paragraph, each `[` not closed makes the link search look this deep ahead, so the
# time it takes grows with this; real text nests links, emphasis and code a few levels at most.
_md_inline = _markdown_it(max_nesting=10)


@dataclass(frozen=True)
class Rendered:
    """One text's cleaned HTML and, if it cannot be published as it is, why not."""

    html: str
    problem: tuple[int, str] | None = None


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(line within `text`, message) if the Markdown cannot be published as it is, else None.

    The text is rendered here (and the result kept for `render_markdown`), so what the check
    passes, the build can build.
    """
    return rendered(text).problem


def render_markdown(text: str) -> str:
    """Contributor Markdown as cleaned HTML, safe to show to a visitor.

    Text over the limits (see `markdown_problem`) comes back as plain paragraphs, quickly.
    """
    return rendered(text).html


def sanitise(html: str, *, id_prefix: str | None = None) -> str:
    """HTML reduced to the allowlist: the one gate between contributors and visitors.

    Heading ids are kept only when they start with `id_prefix`, a secret of the caller's.
    """

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and (id_prefix is None or not value.startswith(id_prefix)):
            return None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """Visible text of cleaned HTML, for calendars, plain-text email and search."""
    text = re.sub(r"<br\s*/?>|</(p|li|h[2-6]|tr|blockquote|pre)>", "\n", html)
    text = nh3.clean(text, tags=set(), strip_comments=True)
    text = html_lib.unescape(text).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- rendering, with limits ------------------------------------------------------------------


class _Cache:
    """Rendered texts by their source, up to a total size: the check and the build share them."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.items: dict[str, Rendered] = {}
        self.chars = 0
        self.lock = threading.Lock()

    def get(self, text: str) -> Rendered | None:
        with self.lock:
            return self.items.get(text)

    def put(self, text: str, result: Rendered) -> None:
        size = len(text) + len(result.html)
        if size > self.max_chars:
            return
        with self.lock:
            if text in self.items:
                return
            while self.items and self.chars + size > self.max_chars:
                oldest = next(iter(self.items))
                self.chars -= len(oldest) + len(self.items.pop(oldest).html)
            self.items[text] = result
            self.chars += size


_cache = _Cache(max_chars=64 * 1024 * 1024)


RENDER_SECONDS = 2.0
"""Processor time one text may take to render (Issue 13: no text of up to 100 KB takes longer)."""


class _Store:
    """Rendered texts kept between runs, in one SQLite file (`.cache/wla/markdown.sqlite`).

    Rendering every story is most of what `wla check` does and a sixth of a build; a text
    that has not changed since the last check or build is read back instead. Entries are
    found by a hash of the text and of the renderer (this module and the versions of the
    libraries it uses), so a change to either renders afresh. What is read back is cleaned
    again with the same allowlist, so the file is never trusted more than a contribution.
    Anything wrong with the file (locked, damaged, read-only) just means rendering as usual.
    """

    KEEP_DAYS = 30
    """Entries no run has used for this long are removed."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.db: sqlite3.Connection | None = None
        self.new: list[tuple[str, str, int | None, str | None, int]] = []
        self.used: list[tuple[int, str]] = []
        self.lock = threading.Lock()

    def open(self, path: Path) -> None:
        self.close()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=10, check_same_thread=False)
            db.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, html TEXT NOT NULL, "
                       "line INTEGER, message TEXT, used INTEGER NOT NULL)")
        except (OSError, sqlite3.Error):
            return
        self.path, self.db = path, db

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256((_renderer() + text).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str) -> Rendered | None:
        if self.db is None:
            return None
        key = self.key(text)
        try:
            with self.lock:
                row = self.db.execute("SELECT html, line, message FROM rendered WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        self.used.append((_today(), key))
        html, line, message = row
        problem = (line, message) if line is not None and message is not None else None
        return Rendered(sanitise(html, id_prefix=HEADING_ID_PREFIX), problem)

    def put(self, text: str, result: Rendered) -> None:
        if self.db is not None:
            line, message = result.problem if result.problem else (None, None)
            self.new.append((self.key(text), result.html, line, message, _today()))

    def save(self) -> None:
        """Write what this run rendered, mark what it used, and forget what no run has used for KEEP_DAYS."""
        if self.db is None or not (self.new or self.used):
            return
        try:
            with self.lock, self.db:
                self.db.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?, ?, ?)", self.new)
                self.db.executemany("UPDATE rendered SET used = ? WHERE key = ?", self.used)
                self.db.execute("DELETE FROM rendered WHERE used < ?", (_today() - self.KEEP_DAYS,))
        except sqlite3.Error:
            pass
        self.new, self.used = [], []

    def close(self) -> None:
        if self.db is not None:
            self.save()
            self.db.close()
        self.path = self.db = None


def _today() -> int:
    return int(time.time() // 86400)


_store = _Store()


def keep_between_runs(path: Path | None) -> None:
    """Keep rendered texts in the file at `path` between runs (None: only in memory, as before)."""
    if path is None:
        _store.close()
    elif path != _store.path:
        _store.open(path)


def save_rendered() -> None:
    """Write the texts rendered since the last save to the file `keep_between_runs` named."""
    _store.save()


@cache
def _renderer() -> str:
    """What the rendering depends on besides the text: this module and its libraries' versions."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("markdown-it-py", "linkify-it-py", "nh3"):
        digest.update(package_version(name).encode())
    return digest.hexdigest()


def rendered(text: str) -> Rendered:
    """The text rendered and cleaned, or refused; kept, so the second call costs nothing."""
    found = _cache.get(text)
    if found is None:
        found = _store.get(text)
        if found is None:
            started = time.process_time()
            found = _render(text)
            if found.problem is None and time.process_time() - started > RENDER_SECONDS:
                # The limits above keep every shape we know of far below this; this is the net for one we do not.
                found = Rendered(_as_plain_paragraphs(text), (1, (
                    f"this text takes more than {RENDER_SECONDS:g} seconds to turn into a web page, so it cannot be "
                    "published as it is. Make it shorter or simpler: fewer lists inside lists, quotes and brackets.")))
            else:
                _store.put(text, found)  # a refusal for time depends on the machine: not kept
        _cache.put(text, found)
    return found


def _render(text: str) -> Rendered:
    if not text or not text.strip():
        return Rendered("")
    text = _CONTROL.sub("", text)
    problem = _line_problem(text)
    if problem is not None:
        return Rendered(_as_plain_paragraphs(text), problem)
    source = _read_pasted_bullets(text)
    state = StateCore(source, _md, {})
    for rule in _md.core.ruler.getRules(""):
        rule(state)
        if rule is block_rule:
            problem = _shape_problem(state.tokens)
            if problem is not None:
                return Rendered(_as_plain_paragraphs(text), problem)
            state.md = _md_inline
    tokens = state.tokens
    _keep_github_autolinks(tokens)
    secret = secrets.token_hex(8) + "-"
    _name_headings(tokens, secret)
    html = sanitise(_md.renderer.render(tokens, _md.options, state.env), id_prefix=secret)
    html = html.replace(f'id="{secret}', f'id="{HEADING_ID_PREFIX}')
    return Rendered(html, _image_problem(tokens, source))


def _line_problem(text: str) -> tuple[int, str] | None:
    """Limits that a look at the lines can tell, before any rendering."""
    size = len(text.encode("utf-8"))
    if size > MAX_MARKDOWN_BYTES:
        return 1, (
            f"the text is {size // 1024} KB; the most allowed is {MAX_MARKDOWN_BYTES // 1024} KB. "
            "Shorten it or link to a longer document."
        )
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if stripped and indent > MAX_INDENT:
            return number, "this line is indented too deeply (more than ten levels). Use fewer levels of list."
    return None


def _shape_problem(tokens: list[Token]) -> tuple[int, str] | None:
    """Limits on the text's structure: how many parts, how deeply nested, how many brackets."""
    depth = parts = brackets = 0
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            if depth > MAX_DEPTH:
                return _line(token), (
                    "lists and quotes here go more than ten levels deep, one inside another. "
                    "Use fewer levels."
                )
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
            depth -= 1
        if token.nesting != -1 and token.type != "inline":
            parts += 1
            if parts > MAX_PARTS:
                return _line(token), (
                    f"the text has more than {MAX_PARTS:,} paragraphs, headings, list items and "
                    "table cells up to this line. Shorten it or link to a longer document."
                )
        if token.type == "inline" and "[" in token.content:
            count = token.content.count("[")
            if count > MAX_BRACKETS:
                return _line(token), (
                    f"this paragraph has more than {MAX_BRACKETS} square brackets `[`. "
                    "Split it up or remove the brackets."
                )
            brackets += count
            if brackets > MAX_ALL_BRACKETS:
                return _line(token), (
                    f"the text has more than {MAX_ALL_BRACKETS:,} square brackets `[` up to this "
                    "paragraph (each link has one). Remove some of them."
                )
    return None


def _image_problem(tokens: list[Token], source: str) -> tuple[int, str] | None:
    """Pictures in the text are not published: say so rather than drop them silently."""
    lines = source.split("\n")
    for token in _all_tokens(tokens):
        raw = token.type in ("html_block", "html_inline") and _RAW_IMAGE.search(token.content)
        if token.type == "image" or raw:
            return _image_line(token, lines), (
                "pictures in the text are not shown on the site. Remove the picture from the text; "
                "a case study can have one photo, in its image: field."
            )
    return None


def _all_tokens(tokens: list[Token]) -> Iterator[Token]:
    """Every token, with each block's inline tokens after it; inline tokens get their block's map."""
    for token in tokens:
        yield token
        for child in token.children or ():
            if child.map is None:
                child.map = token.map
            yield child


def _image_line(token: Token, lines: list[str]) -> int:
    first, last = token.map or (0, 1)
    for index in range(first, min(last, len(lines))):
        if "![" in lines[index] or _RAW_IMAGE.search(lines[index]):
            return index + 1
    return first + 1


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _read_pasted_bullets(text: str) -> str:
    """`• item` lines (outside code) as `- item`, so pasted lists become lists."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
        elif line.lstrip(" \t")[:1] in _BULLETS:
            lines[index] = _PASTED_BULLET.sub(r"\1- ", line)
    return "\n".join(lines)


def _keep_github_autolinks(tokens: list[Token]) -> None:
    """Undo links made from bare words GitHub leaves alone (`README.md`, `example.org`)."""
    for token in tokens:
        children = token.children
        if not children:
            continue
        kept: list[Token] = []
        index = 0
        while index < len(children):
            child = children[index]
            if (child.type == "link_open" and child.markup == "linkify" and index + 2 < len(children)
                    and not _GITHUB_AUTOLINK.match(children[index + 1].content)):
                kept.append(children[index + 1])
                index += 3
                continue
            kept.append(child)
            index += 1
        token.children = kept


def _name_headings(tokens: list[Token], secret: str) -> None:
    """Give each heading a unique id, as GitHub does, marked with `secret` until it is cleaned.

    `# Title` becomes a second-level heading: the page's title is its only first-level one.
    Links within the text to a heading (`[see](#outcomes)`) follow it to its new id.
    """
    used: set[str] = set()
    targets: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
        if token.type != "heading_open":
            continue
        words = "".join(
            child.content for child in tokens[index + 1].children or ()
            if child.type in ("text", "code_inline")
        )
        base = _SLUG_DROP.sub("", words.strip().lower()).replace(" ", "-")[:80] or "section"
        slug, number = base, 0
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        targets[slug] = HEADING_ID_PREFIX + slug
        token.attrSet("id", secret + slug)
    for token in _all_tokens(tokens):
        href = token.attrGet("href") if token.type == "link_open" else None
        if isinstance(href, str) and href.startswith("#"):
            target = targets.get(unquote(href[1:]).lower())
            if target is not None:
                token.attrSet("href", _md.normalizeLink("#" + target))


def _as_plain_paragraphs(text: str) -> str:
    """The text as escaped paragraphs: safe and quick, for text over the limits."""
    paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
    return "".join(f"<p>{html_lib.escape(part)}</p>\n" for part in paragraphs if part)
