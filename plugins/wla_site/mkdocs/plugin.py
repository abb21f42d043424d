"""The `wla` MkDocs plugin: thin hooks that hand work to the layers below.

Content is loaded and validated in `on_config`, before MkDocs cleans the site
folder, so a bad pull request never destroys the last good site. Generated
pages are added in `on_files` and filled in `on_page_content` from
`pages.PageRenderer`; feeds, calendars and the e-shot are written in
`on_post_build`.
"""

from __future__ import annotations

import logging
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
from wla_site.content.models import Event
from wla_site.content.problems import ContentError
from wla_site.content.site import Site, load_site
from wla_site.mkdocs.config import WlaConfig
from wla_site.mkdocs.sitedir import SiteBuild, SiteDirError
from wla_site.mkdocs.theme_fixes import repair_theme_markup
from wla_site.plan import GeneratedPage, plan_pages
from wla_site.publish import event_calendar_links, head_html, subscribe_html, write_outputs
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
        self.site_build: SiteBuild | None = None
        """The lock and the folder beside the final site that the build writes to."""

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
        self.renderer = PageRenderer(site, extras=lambda page: _page_extras(site, page))
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
        write_outputs(self.site, site_dir, config.site_url, cache_dir=self.share_cache(config),
                      site_name=config.site_name)
        build_search_index(self.site, site_dir, self.pages.values(), nav=config.nav)
        if self.site_build is not None:
            _swap_into_place(self.site_build)
            config.site_dir = self.site_build.final
            self.site_build = None
            log.info("The finished site is now in %s", config.site_dir)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Remove the theme's invalid attributes, so every page passes the Nu HTML Checker."""
        return repair_theme_markup(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The same for theme pages such as 404.html."""
        return repair_theme_markup(output_content)

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

    def share_cache(self, config: MkDocsConfig) -> Path:
        """Where drawn share images are kept between builds: `.cache/wla/share/` beside mkdocs.yml."""
        return Path(config.config_file_path or ".").resolve().parent / ".cache" / "wla" / "share"

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


def _page_extras(site: Site, page: GeneratedPage) -> dict[str, str]:
    """Calendar links on event pages, subscribe links on the archive pages."""
    if isinstance(page.item, Event):
        return {"calendar": event_calendar_links(site, page.item, page.url)}
    listing = next((k for k in KINDS if page.kind == f"{k.name}-list" and (k.feed_routes or k.calendar_route)), None)
    if listing is not None:
        return {"extra_top": subscribe_html(listing.listing_route, page.url)}
    return {}


def _swap_into_place(build: SiteBuild) -> None:
    """Exchange the finished site with the last good one in one step (see `sitedir`)."""
    try:
        build.finish()
    except SiteDirError as error:
        raise PluginError(str(error)) from None
