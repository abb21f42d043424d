"""What search engines and link previews read: JSON-LD, Open Graph and Twitter cards.

Each page kind gets the schema.org type search engines look for: `Event` for
events (with place or online location, status, attendance mode, organiser
and booking offer), `Article` for case studies and e-shot issues,
`EducationalOrganization` for learning providers, and the network's
`Organization` and `WebSite` on the home page. Every value comes from the
validated models, and the JSON is escaped so that no content, however
hostile, can close the script element it sits in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from wla_site import templating, urls
from wla_site.content.models import CaseStudy, Event, NewsletterIssue, Provider
from wla_site.content.recurrence import Occurrence
from wla_site.content.site import Site
from wla_site.formatting import LOGO_SIZE, NETWORK_NAME, local_start_end
from wla_site.plan import GeneratedPage

LOCALE = "en_GB"
LANGUAGE = "en-GB"
SCHEMA = "https://schema.org/"

_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
_PRICE = re.compile(r"£\s*(\d+(?:\.\d{1,2})?)")
_FREE = re.compile(r"(?i)^\s*(free|no charge|no cost|£\s*0(\.0+)?\b)")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped, so nothing breaks out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _logo(site_url: str) -> dict[str, Any]:
    return {"@type": "ImageObject", "url": urls.absolute(site_url, "logo-png"), "width": LOGO_SIZE, "height": LOGO_SIZE}


def network(site_url: str, site_name: str = NETWORK_NAME) -> dict[str, Any]:
    """The network as a schema.org Organization (publisher of everything on the site)."""
    return {"@type": "Organization", "@id": site_url + "#organisation", "name": site_name,
            "url": site_url, "logo": _logo(site_url)}


def _postal_address(street: str | None, town: str, postcode: str | None) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = street
    address["addressLocality"] = town
    if postcode:
        address["postalCode"] = postcode
    address["addressCountry"] = "GB"
    return address


def _price(cost: str | None) -> str | None:
    """A price in pounds when the cost says one plainly ("Free", "No charge", "£25"), else None.

    When it names several ("£25 for employers; free for WLAs"), the first is the offer's.
    """
    if cost is None:
        return None
    if _FREE.match(cost):
        return "0"
    match = _PRICE.search(cost)
    if match is None:
        return None
    pounds = match.group(1)
    return "0" if float(pounds) == 0 else pounds


def _availability(site: Site, event: Event) -> str:
    """Whether a place can be booked: yes while the event is on and to come; never once it is cancelled."""
    if event.status == "cancelled":
        return "Discontinued"
    if event.status == "postponed" or not site.is_upcoming(event):
        return "OutOfStock"
    return "InStock"


def event_data(site: Site, event: Event, site_url: str, site_name: str = NETWORK_NAME,
               occurrence: Occurrence | None = None) -> dict[str, Any]:
    """schema.org Event, with what search engines require (name, startDate, location) and recommend.

    For one date of a repeating event, give its `occurrence`: its dates replace the event's.
    """
    page = urls.absolute(site_url, "event", slug=event.slug)
    if occurrence is None:
        start, end = local_start_end(site.timezone, event)
        anchor = "#event"
    else:
        start = occurrence.start.astimezone(site.timezone) if isinstance(occurrence.start, datetime) else occurrence.start
        end = _local(site, occurrence.end)
        anchor = f"#event-{occurrence.original.isoformat()[:10]}"
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": page + anchor,
        "name": event.title,
        "description": event.summary,
        "url": page,
        # ISO 8601: a date alone for all-day events, else a local time with its UTC offset.
        "startDate": start.isoformat(),
    }
    if end is not None:
        data["endDate"] = end.isoformat()
    elif not isinstance(start, datetime):
        data["endDate"] = start.isoformat()  # an all-day event without an end lasts that day
    data["eventStatus"] = SCHEMA + _STATUS[event.status]
    previous = occurrence.original if occurrence is not None and occurrence.moved else event.moved_from
    if previous is not None and event.status == "scheduled":
        # Moved to a new date: search engines show the new one and say it changed.
        data["eventStatus"] = SCHEMA + "EventRescheduled"
        data["previousStartDate"] = _local(site, previous).isoformat()  # type: ignore[union-attr]
    places: list[dict[str, Any]] = []
    if event.location is not None:
        where = event.location
        places.append({"@type": "Place", "name": where.venue,
                       "address": _postal_address(where.address, where.town, where.postcode)})
    if event.online is not None:
        shown = event.online if event.status == "scheduled" and site.is_upcoming(event) else page
        places.append({"@type": "VirtualLocation", "url": shown})
    data["location"] = places[0] if len(places) == 1 else places
    mode = "Mixed" if len(places) == 2 else ("Online" if event.location is None else "Offline")
    data["eventAttendanceMode"] = f"{SCHEMA}{mode}EventAttendanceMode"
    data["image"] = [urls.absolute(site_url, "logo-png")]
    data["organizer"] = {"@type": "Organization", "name": event.organiser, "url": site_url}
    offer: dict[str, Any] = {"@type": "Offer", "url": event.booking if event.booking and not event.booking.startswith("mailto:") else page}
    price = _price(event.cost)
    if price is not None:
        offer["price"] = price
        offer["priceCurrency"] = "GBP"
    offer["availability"] = SCHEMA + _availability(site, event)
    data["offers"] = offer
    if price == "0":
        data["isAccessibleForFree"] = True
    data["inLanguage"] = LANGUAGE
    return data


def _local(site: Site, value: date | datetime | None) -> date | datetime | None:
    return value.astimezone(site.timezone) if isinstance(value, datetime) else value


def events_data(site: Site, event: Event, site_url: str, site_name: str = NETWORK_NAME) -> list[dict[str, Any]]:
    """A repeating event as one schema.org Event for each date its page lists; a one-off event as one."""
    if event.schedule is None:
        return [event_data(site, event, site_url, site_name)]
    return [event_data(site, event, site_url, site_name, o) for o in event.listed_occurrences]


def _article(site_url: str, page: str, headline: str, description: str, published: date,
             author: list[dict[str, Any]] | dict[str, Any], images: list[str], site_name: str) -> dict[str, Any]:
    return {
        "@context": SCHEMA,
        "@type": "Article",
        "@id": page + "#article",
        "mainEntityOfPage": page,
        "url": page,
        "headline": headline if len(headline) <= 110 else headline[:109].rstrip() + "…",
        "description": description,
        "datePublished": published.isoformat(),
        "dateModified": published.isoformat(),
        "author": author,
        "publisher": network(site_url, site_name),
        "image": images,
        "inLanguage": LANGUAGE,
    }


def case_study_image(case: CaseStudy, site_url: str) -> str | None:
    """The absolute address the plugin copies a case study's image to, if it has one."""
    if case.image is None:
        return None
    return urls.absolute(site_url, "case-study-image", slug=case.slug, name=case.image.file_name)


