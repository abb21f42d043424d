"""Everything the site publishes beside its pages, and the snippets pages link to it with.

`write_outputs` writes the feeds (`render.feeds`: the network's, each
region's and each theme's), calendars (`render.calendar`), e-shot e-mails
(`render.eshot`), the provider directory's filter index and the PNG logo they
point to into the built site folder; `head_html`, `event_calendar_links`,
`subscribe_html` and `subscribe_page_html` give the MkDocs adapter the HTML
that links pages to those files (`wla_site.subscriptions` says which). This is the one
layer that puts the renderers together; like them, it does not know about
MkDocs: it takes a `Site`, a folder and the site's address.
The provider directory's open data (CSV, JSON, Data Package) is `render.open_data`'s.
"""

from __future__ import annotations

import logging
from pathlib import Path

from wla_site import subscriptions, templating, urls
from wla_site.content.models import Event
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME
from wla_site.plan import GeneratedPage
from wla_site.render import calendar, eshot, feeds, metadata, open_data, pages
from wla_site.render.logo import logo_png

__all__ = ["write_outputs", "output_paths", "head_html", "event_calendar_links", "subscribe_html",
           "subscribe_page_html", "logo_png"]


log = logging.getLogger("mkdocs.plugins.wla")
"""MkDocs shows (and counts, for `--strict`) what is logged under its plugins' names; this module does not import MkDocs."""


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
    files: dict[str, bytes] = {}
    writer = feeds.FeedWriter(site, site_url)
    # Each region and theme gets its own feeds and calendar, written from the Site's indexes;
    # an item's feed entry and calendar event are made once, however many of them hold it.
    vevents: dict[str, bytes] = {}
    for feed in (writer.eshot(), writer.case_studies(), writer.events(),
                 *(writer.region(slug) for slug in site.vocabulary.regions),
                 *(writer.theme(slug) for slug in site.vocabulary.themes)):
        for form, path in feed.channel.paths.items():
            files[path] = getattr(writer, form)(feed)
    files[calendar.CALENDAR_PATH] = calendar.upcoming_calendar_ics(site, site_url, vevents)
    for slug in site.vocabulary.regions:
        files[urls.path("region-calendar", slug=slug)] = calendar.region_calendar_ics(site, slug, site_url, vevents)
    for slug in site.vocabulary.themes:
        files[urls.path("theme-calendar", slug=slug)] = calendar.theme_calendar_ics(site, slug, site_url, vevents)
    for event in site.events:
        files[calendar.event_ics_path(event)] = calendar.event_ics(site, event, site_url, vevents)
    for issue in site.newsletters:
        html = eshot.email_html(site, issue, site_url)
        warning = eshot.size_warning(issue, html)
        if warning is not None:
            log.warning(warning)
        files[urls.path("newsletter-email", slug=issue.slug)] = html.encode("utf-8")
        files[urls.path("newsletter-text", slug=issue.slug)] = eshot.email_text(site, issue, site_url).encode("utf-8")
    files.update(open_data.open_data_files(site, site_url))
    # Drawing the logo takes a moment; a theme that ships the PNG (overrides/) saves it.
    logo = urls.path("logo-png")
    if not (site_dir / logo).is_file():
        files[logo] = logo_png()
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    pages.write_directory_index(site, site_dir)
    return list(files)


def output_paths(site: Site) -> list[str]:
    """Every file `write_outputs` publishes beside the pages, from the site root, for checking links to them."""
    writer = feeds.FeedWriter(site, "https://example.org/")
    paths = [path for feed in (writer.eshot(), writer.case_studies(), writer.events(),
                               *(writer.region(slug) for slug in site.vocabulary.regions),
                               *(writer.theme(slug) for slug in site.vocabulary.themes))
             for path in feed.channel.paths.values()]
    paths.append(calendar.CALENDAR_PATH)
    paths += [urls.path("region-calendar", slug=slug) for slug in site.vocabulary.regions]
    paths += [urls.path("theme-calendar", slug=slug) for slug in site.vocabulary.themes]
    paths += [calendar.event_ics_path(event) for event in site.events]
    for issue in site.newsletters:
        paths += [urls.path("newsletter-email", slug=issue.slug), urls.path("newsletter-text", slug=issue.slug)]
    paths += [urls.path("logo-png"), urls.path("providers-csv"), urls.path("providers-json"),
              urls.path("providers-datapackage"), pages.DIRECTORY_INDEX]
    return paths


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = NETWORK_NAME) -> str:
    """A page's `<head>` additions: links to its feeds and calendar, social meta and JSON-LD."""
    if not site_url.endswith("/"):
        site_url += "/"
    meta = metadata.head_html(site, page, page_url, site_url, title=title, description=description,
                              is_home=is_home, site_name=site_name)
    offered = subscriptions.for_page(site, page.kind, page.context) if page is not None else None
    if offered is None:
        return meta
    links = templating.render("head_feeds.html", {"link": urls.linker(page_url), "links": offered.head_links})
    return links + meta


def event_calendar_links(site: Site, event: Event, page_url: str, site_url: str = "") -> str:
    """"Add to calendar" links for an event's page: its .ics file, Google Calendar and Outlook.

    Empty for cancelled and postponed events: there is nothing to add.
    """
    if event.status != "scheduled":
        return ""
    return templating.render("event_calendar.html", {
        "link": urls.linker(page_url), "event": event, "google": calendar.google_calendar_url(site, event),
        "outlook": calendar.outlook_calendar_url(site, event, _slash(site_url) if site_url else ""),
    })


def subscribe_html(site: Site, page: GeneratedPage, site_url: str) -> str:
    """Visible subscribe links for a page that has feeds (a listing, a region, a theme); else empty."""
    offered = subscriptions.for_page(site, page.kind, page.context)
    if offered is None:
        return ""
    return templating.render("subscribe.html", {
        "link": urls.linker(page.url), "sub": offered, "calendar": offered.calendar_links(_slash(site_url)),
        "everything": urls.path("subscribe"),
    })


def subscribe_page_html(site: Site, page: GeneratedPage, site_url: str) -> str:
    """The page "Subscribe": every feed and calendar, grouped, each with what it holds."""
    site_url = _slash(site_url)
    groups = [(heading, [(sub, sub.calendar_links(site_url)) for sub in subs])
              for heading, subs in subscriptions.every(site)]
    return templating.render("subscriptions.html", {"link": urls.linker(page.url), "groups": groups})


def _slash(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"
