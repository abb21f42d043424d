"""Nothing outside the repository gets in: links out of it are refused; odd folders and huge pictures too."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from wla_site.cli.main import main

from tests.conftest import Project, case_study_fields, copy_content, dump


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--root", str(root), "check"]) == 1
    return capsys.readouterr().out


def test_a_content_file_linked_from_outside_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text((Path(__file__).parent.parent / "events").glob("*.yml").__next__().read_text())
    root = copy_content(tmp_path / "site")
    os.symlink(outside, root / "events/linked-event.yml")
    out = check(root, capsys)
    assert (f"events/linked-event.yml: this file is a link to {outside.resolve()}, outside the website's folder. "
            "Put the content itself here instead of a link.") in out


def test_a_link_inside_the_repository_is_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path / "site")
    (root / "drafts").mkdir()
    first = next((root / "events").glob("*.yml"))
    target = root / "drafts" / "kept-here.yml"
    first.rename(target)
    os.symlink(target, root / "events" / "kept-here.yml")
    assert main(["--root", str(root), "check"]) == 0


def test_a_docs_page_linked_to_a_system_file_stops_check_and_build(project: Project,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    project.case_study("a-story")
    os.symlink("/etc/passwd", project.root / "docs/passwd.md")
    out = check(project.root, capsys)
    message = ("docs/passwd.md: this is a link to a file outside the website's folder, so it would publish that "
               "file. Put the file itself here, or remove the link.")
    assert message in out
    result = project.build(check=False)
    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


def test_a_picture_linked_from_outside_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path / "site")
    picture = tmp_path / "photo.png"
    picture.write_bytes(_png(10, 10))
    (root / "case_studies/images").mkdir(exist_ok=True)
    os.symlink(picture, root / "case_studies/images/linked.png")
    (root / "case_studies/with-link.md").write_text(
        "---\n" + dump(case_study_fields(image={"src": "images/linked.png", "alt": "A team"})) + "---\nStory.\n")
    out = check(root, capsys)
    assert ("case_studies/with-link.md, line " in out
            and 'image.src: "images/linked.png" is a link to a file outside the website\'s folder. '
                "Put the picture itself in case_studies/images/." in out)


def _png(width: int, height: int) -> bytes:
    """A valid PNG header and a tiny (truncated) body: enough for the size check, which reads the header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_a_huge_picture_in_a_small_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path / "site")
    (root / "case_studies/images").mkdir(exist_ok=True)
    (root / "case_studies/images/huge.png").write_bytes(_png(9000, 300))
    (root / "case_studies/images/bomb.png").write_bytes(_png(30000, 30000))
    (root / "case_studies/bomb-photo.md").write_text(
        "---\n" + dump(case_study_fields(image={"src": "images/bomb.png", "alt": "A team"})) + "---\nStory.\n")
    (root / "case_studies/huge-photo.md").write_text(
        "---\n" + dump(case_study_fields(image={"src": "images/huge.png", "alt": "A team"})) + "---\nStory.\n")
    out = check(root, capsys)
    assert ("image.src: the picture is 9000 × 300 pixels; the most allowed is 8000 on the longer side. "
            "Make it smaller: 2000 pixels across is plenty for the website.") in out
    assert ("image.src: the picture has hundreds of millions of pixels; the most allowed is 8000 on the longer side. "
            "Make it smaller: 2000 pixels across is plenty for the website.") in out


def test_a_folder_named_like_a_content_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path / "site")
    (root / "case_studies/my-story.md").mkdir()
    out = check(root, capsys)
    assert ("case_studies/my-story.md: this is a folder, not a file, so it is not read. Content files are files "
            "ending in .md: move the file out of the folder.") in out


def test_a_missing_content_folder_is_named_in_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_content(tmp_path)
    shutil.rmtree(root / "providers")
    assert main(["--root", str(root), "check"]) == 0
    assert "0 providers (there is no providers/ folder)" in capsys.readouterr().out
