"""Pre-filled content files for `wla new`, with short notes that guide a Lead WLA.

Each kind has a template written as the file a contributor will see: every
field with an example value and a comment saying what to put there. A case
study is written from a dictionary of values by `case_study_text`: `wla new`
passes example values, and `wla from-issue` the answers of a submitted form,
so both write the same layout with the same notes.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from wla_site.content import examples
from wla_site.content.kinds import BY_NAME
from wla_site.content.models import is_slug

CASE_STUDY_NOTES = {
    "title": "a headline, up to 120 characters",
    "date": "the date to publish, like 2026-12-01",
    "summary": "one or two plain sentences, up to 300 characters",
    "organisation": "the workplace the story is about",
    "organisation.name": "the organisation, as it wants to be known",
    "organisation.sector": "one of the sectors in vocabulary.yml",
    "organisation.size": "micro, small, medium or large (optional)",
    "organisation.region": "one of the regions in vocabulary.yml",
    "organisation.town": "optional",
    "organisation.website": "optional, starts with https://",
    "authors": "who wrote it: at least one",
    "authors.role": "optional",
    "themes": "one or more themes from vocabulary.yml",
    "outcomes": "optional: short, measurable results",
    "quote": "optional: delete these three lines if you have no quote",
    "image": "optional: a PNG, JPEG or WebP in case_studies/images/",
    "image.alt": "say what the picture shows",
    "consent": "change to true once everyone named has agreed to publication",
    "draft": "change to false when the story is ready to publish",
    "published": "true would keep it off the website until it is ready",
}
"""The note written beside each case-study field, by its dotted name."""

_NOTE_COLUMN = 33
_WRAP = 76


def case_study_example(today: date) -> dict[str, Any]:
    """The example values `wla new case-study` starts a file with."""
    return {
        "title": examples.CASE_STUDY_TITLE,
        "date": today,
        "summary": examples.CASE_STUDY_SUMMARY,
        "organisation": {
            "name": examples.CASE_STUDY_ORGANISATION,
            "sector": "manufacturing",
            "size": "small",
            "region": "north-west",
            "town": "Wigan",
            "website": "https://www.example.org/",
        },
        "authors": [{"name": examples.CASE_STUDY_AUTHOR, "role": "Lead WLA"}],
        "themes": ["peer-learning"],
        "outcomes": ["Ten colleagues signed up for a course"],
        "quote": {"text": "I never thought I would enjoy learning again.", "by": "Production operative"},
        # Never pre-filled: only the contributor can say that everyone named agreed.
        "consent": False,
        "draft": True,
        "body": _EXAMPLE_STORY,
    }


_EXAMPLE_STORY = f"""{examples.CASE_STUDY_STORY} Say what the workplace is like, what
the WLA did, who took part and what changed.

## What we did

- Use short paragraphs and lists.

## What changed

