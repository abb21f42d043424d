"""Every address the site publishes, in one table, and the ways to write one.

`ROUTES` names each address pattern once (like Pelican's `*_URL` settings):
pages, feeds, calendars, e-mails, images and indexes. Python asks for an
address with `path("case-study", slug="x")` (relative to the site root, as
`case-studies/x/`) or `absolute(site_url, ...)`; templates ask with the
`url_for` global, which writes the address relative to the page being
rendered, so the site works under any base path. No other module or template
spells an address.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from urllib.parse import urljoin

ROUTES: dict[str, str] = {
    # case studies
    "case-studies": "case-studies/",
    "case-study": "case-studies/{slug}/",
    "case-studies-page": "case-studies/page/{number}/",
    "case-studies-index": "case-studies/index.json",
    "case-study-image": "case-studies/{slug}/{name}",
    "case-studies-rss": "case-studies/feed.xml",
    "case-studies-json": "case-studies/feed.json",
    # events
    "events": "events/",
    "event": "events/{slug}/",
    "events-page": "events/page/{number}/",
    "event-ics": "events/{slug}/event.ics",
    "events-rss": "events/feed.xml",
    "events-json": "events/feed.json",
    "calendar": "events/calendar.ics",
    # the e-shot
    "newsletters": "newsletters/",
    "newsletter": "newsletters/{slug}/",
    "newsletter-email": "newsletters/{slug}/email.html",
    "newsletter-text": "newsletters/{slug}/email.txt",
    "newsletters-rss": "newsletters/feed.xml",
    "newsletters-atom": "newsletters/atom.xml",
    "newsletters-json": "newsletters/feed.json",
    # the provider directory
    "providers": "providers/",
    "provider": "providers/{slug}/",
    "providers-page": "providers/page/{number}/",
    "providers-index": "providers/index.json",
    "providers-csv": "providers/providers.csv",
    "providers-json": "providers/providers.json",
    "providers-datapackage": "providers/datapackage.json",
    # resources for WLAs
    "resources": "resources/",
    "resource": "resources/{slug}/",
    "resource-file": "resources/{slug}/{name}",
    "resources-for": "resources/for/{slug}/",
    "resources-format": "resources/format/{slug}/",
    # browsing
    "activity": "activity/",
    "regions": "regions/",
    "region": "regions/{slug}/",
    "region-page": "regions/{slug}/page/{number}/",
    "region-providers": "regions/{slug}/providers/",
    "region-providers-page": "regions/{slug}/providers/page/{number}/",
    "region-rss": "regions/{slug}/feed.xml",
    "region-json": "regions/{slug}/feed.json",
    "region-calendar": "regions/{slug}/calendar.ics",
    "themes": "themes/",
    "theme": "themes/{slug}/",
    "theme-page": "themes/{slug}/page/{number}/",
    "theme-rss": "themes/{slug}/feed.xml",
    "theme-json": "themes/{slug}/feed.json",
    "theme-calendar": "themes/{slug}/calendar.ics",
    # every feed and calendar, in one list
    "subscribe": "subscribe/",
    "search": "search/",
    "search-index": "search-index/",
    # the brand
    "logo-png": "assets/images/logo.png",
    "share-image": "share/{kind}/{slug}.png",
}
"""Each address the site has, by name, relative to the site root."""


def path(route: str, **params: object) -> str:
    """The address called `name`, relative to the site root: `path("event", slug="x")` is `events/x/`."""
    try:
        pattern = ROUTES[route]
    except KeyError:
        raise KeyError(f'no address is called "{route}"; the names are in wla_site.urls.ROUTES') from None
    return pattern.format(**params)


def webcal(url: str) -> str:
    """A calendar's full address as calendar apps subscribe to it: `webcal://` instead of `https://`."""
    return "webcal://" + url.split("://", 1)[1]


def source_uri(url: str, *, listing: bool) -> str:
    """The in-memory Markdown file MkDocs publishes at `url`: `x/index.md` for listings, `x.md` for items."""
    stem = url.rstrip("/")
    return f"{stem}/index.md" if listing else f"{stem}.md"


def absolute(site_url: str, route: str, **params: object) -> str:
    """The full address called `name`, for what is read away from the site (feeds, calendars, e-mail)."""
    return site_url + path(route, **params)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def relative_url(from_url: str, to_url: str) -> str:
    """`to_url` (relative to the site root) as seen from the page at `from_url`.

    Every generated page is a folder (`case-studies/x/`), so going up to the root is one
    `../` for each folder: no path arithmetic, which thousands of links a build make costly.
    """
    if _SCHEME.match(to_url) or to_url.startswith("#"):
        return to_url
    folder = from_url if from_url.endswith("/") else from_url.rpartition("/")[0] + "/"
    target = to_url.lstrip("/")
    if folder != "/" and target.startswith(folder):
        return target[len(folder):] or "./"  # a file beside the page, or the page itself
    up = "../" * folder.strip("/").count("/") + ("../" if folder.strip("/") else "")
    return (up + target) or "./"


def linker(page_url: str) -> Callable[[str], str]:
    """A function writing root-relative addresses as seen from the page at `page_url`."""
    return lambda target: relative_url(page_url, target)


def absolute_linker(site_url: str) -> Callable[[str], str]:
    """A function writing root-relative addresses in full, for feeds and e-mail."""
    return lambda target: target if _SCHEME.match(target) else site_url + target.lstrip("/")


_ROOT_LINK = re.compile(r'(<a\s[^>]*?href=")/(?!/)')


def rebase_root_links(html: str, prefix: str) -> str:
    """Links a contributor wrote from the site root (`/case-studies/x/`) made to work from here."""
    return _ROOT_LINK.sub(lambda m: m.group(1) + prefix, html)


_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*/?>""")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src))="([^"]*)"')


def absolute_links(html: str, base_url: str, site_url: str) -> str:
    """Every `href` and `src` in cleaned HTML made a full address.

    Contributors write links from the site root (`/case-studies/x/`, meaning the
    site's own root, wherever it is served) or from their page (`../x/`,
    `#part`); outside the site both must be full addresses.
    """

    def attribute(match: re.Match[str]) -> str:
        target = html_lib.unescape(match.group(2)).strip()
        if target.startswith("/") and not target.startswith("//"):
            target = site_url + target.lstrip("/")
        else:
            target = urljoin(base_url, target)
        return f'{match.group(1)}="{html_lib.escape(target, quote=True)}"'

    return _TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(attribute, tag.group(0)), html)
