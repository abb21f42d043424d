"""`wla check` where people are: from any folder of the project, on just the files they changed."""

from __future__ import annotations

import os
import subprocess
import sys

from wla_site.cli.main import main

from tests.conftest import EPOCH


def run_wla(cwd, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "wla_site", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_from_a_folder_inside_the_project(project):
    project.case_study("story")
    (project.root / "case_studies/images").mkdir()
    for folder in (project.root / "case_studies", project.root / "case_studies/images", project.root / "docs"):
        result = run_wla(folder, "check")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("All content is fine: 1 case study, 0 events")


def test_check_from_inside_finds_the_problems_of_the_whole_project(project):
    project.case_study("story", themes=["wellbeeing"])
    result = run_wla(project.root / "docs", "check")
    assert result.returncode == 1
    assert "  case_studies/story.md, line 13: themes[1]: " in result.stdout


def test_check_just_the_named_files(project, capsys, monkeypatch):
    project.case_study("mine", title="Mine")
    project.case_study("broken-other", themes=["wellbeeing"])
    project.event("session")
    monkeypatch.chdir(project.root / "case_studies")
    assert main(["check", "mine.md"]) == 0
    assert capsys.readouterr().out == "No problems in case_studies/mine.md.\n"
    assert main(["check", "mine.md", "../events/session.yml"]) == 0
    assert capsys.readouterr().out == "No problems in case_studies/mine.md and events/session.yml.\n"
    assert main(["check", "broken-other.md"]) == 1
    assert "case_studies/broken-other.md, line 13: themes[1]:" in capsys.readouterr().out


def test_check_a_file_and_what_it_refers_to(project, capsys):
    project.case_study("featured", date="2026-03-01")
    issue = project.newsletter("issue", features={"case_studies": ["featured", "missing"]},
                               body="Read [it](/case-studies/featured/) and [that](/events/nope/).\n")
    project.provider("unrelated", website="not an address")
    assert main(["--root", str(project.root), "check", "newsletters/issue.md"]) == 1
    out = capsys.readouterr().out
    assert 'features.case_studies[2]: there is no published case study "missing"' in out
    assert "providers/unrelated.yml" not in out  # not named, not referred to
    # Links are followed once the content reads cleanly (a link to a file that failed is no second mistake).
    issue.write_text(issue.read_text(encoding="utf-8").replace("  - missing\n", ""), encoding="utf-8")
    assert main(["--root", str(project.root), "check", "newsletters/issue.md"]) == 1
    assert 'the link "/events/nope/" goes to /events/nope/' in capsys.readouterr().out


def test_a_link_from_a_checked_file_to_one_that_was_not_read(project, capsys):
    project.case_study("other")
    project.case_study("mine", body="See [the other](/case-studies/other/) and [the provider](/providers/p/).\n")
    project.provider("p")
    assert main(["--root", str(project.root), "check", "case_studies/mine.md"]) == 0, capsys.readouterr().out


def test_check_a_hand_written_page(project, capsys):
    project.write("docs/about.md", "---\ntitle: About\n---\n# About\n\n[Gone](gone.md)\n")
    assert main(["--root", str(project.root), "check", "docs/about.md"]) == 1
    assert ('  docs/about.md, line 6: the link "gone.md" goes to gone.md, which is not a page of the site. '
            "Check the file name.\n") in capsys.readouterr().out
    project.write("docs/about.md", "---\ntitle: About\n---\n# About\n\n[Role](the-wla-role.md)\n")
    assert main(["--root", str(project.root), "check", "docs/about.md"]) == 0
    assert capsys.readouterr().out == "No problems in docs/about.md.\n"


def test_check_names_a_file_that_is_not_there(project, capsys):
    assert main(["--root", str(project.root), "check", "case_studies/nope.md"]) == 1
    assert capsys.readouterr().err == (
        '"case_studies/nope.md" is not a file. Give the path of a content file, like case_studies/my-story.md.\n')


def test_check_a_file_that_is_not_content(project, capsys):
    assert main(["--root", str(project.root), "check", "mkdocs.yml"]) == 1
    assert ("mkdocs.yml: there is no content file here. Give the path of one, like case_studies/my-story.md."
            in capsys.readouterr().out)


def test_check_a_draft_by_name_says_it_is_left_out(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project.case_study("mine", draft=True)
    assert main(["--root", str(project.root), "check", "case_studies/mine.md"]) == 0
    assert capsys.readouterr().out == (
        "No problems in case_studies/mine.md.\n1 draft was left out: case_studies/mine.md.\n")
