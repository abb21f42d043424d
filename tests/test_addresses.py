"""Addresses are what they say (issue 13): no look-alike sites, no hidden sites, no reversed text.

A web address whose site's name uses letters from outside English (`gоv.uk` with
a Cyrillic о) is kept and shown in the ASCII form browsers look up
(`xn--gv-fmc.uk`), so a visitor reads where the link goes; one with a name and
@ before the site (`https://example.org@evil.example/`) is refused. Bidi
controls are removed from every single-line field. `mailto:` and `tel:` links
work where the contract allows them (a booking, a provider's email and phone).
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from wla_site.cli.main import main
from wla_site.content.kinds import BY_FOLDER
from wla_site.content.models import Event, Provider, check_url
from wla_site.content.problems import Problems
from wla_site.content.site import load_site, load_vocabulary

from tests.conftest import REPO, event_fields, provider_fields

LOOKALIKE = "https://g\u043ev.uk/contact"  # a Cyrillic о
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

MODELS = {folder: kind.model for folder, kind in BY_FOLDER.items()}


def check_lines(project, capsys) -> list[str]:
    assert main(["--root", str(project.root), "check"]) == 1
    return [line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]


@pytest.mark.parametrize(("url", "shown"), [
    (LOOKALIKE, "https://xn--gv-fmc.uk/contact"),
    ("https://b\u00fccher.example.de/", "https://xn--bcher-kva.example.de/"),
    ("https://\u4f8b\u3048.\u30c6\u30b9\u30c8/?q=1#top", "https://xn--r8jz45g.xn--zckzah/?q=1#top"),
    ("https://example\u3002org/", "https://example.org/"),  # an ideographic full stop is a dot to browsers
    ("HTTPS://WWW.Example.ORG/Path", "https://www.example.org/Path"),
    ("https://www.example.org:8443/a?b=c", "https://www.example.org:8443/a?b=c"),
    ("https://www.example.org", "https://www.example.org"),
])
def test_a_site_name_is_kept_as_browsers_look_it_up(url, shown):
    assert check_url(url) == shown


@pytest.mark.parametrize(("url", "message"), [
    ("https://example.org@evil.example/",
     '"https://example.org@evil.example/" goes to evil.example: the part before the @ only hides that. '
     "Write the address without it, like https://evil.example/"),
    ("https://user:password@evil.example/",
     '"https://user:password@evil.example/" goes to evil.example: the part before the @ only hides that. '
     "Write the address without it, like https://evil.example/"),
    ("https://www.gov.uk@g\u043ev.uk/",
     '"https://www.gov.uk@g\u043ev.uk/" goes to xn--gv-fmc.uk: the part before the @ only hides that. '
     "Write the address without it, like https://xn--gv-fmc.uk/"),
    ("https://example.org\\@evil.example/",
     '"https://example.org\\@evil.example/" is not a complete web address. Write it like https://www.example.org/'),
    ("https://%65vil.example/",
     '"https://%65vil.example/" is not a complete web address. Write it like https://www.example.org/'),
    ("https://exa\uff0fmple.org/",
     '"https://exa\uff0fmple.org/" is not a complete web address. Write it like https://www.example.org/'),
    ("https://[example.org/",
     '"https://[example.org/" is not a complete web address. Write it like https://www.example.org/'),
    ("https://example.org:http/",
     '"https://example.org:http/" is not a complete web address. Write it like https://www.example.org/'),
    ("https://a..example/",
     '"https://a..example/" is not a complete web address. Write it like https://www.example.org/'),
])
def test_addresses_that_hide_their_site_are_refused(url, message):
    with pytest.raises(ValueError) as caught:
        check_url(url)
    assert str(caught.value) == message


def test_wla_check_names_the_file_line_and_field(project, capsys):
    project.provider("college", website="https://www.college.example.org@evil.example/")
    project.event("meeting", booking="mailto:events@example.org@evil.example", online="https://example.org\\@x.example/")
    project.provider("phone", phone="\u0660\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668\u0669\u0660",
                     email="courses@exa\u043cple.org")
    assert check_lines(project, capsys) == [
        'events/meeting.yml, line 12: booking: "mailto:events@example.org@evil.example" is not an email link. '
        "Write it like mailto:events@example.org.",
        'events/meeting.yml, line 13: online: "https://example.org\\@x.example/" is not a complete web address. '
        "Write it like https://www.example.org/.",
        'providers/college.yml, line 3: website: "https://www.college.example.org@evil.example/" goes to '
        "evil.example: the part before the @ only hides that. Write the address without it, like "
        "https://evil.example/.",
        'providers/phone.yml, line 10: phone: "\u0660\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668\u0669\u0660" '
        "is not a UK phone number. Write it like 01234 567890.",
        'providers/phone.yml, line 11: email: "courses@exa\u043cple.org" is not an email address. '
        "Write it like courses@example.org.",
    ]


def _single_line_text_fields() -> list[tuple[str, str]]:
    """Every model's plain-text fields that are one line: (kind folder, dotted name)."""
    return [
        ("case_studies", "title"), ("case_studies", "summary"), ("case_studies", "organisation.name"),
        ("case_studies", "organisation.town"), ("case_studies", "authors.name"), ("case_studies", "authors.role"),
        ("case_studies", "outcomes"), ("case_studies", "quote.text"), ("case_studies", "quote.by"),
        ("case_studies", "image.alt"),
        ("events", "title"), ("events", "summary"), ("events", "organiser"), ("events", "cost"),
        ("events", "location.venue"), ("events", "location.address"), ("events", "location.town"),
        ("providers", "name"), ("providers", "summary"), ("providers", "address.street"), ("providers", "address.town"),
        ("newsletters", "title"), ("newsletters", "summary"),
    ]


