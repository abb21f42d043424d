"""Share images: every case study, event, e-shot issue and region has its own 1200 by 630 PNG.

Built with the real MkDocs; the images are read back as PNG files, their
chunks listed (no timestamp or text) and their pixels looked at; the pages'
Open Graph and Twitter tags must point to them with alt text. Two builds give
the same bytes, and a second build copies unchanged images from the cache
instead of drawing them.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from tests.conftest import SITE_URL, Project, new_project

BRAND_TEAL = (0x00, 0x66, 0x5E)
BRAND_YELLOW = (0xFF, 0xD1, 0x66)


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks, (type, data), each CRC checked."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    out, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + data) == crc, f"bad CRC in {kind!r}"
        out.append((kind, data))
        at += 12 + length
    return out


def pixels(png: bytes) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def share_tags(project: Project, url: str) -> dict[str, str]:
    tree = lxml.html.fromstring(project.page(url))
    return {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//meta[@content]")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("share") / "project", with_samples=True)
    project.build()
    return project


def expected_images(project: Project) -> dict[str, str]:
    """Each page with a share image, by address, and the image's path in the site."""
    from wla_site.content.site import load_site

    site = load_site(project.root)
    pages = {f"case-studies/{c.slug}/": f"share/case-study/{c.slug}.png" for c in site.case_studies}
    pages |= {f"events/{e.slug}/": f"share/event/{e.slug}.png" for e in site.events}
    pages |= {f"newsletters/{n.slug}/": f"share/newsletter/{n.slug}.png" for n in site.newsletters}
    pages |= {f"regions/{r}/": f"share/region/{r}.png" for r in site.vocabulary.regions}
    return pages


def test_every_item_and_region_has_its_own_share_image(built):
    from wla_site.content.site import load_site

    site = load_site(built.root)
    pages = expected_images(built)
    assert len(pages) >= len(site.case_studies) + len(site.events) + len(site.newsletters) + 12
    titles = {f"case-studies/{c.slug}/": c.title for c in site.case_studies}
    seen = set()
    for url, image in pages.items():
        png = (built.site_dir / image).read_bytes()
        kinds = [kind for kind, _ in chunks(png)]
        assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
        assert set(kinds) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}, f"{image} carries {kinds}: no time or text chunks"
        width, height = struct.unpack(">II", chunks(png)[0][1][:8])
        assert (width, height) == (1200, 630)
        picture = pixels(png)
        assert picture.getpixel((4, 4)) == BRAND_TEAL and picture.getpixel((600, 625)) == BRAND_YELLOW
        colours = {colour: count for count, colour in picture.crop((72, 240, 1128, 480)).getcolors(1 << 16)}
        assert colours.get((255, 255, 255), 0) > 2000, f"{image}: no title drawn"
        seen.add(png)
        tags = share_tags(built, url)
        assert tags["og:image"] == tags["twitter:image"] == SITE_URL + image
        assert tags["og:image:width"] == "1200" and tags["og:image:height"] == "630"
        assert tags["twitter:card"] == "summary_large_image"
        assert tags["og:image:alt"] == tags["twitter:image:alt"] and len(tags["og:image:alt"]) > 20
        if url in titles:
            assert titles[url] in tags["og:image:alt"]
    assert len(seen) == len(pages), "every page's image is its own"


def test_pages_without_a_share_image_keep_the_logo(built):
    tags = share_tags(built, "providers/")
    assert tags["og:image"] == SITE_URL + "assets/images/logo.png"
    assert tags["twitter:card"] == "summary"


def test_two_builds_give_the_same_bytes_and_the_second_copies_from_the_cache(tmp_path, built):
    other = new_project(tmp_path / "other", with_samples=True)
    other.build()
    pages = expected_images(built)
    for image in pages.values():
        assert (other.site_dir / image).read_bytes() == (built.site_dir / image).read_bytes(), image

    cache = other.root / ".cache/wla/share"
    cached = sorted(cache.glob("*.png"))
    assert len(cached) == len(pages)
    # Swap one cached image for a marker: a build that copies from the cache publishes the marker.
    image = next(iter(pages.values()))
    victim = next(p for p in cached if p.read_bytes() == (other.site_dir / image).read_bytes())
    marker = (other.site_dir / "assets/images/logo.png").read_bytes()
    victim.write_bytes(marker)
    other.build()
    assert (other.site_dir / image).read_bytes() == marker, "an unchanged item's image should come from the cache"
    assert sorted(cache.glob("*.png")) == cached, "nothing new drawn for unchanged content"

    # A changed title is a new picture: drawn, cached, published.
    case = next(Path(other.root / "case_studies").glob("tyneside*.md"))
    case.write_text(case.read_text(encoding="utf-8").replace("title: ", "title: Updated ", 1), encoding="utf-8")
    other.build()
    assert len(list(cache.glob("*.png"))) == len(pages) + 1
    updated = (other.site_dir / f"share/case-study/{case.stem}.png").read_bytes()
    assert updated != (built.site_dir / f"share/case-study/{case.stem}.png").read_bytes()
    assert "Updated " in share_tags(other, f"case-studies/{case.stem}/")["og:image:alt"]


def test_titles_keep_accents_and_lose_only_symbols_the_font_lacks():
    from wla_site.render.share_image import ShareCard, draw, drawable

    assert drawable("Dysgu yn y gweithle: ŵyr, ŷd, Sìne, Zoë") == "Dysgu yn y gweithle: ŵyr, ŷd, Sìne, Zoë"
    assert drawable("Learning week 🎉 fun") == "Learning week fun"
    assert drawable("  Two\nlines\u2028here ") == "Two lines here"
    long = ShareCard("case-study", "x", "Case study", "A " + "very " * 80 + "long title", "An organisation",
                     host="wla-network.example.org")
    assert pixels(draw(long)).size == (1200, 630)
    assert draw(long) == draw(long)
