"""Site search that stays light: a small, sharded index written straight from the `Site`.

Material's built-in search sends every visitor the whole site's text on their
first search, and running a crawler such as Pagefind over the built HTML cost
half as much again as the rest of the build. This module writes its own
index from the validated content instead, in a fraction of a second, into
`search-index/` beside the pages. A visitor's browser (`theme/assets/wla/wla.js`,
on the page `templates/search.html`) fetches only what one search needs:

- `meta.json`: the format version, a hash of the index (added to the other
  files' addresses, so a browser never mixes two builds), the token prefix
  length, the chunk size, the number of documents, the kinds with the range
  of document ids each one takes, the region labels, and which shards exist;
- `t-<prefix>.json`: every token starting with that prefix (the first
  `PREFIX` characters of lowercase words without accents; one-letter words and a
  few English stop words are left out), each with its document ids,
  ascending and delta-encoded. A query word matches every token it starts,
  so "wig" finds "wigan"; the words of a query must all match;
- `d-<n>.json`: documents `n * CHUNK` to `(n + 1) * CHUNK - 1`, each as
  `[title, url from the site root, kind, [region indexes], detail]`;
- `f-region.json`: document ids for each region label, fetched only when the
  region filter is used. A provider matches each region it serves, and a
  national provider matches every region, as on the region pages.

Documents come in a fixed order (case studies newest first, upcoming events
soonest first, past events latest first, providers by name, e-shot issues
newest first, then the hand-written pages in the navigation), so results read
sensibly without ranking and each kind is one range of ids (the kind filter
needs no file). The JSON is written with sorted keys and no spaces, so two
builds of the same content are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wla_site import urls
from wla_site.content.kinds import KINDS, RESOURCE
from wla_site.content.resource import AUDIENCES, FORMATS
from wla_site.content.site import Site
from wla_site.formatting import delivery_label, uk_date
from wla_site.plan import PAGE_KIND, GeneratedPage, search_kinds

FOLDER = urls.path("search-index").rstrip("/")
"""The folder of the built site holding the index (the search page itself is `search/`)."""

VERSION = 1
PREFIX = 2
"""Tokens are sharded by their first two characters: a query word fetches one small file."""
CHUNK = 100
"""Documents per `d-<n>.json` file."""

STOP_WORDS = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
                        "it", "its", "of", "on", "or", "the", "to", "with"})
"""Words too common to find anything by; `meta.json` hands the list to the browser, which drops them from queries."""

_DESCRIBED = ("case-study", "event", "provider", "newsletter", "resource")
"""Kinds whose documents `search_documents` writes field by field; any other kind is found by title and summary."""

_WORD = re.compile(r"[^\W_]+")
_SHARD_CHAR = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class SearchDocument:
    """One search result: what is shown, and the text it is found by."""

    title: str
    url: str
    kind: str
    regions: tuple[str, ...]
    detail: str
    text: tuple[str, ...]


def fold(text: str) -> str:
    """Lowercase text without accents: "Ysgol Gymraeg Llandŵ" becomes "ysgol gymraeg llandw"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def tokens(text: str) -> list[str]:
    """The words search finds `text` by: folded, split on anything but letters and digits, in order."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: labels (regions, themes, offers) and towns recur in thousands of documents.
    return tuple(w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS)


def shard_key(token: str) -> str:
    """The shard a token lives in: its first `PREFIX` characters, "_" for any but a-z and 0-9."""
    return "".join(c if _SHARD_CHAR.fullmatch(c) else "_" for c in token[:PREFIX])


# --- the documents, from the Site ---------------------------------------------------------------


def search_documents(site: Site, pages: Iterable[GeneratedPage],
                     nav: list[Any] | None = None) -> list[SearchDocument]:
    """Every item of the site as a search document, in the index's fixed order.

    `pages` (from `pages.plan_pages`) gives each item's address; `nav` (MkDocs'
    `nav` setting, plain lists and mappings) names the hand-written pages.
    """
    urls = {(p.kind, p.item.slug): p.url for p in pages if p.item is not None}
    labels = search_kinds()
    generated = {p.src_uri for p in pages}
    v = site.vocabulary
    # The vocabulary's mappings, read once: a label is looked up for every document.
    region_names, sectors, themes, offer_names, event_kinds = v.regions, v.sectors, v.themes, v.offers, v.event_kinds

    def region_labels(keys: Iterable[str]) -> list[str]:
        return [region_names.get(k, k) for k in keys]

    docs: list[SearchDocument] = []
    for c in site.case_studies:
        org = c.organisation
        detail = ", ".join(x for x in (org.name, org.town) if x) + f" · {uk_date(c.date)}"
        docs.append(SearchDocument(
            c.title, urls[("case-study", c.slug)], labels["case-study"], (org.region,), detail,
            (c.title, c.summary, org.name, org.town or "", *region_labels([org.region]),
             sectors.get(org.sector, org.sector), *(themes.get(t, t) for t in c.themes)),
        ))
    for e in [*site.upcoming, *site.past]:
        town = e.location.town if e.location else "Online"
        status = "" if e.status == "scheduled" else f" · {e.status.capitalize()}"
        docs.append(SearchDocument(
            e.title, urls[("event", e.slug)], labels["event"], (e.region,),
            f"{uk_date(e.next_occurrence.first_day)} · {town}{status}",  # a repeating event's next date
            (e.title, e.summary, e.organiser, town, e.location.venue if e.location else "",
             *region_labels([e.region]), event_kinds.get(e.kind, e.kind)),
        ))
    for p in site.providers:
        town = p.address.town if p.address else ""
        offers = [offer_names.get(o, o) for o in p.offers]
        docs.append(SearchDocument(
            p.name, urls[("provider", p.slug)], labels["provider"], tuple(p.regions),
            " · ".join(x for x in (town, ", ".join(offers)) if x),
            (p.name, p.summary, town, *region_labels(p.regions), *offers,
             *(delivery_label(d) for d in p.delivery)),
        ))
    for n in site.newsletters:
        docs.append(SearchDocument(
            n.title, urls[("newsletter", n.slug)], labels["newsletter"], (),
            f"Issue {n.issue} · {uk_date(n.date)}", (n.title, n.summary),
        ))
    for r in site.items(RESOURCE):
        docs.append(SearchDocument(
            r.title, urls[("resource", r.slug)], labels["resource"], tuple(r.regions),
            f"{FORMATS[r.format]} · updated {uk_date(r.updated)}",
            (r.title, r.summary, FORMATS[r.format], *(themes.get(t, t) for t in r.themes),
             *(AUDIENCES[a] for a in r.audience)),
        ))
    for kind in KINDS:
        if kind.name not in _DESCRIBED:  # a kind added to the registry: found by its title and summary
            docs += [SearchDocument(item.title, urls[(kind.name, item.slug)], kind.label, (), "",
                                    (item.title, item.summary)) for item in site.items(kind)]
    for title, url in _hand_written(nav or [], generated):
        docs.append(SearchDocument(title, url, labels[PAGE_KIND], (), "", (title,)))
    return docs


def _hand_written(nav: list[Any], generated: set[str]) -> list[tuple[str, str]]:
    """(title, url) of the navigation's own Markdown pages, in nav order, each once."""
    found: dict[str, str] = {}

    def walk(entries: Any, title: str | None = None) -> None:
        if isinstance(entries, list):
            for entry in entries:
                walk(entry)
        elif isinstance(entries, dict):
            for key, value in entries.items():
                walk(value, str(key))
        elif isinstance(entries, str) and title and entries.endswith(".md") and entries not in generated:
            if re.match(r"^[a-z][a-z0-9+.-]*:", entries):
                return
            url = entries.removesuffix(".md")
            url = "" if url in ("index", "README") else url.removesuffix("/index") + "/"
            found.setdefault(url, title)

    walk(nav)
    return [(title, url) for url, title in found.items()]


