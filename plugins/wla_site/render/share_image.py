"""Share images: the picture a link preview shows for a case study, event, e-shot issue or region.

Each is a PNG of 1200 by 630 pixels, the size Facebook, LinkedIn, Slack and X
show large: the brand teal, the logo and the network's name, what the page is,
its title, and the organisation or the date. `card_for` says what an item's
image shows (a `ShareCard`, whose `alt` is the preview's alt text); `draw`
draws it with Pillow, the one module that imports it. The fonts are DejaVu
Sans, shipped in `assets/fonts/` (with their licence), so every machine draws
the same pixels; the PNG holds no timestamp or text, so the same card is the
same bytes. `fingerprint` names a card's content, for the cache that lets an
unchanged item cost nothing (`wla_site.publish`).
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageChops, ImageDraw, ImageFont

from wla_site.content.models import CaseStudy, Event, Item, NewsletterIssue
from wla_site.content.site import Site
from wla_site.figures.logo import logo_png
from wla_site.formatting import NETWORK_NAME, event_when, uk_date

WIDTH, HEIGHT = 1200, 630
"""Pixels: the 1.91:1 "large image" of Open Graph and Twitter cards."""

VERSION = "1"
"""Part of every fingerprint: change it when the drawing changes, so cached images are redrawn."""

FONT_DIR = Path(__file__).resolve().parent / "assets" / "fonts"
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"

COVERED: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B: accented letters, including Irish and Welsh
    (0x1E00, 0x1EFF),  # Latin Extended Additional: Welsh ẁ, ẃ, ẅ, ỳ
    (0x2010, 0x2027),  # dashes, quotation marks, bullet, ellipsis
    (0x2030, 0x205E),  # per mille, primes, guillemets
    (0x20A0, 0x20BF),  # currency: euro
    (0x2122, 0x2122),  # trade mark
)
"""The characters the shipped fonts hold (scripts/make_share_fonts.py keeps exactly these)."""

TEAL = (0x00, 0x66, 0x5E)
WHITE = (0xFF, 0xFF, 0xFF)
YELLOW = (0xFF, 0xD1, 0x66)
PALE = (0xE6, 0xF2, 0xF1)
"""The brand (overrides/assets/stylesheets/brand.css); white on the teal is 6.5:1, yellow 4.6:1."""

MARGIN = 72
LOGO = 96
TITLE_SIZES = (68, 62, 56, 50, 46)
LINE_SPACING = 1.16


@dataclass(frozen=True)
class ShareCard:
    """What one share image shows."""

    kind: str
    """The page's kind, as in its address: `case-study`, `event`, `newsletter`, `region`."""
    slug: str
    kicker: str
    """What the page is: "Case study", "Network meeting", "The e-shot", "Region"."""
    title: str
    detail: str
    """The organisation, or the date."""
    site_name: str = NETWORK_NAME
    host: str = ""
    """The site's host name (from `site_url`), printed in a corner."""

    @property
    def alt(self) -> str:
        """Alt text for the image: everything it says, in reading order."""
        return f"{self.kicker}: {self.title}. {self.detail}. {self.site_name}."


def card_for(site: Site, item: Item | None, *, site_url: str, site_name: str = NETWORK_NAME,
             region: str | None = None) -> ShareCard | None:
    """The share card of a case study, event, e-shot issue or (with `region`) a region page; else None."""
    host = urlsplit(site_url).hostname or ""
    if region is not None:
        name = site.vocabulary.regions[region]
        detail = ("Case studies, events and learning providers across the UK" if region == "national"
                  else f"Case studies, events and learning providers in {name}")
        return ShareCard("region", region, "Region", name, detail, site_name, host)
    if isinstance(item, CaseStudy):
        org = item.organisation
        detail = f"{org.name} · {org.town or site.label('regions', org.region)}"
        return ShareCard("case-study", item.slug, "Case study", item.title, detail, site_name, host)
    if isinstance(item, Event):
        place = item.location.town if item.location else "Online"
        detail = f"{event_when(item)} · {place}"
        kicker = "Event" if item.kind == "other" else site.label("event_kinds", item.kind)
        if item.status != "scheduled":
            kicker = f"{kicker}, {item.status}"
        return ShareCard("event", item.slug, kicker, item.title, detail, site_name, host)
    if isinstance(item, NewsletterIssue):
        detail = f"Issue {item.issue} · {uk_date(item.date)}"
        return ShareCard("newsletter", item.slug, "The e-shot", item.title, detail, site_name, host)
    return None


