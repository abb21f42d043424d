"""Everything the site publishes beside its pages, and the snippets pages link to it with.

`write_outputs` writes the feeds (`render.feeds`), calendars
(`render.calendar`), e-shot e-mails (`render.eshot`), the provider
directory's filter index, the PNG logo they point to and the share images of
link previews (`render.share_image`, kept in a cache by content so an
unchanged item costs nothing) into the built site folder; `head_html`,
`event_calendar_links` and `subscribe_html` give the MkDocs adapter the HTML
that links pages to those files. This is the one layer that puts the
renderers together; like them, it does not know about MkDocs: it takes a
`Site`, a folder and the site's address.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from wla_site import templating, urls
from wla_site.content.kinds import KINDS
from wla_site.content.models import Event
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME
from wla_site.plan import GeneratedPage
from wla_site.render import calendar, eshot, feeds, metadata, pages, share_image
from wla_site.render.logo import logo_png

__all__ = ["write_outputs", "write_share_images", "head_html", "event_calendar_links", "subscribe_html", "logo_png"]

SHARE_CACHE_DAYS = 30
"""Cached share images unused by any build for this long are removed."""

FEED_FORMATS: dict[str, tuple[str, str]] = {
    "rss": ("application/rss+xml", "RSS feed"),
    "atom": ("application/atom+xml", "Atom feed"),
    "ics": ("text/calendar", "Calendar subscription (.ics)"),
}
"""Each kind of subscription by its address's ending: its media type and its link text."""


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
    files: dict[str, bytes] = {
        feeds.ESHOT_RSS: feeds.eshot_rss(site, site_url),
        feeds.ESHOT_ATOM: feeds.eshot_atom(site, site_url),
        feeds.CASE_STUDY_RSS: feeds.case_study_rss(site, site_url),
        feeds.EVENT_RSS: feeds.event_rss(site, site_url),
        calendar.CALENDAR_PATH: calendar.upcoming_calendar_ics(site, site_url),
    }
    for event in site.events:
        files[calendar.event_ics_path(event)] = calendar.event_ics(site, event, site_url)
    for issue in site.newsletters:
        files[urls.path("newsletter-email", slug=issue.slug)] = eshot.email_html(site, issue, site_url).encode("utf-8")
        files[urls.path("newsletter-text", slug=issue.slug)] = eshot.email_text(site, issue, site_url).encode("utf-8")
    # Drawing the logo takes a moment; a theme that ships the PNG (overrides/) saves it.
    logo = urls.path("logo-png")
    if not (site_dir / logo).is_file():
        files[logo] = logo_png()
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    pages.write_directory_index(site, site_dir)
    return list(files) + write_share_images(site, site_dir, site_url, cache_dir=cache_dir, site_name=site_name)


def write_share_images(site: Site, site_dir: Path, site_url: str, *, cache_dir: Path | None = None,
                       site_name: str = NETWORK_NAME) -> list[str]:
    """Write the share image of every case study, event, e-shot issue and region; return their paths.

    Each image is kept in `cache_dir` under a hash of what it shows, the fonts and the
    drawing's version: a later build copies it instead of drawing it again. Images no
    build has used for SHARE_CACHE_DAYS are removed from the cache.
    """
    written = []
    for card in share_image.all_cards(site, site_url=site_url, site_name=site_name):
        path = urls.path("share-image", kind=card.kind, slug=card.slug)
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not (cache_dir is not None and _copy_cached(card, cache_dir, target)):
            target.write_bytes(share_image.draw(card))
        written.append(path)
    if cache_dir is not None:
        _forget_unused(cache_dir)
    return written


def _copy_cached(card: share_image.ShareCard, cache_dir: Path, target: Path) -> bool:
    """Copy the card's image from the cache to `target`, drawing it into the cache first if needed.

    False when the cache cannot be used (a folder that cannot be written): then draw it directly.
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


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = NETWORK_NAME) -> str:
    """Open Graph and Twitter card meta (with the page's share image), and the page kind's JSON-LD, for a page's `<head>`."""
    if not site_url.endswith("/"):
        site_url += "/"
    return metadata.head_html(site, page, page_url, site_url, title=title, description=description,
                              is_home=is_home, site_name=site_name, image=share_image_of(site, page, site_url, site_name))


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


def event_calendar_links(site: Site, event: Event, page_url: str) -> str:
    """"Add to calendar" links for an event's page: its .ics file, Google Calendar and Outlook.

    Empty for cancelled and postponed events: there is nothing to add.
    """
    if event.status != "scheduled":
        return ""
    return templating.render("event_calendar.html", {
        "u": urls.linker(page_url), "e": event,
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
    return templating.render("subscribe.html", {"u": urls.linker(page_url), "intro": kind.subscribe, "links": links})


def _format(route: str) -> str:
    """The kind of subscription a feed route gives, from its name (`events-rss`, `newsletters-atom`, `calendar`)."""
    return "rss" if route.endswith("-rss") else "atom" if route.endswith("-atom") else "ics"
