"""The one Jinja environment every renderer draws its markup from.

Pages, home-page blocks, feed items and the e-shot's e-mail are templates in
`render/templates/`, rendered here with autoescaping on (plain-text templates,
`*.txt`, are the one exception: they are not HTML). Templates write addresses
with `url_for("case-study", slug=case.slug)`, which asks `wla_site.urls` and
writes the address as the context's `link` function wants it: relative to the
page for the site, absolute for what travels (feeds, e-mail). No Python module
builds HTML by joining strings. A kind of content declared outside the package
brings its templates in a folder of its own (`add_template_folder`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from wla_site import formatting, urls
from wla_site.content import resource


@pass_context
def url_for(context: Context, route: str, **params: object) -> str:
    """The address called `route` (a `urls.ROUTES` name), written as this render's `link` function writes it."""
    return str(context["link"](urls.path(route, **params)))




@lru_cache(maxsize=1)
def environment() -> Environment:
    """The package's templates: autoescaped, strict about undefined names, with the UK formatting filters."""
    env = Environment(
        loader=_loader(),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), disabled_extensions=("txt",),
                                     default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        ukdate=formatting.uk_date,
        month_year=formatting.month_year,
        event_when=formatting.event_when,
        display_url=formatting.display_url,
        size_label=formatting.size_label,
        delivery_label=formatting.delivery_label,
        delivery_list=formatting.delivery_list,
        tel=formatting.tel,
        mid_sentence=formatting.mid_sentence,
        file_size=resource.size_text,
    )
    env.globals["url_for"] = url_for
    env.globals.update(audiences=resource.AUDIENCES, formats=resource.FORMATS, licences=resource.LICENCES)
    env.globals["open_data_licence"] = formatting.OPEN_DATA_LICENCE
    return env


_FOLDERS: list[Path] = []
"""Template folders added to the package's own, in the order they were added."""


def _loader() -> ChoiceLoader:
    # The package's templates come first: an added folder adds templates, it does not replace them.
    return ChoiceLoader([PackageLoader("wla_site", "render/templates"), *(FileSystemLoader(f) for f in _FOLDERS)])


def add_template_folder(folder: Path) -> None:
    """Let templates be found in `folder` too: where a kind added from outside the package keeps its own."""
    folder = Path(folder).resolve()
    if folder not in _FOLDERS:
        _FOLDERS.append(folder)
        environment().loader = _loader()


def render(template: str, context: dict[str, Any]) -> str:
    """One template rendered with `context` (which must hold a `link` function for `url_for`)."""
    return environment().get_template(template).render(context)
