"""The mistakes people make writing YAML by hand, found from the lines and said in plain words.

PyYAML stops at the first thing it cannot read, names it in its own terms and
often points a line or more past the real mistake (an unclosed quote is only
noticed at the end of the file). Here the lines are read the way a person
wrote them, each a field (`name: value`), a list item (`- value`) or the rest
of a long value, and each usual mistake is recognised by its shape: a quote
that does not close, text after a closing quote, `: ` inside a value, curly
quotes, a line indented unlike its neighbours, tabs, a value starting with
`#` or `@`, a missing space after `:` or `-`.

`diagnose` lists every mistake that stops a file being read. Each comes with
the line as it would be once fixed; the file is read again with the fixes in,
so a second mistake further down is found in the same run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

Path_ = tuple[str | int, ...]

MAX_ROUNDS = 20
"""Most times a file is read again with fixes in; past that, fixing the first mistakes comes first."""

MAX_WORK = 600_000
"""Most characters read again in all, so a huge broken file is read again only a few times."""

EXAMPLE_WIDTH = 90
"""Longest fixed line quoted whole in a message; a longer one is cut short."""

CURLY = "“”‘’„‚«»"
"""Quotes a word processor puts in, which YAML reads as letters."""
_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`?:-][^\n]*?|-[^\s-][^\n]*?)"""
    r"""[ \t]*:(?=[ \t]|$)"""
)
_DASHES = re.compile(r"(?:-(?:[ ]+|$))+")
_NO_SPACE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_ ()-]*?):(?P<value>[^\s:].*\w.*)$")
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_NOTE_AFTER = re.compile(r"[ \t]+#")
_SPECIAL = "@`%*"


@dataclass(frozen=True)
class Mistake:
    """One mistake on one line of a YAML text."""

    line: int
    """Counted from 1 in the YAML text given."""
    path: Path_
    """The field the line is part of, as far as the lines show it."""
    message: str
    fixed: str | None = None
    """The line with the advice applied (or the lines from it on, one a line), to read on past it;
    None to leave the line as it is."""


