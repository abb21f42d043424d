"""Resources for WLAs: a content kind with a file beside it, listed, filtered, downloadable and checked."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest
import yaml
from wla_site.cli.main import main
from wla_site.content.kinds import BY_NAME, RESOURCE
from wla_site.content.resource import AUDIENCES, FORMATS, size_text
from wla_site.content.site import load_site

from tests.conftest import REPO, Project, copy_content

SAMPLES = sorted((REPO / "resources").glob("*.md"))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def resource_text(**fields: object) -> str:
    data = {
        "title": "Lunchtime taster plan", "summary": "A plan for a lunchtime taster session.",
        "audience": ["wlas"], "themes": ["peer-learning"], "format": "session-plan",
        "file": "files/plan.pdf", "licence": "cc-by-4.0", "updated": "2026-03-02",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\nHow to use it.\n"


def test_the_samples_cover_every_kind_of_file_and_the_asked_for_resources() -> None:
    assert len(SAMPLES) >= 6
    suffixes = {Path(front(p)["file"]).suffix for p in SAMPLES}
    assert {".pdf", ".docx", ".odt", ".pptx", ".png"} <= suffixes
    formats = {front(p)["format"] for p in SAMPLES}
    assert {"session-plan", "planner", "flyer", "guide"} <= formats


def test_the_listing_holds_every_resource_with_download_type_and_real_size(sample_site: Project) -> None:
    site = load_site(REPO)
    resources = site.items(RESOURCE)
    listing = lxml.html.fromstring(sample_site.page("resources/"))
    titles = [" ".join(a.text_content().split()) for a in listing.cssselect("[data-wla-list] .wla-card__title a")]
    assert sorted(titles) == sorted(r.title for r in resources)
    for resource in resources:
        page = lxml.html.fromstring(sample_site.page(f"resources/{resource.slug}/"))
        (link,) = page.cssselect(".wla-download a")
        href = link.get("href")
        assert link.get("download") is not None and link.get("type") == resource.file_type.media_type
        published = sample_site.site_dir / "resources" / resource.slug / href
        original = REPO / "resources" / resource.file
        assert published.read_bytes() == original.read_bytes()
        text = " ".join(link.text_content().split())
        assert f"({resource.file_type.label}, {size_text(original.stat().st_size)})" in text


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_each_audience_has_a_page_listing_exactly_its_resources(sample_site: Project, audience: str) -> None:
    expected = sorted(front(p)["title"] for p in SAMPLES if audience in front(p)["audience"])
    page = lxml.html.fromstring(sample_site.page(f"resources/for/{audience}/"))
    shown = sorted(" ".join(a.text_content().split()) for a in page.cssselect("[data-wla-list] .wla-card__title a"))
    assert shown == expected


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_has_a_page_listing_exactly_its_resources(sample_site: Project, fmt: str) -> None:
    expected = sorted(front(p)["title"] for p in SAMPLES if front(p)["format"] == fmt)
    page = lxml.html.fromstring(sample_site.page(f"resources/format/{fmt}/"))
    shown = sorted(" ".join(a.text_content().split()) for a in page.cssselect("[data-wla-list] .wla-card__title a"))
    assert shown == expected


def test_cards_carry_what_the_filters_read(sample_site: Project) -> None:
    listing = lxml.html.fromstring(sample_site.page("resources/"))
    form = listing.cssselect("form[data-wla-filter]")[0]
    keys = [s.get("data-filter") for s in form.cssselect("select")]
    assert keys == ["audience", "theme", "format"]
    by_title = {" ".join(li.cssselect(".wla-card__title a")[0].text_content().split()): li
                for li in listing.cssselect("[data-wla-list] > li")}
    for path in SAMPLES:
        data = front(path)
        card = by_title[data["title"]]
        assert card.get("data-audience").split() == data["audience"]
        assert card.get("data-format") == data["format"]
        assert card.get("data-theme").split() == data.get("themes", [])


def test_theme_and_region_pages_and_search_include_resources(sample_site: Project) -> None:
    planner = front(REPO / "resources/learning-at-work-week-planner.md")
    theme = lxml.html.fromstring(sample_site.page(f"themes/{planner['themes'][0]}/"))
    assert planner["title"] in theme.text_content()
    talk = front(REPO / "resources/introducing-wlas-talk.md")
    region = lxml.html.fromstring(sample_site.page(f"regions/{talk['regions'][0]}/"))
    assert talk["title"] in region.text_content()
    documents = b"".join(p.read_bytes() for p in (sample_site.site_dir / "search-index").glob("d-*.json"))
    assert planner["title"].encode() in documents


def test_the_schema_and_wla_new_know_resources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (REPO / "schemas" / RESOURCE.schema_file).is_file()
    assert "resource" in BY_NAME
    root = copy_content(tmp_path)
    assert main(["--root", str(root), "new", "resource", "my-plan"]) == 0
    text = (root / "resources/my-plan.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/resource.schema.json\n")
    capsys.readouterr()
    # The untouched template names a file that is not there, so it cannot be published by mistake.
    assert main(["--root", str(root), "check"]) == 1
    assert ("resources/my-plan.md, line 11: file: there is no file at resources/files/example-session-plan.pdf. "
            "Check the spelling and that the file was added.") in capsys.readouterr().out


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("fields", "files", "line", "message"), [
    ({}, {"files/plan.pdf": b"\x89PNG\r\n\x1a\n rest"}, 9,
     'file: "files/plan.pdf" is not really a PDF. Save it again in that format.'),
    ({"file": "files/plan.docx"}, {"files/plan.docx": _zip({"hello.txt": b"hi"})}, 9,
     'file: "files/plan.docx" is not really a Word document. Save it again in that format.'),
    ({"file": "files/plan.exe"}, {"files/plan.exe": b"MZ"}, 9,
     'file: "files/plan.exe" is not a file the site can offer. Use one of: JPEG image, OpenDocument slides, '
     "OpenDocument text, PDF, PNG image, PowerPoint slides, Word document."),
    ({"file": "../secrets.pdf"}, {}, 9,
     'file: "../secrets.pdf" must be a path inside resources/, like files/planner.pdf. '
     "For a web address use link: instead."),
    ({"file": "files/missing.pdf"}, {}, 9,
     "file: there is no file at resources/files/missing.pdf. Check the spelling and that the file was added."),
])
def test_bad_files_are_refused_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             fields: dict, files: dict[str, bytes], line: int, message: str) -> None:
    root = copy_content(tmp_path)
    (root / "resources/bad.md").write_text(resource_text(**fields), encoding="utf-8")
    for name, data in files.items():
        (root / "resources" / name).write_bytes(data)
    assert main(["--root", str(root), "check"]) == 1
    assert f"resources/bad.md, line {line}: {message}" in capsys.readouterr().out


def test_a_file_over_20_mb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path)
    (root / "resources/big.md").write_text(resource_text(), encoding="utf-8")
    with (root / "resources/files/plan.pdf").open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(21 * 1024 * 1024)  # sparse: no real 21 MB written
    assert main(["--root", str(root), "check"]) == 1
    assert ("resources/big.md, line 9: file: the file is 21.0 MB; the most allowed is 20.0 MB. "
            "Make it smaller, or put it online and use link: instead.") in capsys.readouterr().out


def test_file_or_link_but_not_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path)
    (root / "resources/both.md").write_text(resource_text(link="https://www.example.org/plan"), encoding="utf-8")
    (root / "resources/neither.md").write_text(resource_text(file=None), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    for name in ("both", "neither"):
        assert re.search(rf"resources/{name}\.md(, line \d+)?: Give either file \(a file kept in resources/files/\) "
                         r"or link \(a web address\), not both or neither\.", out), out


def test_a_linked_resource_is_published_with_its_link(project: Project) -> None:
    project.write("resources/online-guide.md", resource_text(file=None, link="https://www.example.org/guide"))
    project.build()
    page = lxml.html.fromstring(project.page("resources/online-guide/"))
    (link,) = page.cssselect(".wla-download a")
    assert link.get("href") == "https://www.example.org/guide"
    assert "example.org/guide" in link.text_content()


def test_drafts_stay_off_the_site(project: Project) -> None:
    project.write("resources/files/plan.pdf", b"%PDF-1.4\n")
    project.write("resources/draft-plan.md", resource_text(draft=True))
    project.build()
    assert not (project.site_dir / "resources/draft-plan").exists()
    assert "Lunchtime taster plan" not in project.page("resources/")
