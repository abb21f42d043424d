"""Links inside the site checked before it is built: every one must go somewhere.

A case study, an e-shot issue or a hand-written page may link to another page
of the site (`/case-studies/x/`, `../x/`, `events/index.md` in `docs/`), to a
file the site publishes (a feed, a calendar, an image) or to an asset. A link
to an address the site does not have is a dead end for a visitor, so it stops
the build and `wla check` with the file and the line. `SiteAddresses` holds
every address a build publishes (from the page plan, the hand-written pages,
the published files and the asset folders). A story's links are those its
cleaned HTML keeps (what a visitor can follow), each placed on the line of
the Markdown that holds it; a hand-written page's are read from its Markdown.
Links that leave the site (`https://`, `mailto:`) are not followed.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wla_site import urls
from wla_site.content.docs_pages import DocsPage
from wla_site.content.kinds import KINDS
from wla_site.content.problems import Problems
from wla_site.content.reading import content_files
from wla_site.content.site import Site
from wla_site.plan import plan_pages
from wla_site.publish import output_paths

MKDOCS_FILES = ("sitemap.xml", "sitemap.xml.gz", "404.html")
"""Files MkDocs itself writes at the site root."""

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)")
_HTML = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CLEAN_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_BARE_DOMAIN = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.(org|com|net|uk|gov|io|info|ac\.uk|co\.uk)(/.*)?$",
                          re.IGNORECASE)


def markdown_links(text: str) -> Iterator[tuple[int, str]]:
    """(line within `text`, target) of every link and image in Markdown, code left out.

    Inline links `[text](target)`, reference definitions `[name]: target` and
    `href`/`src` in raw HTML; code blocks and `code spans` are skipped, as the
    renderer skips them.
    """
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _INLINE.finditer(line):
            yield number, match.group(1)
        reference = _REFERENCE.match(line)
        if reference:
            yield number, reference.group(1)
        for match in _HTML.finditer(line):
            yield number, match.group(1) if match.group(1) is not None else match.group(2)


@dataclass
class SiteAddresses:
    """Every address the site publishes, from its root: pages (`x/`), files, and Markdown sources."""

    pages: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    """Markdown files MkDocs publishes (hand-written and generated), as `docs/` links name them."""
    item_routes: dict[str, str] = field(default_factory=dict)
    """A content file (`case_studies/x.md`) by the address of its page, for files not read (a partial load)."""
    held: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The file of an item whose page is not published (a draft, dated ahead), and why, by its address."""

    def __contains__(self, target: str) -> bool:
        if target in self.pages or target in self.files:
            return True
        if target.endswith("index.html") and target.removesuffix("index.html") in self.pages:
            return True
        return not target.endswith("/") and target + "/" in self.pages


def site_addresses(site: Site, docs: Sequence[DocsPage], asset_dirs: Iterable[Path] = ()) -> SiteAddresses:
    """Every address a build of `site` with these hand-written pages publishes."""
    found = SiteAddresses()
    for page in plan_pages(site):
        found.pages.add(page.url)
        found.sources.add(page.src_uri)
    found.pages.add("")  # the home page
    for doc in docs:
        found.pages.add(doc.url)
        found.sources.add(doc.src_uri)
    found.files.update(output_paths(site))
    found.files.update(MKDOCS_FILES)
    for case in site.case_studies:
        if case.image is not None:
            found.files.add(urls.path("case-study-image", slug=case.slug, name=case.image.file_name))
    for folder in asset_dirs:
        if folder.is_dir():
            found.files.update(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                               if p.is_file() and not p.name.endswith((".md", ".html")))
    for left in site.left_out:
        kind = next(k for k in KINDS if left.path.startswith(k.folder + "/"))
        found.held[urls.path(kind.route, slug=left.slug)] = (left.path, left.why())
    if site.partial:  # only some files were read: an item's page exists if its file does
        for kind in KINDS:
            for path in content_files(site.root / kind.folder, kind.suffixes):
                found.item_routes[urls.path(kind.route, slug=path.stem)] = f"{kind.folder}/{path.name}"
    return found


