"""YAML mistakes a Lead WLA makes, each with the exact message `wla check` prints.

Every case is one mistake made in a good file, as a person would make it in a
text editor or by pasting from a word processor. The message must name the
line of the mistake (not where the parser gave up), say what is wrong without
the parser's words, and give advice that fixes it: each test also applies the
advice and checks the file is then accepted.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wla_site.cli.main import main
from wla_site.content.problems import ContentError, Problems
from wla_site.content.reading import normal_text, parse_yaml
from wla_site.content.site import load_site

from tests.test_hostile import CASES, copy_case

EVENT = """title: WLA information session
kind: information-session
summary: Find out about the WLA role.
start: 2026-12-01T10:00
end: 2026-12-01T12:30
region: north-west
organiser: WLA North West
location:
  venue: Town library
  town: Wigan
  postcode: WN1 1AA
cost: Free
description: |
  An informal morning.
"""

STORY = """---
title: A learning club at a bakery
date: 2026-03-02
summary: A WLA set up a weekly learning club.
organisation:
  name: Example Bakery
  sector: agriculture-and-food
  region: north-west
authors:
  - name: Sam Example
    role: Lead WLA
themes:
  - peer-learning
consent: true
---
The story.
"""

PROVIDER = """name: Example Adult Learning
summary: Free courses for adults.
website: https://learning.example.org/
regions:
  - north-west
delivery:
  - in-person
offers:
  - english-and-maths
  - apprenticeships
