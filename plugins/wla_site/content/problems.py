"""Problems found in content, and the report a person reads.

Every check adds a `Problem` to a `Problems` collection instead of stopping at
the first one, so a contributor sees everything to fix in one run. A problem
names the file relative to the repository, the line (counted from the top of
the file, front matter included) and the field, then says what would be right.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one content file."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"

    def as_github(self) -> str:
        """The problem as a GitHub Actions annotation on the file and line."""
        props = f"file={_gh_escape_property(self.path)}"
        if self.line is not None:
            props += f",line={self.line}"
        title = f"{self.field}" if self.field else "Content problem"
        props += f",title={_gh_escape_property(title)}"
        return f"::error {props}::{_gh_escape_data(self.message)}"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Problems:
    """Every problem found in a run, in file and line order when reported."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self._items.append(Problem(path, line, field, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self._items), key=_sort_key))

    def report(self) -> str:
        """The plain-English report: a count, then one problem a line."""
        items = list(self)
        files = len({p.path for p in items})
        noun = "problem" if len(items) == 1 else "problems"
        fnoun = "file" if files == 1 else "files"
        lines = [f"Found {len(items)} {noun} in {files} {fnoun}:", ""]
        lines += [f"  {p}" for p in items]
        lines += ["", "Fix these and run the check again. Nothing was built."]
        return "\n".join(lines)

    def github(self) -> str:
        return "\n".join(p.as_github() for p in self)


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.path, p.line or 0, p.field or "", p.message)


class ContentError(Exception):
    """Raised when content has problems; carries all of them."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.report())
        self.problems = problems


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped value, if one is close enough."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
