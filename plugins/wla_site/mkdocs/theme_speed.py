"""Finishing touches that let a page paint on a slow phone without waiting for the network.

Run on every finished page (`plugin.on_post_page`). The theme (`theme/main.html`)
already inlines the part of Material's stylesheet that a first screen needs
and loads the rest without blocking; here the site's own small stylesheets
(the theme's `wla.css` and a project's `extra_css`, such as its brand colours)
are inlined in the head in their place, so no stylesheet blocks the first paint.
Local images get their width and height, so nothing moves when they arrive,
and the one image a page marks `fetchpriority="high"` (a case study's photo,
often the largest thing on a phone's first screen) is preloaded from the head.

`tools/trim_material_css.py` writes the trimmed Material stylesheets the theme
uses; `material_stylesheets` names the ones it trims.
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

THEME = Path(__file__).parent / "theme"
MATERIAL_CSS = THEME / "assets" / "wla" / "material.css"
"""Material's rules that the site uses (written by tools/trim_material_css.py), loaded without blocking."""

_STYLESHEET = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"([^\"]+)\"\s*/?>")
_NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S)
_IMG = re.compile(r"<img\s[^>]*>")
_ATTRIBUTE = re.compile(r"\s([a-z-]+)=\"([^\"]*)\"")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_BLANK = re.compile(r"\s*\n\s*")
_RELATIVE_URL = re.compile(r"url\(\s*['\"]?(?!data:|https?:|/|#)", re.I)


KEEP_LINKED = ("figures-halo.css",)
"""Stylesheets left as links, loaded without blocking: the map's halo uses SVG 2's `paint-order`,
which the HTML checker's CSS rules do not know yet."""


def material_stylesheets() -> list[Path]:
    """Material's own `main` and `palette` stylesheets, as its `base.html` names them."""
    import material

    templates = Path(material.__file__).parent / "templates"
    base = (templates / "base.html").read_text(encoding="utf-8")
    names = re.findall(r"assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css", base)
    return [templates / name for name in dict.fromkeys(names)]


THEME_JS_FEATURES = frozenset({
    "navigation.tabs", "navigation.top", "navigation.sections", "navigation.indexes", "navigation.expand",
    "navigation.footer", "navigation.prune", "toc.integrate",
})
"""Material features that work without Material's JavaScript, or whose part of it `theme.js` does."""


def needs_material_js(config: Any) -> bool:
    """Whether a site needs Material's JavaScript bundle, or the theme's own `theme.js` is enough.

    `theme.js` (the palette switch, Back to top, the header on scrolling) covers what the
    network's site uses of the bundle, at a fortieth of its size. A maintainer who turns on
    Material's search, a feature outside THEME_JS_FEATURES (instant loading, code copying and
    so on), a cookie consent or a repository link gets Material's bundle, deferred, as before.
    """
    theme = config["theme"]
    features = set(theme.get("features") or ())
    extra = config.get("extra") or {}
    search = config["plugins"].get("material/search") or config["plugins"].get("search")
    search_on = search is not None and getattr(search, "config", {}).get("enabled", True)
    return bool(features - THEME_JS_FEATURES or search_on or extra.get("consent") or config.get("repo_url"))


class PageSpeed:
    """Speeds up the finished pages of one build, whose static files are already in `site_dir`."""

    def __init__(self, site_dir: str | Path, site_url: str = "") -> None:
        self.site_dir = Path(site_dir)
        self.root = urlsplit(site_url).path.rstrip("/") + "/"
        """The site's path on its server: pages such as 404.html link from there (`/assets/...`)."""
        self._stylesheets: dict[str, str | None] = {}
        self._sizes: dict[str, tuple[int, int] | None] = {}

    def finish(self, page_html: str, page_url: str) -> str:
        """The page with its own stylesheets inlined, its images sized and its main image preloaded."""
        head, split, body = page_html.partition("</head>")
        if not split:
            return page_html
        head = self._inline_stylesheets(head, page_url)
        body, preload = self._size_images(body, page_url)
        if preload:
            head += f'<link rel="preload" as="image" href="{preload}" fetchpriority="high">\n'
        return head + split + body

    # --- stylesheets ---------------------------------------------------------------------------

    def _inline_stylesheets(self, head: str, page_url: str) -> str:
        kept = [m.span() for m in _NOSCRIPT.finditer(head)]

        def inline(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in kept):
                return match.group(0)  # the fallback for browsers without JavaScript stays a link
            if match.group(1).endswith(KEEP_LINKED):
                return match.group(0)
            css = self._stylesheet(match.group(1), page_url)
            return match.group(0) if css is None else f"<style>{css}</style>"

        return _STYLESHEET.sub(inline, head)

    def _stylesheet(self, href: str, page_url: str) -> str | None:
        path = self._site_path(href, page_url)
        if path is None:
            return None
        if path not in self._stylesheets:
            css: str | None = None
            file = self.site_dir / path
            if file.is_file():
                css = _COMMENT.sub("", file.read_text(encoding="utf-8"))
                css = _BLANK.sub("\n", css).strip()
                # A stylesheet that names files beside it would find them beside the page instead.
                if _RELATIVE_URL.search(css) or "</style" in css.lower():
                    css = None
            self._stylesheets[path] = css
        return self._stylesheets[path]

    def _site_path(self, href: str, page_url: str) -> str | None:
        """`href` as a path in the site folder, when it is a file of this site."""
        parts = urlsplit(html.unescape(href))
        if parts.scheme or parts.netloc or not parts.path:
            return None
        if parts.path.startswith("/"):
            if not parts.path.startswith(self.root):
                return None
            return posixpath.normpath(unquote(parts.path[len(self.root):]))
        folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        return None if path.startswith("..") else path

    # --- images -------------------------------------------------------------------------------

    def _size_images(self, body: str, page_url: str) -> tuple[str, str | None]:
        preload: list[str] = []

        def size(match: re.Match[str]) -> str:
            tag = match.group(0)
            attributes = dict(_ATTRIBUTE.findall(tag))
            src = attributes.get("src", "")
            if attributes.get("fetchpriority") == "high" and not preload:
                preload.append(src)
            if "width" in attributes or "height" in attributes:
                return tag
            path = self._site_path(src, page_url)
            dimensions = self._image_size(path) if path else None
            if dimensions is None:
                return tag
            end = -2 if tag.endswith("/>") else -1
            return f'{tag[:end].rstrip()} width="{dimensions[0]}" height="{dimensions[1]}"{tag[end:]}'

        return _IMG.sub(size, body), (preload[0] if preload else None)

    def _image_size(self, path: str) -> tuple[int, int] | None:
        if path not in self._sizes:
            try:
                with open(self.site_dir / path, "rb") as file:
                    self._sizes[path] = image_size(file.read(65536))
            except OSError:
                self._sizes[path] = None
        return self._sizes[path]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image from its first bytes; None for others."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        # Start-of-frame markers (not DHT, JPG or DAC) hold the height, then the width.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None
