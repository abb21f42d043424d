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
from wla_site.content.kinds import KINDS
from wla_site.content.markup import save_rendered
from wla_site.content.models import Event
from wla_site.content.problems import ContentError, Problems
from wla_site.content.site import Site
from wla_site.mkdocs import problem_pages
from wla_site.mkdocs.config import WlaConfig
from wla_site.mkdocs.sitedir import SiteBuild, SiteDirError
from wla_site.mkdocs.theme_fixes import repair_theme_markup
from wla_site.mkdocs.theme_speed import PageSpeed, needs_material_js
from wla_site.plan import GeneratedPage, plan_pages
from wla_site.project import CACHE, load_project
from wla_site.publish import (
    event_calendar_links,
    head_html,
    subscribe_html,
    subscribe_page_html,
    write_outputs,
)
from wla_site.render.pages import PageRenderer
from wla_site.render.search import build_search_index
from wla_site.settings import Settings, placeholder_address_problem

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
        self.site_build: SiteBuild | None = None
        """The lock and the folder beside the final site that the build writes to."""
        self.speed: PageSpeed | None = None
        self.problems: Problems | None = None
        """While serving, the problems the content has: every page shows them instead of failing."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, which shows drafts."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate all content, then point the theme at the package's templates."""
        placeholder = placeholder_address_problem(config.site_url or "", os.environ)
        if placeholder is not None:
            raise PluginError(placeholder)
        self.problems = None
        try:
            self.site = load_project(
                self.settings(config),
                include_drafts=(self.serving and self.config.drafts_in_serve) or bool(self.config.only),
                only=self.config.only,
            )
        except ContentError as error:
            if not self.serving:
                raise PluginError("The content has problems.\n\n" + error.problems.report()) from None
            # A failed rebuild leaves `mkdocs serve` spinning: show the problems on every page instead.
            self.site, self.problems = None, error.problems
            log.error("The content has problems. Every page shows them until they are fixed:\n\n%s\n",
                      "\n".join(f"  {problem}" for problem in error.problems))
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml needs a site_url (like https://example.org/): "
                "feeds, calendars and the e-shot email use full addresses."
            )
        site = self.site
        if site is not None:
            self.renderer = PageRenderer(site, extras=lambda page: _page_extras(site, page, config.site_url or ""))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE_THEME))
        # Privacy: never load fonts from Google; Material falls back to system fonts.
        config.theme["font"] = False
        if self.config.atomic_build and not self.serving:
            self._build_beside(config)
        self.speed = PageSpeed(config.site_dir, config.site_url)
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Let the theme's templates ask `wla_site.urls` for addresses (`{{ wla_url('search') | url }}`),
        and tell them whether the site needs Material's JavaScript or the theme's own is enough."""
        env.globals["wla_url"] = urls.path
        env.globals["wla_material_js"] = needs_material_js(config)
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add a generated page for every item and listing, and every case-study image."""
        if self.problems is not None:
            for src_uri in problem_pages.problem_page_uris(self.content_root(config), self.pages):
                if files.get_file_from_path(src_uri) is None:
                    files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
            return files
        assert self.site is not None
        self.pages = {}
        for page in plan_pages(self.site):
            self.pages[page.src_uri] = page
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for kind in KINDS:
            if kind.attachments is None or kind.file_route is None:
                continue
            for item in self.site.items(kind):
                for name in kind.attachments(item):
                    src = self.site.root / kind.folder / name
                    dest = urls.path(kind.file_route, slug=item.slug, name=name.rsplit("/", 1)[-1])
                    files.append(File.generated(config, dest, abs_src_path=str(src)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give generated pages their title and meta; they have no Markdown to convert."""
        generated = self.pages.get(page.file.src_uri)
        if self.problems is not None:
            page.meta = {"title": problem_pages.TITLE, "hide": ["toc"]}
            page.render = partial(_no_render, page)  # type: ignore[method-assign]
            return ""
        if generated is None:
            return markdown
        # Material prints meta title and description without escaping: escape them here.
        page.meta["title"] = str(escape(generated.title))
        page.meta["description"] = str(escape(generated.description))
        page.meta["wla_kind"] = generated.kind
        # No sidebars: a generated page is not in the navigation (its side column would be empty or
        # hold one link); the tabs and the phone menu still lead everywhere.
        page.meta.setdefault("hide", ["navigation", "toc"])
        # There is no Markdown to convert: skip building a Markdown converter for each of
        # thousands of pages (on_page_content supplies the HTML).
        page.render = partial(_no_render, page)  # type: ignore[method-assign]
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Render generated pages; fill the marked places of the home page."""
        if self.problems is not None:
            return problem_pages.problems_html(self.problems)
        assert self.renderer is not None
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            return self.renderer.render(generated)
        if page.is_homepage:
            for name, block in self.renderer.home_blocks(page.url).items():
                html = html.replace(f"<!-- wla:{name} -->", block)
        return html

    # MkDocs types the context as a closed TypedDict; the theme reads the two keys added here.
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:  # type: ignore[override]
        """Give each page's template its model and its head tags (structured data, cards)."""
        if self.site is None or self.problems is not None:
            context["wla_page"], context["wla_head"] = None, ""
            return context
        generated = self.pages.get(page.file.src_uri)
        context["wla_page"] = generated
        context["wla_head"] = head_html(
            self.site, generated, page.url, config.site_url or "",
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
        if self.problems is not None:
            return
        assert self.site is not None
        site_dir = Path(config.site_dir)
        write_outputs(self.site, site_dir, config.site_url or "", cache_dir=self.share_cache(config),
                      site_name=config.site_name)
        build_search_index(self.site, site_dir, self.pages.values(), nav=config.nav)
        save_rendered()  # stories first rendered for a page or a feed, kept for the next run
        if self.site_build is not None:
            _swap_into_place(self.site_build)
            config.site_dir = self.site_build.final
            self.site_build = None
            log.info("The finished site is now in %s", config.site_dir)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Remove the theme's invalid attributes (for the Nu HTML Checker); make the page paint fast."""
        assert self.speed is not None
        return self.speed.finish(repair_theme_markup(output), page.url)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The same for theme pages such as 404.html."""
        assert self.speed is not None
        return self.speed.finish(repair_theme_markup(output_content), "")

    def on_build_error(self, *, error: Exception) -> None:
        """Throw away the half-built site; the last good one stays where it was."""
        if self.site_build is not None:
            self.site_build.abandon()
            self.site_build = None

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

    def settings(self, config: MkDocsConfig) -> Settings:
        """The project's settings as MkDocs has read them, for the checks `wla check` runs too."""
        custom_dir = config.theme.custom_dir
        return Settings(
            root=Path(config.config_file_path or ".").resolve().parent,
            content_dir=self.content_root(config),
            timezone=self.config.timezone,
            site_url=config.site_url or "",
            docs_dir=Path(config.docs_dir).resolve(),
            custom_dir=Path(custom_dir).resolve() if custom_dir else None,
        )
    def share_cache(self, config: MkDocsConfig) -> Path:
        """Where drawn share images are kept between builds: `.cache/wla/share/` beside mkdocs.yml."""
        return Path(config.config_file_path or ".").resolve().parent / CACHE / "share"

    def _build_beside(self, config: MkDocsConfig) -> None:
        if self.site_build is not None:
            self.site_build.abandon()
        try:
            self.site_build = SiteBuild.start(config.site_dir)
        except SiteDirError as error:
            raise PluginError(str(error)) from None
        assert self.site_build.building is not None
        config.site_dir = self.site_build.building


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


def _swap_into_place(build: SiteBuild) -> None:
    """Exchange the finished site with the last good one in one step (see `sitedir`)."""
    try:
        build.finish()
    except SiteDirError as error:
        raise PluginError(str(error)) from None
