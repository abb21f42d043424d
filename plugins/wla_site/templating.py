"""The one Jinja environment every renderer draws its markup from.

Pages, home-page blocks, feed items and the e-shot's e-mail are templates in
`render/templates/`, rendered here with autoescaping on (plain-text templates,
`*.txt`, are the one exception: they are not HTML). Templates write addresses
with `url_for("case-study", slug=c.slug)`, which asks `wla_site.urls` and
writes the address as the context's `u` linker wants it: relative to the page
for the site, absolute for what travels (feeds, e-mail). No Python module
builds HTML by joining strings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from wla_site import formatting, urls


@pass_context
def url_for(context: Context, route: str, **params: object) -> str:
    """The address called `name` (a `urls.ROUTES` name), written as this render's `u` linker writes it."""
    return str(context["u"](urls.path(route, **params)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The package's templates: autoescaped, strict about undefined names, with the UK formatting filters."""
    env = Environment(
        loader=PackageLoader("wla_site", "render/templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), disabled_extensions=("txt",),
                                     default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        ukdate=formatting.uk_date,
        event_when=formatting.event_when,
        display_url=formatting.display_url,
        size_label=formatting.size_label,
        delivery_label=formatting.delivery_label,
        delivery_list=formatting.delivery_list,
        tel=formatting.tel,
    )
    env.globals["url_for"] = url_for
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """One template rendered with `context` (which must hold a `u` linker for `url_for`)."""
    return environment().get_template(template).render(context)