def case_study_data(site: Site, case: CaseStudy, site_url: str, site_name: str = NETWORK_NAME) -> dict[str, Any]:
    page = urls.absolute(site_url, "case-study", slug=case.slug)
    authors = []
    for person in case.authors:
        author: dict[str, Any] = {"@type": "Person", "name": person.name}
        if person.role:
            author["jobTitle"] = person.role
        authors.append(author)
    image = case_study_image(case, site_url)
    data = _article(site_url, page, case.title, case.summary, case.date, authors,
                    [image] if image else [urls.absolute(site_url, "logo-png")], site_name)
    data["about"] = {"@type": "Organization", "name": case.organisation.name,
                     **({"url": case.organisation.website} if case.organisation.website else {})}
    data["keywords"] = [site.label("themes", t) for t in case.themes]
    return data


def newsletter_data(site: Site, issue: NewsletterIssue, site_url: str, site_name: str = NETWORK_NAME) -> dict[str, Any]:
    page = urls.absolute(site_url, "newsletter", slug=issue.slug)
    author = {"@type": "Organization", "@id": site_url + "#organisation", "name": site_name, "url": site_url}
    return _article(site_url, page, issue.title, issue.summary, issue.date, author, [urls.absolute(site_url, "logo-png")], site_name)


def provider_data(site: Site, provider: Provider, site_url: str) -> dict[str, Any]:
    page = urls.absolute(site_url, "provider", slug=provider.slug)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "EducationalOrganization",
        "@id": page + "#organisation",
        "name": provider.name,
        "description": provider.summary,
        "url": provider.website,
        "mainEntityOfPage": page,
    }
    if provider.email:
        data["email"] = provider.email
    if provider.phone:
        data["telephone"] = provider.phone
    if provider.address is not None:
        data["address"] = _postal_address(provider.address.street, provider.address.town, provider.address.postcode)
    data["areaServed"] = [
        {"@type": "Country", "name": "United Kingdom"} if region == "national"
        else {"@type": "AdministrativeArea", "name": site.label("regions", region)}
        for region in provider.regions
    ]
    data["knowsAbout"] = [site.label("offers", o) for o in provider.offers]
    return data


