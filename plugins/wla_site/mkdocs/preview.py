"""A quick preview of one content file: `wla preview case_studies/<slug>.md`.

A full build reads and renders every item; a contributor checking their own
story needs one page. The preview runs MkDocs with a small config that
inherits the project's own `mkdocs.yml` and changes only the `wla` plugin's
`only` option, so the site holds
that one item with its listing and its card on the home page, drafts included.
`mkdocs serve` then rebuilds it whenever the file is saved (the plugin watches
the content folders). It lives with the MkDocs adapter because it runs MkDocs;
the `wla` command calls it.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from wla_site.content.kinds import BY_FOLDER
from wla_site.content.problems import ContentError
from wla_site.project import load_project
from wla_site.settings import read_settings

PLUGIN = "wla"
PREVIEW_CONFIG_PREFIX = ".wla-preview-"


def preview_path(root: Path, path: str) -> str | None:
    """`path` relative to `root` with forward slashes, if it names a content file there."""
    given = Path(path)
    full = given if given.is_absolute() else (Path.cwd() / given)
    for candidate in (full, root / given):
        try:
            rel = candidate.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        if candidate.is_file() and rel.parent.as_posix() in BY_FOLDER:
            return rel.as_posix()
    return None


def check(root: Path, rel: str) -> str | None:
    """The plain-English report of the file's problems, or None if it is fine."""
    try:
        load_project(read_settings(root), include_drafts=True, only=rel)
    except ContentError as error:
        return error.problems.report()
    return None


def preview_plugins(config_file: Path, rel: str) -> list[Any]:
    """The `plugins:` list of mkdocs.yml with the `wla` plugin told to build only `rel`."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as stream:
        raw = yaml_load(stream) or {}
    plugins: list[Any] = list(raw.get("plugins") or ["search"])
    if isinstance(raw.get("plugins"), dict):
        plugins = [{name: options} for name, options in raw["plugins"].items()]
    out: list[Any] = []
    found = False
    for entry in plugins:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name == PLUGIN:
            options = {**(options or {}), "only": rel}
            found = True
            out.append({name: options})
        else:
            out.append(entry)
    if not found:
        out.append({PLUGIN: {"only": rel}})
    return out


def preview_config(root: Path, rel: str) -> Path:
    """Write the preview's config beside mkdocs.yml: it inherits everything and changes the plugins.

    It must sit in the same folder as mkdocs.yml, because MkDocs reads `docs_dir`
    and the theme's `custom_dir` relative to the file it was given. The name is
    hidden and ignored by git; the caller deletes it when the preview ends.
    """
    import yaml

    path = root / f"{PREVIEW_CONFIG_PREFIX}{os.getpid()}.yml"
    text = "# Written by `wla preview` while it runs; safe to delete.\n" + yaml.safe_dump(
        {"INHERIT": "mkdocs.yml", "plugins": preview_plugins(root / "mkdocs.yml", rel)},
        sort_keys=False, allow_unicode=True,
    )
    path.write_text(text, encoding="utf-8")
    return path


def build(root: Path, rel: str, site_dir: Path) -> float:
    """Build the preview once into `site_dir`; return the seconds it took."""
    import time

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    _quiet_mkdocs_2_notice()
    started = time.perf_counter()
    config_file = preview_config(root, rel)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        config_file.unlink(missing_ok=True)
    return time.perf_counter() - started


def serve(root: Path, rel: str, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    """Serve the preview until Ctrl+C, rebuilding when a content file is saved."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _quiet_mkdocs_2_notice()
    _show_mkdocs_messages()
    config_file = preview_config(root, rel)
    # Stopped by a signal rather than Ctrl+C, stop the same way, so the config file is removed.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        mkdocs_serve(
            config_file=str(config_file),
            dev_addr=dev_addr,
            open_in_browser=open_in_browser,
            livereload=True,
            watch=[str(root / "mkdocs.yml")],
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
        config_file.unlink(missing_ok=True)


def _interrupt(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough; let the shutdown finish
    raise KeyboardInterrupt


def _quiet_mkdocs_2_notice() -> None:
    # Material prints a notice about MkDocs 2 on every run; it is not for contributors.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _show_mkdocs_messages() -> None:
    """Print MkDocs' progress lines ("Serving on http://...") as its own command would."""
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
