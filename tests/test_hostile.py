"""Broken and hostile files: each is rejected with its exact message, or built harmlessly.

`tests/corpus/<case>/` holds content files as a contributor might send them
and `expected.txt`, the exact lines `wla check` must print. Every case must
also fail `mkdocs build` without touching the last good `site/`.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import unicodedata
from pathlib import Path

import icalendar
import pytest
from lxml import etree
from lxml import html as lxml_html
from wla_site.cli.main import main

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def copy_case(case: str, root: Path) -> None:
    for path in (CORPUS / case).rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(CORPUS / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_gives_its_exact_message(case, project, capsys):
    copy_case(case, project.root)
    started = time.monotonic()
    assert main(["--root", str(project.root), "check"]) == 1
    assert time.monotonic() - started < 5
    out = capsys.readouterr().out
    lines = [line[2:] for line in out.splitlines() if line.startswith("  ")]
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert "Traceback" not in out


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_reports_are_inert(case, project, capsys):
    """Plain and GitHub reports of every case: no hidden character, no line the Actions runner obeys
    but our own annotations, each on a file of the case."""
    from tests.workflow_commands import parse_command, runner_lines

    copy_case(case, project.root)
    files = {p.relative_to(CORPUS / case).as_posix() for p in (CORPUS / case).rglob("*") if p.is_file()}
    for args in ((), ("--format", "github")):
        assert main(["--root", str(project.root), "check", *args]) == 1
        captured = capsys.readouterr()
        for stream in (captured.out, captured.err):
            assert not [c for c in stream if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
            for line in runner_lines(stream):
                command = parse_command(line)
                if command is not None:
                    assert args and stream is captured.out, line
                    assert command.name == "error" and command.properties["file"] in files, line


def test_no_case_runs_code_or_damages_the_site(project):
    project.case_study("good-story", title="Good story")
    project.build()
    snapshot = {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    for case in CASES:
        copy_case(case, project.root)
        result = project.build(check=False)
        assert result.returncode == 1, case
        assert "Traceback" not in result.stdout + result.stderr, case
        assert "The content has problems." in result.stderr, case
        for folder in ("case_studies", "events", "newsletters", "providers"):
            for path in (project.root / folder).rglob("*"):
                if path.is_file() and path.stem != "good-story":
                    path.unlink()
    assert {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()} == snapshot
    assert not Path("/tmp/wla-pwned").exists()


def test_oversized_file_and_image(project, capsys):
    project.write("events/huge.yml", "title: x\ndescription: |\n" + "  words and more words\n" * 30000)
    project.write("case_studies/images/big.jpg", b"\xff\xd8\xff" + b"\0" * (3 * 1024 * 1024))
    project.case_study("big-image", image={"src": "images/big.jpg", "alt": "Big"})
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "events/huge.yml: the file is 673 KB; the most a content file may be is 512 KB." in out
    assert "case_studies/big-image.md, line 16: image.src: the image is 3072 KB; the most allowed is 2048 KB. Make it smaller." in out


HOSTILE_BODY = """## Hello <script>alert('body')</script>

