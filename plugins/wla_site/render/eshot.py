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

import re
import textwrap

import css_inline
from markupsafe import Markup

from wla_site import templating, urls
from wla_site.content.models import NewsletterIssue
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME, html_text

MAX_EMAIL_BYTES = 100 * 1024
"""An e-mail must stay under this: Gmail cuts off ("clips") messages over 102 KB."""
WARN_EMAIL_BYTES = 90 * 1024
"""Above this the build warns, while there is still room to shorten the issue."""
TEXT_WIDTH = 72


def _context(site: Site, issue: NewsletterIssue, site_url: str) -> dict[str, object]:
    cases, events = site.featured(issue)
    url = urls.absolute(site_url, "newsletter", slug=issue.slug)
    return {
        "link": urls.absolute_linker(site_url),
        "site": site,
        "issue": issue,
        "site_url": site_url,
        "network": NETWORK_NAME,
        "body": Markup(urls.absolute_links(site.html(issue), url, site_url)),
        "cases": cases,
        "events": events,
        "label": site.label,
    }


def issue_content_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """The issue's full content for a feed item: its body, then its featured items as linked cards."""
    return templating.render("eshot_feed.html", _context(site, issue, site_url)).strip()


def email_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """One self-contained HTML email of the issue: inline styles, table layout, absolute links."""
    document = templating.render("eshot_email.html", _context(site, issue, site_url)) + "\n"
    # keep_at_rules: media queries (narrow screens, dark mode) cannot be inlined, so they stay in a style element.
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, keep_at_rules=True, minify_css=True,
                                    load_remote_stylesheets=False)
    return inliner.inline(document)


def size_warning(issue: NewsletterIssue, html: str) -> str | None:
    """A warning for the maintainer when an issue's e-mail comes near the size Gmail clips, else None."""
    size = len(html.encode("utf-8"))
    if size <= WARN_EMAIL_BYTES:
        return None
    return (f"{urls.path('newsletter-email', slug=issue.slug)} is {size / 1024:.0f} KB; Gmail cuts off e-mails "
            f"over 102 KB. Shorten {issue.source_path or 'the issue'} or feature fewer items.")


def email_text(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """The plain-text version of the email, wrapped for mail clients, links written out."""
    context = _context(site, issue, site_url)
    context["body_text"] = html_text(str(context["body"]))
    text = templating.render("eshot_email.txt", context)
    return _wrap(text)


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
