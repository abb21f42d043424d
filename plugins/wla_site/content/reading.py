"""Reading content files safely, with the line of every value.

YAML is parsed with PyYAML's safe loader (the C one where it is installed), so
a tag such as `!!python/object` is an error and never runs. Before anything is
built from the parsed tree, it is checked for what a hostile or broken file
could use to hurt the build: size, nesting, aliases ("billion laughs") and
repeated keys. Markdown files carry their YAML between two `---` lines at the
top; lines are counted from the top of the file, front matter included, so a
contributor can go straight to the line a problem names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wla_site.content.problems import Problems
from wla_site.content.yaml_mistakes import (
    CURLY,
    Mistake,
    bullet_message,
    curly_note_message,
    dash_message,
    diagnose,
    hash_message,
    note_message,
    quoted,
    scan,
    special_message,
    unclosed_message,
    without_curly_quotes,
)

try:  # The C loader is several times faster; the pure-Python one behaves the same.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_LINE_BREAKS = {ord("\r"): "\n", 0x85: " ", 0x2028: " ", 0x2029: " "}

MAX_FILE_BYTES = 512 * 1024
"""The largest content file accepted. The longest real case study is a few KB."""

MAX_DEPTH = 12
"""Deepest nesting of lists and groups; the contract needs three levels."""

MAX_NODES = 5000
"""Most values in one file; a long provider or event has under a hundred."""

Path_ = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One content file, parsed: its data, its Markdown body and a line map."""

    path: str
    """Path relative to the repository, with forward slashes."""
    data: dict[str, Any]
    body: str = ""
    body_line: int = 1
    yaml_text: str = ""
    """The YAML as read, kept to find lines when there is a problem to report."""
    line_offset: int = 0
    reported: set[Path_] = field(default_factory=set)
    """Fields whose problem is already said (a value YAML read as a note, say): no second message."""
    _lines: dict[Path_, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path_, int]:
        """Line of each field (keys of mappings, items of lists), by its path.

        Worked out only when a problem needs it: most files have none.
        """
        if self._lines is None:
            self._lines = line_map(self.yaml_text, self.line_offset)
        return self._lines

    @property
    def end_line(self) -> int:
        """Where a missing field goes: the closing `---` of front matter, or the last line of a YAML file."""
        if self.line_offset:
            return self.body_line - 1
        return self.yaml_text.rstrip().count("\n") + 1

    def line_of(self, loc: Path_) -> int | None:
        """The line of the value at `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return None


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """The text of a file, or None after adding a problem (too big, not UTF-8, empty)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(
                rel,
                f"the file is {size // 1024} KB; the most a content file may be is "
                f"{MAX_FILE_BYTES // 1024} KB. Shorten it or move long material to a linked page.",
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(rel, f"the file cannot be read ({exc.strerror or exc}).")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.add(
            rel,
            f"the file is not UTF-8 text: byte {exc.start} (0x{raw[exc.start]:02x}) cannot be read. "
            "Save the file as UTF-8 in your editor.",
            line=line,
        )
        return None
    text = normal_text(text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.add(rel, "the file contains a NUL character, so it is not a text file.", line=line)
        return None
    if not text.strip():
        problems.add(rel, "the file is empty. Start from `wla new` to get a filled-in example.")
        return None
    return text


def normal_text(text: str) -> str:
    """A file's text with one kind of line break, so every line number is the one a person sees.

    YAML also counts NEL, LS and PS as line breaks, but editors and GitHub do not: they
    become spaces, so the parser's line numbers and ours count the same lines.
    """
    return text.removeprefix("\ufeff").replace("\r\n", "\n").translate(_LINE_BREAKS)


def load_yaml_file(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    """A YAML data file (event, provider, vocabulary) parsed into a `SourceFile`."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    reported: set[Path_] = set()
    data = parse_yaml(text, rel, problems, line_offset=0, reported=reported)
    if data is None:
        return None
    return SourceFile(rel, data, yaml_text=text, reported=reported)


def load_markdown_file(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    """A Markdown file with YAML front matter parsed into a `SourceFile`."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None and text.startswith("---"):
        problems.add(
            rel,
            "the front matter has no closing `---` line. Add a line `---` after the last field, "
            "before the story.",
            line=1,
        )
        return None
    if split is None:
        problems.add(
            rel,
            "the file must start with front matter: a line `---`, the fields in YAML, "
            "then another line `---`, then the story in Markdown.",
            line=1,
        )
        return None
    front, body, body_line = split
    reported: set[Path_] = set()
    data = parse_yaml(front, rel, problems, line_offset=1, reported=reported)
    if data is None:
        return None
    return SourceFile(
        rel, data, body=body, body_line=body_line, yaml_text=front, line_offset=1, reported=reported
    )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line the body starts on), or None with no front matter."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        return None
    pos = first_end + 1
    line = 2
    while pos <= len(text):
        end = text.find("\n", pos)
        current = text[pos:] if end == -1 else text[pos:end]
        if current.rstrip() in ("---", "..."):
            front = text[first_end + 1 : pos]
            body = "" if end == -1 else text[end + 1 :]
            return front, body, line + 1
        if end == -1:
            return None
        pos = end + 1
        line += 1
    return None


def parse_yaml(
    text: str, rel: str, problems: Problems, *, line_offset: int, reported: set[Path_] | None = None
) -> dict[str, Any] | None:
    """Parse one YAML document safely into a mapping, or add a problem and return None.

    Fields whose problem is added here (and that validation should not report again)
    are put in `reported`.
    """
    deep = _flow_nesting_line(text)
    if deep is not None:
        problems.add(rel, f"the values are nested more than {MAX_DEPTH} levels deep.", line=deep + line_offset)
        return None
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            _add_mistakes(text, _stop_line(exc), rel, problems, line_offset)
            return None
        except yaml.YAMLError:
            problems.add(rel, _CANNOT_READ)
            return None
        if node is None:
            problems.add(rel, "there are no fields. Start from `wla new` to get a filled-in example.")
            return None
        if not isinstance(node, yaml.MappingNode):
            # `title:Hello` alone reads as one value: say what is wrong with the line.
            mistakes = [m for m in scan(text.split("\n"), line_offset) if m.fixed is not None]
            if mistakes and isinstance(node, yaml.ScalarNode):
                _add(mistakes, rel, problems, line_offset)
                return None
            problems.add(
                rel,
                "the fields must be a list of `name: value` lines, but this is "
                f"{_node_kind(node)}.",
                line=node.start_mark.line + 1 + line_offset,
            )
            return None
        builder = _Builder(loader, rel, problems, line_offset, text)
        try:
            data = builder.build(node, 0)
        except _Rejected:
            return None
        if reported is not None:
            reported.update(builder.reported)
        return data if builder.ok else None
    finally:
        loader.dispose()


_CANNOT_READ = (
    "this cannot be read as fields. Write each field on its own line as a name, a colon and a space, "
    "then the value; indent with spaces, lined up with the fields around it."
)


def _stop_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else None


def _stops_at(text: str) -> int | None:
    """The line where reading `text` stops (from 1), or None when all of it reads."""
    loader = _Loader(text)
    try:
        while loader.get_event() is not None:  # the parser alone: no values are built
            pass
    except yaml.MarkedYAMLError as exc:
        return _stop_line(exc) or 1
    except yaml.YAMLError:
        return 1
    finally:
        loader.dispose()
    return None


def _add_mistakes(text: str, stop: int | None, rel: str, problems: Problems, line_offset: int) -> None:
    """Say what stops the file being read, on the line of each mistake."""
    mistakes = diagnose(text, stop, _stops_at, line_offset)
    if mistakes:
        _add(mistakes, rel, problems, line_offset)
    else:
        problems.add(rel, _CANNOT_READ, line=stop + line_offset if stop else None)


def _add(mistakes: list[Mistake], rel: str, problems: Problems, line_offset: int) -> None:
    for mistake in mistakes:
        problems.add(rel, mistake.message, line=mistake.line + line_offset, field=dotted(mistake.path) or None)


class _Rejected(Exception):
    """The file cannot be used at all; the problem is already recorded."""


class _Builder:
    """Python values from a composed YAML tree, checking as it goes.

    One pass over the nodes both builds the values and refuses what a content
    file never needs: aliases and merges, nesting past `MAX_DEPTH`, more than
    `MAX_NODES` values, tags beyond plain YAML types, repeated keys.
    """

    _SCALARS = {
        "tag:yaml.org,2002:str": None,
        "tag:yaml.org,2002:int": "construct_yaml_int",
        "tag:yaml.org,2002:float": "construct_yaml_float",
        "tag:yaml.org,2002:bool": "construct_yaml_bool",
        "tag:yaml.org,2002:null": "construct_yaml_null",
        "tag:yaml.org,2002:timestamp": "construct_yaml_timestamp",
    }

    def __init__(self, loader: Any, rel: str, problems: Problems, line_offset: int, text: str) -> None:
        self.loader, self.rel, self.problems, self.offset = loader, rel, problems, line_offset
        self.text = text
        self.seen: set[int] = set()
        self.count = 0
        self.ok = True
        self.reported: set[Path_] = set()
        self._lines: list[str] | None = None

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def reject(self, message: str, node: yaml.Node | None = None, path: Path_ = ()) -> _Rejected:
        line = self.line(node) if node is not None else None
        self.problems.add(self.rel, message, line=line, field=dotted(path) or None)
        return _Rejected()

    def build(self, node: yaml.Node, depth: int, path: Path_ = (), key_line: int | None = None) -> Any:
        if id(node) in self.seen:
            raise self.reject(
                "the file repeats a value with `&name` and `*name` (or `<<`). Write each value out in full.", node
            )
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.reject(f"the file has more than {MAX_NODES} values; a content file needs far fewer.")
        if depth > MAX_DEPTH:
            raise self.reject(f"the values are nested more than {MAX_DEPTH} levels deep.", node)
        if isinstance(node, yaml.ScalarNode):
            self.check_value(node, path, key_line)
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.tag_not_allowed(node)
            return [self.build(item, depth + 1, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag != "tag:yaml.org,2002:map":
            raise self.tag_not_allowed(node)
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.reject("the file repeats values with `<<`. Write each value out in full.", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.reject("a field name must be a plain word, like `title`.", key_node)
            if key_node.tag not in self._SCALARS:
                raise self.tag_not_allowed(key_node, path)
            # A field name is the text as written: `2026:` or `yes:` is a (wrong) name, not a number.
            key = key_node.value
            if key in first_line:
                self.problems.add(
                    self.rel,
                    f"the field appears twice (first on line {first_line[key]}). Keep one.",
                    line=self.line(key_node),
                    field=dotted(path + (str(key),)),
                )
                self.ok = False
            first_line[key] = self.line(key_node)
            mapping[key] = self.build(value_node, depth + 1, path + (key,), key_node.start_mark.line)
        return mapping

    def check_value(self, node: yaml.ScalarNode, path: Path_, key_line: int | None) -> None:
        """Values YAML reads without complaint but not as the person meant: say so."""
        if node.style not in (None, "", '"', "'"):
            return
        start, end = node.start_mark, node.end_mark
        message = None
        if node.style in ('"', "'"):
            if end.line > start.line and self._runs_into_field(node):
                message, self.ok = unclosed_message(node.style), False
        elif node.value == "" and node.tag == "tag:yaml.org,2002:null":
            note = _EMPTY_THEN_NOTE.match(self.text, start.index)
            if note:
                message = hash_message(self._fixed(start.line, note.end() - 1))
        elif end.line == start.line and _ONE_SPACE_NOTE.match(self.text, end.index):
            if node.value.startswith(tuple(CURLY)):
                message = curly_note_message(self._fixed(start.line, start.index, without_curly_quotes))
            else:
                message = note_message(node.value, self._fixed(start.line, start.index))
        elif key_line is not None and start.line > key_line and re.match(r"-[^\s-]", node.value):
            message = dash_message(node.value.split(" ")[0][1:])
        elif key_line is not None and start.line > key_line and node.value.startswith("•"):
            message = bullet_message(node.value.split("•")[1])
        if message is not None and path:
            self.problems.add(self.rel, message, line=start.line + 1 + self.offset, field=dotted(path))
            self.reported.add(path)

    def _runs_into_field(self, node: yaml.ScalarNode) -> bool:
        """Whether a quoted value that runs over lines takes in lines that start like a field."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        lines = self._lines[node.start_mark.line + 1 : node.end_mark.line + 1]
        own = self._lines[node.start_mark.line]
        col = len(own) - len(own.lstrip(" -"))
        return any(
            line.strip() and len(line) - len(line.lstrip(" ")) <= col and _FIELD_START.match(line.lstrip(" "))
            for line in lines
        )

    def _fixed(self, line: int, value_start: int, change: Callable[[str], str] = str) -> str:
        """Line `line` with its value (from `value_start` to the end of the line) in quotes."""
        line_start = self.text.rfind("\n", 0, value_start) + 1
        line_end = self.text.find("\n", value_start)
        whole = self.text[line_start : len(self.text) if line_end == -1 else line_end]
        head, value = whole[: value_start - line_start], change(whole[value_start - line_start :].strip())
        return (head.rstrip() + " " + quoted(value)).strip()

    def scalar(self, node: yaml.ScalarNode, path: Path_ = ()) -> Any:
        if node.tag not in self._SCALARS:
            raise self.tag_not_allowed(node, path)
        method = self._SCALARS[node.tag]
        if method is None:
            return node.value
        try:
            return getattr(self.loader, method)(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            raise self.reject(f'"{node.value}" cannot be read as a {node.tag.rsplit(":", 1)[-1]}. Put it in quotes.', node) from None

    def tag_not_allowed(self, node: yaml.Node, path: Path_ = ()) -> _Rejected:
        if isinstance(node, yaml.ScalarNode) and node.tag.startswith("!") and not node.tag.startswith("!!"):
            # `title: !Important news`: a person's `!`, not a tag they meant.
            fixed = self._fixed(node.start_mark.line, node.start_mark.index)
            return self.reject(special_message("!", fixed), node, path)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self.reject(
            f"the YAML tag `{tag}` is not allowed. Use only plain text, numbers, dates, "
            "lists and groups of fields; remove the tag.",
            node,
        )


_EMPTY_THEN_NOTE = re.compile(r"[ \t]?#(?=\S)")
"""An empty value followed (after one space) by `#` and a word: `title: #1 in the north`."""

_ONE_SPACE_NOTE = re.compile(r"[ \t]#(?=\S)")
"""A value cut short by ` #` and a word: `title: Our #1 fan`."""

_FIELD_START = re.compile(r"[A-Za-z_][\w -]*:(?:[ \t]|$)")


def line_map(text: str, line_offset: int = 0) -> dict[Path_, int]:
    """The line of every field and list item in a YAML text that is known to parse."""
    lines: dict[Path_, int] = {}
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return lines
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen or len(path) > MAX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child: Path_ = path + (key.value,)
                    lines.setdefault(child, key.start_mark.line + 1 + line_offset)
                    stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = path + (index,)
                lines[child] = item.start_mark.line + 1 + line_offset
                stack.append((item, child))
    return lines


_BRACKETS = re.compile(r"[^\[\]{}\n]+")


def _flow_nesting_line(text: str) -> int | None:
    """The line where `[` and `{` nest too deep, found before the parser recurses into them."""
    depth = 0
    line = 1
    for char in _BRACKETS.sub("", text):
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        else:
            depth = max(0, depth - 1)
    return None


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a single value"


def dotted(path: Path_) -> str:
    """A field path as people read it: `organisation.region`, `authors[1].name`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out



def content_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Content files of one kind, in name order; hidden files and folders skipped."""
    if not folder.is_dir():
        return iter(())
    return iter(
        sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in suffixes and not p.name.startswith((".", "_")) and p.is_file()
        )
    )


def links_outside(folder: Path, root: Path) -> list[str]:
    """Files under `folder` that are links to somewhere outside `root`, relative to `root`.

    A link inside the repository is fine; one to `/etc/passwd` would copy that file into
    the published site (and into a pull request's uploaded preview).
    """
    found: list[str] = []
    if not folder.is_dir():
        return found
    real_root = root.resolve()
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink():
            continue
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            found.append(shown)
            continue
        if not target.is_relative_to(real_root):
            found.append(shown)
    return found
