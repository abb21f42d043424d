"""`wla report freshness` and the weekly workflow that keeps one issue up to date with it.

Links are checked against a real HTTP server on 127.0.0.1, started by the test, that
answers 200, 301 then 200, 404, 500, or never; the report must name exactly the
broken ones, in the time allowed, asking no more than a few at once and no one twice
in a day. The workflow's steps run as in tests/test_workflows.py, with `gh` stubbed and
every request sent through a proxy on 127.0.0.1, so nothing leaves this machine.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import stat
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from wla_site.cli import linkcheck
from wla_site.cli.freshness import MARKER, stale_providers, year_before
from wla_site.cli.main import main
from wla_site.content.links import content_links
from wla_site.content.site import load_site

from tests.conftest import EPOCH, REPO, Project
from tests.test_workflows import Runner, load

# --- a server that answers every way a link can ------------------------------------------------


class LinkServer:
    """Counts what it was asked for, and how many requests it held at once."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.in_flight = 0
        self.most_at_once = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.origin = ""

    def url(self, path: str) -> str:
        return self.origin + path


def _handler(server: LinkServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
            pass

        def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
            body = b"" if status in (301, 302) else f"{status}\n".encode()
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (the base class's name)
            path = self.path.split("?")[0]
            with server.lock:
                server.hits[self.path] += 1
                server.in_flight += 1
                server.most_at_once = max(server.most_at_once, server.in_flight)
            counted = [True]

            def answer(status: int, headers: dict[str, str] | None = None) -> None:
                # Counted out before the answer is sent: once a client has it, its worker may ask
                # again (a redirect's next request) before this thread would otherwise get here.
                with server.lock:
                    server.in_flight -= 1
                    counted[0] = False
                self._answer(status, headers)

            try:
                if path == "/ok":
                    answer(200)
                elif path == "/moved":
                    answer(301, {"Location": "/ok"})
                elif path == "/missing":
                    answer(404)
                elif path == "/broken":
                    answer(500)
                elif path == "/slow":
                    time.sleep(0.3)
                    answer(200)
                elif path == "/hangs":
                    server.release.wait(30)  # never answers while the test runs
                else:
                    answer(404)
            finally:
                if counted[0]:
                    with server.lock:
                        server.in_flight -= 1

    return Handler


@pytest.fixture
def links() -> Iterator[LinkServer]:
    state = LinkServer()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- content with links of every kind and providers of every age ------------------------------------


def fill(project: Project, server: LinkServer) -> None:
    """Links in bodies and fields of every kind; providers checked long ago, lately, never and 'tomorrow'."""
    project.case_study("story", body=f"See [the club]({server.url('/ok')}) and [the old page]({server.url('/moved')}).\n"
                                     f"The [college]({server.url('/missing')}) helped.\n",
                       organisation={"name": "Example Bakery", "sector": "agriculture-and-food",
                                     "region": "north-west", "website": server.url("/ok")})
    project.event("session", booking=server.url("/broken"))
    project.newsletter("issue-1", body=f"Read about [the college]({server.url('/missing')}).\n")
    project.provider("old", name="Old College", website=server.url("/ok"), verified="2025-11-24")
    project.provider("recent", name="Recent College", website=server.url("/ok"), verified="2025-11-25")
    project.provider("never", name="Never Checked Centre", website=server.url("/hangs"))
    project.provider("future", name="Future Hub", website=server.url("/ok"), verified="2027-01-05")
    project.write("resources/guide.md", "---\n" + "\n".join([
        "title: A guide", "summary: A guide to something.", "audience: [wlas]", "format: guide",
        f"link: {server.url('/ok')}", "licence: cc-by-4.0", "updated: 2026-03-02"]) + f"\n---\nAlso [here]({server.url('/broken')}).\n")


def run_report(project: Project, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(project.root), "report", "freshness", "--timeout", "1", *args])
    return code, capsys.readouterr().out


@pytest.fixture(autouse=True)
def build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # 24 November 2026


def test_the_report_names_stale_providers_and_every_broken_link(project, links, capsys):
    fill(project, links)
    start = time.monotonic()
    code, out = run_report(project, capsys)
    elapsed = time.monotonic() - start
    assert code == 1
    assert elapsed < 8, f"the hanging site held the report for {elapsed:.1f} s"
    assert out.startswith("Freshness of the content on 24 November 2026\n")
    assert "Providers whose details were not checked in the last 12 months: 3 of 4\n" in out
    assert "  - Never Checked Centre (providers/never.yml): never checked (the file has no verified: date).\n" in out
    assert "  - Old College (providers/old.yml): last checked November 2025.\n" in out
    assert "  - Future Hub (providers/future.yml): the verified: date, 5 January 2027, is after today.\n" in out
    assert "Recent College" not in out
    assert "Links that no longer work: 3 of 5\n" in out
    broken = dict(re.findall(r"^  - (http\S+): (.*)\.$", out, re.MULTILINE))
    assert broken == {
        links.url("/missing"): "the page is not there (404)",
        links.url("/broken"): "the site had an error (500)",
        links.url("/hangs"): "no answer within 1 second",
    }, out
    places = re.findall(r"^    In (.*)\.$", out, re.MULTILINE)
    assert "case_studies/story.md (text), newsletters/issue-1.md (text)" in places
    assert "events/session.yml (booking), resources/guide.md (text)" in places
    assert "providers/never.yml (website)" in places
    # The redirect was followed to a page that works; each address was asked for once.
    assert links.hits["/moved"] == 1 and links.hits["/ok"] == 2
    assert links.hits["/missing"] == 1 and links.hits["/hangs"] == 1


def test_every_link_of_every_kind_is_found_once_with_its_places(project, links):
    fill(project, links)
    found = content_links(load_site(project.root))
    assert {url: [str(p) for p in places] for url, places in found.items()} == {
        links.url("/ok"): ["case_studies/story.md (organisation.website)", "case_studies/story.md (text)",
                           "providers/future.yml (website)", "providers/old.yml (website)",
                           "providers/recent.yml (website)", "resources/guide.md (link)"],
        links.url("/moved"): ["case_studies/story.md (text)"],
        links.url("/missing"): ["case_studies/story.md (text)", "newsletters/issue-1.md (text)"],
        links.url("/broken"): ["events/session.yml (booking)", "resources/guide.md (text)"],
        links.url("/hangs"): ["providers/never.yml (website)"],
    }


def test_answers_are_cached_for_a_day_in_the_project(project, links, capsys):
    fill(project, links)
    run_report(project, capsys)
    cache = project.root / ".cache/wla/links.json"
    assert set(json.loads(cache.read_text())["links"]) == set(content_links(load_site(project.root)))
    before = sum(links.hits.values())
    code, out = run_report(project, capsys)
    assert code == 1 and "no answer within 1 second" in out  # from the cache, not asked again
    assert sum(links.hits.values()) == before
    run_report(project, capsys, "--refresh")
    assert sum(links.hits.values()) == 2 * before
    # A day later the cache is not trusted.
    urls = [links.url("/ok"), links.url("/missing")]
    now = time.time()
    linkcheck.check_links(urls, now=now, cache=cache, timeout=1)
    asked = sum(links.hits.values())
    linkcheck.check_links(urls, now=now + linkcheck.CACHE_SECONDS - 60, cache=cache, timeout=1)
    assert sum(links.hits.values()) == asked
    results = linkcheck.check_links(urls, now=now + linkcheck.CACHE_SECONDS + 1, cache=cache, timeout=1)
    assert sum(links.hits.values()) == asked + 2
    assert [r.ok for r in results.values()] == [True, False]


def test_a_broken_cache_file_is_ignored(project, links, capsys):
    fill(project, links)
    project.write(".cache/wla/links.json", "{not json")
    code, out = run_report(project, capsys, "--no-links")
    assert code == 1 and "Links were not checked." in out
    assert "never checked" in out
    code, out = run_report(project, capsys)
    assert "Links that no longer work: 3 of 5" in out


def test_concurrency_is_bounded_and_redirects_are_followed(links):
    urls = [links.url(f"/slow?n={n}") for n in range(12)]
    start = time.monotonic()
    results = linkcheck.check_links(urls, now=time.time(), workers=3, timeout=5)
    elapsed = time.monotonic() - start
    assert all(r.ok and r.status == 200 for r in results.values())
    assert 2 <= links.most_at_once <= 3
    assert elapsed >= 4 * 0.3 * 0.9  # 12 slow answers, 3 at a time: at least four rounds
    moved = linkcheck.check_one(links.url("/moved"), timeout=2)
    assert moved.ok and moved.status == 200 and moved.final_url == links.url("/ok")
    accented = linkcheck.check_one(links.url("/ok?q=café"), timeout=2)
    assert accented.ok and links.hits["/ok?q=caf%C3%A9"] == 1


def test_markdown_for_the_issue(project, links, capsys):
    fill(project, links)
    project.provider("sneaky", name="@everyone | [click](https://evil.example/) <b>`x`</b>",
                     website=links.url("/ok"))
    code, out = run_report(project, capsys, "--format", "markdown")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == MARKER
    assert "### Providers not checked in the last 12 months (4 of 5)" in lines
    assert "### Links that no longer work (3 of 5)" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| ---")]
    for row in rows:  # every row has exactly three cells: no name breaks the table
        assert len(re.split(r"(?<!\\)\|", row.strip())[1:-1]) == 3, row
    sneaky = next(row for row in rows if "sneaky" in row)
    assert sneaky.startswith("| ``@everyone \\| [click](https://evil.example/) <b>`x`</b>`` | `providers/sneaky.yml` |")
    assert f"| `{links.url('/hangs')}` | no answer within 1 second |" in out


def test_nothing_to_report(project, links, capsys):
    project.provider("fresh", website=links.url("/ok"), verified="2026-10-01")
    project.case_study("story", body=f"[A page]({links.url('/moved')}).\n")
    code, out = run_report(project, capsys)
    assert code == 0
    assert out.endswith("\nThe provider was checked in the last 12 months.\n\nBoth links work.\n")
    code, out = run_report(project, capsys, "--format", "markdown")
    assert code == 0 and "###" not in out


def test_content_problems_stop_the_report(project, capsys):
    project.provider("bad", verified="March 2026")
    code = main(["--root", str(project.root), "report", "freshness", "--no-links"])
    captured = capsys.readouterr()
    assert code == 2
    assert re.search(r'providers/bad.yml, line \d+: verified: "march 2026" is not a date.', captured.err)
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(("today", "checked", "stale"), [
    (date(2026, 11, 24), date(2025, 11, 24), True),   # 12 months to the day
    (date(2026, 11, 24), date(2025, 11, 25), False),
    (date(2028, 2, 29), date(2027, 2, 28), True),
    (date(2028, 2, 29), date(2027, 3, 1), False),
])
def test_twelve_months_to_the_day(project, today, checked, stale):
    project.provider("p", verified=checked.isoformat())
    site = load_site(project.root, today=today)
    assert bool(stale_providers(site)) is stale
    assert year_before(date(2028, 2, 29)) == date(2027, 2, 28)


# --- the weekly workflow -----------------------------------------------------------------------------

WORKFLOW = REPO / ".github/workflows/freshness.yml"


class Proxy:
    """A web proxy on 127.0.0.1 that lets nothing through: every site is 'not there'."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_CONNECT(self) -> None:  # noqa: N802
                outer.asked.append(self.path)
                self.send_response(403)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802
                outer.asked.append(self.path)
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.address = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Proxy]:
    server = Proxy()
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, server.address)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "")
    try:
        yield server
    finally:
        server.close()


def test_the_workflow_is_weekly_and_may_only_write_issues():
    data = load(WORKFLOW)
    (schedule,) = data["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    assert "workflow_dispatch" in data["on"]
    assert data["permissions"] == {"contents": "read", "issues": "write"}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    from tests.test_workflows import COPY_IGNORE

    root = tmp_path / "repo"
    shutil.copytree(REPO, root, ignore=COPY_IGNORE)
    return root


def gh_stub(runner: Runner, open_issue: str) -> None:
    """`gh` as the runner's stub, except that `gh issue list` names `open_issue` (or nothing)."""
    stub = runner.stubs / "gh"
    stub.write_text(f'#!/bin/sh\necho "gh $*" >> "{runner.stub_log}"\n'
                    f'if [ "$1 $2" = "issue list" ]; then echo "{open_issue}"; fi\n')
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)


