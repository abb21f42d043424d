"""Problems found in content, and the report a person reads.

Every check adds a `Problem` to a `Problems` collection instead of stopping at
the first one, so a contributor sees everything to fix in one run. A problem
names the file relative to the repository, the line (counted from the top of
the file, front matter included) and the field, then says what would be right.

Reports are inert: a field name, value or file name can hold anything, so
everything a report prints goes through `shown` (invisible and control
characters written as escapes such as `\\n` or `\\u202e`, so a value stays on
its line and cannot colour, clear or reverse the terminal) and `inert_lines`
(no printed line can start a GitHub Actions workflow command); `inert_line`
does both for a one-line message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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
        """The problem on one line, whatever its parts hold."""
        path, field, message = shown(self.path), shown(self.field or ""), shown(self.message)
        where = path if self.line is None else f"{path}, line {self.line}"
        if field:
            return f"{where}: {field}: {message}"
        return f"{where}: {message}"

    def as_github(self) -> str:
        """The problem as a GitHub Actions annotation on the file and line."""
        props = f"file={_gh_escape_property(self.path)}"
        if self.line is not None:
            props += f",line={self.line}"
        title = self.field if self.field and self.field.strip() else "Content problem"
        props += f",title={_gh_escape_property(title)}"
        return f"::error {props}::{_gh_escape_data(self.message)}"


def _gh_escape_data(text: str) -> str:
    # The workflow-command spec: `%`, CR and LF percent-encoded in the data, so the runner
    # shows a line break inside the annotation instead of reading a new line; other hidden
    # characters are written as escapes, as in the plain report.
    text = shown(text, keep="\r\n")
    return _no_legacy_command(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))
"""Control, format (bidi, zero-width), line and paragraph separator, and lone surrogate characters."""
_PLAIN = re.compile(r"[ -~\u00a0-\u00ac\u00ae-\u05ff]*")
"""A run of characters that never need a look (printable ASCII and common Latin, Greek, Cyrillic...)."""


def shown(text: str, keep: str = "") -> str:
    """`text` as a report prints it: on one line, with every hidden character written as an escape.

    Line breaks become `\\n`, ESC becomes `\\x1b`, a right-to-left override `\\u202e`, so
    nothing a contributor wrote can start a new line, move the cursor or reorder the text.
    Characters in `keep` are left as they are, for the caller to encode.
    """
    if _PLAIN.fullmatch(text):
        return text
    return "".join(
        _escape(char) if unicodedata.category(char) in _HIDDEN and char not in keep else char for char in text
    )


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_COMMAND_START = re.compile(r"^(\s*)::")
_LEGACY_COMMAND = "##["


def _no_legacy_command(line: str) -> str:
    # The Actions runner also obeys the old `##[command]` form anywhere in a line.
    return line.replace(_LEGACY_COMMAND, "##\\[")


def inert_line(text: str) -> str:
    """One message made safe to print: on one line (see `shown`), no workflow command in it."""
    return inert_lines(shown(text))


def inert_lines(text: str) -> str:
    """Text made safe to print in a GitHub Actions log, line by line.

    The runner reads a line as a workflow command when it starts, after spaces, with
    `::` (`::error`, `::add-mask::`, `::stop-commands::`), or when it holds `##[` anywhere;
    both are broken with a backslash. Hidden characters are escaped, line breaks kept.
    """
    lines = [shown(line) for line in text.split("\n")]
    return "\n".join(_no_legacy_command(_COMMAND_START.sub(r"\1\\::", line)) for line in lines)


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
        return inert_lines("\n".join(lines))

    def github(self) -> str:
        """One annotation a line; nothing a contributor wrote can end a line or start a command."""
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
