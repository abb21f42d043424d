"""One run finds every problem, each once, on its line, and none is a side effect of another.

A file that cannot be read is reported once: a reference to it from another
file is not a second error. Rules about a whole file (an event ends after it
starts) are checked in the same run as its fields. A missing field is placed
on the line where it should be added.
"""

from __future__ import annotations

from wla_site.cli.main import main

from tests.test_yaml_mistakes import EVENT, STORY

ESHOT = """---
title: WLA e-shot, March 2026
issue: 1
date: 2026-03-01
summary: News from the network.
features:
  case_studies:
    - bakery
  events:
    - info
---
The editorial.
"""


def _check(project, capsys) -> list[str]:
    assert main(["--root", str(project.root), "check"]) == 1
    return [line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]


def _write(project, story: str = STORY, event: str = EVENT, eshot: str = ESHOT) -> None:
    project.write("case_studies/bakery.md", story)
    project.write("events/info.yml", event)
    project.write("newsletters/march.md", eshot)


def test_a_featured_file_that_cannot_be_read_gives_one_error(project, capsys):
    _write(project, story=STORY.replace("title: A learning club at a bakery", 'title: "A learning club'))
    assert _check(project, capsys) == [
        'case_studies/bakery.md, line 2: title: the value starts with a quote (") that is not closed on this '
        'line, so the lines after it are read as part of it. Add a closing " at the end of the value.'
    ]


def test_a_featured_file_with_a_wrong_field_gives_one_error(project, capsys):
    _write(project, event=EVENT.replace("region: north-west", "region: north-wst"))
    (problem,) = _check(project, capsys)
    assert problem.startswith('events/info.yml, line 6: region: "north-wst" is not a known region.')


def test_a_feature_that_does_not_exist_is_still_an_error(project, capsys):
    _write(project, story=STORY.replace("consent: true", "consent: false"),
           eshot=ESHOT.replace("    - info", "    - information"))
    assert _check(project, capsys) == [
        "case_studies/bakery.md, line 14: consent: must be true: confirm that everyone named in the story "
        "agreed to publication.",
        'newsletters/march.md, line 10: features.events[1]: there is no published event "information" (drafts '
        "do not count). Use the file name in events/ without its extension.",
    ]


def test_whole_file_rules_come_with_a_line_and_with_the_field_errors(project, capsys):
    event = (
        EVENT.replace("end: 2026-12-01T12:30", "end: 2026-12-01T09:30")
        .replace("kind: information-session", "kind: infosession")
        .replace("  town: Wigan", "  town: ''")
    )
    _write(project, event=event)
    assert _check(project, capsys) == [
        'events/info.yml, line 2: kind: "infosession" is not a known kind of event. Did you mean '
        '"information-session"? Choose one of: information-session, training, network-meeting, taster, '
        "learning-at-work-week, adult-learners-week, conference, webinar, other (listed in vocabulary.yml).",
        "events/info.yml, line 5: `end` must be after `start`.",
        "events/info.yml, line 10: location.town: this is empty. Write something, or remove the field if it is "
        "optional.",
    ]


def test_a_rule_about_a_field_with_its_own_problem_is_not_repeated(project, capsys):
    # `location` is given but wrong: "give a location or an online link" would be a second, false error.
    _write(project, event=EVENT.replace("  venue: Town library\n", ""))
    assert _check(project, capsys) == [
        'events/info.yml, line 8: location.venue: this field is required but missing. Add a line "venue: …" '
        'under "location:", lined up with the fields there. The building or room.'
    ]


def test_missing_fields_are_placed_where_they_go(project, capsys):
    _write(
        project,
        story=STORY.replace("summary: A WLA set up a weekly learning club.\n", "").replace(
            "  - name: Sam Example\n    role: Lead WLA", "  - role: Lead WLA"),
        event=EVENT.replace("organiser: WLA North West\n", ""),
    )
    assert _check(project, capsys) == [
        'case_studies/bakery.md, line 9: authors[1].name: this field is required but missing. Add a line '
        '"name: …" to this entry of "authors", lined up with its other fields. The author\'s name.',
        'case_studies/bakery.md, line 13: summary: this field is required but missing. Add a line "summary: …" '
        "before the closing ---. One or two plain sentences, up to 300 characters, shown on cards and in feeds.",
        'events/info.yml, line 13: organiser: this field is required but missing. Add a line "organiser: …" at '
        "the end of the file. Who runs it.",
    ]


def test_whole_file_rules_are_checked_beside_a_value_yaml_read_as_a_note(project, capsys):
    event = EVENT.replace("title: WLA information session", "title: #1 session").replace(
        "end: 2026-12-01T12:30", "end: 2026-12-01T09:00")
    _write(project, event=event)
    assert _check(project, capsys) == [
        'events/info.yml, line 1: title: the value starts with #, which YAML reads as a note, so the field is '
        'empty: put the value in quotes: title: "#1 session"',
        "events/info.yml, line 5: `end` must be after `start`.",
    ]
