"""Whether web addresses still work: a few at a time, each with a time limit, remembered for a day.

`check_links` asks for each address with a GET (some sites refuse HEAD),
following redirects, as a browser would; it reads only the answer's status,
never the page. At most `workers` requests run at once, and each waits at most
`timeout` seconds for each step (connecting, then each part of the answer).
Answers are kept in a cache file (`.cache/wla/links.json` under the project)
for a day, so running the report again soon asks no one twice. Proxies set in
the environment (`https_proxy` and the like) are used, as other tools do.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

CACHE_FILE = Path(".cache") / "wla" / "links.json"
"""The cache, relative to the project's folder (git ignores `.cache/`)."""

CACHE_SECONDS = 24 * 60 * 60
"""How long an answer is trusted."""

TIMEOUT = 10.0
"""Seconds to wait for each step of an answer."""

WORKERS = 8
"""Addresses checked at once."""

USER_AGENT = "Mozilla/5.0 (compatible; wla-link-check/1; the WLA network's website checking its links)"
"""Says who asks; some sites turn away requests that do not look like a browser's at all."""


@dataclass(frozen=True)
class LinkResult:
    """What happened when an address was asked for."""

    url: str
    ok: bool
    status: int | None
    """The final HTTP status, after redirects; None when no answer came."""
    reason: str
    """What went wrong, in words ("the page is not there (404)"); empty when it works."""
    final_url: str
    checked: float
    """When, in seconds since 1970."""


def _status_reason(status: int) -> str:
    if status in (404, 410):
        return f"the page is not there ({status})"
    if status in (401, 403):
        return f"the site refused to show the page ({status})"
    if status == 429:
        return "the site asked for fewer requests (429): try again later"
    if status >= 500:
        return f"the site had an error ({status})"
    return f"the site answered with an error ({status})"


def _error_reason(error: BaseException, timeout: float) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    seconds = f"{timeout:g} second" + ("" if timeout == 1 else "s")
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {seconds}"
    if isinstance(reason, socket.gaierror):
        return "the site's name could not be found"
    if isinstance(reason, ConnectionRefusedError):
        return "the site refused the connection"
    if isinstance(reason, ssl.SSLError):
        return "the site's security certificate is not valid"
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return "the connection broke before an answer came"
    if "tunnel connection failed" in str(reason).lower():
        return "the proxy could not reach the site"
    return "the site could not be reached"


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 10


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def check_one(url: str, *, timeout: float = TIMEOUT, now: float = 0.0) -> LinkResult:
    """Ask for one address and say whether it works."""
    # Letters outside ASCII in the path or query are sent as a browser sends them (percent-encoded).
    address = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = int(response.status)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        return LinkResult(url, False, error.code, _status_reason(error.code), error.geturl() or url, now)
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        return LinkResult(url, False, None, _error_reason(error, timeout), url, now)
    if status >= 400:
        return LinkResult(url, False, status, _status_reason(status), final, now)
    return LinkResult(url, True, status, "", final, now)


def read_cache(path: Path, now: float) -> dict[str, LinkResult]:
    """Answers in the cache less than a day old (nothing if the file is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["links"]
        results = {url: LinkResult(**entry) for url, entry in entries.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {url: r for url, r in results.items() if 0 <= now - r.checked < CACHE_SECONDS}


def write_cache(path: Path, results: Iterable[LinkResult]) -> None:
    """Keep answers for next time (written whole, then moved into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"links": {r.url: asdict(r) for r in sorted(results, key=lambda r: r.url)}}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def check_links(urls: Iterable[str], *, now: float, cache: Path | None = None, timeout: float = TIMEOUT,
                workers: int = WORKERS) -> dict[str, LinkResult]:
    """Every address's result, from the cache when it is less than a day old, else asked for now.

    `now` is the time in seconds since 1970; `cache` the cache file (None for no cache).
    """
    wanted = list(dict.fromkeys(urls))
    known = read_cache(cache, now) if cache is not None else {}
    to_ask = [url for url in wanted if url not in known]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        asked = list(pool.map(lambda url: check_one(url, timeout=timeout, now=now), to_ask))
    results = {**known, **{r.url: r for r in asked}}
    if cache is not None and asked:
        write_cache(cache, results.values())
    return {url: results[url] for url in wanted}
