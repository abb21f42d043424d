"""The `wla` command, called as `main([...])`."""

from __future__ import annotations

import subprocess
import sys

from wla_site.cli import main
from wla_site.site import load_site


def test_check_passes_on_good_content(project, capsys):
    project.case_study("story")
    assert main(["--root", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == "All content is fine: 1 case study, 0 events, 0 e-shot issues and 0 providers.\n"


def test_check_fails_with_the_report_and_writes_nothing(project, capsys):
    project.case_study("story", themes=["wellbeeing"])
    before = sorted(p for p in project.root.rglob("*"))
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Found 1 problem in 1 file:\n\n  case_studies/story.md, line 13: themes[1]: \"wellbeeing\" is not a known theme. Did you mean \"wellbeing\"?")
    assert sorted(p for p in project.root.rglob("*")) == before


def test_check_github_format(project, capsys):
    project.case_study("story", themes=["wellbeeing"])
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=case_studies/story.md,line=13,title=themes[1]::\"wellbeeing\" is not a known theme.")


def test_new_writes_valid_prefilled_files(project, capsys):
    for kind, slug in (("case-study", "my-story"), ("event", "my-event"), ("newsletter", "my-issue"), ("provider", "my-provider")):
        assert main(["--root", str(project.root), "new", kind, slug]) == 0
    out = capsys.readouterr().out
    assert "Wrote case_studies/my-story.md. Replace the examples, then run `wla check`." in out
    text = (project.root / "case_studies/my-story.md").read_text()
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/case-study.schema.json\n")
    assert "# the date to publish" in text
    site = load_site(project.root, include_drafts=True)
    assert len(site.case_studies) == len(site.events) == len(site.newsletters) == len(site.providers) == 1


def test_new_refuses_bad_or_existing_names(project, capsys):
    assert main(["--root", str(project.root), "new", "case-study", "My Story"]) == 1
    project.case_study("taken")
    assert main(["--root", str(project.root), "new", "case-study", "taken"]) == 1
    err = capsys.readouterr().err
    assert '"My Story" cannot be a file name' in err
    assert "case_studies/taken.md already exists." in err


def test_python_dash_m_runs(project):
    result = subprocess.run([sys.executable, "-m", "wla_site", "--root", str(project.root), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
