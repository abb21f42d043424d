"""Everything the site publishes beside its pages, and the snippets pages link to it with.

`write_outputs` writes the feeds (`render.feeds`), calendars
(`render.calendar`), e-shot e-mails (`render.eshot`), the provider
directory's filter index and the PNG logo they point to into the built site
folder; `head_html`, `event_calendar_links` and `subscribe_html` give the
MkDocs adapter the HTML that links pages to those files. This is the one
layer that puts the renderers together; like them, it does not know about
MkDocs: it takes a `Site`, a folder and the site's address.
The provider directory's open data (CSV, JSON, Data Package) is `render.open_data`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from wla_site import templating, urls
from wla_site.content.kinds import KINDS
from wla_site.content.models import Event, NewsletterIssue
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME
from wla_site.plan import GeneratedPage
from wla_site.render import calendar, eshot, feeds, metadata, open_data, pages
from wla_site.render.logo import logo_png

__all__ = ["write_outputs", "output_paths", "head_html", "event_calendar_links", "subscribe_html", "logo_png"]

FEED_FORMATS: dict[str, tuple[str, str]] = {
    "rss": ("application/rss+xml", "RSS feed"),
    "atom": ("application/atom+xml", "Atom feed"),
    "ics": ("text/calendar", "Calendar subscription (.ics)"),
}
"""Each kind of subscription by its address's ending: its media type and its link text."""


def write_outputs(site: Site, site_dir: Path, site_url: str) -> list[str]:
    """Write every feed, calendar, e-shot e-mail and index into `site_dir`; return their paths from the site root.

    `site_url` is the site's full address ending in "/": feeds, calendars and
    e-mails are read away from the site, so every link in them is absolute.
    """
    if not site_url or "://" not in site_url:
        raise ValueError("site_url must be the site's full address, like https://example.org/")
    if not site_url.endswith("/"):
        site_url += "/"
    site_dir = Path(site_dir)
    files = _outputs(site, site_url)
    # Drawing the logo takes a moment; a theme that ships the PNG (overrides/) saves it.
    logo = urls.path("logo-png")
    if (site_dir / logo).is_file():
        del files[logo]
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content())
    pages.write_directory_index(site, site_dir)
    return list(files)


def output_paths(site: Site) -> list[str]:
    """Every file `write_outputs` publishes beside the pages, from the site root (nothing is rendered)."""
    return [*_outputs(site, "https://example.org/"), pages.DIRECTORY_INDEX]


def _outputs(site: Site, site_url: str) -> dict[str, Callable[[], bytes]]:
    """Each file published beside the pages, by its path, with the function that makes it."""
    files: dict[str, Callable[[], bytes]] = {
        feeds.ESHOT_RSS: partial(feeds.eshot_rss, site, site_url),
        feeds.ESHOT_ATOM: partial(feeds.eshot_atom, site, site_url),
        feeds.CASE_STUDY_RSS: partial(feeds.case_study_rss, site, site_url),
        feeds.EVENT_RSS: partial(feeds.event_rss, site, site_url),
        calendar.CALENDAR_PATH: partial(calendar.upcoming_calendar_ics, site, site_url),
    }
    for event in site.events:
        files[calendar.event_ics_path(event)] = partial(calendar.event_ics, site, event, site_url)
    for issue in site.newsletters:
        files[urls.path("newsletter-email", slug=issue.slug)] = partial(_utf8, eshot.email_html, site, issue, site_url)
        files[urls.path("newsletter-text", slug=issue.slug)] = partial(_utf8, eshot.email_text, site, issue, site_url)
    files[urls.path("logo-png")] = logo_png
    for path, data in open_data.open_data_files(site, site_url).items():
        files[path] = partial(bytes, data)
    return files


def _utf8(render: Callable[[Site, NewsletterIssue, str], str], site: Site, issue: NewsletterIssue, site_url: str) -> bytes:
    return render(site, issue, site_url).encode("utf-8")


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = NETWORK_NAME) -> str:
    """Open Graph and Twitter card meta, and the page kind's JSON-LD, for a page's `<head>`."""
    if not site_url.endswith("/"):
        site_url += "/"
    return metadata.head_html(site, page, page_url, site_url, title=title, description=description,
                              is_home=is_home, site_name=site_name)


def event_calendar_links(site: Site, event: Event, page_url: str) -> str:
    """"Add to calendar" links for an event's page: its .ics file, Google Calendar and Outlook.

    Empty for cancelled and postponed events: there is nothing to add.
    """
    if event.status != "scheduled":
        return ""
    return templating.render("event_calendar.html", {
        "link": urls.linker(page_url), "event": event,
        "google": calendar.google_calendar_url(site, event), "outlook": calendar.outlook_calendar_url(site, event),
    })


def subscribe_html(listing: str, page_url: str) -> str:
    """Visible subscribe links for a listing page, by its kind's listing route (`events`)."""
    kind = next((k for k in KINDS if k.listing_route == listing and (k.feed_routes or k.calendar_route)), None)
    if kind is None:
        raise ValueError(f'"{listing}" has no feeds: use one of '
                         + ", ".join(k.listing_route for k in KINDS if k.feed_routes or k.calendar_route))
    routes = [*kind.feed_routes, *([kind.calendar_route] if kind.calendar_route else [])]
    links = [(route, *FEED_FORMATS[_format(route)]) for route in routes]
    return templating.render("subscribe.html", {"link": urls.linker(page_url), "intro": kind.subscribe, "links": links})


def _format(route: str) -> str:
    """The kind of subscription a feed route gives, from its name (`events-rss`, `newsletters-atom`, `calendar`)."""
    return "rss" if route.endswith("-rss") else "atom" if route.endswith("-atom") else "ics"
