"""The `wla` command, called as `main([...])`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from wla_site.cli.main import main
from wla_site.content.problems import Problem
from wla_site.content.site import load_site

from tests.conftest import REPO


def test_check_passes_on_good_content(project, capsys):
    project.case_study("story")
    assert main(["--root", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == "All content is fine: 1 case study, 0 events, 0 e-shot issues, 0 providers and 0 resources.\n"


def test_check_fails_with_the_report_and_writes_nothing(project, capsys):
    project.case_study("story", themes=["wellbeeing"])

    def files() -> list[Path]:  # what git sees: .cache/ (the rendered stories it keeps) is ignored
        return sorted(p for p in project.root.rglob("*") if ".cache" not in p.relative_to(project.root).parts)

    before = files()
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Found 1 problem in 1 file:\n\n  case_studies/story.md, line 13: themes[1]: \"wellbeeing\" is not a known theme. Did you mean \"wellbeing\"?")
    assert files() == before


def test_check_github_format(project, capsys):
    project.case_study("story", themes=["wellbeeing"])
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    captured = capsys.readouterr()
    first = captured.out.splitlines()[0]
    assert first.startswith("::error file=case_studies/story.md,line=13,title=themes[1]::\"wellbeeing\" is not a known theme.")
    # The people-readable report still reaches the log, on standard error.
    assert captured.err.startswith("Found 1 problem in 1 file:")


def test_github_format_follows_the_workflow_command_rules(project, capsys):
    """Every annotation is one line: `::error file=F,line=N,title=T::message`, escaped as GitHub expects."""
    project.case_study("story", summary="x" * 301, themes=["wellbeeing"])
    project.event("session", region="nowhere")
    project.write("providers/broken.yml", "name: [unclosed\n")
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    annotations = capsys.readouterr().out.splitlines()
    assert len(annotations) == 4
    command = re.compile(r"^::error file=[^,:%\r\n]+(,line=\d+)?,title=[^,:\r\n]+::[^\r\n]+$")
    for line in annotations:
        assert command.match(line), line
    assert {line.split(",")[0] for line in annotations} == {
        "::error file=case_studies/story.md", "::error file=events/session.yml", "::error file=providers/broken.yml",
    }


def test_github_escaping_of_data_and_properties():
    problem = Problem("case_studies/a,b:c.md", 3, "quote.text", "100% sure\r\nsecond line: yes, really")
    assert problem.as_github() == (
        "::error file=case_studies/a%2Cb%3Ac.md,line=3,title=quote.text::100%25 sure%0D%0Asecond line: yes, really"
    )
    untitled = Problem("vocabulary.yml", None, None, "missing")
    assert untitled.as_github() == "::error file=vocabulary.yml,title=Content problem::missing"


def test_root_may_follow_the_command(project, capsys):
    project.case_study("story")
    assert main(["check", "--root", str(project.root)]) == 0
    assert capsys.readouterr().out.startswith("All content is fine")


def test_new_writes_valid_prefilled_files(project, capsys):
    for kind, slug in (("case-study", "my-story"), ("event", "my-event"), ("newsletter", "my-issue"), ("provider", "my-provider")):
        assert main(["--root", str(project.root), "new", kind, slug]) == 0
    out = capsys.readouterr().out
    assert "Wrote case_studies/my-story.md. Replace the examples, then run `wla check`." in out
    text = (project.root / "case_studies/my-story.md").read_text()
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/case-study.schema.json\n")
    assert "# the date to publish" in text
    event = (project.root / "events/my-event.yml").read_text()
    assert event.startswith("# yaml-language-server: $schema=../schemas/event.schema.json\n")
    # Valid once the examples are replaced and consent is given (tests/test_templates.py has the refusals).
    for path in project.root.glob("*/my-*.*"):
        path.write_text(replace_examples(path.read_text()))
    site = load_site(project.root, include_drafts=True)
    assert len(site.case_studies) == len(site.events) == len(site.newsletters) == len(site.providers) == 1


def replace_examples(text: str) -> str:
    """A file from `wla new` with every tell-tale example replaced, and consent given."""
    from wla_site.content.examples import EXAMPLES

    for examples in EXAMPLES.values():
        for example in examples:
            text = text.replace(example.text, "Our own words.")
    # The case study's summary is folded over two lines.
    text = text.replace("colleagues\n  teach each other, and ten people went on to a course.", "colleagues.")
    text = text.replace("A WLA at a small engineering firm set up a weekly club where colleagues.", "Our own words.")
    return text.replace("consent: false", "consent: true")


def test_new_refuses_bad_or_existing_names(project, capsys):
    assert main(["--root", str(project.root), "new", "case-study", "My Story"]) == 1
    project.case_study("taken")
    assert main(["--root", str(project.root), "new", "case-study", "taken"]) == 1
    err = capsys.readouterr().err
    assert '"My Story" cannot be a file name' in err
    assert "case_studies/taken.md already exists." in err


def test_python_dash_m_runs(project):
    project.case_study("a-story")
    result = subprocess.run([sys.executable, "-m", "wla_site", "--root", str(project.root), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- the guide (docs/contribute.md and CONTRIBUTING.md) says what the tools do ------------------

GUIDE = REPO / "docs/contribute.md"

GOOD = """---
title: A learning club at a bakery
date: 2026-03-02
summary: A WLA set up a weekly learning club.
organisation:
  name: Example Bakery
  sector: agriculture-and-food
  region: north-west
authors:
  - name: Sam Example
themes:
  - peer-learning
