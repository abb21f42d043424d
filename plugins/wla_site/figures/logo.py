"""The network's logo as a PNG, drawn from the SVG's geometry without an imaging library.

Feeds may only point to GIF, JPEG or PNG images, and link previews ignore SVG, so the
logo (overrides/assets/images/logo.svg: white marks on the brand teal) is drawn here
with the same geometry, anti-aliased. The same bytes every time.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from functools import lru_cache
from math import hypot

from wla_site.formatting import LOGO_SIZE

_TEAL = (0x00, 0x66, 0x5E)
_WHITE = (0xFF, 0xFF, 0xFF)
_YELLOW = (0xFF, 0xD1, 0x66)
_VIEWBOX = 48
_Shape = tuple[Callable[[float, float], float], float, tuple[int, int, int]]


def _segment_distance(ax: float, ay: float, bx: float, by: float) -> Callable[[float, float], float]:
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy

    def distance(x: float, y: float) -> float:
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        return hypot(x - ax - t * dx, y - ay - t * dy)

    return distance


def _polyline(points: list[tuple[float, float]]) -> Callable[[float, float], float]:
    segments = [_segment_distance(*a, *b) for a, b in zip(points, points[1:], strict=False)]
    return lambda x, y: min(s(x, y) for s in segments)


def _logo_shapes() -> list[_Shape]:
    """The SVG's strokes: distance to the centre line, half the stroke width, colour."""
    return [
        (lambda x, y: abs(hypot(x - 24, y - 24) - 22), 1.5, _WHITE),
        (_polyline([(11, 31), (19, 23), (25, 28), (37, 15)]), 2.0, _WHITE),
        (_polyline([(30, 15), (37, 15), (37, 22)]), 2.0, _WHITE),
        (_segment_distance(12, 36, 36, 36), 1.5, _YELLOW),
    ]


@lru_cache(maxsize=1)
def logo_png(size: int = LOGO_SIZE) -> bytes:
    """The network's logo as a square PNG, `size` pixels a side; the same bytes every time."""
    scale = _VIEWBOX / size
    shapes = _logo_shapes()
    rows = []
    for py in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for px in range(size):
            x, y = (px + 0.5) * scale, (py + 0.5) * scale
            red, green, blue = map(float, _TEAL)
            for distance, half_width, (r, g, b) in shapes:
                # Coverage of this pixel by the stroke, over a one-pixel edge.
                cover = max(0.0, min(1.0, (half_width - distance(x, y)) / scale + 0.5))
                if cover:
                    red += (r - red) * cover
                    green += (g - green) * cover
                    blue += (b - blue) * cover
            row += bytes((round(red), round(green), round(blue)))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