def all_cards(site: Site, *, site_url: str, site_name: str = NETWORK_NAME) -> list[ShareCard]:
    """Every share card the site has: case studies, events, e-shot issues and regions."""
    items: list[Item] = [*site.case_studies, *site.events, *site.newsletters]
    cards = [card_for(site, item, site_url=site_url, site_name=site_name) for item in items]
    cards += [card_for(site, None, site_url=site_url, site_name=site_name, region=r) for r in site.vocabulary.regions]
    return [card for card in cards if card is not None]


@cache
def _font_digest() -> str:
    digest = hashlib.sha256()
    for path in (REGULAR, BOLD):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(card: ShareCard) -> str:
    """A name for what `draw(card)` gives: the card, the fonts and the drawing's version."""
    text = json.dumps([VERSION, _font_digest(), asdict(card)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


LAYERS = (WHITE, PALE, YELLOW)
"""Colours drawn over the teal, each through its own coverage mask, so the PNG can be a palette image."""

SHADES = 64
"""Steps of anti-aliasing from the teal to each colour."""


@cache
def _palette() -> list[int]:
    """Index 0 the teal; then, for each layer, SHADES steps from the teal to its colour."""
    entries = [TEAL]
    for colour in LAYERS:
        entries += [_mix(colour, k / (SHADES - 1)) for k in range(SHADES)]
    return [value for entry in entries for value in entry]


@cache
def _shades(layer: int) -> list[int]:
    """Coverage (0 to 255) to palette index for a layer: 0 stays the teal."""
    return [0] + [1 + layer * SHADES + v * (SHADES - 1) // 255 for v in range(1, 256)]


@cache
def _logo_masks() -> tuple[Image.Image, Image.Image]:
    """The logo (white marks, a yellow line, on the teal) as coverage masks of the white and yellow layers.

    The PNG is teal blended with white or yellow: white moves the blue channel (94 to 255), yellow
    hardly does (94 to 102, less than 0.06 of the way), and both move the red (0 to 255).
    """
    logo = Image.open(io.BytesIO(logo_png(LOGO))).convert("RGB")
    white, yellow = Image.new("L", logo.size), Image.new("L", logo.size)
    for y in range(logo.height):
        for x in range(logo.width):
            red, _, blue = logo.getpixel((x, y))  # type: ignore[misc]
            cover_white = max(0.0, min(1.0, (blue - TEAL[2]) / (WHITE[2] - TEAL[2])))
            # Each pixel in one layer only (the layers' indexes are added up): the marks never touch.
            cover_yellow = 0.0 if cover_white > 0.06 else red / 255
            cover_white = 0.0 if cover_white <= 0.06 else cover_white
            white.putpixel((x, y), round(cover_white * 255))
            yellow.putpixel((x, y), round(cover_yellow * 255))
    return white, yellow


def drawable(text: str) -> str:
    """`text` with what the fonts lack made drawable: accents kept where they can be, symbols dropped."""
    out = []
    for char in " ".join(text.split()):
        if any(start <= ord(char) <= end for start, end in COVERED):
            out.append(char)
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if plain and all(any(s <= ord(c) <= e for s, e in COVERED) for c in plain):
            out.append(plain)
        elif not unicodedata.category(char).startswith(("S", "C", "M")):
            out.append("?")
    return " ".join("".join(out).split())


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of `text` no wider than `width`; a word too long for a line is broken inside."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut] + "-") > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _shorten(lines: list[str], room: int, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The first `room` lines, the last ending in … if any were left out."""
    if len(lines) <= room:
        return lines
    kept = lines[:room]
    last = kept[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    return [*kept[:-1], last + "…"]


def _fit_title(title: str, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, int, list[str]]:
    """The largest size, and its line spacing, at which the title fits `height`; shortened with … at the smallest."""
    for size in TITLE_SIZES:
        font, step = _font(True, size), round(size * LINE_SPACING)
        lines = _wrap(title, font, width)
        if len(lines) * step <= height:
            return font, step, lines
    return font, step, _shorten(lines, max(1, height // step), font, width)


class _Band:
    """A strip of the card, full width, drawn as one coverage mask per colour and turned into palette indexes.

    The card's parts lie in strips one under another (the brand, what the page is, the title,
    the detail, the bar), so each strip is drawn on its own: only the pixels that change from
    card to card are worked on, and the brand's strip is drawn once a build.
    """

    def __init__(self, top: int, bottom: int) -> None:
        self.top = top
        self.size = (WIDTH, bottom - top)
        self.masks: dict[tuple[int, int, int], Image.Image] = {}
        self.pens: dict[tuple[int, int, int], ImageDraw.ImageDraw] = {}

    def pen(self, colour: tuple[int, int, int]) -> ImageDraw.ImageDraw:
        if colour not in self.pens:
            self.masks[colour] = Image.new("L", self.size, 0)
            self.pens[colour] = ImageDraw.Draw(self.masks[colour])
        return self.pens[colour]

    def text(self, colour: tuple[int, int, int], x: int, y: int, text: str, font: ImageFont.FreeTypeFont,
             anchor: str = "la") -> None:
        """`text` with its anchor at (x, y) of the card."""
        self.pen(colour).text((x, y - self.top), text, font=font, fill=255, anchor=anchor)

    def indexes(self) -> Image.Image:
        """Coverage to palette index: layer n's shades start at 1 + n * SHADES. The layers never
        overlap, so adding them up leaves each pixel the index of the one colour drawn there."""
        index = Image.new("L", self.size, 0)
        for n, colour in enumerate(LAYERS):
            if colour in self.masks:
                index = ImageChops.add(index, self.masks[colour].point(_shades(n)))
        return index


BRAND_BOTTOM = 56 + LOGO + 44
"""Where the brand's strip (logo, network name, site address) ends and what the page is begins."""
BAR = 22
"""The yellow bar along the bottom."""


@cache
def _brand(site_name: str, host: str) -> Image.Image:
    """The card's palette indexes with what every card of a site shares: the brand at the top, the bar at the bottom."""
    band = _Band(0, BRAND_BOTTOM)
    logo_white, logo_yellow = _logo_masks()
    band.pen(WHITE).bitmap((MARGIN, 56), logo_white, fill=255)
    band.pen(YELLOW).bitmap((MARGIN, 56), logo_yellow, fill=255)
    middle = 56 + LOGO // 2
    band.text(WHITE, MARGIN + LOGO + 24, middle, drawable(site_name), _font(True, 34), anchor="lm")
    if host:
        band.text(PALE, WIDTH - MARGIN, middle, host, _font(False, 24), anchor="rm")
    card = Image.new("L", (WIDTH, HEIGHT), 0)
    card.paste(band.indexes(), (0, 0))
    card.paste(_shades(LAYERS.index(YELLOW))[255], (0, HEIGHT - BAR, WIDTH, HEIGHT))
    return card


def draw(card: ShareCard) -> bytes:
    """The card as a 1200 by 630 PNG: the same bytes for the same card, on any run.

    Each colour is drawn as a coverage mask; the masks become indexes into a palette of the
    teal blended with each colour, so the PNG is one byte a pixel, quick to write and small.
    """
    width = WIDTH - 2 * MARGIN
    # What the page is, its title, and the organisation or date: the title takes the room between.
    detail_font = _font(False, 30)
    detail = _shorten(_wrap(drawable(card.detail), detail_font, width), 2, detail_font, width)
    detail_top = HEIGHT - 56 - BAR - 40 * len(detail)
    title_top = BRAND_BOTTOM + 52
    title_font, step, lines = _fit_title(drawable(card.title), width, detail_top - 20 - title_top)

    kicker = _Band(BRAND_BOTTOM, title_top)
    kicker.text(YELLOW, MARGIN, BRAND_BOTTOM, drawable(card.kicker), _font(True, 30))
    title = _Band(title_top, detail_top)
    for n, line in enumerate(lines):
        title.text(WHITE, MARGIN, title_top + n * step, line, title_font)
    details = _Band(detail_top, HEIGHT - BAR)
    for n, line in enumerate(detail):
        details.text(PALE, MARGIN, detail_top + n * 40, line, detail_font)

    index = _brand(card.site_name, card.host).copy()
    for band in (kicker, title, details):
        index.paste(band.indexes(), (0, band.top))
    index.putpalette(_palette())  # an "L" image with a palette is a "P" image of those indexes

    out = io.BytesIO()
    # Level 3: a fifth of level 6's time for a file a fifth bigger (about 28 KB).
    index.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def _mix(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """The brand teal moved `amount` (0 to 1) of the way towards `colour`."""
    red, green, blue = (round(t + (c - t) * amount) for t, c in zip(TEAL, colour, strict=True))
    return (red, green, blue)
