"""The `wla` MkDocs plugin: thin hooks that hand work to the layers below.

Content is loaded and validated in `on_config`, before MkDocs cleans the site
folder, so a bad pull request never destroys the last good site. Generated
pages are added in `on_files` and filled in `on_page_content` from
`pages.PageRenderer`; feeds, calendars and the e-shot are written in
`on_post_build`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from wla_site import urls
from wla_site.content.kinds import BY_NAME, KINDS
from wla_site.content.models import Event
from wla_site.content.problems import ContentError
from wla_site.content.site import Site, load_site
from wla_site.mkdocs.config import WlaConfig
from wla_site.mkdocs.theme_fixes import repair_theme_markup
from wla_site.plan import GeneratedPage, plan_pages
from wla_site.publish import (
    event_calendar_links,
    head_html,
    subscribe_html,
    subscribe_page_html,
    write_outputs,
)
from wla_site.render.pages import PageRenderer
from wla_site.render.search import build_search_index

log = logging.getLogger("mkdocs.plugins.wla")

PACKAGE_THEME = Path(__file__).parent / "theme"


class WlaPlugin(BasePlugin[WlaConfig]):
    """Builds the WLA network's pages, feeds and calendars from its content files."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.renderer: PageRenderer | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.final_site_dir: str | None = None
        """Where the finished site goes; the build itself writes to `building_dir` beside it."""
        self.building_dir: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, which shows drafts."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate all content, then point the theme at the package's templates."""
        root = self.content_root(config)
        try:
            self.site = load_site(
                root,
                timezone_name=self.config.timezone,
                include_drafts=(self.serving and self.config.drafts_in_serve) or bool(self.config.only),
                only=self.config.only,
            )
        except ContentError as error:
            raise PluginError("The content has problems.\n\n" + error.problems.report()) from None
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml needs a site_url (like https://example.org/): "
                "feeds, calendars and the e-shot email use full addresses."
            )
        site = self.site
        self.renderer = PageRenderer(site, extras=lambda page: _page_extras(site, page, config.site_url))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE_THEME))
        # Privacy: never load fonts from Google; Material falls back to system fonts.
        config.theme["font"] = False
        if self.config.atomic_build and not self.serving:
            self._build_beside(config)
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Let the theme's templates ask `wla_site.urls` for addresses: `{{ wla_url('search') | url }}`."""
        env.globals["wla_url"] = urls.path
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add a generated page for every item and listing, and every case-study image."""
        assert self.site is not None
        self.pages = {}
        for page in plan_pages(self.site):
            self.pages[page.src_uri] = page
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for case in self.site.case_studies:
            if case.image is not None:
                src = self.site.root / BY_NAME["case-study"].folder / case.image.src
                dest = urls.path("case-study-image", slug=case.slug, name=case.image.file_name)
                files.append(File.generated(config, dest, abs_src_path=str(src)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give generated pages their title and meta; they have no Markdown to convert."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # Material prints meta title and description without escaping: escape them here.
        page.meta["title"] = str(escape(generated.title))
        page.meta["description"] = str(escape(generated.description))
        page.meta["wla_kind"] = generated.kind
        page.meta.setdefault("hide", ["toc"])
        # There is no Markdown to convert: skip building a Markdown converter for each of
        # thousands of pages (on_page_content supplies the HTML).
        page.render = partial(_no_render, page)  # type: ignore[method-assign]
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Render generated pages; fill the marked places of the home page."""
        assert self.renderer is not None
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            return self.renderer.render(generated)
        if page.is_homepage:
            for name, block in self.renderer.home_blocks(page.url).items():
                html = html.replace(f"<!-- wla:{name} -->", block)
        return html

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """Give each page's template its model and its head tags (structured data, cards)."""
        assert self.site is not None
        generated = self.pages.get(page.file.src_uri)
        context["wla_page"] = generated
        context["wla_head"] = head_html(
            self.site, generated, page.url, config.site_url,
            title=generated.title if generated else (page.title or config.site_name),
            description=generated.description if generated else (page.meta.get("description") or config.site_description or ""),
            is_home=page.is_homepage, site_name=config.site_name,
        )
        return context

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write feeds, calendars and the e-shot, then swap the finished site into place.

        Runs last, so every other plugin has written its files before the swap.
        """
        assert self.site is not None
        site_dir = Path(config.site_dir)
        write_outputs(self.site, site_dir, config.site_url)
        build_search_index(self.site, site_dir, self.pages.values(), nav=config.nav)
        if self.final_site_dir is not None:
            _swap_into_place(config.site_dir, self.final_site_dir)
            config.site_dir = self.final_site_dir
            self.final_site_dir = self.building_dir = None
            log.info("The finished site is now in %s", config.site_dir)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Remove the theme's invalid attributes, so every page passes the Nu HTML Checker."""
        return repair_theme_markup(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The same for theme pages such as 404.html."""
        return repair_theme_markup(output_content)

    def on_build_error(self, *, error: Exception) -> None:
        """Throw away the half-built site; the last good one stays where it was."""
        if self.building_dir is not None:
            shutil.rmtree(self.building_dir, ignore_errors=True)
            self.final_site_dir = self.building_dir = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Reload `mkdocs serve` when a contributor saves a content file."""
        root = self.content_root(config)
        for name in (*(kind.folder for kind in KINDS), "vocabulary.yml"):
            if (root / name).exists():
                server.watch(str(root / name))
        return server

    # --- helpers ----------------------------------------------------------------------------

    def content_root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.content_dir).resolve()

    def _build_beside(self, config: MkDocsConfig) -> None:
        final = os.path.abspath(config.site_dir)
        parent = os.path.dirname(final)
        os.makedirs(parent, exist_ok=True)
        self.building_dir = tempfile.mkdtemp(prefix=f".{os.path.basename(final)}.building-", dir=parent)
        self.final_site_dir = final
        config.site_dir = self.building_dir


def _no_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Stands in for `Page.render` on generated pages, whose HTML comes from `pages.py`."""
    page.content = ""


def _page_extras(site: Site, page: GeneratedPage, site_url: str) -> dict[str, str]:
    """Calendar links on event pages; subscribe links on archives, regions, themes and the page "Subscribe"."""
    if isinstance(page.item, Event):
        return {"calendar": event_calendar_links(site, page.item, page.url, site_url)}
    if page.kind == "subscribe":
        return {"extra_top": subscribe_page_html(site, page, site_url)}
    return {"extra_top": subscribe_html(site, page, site_url)}


def _swap_into_place(built: str, final: str) -> None:
    """Replace `final` with `built` in two renames, so the site is never half written."""
    old = None
    if os.path.lexists(final):
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(final)}.old-", dir=os.path.dirname(final))
        os.rmdir(old)
        os.replace(final, old)
    os.replace(built, final)
    os.chmod(final, 0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