Say what people learned and what happened next.
"""

_EXAMPLE_HEADER = (
    "A case study: a story of learning at work. Replace every example below.",
    "Lines starting with # are notes for you; you can leave them in.",
)


def case_study_text(values: Mapping[str, Any], header: Iterable[str] = _EXAMPLE_HEADER) -> str:
    """A case-study file written from `values`, each field with a short note beside it.

    `values` holds the contract's fields (`title`, `organisation`...) and `body`, the
    story. Optional fields that are missing are left out; the image, when missing,
    is shown as a commented-out example so the shape is there to copy. Every value is
    written so that YAML reads back exactly what was given, whatever it contains.
    """
    lines = ["---", schema_line("case-study").rstrip("\n")]
    lines += [f"# {text}" for text in header]
    org: Mapping[str, Any] = values.get("organisation") or {}
    _scalar_field(lines, "title", values.get("title"))
    _scalar_field(lines, "date", values.get("date"))
    _text_field(lines, "summary", values.get("summary"))
    _field(lines, "organisation:", "organisation")
    for key in ("name", "sector", "size", "region", "town", "website"):
        if org.get(key) is not None:
            _scalar_field(lines, key, org[key], note=f"organisation.{key}", indent=2)
    _field(lines, "authors:", "authors")
    for author in values.get("authors") or []:
        _scalar_field(lines, "name", author.get("name"), indent=2, prefix="- ", note="")
        if author.get("role") is not None:
            _scalar_field(lines, "role", author["role"], indent=4, note="authors.role")
    _list_field(lines, "themes", values.get("themes") or [])
    if values.get("outcomes"):
        _list_field(lines, "outcomes", values["outcomes"])
    quote = values.get("quote")
    if quote:
        _field(lines, "quote:", "quote")
        _text_field(lines, "text", quote.get("text"), indent=2, note="")
        _scalar_field(lines, "by", quote.get("by"), indent=2, note="")
    image = values.get("image")
    if image:
        _field(lines, "image:", "image")
        _scalar_field(lines, "src", image.get("src"), indent=2, note="")
        _scalar_field(lines, "alt", image.get("alt"), indent=2, note="image.alt")
    else:
        lines += [
            _noted("# image:", CASE_STUDY_NOTES["image"]),
            "#   src: images/my-photo.jpg",
            _noted("#   alt: Colleagues at the learning club", CASE_STUDY_NOTES["image.alt"]),
        ]
    _scalar_field(lines, "consent", values.get("consent"))
    draft = bool(values.get("draft", False))
    _scalar_field(lines, "draft", draft, note="draft" if draft else "published")
    lines.append("---")
    body = str(values.get("body") or "").strip("\n")
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def yaml_scalar(value: Any) -> str:
    """`value` as one line of YAML that reads back as exactly `value` (quoted when it must be)."""
    if value is None:
        return ""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _noted(text: str, note: str) -> str:
    if not note:
        return text
    if len(text) >= _NOTE_COLUMN - 1:
        return f"{text}   # {note}"
    return f"{text.ljust(_NOTE_COLUMN - 1)} # {note}"


def _field(lines: list[str], text: str, name: str, note: str | None = None) -> None:
    lines.append(_noted(text, CASE_STUDY_NOTES.get(name, "") if note is None else note))


def _scalar_field(
    lines: list[str], key: str, value: Any, *, indent: int = 0, prefix: str = "", note: str | None = None
) -> None:
    name = key if note is None else note
    shown = "" if value is None else f" {yaml_scalar(value)}"
    lines.append(_noted(f"{' ' * indent}{prefix}{key}:{shown}", CASE_STUDY_NOTES.get(name, "")))


def _text_field(lines: list[str], key: str, value: Any, *, indent: int = 0, note: str | None = None) -> None:
    """Longer text as a folded block (`>-`), wrapped for reading, when that reads back exactly."""
    note_text = CASE_STUDY_NOTES.get(key if note is None else note, "")
    if isinstance(value, str) and len(value) > _WRAP - indent - len(key) - 2:
        pad = " " * (indent + 2)
        wrapped = textwrap.wrap(value, width=_WRAP - len(pad), break_long_words=False, break_on_hyphens=False)
        block = f"{key}: >-\n" + "\n".join(pad + line for line in wrapped)
        if wrapped and yaml.safe_load(block) == {key: value}:
            lines.append(_noted(f"{' ' * indent}{key}: >-", note_text))
            lines += [pad + line for line in wrapped]
            return
    _scalar_field(lines, key, value, indent=indent, note=key if note is None else note)


def _list_field(lines: list[str], key: str, values: Iterable[Any]) -> None:
    _field(lines, f"{key}:", key)
    lines += [f"  - {yaml_scalar(value)}" for value in values]


def _case_study(today: date) -> str:
    return case_study_text(case_study_example(today))


def _event(today: date) -> str:
    return f"""# An event: a session, meeting or week of activity. Replace every example below.
title: WLA information session, Wigan    # up to 120 characters
kind: information-session                # one of the event_kinds in vocabulary.yml
summary: {examples.EVENT_SUMMARY}   # up to 300 characters
start: {today.isoformat()}T10:00                      # date and time; a date alone (2026-12-01) means all day
end: {today.isoformat()}T12:30                        # optional, after the start
# repeat:                                # optional, for a meeting that repeats (start is the first one)
#   frequency: monthly                   # weekly, fortnightly, monthly, quarterly or yearly
#   weekday: tuesday                     # with week: the second Tuesday of the month
#   week: 2                              # 1, 2, 3, 4 or last
#   until: 2027-07-31                    # the last date it can be on (or count: 6)
# skip: [2027-04-13]                     # dates with no meeting
# moved:                                 # meetings held on another date
#   - from: 2027-05-11
#     to: 2027-05-18
region: north-west                       # one of the regions in vocabulary.yml (national for online-only)
# themes: [peer-learning]                # optional: themes from vocabulary.yml
organiser: Workplace Learning Advocates North West
location:                                # where it happens; remove if it is online only
  venue: Town library, meeting room 2
  address: 1 Example Street              # optional
  town: Wigan
  postcode: WN1 1AA                      # optional, a UK postcode
# online: https://www.example.org/join   # the link to join online, if there is one
booking: https://www.example.org/book    # optional: a web address or mailto:someone@example.org
cost: Free                               # optional
status: scheduled                        # scheduled, cancelled or postponed
# moved_from: {today.isoformat()}T10:00            # if it moved: the date it was planned for (start is the new one)
# updated: {today.isoformat()}                    # when you last changed the date, place or status
description: |                           # optional, Markdown
  {examples.EVENT_DESCRIPTION}
"""


def _newsletter(today: date, next_issue: int = 1) -> str:
    return f"""---
