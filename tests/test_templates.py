"""`wla new` and the issue form never give consent for the contributor, and their examples never go live."""

from __future__ import annotations

import yaml
from wla_site.cli.main import main

from tests.conftest import REPO


def new(project, kind: str, slug: str) -> str:
    assert main(["--root", str(project.root), "new", kind, slug]) == 0
    folder, suffix = {"case-study": ("case_studies", "md"), "event": ("events", "yml"),
                      "newsletter": ("newsletters", "md"), "provider": ("providers", "yml")}[kind]
    return (project.root / f"{folder}/{slug}.{suffix}").read_text(encoding="utf-8")


def test_wla_new_does_not_give_consent(project):
    text = new(project, "case-study", "my-story")
    assert "consent: false                   # change to true once everyone named has agreed to publication\n" in text
    assert "consent: true" not in text


def test_the_issue_form_does_not_tick_consent():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/case-study.yml").read_text(encoding="utf-8"))
    consent = next(element for element in form["body"] if element.get("id") == "consent")
    assert consent["type"] == "checkboxes"
    # GitHub's checkboxes have no "checked" setting: a box is ticked only by the person filling in the form.
    assert [set(option) for option in consent["attributes"]["options"]] == [{"label", "required"}]
    assert "value" not in consent["attributes"]


def test_an_untouched_case_study_is_refused_line_by_line(project, capsys):
    new(project, "case-study", "my-story")
    capsys.readouterr()
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    example = "this is still the example that `wla new` wrote. Write your own in its place."
    assert out == (
        "Found 6 problems in 1 file:\n\n"
        f"  case_studies/my-story.md, line 5: title: {example}\n"
        f"  case_studies/my-story.md, line 7: summary: {example}\n"
        f"  case_studies/my-story.md, line 11: organisation.name: {example}\n"
        f"  case_studies/my-story.md, line 18: authors[1].name: {example}\n"
        "  case_studies/my-story.md, line 30: consent: must be true: confirm that everyone named in the story "
        "agreed to publication.\n"
        "  case_studies/my-story.md, line 33: this is still the example text that `wla new` wrote "
        '("Write the story here in plain English."). Write your own in its place.\n'
        "\nFix these and run the check again. Nothing was built.\n"
    )


def test_untouched_events_issues_and_providers_are_refused(project, capsys):
    new(project, "event", "my-event")
    new(project, "newsletter", "my-issue")
    new(project, "provider", "my-provider")
    capsys.readouterr()
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    example = "this is still the example that `wla new` wrote. Write your own in its place."
    assert f"  events/my-event.yml, line 5: summary: {example}\n" in out
    assert f"  events/my-event.yml, line 31: description: {example}\n" in out
    assert f"  newsletters/my-issue.md, line 7: summary: {example}\n" in out
    assert ('  newsletters/my-issue.md, line 13: this is still the example text that `wla new` wrote '
            '("Write the editorial and news here, in Markdown."). Write your own in its place.\n') in out
    assert f"  providers/my-provider.yml, line 3: name: {example}\n" in out
    assert f"  providers/my-provider.yml, line 4: summary: {example}\n" in out
    assert out.startswith("Found 6 problems in 3 files:")


def test_one_example_left_behind_is_enough_to_refuse(project, capsys):
    project.case_study("story", organisation={"name": "Example Engineering Ltd", "sector": "manufacturing",
                                              "region": "north-west"})
    assert main(["--root", str(project.root), "check"]) == 1
    assert ("case_studies/story.md, line 6: organisation.name: this is still the example that `wla new` wrote."
            in capsys.readouterr().out)


def test_a_draft_holding_examples_is_refused_too(project, capsys):
    """A draft is checked like any file: it is the file that will be published when the draft ends."""
    project.provider("draft-like", name="Example Adult Learning Service")
    assert main(["--root", str(project.root), "check"]) == 1
    assert "providers/draft-like.yml, line 1: name: this is still the example" in capsys.readouterr().out