# --- the index ----------------------------------------------------------------------------------


def search_index(site: Site, docs: list[SearchDocument]) -> dict[str, bytes]:
    """Every file of the index: its name and its bytes."""
    regions = list(site.vocabulary.regions)
    region_index = {key: i for i, key in enumerate(regions)}
    labels_by_kind = search_kinds()
    kind_labels = list(labels_by_kind.values())
    postings: dict[str, list[int]] = defaultdict(list)
    by_region: dict[str, list[int]] = {key: [] for key in regions}
    kinds = {label: [label, 0, 0] for label in kind_labels}
    for number, doc in enumerate(docs):
        for token in {t for text in doc.text for t in _tokens(text)}:
            postings[token].append(number)
        served = set(doc.regions)
        if "national" in served and doc.kind == labels_by_kind["provider"]:
            served = set(regions)  # as on the region pages, a national provider serves every region
        for key in served:
            by_region[key].append(number)
        span = kinds[doc.kind]
        span[1:] = [number, number + 1] if span[1] == span[2] else [span[1], number + 1]

    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for token, ids in postings.items():
        shards[shard_key(token)][token] = _deltas(ids)
    labels = [site.vocabulary.label("regions", key) for key in regions]
    files = {f"t-{key}.json": _dump(shard) for key, shard in shards.items()}
    for start in range(0, len(docs), CHUNK):
        files[f"d-{start // CHUNK}.json"] = _dump([
            [d.title, d.url, kind_labels.index(d.kind), [region_index[r] for r in d.regions], d.detail]
            for d in docs[start:start + CHUNK]
        ])
    files["f-region.json"] = _dump({labels[region_index[key]]: _deltas(ids) for key, ids in by_region.items()})
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    files["meta.json"] = _dump({
        "version": VERSION, "hash": digest.hexdigest()[:12], "prefix": PREFIX, "chunk": CHUNK,
        "count": len(docs), "kinds": list(kinds.values()), "regions": labels, "stop": sorted(STOP_WORDS),
        "shards": sorted(shards),
    })
    return files


def _deltas(ids: list[int]) -> list[int]:
    """Ascending ids as the first one and then the gaps: small numbers, short JSON."""
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def build_search_index(site: Site, site_dir: Path, pages: Iterable[GeneratedPage],
                       nav: list[Any] | None = None) -> Path:
    """Write the search index into `site_dir/search-index/` (replacing any older one); return the folder."""
    folder = Path(site_dir) / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, data in search_index(site, search_documents(site, list(pages), nav)).items():
        (folder / name).write_bytes(data)
    return folder
