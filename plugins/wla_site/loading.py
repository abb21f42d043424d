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

from wla_site.problems import Problems

try:  # The C loader is several times faster; the pure-Python one behaves the same.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

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
    lines: dict[Path_, int] = field(default_factory=dict)
    """Line of each field (keys of mappings, items of lists), by its path."""

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
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
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
    parsed = parse_yaml(text, rel, problems, line_offset=0)
    if parsed is None:
        return None
    data, lines = parsed
    return SourceFile(rel, data, lines=lines)


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
    parsed = parse_yaml(front, rel, problems, line_offset=1)
    if parsed is None:
        return None
    data, lines = parsed
    return SourceFile(rel, data, body=body, body_line=body_line, lines=lines)


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
    text: str, rel: str, problems: Problems, *, line_offset: int
) -> tuple[dict[str, Any], dict[Path_, int]] | None:
    """Parse one YAML document safely into a mapping and its line map."""
    deep = _flow_nesting_line(text)
    if deep is not None:
        problems.add(
            rel,
            f"the values are nested more than {MAX_DEPTH} levels deep.",
            line=deep + line_offset,
        )
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
        lines = _check_tree(node, rel, problems, line_offset)
        if lines is None:
            return None
        try:
            data = loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 + line_offset if mark else None
            found = re.search(r"tag '([^']*)'", exc.problem or "")
            tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "!"
            problems.add(
                rel,
                f"the YAML tag `{tag}` is not allowed. Use only plain text, numbers, dates, "
                "lists and groups of fields; remove the tag.",
                line=line,
            )
            return None
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            problems.add(rel, f"a value cannot be read: {exc}.")
            return None
        return data, lines
    finally:
        loader.dispose()


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


def _check_tree(
    root: yaml.MappingNode, rel: str, problems: Problems, line_offset: int
) -> dict[Path_, int] | None:
    """Reject aliases, deep nesting, huge trees and repeated keys; map paths to lines."""
    lines: dict[Path_, int] = {}
    seen: set[int] = set()
    count = 0
    ok = True
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen or (node.tag or "").startswith("tag:yaml.org,2002:merge"):
            problems.add(
                rel,
                "the file uses a YAML alias (`*name`) or merge (`<<`). Write each value out in full.",
                line=node.start_mark.line + 1 + line_offset,
            )
            return None
        seen.add(id(node))
        count += 1
        if count > MAX_NODES:
            problems.add(rel, f"the file has more than {MAX_NODES} values; a content file needs far fewer.")
            return None
        if len(path) > MAX_DEPTH:
            problems.add(
                rel,
                f"the values are nested more than {MAX_DEPTH} levels deep.",
                line=node.start_mark.line + 1 + line_offset,
            )
            return None
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                key_line = key.start_mark.line + 1 + line_offset
                if key.tag == "tag:yaml.org,2002:merge" or name == "<<":
                    problems.add(
                        rel,
                        "the file uses a YAML merge (`<<`). Write each value out in full.",
                        line=key_line,
                    )
                    return None
                if name in keys:
                    problems.add(
                        rel,
                        f"the field appears twice (first on line {keys[name]}). Keep one.",
                        line=key_line,
                        field=_dotted(path + (name,)),
                    )
                    ok = False
                keys[name] = key_line
                child: Path_ = path + (name,)
                lines[child] = key_line
                stack.append((key, path + ("<key>",)))
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = path + (index,)
                lines[child] = item.start_mark.line + 1 + line_offset
                stack.append((item, child))
    return lines if ok else None


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def dotted(path: Path_) -> str:
    """A field path as people read it: `organisation.region`, `authors[1].name`."""
    return _dotted(path)


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
