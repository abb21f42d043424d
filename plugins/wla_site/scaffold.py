"""Pre-filled content files for `wla new`, with short notes that guide a Lead WLA.

Each kind has a template written as the file a contributor will see: every
field with an example value and a comment saying what to put there. The same
templates serve `wla from-issue`, which fills them from a submitted form.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from wla_site.models import is_slug

KIND_FOLDERS = {
    "case-study": ("case_studies", ".md"),
    "event": ("events", ".yml"),
    "newsletter": ("newsletters", ".md"),
    "provider": ("providers", ".yml"),
}

SCHEMA_FILES = {
    "case-study": "case-study.schema.json",
    "event": "event.schema.json",
    "newsletter": "newsletter.schema.json",
    "provider": "provider.schema.json",
}


def _case_study(today: date) -> str:
    return f"""---
# A case study: a story of learning at work. Replace every example below.
# Lines starting with # are notes for you; you can leave them in.
title: How our WLA started a lunchtime learning club   # a headline, up to 120 characters
date: {today.isoformat()}                 # the date to publish, like 2026-12-01
summary: >-                      # one or two plain sentences, up to 300 characters
  A WLA at a small engineering firm set up a weekly club where colleagues
  teach each other, and ten people went on to a course.
organisation:
  name: Example Engineering Ltd  # the organisation, as it wants to be known
  sector: manufacturing          # one of the sectors in vocabulary.yml
  size: small                    # micro, small, medium or large (optional)
  region: north-west             # one of the regions in vocabulary.yml
  town: Wigan                    # optional
  website: https://www.example.org/   # optional, starts with https://
authors:                         # who wrote it: at least one
  - name: Your Name
    role: Lead WLA               # optional
themes:                          # one or more themes from vocabulary.yml
  - peer-learning
outcomes:                        # optional: short, measurable results
  - Ten colleagues signed up for a course
quote:                           # optional: delete these three lines if you have no quote
  text: I never thought I would enjoy learning again.
  by: Production operative
# image:                         # optional: a PNG, JPEG or WebP in case_studies/images/
#   src: images/my-photo.jpg
#   alt: Colleagues at the learning club   # say what the picture shows
consent: true                    # true only if everyone named agreed to publication
draft: true                      # change to false when the story is ready to publish
---
Write the story here in plain English. Say what the workplace is like, what
the WLA did, who took part and what changed.

## What we did

- Use short paragraphs and lists.

## What changed

Say what people learned and what happened next.
"""


def _event(today: date) -> str:
    return f"""# An event: a session, meeting or week of activity. Replace every example below.
title: WLA information session, Wigan    # up to 120 characters
kind: information-session                # one of the event_kinds in vocabulary.yml
summary: Find out what a WLA does and how to join the free training.   # up to 300 characters
start: {today.isoformat()}T10:00                      # date and time; a date alone (2026-12-01) means all day
end: {today.isoformat()}T12:30                        # optional, after the start
region: north-west                       # one of the regions in vocabulary.yml (national for online-only)
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
description: |                           # optional, Markdown
  What to expect, who it is for, and what to bring.
"""


def _newsletter(today: date, next_issue: int = 1) -> str:
    return f"""---
# An issue of the e-shot. Replace every example below.
title: WLA e-shot, {today:%B %Y}         # the issue's title
issue: {next_issue}                                 # the issue number: one more than the last issue
date: {today.isoformat()}                          # the date of the issue
summary: News from the network and dates for your diary.   # up to 300 characters
features:                                # optional: items to show as cards
  case_studies: []                       # file names in case_studies/, without .md
  events: []                             # file names in events/, without .yml
draft: true                              # change to false when the issue is ready
---
Write the editorial and news here, in Markdown.

## News from the network

## Dates for your diary
"""


def _provider(today: date) -> str:
    return """# A learning provider for the directory. Replace every example below.
name: Example Adult Learning Service     # the provider's name
summary: Free courses for adults in English, maths and digital skills.   # up to 300 characters
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
"""


TEMPLATES = {"case-study": _case_study, "event": _event, "newsletter": _newsletter, "provider": _provider}


def schema_line(kind: str, depth: int = 1) -> str:
    """The editor hint that points the YAML language server at the kind's schema."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{SCHEMA_FILES[kind]}\n"


def template_text(kind: str, today: date, root: Path | None = None) -> str:
    """The pre-filled file for a kind, starting with its schema hint."""
    if kind == "newsletter":
        text = _newsletter(today, next_issue_number(root) if root else 1)
    else:
        text = TEMPLATES[kind](today)
    hint = schema_line(kind)
    if text.startswith("---\n"):
        return "---\n" + hint + text[4:]
    return hint + text


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
    folder, suffix = KIND_FOLDERS[kind]
    return root / folder / f"{slug}{suffix}"


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