def home_data(site_url: str, site_name: str, description: str) -> dict[str, Any]:
    organisation = network(site_url, site_name)
    if description:
        organisation["description"] = description
    return {
        "@context": SCHEMA,
        "@graph": [
            organisation,
            {"@type": "WebSite", "@id": site_url + "#website", "name": site_name, "url": site_url,
             "inLanguage": LANGUAGE, "publisher": {"@id": site_url + "#organisation"}},
        ],
    }


def page_data(site: Site, page: GeneratedPage | None, site_url: str, *, is_home: bool,
              site_name: str = NETWORK_NAME, description: str = "") -> dict[str, Any] | list[dict[str, Any]] | None:
    """The JSON-LD of a page (a list for a repeating event's dates), or None for pages that describe nothing in particular."""
    item = page.item if page is not None else None
    if is_home:
        return home_data(site_url, site_name, description)
    if isinstance(item, Event):
        found = events_data(site, item, site_url, site_name)
        return found[0] if len(found) == 1 else found
    if isinstance(item, CaseStudy):
        return case_study_data(site, item, site_url, site_name)
    if isinstance(item, NewsletterIssue):
        return newsletter_data(site, item, site_url, site_name)
    if isinstance(item, Provider):
        return provider_data(site, item, site_url)
    return None


_Meta = tuple[str, str, str]


@dataclass(frozen=True)
class SocialImage:
    """The picture a link preview shows: its full address, alt text and size in pixels."""

    url: str
    alt: str
    width: int
    height: int


def _meta(attribute: str, name: str, content: str) -> _Meta:
    return (attribute, name, content)


def social_meta(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
                description: str, site_name: str = NETWORK_NAME, image: SocialImage | None = None) -> list[_Meta]:
    """Open Graph and Twitter card tags for a page: (attribute, name, content) of each `<meta>`.

    `image` is the page's own share image when it has one; otherwise a case study shows its
    photo, and other pages the logo.
    """
    item = page.item if page is not None else None
    logo = urls.absolute(site_url, "logo-png")
    if image is None:
        image = SocialImage(logo, f"The {site_name} logo", LOGO_SIZE, LOGO_SIZE)
        if isinstance(item, CaseStudy) and item.image is not None:  # a photo of a size not known here
            image = SocialImage(case_study_image(item, site_url) or logo, item.image.alt, 0, 0)
    large = image.url != logo
    kind = "article" if isinstance(item, (CaseStudy, NewsletterIssue)) else "website"
    tags = [
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:locale", LOCALE),
        _meta("property", "og:type", kind),
        _meta("property", "og:title", title),
        _meta("property", "og:url", site_url + page_url.lstrip("/")),
        _meta("property", "og:image", image.url),
        _meta("property", "og:image:alt", image.alt),
    ]
    if description:
        tags.insert(4, _meta("property", "og:description", description))
    if image.width:
        tags += [_meta("property", "og:image:width", str(image.width)),
                 _meta("property", "og:image:height", str(image.height))]
    if isinstance(item, (CaseStudy, NewsletterIssue)):
        tags.append(_meta("property", "article:published_time", item.date.isoformat()))
    tags += [
        _meta("name", "twitter:card", "summary_large_image" if large else "summary"),
        _meta("name", "twitter:title", title),
    ]
    if description:
        tags.append(_meta("name", "twitter:description", description))
    tags += [_meta("name", "twitter:image", image.url), _meta("name", "twitter:image:alt", image.alt)]
    return tags


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = NETWORK_NAME, image: SocialImage | None = None) -> str:
    """Everything this module adds to a page's `<head>`: social meta, then JSON-LD if the page has any."""
    tags = social_meta(site, page, page_url, site_url, title=title, description=description, site_name=site_name,
                       image=image)
    data = page_data(site, page, site_url, is_home=is_home, site_name=site_name, description=description)
    # One script for each thing described (each date of a repeating event has its own).
    # script_json escapes `<`, `>` and `&`: the JSON is safe to place as it is.
    found = [] if data is None else data if isinstance(data, list) else [data]
    scripts = [Markup(script_json(d)) for d in found]
    return templating.render("head.html", {"tags": tags, "scripts": scripts}).rstrip("\n")
