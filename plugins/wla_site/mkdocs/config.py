"""Options of the `wla` MkDocs plugin, as set under `plugins: - wla:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from wla_site.settings import DEFAULT_CONTENT_DIR, DEFAULT_TIMEZONE


class WlaConfig(base.Config):
    content_dir = c.Type(str, default=DEFAULT_CONTENT_DIR)
    """Folder holding `case_studies/`, `events/`, `newsletters/`, `providers/` and
    `vocabulary.yml`, relative to mkdocs.yml."""

    timezone = c.Type(str, default=DEFAULT_TIMEZONE)
    """Time zone of event times written without an offset."""

    drafts_in_serve = c.Type(bool, default=True)
    """Show draft case studies and e-shot issues in `mkdocs serve` (never in `mkdocs build`)."""

    atomic_build = c.Type(bool, default=True)
    """Build into a temporary folder and swap it into place only when the build
    succeeds, so a failed build leaves the last good site untouched."""

    only = c.Optional(c.Type(str))
    """Build just this one content file (like `case_studies/x.md`) with its listing
    and home-page card: the fast preview behind `wla preview`."""
