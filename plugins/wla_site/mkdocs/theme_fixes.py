"""Repairs to Material's own markup, so every finished page passes the Nu HTML Checker.

Material's base template writes markup the checker rejects, outside any block a
theme can override: `autocomplete="off"` on its drawer and search checkboxes (a
Firefox workaround; the attribute is not allowed on checkboxes) and
`tabindex=""` on navigation section labels. Plain replacements of those exact
strings: a regular expression over every page cost a tenth of the build.
"""

from __future__ import annotations

_THEME_REPAIRS = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
    (' tabindex=""', ""),
)


def repair_theme_markup(html: str) -> str:
    """A finished page with the theme's invalid attributes removed."""
    for old, new in _THEME_REPAIRS:
        html = html.replace(old, new)
    return html
