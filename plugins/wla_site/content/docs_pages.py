"""Hand-written pages (`docs/`): their front matter checked as strictly as content files.

MkDocs reads a page's front matter quietly: YAML it cannot read is published
as text, so a visitor sees `description: ...` as a heading at the top of the
page. `read_docs_pages` reads every page in the docs folder with the content
files' own YAML reader, so a mistake stops the build and `wla check` with the
file and the line, in the same words as a mistake in a case study. The pages
it returns carry their Markdown body, whose links `wla_site.links` checks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from wla_site.content.problems import Problems
from wla_site.content.reading import parse_yaml, split_front_matter

TEXT_FIELDS = ("title", "description")
"""Front-matter fields the theme prints as text: they must be text."""


@dataclass(frozen=True)
class DocsPage:
    """One hand-written page."""

    path: str
    """The file relative to the project, as problems name it: `docs/becoming-a-wla.md`."""
    src_uri: str
    """The file relative to the docs folder, as MkDocs names it: `becoming-a-wla.md`."""
    body: str
    body_line: int
    """The line of the file the Markdown body starts on."""
    checked: bool = True
    """False for a page not read (its front matter is wrong, or it was not asked for): its links wait."""

    @property
    def url(self) -> str:
        """Where MkDocs publishes it (directory addresses): `becoming-a-wla/`, `index.md` at ``."""
        stem = self.src_uri.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"


def docs_sources(docs_dir: Path) -> list[Path]:
    """Every Markdown page MkDocs would publish from `docs_dir` (hidden files and folders are skipped)."""
    if not docs_dir.is_dir():
        return []
    return sorted(
        path for path in docs_dir.rglob("*.md")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def read_docs_pages(docs_dir: Path, project_root: Path, problems: Problems,
                    only: Collection[Path] | None = None) -> list[DocsPage]:
    """Every page in `docs_dir`, after adding a problem for each bad front matter.

    With `only`, just those pages are read; the others are listed unread (`checked` is
    False), as are pages that cannot be read, so that links to them still count.
    """
    pages = []
    for path in docs_sources(docs_dir):
        page = None
        if only is None or path.resolve() in only:
            page = read_docs_page(path, docs_dir, project_root, problems)
        if page is None:
            page = DocsPage(_relative(path, project_root), path.relative_to(docs_dir).as_posix(), "", 1, checked=False)
        pages.append(page)
    return pages


def read_docs_page(path: Path, docs_dir: Path, project_root: Path, problems: Problems) -> DocsPage | None:
    """One page, or None after adding a problem: the file cannot be read or its front matter is wrong."""
    rel = _relative(path, project_root)
    src_uri = path.relative_to(docs_dir).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        problems.add(rel, f"the page cannot be read ({exc.strerror or exc}).")
        return None
    except UnicodeDecodeError:
        problems.add(rel, "the page is not UTF-8 text. Save it as UTF-8 in your editor.")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---"):
        return DocsPage(rel, src_uri, text, 1)
    split = split_front_matter(text)
    if split is None:
        problems.add(
            rel,
            "the front matter has no closing `---` line, so the page would show it as text. "
            "Add a line `---` after the last field.",
            line=1,
        )
        return None
    front, body, body_line = split
    if not front.strip():
        return DocsPage(rel, src_uri, body, body_line)
    before = len(problems)
    data = parse_yaml(front, rel, problems, line_offset=1)
    if data is None:
        return None
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            line = _field_line(front, name)
            problems.add(rel, f"this should be text, on one line after `{name}: `.", line=line, field=name)
    if len(problems) > before:
        return None
    return DocsPage(rel, src_uri, body, body_line)


def _field_line(front: str, name: str) -> int | None:
    for number, line in enumerate(front.split("\n"), start=2):
        if line.startswith(f"{name}:"):
            return number
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