<iframe src="https://evil.example.net/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<a href="javascript:alert('link')">click</a> <a href="JaVaScRiPt:alert(1)">again</a>
<a href="data:text/html,<script>alert(1)</script>">data</a>
<p onclick="alert('p')" style="background:url(javascript:alert(1))">para</p>
<svg onload="alert('svg')"></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>
<form action="https://evil.example.net/"><input name="q"></form>
[md link](javascript:alert('md'))
<details open ontoggle="alert('toggle')"><summary>s</summary></details>
</div></article><script>alert('break')</script>
"""

# A picture in the text (`<img src=… onerror=…>`) is refused by the check, not built: see
# tests/test_markup.py::test_a_picture_in_the_text_is_refused_on_its_line.

HOSTILE_TEXT = "</script><script>alert('title')</script><img src=x onerror=alert(1)> \" ' & \u0007"


THEME_ONLOAD = "this.media='all'"
"""The one event handler the engine writes itself (mkdocs/theme/main.html), never from content."""


def _assert_nothing_executable(path: Path) -> None:
    doc = lxml_html.fromstring(path.read_bytes())
    # Material's search box is the only form; contributor content never brings one.
    assert not doc.cssselect(".md-content form:not(.wla-filter):not(.wla-search)"), path
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if (element.tag, name, value) == ("link", "onload", THEME_ONLOAD):
                continue  # the theme's own: material.css loads without blocking the first paint
            assert not name.lower().startswith("on"), (path, element.tag, name)
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path, value)
        assert element.tag not in ("iframe", "object", "embed"), (path, element.tag)
        if element.tag == "script" and element.get("type") == "application/ld+json":
            # Data, not code: it must parse whole, so nothing broke out of the element.
            json.loads(element.text or "")
        elif element.tag == "script":
            assert "alert(" not in (element.text or ""), path
            src = element.get("src")
            assert src is None or not src.startswith(("http:", "https:", "//")), (path, src)


def test_hostile_content_builds_with_nothing_executable(project):
    project.case_study("hostile", title=HOSTILE_TEXT[:120], summary=HOSTILE_TEXT, body=HOSTILE_BODY,
                       quote={"text": HOSTILE_TEXT, "by": HOSTILE_TEXT},
                       outcomes=[HOSTILE_TEXT])
    project.event("hostile-event", title=HOSTILE_TEXT[:100] + "\r\nBEGIN:VEVENT", summary=HOSTILE_TEXT,
                  description=HOSTILE_BODY + "\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected\n",
                  organiser=HOSTILE_TEXT, cost=HOSTILE_TEXT, start="2027-01-05T10:00", end="2027-01-05T12:00")
    project.provider("hostile-provider", name=HOSTILE_TEXT, summary=HOSTILE_TEXT)
    project.newsletter("hostile-issue", title=HOSTILE_TEXT[:120], summary=HOSTILE_TEXT, body=HOSTILE_BODY,
                       features={"case_studies": ["hostile"], "events": ["hostile-event"]})
    project.build()
    pages = [p for p in project.site_dir.rglob("*.html")]
    assert len(pages) > 10
    for page in pages:
        _assert_nothing_executable(page)
    # Feeds stay well-formed, and the HTML they carry is as clean as the pages.
    for feed in project.site_dir.rglob("*.xml"):
        tree = etree.parse(str(feed))
        for node in tree.iter("{http://purl.org/rss/1.0/modules/content/}encoded", "{http://www.w3.org/2005/Atom}content", "description"):
            if node.text and "<" in node.text:
                fragment = project.root / "fragment.html"
                fragment.write_text(f"<div>{node.text}</div>")
                _assert_nothing_executable(fragment)
    # JSON feeds parse, and their HTML is as clean as the pages.
    for feed in project.site_dir.rglob("feed.json"):
        for item in json.loads(feed.read_bytes())["items"]:
            fragment = project.root / "fragment.html"
            fragment.write_text(f"<div>{item['content_html']}</div>")
            _assert_nothing_executable(fragment)
    # Calendars parse with at most one event: text could not start a new one. The event's
    # own file, the network's calendar and its region's hold it.
    calendars = [ics for ics in project.site_dir.rglob("*.ics")
                 if icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert len(calendars) == 3
    for ics in calendars:
        events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert len(events) == 1, ics
        assert str(events[0]["SUMMARY"]).startswith("</script>")
        assert not re.search(r"^(SUMMARY:Injected|BEGIN:VEVENT\S)", ics.read_text(), re.MULTILINE)
    text = (project.site_dir / "case-studies/hostile/index.html").read_text()
    assert "alert('body')" not in text
    assert "\u0007" not in text
    # The visitor still sees the words, as text.
    doc = lxml_html.fromstring(text)
    assert doc.cssselect("article h1")[0].text_content() == HOSTILE_TEXT[:120].replace("\u0007", "").strip()


def test_markdown_that_would_exhaust_the_renderer_is_refused_quickly(project, capsys):
    deep_list = "".join("  " * i + "- level\n" for i in range(100))
    project.case_study("deep", body="Intro.\n\n" + deep_list)
    project.newsletter("brackets", body="Fine.\n\n" + "[" * 5000 + "\n")
    project.event("long", description="Line one.\n" + "word " * 30000)
    nested = "".join("    " + "  " * i + "- b\n" for i in range(60))
    project.write("events/nested.yml", (project.root / "events/long.yml").read_text().split("description:")[0]
                  + "description: |\n" + nested)
    started = time.monotonic()
    assert main(["--root", str(project.root), "check"]) == 1
    assert time.monotonic() - started < 5
    lines = [line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert lines == [
        "case_studies/deep.md, line 39: this line is indented too deeply (more than ten levels). Use fewer levels of list.",
        "events/long.yml, line 12: description: the text is 146 KB; the most allowed is 100 KB. Shorten it or link to a longer document.",
        "events/nested.yml, line 34: description: this line is indented too deeply (more than ten levels). Use fewer levels of list.",
        "newsletters/brackets.md, line 9: this paragraph has more than 200 square brackets `[`. Split it up or remove the brackets.",
    ]
