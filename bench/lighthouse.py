"""Page-speed benchmark (issue 15): Lighthouse's mobile profile on one page of every kind.

Builds the site (the sample content at the repository root, or `--project DIR`)
into a temporary folder with SOURCE_DATE_EPOCH fixed, serves it on 127.0.0.1
from a small HTTP server that gzips text responses as GitHub Pages does, and
runs npm's `lighthouse` against Debian's chromium on each page in turn, in its
default mobile profile (a mid-range phone, 4x CPU slowdown, simulated slow 4G).
Pages run one at a time: the machines here have two shared cores.

It prints a Markdown table: performance score, first and largest contentful
paint, total blocking time, cumulative layout shift, bytes transferred, the unused CSS and JavaScript
Lighthouse reports, and the resources that block rendering. With `--runs N`
each page is measured N times and the run with the median score is kept.
The JSON reports go to bench/results/lighthouse/ (git-ignored).

    npm install --no-save --no-audit --no-fund --prefix .ci/node lighthouse
    .venv/bin/python bench/lighthouse.py --runs 3
    .venv/bin/python bench/lighthouse.py --kinds home,provider-list --keep-site /tmp/site
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "lighthouse"
LIGHTHOUSE = REPO / ".ci" / "node" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
EPOCH = "1795521600"

# The kinds measured by default: every kind of page, as the browser tests name them.
KINDS = ["home", "case-study-list", "case-study", "event-list", "event", "newsletter-list", "newsletter",
         "provider-list", "provider", "region-list", "region", "theme-list", "theme", "search", "hand-written"]

# What GitHub Pages compresses: text of every kind, and SVG; never images or archives.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
                    "application/rss+xml", "application/atom+xml", "image/svg+xml", "application/manifest+json")


# --- serving the built site as GitHub Pages would --------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, gzip-compressed when the type is text and the browser accepts gzip."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json", ".svg": "image/svg+xml",
                      ".xml": "application/xml", ".ics": "text/calendar", ".webmanifest": "application/manifest+json"}

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        kind = self.guess_type(str(path))
        body = path.read_bytes()
        compress = kind.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


class _Body:
    """The file-like object `send_head` returns: `copyfile` reads it, `close` is called after."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve_gzip(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` with gzip on 127.0.0.1 on a free port; yield the root address."""
    handler = functools.partial(GzipHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- building and choosing pages ---------------------------------------------------------------


def build(project: Path, site_dir: Path) -> None:
    """A fresh `mkdocs build` of `project` into `site_dir`, with the package beside this folder."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "plugins"), os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site_dir)], env=env, check=True)


def page_addresses(project: Path) -> dict[str, str]:
    """One address (from the site root) for every kind of page, chosen as the browser tests choose."""
    sys.path[:0] = [str(REPO), str(REPO / "plugins")]
    from tests.browser import page_kinds
    from tests.conftest import Project

    return page_kinds(Project(project))


# --- running Lighthouse ----------------------------------------------------------------------------


@dataclass
class Measurement:
    kind: str
    url: str
    score: float
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    transfer_bytes: int
    unused_css_bytes: int
    unused_js_bytes: int
    blocking: list[tuple[str, float]]
    """Render-blocking resources: address (from the site root) and Lighthouse's estimated saving."""


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    """Run Lighthouse's default (mobile) profile on `url`; return its JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance",
                    "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}"],
                   env=env, check=True, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def measurement(kind: str, origin: str, result: dict[str, Any]) -> Measurement:
    audits = result["audits"]

    def number(audit: str) -> float:
        return float(audits[audit].get("numericValue") or 0)

    def savings(audit: str) -> int:
        return int((audits[audit].get("details") or {}).get("overallSavingsBytes") or 0)

    blocking = [(item["url"].removeprefix(origin), float(item.get("wastedMs") or 0))
                for item in (audits["render-blocking-resources"].get("details") or {}).get("items", [])]
    return Measurement(
        kind=kind, url=result["finalDisplayedUrl"].removeprefix(origin),
        score=round(100 * (result["categories"]["performance"]["score"] or 0)),
        fcp_ms=number("first-contentful-paint"), lcp_ms=number("largest-contentful-paint"),
        tbt_ms=number("total-blocking-time"), cls=number("cumulative-layout-shift"), transfer_bytes=int(number("total-byte-weight")),
        unused_css_bytes=savings("unused-css-rules"), unused_js_bytes=savings("unused-javascript"),
        blocking=blocking,
    )


def measure(kind: str, origin: str, path: str, runs: int) -> Measurement:
    """Measure one page `runs` times; keep the run with the median score (then median LCP)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    found = []
    for run in range(runs):
        report = RESULTS / f"{kind}-{run + 1}.json"
        found.append(measurement(kind, origin, lighthouse(origin + path, report)))
    found.sort(key=lambda m: (m.score, -m.lcp_ms))
    return found[len(found) // 2]


# --- the table -----------------------------------------------------------------------------------


def table(rows: list[Measurement]) -> str:
    lines = ["| page kind | address | score | FCP | LCP | TBT | CLS | transfer | unused CSS | unused JS | render-blocking |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for m in rows:
        blocking = ", ".join(f"`{url}` ({ms:.0f} ms)" for url, ms in m.blocking) or "none"
        lines.append(f"| {m.kind} | `/{m.url}` | {m.score:.0f} | {m.fcp_ms / 1000:.2f} s | {m.lcp_ms / 1000:.2f} s "
                     f"| {m.tbt_ms:.0f} ms | {m.cls:.3f} | {m.transfer_bytes / 1000:.1f} KB | {m.unused_css_bytes / 1000:.1f} KB "
                     f"| {m.unused_js_bytes / 1000:.1f} KB | {blocking} |")
    scores = [m.score for m in rows]
    lines.append("")
    lines.append(f"Lowest score {min(scores):.0f}, median {statistics.median(scores):.0f}; "
                 f"slowest LCP {max(m.lcp_ms for m in rows) / 1000:.2f} s ({max(rows, key=lambda m: m.lcp_ms).kind}).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO, help="the project to build (default: the sample site)")
    parser.add_argument("--site", type=Path, help="measure this already built site instead of building one")
    parser.add_argument("--kinds", help=f"comma-separated page kinds (default: all of {', '.join(KINDS)})")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept (default 1)")
    parser.add_argument("--keep-site", type=Path, help="also copy the built site here, to look at it")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed: npm install --no-save --no-audit --no-fund --prefix {REPO / '.ci/node'} "
              "lighthouse", file=sys.stderr)
        return 2
    project = args.project.resolve()
    addresses = page_addresses(project)
    kinds = args.kinds.split(",") if args.kinds else KINDS
    unknown = [k for k in kinds if k not in addresses]
    if unknown:
        print(f"Unknown page kinds: {', '.join(unknown)}. Known: {', '.join(addresses)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="wla-lighthouse-") as tmp:
        site_dir = args.site.resolve() if args.site else Path(tmp) / "site"
        if not args.site:
            build(project, site_dir)
        if args.keep_site:
            shutil.rmtree(args.keep_site, ignore_errors=True)
            shutil.copytree(site_dir, args.keep_site)
        rows = []
        with serve_gzip(site_dir) as origin:
            for kind in kinds:
                rows.append(measure(kind, origin, addresses[kind], args.runs))
                print(f"{kind}: {rows[-1].score:.0f}, LCP {rows[-1].lcp_ms / 1000:.2f} s", file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
