"""`wla preview`: one item, its listing and its home-page card, built fast and rebuilt on save."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from wla_site.cli.main import main
from wla_site.mkdocs.preview import PREVIEW_CONFIG_PREFIX, preview_plugins

from tests.conftest import EPOCH


def built_pages(site: Path, folder: str) -> set[str]:
    return {p.parent.name for p in (site / folder).glob("*/index.html")}


@pytest.fixture
def busy_project(project):
    """A project with many items, so that building only one shows."""
    for number in range(60):
        project.case_study(f"story-{number:02d}", title=f"Story number {number}", date=f"2026-01-{number % 28 + 1:02d}")
    project.case_study("my-story", title="My own story", date="2026-11-01", draft=True)
    project.event("session")
    project.newsletter("issue-1")
    project.provider("provider")
    return project


def test_build_only_holds_just_the_item_its_listing_and_home_card(busy_project, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "preview"
    started = time.perf_counter()
    assert main(["--root", str(busy_project.root), "preview", "case_studies/my-story.md", "--build-only", str(out)]) == 0
    seconds = time.perf_counter() - started
    assert capsys.readouterr().out.startswith(f"Built a preview of case_studies/my-story.md into {out} in ")
    assert built_pages(out, "case-studies") == {"my-story"}  # a draft, shown because it is being previewed
    assert built_pages(out, "events") == set()
    assert built_pages(out, "providers") == set()
    assert 'href="my-story/"' in (out / "case-studies/index.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="case-studies/my-story/"' in home
    assert "story-0" not in home
    assert "My own story" in (out / "case-studies/my-story/index.html").read_text(encoding="utf-8")
    assert not list(busy_project.root.glob(f"{PREVIEW_CONFIG_PREFIX}*"))
    assert not (busy_project.root / "site").exists()
    # A full build of the same project writes every page; the preview writes one.
    full = time.perf_counter()
    busy_project.build()
    full = time.perf_counter() - full
    assert len(built_pages(busy_project.site_dir, "case-studies")) == 60
    print(f"preview {seconds:.2f} s, full build {full:.2f} s")
    assert seconds < full  # it builds one item, not sixty: never slower than the full build, however busy the machine


def test_preview_of_a_file_with_problems_reports_them_and_builds_nothing(project, tmp_path, capsys):
    project.case_study("broken", themes=["wellbeeing"])
    out = tmp_path / "preview"
    assert main(["--root", str(project.root), "preview", "case_studies/broken.md", "--build-only", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Found 1 problem in 1 file:\n\n  case_studies/broken.md, line 13: themes[1]:")
    assert not out.exists()


@pytest.mark.parametrize("path", ["case_studies/missing.md", "docs/index.md", "mkdocs.yml"])
def test_preview_needs_a_content_file(project, capsys, path):
    project.case_study("story")
    assert main(["--root", str(project.root), "preview", path, "--build-only", "x"]) == 1
    assert f'"{path}" is not a content file. Give the path of one, like case_studies/my-story.md.' in capsys.readouterr().err


def test_preview_accepts_a_path_from_inside_the_project(project, tmp_path, monkeypatch, capsys):
    project.case_study("story")
    monkeypatch.chdir(project.root / "case_studies")
    out = tmp_path / "preview"
    assert main(["--root", str(project.root), "preview", "story.md", "--build-only", str(out)]) == 0
    assert built_pages(out, "case-studies") == {"story"}


def test_preview_keeps_the_other_plugins_and_options(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search:\n      lang: en\n  - wla:\n      timezone: Europe/Dublin\n")
    assert preview_plugins(config, "events/a.yml") == [
        {"search": {"lang": "en"}},
        {"wla": {"timezone": "Europe/Dublin", "only": "events/a.yml"}},
    ]
    config.write_text("site_name: x\nplugins:\n  - search\n")
    assert preview_plugins(config, "events/a.yml") == ["search", {"wla": {"only": "events/a.yml"}}]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 40) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if text in page:
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}; last page:\n{page[:500]}")


def test_serve_rebuilds_when_the_file_is_saved(project):
    story = project.case_study("my-story", title="Before the change")
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen(
        [sys.executable, "-m", "wla_site", "preview", "case_studies/my-story.md", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/case-studies/my-story/"
        _wait_for(url, "Before the change")
        assert list(project.root.glob(f"{PREVIEW_CONFIG_PREFIX}*"))
        time.sleep(0.5)  # file times have a resolution; make the change visibly newer
        story.write_text(story.read_text(encoding="utf-8").replace("Before the change", "After the change"))
        _wait_for(url, "After the change")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Previewing case_studies/my-story.md." in output
    assert f"Serving on http://127.0.0.1:{port}/" in output
    assert not list(project.root.glob(f"{PREVIEW_CONFIG_PREFIX}*"))
