"""Make the fonts of the share images, `plugins/wla_site/render/assets/fonts/`. Run once, by hand.

This is not part of the site engine and nothing imports it: the build reads the
two small font files this script wrote, which are kept in the repository.
It needs fontTools (`pip install fonttools`, not a dependency of the package)
and DejaVu Sans 2.37 (Debian's `fonts-dejavu-core`, or the upstream release
at https://dejavu-fonts.github.io/):

    python3 scripts/make_share_fonts.py /usr/share/fonts/truetype/dejavu

It keeps only the characters a title in a UK network's content needs (the
ranges in `wla_site.render.share_image.COVERED`: Latin with its accented
letters, including Welsh and Irish ones, punctuation, currency), which takes
each font from about 700 KB to about 60 KB. Hinting is dropped: the images are
drawn large, where it makes no difference. The fonts keep their names: the
DejaVu licence (LICENCE beside them) allows changes under any name without
"Bitstream" or "Vera" in it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset  # type: ignore[import-not-found]

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from wla_site.render.share_image import COVERED, FONT_DIR  # noqa: E402

FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def main(source: Path) -> None:
    codepoints = [c for start, end in COVERED for c in range(start, end + 1)]
    for name in FILES:
        options = subset.Options()
        options.hinting = False
        options.desubroutinize = True
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        target = FONT_DIR / name
        subset.save_font(font, str(target), options)
        print(f"{target.relative_to(REPO)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/dejavu"))
