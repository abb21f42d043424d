"""Reports are inert: nothing a contributor writes can act through what `wla` prints.

A field name, a value or a file name can hold line breaks, terminal escape
sequences, bidi overrides and GitHub Actions workflow commands (`::error`,
`::add-mask::`, the old `##[error]`). Printed, such text could fake an
annotation, hide a real one, stop the runner reading commands, or recolour and
clear the terminal. Every report escapes it; these tests read the output the way
the Actions runner does (`tests/workflow_commands.py`).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wla_site.cli.intake import FormProblem
from wla_site.cli.intake import report as form_report
from wla_site.cli.main import main
from wla_site.content.problems import Problem, Problems, inert_lines, shown

from tests.conftest import REPO, event_fields
from tests.workflow_commands import parse_command, runner_lines

HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Cs")

# No `[` or `(`: a field name holding them ends in a traceback in validation.py today (issue 13,
# first item, outside this change); `##[` and CSI sequences are tried in values below.
FAKE_KEY = "cost\n::error file=README.md,line=1::Fake\x1b]0;owned\x07\x1bc"


def run_check(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "check", *args])
    return code, out.getvalue(), err.getvalue()


def fresh_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="wla-reports-"))
    shutil.copy(REPO / "vocabulary.yml", root / "vocabulary.yml")
    (root / "events").mkdir()
    return root


@pytest.fixture
def root():
    folder = fresh_root()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def assert_inert(text: str, annotations_for: str | None = None) -> list:
    """No hidden character but line ends, and no line the runner obeys, except our own annotations."""
    assert not [c for c in text.replace("\n", "") if unicodedata.category(c) in HIDDEN]
    commands = []
    for line in runner_lines(text):
        command = parse_command(line)
        if command is None:
            continue
        assert annotations_for is not None, f"a report line is a workflow command: {line!r}"
        assert line.startswith("::error file=")
        assert command.name == "error"
        assert set(command.properties) <= {"file", "line", "title"}
        assert command.properties["file"] == annotations_for
        commands.append(command)
    return commands


def write_event(root: Path, extra: dict, name: str = "meeting.yml") -> None:
    fields = event_fields(**extra)
    (root / "events" / name).write_text(yaml.safe_dump(fields, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_a_field_name_cannot_fake_an_annotation(root):
    write_event(root, {FAKE_KEY: "Free"})
    code, out, err = run_check(root)
    assert code == 1 and err == ""
    shown_key = r"cost\n::error file=README.md,line=1::Fake\x1b]0;owned\x07\x1bc"
    assert out.splitlines()[2] == (
        f'  events/meeting.yml, line 12: {shown_key}: "{shown_key}" is not a field of an event. '
        "Known fields: title, kind, summary, start, end, repeat, skip, moved, moved_from, region, themes, organiser, "
        "location, online, booking, cost, status, description, updated"
    )
    assert_inert(out)

    code, out, err = run_check(root, "--format", "github")
    assert code == 1
    [annotation] = assert_inert(out, annotations_for="events/meeting.yml")
    # In an annotation the line break is percent-encoded, as the workflow-command spec asks: the
    # runner shows it inside the annotation, never as a line of its own.
    in_annotation = shown_key.replace("\\n", "\n")
    assert annotation.properties == {"file": "events/meeting.yml", "line": "12", "title": in_annotation}
    assert annotation.data.startswith(f'"{in_annotation}" is not a field of an event.')
    assert out.splitlines()[0].startswith(
        "::error file=events/meeting.yml,line=12,title=cost%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AFake\\x1b]0"
    )
    assert_inert(err)  # the plain report, on standard error, is in the same log


@pytest.mark.parametrize("key", [
    "::add-mask::cost",
    "  ::stop-commands::token",
    "\u00a0::warning::x",
    "cost\r::error::x",
    "cost\u2028::error::x",
    "cost\x85::error::x",
    "\u202ecost",
    "cost\u200b",
])
def test_workflow_commands_and_hidden_characters_in_a_field_name(root, key):
    write_event(root, {key: "Free"})
    for args in ((), ("--format", "github")):
        code, out, err = run_check(root, *args)
        assert code == 1
        assert_inert(out, annotations_for="events/meeting.yml" if args else None)
        assert_inert(err)


@pytest.mark.parametrize("value", ["##[error]Fake", "x ##[set-output name=ok;]true", "\x1b[2J\x1b[31mred"])
def test_workflow_commands_and_escapes_in_a_value(root, value):
    write_event(root, {"status": value})
    code, out, err = run_check(root)
    assert code == 1
    assert_inert(out)
    code, out, err = run_check(root, "--format", "github")
    [annotation] = assert_inert(out, annotations_for="events/meeting.yml")
    assert annotation.properties["title"] == "status"
    assert_inert(err)


def test_a_file_name_cannot_fake_an_annotation(root):
    write_event(root, {}, name="x\n::error file=README.md::Fake\x1b[2J.yml")
    code, out, _ = run_check(root)
    assert code == 1
    assert out.splitlines()[2].startswith(r'  events/x\n::error file=README.md::Fake\x1b[2J.yml: the file name "x\n::')
    assert_inert(out)
    code, out, _ = run_check(root, "--format", "github")
    [annotation] = assert_inert(out, annotations_for="events/x\n::error file=README.md::Fake\\x1b[2J.yml")
    assert annotation.properties["title"] == "Content problem"


def test_shown_escapes_only_what_hides():
    assert shown("Siân’s café – “Learning” 🎉 Ελλάδα Україна 日本 עברית") == "Siân’s café – “Learning” 🎉 Ελλάδα Україна 日本 עברית"
    assert shown("a\nb\rc\td\x1b[31me\x00f\x7fg\x85h") == r"a\nb\rc\td\x1b[31me\x00f\x7fg\x85h"
    assert shown("\u202eevil\u2066\u200f\u061c\u2028\u2029\ufeff\u200b") == r"\u202eevil\u2066\u200f\u061c\u2028\u2029\ufeff\u200b"
    assert shown("\U000e0001") == r"\U000e0001"


def test_inert_lines_breaks_command_prefixes_and_keeps_real_line_breaks():
    text = "Found:\n::error::x\n   ::add-mask::y\nok ::error::z\nnot ##[error]w\n##[group]v"
    assert inert_lines(text) == (
        "Found:\n\\::error::x\n   \\::add-mask::y\nok ::error::z\nnot ##\\[error]w\n##\\[group]v"
    )
    assert_inert(inert_lines(text))


def test_github_annotation_percent_encodes_per_the_workflow_command_spec():
    problem = Problem("events/a,b:c%.yml", 3, "cost, 100%: free\r\n", "50% off,\nfor: you %0A\x1b[2J")
    assert problem.as_github() == (
        "::error file=events/a%2Cb%3Ac%25.yml,line=3,title=cost%2C 100%25%3A free%0D%0A"
        "::50%25 off,%0Afor: you %250A\\x1b[2J"
    )
    [command] = assert_inert(problem.as_github(), annotations_for="events/a,b:c%.yml")
    assert command.properties["title"] == "cost, 100%: free\r\n"
    assert command.data == "50% off,\nfor: you %0A\\x1b[2J"


def test_the_issue_form_comment_is_inert():
    problems = [
        FormProblem("Region", '"North\n::add-mask::secret" is not a region we know.'),
        FormProblem("Themes", '"##[error]x\x1b[2J\u202e" is not a theme we know.'),
    ]
    text = form_report(problems)
    assert text == (
        "2 answers need changing before the case study can be added:\n\n"
        '- Region: "North\\n::add-mask::secret" is not a region we know.\n'
        '- Themes: "##\\[error]x\\x1b[2J\\u202e" is not a theme we know.'
    )
    assert_inert(text)
    # In the comment the report sits in a ``` block: no line of it can close the block.
    assert not [line for line in text.split("\n") if line.lstrip().startswith(("```", "~~~"))]


def test_wla_new_with_a_hostile_name_prints_nothing_active(root, capsys):
    assert main(["--root", str(root), "new", "event", "x\n::error::Fake\x1b[2J"]) == 1
    err = capsys.readouterr().err
    assert "\\n::error::Fake\\x1b[2J" in err
    assert_inert(err)


# --- properties -----------------------------------------------------------------------

NASTY = [
    "\n", "\r", "\r\n", "\x1b[31m", "\x1b]0;t\x07", "\x85", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b",
    "::", "::error file=README.md,line=1::", "::add-mask::", "::stop-commands::t", "##[error]", "##[add-mask]",
    "%", "%0A", ",", ":", " ", "\u00a0",
]
nasty_text = st.lists(st.sampled_from(NASTY) | st.text(max_size=8), min_size=1, max_size=6).map("".join)
# `(` and `[` in a field name end in a traceback in validation.py today (issue 13, first item,
# outside this change); every other character is fair game.
field_names = nasty_text.filter(lambda k: "(" not in k and "[" not in k and k.strip())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=field_names, value=nasty_text, nested=field_names)
def test_any_field_name_or_value_gives_an_inert_report(key, value, nested):
    folder = fresh_root()
    try:
        write_event(folder, {
            key: value,
            "status": value,
            "online": value,
            "location": {"venue": "Library", "town": "Wigan", nested: value},
        })
        for args in ((), ("--format", "github")):
            code, out, err = run_check(folder, *args)
            assert code == 1
            assert "Traceback" not in out + err
            annotations = assert_inert(out, annotations_for="events/meeting.yml" if args else None)
            assert_inert(err)
            if args:
                assert len(annotations) == len(out.splitlines()) >= 2
            else:
                problem_lines = [line for line in out.splitlines() if line.startswith("  events/meeting.yml")]
                assert len(problem_lines) == len(out.splitlines()) - 4
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_shown_is_one_visible_line(text):
    result = shown(text)
    assert not [c for c in result if unicodedata.category(c) in HIDDEN]
    if not [c for c in text if unicodedata.category(c) in HIDDEN]:
        assert result == text


@settings(max_examples=150, deadline=None)
@given(path=nasty_text.filter(bool), field=st.none() | nasty_text, message=nasty_text, line=st.none() | st.integers(1, 10**6))
def test_every_printed_form_of_a_problem_is_inert(path, field, message, line):
    problems = Problems()
    problems.add(path, message, line=line, field=field)
    assert_inert(problems.report())
    def in_annotation(text: str) -> str:
        return shown(text, keep="\r\n").replace("##[", "##\\[")

    [annotation] = assert_inert(problems.github(), annotations_for=in_annotation(path))
    # The runner trims the properties, so spaces written as such at the end of the title (the
    # last property) go; line breaks, percent-encoded, stay.
    title = (re.sub(r"[^\S\r\n]+\Z", "", in_annotation(field)) or None) if field and field.strip() else "Content problem"
    assert annotation.properties.get("title") == title
    assert annotation.data == in_annotation(message)
    assert_inert(form_report([FormProblem("Summary", message)]))
