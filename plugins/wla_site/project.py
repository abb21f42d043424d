"""Everything checked before a build, in one place: content, hand-written pages and links.

`mkdocs build`, `mkdocs serve`, `wla check` and `wla preview` all call
`load_project`, so they agree on what is wrong: the content files
(`content.site`), the front matter of the pages in `docs/`
(`content.docs_pages`) and every internal link (`links`). Every problem of
every kind is reported in one run. Links are checked once the content reads
cleanly, since a link to a file that could not be read is not a second mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wla_site.content import markup
from wla_site.content.docs_pages import read_docs_pages
from wla_site.content.problems import ContentError, Problems
from wla_site.content.site import Site, load_site
from wla_site.links import check_links
from wla_site.settings import Settings

CACHE = Path(".cache") / "wla"
"""Where a project keeps what runs can share (rendered stories, drawn share images), beside mkdocs.yml."""


def load_project(
    settings: Settings,
    *,
    include_drafts: bool = False,
    only: Sequence[str] | str | None = None,
) -> Site:
    """The checked site of the project `settings` describe; raise `ContentError` listing every problem.

    `only` (paths relative to the project, like `case_studies/x.md` or `docs/about.md`) checks
    just those files and what they refer to; links to other items are checked against the files
    on disk.
    """
    problems = Problems()
    markup.keep_between_runs(settings.root / CACHE / "markdown.sqlite")
    content_only, docs_only = _split(settings, only)
    docs = []
    if settings.docs_dir is not None:
        docs = read_docs_pages(settings.docs_dir, settings.root, problems, only=docs_only)
    try:
        site = load_site(settings.content_dir, timezone_name=settings.timezone,
                         include_drafts=include_drafts, only=content_only,
                         published_folders=settings.published_folders)
    except ContentError as error:
        problems.extend(error.problems)
        raise ContentError(problems) from None
    finally:
        markup.save_rendered()
    check_links(site, docs, problems, asset_dirs=settings.asset_dirs, site_url=settings.site_url)
    if problems:
        raise ContentError(problems)
    return site


def _split(settings: Settings, only: Sequence[str] | str | None) -> tuple[list[str] | None, set[Path] | None]:
    """`only` split into content files (relative to the content folder) and hand-written pages."""
    if only is None:
        return None, None
    content: list[str] = []
    docs: set[Path] = set()
    for given in [only] if isinstance(only, str) else only:
        path = Path(given)
        full = (path if path.is_absolute() else settings.root / path).resolve()
        if full == settings.content_dir / "vocabulary.yml":
            continue  # read for every check
        if settings.docs_dir is not None and full.is_relative_to(settings.docs_dir) and full.suffix == ".md":
            docs.add(full)
        elif full.is_relative_to(settings.content_dir):
            content.append(full.relative_to(settings.content_dir).as_posix())
        else:
            content.append(given)
    return content, docs