"""

FILES = {"events/info.yml": EVENT, "case_studies/bakery.md": STORY, "providers/adult.yml": PROVIDER}

# (file, text to replace, the mistake, the fix the message gives, the exact messages)
MISTAKES = {
    "unclosed quote, at the line where it opens": (
        "case_studies/bakery.md", "title: A learning club at a bakery", 'title: "A learning club at a bakery',
        'title: "A learning club at a bakery"',
        ['case_studies/bakery.md, line 2: title: the value starts with a quote (") that is not closed on this '
         'line, so the lines after it are read as part of it. Add a closing " at the end of the value.'],
    ),
    "unclosed single quote in a YAML file": (
        "events/info.yml", "organiser: WLA North West", "organiser: 'WLA North West",
        "organiser: 'WLA North West'",
        ["events/info.yml, line 7: organiser: the value starts with a quote (') that is not closed on this "
         "line, so the lines after it are read as part of it. Add a closing ' at the end of the value."],
    ),
    "text after the closing quote": (
        "events/info.yml", "title: WLA information session", 'title: "Hello" world',
        "title: '\"Hello\" world'",
        ['events/info.yml, line 1: title: the value starts with a quote (") but goes on after the closing '
         "quote, which YAML cannot read. Put the whole value in single quotes: title: '\"Hello\" world'"],
    ),
    "an apostrophe inside single quotes": (
        "events/info.yml", "title: WLA information session", "title: 'It's our session'",
        'title: "It\'s our session"',
        ["events/info.yml, line 1: title: the value is in single quotes and has an apostrophe inside, which "
         'YAML reads as the closing quote. Put the value in double quotes instead: title: "It\'s our session"'],
    ),
    "a colon and a space inside a value": (
        "events/info.yml", "description: |\n  An informal morning.", "description: How to: start",
        'description: "How to: start"',
        ['events/info.yml, line 13: description: the value has a colon followed by a space (": "), which YAML '
         'reads as the start of another field. Put the whole value in quotes: description: "How to: start"'],
    ),
    "a value ending in a colon": (
        "case_studies/bakery.md", "summary: A WLA set up a weekly learning club.", "summary: What we did:",
        'summary: "What we did:"',
        ['case_studies/bakery.md, line 4: summary: the value has a colon followed by a space (": "), which '
         'YAML reads as the start of another field. Put the whole value in quotes: summary: "What we did:"'],
    ),
    "curly quotes from a word processor around a colon": (
        "events/info.yml", "summary: Find out about the WLA role.", "summary: “Learning: the WLA role”",
        'summary: "Learning: the WLA role"',
        ["events/info.yml, line 3: summary: the value starts with a curly quote, which YAML does not read as a "
         'quote, so the ": " inside it cannot be read. Use straight quotes (") instead: '
         'summary: "Learning: the WLA role"'],
    ),
    "curly single quotes around a colon": (
        "events/info.yml", "summary: Find out about the WLA role.", "summary: ‘Learning: it’s for all’",
        'summary: "Learning: it’s for all"',
        ["events/info.yml, line 3: summary: the value starts with a curly quote, which YAML does not read as a "
         'quote, so the ": " inside it cannot be read. Use straight quotes (") instead: '
         'summary: "Learning: it’s for all"'],
    ),
    "curly quotes around a #": (
        "events/info.yml", "title: WLA information session", "title: “Our #1 session”",
        'title: "Our #1 session"',
        ["events/info.yml, line 1: title: the value starts with a curly quote, which YAML does not read as a "
         'quote, so " #" starts a note and the rest of the line is left out. Use straight quotes (") instead: '
         'title: "Our #1 session"'],
    ),
    "a field indented more than the one above": (
        "events/info.yml", "  town: Wigan", "    town: Wigan", "  town: Wigan",
        ['events/info.yml, line 10: location.town: this line is indented more than the line above it, so it '
         'cannot be read. Start "town:" in the same column as "venue:" on line 9, with 2 spaces before it.'],
    ),
    "a top-level field indented under another": (
        "events/info.yml", "kind: information-session", "  kind: information-session", "kind: information-session",
        ['events/info.yml, line 2: kind: this line is indented more than the line above it, so it cannot be '
         'read. Start "kind:" in the same column as "title:" on line 1, at the very start of the line.'],
    ),
    "a field indented less than the one above": (
        "events/info.yml", "  town: Wigan", " town: Wigan", "  town: Wigan",
        ['events/info.yml, line 10: location.town: this line is indented less than the line above it, so it '
         'cannot be read. Start "town:" in the same column as "venue:" on line 9, with 2 spaces before it.'],
    ),
    "a field indented less than both its neighbours": (
        "events/info.yml", "  town: Wigan", "town: Wigan", "  town: Wigan",
        ['events/info.yml, line 10: location.town: this field is indented less than the fields above and '
         'below it, so the lines after it cannot be read. Start "town:" in the same column as "venue:" on '
         "line 9, with 2 spaces before it."],
    ),
    "a list entry's field indented too far": (
        "case_studies/bakery.md", "    role: Lead WLA", "      role: Lead WLA", "    role: Lead WLA",
        ['case_studies/bakery.md, line 11: authors[1].role: this line is indented more than the line above it, '
         'so it cannot be read. Start "role:" in the same column as "name:" on line 10, with 4 spaces before it.'],
    ),
    "a tab to indent": (
        "events/info.yml", "  town: Wigan", "\ttown: Wigan", "  town: Wigan",
        ["events/info.yml, line 10: location.town: the line is indented with a tab, and YAML needs spaces: "
         "replace the tab with spaces."],
    ),
    "a value that starts with #": (
        "events/info.yml", "title: WLA information session", "title: #1 in the north west",
        'title: "#1 in the north west"',
        ["events/info.yml, line 1: title: the value starts with #, which YAML reads as a note, so the field is "
         'empty: put the value in quotes: title: "#1 in the north west"'],
    ),
    "an optional value that starts with #": (
        "events/info.yml", "cost: Free", "cost: #free", 'cost: "#free"',
        ["events/info.yml, line 12: cost: the value starts with #, which YAML reads as a note, so the field is "
         'empty: put the value in quotes: cost: "#free"'],
    ),
    "a # inside a value": (
        "events/info.yml", "title: WLA information session", "title: Our #1 session",
        'title: "Our #1 session"',
        ['events/info.yml, line 1: title: " #" starts a note in YAML, so the rest of the line is left out and '
         'the value is only "Our". Put the whole value in quotes: title: "Our #1 session"'],
    ),
    "no space after the colon": (
        "events/info.yml", "title: WLA information session", "title:WLA information session",
        "title: WLA information session",
        ['events/info.yml, line 1: title: there is no space after the colon, so this is not read as a field: '
         'write "title: WLA information session".'],
    ),
    "no space after the colon, further down": (
        "case_studies/bakery.md", "consent: true", "consent:true", "consent: true",
        ['case_studies/bakery.md, line 14: consent: there is no space after the colon, so this is not read as '
         'a field: write "consent: true".'],
    ),
    "a list item without a space after -": (
        "providers/adult.yml", "  - apprenticeships", "  -apprenticeships", "  - apprenticeships",
        ['providers/adult.yml, line 10: offers[2]: a list item needs a space after "-": write "- apprenticeships".'],
    ),
    "the first list item without a space after -": (
        "providers/adult.yml", "  - in-person", "  -in-person", "  - in-person",
        ['providers/adult.yml, line 7: delivery: a list item needs a space after "-": write "- in-person".'],
    ),
    "a value that starts with @": (
        "events/info.yml", "organiser: WLA North West", "organiser: @WLANorthWest", 'organiser: "@WLANorthWest"',
        ['events/info.yml, line 7: organiser: the value starts with @, which YAML keeps for other uses: put the '
         'value in quotes: organiser: "@WLANorthWest"'],
    ),
    "a value that starts with !": (
        "events/info.yml", "title: WLA information session", "title: !Important session",
        'title: "!Important session"',
        ['events/info.yml, line 1: title: the value starts with !, which YAML keeps for other uses: put the value in '
         'quotes: title: "!Important session"'],
    ),
    "a text after | that is not indented": (
        "events/info.yml", "description: |\n  An informal morning.", "description: |\nAn informal morning.\nAll welcome.",
        "description: |\n  An informal morning.\n  All welcome.",
        ['events/info.yml, line 14: description: the text of "description" must be indented under it, so it cannot '
         "be read. Start each of its lines (lines 14 to 15) with 2 spaces before it."],
    ),
    "a text whose first line is indented more than the rest": (
        "events/info.yml", "  An informal morning.", "    An informal morning.\n  All welcome.",
        "  An informal morning.\n  All welcome.",
        ['events/info.yml, line 14: description: the first line of the text of "description" is indented more '
         'than the lines '
         "after it, so they cannot be read. Start it in the same column as them, with 2 spaces before it."],
    ),
    "a field with a value and fields indented under it": (
        "events/info.yml", "location:\n", "location: Town library\n", "location:\n",
        ['events/info.yml, line 8: location: "location" has a value and also fields indented under it, which YAML '
         'cannot read. If the fields belong to it, remove the value after "location:"; if not, start them in the '
         'same column as "location:".'],
    ),
    "bullets pasted from a word processor": (
        "providers/adult.yml", "  - english-and-maths\n  - apprenticeships", "  • english-and-maths\n  • apprenticeships",
        "  - english-and-maths\n  - apprenticeships",
        ['providers/adult.yml, line 9: offers: a list item starts with "- ", not with a bullet (•): write '
         '"- english-and-maths".'],
    ),
    "a list in brackets that is not closed": (
        "providers/adult.yml", "regions:\n  - north-west", "regions: [north-west, london", "regions: [north-west, london]",
        ['providers/adult.yml, line 4: regions: the list that starts with "[" on this line is not closed: add "]" '
         "at its end."],
    ),
}


def _write_all(project, changed: str, text: str) -> None:
    for rel, good in FILES.items():
        project.write(rel, text if rel == changed else good)


def _check(project, capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["--root", str(project.root), "check", *args])
    captured = capsys.readouterr()
    return code, [line[2:] for line in captured.out.splitlines() if line.startswith("  ")], captured.out


@pytest.mark.parametrize("case", list(MISTAKES))
def test_each_mistake_is_said_plainly_on_its_line_and_the_advice_fixes_it(case, project, capsys):
    rel, good, bad, fix, expected = MISTAKES[case]
    assert good in FILES[rel], case
    _write_all(project, rel, FILES[rel].replace(good, bad, 1))
    code, lines, _ = _check(project, capsys)
    assert code == 1
    assert lines == expected
    project.write(rel, FILES[rel].replace(good, fix, 1))
    code, lines, out = _check(project, capsys)
    assert (code, lines) == (0, []), out


def test_several_mistakes_in_one_file_are_all_found_in_one_run(project, capsys):
    text = (
        EVENT.replace("summary: Find out about the WLA role.", "summary: How to: join")
        .replace("  town: Wigan", "\ttown: Wigan")
        .replace("cost: Free", "cost:Free")
    )
    _write_all(project, "events/info.yml", text)
    code, lines, _ = _check(project, capsys)
    assert code == 1
    assert lines == [
        'events/info.yml, line 3: summary: the value has a colon followed by a space (": "), which YAML reads '
        'as the start of another field. Put the whole value in quotes: summary: "How to: join"',
        "events/info.yml, line 10: location.town: the line is indented with a tab, and YAML needs spaces: "
        "replace the tab with spaces.",
        'events/info.yml, line 12: cost: there is no space after the colon, so this is not read as a field: '
        'write "cost: Free".',
    ]


def test_a_mistake_that_cannot_be_told_is_still_placed_on_its_line(project, capsys):
    _write_all(project, "events/info.yml", EVENT.replace("cost: Free", "cost: Free\n]["))
    code, lines, _ = _check(project, capsys)
    assert code == 1
    assert lines == [
        'events/info.yml, line 13: this line is not a field: write the name, a colon and a space, then the '
        'value, like "title: My story". If it goes on from "cost:" on the line above, indent it further than '
        "that line."
    ]


def test_github_format_puts_each_mistake_on_its_line(project, capsys):
    _write_all(project, "case_studies/bakery.md", STORY.replace("  region: north-west", "    region: north-west"))
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=case_studies/bakery.md,line=8,title=organisation.region::this line is indented more than "
        'the line above it, so it cannot be read. Start "region:" in the same column as "sector:" on line 7, '
        "with 2 spaces before it."
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_line_numbers(separator, project, capsys):
    # Editors and GitHub do not start a new line at LS, PS or NEL; YAML does. Lines are the editor's.
    text = EVENT.replace("summary: Find out about the WLA role.", f"summary: Find out{separator}about the role.")
    text = text.replace("postcode: WN1 1AA", "postcode: nowhere")
    _write_all(project, "events/info.yml", text)
    story = STORY.replace("title: A learning club at a bakery", f'title: "A learning club{separator}at a bakery"')
    project.write("case_studies/bakery.md", story.replace("region: north-west", "region: north-wst"))
    project.write("newsletters/issue.md", (
        f"---\ntitle: An{separator}issue\nissue: 1\ndate: 2026-03-01\nsummary: News.\n"
        "features:\n  case_studies:\n    - bakery-club\n---\nText.\n"
    ))
    code, lines, _ = _check(project, capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in lines] == [
        "case_studies/bakery.md, line 8",
        "events/info.yml, line 11",
        "newsletters/issue.md, line 8",
    ]


BANNED = re.compile(r"\b(mapping|scalar|token|block|stream|alias|anchor|node|document)s?\b", re.IGNORECASE)


def _messages(project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(project.root)
    return [problem.message for problem in caught.value.problems]


def test_no_message_uses_the_parsers_words(project):
    """Every message for every mistake here and in the hostile corpus."""
    messages: list[str] = []
    for rel, good, bad, _, _ in MISTAKES.values():
        _write_all(project, rel, FILES[rel].replace(good, bad, 1))
        messages += _messages(project)
    for case in CASES:
        for folder in ("case_studies", "events", "newsletters", "providers"):
            for path in (project.root / folder).rglob("*"):
                if path.is_file():
                    path.unlink()
        copy_case(case, project.root)
        messages += _messages(project)
    assert len(messages) > len(MISTAKES) + len(CASES)
    # What a person wrote is quoted back as it is; only our own words are checked.
    ours = [re.sub(r'"[^"]*"', '""', m) for m in messages]
    assert [m for m in ours if BANNED.search(m)] == []


# --- any text at all: a message on a line of the file, never a traceback ---------------------------

_INDENTS = st.sampled_from(["", "", "  ", "    ", " ", "\t", "   "])
_KEYS = st.sampled_from(["title", "location", "town", "- name", "-", "- ", "cost (optional)", '"q"', "x y", ""])
_VALUES = st.sampled_from([
    "", "Free", '"open', '"a" b', "'it's'", "a: b", "“c: d”", "#1", "x #y", "@me", "*a", "&a b", "!t x", "[a, b",
    "{a: b", "|", ">-", "- a", "-a", ":", "\u2028", "'", '"', "]", "%x", "`x`", "a\tb",
])
_LINES = st.builds(
    lambda indent, key, sep, value: f"{indent}{key}{sep}{value}",
    _INDENTS, _KEYS, st.sampled_from([": ", ":", ":\t", " ", ""]), _VALUES,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINES, min_size=1, max_size=12))
def test_any_lines_give_messages_on_their_lines_never_a_traceback(lines):
    text = normal_text("\n".join(lines) + "\n")  # as files are read
    problems = Problems()
    data = parse_yaml(text, "events/x.yml", problems, line_offset=0)
    assert data is not None or problems
    count = text.count("\n") + 1
    for problem in problems:
        if problem.message.startswith("there are no fields"):
            continue  # only notes: there is no line to name
        assert problem.line is not None and 1 <= problem.line <= count, (problem, text)
        assert problem.message and not BANNED.search(re.sub(r'"[^"]*"', '""', problem.message)), problem
