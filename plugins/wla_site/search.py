"""Site search that stays light: a Pagefind index written beside the built pages.

Material's built-in search sends every visitor the whole site's text on their
first search (megabytes at a few thousand items). Pagefind splits its index
into small chunks, so a first search downloads only the chunks for the words
typed. `build_search_index` runs the Pagefind binary shipped in the
`pagefind[bin]` wheel over the finished site folder. Only pages marked
`data-pagefind-body` (the item pages and the hand-written pages) are
indexed, with a `kind` and a `region` filter that the templates mark up. The
search page (`templates/search.html`, `theme/assets/wla/wla.js`) loads the
index from this site and nowhere else.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

BUNDLE = "pagefind"
"""The folder of the built site holding the index and Pagefind's own script."""

NOT_INDEXED = "dt, .wla-related, [data-pagefind-ignore]"
"""Left out of the index: field names (they would run into their values in excerpts, "WhenMonday")
and the cards of related case studies (a story should not match for its neighbours' words)."""


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


def pagefind_executable() -> Path:
    """The Pagefind binary inside the installed `pagefind_bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "Pagefind is not installed, so the site has no search index. Install it with: pip install 'pagefind[bin]'"
        ) from None
    return Path(get_executable())


def build_search_index(site_dir: Path) -> None:
    """Index the built site in `site_dir` into `site_dir/pagefind/`; raise `SearchIndexError` on failure."""
    site_dir = Path(site_dir)
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--exclude-selectors", NOT_INDEXED, "--force-language", "en", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").is_file():
        output = (result.stdout + result.stderr).strip()
        raise SearchIndexError(f"Pagefind could not index the site ({result.returncode}):\n{output}")
    make_reproducible(site_dir / BUNDLE)


# --- the same bytes from the same site ---------------------------------------------------------
# Pagefind writes each filter's values in hash-map order, which changes from run to run
# (Pagefind/pagefind#638: fixed for fragments, not for filters). Two builds of the same commit
# must be byte-identical, so the filter files are rewritten with their values sorted, renamed
# by their content, and the metadata file and entry that name them are rewritten to match.
# The files are gzip-compressed CBOR after a signature; only the CBOR types Pagefind uses are read.

_SIGNATURE = b"pagefind_dcd"


def make_reproducible(bundle: Path) -> None:
    """Rewrite the bundle's filter indexes (and what names them) in a canonical order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for name, old in meta[3]:
            path = bundle / "filter" / f"{old}.pf_filter"
            label, values = _read(path)
            data = _encode([label, sorted(values, key=lambda v: v[0])])
            new = old.split("_")[0] + "_" + hashlib.sha256(data).hexdigest()[:7]
            path.unlink()
            _write(bundle / "filter" / f"{new}.pf_filter", data)
            renamed[name] = new
        meta[3] = sorted([name, renamed[name]] for name, _ in meta[3])
        data = _encode(meta)
        language["hash"] = language["hash"].split("_")[0] + "_" + hashlib.sha256(data).hexdigest()[:10]
        meta_path.unlink()
        _write(bundle / f"pagefind.{language['hash']}.pf_meta", data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path.name} is not a Pagefind index file this version understands.")
    value, end = _decode(data, len(_SIGNATURE))
    return value


def _write(path: Path, cbor: bytes) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + cbor, compresslevel=9, mtime=0))


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    first = data[at]
    major, info = first >> 5, first & 31
    at += 1
    if info < 24:
        n = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at:at + size], "big")
        at += size
    elif major == 7:
        n = info
    else:
        raise SearchIndexError(f"unexpected data in a Pagefind index (byte {first:#x})")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major == 2:
        return data[at:at + n], at + n
    if major == 3:
        return data[at:at + n].decode("utf-8"), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    if major == 7 and n in (20, 21, 22):
        return {20: False, 21: True, 22: None}[n], at
    raise SearchIndexError(f"unexpected data in a Pagefind index (byte {first:#x})")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def _encode(value: Any) -> bytes:
    if value is False or value is True or value is None:
        return {False: b"\xf4", True: b"\xf5", None: b"\xf6"}[value]
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(_encode, value))
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__}")
