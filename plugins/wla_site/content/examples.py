"""The example text `wla new` starts a file with, and the check that it has been replaced.

A template filled with believable examples is easy to leave half-edited: an
untouched file reads well and validates, so "Example Engineering Ltd" by
"Your Name" would be published. Each kind's tell-tale examples are declared
once here; `wla new` (`cli.scaffold`) writes them, and loading refuses a file
that still holds one, naming the line to change.
"""

from __future__ import annotations

from dataclasses import dataclass

from wla_site.content.problems import Problems
from wla_site.content.reading import SourceFile, dotted

BODY = "body"
"""The location of the Markdown after the front matter."""


@dataclass(frozen=True)
class Example:
    """One example value of a template, at a field (or in the body)."""

    loc: tuple[str | int, ...]
    text: str


CASE_STUDY_TITLE = "How our WLA started a lunchtime learning club"
CASE_STUDY_SUMMARY = (
    "A WLA at a small engineering firm set up a weekly club where colleagues "
    "teach each other, and ten people went on to a course."
)
CASE_STUDY_ORGANISATION = "Example Engineering Ltd"
CASE_STUDY_AUTHOR = "Your Name"
CASE_STUDY_STORY = "Write the story here in plain English."
EVENT_SUMMARY = "Find out what a WLA does and how to join the free training."
EVENT_DESCRIPTION = "What to expect, who it is for, and what to bring."
NEWSLETTER_SUMMARY = "News from the network and dates for your diary."
NEWSLETTER_EDITORIAL = "Write the editorial and news here, in Markdown."
PROVIDER_NAME = "Example Adult Learning Service"
PROVIDER_SUMMARY = "Free courses for adults in English, maths and digital skills."

EXAMPLES: dict[str, tuple[Example, ...]] = {
    "case_studies": (
        Example(("title",), CASE_STUDY_TITLE),
        Example(("summary",), CASE_STUDY_SUMMARY),
        Example(("organisation", "name"), CASE_STUDY_ORGANISATION),
        Example(("authors", 0, "name"), CASE_STUDY_AUTHOR),
        Example((BODY,), CASE_STUDY_STORY),
    ),
    "events": (
        Example(("summary",), EVENT_SUMMARY),
        Example(("description",), EVENT_DESCRIPTION),
    ),
    "newsletters": (
        Example(("summary",), NEWSLETTER_SUMMARY),
        Example((BODY,), NEWSLETTER_EDITORIAL),
    ),
    "providers": (
        Example(("name",), PROVIDER_NAME),
        Example(("summary",), PROVIDER_SUMMARY),
    ),
}
"""The tell-tale examples of each content folder's template."""


def refuse_examples(folder: str, source: SourceFile, problems: Problems) -> bool:
    """Add a problem for each example still in the file; True if there was one."""
    found = False
    for example in EXAMPLES.get(folder, ()):
        if example.loc == (BODY,):
            lines = source.body.split("\n")
            index = next((i for i, line in enumerate(lines) if example.text in line), None)
            if index is None:
                continue
            problems.add(source.path, f'this is still the example text that `wla new` wrote ("{example.text}"). '
                         "Write your own in its place.", line=source.body_line + index)
        else:
            value = _value(source.data, example.loc)
            if not isinstance(value, str) or " ".join(value.split()) != example.text:
                continue
            problems.add(source.path, "this is still the example that `wla new` wrote. Write your own in its place.",
                         line=source.line_of(example.loc), field=dotted(example.loc))
        found = True
    return found


def _value(data: object, loc: tuple[str | int, ...]) -> object:
    for part in loc:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data
