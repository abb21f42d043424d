"""The e-shot as it leaves the site: feed content, an email and its plain text.

An issue's page lives on the site, but its feed item and its email travel:
they are read in feed readers, RSS-to-email services and mail clients, where
relative links break and stylesheets are ignored. This module renders an
issue (its cleaned body from `Site.html` and its featured case studies and
events as linked cards) with every `href` and `src` absolute, as an HTML
fragment for feeds, as one self-contained email document with its CSS inlined
(css-inline) into a table layout that mail clients render, and as plain text.
"""

from __future__ import annotations

import html as html_lib
import re
import textwrap
from functools import lru_cache
from urllib.parse import urljoin

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from wla_site.content.markup import plain_text
from wla_site.content.models import CaseStudy, Event, NewsletterIssue
from wla_site.render.pages import display_url, event_when, uk_date
from wla_site.content.site import Site

NETWORK_NAME = "Workplace Learning Advocates"
LOGO_PNG = "assets/images/logo.png"
"""The network's logo as a PNG (feeds and mail clients do not show SVG), written by `outputs`."""

MAX_EMAIL_BYTES = 100 * 1024
TEXT_WIDTH = 72

_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*/?>""")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src))="([^"]*)"')
_PRE = re.compile(r"<pre[^>]*>.*?</pre>", re.DOTALL)
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


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


def issue_url(site_url: str, issue: NewsletterIssue) -> str:
    return f"{site_url}newsletters/{issue.slug}/"


def case_study_url(site_url: str, case: CaseStudy) -> str:
    return f"{site_url}case-studies/{case.slug}/"


def event_url(site_url: str, event: Event) -> str:
    return f"{site_url}events/{event.slug}/"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wla_site", "render/templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(ukdate=uk_date, event_when=event_when, display_url=display_url)
    return env


def _context(site: Site, issue: NewsletterIssue, site_url: str) -> dict:
    cases, events = site.featured(issue)
    url = issue_url(site_url, issue)
    return {
        "site": site,
        "n": issue,
        "url": url,
        "site_url": site_url,
        "network": NETWORK_NAME,
        "body": Markup(absolute_links(site.html(issue), url, site_url)),
        "cases": [(c, case_study_url(site_url, c)) for c in cases],
        "events": [(e, event_url(site_url, e)) for e in events],
        "label": site.label,
        "logo": site_url + LOGO_PNG,
        "archive": site_url + "newsletters/",
        "rss": site_url + "newsletters/feed.xml",
    }


def issue_content_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """The issue's full content for a feed item: its body, then its featured items as linked cards."""
    return _environment().get_template("eshot_feed.html").render(_context(site, issue, site_url)).strip()


def email_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """One self-contained HTML email of the issue: inline styles, table layout, absolute links."""
    document = _environment().get_template("eshot_email.html").render(_context(site, issue, site_url))
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    return inliner.inline(document)


def email_text(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """The plain-text version of the email, wrapped for mail clients, links written out."""
    context = _context(site, issue, site_url)
    context["body_text"] = html_text(str(context["body"]))
    text = _environment().get_template("eshot_email.txt").render(context)
    return _wrap(text)


def html_text(html: str) -> str:
    """Cleaned HTML as readable plain text: links as `text (address)`, list items with dashes."""

    def link(match: re.Match[str]) -> str:
        href = html_lib.unescape(match.group(1))
        label = match.group(2)
        shown = plain_text(label)
        if not href or href.removeprefix("mailto:") == shown or href == shown:
            return label
        return f"{label} ({html_lib.escape(href.removeprefix('mailto:'))})"

    html = _LINK.sub(link, html)
    # Reflow: the source's line breaks mean nothing; blocks end in blank lines, items in one.
    html = _PRE.sub(lambda m: m.group(0).replace("\n", "<br>"), html)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"<li[^>]*>\s*", "- ", html)
    html = re.sub(r"\s*</li>\s*", "\n", html)
    html = re.sub(r"\s*<br\s*/?>\s*", "\n", html)
    html = re.sub(r"\s*</(p|h[2-6]|ul|ol|blockquote|table|pre|dl)>\s*", "\n\n", html)
    html = re.sub(r"\s*</(tr|dd|dt)>\s*", "\n", html)
    html = re.sub(r"<(p|h[2-6]|ul|ol|blockquote|table|pre|dl)(\s[^>]*)?>\s*", "", html)
    text = plain_text(html)
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def _wrap(text: str) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        if len(line) <= TEXT_WIDTH:
            lines.append(line.rstrip())
            continue
        indent = "  " if line.startswith("- ") else ""
        lines.extend(
            textwrap.wrap(line, TEXT_WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
        )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
