"""Everything the site publishes beside its pages, and the snippets pages link to it with.

`write_outputs` writes the feeds (`render.feeds`: the network's, each
region's and each theme's), calendars (`render.calendar`), e-shot e-mails
(`render.eshot`), the listings' filter indexes and the PNG logo they
point to into the built site folder; `head_html`, `event_calendar_links`,
`subscribe_html` and `subscribe_page_html` give the MkDocs adapter the HTML
that links pages to those files (`wla_site.subscriptions` says which). This is the one
layer that puts the renderers together; like them, it does not know about
MkDocs: it takes a `Site`, a folder and the site's address.
The provider directory's open data (CSV, JSON, Data Package) is `render.open_data`'s.
Share images of link previews are `render.share_image`'s, kept in a cache by content so an
unchanged item costs nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from wla_site import subscriptions, templating, urls
from wla_site.content.models import Event
from wla_site.content.site import Site
from wla_site.figures.logo import logo_png
from wla_site.formatting import NETWORK_NAME
from wla_site.plan import GeneratedPage
from wla_site.render import calendar, eshot, feeds, metadata, open_data, pages, share_image

__all__ = ["write_outputs", "write_share_images", "output_paths", "head_html", "event_calendar_links",
           "subscribe_html", "subscribe_page_html", "logo_png"]

SHARE_CACHE_DAYS = 30
"""Cached share images unused by any build for this long are removed."""


log = logging.getLogger("mkdocs.plugins.wla")
"""MkDocs shows (and counts, for `--strict`) what is logged under its plugins' names; this module does not import MkDocs."""


def write_outputs(site: Site, site_dir: Path, site_url: str, *, cache_dir: Path | None = None,
                  site_name: str = NETWORK_NAME) -> list[str]:
    """Write every feed, calendar, e-shot e-mail, index and share image into `site_dir`; return their paths from the site root.

    `site_url` is the site's full address ending in "/": feeds, calendars and
    e-mails are read away from the site, so every link in them is absolute.
    Share images already drawn are copied from `cache_dir` (drawn every time without one).
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
    pages.write_filter_indexes(site, site_dir)
    return list(files) + write_share_images(site, site_dir, site_url, cache_dir=cache_dir, site_name=site_name)


def write_share_images(site: Site, site_dir: Path, site_url: str, *, cache_dir: Path | None = None,
                       site_name: str = NETWORK_NAME) -> list[str]:
    """Write the share image of every case study, event, e-shot issue and region; return their paths.

    Each image is kept in `cache_dir` under a hash of what it shows, the fonts and the
    drawing's version: a later build copies it instead of drawing it again. Images no
    build has used for SHARE_CACHE_DAYS are removed from the cache.
    """
    written = []
    folders: set[Path] = set()
    for card in share_image.all_cards(site, site_url=site_url, site_name=site_name):
        path = urls.path("share-image", kind=card.kind, slug=card.slug)
        target = Path(site_dir) / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if not (cache_dir is not None and _copy_cached(card, cache_dir, target)):
            target.write_bytes(share_image.draw(card))
        written.append(path)
    if cache_dir is not None:
        _forget_unused(cache_dir)
    return written


def _copy_cached(card: share_image.ShareCard, cache_dir: Path, target: Path) -> bool:
    """Put the card's image from the cache at `target`, drawing it into the cache first if needed.

    The image is hard-linked where the file system allows (one call instead of a copy: at
    thousands of images that is most of their cost), else copied. Nothing writes to a built
    site's files, so the cache and the site can share them. False when the cache cannot be
    used (a folder that cannot be written): then draw it directly.
    """
    cached = cache_dir / f"{share_image.fingerprint(card)}.png"
    try:
        if cached.is_file():
            os.utime(cached)  # in use: keep it
        else:
            cache_dir.mkdir(parents=True, exist_ok=True)
            part = cached.with_name(f"{cached.stem}.{os.getpid()}.part")
            part.write_bytes(share_image.draw(card))
            os.replace(part, cached)  # whole or not at all, even with two builds at once
        try:
            os.link(cached, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(cached, target)
    except OSError:
        return False
    return True


def _forget_unused(cache_dir: Path) -> None:
    cutoff = time.time() - SHARE_CACHE_DAYS * 86400
    try:
        for entry in os.scandir(cache_dir):
            if entry.name.endswith((".png", ".part")) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
    except OSError:
        pass


def output_paths(site: Site) -> list[str]:
    """Every file `write_outputs` publishes beside the pages, from the site root, for checking links to them.

    Addresses only: nothing is rendered, so `wla check` stays quick however big the site is.
    """
    paths = [link.path for _, group in subscriptions.every(site) for offered in group
             for link in (*offered.feeds, *([offered.calendar] if offered.calendar else []))]
    paths += [calendar.event_ics_path(event) for event in site.events]
    for issue in site.newsletters:
        paths += [urls.path("newsletter-email", slug=issue.slug), urls.path("newsletter-text", slug=issue.slug)]
    paths += [urls.path("logo-png"), urls.path("providers-csv"), urls.path("providers-json"),
              urls.path("providers-datapackage"), *pages.filter_index_paths()]
    paths += [urls.path("share-image", kind=card.kind, slug=card.slug)
              for card in share_image.all_cards(site, site_url="https://example.org/")]
    return paths


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = NETWORK_NAME) -> str:
    """A page's `<head>` additions: links to its feeds and calendar, social meta (with its share image) and JSON-LD."""
    if not site_url.endswith("/"):
        site_url += "/"
    meta = metadata.head_html(site, page, page_url, site_url, title=title, description=description,
                              is_home=is_home, site_name=site_name, image=share_image_of(site, page, site_url, site_name))
    offered = subscriptions.for_page(site, page.kind, page.context) if page is not None else None
    if offered is None:
        return meta
    links = templating.render("head_feeds.html", {"link": urls.linker(page_url), "links": offered.head_links})
    return links + meta


def share_image_of(site: Site, page: GeneratedPage | None, site_url: str,
                   site_name: str = NETWORK_NAME) -> metadata.SocialImage | None:
    """The share image `write_share_images` writes for this page, if it has one."""
    if page is None:
        return None
    region = page.context.get("region") if page.kind == "region" else None
    card = share_image.card_for(site, page.item, site_url=site_url, site_name=site_name, region=region)
    if card is None:
        return None
    url = urls.absolute(site_url, "share-image", kind=card.kind, slug=card.slug)
    return metadata.SocialImage(url, card.alt, share_image.WIDTH, share_image.HEIGHT)


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