# An issue of the e-shot. Replace every example below.
title: WLA e-shot, {today:%B %Y}         # the issue's title
issue: {next_issue}                                 # the issue number: one more than the last issue
date: {today.isoformat()}                          # the date of the issue
summary: {examples.NEWSLETTER_SUMMARY}   # up to 300 characters
features:                                # optional: items to show as cards
  case_studies: []                       # file names in case_studies/, without .md
  events: []                             # file names in events/, without .yml
draft: true                              # change to false when the issue is ready
---
{examples.NEWSLETTER_EDITORIAL}

## News from the network

## Dates for your diary
"""


def _provider(today: date) -> str:
    return f"""# A learning provider for the directory. Replace every example below.
name: {examples.PROVIDER_NAME}     # the provider's name
summary: {examples.PROVIDER_SUMMARY}   # up to 300 characters
website: https://www.example.org/        # starts with https://
email: courses@example.org               # optional
phone: 01234 567890                      # optional, a UK number
address:                                 # optional
  street: 1 Example Street
  town: Wigan
  postcode: WN1 1AA
regions:                                 # regions it serves, from vocabulary.yml (national if everywhere)
  - north-west
delivery:                                # online, in-person and/or in-the-workplace
  - in-person
offers:                                  # what it offers, from vocabulary.yml
  - english-and-maths
funded: true                             # true if it offers free or funded courses
verified: {today.isoformat()}                     # the date you last checked these details with the provider
"""


def _resource(today: date) -> str:
    return f"""---
# A resource for WLAs. Replace every example below; keep the file beside it in resources/files/.
title: Example session plan for a lunchtime taster   # up to 120 characters
summary: What it is and how to use it, in one or two plain sentences.   # up to 300 characters
audience:                                # who it is for: wlas, lead-wlas, employers, learners
  - wlas
themes:                                  # optional: values from vocabulary.yml
  - peer-learning
format: session-plan                     # guide, session-plan, flyer, poster, template, talk, checklist or planner
file: files/example-session-plan.pdf     # a PDF, Word, OpenDocument, PowerPoint, PNG or JPEG file, at most 20 MB
# link: https://www.example.org/plan     # or, instead of file, where it lives on the web
licence: cc-by-4.0                       # cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, ogl-3.0 or all-rights-reserved
updated: {today.isoformat()}                     # when it was last changed
draft: true                              # change to false when it is ready to publish
---

Say in a few sentences who the resource is for and how to use it.
"""


TEMPLATES = {"case-study": _case_study, "event": _event, "newsletter": _newsletter, "provider": _provider,
             "resource": _resource}


def schema_line(kind: str, depth: int = 1) -> str:
    """The editor hint that points the YAML language server at the kind's schema."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{BY_NAME[kind].schema_file}\n"


def template_text(kind: str, today: date, root: Path | None = None) -> str:
    """The pre-filled file for a kind, starting with its schema hint."""
    if kind == "newsletter":
        text = _newsletter(today, next_issue_number(root) if root else 1)
    elif kind in TEMPLATES:
        text = TEMPLATES[kind](today)
    else:
        text = _from_model(kind)
    hint = schema_line(kind)
    if hint in text:
        return text
    if text.startswith("---\n"):
        return "---\n" + hint + text[4:]
    return hint + text


def _from_model(kind: str) -> str:
    """A starter file for a kind without a template here: each field of its model with its description."""
    declared = BY_NAME[kind]
    lines = [f"# {declared.a.capitalize()}. Fill in each field; the optional ones can go."]
    for name, field in declared.model.model_fields.items():
        note = ("" if field.is_required() else "optional: ") + (field.description or "")
        lines.append(f"{name}:".ljust(_NOTE_COLUMN + 8) + f"# {note}".rstrip())
    front = "\n".join(lines) + "\n"
    return f"---\n{front}---\nWrite the text here, in Markdown.\n" if declared.is_markdown else front


_ISSUE_LINE = re.compile(r"^issue:\s*(\d+)\s*(#.*)?$", re.MULTILINE)


def next_issue_number(root: Path) -> int:
    """One more than the highest issue number in newsletters/ (read loosely: files may be broken)."""
    highest = 0
    folder = root / "newsletters"
    if folder.is_dir():
        for path in folder.glob("*.md"):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")[:4096]
            except OSError:
                continue
            for match in _ISSUE_LINE.finditer(text):
                highest = max(highest, int(match.group(1)))
    return highest + 1


def content_path(root: Path, kind: str, slug: str) -> Path:
    return root / BY_NAME[kind].folder / f"{slug}{BY_NAME[kind].suffix}"


def check_new_slug(root: Path, kind: str, slug: str) -> str | None:
    """Why `slug` cannot be used for a new file of `kind`, or None if it can."""
    if not is_slug(slug):
        return (
            f'"{slug}" cannot be a file name: use lowercase letters, digits and single hyphens, '
            "like wigan-learning-club"
        )
    path = content_path(root, kind, slug)
    if path.exists():
        return f"{path.relative_to(root).as_posix()} already exists. Choose another name or edit that file."
    return None
