"""Going live: the site's address in one place, a deploy that refuses the placeholder, a guide, a logo that shows."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from wla_site.cli.intake import LABEL
from wla_site.cli.main import main

from tests.browser import _QuietHandler, launch, playwright_or_skip
from tests.conftest import REPO, SITE_URL
from tests.test_preview import _free_port

PLACEHOLDER_MESSAGE = (
    "mkdocs.yml: site_url is https://wla-network.example.org/, the placeholder the project ships with, so "
    "feeds, calendars and the e-shot would point to a site that does not exist. Set site_url to the site's "
    "real address, like https://your-organisation.github.io/wla-site/ (MAINTAINING.md says how), then "
    "publish again."
)


def set_site_url(project, url: str) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SITE_URL, url), encoding="utf-8")


def test_the_address_is_written_once():
    """mkdocs.yml holds the address; no other file the engine reads spells it."""
    holders = []
    for path in [*REPO.glob("plugins/**/*"), *REPO.glob("docs/**/*"), *REPO.glob("overrides/**/*"),
                 *REPO.glob(".github/**/*"), REPO / "mkdocs.yml", REPO / "vocabulary.yml"]:
        if path.is_file() and "wla-network.example.org" in path.read_text(encoding="utf-8", errors="replace"):
            holders.append(path.relative_to(REPO).as_posix())
    assert holders == ["mkdocs.yml"]


def test_a_deploy_build_refuses_the_placeholder_address(project, monkeypatch):
    project.case_study("story")
    monkeypatch.setenv("WLA_DEPLOY", "1")
    result = project.build(check=False)
    assert result.returncode == 1
    assert PLACEHOLDER_MESSAGE in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.site_dir.exists()


def test_wla_check_in_a_deploy_refuses_it_too(project, capsys, monkeypatch):
    project.case_study("story")
    monkeypatch.setenv("WLA_DEPLOY", "1")
    assert main(["--root", str(project.root), "check"]) == 1
    assert capsys.readouterr().err == PLACEHOLDER_MESSAGE + "\n"


@pytest.mark.parametrize("url", ["https://example.org/", "https://www.example.com/wla/"])
def test_any_example_domain_is_a_placeholder(project, capsys, monkeypatch, url):
    set_site_url(project, url)
    monkeypatch.setenv("WLA_DEPLOY", "1")
    assert main(["--root", str(project.root), "check"]) == 1
    assert f"mkdocs.yml: site_url is {url}, the placeholder" in capsys.readouterr().err


def test_outside_a_deploy_the_placeholder_is_fine(project, monkeypatch):
    """Pull requests, forks and people's own computers build with the placeholder."""
    project.case_study("story")
    monkeypatch.delenv("WLA_DEPLOY", raising=False)
    project.build()


def test_a_deploy_with_the_real_address_builds(project, monkeypatch):
    project.case_study("story")
    set_site_url(project, "https://wla-network.github.io/wla-site/")
    monkeypatch.setenv("WLA_DEPLOY", "1")
    project.build()
    feed = (project.site_dir / "case-studies/feed.xml").read_text(encoding="utf-8")
    assert "https://wla-network.github.io/wla-site/case-studies/story/" in feed


def test_the_maintainers_guide_covers_the_one_time_setup():
    guide = (REPO / "MAINTAINING.md").read_text(encoding="utf-8")
    assert "`site_url` in `mkdocs.yml`" in guide
    assert "**Source** to **GitHub Actions**" in guide
    assert f"named exactly `{LABEL}`" in guide
    assert "`CASE_STUDY_TOKEN`" in guide
    workflow = (REPO / ".github/workflows/case-study-from-issue.yml").read_text(encoding="utf-8")
    assert "secrets.CASE_STUDY_TOKEN" in workflow
    for readme in ("README.md", "CONTRIBUTING.md"):
        assert "(MAINTAINING.md)" in (REPO / readme).read_text(encoding="utf-8"), readme
    # The placeholder it quotes is the one the deploy refuses.
    assert re.search(r"site_url is https://wla-network\.example\.org/, the placeholder", guide)


# --- the e-shot's logo ------------------------------------------------------------------------------


@contextlib.contextmanager
def serve_on(site_dir: Path, port: int) -> Iterator[None]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_the_eshot_logo_has_alt_text_and_shows_once_the_address_is_set(project):
    sync_playwright = playwright_or_skip()
    project.newsletter("issue")
    port = _free_port()
    address = f"http://127.0.0.1:{port}/"
    set_site_url(project, address)  # the site's real address, here a local one
    project.build()
    with serve_on(project.site_dir, port), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(address + "newsletters/issue/email.html")
        logo = page.locator("img").first
        assert logo.get_attribute("alt") == "Workplace Learning Advocates"
        assert logo.get_attribute("src") == address + "assets/images/logo.png"
        page.wait_for_load_state("load")
        assert logo.evaluate("img => img.complete && img.naturalWidth") > 0
        browser.close()
    assert os.path.getsize(project.site_dir / "assets/images/logo.png") > 0
