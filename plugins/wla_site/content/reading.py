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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wla_site.content.problems import Problems

try:  # The C loader is several times faster; the pure-Python one behaves the same.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_LINE_BREAKS = {ord("\r"): "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"}

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
    _lines: dict[Path_, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path_, int]:
        """Line of each field (keys of mappings, items of lists), by its path.

        Worked out only when a problem needs it: most files have none.
        """
        if self._lines is None:
            self._lines = line_map(self.yaml_text, self.line_offset)
        return self._lines

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
    # YAML also counts NEL, LS and PS as line breaks: make them plain ones, so that every line
    # number (the parser's and ours) counts the same lines.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").translate(_LINE_BREAKS)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.add(rel, "the file contains a NUL character, so it is not a text file.", line=line)
        return None
    if not text.strip():
        problems.add(rel, "the file is empty. Start from `wla new` to get a filled-in example.")
        return None
    return text


def load_yaml_file(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    """A YAML data file (event, provider, vocabulary) parsed into a `SourceFile`."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    data = parse_yaml(text, rel, problems, line_offset=0)
    if data is None:
        return None
    return SourceFile(rel, data, yaml_text=text)


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
    data = parse_yaml(front, rel, problems, line_offset=1)
    if data is None:
        return None
    return SourceFile(rel, data, body=body, body_line=body_line, yaml_text=front, line_offset=1)


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


def parse_yaml(text: str, rel: str, problems: Problems, *, line_offset: int) -> dict[str, Any] | None:
    """Parse one YAML document safely into a mapping, or add a problem and return None."""
    deep = _flow_nesting_line(text)
    if deep is not None:
        problems.add(rel, f"the values are nested more than {MAX_DEPTH} levels deep.", line=deep + line_offset)
        return None
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 + line_offset if mark else None
            problems.add(rel, _yaml_message(exc, text), line=line)
            return None
        except yaml.YAMLError as exc:
            problems.add(rel, f"the YAML cannot be read: {exc}")
            return None
        if node is None:
            problems.add(rel, "there are no fields. Start from `wla new` to get a filled-in example.")
            return None
        if not isinstance(node, yaml.MappingNode):
            problems.add(
                rel,
                "the fields must be a list of `name: value` lines, but this is "
                f"{_node_kind(node)}.",
                line=node.start_mark.line + 1 + line_offset,
            )
            return None
        builder = _Builder(loader, rel, problems, line_offset)
        try:
            data = builder.build(node, 0)
        except _Rejected:
            return None
        return data if builder.ok else None
    finally:
        loader.dispose()


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

    def __init__(self, loader: Any, rel: str, problems: Problems, line_offset: int) -> None:
        self.loader, self.rel, self.problems, self.offset = loader, rel, problems, line_offset
        self.seen: set[int] = set()
        self.count = 0
        self.ok = True

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def reject(self, message: str, node: yaml.Node | None = None) -> _Rejected:
        self.problems.add(self.rel, message, line=self.line(node) if node is not None else None)
        return _Rejected()

    def build(self, node: yaml.Node, depth: int, path: Path_ = ()) -> Any:
        if id(node) in self.seen:
            raise self.reject(
                "the file uses a YAML alias (`*name`) or merge (`<<`). Write each value out in full.", node
            )
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.reject(f"the file has more than {MAX_NODES} values; a content file needs far fewer.")
        if depth > MAX_DEPTH:
            raise self.reject(f"the values are nested more than {MAX_DEPTH} levels deep.", node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
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
                raise self.reject("the file uses a YAML merge (`<<`). Write each value out in full.", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.reject("a field name must be a plain word, like `title`.", key_node)
            key = self.scalar(key_node)
            if key in first_line:
                self.problems.add(
                    self.rel,
                    f"the field appears twice (first on line {first_line[key]}). Keep one.",
                    line=self.line(key_node),
                    field=dotted(path + (str(key),)),
                )
                self.ok = False
            first_line[key] = self.line(key_node)
            mapping[key] = self.build(value_node, depth + 1, path + (key,))
        return mapping

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in self._SCALARS:
            raise self.tag_not_allowed(node)
        method = self._SCALARS[node.tag]
        if method is None:
            return node.value
        try:
            return getattr(self.loader, method)(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            raise self.reject(f'"{node.value}" cannot be read as a {node.tag.rsplit(":", 1)[-1]}. Put it in quotes.', node) from None

    def tag_not_allowed(self, node: yaml.Node) -> _Rejected:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self.reject(
            f"the YAML tag `{tag}` is not allowed. Use only plain text, numbers, dates, "
            "lists and groups of fields; remove the tag.",
            node,
        )


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


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    detail = f"{context}, {problem}" if context and problem else problem or context
    mark = exc.problem_mark
    line_text = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    hint = ""
    if "\t" in line_text[: (mark.column + 1) if mark else None]:
        hint = " The line is indented with a tab: use spaces instead."
    elif "mapping values are not allowed" in problem:
        hint = ' If a value contains ": ", put the whole value in quotes.'
    elif "found character '\\t'" in problem:
        hint = " Use spaces, not tabs, to indent."
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = " Check the indentation and that every field is written `name: value`."
    return f"the YAML cannot be read ({detail}).{hint}"


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