_BASE = {
    "case_studies": {
        "title": "T", "date": "2026-03-02", "summary": "S", "consent": True, "themes": ["peer-learning"],
        "organisation": {"name": "O", "sector": "agriculture-and-food", "region": "north-west", "town": "W"},
        "authors": [{"name": "A", "role": "R"}], "outcomes": ["X"], "quote": {"text": "Q", "by": "B"},
        "image": {"src": "images/a.png", "alt": "A"},
    },
    "events": {**event_fields(), "cost": "Free", "location": {"venue": "V", "address": "1 Road", "town": "W"}},
    "providers": {**provider_fields(), "address": {"street": "1 Road", "town": "W"}},
    "newsletters": {"title": "T", "issue": 1, "date": "2026-03-01", "summary": "S"},
}


@pytest.mark.parametrize(("kind", "dotted"), _single_line_text_fields())
def test_bidi_controls_are_removed_from_every_single_line_field(kind, dotted):
    vocabulary = load_vocabulary(REPO, Problems())
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in _BASE[kind].items()}
    *parents, name = dotted.split(".")
    holder = data
    for part in parents:
        holder = holder[part] if isinstance(holder[part], dict) else holder[part][0]
    holder[name] = [f"{BIDI}Evil\u202eegelloC"] if isinstance(holder[name], list) else f"{BIDI}Evil\u202eegelloC{BIDI}"
    model = MODELS[kind].model_validate(data, context={"vocabulary": vocabulary})
    value: object = model
    for part in dotted.split("."):
        value = getattr(value, part)
        if isinstance(value, list):
            value = value[0]
    assert value == "EvilegelloC"


def test_the_names_of_the_fields_checked_for_bidi_are_real():
    # Guards the list above: a field renamed in the contract must not leave a name that checks nothing.
    for kind, dotted in _single_line_text_fields():
        model = MODELS[kind]
        for part in dotted.split("."):
            assert part in model.model_fields, (kind, dotted)
            annotation = model.model_fields[part].annotation
            inner = [a for a in getattr(annotation, "__args__", (annotation,)) if hasattr(a, "model_fields")]
            model = inner[0] if inner else model


def test_mailto_and_tel_where_the_contract_allows_them():
    vocabulary = load_vocabulary(REPO, Problems())
    event = Event.model_validate(event_fields(booking="MAILTO:Events@Example.org?subject=Booking"),
                                 context={"vocabulary": vocabulary})
    assert event.booking == "mailto:Events@Example.org?subject=Booking"
    with pytest.raises(ValueError, match="is not an address we accept"):
        Event.model_validate(event_fields(online="mailto:events@example.org"), context={"vocabulary": vocabulary})
    provider = Provider.model_validate(provider_fields(phone="+44 1234 567890", email="courses@example.org"),
                                       context={"vocabulary": vocabulary})
    assert (provider.phone, provider.email) == ("+44 1234 567890", "courses@example.org")
    # Numbers copied from a contact card often come wrapped in bidi embeddings.
    provider = Provider.model_validate(provider_fields(phone="\u202a01234 567890\u202c", email="\u200ecourses@example.org"),
                                       context={"vocabulary": vocabulary})
    assert (provider.phone, provider.email) == ("01234 567890", "courses@example.org")


def test_the_built_pages_show_what_the_links_do(project):
    project.case_study("bakery", organisation={
        "name": f"Example {BIDI}Bakery", "sector": "agriculture-and-food", "region": "north-west",
        "town": "Wig\u202ean", "website": LOOKALIKE,
    }, authors=[{"name": "Sam \u202eelpmaxE", "role": "Lead WLA"}])
    project.provider("college", name="Evil\u202eegelloC", website="https://b\u00fccher.example.org/",
                     phone="01234 567890", email="courses@example.org")
    project.event("meeting", title="Quiz \u2067night\u2069", booking="MAILTO:events@example.org",
                  start="2026-12-01T10:00", end="2026-12-01T12:00")
    project.build()
    pages = {url: project.page(url) for url in ("case-studies/bakery/", "providers/college/", "events/meeting/")}
    for text in pages.values():
        assert not any(char in text for char in BIDI)
        assert "\u043e" not in text
    case = lxml_html.fromstring(pages["case-studies/bakery/"])
    [website] = case.xpath('//a[contains(@href, "xn--")]')
    assert (website.get("href"), website.text_content()) == ("https://xn--gv-fmc.uk/contact", "xn--gv-fmc.uk/contact")
    assert "Example Bakery" in pages["case-studies/bakery/"] and "Sam elpmaxE" in pages["case-studies/bakery/"]
    provider = lxml_html.fromstring(pages["providers/college/"])
    hrefs = [a.get("href") for a in provider.xpath("//article//a")]
    assert {"https://xn--bcher-kva.example.org/", "mailto:courses@example.org", "tel:01234567890"} <= set(hrefs)
    assert "EvilegelloC" in pages["providers/college/"]
    event = lxml_html.fromstring(pages["events/meeting/"])
    [book] = event.xpath('//a[starts-with(@href, "mailto:")]')
    assert book.get("href") == "mailto:events@example.org"
    assert "Quiz night" in pages["events/meeting/"]
    site = load_site(project.root)
    assert site.case_studies[0].organisation.town == "Wigan"