consent: true
---
The story.
"""

MISTAKES = {
    "region-typo": ("region: north-west", "region: north-wst"),
    "theme-label": ("  - peer-learning", "  - Learning at Work Week"),
    "missing-summary": ("summary: A WLA set up a weekly learning club.\n", ""),
    "long-title": ("title: A learning club at a bakery", "title: " + "A very long title " * 8),
    "field-typo": ("title:", "titel:"),
    "colon-title": ("title: A learning club at a bakery", "title: Learning: a club at a bakery"),
    "tab-indent": ("  name: Example Bakery", "\tname: Example Bakery"),
    "no-consent": ("consent: true", "consent: false"),
    "date-format": ("date: 2026-03-02", "date: 02/03/2026"),
    "website": ("  region: north-west", "  region: north-west\n  website: www.example.org"),
    "themes-string": ("themes:\n  - peer-learning", "themes: peer-learning, wellbeing"),
    "image-missing": ("consent: true", "image:\n  src: images/team.jpg\n  alt: The team\nconsent: true"),
    "no-front-matter": (GOOD, "title: x\n\nThe story.\n"),
    "duplicate": ("consent: true", "consent: true\ntitle: Again"),
    "no-authors": ("authors:\n  - name: Sam Example", "authors: []"),
    "no-closing-line": ("consent: true\n---", "consent: true\n"),
    "empty-outcome": ("consent: true", "outcomes:\n  -\nconsent: true"),
    "draft-word": ("consent: true", "consent: true\ndraft: maybe"),
    "size": ("  region: north-west", "  region: north-west\n  size: tiny"),
    "unclosed-quote": ("title: A learning club at a bakery", 'title: "A learning club at a bakery'),
    "indented-more": ("  sector: agriculture-and-food", "    sector: agriculture-and-food"),
    "not-in-its-group": ("  region: north-west", "region: north-west"),
    "hash-value": ("title: A learning club at a bakery", "title: #1 learning club"),
    "no-space": ("consent: true", "consent:true"),
    "dash-no-space": ("  - peer-learning", "  -peer-learning"),
    "example-left": ("  name: Example Bakery", "  name: Example Engineering Ltd"),
}
"""The usual mistakes of a first case study, each made once in a copy of a good file."""


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start):text.index(end)]


def _first_column(table: str) -> list[str]:
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]


def test_every_message_in_the_guide_is_one_wla_check_prints(project, capsys):
    for name, (old, new) in MISTAKES.items():
        assert old in GOOD, name
        project.write(f"case_studies/{name}.md", GOOD.replace(old, new))
    project.write("case_studies/My Story.md", GOOD)
    project.write("case_studies/wrong-extension.txt", GOOD)
    project.write("case_studies/old-encoding.md", GOOD.replace("Sam Example", "Siân").encode("cp1252"))
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    fragments = _first_column(_between(GUIDE.read_text(encoding="utf-8"), "<!-- messages -->", "<!-- /messages -->"))
    assert len(fragments) >= 20
    for fragment in fragments:
        assert fragment in out, f"the guide quotes a message wla check no longer prints: {fragment}"


def test_every_form_message_in_the_guide_is_one_from_issue_prints(project, capsys, monkeypatch):
    from tests.test_intake import CONSENT_TEXT, form_body

    body = form_body(title="A" * 130, sector=None, themes="Baking", consent=f"- [ ] {CONSENT_TEXT}",
                     **{"quote-by": None})
    path = project.write("body.md", body)
    assert main(["--root", str(project.root), "from-issue", "--body-file", str(path)]) == 1
    out = capsys.readouterr().out
    fragments = _first_column(_between(GUIDE.read_text(encoding="utf-8"), "<!-- form-messages -->", "<!-- /form-messages -->"))
    for fragment in fragments:
        assert fragment in out, fragment


def test_the_guide_shows_the_file_wla_new_writes():
    from datetime import date

    from wla_site.cli.scaffold import template_text

    block = _between(GUIDE.read_text(encoding="utf-8"), "that `wla new` writes:\n\n```yaml\n", "```\n\n### Each field")
    assert block == template_text("case-study", date(2026, 6, 3))


def test_the_guide_lists_the_allowed_values_of_vocabulary_yml():
    from wla_site.content.problems import Problems
    from wla_site.content.site import load_vocabulary

    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    text = GUIDE.read_text(encoding="utf-8")
    for heading, kind in (("### Regions", "regions"), ("### Sectors", "sectors"), ("### Themes", "themes")):
        table = text.split(heading, 1)[1].split("\n\n###", 1)[0].split("\n\n##", 1)[0]
        rows = re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \|$", table, re.MULTILINE)
        assert rows == list(getattr(vocabulary, kind).items()), kind


def test_the_guide_explains_every_case_study_field():
    from wla_site.content.models import CaseStudy, Image, Organisation, Person, Quote

    text = GUIDE.read_text(encoding="utf-8")
    for name in CaseStudy.model_fields:
        assert f"| `{name}` |" in text, name
    for group, model in (("organisation", Organisation), ("authors", Person), ("quote", Quote), ("image", Image)):
        for name in model.model_fields:
            assert f"`{group}` → `{name}`" in text or f"`{name}`" in text, (group, name)


def test_contributing_holds_the_same_guide_as_the_site():
    site = _between(GUIDE.read_text(encoding="utf-8"), "<!-- guide -->", "<!-- /guide -->")
    github = _between((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"), "<!-- guide -->", "<!-- /guide -->")
    assert github == site
    for route in ("### Way 1: the form", "### Way 2: GitHub's web editor", "### Way 3: a copy on your computer"):
        assert route in site
