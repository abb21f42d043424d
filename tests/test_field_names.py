"""Field names as people mistype them: notes in brackets, look-alike letters, the wrong group.

Each is said on the line of the name, in plain words, in both report formats
and in `mkdocs build`, never as a traceback.
"""

from __future__ import annotations

import pytest
from wla_site.cli.main import main

from tests.test_yaml_mistakes import EVENT, STORY

KNOWN_EVENT = "title, kind, summary, start, end, repeat, skip, moved, moved_from, region, themes, organiser, location, online, booking, cost, status, description, updated"

CASES = {
    "a note in brackets after the name": (
        "events/info.yml", "cost: Free", "cost (optional): Free",
        [f'events/info.yml, line 12: cost (optional): "cost (optional)" is not a field of an event. Did you mean '
         f'"cost"? Known fields: {KNOWN_EVENT}'],
    ),
    "a note in square brackets after a name in a group": (
        "events/info.yml", "  town: Wigan", "  town [or city]: Wigan",
        ['events/info.yml, line 10: location.town [or city]: "town [or city]" is not a field of "location". '
         'Did you mean "town"? Known fields: venue, address, town, postcode'],
    ),
    "a brackets-only name": (
        "events/info.yml", "cost: Free", "cost: Free\n(optional): yes",
        [f'events/info.yml, line 13: (optional): "(optional)" is not a field of an event. Known fields: {KNOWN_EVENT}'],
    ),
    "a name written as a number": (
        "events/info.yml", "cost: Free", "cost: Free\n2026: yes",
        [f'events/info.yml, line 13: 2026: "2026" is not a field of an event. Known fields: {KNOWN_EVENT}'],
    ),
    "the last field of a group not indented": (
        "events/info.yml", "  postcode: WN1 1AA", "postcode: WN1 1AA",
        ['events/info.yml, line 11: postcode: "postcode" is a part of location: indent it under "location:", '
         "lined up with the fields there."],
    ),
    "a required field of a group written outside it": (
        "events/info.yml", "location:\n  venue: Town library\n", "venue: Town library\nlocation:\n",
        ['events/info.yml, line 8: venue: "venue" is a part of location: indent it under "location:", lined up '
         "with the fields there."],
    ),
    "a field of the event written inside a group": (
        "events/info.yml", "  postcode: WN1 1AA", "  postcode: WN1 1AA\n  online: https://example.org/join",
        ['events/info.yml, line 12: location.online: "online" is a field of an event, not a part of location: '
         'move it out from under "location:" to the very start of the line.'],
    ),
    "a field of one group written in another": (
        "case_studies/bakery.md", "  region: north-west", "  region: north-west\n  alt: The team",
        ['case_studies/bakery.md, line 9: organisation.alt: "alt" is a part of image, not of organisation: '
         'indent it under "image:", lined up with the fields there.'],
    ),
    "a field of each entry of a list written outside it": (
        "case_studies/bakery.md", "    role: Lead WLA", "role: Lead WLA",
        ['case_studies/bakery.md, line 11: role: "role" is a part of each entry of authors: indent it under its '
         'entry in "authors:".'],
    ),
    "a name with a Cyrillic letter": (
        "events/info.yml", "location:", "lоcation:",
        ['events/info.yml, line 8: lоcation: "lоcation" is not a field of an event: it has a character that looks '
         'like a plain letter or space but is not one (U+043E). Delete the name and type it again as "location".'],
    ),
    "a name with a no-break space": (
        "events/info.yml", "location:", "location\u00a0:",
        ['events/info.yml, line 8: location\u00a0: "location\u00a0" is not a field of an event: it has a '
         "character that looks like a plain letter or space but is not one (U+00A0). Delete the name and type "
         'it again as "location".'],
    ),
}


def _write(project, rel: str, text: str) -> None:
    project.write("events/info.yml", EVENT)
    project.write("case_studies/bakery.md", STORY)
    project.write(rel, text)


@pytest.mark.parametrize("case", list(CASES))
def test_field_name_mistakes_in_plain_words(case, project, capsys):
    rel, good, bad, expected = CASES[case]
    source = EVENT if rel.startswith("events") else STORY
    assert good in source
    _write(project, rel, source.replace(good, bad, 1))
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert [line[2:] for line in out.splitlines() if line.startswith("  ")] == expected


def test_field_names_with_brackets_in_github_format(project, capsys):
    _write(project, "events/info.yml", EVENT.replace("cost: Free", "cost (optional): Free").replace(
        "  town: Wigan", "  town (Wigan): Wigan"))
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "::error file=events/info.yml,line=10,title=location.town (Wigan)::\"town (Wigan)\" is not a field of "
        '"location". Did you mean "town"? Known fields: venue, address, town, postcode',
        "::error file=events/info.yml,line=12,title=cost (optional)::\"cost (optional)\" is not a field of an "
        f'event. Did you mean "cost"? Known fields: {KNOWN_EVENT}',
    ]
    assert "Traceback" not in captured.err


def test_field_names_with_brackets_stop_mkdocs_build_with_the_message(project):
    _write(project, "events/info.yml", EVENT.replace("cost: Free", "cost (optional): Free"))
    result = project.build(check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        f'events/info.yml, line 12: cost (optional): "cost (optional)" is not a field of an event. Did you mean '
        f'"cost"? Known fields: {KNOWN_EVENT}'
    ) in result.stderr


def test_a_group_name_is_never_suggested_for_itself(project, capsys):
    # A field with a bracketed name inside a group once read as the group's own name.
    _write(project, "events/info.yml", EVENT.replace("  town: Wigan", "  town (Wigan): Wigan"))
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert '"location" is not a field' not in out
    assert 'Did you mean "location"' not in out
