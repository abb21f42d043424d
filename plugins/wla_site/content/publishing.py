"""Which items the site publishes today, and which wait: drafts and stories dated ahead.

A case study or e-shot issue marked `draft: true` stays off the site; so does
one dated after the build's "today", until that day comes (the daily rebuild
publishes it). `hold_back` splits the items a build read into those published
and those `LeftOut`, so `wla check` can say what was left out and when it
will appear, and a link to a held-back item can say why it does not work yet.
`mkdocs serve` and `wla preview` show every item, as the contributor wants to
see their work before it goes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from wla_site.content.models import Item

T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class LeftOut:
    """An item that was read and is fine, but is not published by this build."""

    path: str
    """Its file, relative to the content folder: `case_studies/x.md`."""
    slug: str
    reason: Literal["draft", "scheduled"]
    appears: date | None = None
    """The day it will appear, for an item dated ahead (drafts wait for a person, not a day)."""

    def why(self) -> str:
        """Why it is not on the site, as a message's end: "is a draft (draft: true)"."""
        if self.reason == "draft" or self.appears is None:
            return "is a draft (draft: true), so it is not published"
        return f"is dated {uk_date(self.appears)}, so it will not be published until that day"


def hold_back(items: Sequence[T], today: date, *, include_drafts: bool) -> tuple[list[T], list[LeftOut]]:
    """(items to publish, items left out): drafts, and items dated after `today`, wait.

    With `include_drafts` (`mkdocs serve`, `wla preview`, `wla check --drafts`) nothing waits.
    """
    published: list[T] = []
    left_out: list[LeftOut] = []
    for item in items:
        day = getattr(item, "date", None)
        if include_drafts:
            published.append(item)
        elif getattr(item, "draft", False):
            left_out.append(LeftOut(item.source_path, item.slug, "draft"))
        elif isinstance(day, date) and day > today:
            left_out.append(LeftOut(item.source_path, item.slug, "scheduled", day))
        else:
            published.append(item)
    return published, left_out


def summary(left_out: Sequence[LeftOut]) -> list[str]:
    """Lines for `wla check`'s summary: how many drafts were left out, and when dated items appear."""
    lines: list[str] = []
    drafts = [item for item in left_out if item.reason == "draft"]
    if drafts:
        noun = "draft was" if len(drafts) == 1 else "drafts were"
        lines.append(f"{len(drafts)} {noun} left out: {', '.join(d.path for d in drafts)}.")
    for item in sorted((i for i in left_out if i.reason == "scheduled"), key=lambda i: (i.appears, i.path)):
        assert item.appears is not None
        lines.append(f"{item.path} will appear on {uk_date(item.appears, weekday=True)}, the day it is dated.")
    return lines


def uk_date(value: date, weekday: bool = False) -> str:
    """1 December 2026, or Tuesday 1 December 2026 (the content layer's own: `formatting` sits above it)."""
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text
