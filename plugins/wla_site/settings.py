"""The site's settings as `mkdocs.yml` gives them, for every command that needs them.

`mkdocs build`, `wla check` and `wla preview` must agree on where the content
is, which time zone event times are in and where the site will live. They all
read the `wla` plugin's options and `site_url` from `mkdocs.yml` through
`read_settings`; the defaults are written here once (the MkDocs adapter's
config uses them too). `find_root` finds the project from any folder inside
it, as git finds a repository.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_TIMEZONE = "Europe/London"
"""The time zone of event times written without an offset, unless mkdocs.yml sets another."""
DEFAULT_CONTENT_DIR = "."
DEFAULT_DOCS_DIR = "docs"
PLUGIN = "wla"
PACKAGE_THEME = Path(__file__).parent / "mkdocs" / "theme"
"""The package's own theme folder (templates and assets), layered over mkdocs-material."""
_EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
"""Domains reserved for examples (RFC 2606), like the address mkdocs.yml ships with: never a real site."""


@dataclass(frozen=True)
class Settings:
    """What the engine needs from mkdocs.yml."""

    root: Path
    """The folder holding mkdocs.yml."""
    content_dir: Path
    """The folder holding the content folders and vocabulary.yml."""
    timezone: str = DEFAULT_TIMEZONE
    site_url: str = ""
    docs_dir: Path | None = None
    """The folder of hand-written pages (`docs/`)."""
    custom_dir: Path | None = None
    """The theme's `custom_dir` (`overrides/`), whose assets pages may link to."""

    @property
    def asset_dirs(self) -> tuple[Path, ...]:
        """Folders whose files the site publishes as they are, for checking links to them."""
        return tuple(d for d in (self.docs_dir, self.custom_dir, PACKAGE_THEME) if d is not None)

    @property
    def published_folders(self) -> tuple[Path, ...]:
        """Folders MkDocs copies into the site as they are: `docs_dir` and the theme's `custom_dir`."""
        return tuple(d for d in (self.docs_dir, self.custom_dir) if d is not None)


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: tags such as `!ENV` or `!!python/name:` read as plain text."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def find_root(start: Path) -> Path:
    """The nearest folder from `start` upwards that holds mkdocs.yml; `start` itself if none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def plugin_options(raw: dict[str, Any]) -> dict[str, Any]:
    """The `wla` plugin's options from a parsed mkdocs.yml (a list or a mapping of plugins)."""
    plugins = raw.get("plugins") or []
    entries = [{k: v} for k, v in plugins.items()] if isinstance(plugins, dict) else plugins
    for entry in entries:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return {}


def read_settings(root: Path) -> Settings:
    """The settings of the project in `root` (defaults where mkdocs.yml is missing or silent)."""
    raw: dict[str, Any] = {}
    config = root / CONFIG_FILE
    if config.is_file():
        try:
            loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            loaded = None  # MkDocs itself reports a broken mkdocs.yml when it builds
        if isinstance(loaded, dict):
            raw = loaded
    options = plugin_options(raw)
    theme: dict[str, Any] = raw["theme"] if isinstance(raw.get("theme"), dict) else {}
    content = root / str(options.get("content_dir") or DEFAULT_CONTENT_DIR)
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Settings(
        root=root,
        content_dir=content.resolve(),
        timezone=str(options.get("timezone") or DEFAULT_TIMEZONE),
        site_url=str(raw.get("site_url") or ""),
        docs_dir=(root / str(raw.get("docs_dir") or DEFAULT_DOCS_DIR)).resolve(),
        custom_dir=(root / str(custom_dir)).resolve() if custom_dir else None,
    )


def placeholder_address_problem(site_url: str, environ: Mapping[str, str]) -> str | None:
    """Why a deploy build must stop: the site's address is still the placeholder. None otherwise.

    A deploy is a build with `WLA_DEPLOY=1` (the publishing workflow sets it): feeds,
    calendars, the e-shot and search engines would all point at an address that is not the site.
    """
    if environ.get("WLA_DEPLOY", "") != "1":
        return None
    host = urlsplit(site_url).hostname or ""
    if host and not any(host == name or host.endswith("." + name) for name in _EXAMPLE_DOMAINS):
        return None
    shown = site_url or "empty"
    return (
        f"mkdocs.yml: site_url is {shown}, the placeholder the project ships with, so feeds, calendars "
        "and the e-shot would point to a site that does not exist. Set site_url to the site's real "
        "address, like https://your-organisation.github.io/wla-site/ (MAINTAINING.md says how), "
        "then publish again."
    )