def diagnose(
    text: str, error_line: int | None, stops_at: Callable[[str], int | None], offset: int = 0
) -> list[Mistake]:
    """The mistakes that stop `text` being read, in line order.

    `error_line` is where the parser stopped (from 1); `stops_at` reads a text and
    gives the line where it stops, or None when it reads to the end. The mistakes
    up to that line are taken, their fixes applied, and the text read again. Lines named
    in messages count `offset` lines before the text (front matter's `---`).
    """
    lines = text.split("\n")
    found: list[Mistake] = []
    done: set[int] = set()
    for _ in range(max(1, min(MAX_ROUNDS, MAX_WORK // (len(text) + 1)))):
        if error_line is None:
            break
        candidates = [m for m in scan(lines, offset, error_line) if m.line not in done and m.line <= error_line]
        if not candidates:
            break
        for mistake in candidates:
            found.append(mistake)
            if mistake.fixed is not None:
                fixed = mistake.fixed.split("\n")
                lines[mistake.line - 1 : mistake.line - 1 + len(fixed)] = fixed
        done.update(m.line for m in candidates)
        error_line = stops_at("\n".join(lines))
    return found


def scan(lines: list[str], offset: int = 0, stop: int | None = None) -> list[Mistake]:
    """Every mistake the shape of the lines shows (up to line `stop`), in line order.

    `offset` is as for `diagnose`.
    """
    state = _State(lines, offset)
    index = 0
    end = len(lines) if stop is None else min(stop, len(lines))
    while index < end:
        index = _read_line(state, index) + 1
    return sorted(state.found, key=lambda m: m.line)


# --- reading the lines ------------------------------------------------------------------------


@dataclass
class _Level:
    """A group of fields (or a list) the lines are filling, and the column its lines start in."""

    col: int
    path: Path_
    seq: bool = False
    count: int = 0


@dataclass
class _Line:
    """What is remembered of a field or list item line, for the lines after it."""

    number: int = 0
    col: int = 0
    key: str | None = None
    path: Path_ = ()
    opener: bool = False
    """Its value is empty, so the lines after it may be indented under it."""
    plain: bool = False
    """Its value is plain text, so lines indented under it go on with it."""
    dash: bool = False
    head: str = ""
    """The line up to its value, like `  town:`."""
    value: str = ""


@dataclass
class _State:
    lines: list[str]
    offset: int = 0
    found: list[Mistake] = field(default_factory=list)
    levels: list[_Level] = field(default_factory=lambda: [_Level(0, ())])
    prev: _Line = field(default_factory=_Line)
    before: _Line = field(default_factory=_Line)
    """The line before `prev`, to tell a line that is the odd one out."""
    pending: list[tuple[str, str | None]] = field(default_factory=list)

    def note(self, message: str, fixed: str | None) -> None:
        self.pending.append((message, fixed))

    def flush(self, number: int, path: Path_) -> None:
        for message, fixed in self.pending:
            self.found.append(Mistake(number, path, message, fixed))
        self.pending.clear()

    def remember(self, line: _Line) -> None:
        self.before, self.prev = self.prev, line


def _read_line(state: _State, index: int) -> int:
    """Read the line at `index`, and the lines its value takes; the last index read."""
    raw = state.lines[index]
    body = raw.lstrip(" \t")
    if not body or body.startswith("#") or raw.rstrip() in ("---", "...") or raw.startswith(("--- ", "%")):
        return index
    number = index + 1
    lead = raw[: len(raw) - len(body)]
    if "\t" in lead:
        raw = " " * _tab_col(state, len(lead.expandtabs(2))) + body
        state.note("the line is indented with a tab, and YAML needs spaces: replace the tab with spaces.", raw)
    indent = len(raw) - len(body)
    prev = state.prev
    key = _KEY.match(body)
    starts_item = body.startswith("- ") or body == "-"
    if prev.plain and indent > prev.col and not starts_item and not (key and _FIELD_NAME.fullmatch(key["key"])):
        # The rest of a long value from the line above.
        if key:
            state.note(_colon_on_later_line(prev.key), raw.replace(": ", "; "))
        state.flush(number, prev.path)
        return index
    if not key and re.match(r"-[^\s-]", body):
        raw = " " * indent + "- " + body[1:]
        state.note(dash_message(body[1:]), raw)
        body = raw[indent:]
    elif not key and not starts_item and (missing := _NO_SPACE.match(body)):
        name, value = missing["key"], missing["value"]
        raw = " " * indent + f"{name}: {value}"
        state.note(f'there is no space after the colon, so this is not read as a field: write "{name}: {value}".', raw)
        body = raw[indent:]
        key = _KEY.match(body)
    dashes = _DASHES.match(body)
    name = _unquote(key["key"]) if key and not dashes else None
    placed = _place(state, number, indent, bool(dashes), name, raw)
    if placed is None:
        state.flush(number, state.levels[-1].path)
        return index
    if placed != indent:
        raw = " " * placed + body
        indent = placed
    path = _open_items(state, indent, dashes)
    content = body[dashes.end() :] if dashes else body
    col = indent + (dashes.end() if dashes else 0)
    key = _KEY.match(content)
    if key is None:
        if dashes:
            state.levels.pop()  # the item holds a value, not a group of fields
            if not content.strip():
                state.flush(number, path)
                state.remember(_Line(number, indent, None, path, opener=True, dash=True))
                return index
            return _value(state, index, raw[:col], None, path, content.strip(" "), indent, True)
        above = state.prev
        if above.key and _BLOCK_HEADER.match(above.value) and indent <= above.col:
            return _text_not_indented(state, index, above)
        hint = (
            f' If it goes on from "{above.key}:" on the line above, indent it further than that line.'
            if above.plain and above.key
            else ""
        )
        state.note(
            f'this line is not a field: write the name, a colon and a space, then the value, like "title: My story".{hint}',
            None,
        )
        state.flush(number, state.levels[-1].path)
        # Lines indented under it are taken as its own, so they are not blamed for it.
        state.remember(_Line(number, indent, None, state.levels[-1].path, opener=True))
        return index
    name = _unquote(key["key"])
    path = state.levels[-1].path + (name,)
    prefix = raw[: col + key.end()]
    after = content[key.end() :]
    if after.lstrip(" ").startswith("\t"):
        fixed = prefix + " " + after.strip(" \t")
        state.note(f'there is a tab after "{name}:". Use a space instead.', fixed)
        after = fixed[len(prefix) :]
    return _value(state, index, prefix + " ", name, path, after.strip(" \t"), col, bool(dashes))


def _place(state: _State, number: int, indent: int, dash: bool, name: str | None, raw: str) -> int | None:
    """Fit a line into the groups above it: the column it belongs in (after a fix), or None to skip it."""
    prev = state.prev
    if prev.opener and (indent > prev.col or (indent == prev.col and dash and not prev.dash)):
        state.levels.append(_Level(indent, prev.path, seq=dash))
        return indent
    for depth in range(len(state.levels) - 1, -1, -1):
        level = state.levels[depth]
        if level.col == indent and level.seq == dash:
            del state.levels[depth + 1 :]
            return indent
        if level.col < indent or (level.col == indent and dash):
            break
    top = state.levels[-1]
    shown = f'"{name}:"' if name else "the line"
    if not prev.number:
        # A file may be indented as a whole: its first line sets the column of the others.
        state.levels[0].col = indent
        return indent
    root = state.levels[0]
    if indent < root.col and not dash:
        first = next(i for i, text in enumerate(state.lines) if text.strip() and not text.lstrip().startswith("#"))
        state.found.append(
            Mistake(
                first + 1,
                (),
                "the first line is indented more than the lines after it, so the file cannot be read. "
                "Start it at the very start of the line, like them.",
                state.lines[first].lstrip(" "),
            )
        )
        del state.levels[1:]
        root.col = indent
        return indent
    if dash and indent == top.col:
        state.note(
            'this list item is not under a field: put it under the field it belongs to, lined up with its '
            'other items, or remove the "-".',
            None,
        )
        return None
    before = state.before
    if (
        indent > top.col
        and before.number
        and not prev.opener
        and prev.col < before.col == indent
        and prev.key
        and not before.opener
    ):
        # The line above is the odd one out: it is less indented than the lines on both sides.
        group = before.path[:-1]
        fixed = " " * indent + state.lines[prev.number - 1].lstrip(" ")
        state.found.append(
            Mistake(
                prev.number,
                group + (prev.key,),
                f'this field is indented less than the fields above and below it, so the lines after it cannot '
                f'be read. Start "{prev.key}:" in the same column as "{before.key}:" on line {before.number + state.offset}, '
                f"{_spaces(indent)}.",
                fixed,
            )
        )
        state.levels.append(_Level(indent, group))
        return indent
    if indent > top.col and prev.key and prev.value and name and _next_indent(state, number) == indent:
        # Several fields indented under one that has a value: the value is what is out of place.
        state.found.append(
            Mistake(
                prev.number,
                prev.path,
                f'"{prev.key}" has a value and also fields indented under it, which YAML cannot read. If the '
                f'fields belong to it, remove the value after "{prev.key}:"; if not, start them in the same '
                f'column as "{prev.key}:".',
                prev.head,
            )
        )
        state.levels.append(_Level(indent, prev.path))
        return indent
    target = prev.col if indent > top.col else top.col
    more = "more" if indent > target else "less"
    state.note(
        f"this line is indented {more} than the line above it, so it cannot be read. Start {shown} in the same "
        f"column as {_shown(prev)} on line {prev.number + state.offset}, {_spaces(target)}.",
        " " * target + raw.lstrip(" "),
    )
    return _place(state, number, target, dash, name, raw) if target != indent else target


def _open_items(state: _State, indent: int, dashes: re.Match[str] | None) -> Path_:
    """Count the list items a line opens (`- `, `- - `); the path of the innermost."""
    level = state.levels[-1]
    if dashes is None:
        return level.path
    if not level.seq:
        level = _Level(indent, level.path, seq=True)
        state.levels.append(level)
    level.count += 1
    path = level.path + (level.count - 1,)
    for extra in re.finditer(r"-(?:[ ]+|$)", dashes.group(0)):
        if extra.start():
            state.levels.append(_Level(indent + extra.start(), path, seq=True, count=1))
            path = path + (0,)
    state.levels.append(_Level(indent + dashes.end(), path))
    return path


def _value(
    state: _State, index: int, prefix: str, name: str | None, path: Path_, value: str, col: int, dash: bool
) -> int:
    """Read the value after `name: ` (or `- `) that starts on line `index`; the last index it takes."""
    number = index + 1
    line = _Line(number, col, name, path, dash=dash, head=prefix.rstrip(), value=value)
    last = index
    if not value or value.startswith("#"):
        line.opener = True
        if re.match(r"#\S", value) and not _opens_group(state, index, col):
            state.note(hash_message(prefix + quoted(value)), prefix + quoted(value))
    elif value[0] in "\"'":
        last = _quoted(state, index, prefix, value, col)
    elif _BLOCK_HEADER.match(value):
        last = _text_lines(state, index, name, path, col, checked=not re.search(r"\d", value))
    elif value[0] in "[{":
        last = _flow(state, index, prefix, value)
    elif value[0] in _SPECIAL:
        state.note(special_message(value[0], prefix + quoted(value)), prefix + quoted(value))
    else:
        line.plain = True
        if ": " in value or value.endswith(":"):
            if value[0] in CURLY:
                fixed = prefix + quoted(without_curly_quotes(value))
                state.note(curly_message(fixed), fixed)
            else:
                fixed = prefix + quoted(value)
                state.note(colon_message(fixed), fixed)
    state.flush(number, path)
    state.remember(line)
    return last


def _quoted(state: _State, index: int, prefix: str, value: str, col: int) -> int:
    """A value in quotes, which may run on over several lines; the last index it takes."""
    mark = value[0]
    end = _closing(value, 1, mark)
    if end is not None:
        rest = value[end + 1 :]
        if rest.strip() and not _NOTE_AFTER.match(rest):
            if mark == "'" and value[end - 1 : end].isalpha() and rest[:1].isalpha():
                inner = value[1:-1] if value.endswith("'") else value[1:]
                fixed = prefix + _double_quote(inner.replace("''", "'"))
                state.note(apostrophe_message(fixed), fixed)
            else:
                fixed = prefix + quoted(value)
                state.note(after_quote_message(mark, fixed), fixed)
        return index
    # Not closed on its line, so the value runs on until the quote closes. The lines of a
    # long quoted value are indented under its field: one that starts like a field shows the
    # quote was never meant to run on.
    last = index
    while last + 1 < len(state.lines):
        last += 1
        following = state.lines[last]
        body = following.lstrip(" ")
        if body and len(following) - len(body) <= col and _KEY.match(body):
            break
        close = _closing(following, 0, mark)
        if close is not None:
            rest = following[close + 1 :]
            if rest.strip() and not _NOTE_AFTER.match(rest):
                break
            return last
    fixed = prefix + value + mark
    state.note(unclosed_message(mark), fixed)
    return index


def _text_lines(state: _State, index: int, name: str | None, path: Path_, col: int, *, checked: bool) -> int:
    """The lines of a text after `|` or `>`, which all start at least where its first line does."""
    last = index
    lines: list[tuple[int, int, str]] = []  # (index, indent, text) of each line that is not blank
    while last + 1 < len(state.lines):
        following = state.lines[last + 1]
        body = following.lstrip(" ")
        indent = len(following) - len(body)
        if body.strip() and indent <= col and not body.startswith("\t"):
            break
        last += 1
        if body.strip():
            lines.append((last, indent, body))
    if not checked or len(lines) < 2:
        return last
    owner = f'the text of "{name}"' if name else "the text"
    (first, first_indent, first_body), rest = lines[0], lines[1:]
    rest_indents = {indent for _, indent, _ in rest}
    if len(rest_indents) == 1 and min(rest_indents) < first_indent:
        # The first line is the odd one out: it decides the indent, and the others fall short of it.
        (others,) = rest_indents
        state.found.append(
            Mistake(
                first + 1,
                path,
                f"the first line of {owner} is indented more than the lines after it, so they cannot be read. "
                f"Start it in the same column as them, {_spaces(others)}.",
                " " * others + first_body,
            )
        )
        return last
    for number, indent, body in rest:
        if indent < first_indent:
            state.found.append(
                Mistake(
                    number + 1,
                    path,
                    f"this line of {owner} is indented less than its first line (line {first + 1 + state.offset}), "
                    f"so it cannot be read. Start it in the same column, {_spaces(first_indent)}.",
                    " " * first_indent + body,
                )
            )
    return last


def _text_not_indented(state: _State, index: int, owner: _Line) -> int:
    """The lines of a text after `|` written without their indent; the last index they take."""
    last = index
    while last + 1 < len(state.lines):
        following = state.lines[last + 1]
        body = following.lstrip(" ")
        if body.strip() and len(following) - len(body) <= owner.col and _KEY.match(body):
            break
        last += 1
    while last > index and not state.lines[last].strip():
        last -= 1
    region = state.lines[index : last + 1]
    col = owner.col + 2
    span = f"lines {index + 1 + state.offset} to {last + 1 + state.offset}" if last > index else "this line"
    state.found.append(
        Mistake(
            index + 1,
            owner.path,
            f'the text of "{owner.key}" must be indented under it, so it cannot be read. Start each of its lines '
            f"({span}) {_spaces(col)}.",
            "\n".join(" " * col + line.lstrip(" ") if line.strip() else line for line in region),
        )
    )
    return last


def _next_indent(state: _State, number: int) -> int | None:
    """The indent of the next line (after line `number`) that is a field."""
    for following in state.lines[number:]:
        body = following.lstrip(" ")
        if body.strip() and not body.startswith("#"):
            return len(following) - len(body) if _KEY.match(body) else None
    return None


def _flow(state: _State, index: int, prefix: str, value: str) -> int:
    """A list in `[ ]` (or a group in `{ }`), which may run over several lines; the last index it takes."""
    depth = _bracket_balance(value)
    last = index
    own = len(prefix) - len(prefix.lstrip(" "))
    while depth > 0 and last + 1 < len(state.lines):
        following = state.lines[last + 1]
        body = following.lstrip(" ")
        if body and len(following) - len(body) <= own and _KEY.match(body):
            break
        last += 1
        depth += _bracket_balance(following)
    if depth > 0:
        opener = value[0]
        closer = "]" if opener == "[" else "}"
        what = "list" if opener == "[" else "group"
        state.note(
            f'the {what} that starts with "{opener}" on this line is not closed: add "{closer}" at its end.',
            state.lines[index] + closer * depth,
        )
        return index
    return last


def _bracket_balance(text: str) -> int:
    balance = 0
    quote: str | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = None
        elif char in "\"'" and (i == 0 or text[i - 1] in " ,[{:"):
            quote = char
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
        elif char == "#" and (i == 0 or text[i - 1] in " \t"):
            break
        i += 1
    return balance


def _closing(text: str, start: int, mark: str) -> int | None:
    """Where the quote `mark` closes in `text`, looking from `start`; None if it does not."""
    i = start
    while i < len(text):
        char = text[i]
        if mark == '"' and char == "\\":
            i += 2
            continue
        if char == mark:
            if mark == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _opens_group(state: _State, index: int, col: int) -> bool:
    """Whether the next line that counts is indented under line `index`, or starts a list there."""
    for following in state.lines[index + 1 :]:
        body = following.strip()
        if not body or body.startswith("#"):
            continue
        indent = len(following) - len(following.lstrip(" \t"))
        return indent > col or (indent == col and body.startswith("-"))
    return False


def _tab_col(state: _State, width: int) -> int:
    """Where a tab-indented line most likely meant to start: under an open field, or beside the last one."""
    prev = state.prev
    if not prev.number:
        return 0
    if prev.opener and width > prev.col:
        return prev.col + 2
    for level in reversed(state.levels):
        if level.col <= width:
            return level.col
    return 0


def _shown(line: _Line) -> str:
    return f'"{line.key}:"' if line.key else 'the "-"'


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key.strip()


def quoted(value: str) -> str:
    """`value` in quotes that YAML reads back as it is: double quotes, or single if it has any."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _double_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spaces(col: int) -> str:
    if col == 0:
        return "at the very start of the line"
    return f"with {col} space{'s' if col != 1 else ''} before it"


def _example(line: str) -> str:
    line = line.strip()
    return line if len(line) <= EXAMPLE_WIDTH else line[: EXAMPLE_WIDTH - 3] + "..."


# --- the messages, shared with the checks of files that can be read ----------------------------


def colon_message(fixed: str) -> str:
    return (
        'the value has a colon followed by a space (": "), which YAML reads as the start of another field. '
        f"Put the whole value in quotes: {_example(fixed)}"
    )


def _colon_on_later_line(key: str | None) -> str:
    owner = f'the value of "{key}"' if key else "the value above"
    return (
        f'this line goes on with {owner} and has a colon followed by a space (": "), which YAML reads as '
        'the start of another field. Put the whole value in quotes: a " after the colon of the field and '
        "another at the very end of the value."
    )


def without_curly_quotes(value: str) -> str:
    """A value that starts (and perhaps ends) with curly quotes, without them."""
    end = len(value) - 1 if len(value) > 1 and value[-1] in CURLY else len(value)
    return value[1:end]


def curly_note_message(fixed: str) -> str:
    return (
        'the value starts with a curly quote, which YAML does not read as a quote, so " #" starts a note '
        f'and the rest of the line is left out. Use straight quotes (") instead: {_example(fixed)}'
    )


def curly_message(fixed: str) -> str:
    return (
        "the value starts with a curly quote, which YAML does not read as a quote, so the "
        f'": " inside it cannot be read. Use straight quotes (") instead: {_example(fixed)}'
    )


def after_quote_message(mark: str, fixed: str) -> str:
    kind = "single" if fixed.rstrip().endswith("'") else "double"
    return (
        f"the value starts with a quote ({mark}) but goes on after the closing quote, which YAML cannot read. "
        f"Put the whole value in {kind} quotes: {_example(fixed)}"
    )


def apostrophe_message(fixed: str) -> str:
    return (
        "the value is in single quotes and has an apostrophe inside, which YAML reads as the closing quote. "
        f"Put the value in double quotes instead: {_example(fixed)}"
    )


def unclosed_message(mark: str) -> str:
    return (
        f"the value starts with a quote ({mark}) that is not closed on this line, so the lines after it are "
        f"read as part of it. Add a closing {mark} at the end of the value."
    )


def hash_message(fixed: str) -> str:
    return (
        "the value starts with #, which YAML reads as a note, so the field is empty: put the value in "
        f"quotes: {_example(fixed)}"
    )


def note_message(kept: str, fixed: str) -> str:
    return (
        f'" #" starts a note in YAML, so the rest of the line is left out and the value is only "{kept}". '
        f"Put the whole value in quotes: {_example(fixed)}"
    )


def special_message(char: str, fixed: str) -> str:
    return f"the value starts with {char}, which YAML keeps for other uses: put the value in quotes: {_example(fixed)}"


def bullet_message(item: str) -> str:
    return f'a list item starts with "- ", not with a bullet (•): write "- {item.strip()}".'


def dash_message(item: str) -> str:
    return f'a list item needs a space after "-": write "- {item.strip()}".'