def rendered_links(markdown: str, html_text: str) -> Iterator[tuple[int, str]]:
    """(line within `markdown`, target) of every link the cleaned HTML `html_text` kept.

    Each link is placed on the first line of the Markdown that holds its address (the next
    such line for the same address given twice), or on the first line when it cannot be found.
    """
    lines = markdown.split("\n")
    used: dict[str, int] = {}
    for match in _CLEAN_HREF.finditer(html_text):
        target = html.unescape(match.group(1))
        forms = {target, unquote(target), html.escape(target, quote=False)}
        start = used.get(target, 0)
        number = next((i for i in range(start, len(lines)) if any(f in lines[i] for f in forms)), None)
        if number is not None:
            used[target] = number + 1
        yield (number if number is not None else 0) + 1, target


def check_links(site: Site, docs: Sequence[DocsPage], problems: Problems, *,
                asset_dirs: Iterable[Path] = (), site_url: str = "") -> None:
    """Add a problem for every link in a story, an e-shot issue or a hand-written page that goes nowhere."""
    addresses = site_addresses(site, docs, asset_dirs)
    for kind in KINDS:
        if not kind.is_markdown:
            continue
        for item in site.items(kind):
            page_url = urls.path(kind.route, slug=item.slug)
            for line, target in rendered_links(item.body, site.html(item)):
                message = _problem(target, page_url, addresses, site_url, source=item.source_path)
                if message:
                    problems.add(item.source_path, message, line=item.body_line + line - 1)
    for doc in docs:
        if not doc.checked:
            continue
        for line, target in markdown_links(doc.body):
            message = _problem(target, doc.url, addresses, site_url, doc_src=doc.src_uri)
            if message:
                problems.add(doc.path, message, line=doc.body_line + line - 1)


def _problem(given: str, page_url: str, addresses: SiteAddresses, site_url: str, *,
             source: str | None = None, doc_src: str | None = None) -> str | None:
    """Why the link `given` on the page at `page_url` goes nowhere, or None if it is fine."""
    href = html.unescape(given).strip().removeprefix("<").removesuffix(">").strip()
    if site_url and href.startswith(site_url):
        href = "/" + href[len(site_url):]
    if not href or href.startswith(("#", "//", "?")) or _SCHEME.match(href):
        return None
    path = unquote(urlsplit(href).path)
    if not path:
        return None
    if doc_src is not None and not path.startswith("/"):
        # MkDocs reads a hand-written page's relative links from its file's folder: a link to
        # another Markdown file becomes that page's address, a link to a file stays one.
        source_uri = posixpath.normpath(posixpath.join(posixpath.dirname(doc_src), path))
        if source_uri in addresses.sources or source_uri in addresses.files:
            return None
        if path.endswith(".md"):
            return f'the link "{given}" goes to {source_uri}, which is not a page of the site. Check the file name.'
    target = _resolve(path, page_url)
    if target in addresses or target in addresses.item_routes:
        return None
    held = addresses.held.get(target) or addresses.held.get(target + "/")
    if held:
        file, why = held
        return f'the link "{given}" goes to the page of {file}, which {why}. Remove the link until that page is published.'
    if _BARE_DOMAIN.match(href):
        return (f'the link "{given}" has no https:// at the start, so it points inside this site. '
                f"Write the whole address, like https://{href}")
    if source is not None and path.endswith(".md"):
        # On GitHub a link to a file works; on the site, link to the file's page instead.
        file = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        page = next((p for p, f in addresses.item_routes.items() if f == file), None)
        if page is None:
            page = _page_of_file(file)
        if page is not None:
            return f'the link "{given}" goes to the file {file}, not to a page of the site. Link to its page instead: /{page}'
    hint = difflib.get_close_matches(target, sorted(addresses.pages | set(addresses.item_routes)), n=1, cutoff=0.75)
    mean = f" Did you mean /{hint[0]}?" if hint else ""
    return (f'the link "{given}" goes to /{target}, which is not a page of the site.{mean} '
            "Check the address; a link to another website starts with https://")


def _resolve(path: str, page_url: str) -> str:
    """The address `path` goes to from the page at `page_url`, from the site root."""
    joined = posixpath.normpath(posixpath.join("/" + page_url, path))
    target = joined.lstrip("/")
    if path.endswith("/") and target:
        target += "/"
    return target


def _page_of_file(file: str) -> str | None:
    """The page of a content file such as `case_studies/x.md`, if it names one."""
    folder, _, name = file.rpartition("/")
    for kind in KINDS:
        if folder == kind.folder and name.endswith(kind.suffixes):
            return urls.path(kind.route, slug=name.rsplit(".", 1)[0])
    return None