def test_the_first_report_opens_the_issue(repo_copy, proxy):
    job = load(repo_copy / ".github/workflows/freshness.yml")["jobs"]["report"]
    runner = Runner(repo_copy, {})
    runner.run_job(job)
    assert runner.outputs["report"] == {"found": "true"}
    body = runner.temp / "freshness.md"
    text = body.read_text()
    assert text.startswith(MARKER)
    # The sample providers never checked, or checked long ago, are named.
    assert "`Lincolnshire Rural Skills Network`" in text and "`Coastal Kent Adult Education`" in text
    assert "### Links that no longer work" in text  # every request was refused by the proxy
    assert proxy.asked and all(":443" in target or target.startswith("http") for target in proxy.asked)
    calls = runner.stub_calls()
    assert calls[0] == "pip install -e ."
    assert calls[1] == "gh issue list --label freshness --state open --limit 1 --json number --jq .[0].number // empty"
    assert calls[2].startswith("gh label create freshness ")
    assert calls[3] == f"gh issue create --title Providers to check and links to fix --label freshness --body-file {body}"
    assert len(calls) == 4


def test_later_reports_edit_the_open_issue_or_close_it(repo_copy):
    job = load(repo_copy / ".github/workflows/freshness.yml")["jobs"]["report"]
    step = next(s for s in job["steps"] if s.get("name") == "Update the freshness issue")
    for found, expected in (("true", "gh issue edit 12 --body-file {body}"),
                            ("false", "gh issue close 12 --comment This week's freshness check found nothing to "
                                      "fix: every provider was checked in the last 12 months and every link works.")):
        runner = Runner(repo_copy, {})
        runner.stub_log.unlink(missing_ok=True)  # the runner's folder is shared by the three runs here
        gh_stub(runner, "12")
        runner.outputs["report"] = {"found": found}
        (runner.temp / "freshness.md").write_text(MARKER + "\n")
        env = {k: str(v) for k, v in step["env"].items()}
        env["FOUND"] = found
        result = runner.run_script(step["run"], env, "update")
        assert result.returncode == 0, result.stderr
        calls = runner.stub_calls()
        assert calls[0].startswith("gh issue list --label freshness --state open")
        assert calls[1:] == [expected.format(body=runner.temp / "freshness.md")], calls
    # Nothing found and no issue open: nothing to do.
    runner = Runner(repo_copy, {})
    runner.stub_log.unlink(missing_ok=True)
    gh_stub(runner, "")
    result = runner.run_script(step["run"], {"FOUND": "false"}, "update")
    assert result.returncode == 0 and len(runner.stub_calls()) == 1


def test_a_content_problem_fails_the_workflow(repo_copy, proxy):
    provider = next((repo_copy / "providers").glob("*.yml"))
    provider.write_text(provider.read_text() + "verified: soon\n")
    job = load(repo_copy / ".github/workflows/freshness.yml")["jobs"]["report"]
    runner = Runner(repo_copy, {})
    with pytest.raises(AssertionError, match="Make the report"):
        runner.run_job(job)
    assert not [c for c in runner.stub_calls() if c.startswith("gh ")]


def test_the_cache_folder_is_ignored_by_git():
    assert "/.cache/" in (REPO / ".gitignore").read_text().splitlines()
