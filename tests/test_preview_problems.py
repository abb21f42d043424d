"""A preview never hangs: a mistake shows in the browser, and saving the fix brings the page back.

MkDocs' server holds every request while its last rebuild has failed, so a
broken file used to leave the browser spinning. These tests run the real
`wla preview` and `mkdocs serve` as subprocesses and ask for pages over HTTP
with a short timeout: every answer must come at once.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import lxml.html
import pytest

from tests.browser import launch, playwright_or_skip
from tests.conftest import EPOCH
from tests.test_preview import _free_port, _wait_for

MISTAKE = ("region: north-west", "region: north-wst")
MESSAGE = '"north-wst" is not a known region. Did you mean "north-west"?'


@contextlib.contextmanager
def serving(project, *command: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", *command, "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
        print(output)


def get(url: str) -> str:
    """The page at `url`, which must answer within five seconds (a hanging server fails the test)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def problems_shown(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [" ".join(li.text_content().split()) for li in tree.xpath("//*[@data-wla-problems]//li")]


def edit(path, old: str, new: str) -> None:
    time.sleep(0.5)  # file times have a resolution; make the change visibly newer
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_preview_of_a_broken_file_shows_its_problems_then_the_page_once_fixed(project):
    story = project.case_study("my-story", title="My own story")
    edit(story, *MISTAKE)
    with serving(project, "wla_site", "preview", "case_studies/my-story.md") as root:
        page = _wait_for(root + "case-studies/my-story/", "data-wla-problems")
        assert problems_shown(page) == [f"case_studies/my-story.md, line 8 organisation.region {MESSAGE} "
                                        "Choose one of: north-east, north-west, yorkshire-and-the-humber, "
                                        "east-midlands, west-midlands, east-of-england, london, south-east, "
                                        "south-west, wales, scotland, northern-ireland, national "
                                        "(listed in vocabulary.yml)."]
        assert "livereload(" in page  # the page reloads by itself after the next build
        for address in ("", "case-studies/", "the-wla-role/"):
            assert "data-wla-problems" in get(root + address)
        edit(story, MISTAKE[1], MISTAKE[0])
        page = _wait_for(root + "case-studies/my-story/", "My own story")
        assert "data-wla-problems" not in page


def test_mkdocs_serve_shows_a_mistake_made_while_it_runs_and_never_hangs(project):
    story = project.case_study("my-story", title="My own story")
    project.case_study("other", title="Another story")
    with serving(project, "mkdocs", "serve") as root:
        _wait_for(root + "case-studies/my-story/", "My own story")
        edit(story, *MISTAKE)
        page = _wait_for(root + "case-studies/my-story/", "data-wla-problems")
        assert MESSAGE in " ".join(problems_shown(page))
        # Every page answers at once, each with the problems: the one a visitor is on, and the others.
        for address in ("case-studies/other/", "regions/north-west/", "events/", "", "becoming-a-wla/"):
            assert "case_studies/my-story.md, line 8" in get(root + address)
        edit(story, MISTAKE[1], MISTAKE[0])
        _wait_for(root + "case-studies/my-story/", "My own story")
        assert "data-wla-problems" not in get(root + "case-studies/other/")


def test_a_bad_hand_written_page_shows_in_serve_too(project):
    project.case_study("story")
    with serving(project, "mkdocs", "serve") as root:
        _wait_for(root, "Workplace Learning Advocates")
        about = project.write("docs/about.md", "---\ntitle: About\n---\n# About\n\n[Gone](gone.md)\n")
        page = _wait_for(root + "about/", "data-wla-problems")
        assert problems_shown(page) == ['docs/about.md, line 6 the link "gone.md" goes to gone.md, which is not '
                                        "a page of the site. Check the file name."]
        edit(about, "gone.md", "the-wla-role.md")
        _wait_for(root + "about/", 'id="about"')
        assert "data-wla-problems" not in get(root + "about/")


@pytest.mark.browser
def test_in_the_browser_the_problems_appear_and_go_by_themselves(project):
    sync_playwright = playwright_or_skip()
    story = project.case_study("my-story", title="My own story")
    with serving(project, "wla_site", "preview", "case_studies/my-story.md") as root, sync_playwright() as playwright:
        _wait_for(root + "case-studies/my-story/", "My own story")
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(root + "case-studies/my-story/")
        assert page.text_content("h1") == "My own story"
        edit(story, *MISTAKE)
        page.wait_for_selector("[data-wla-problems]", timeout=30_000)  # no click, no reload by hand
        assert "case_studies/my-story.md, line 8" in page.text_content("[data-wla-problems]")
        edit(story, MISTAKE[1], MISTAKE[0])
        page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').textContent === 'My own story'",
                               timeout=30_000)
        browser.close()
