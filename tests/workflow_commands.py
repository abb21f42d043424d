"""How the GitHub Actions runner reads a printed line, for tests of what `wla` prints.

A port of `ActionCommand.TryParseV2` and `TryParse` in actions/runner
(`src/Runner.Common/ActionCommand.cs`) and of the order `ActionCommandManager`
tries them in: a line is a command when, after leading white space, it starts
with `::name` and has a second `::`, or, in the old form, when it holds
`##[name` and a `]` anywhere. Only registered names count. The runner splits its
output into lines at CR, LF and CR LF (.NET's `ReadLine`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REGISTERED = frozenset({
    "set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher",
    "debug", "notice", "warning", "error", "group", "endgroup", "echo", "stop-commands",
    "internal-set-repo-path",
})


@dataclass
class Command:
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""


def runner_lines(output: str) -> list[str]:
    """The lines the runner sees in a step's output."""
    return re.split(r"\r\n|\r|\n", output)


def _unescape(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for escaped, char in pairs:
        text = text.replace(escaped, char)
    return text


_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
_LEGACY = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))


def parse_command(line: str) -> Command | None:
    """The command the runner would obey in `line`, or None."""
    return _parse_v2(line) or _parse_legacy(line)


def _parse_v2(line: str) -> Command | None:
    message = line.lstrip()  # .NET TrimStart: any Unicode white space
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, props = info.partition(" ")
    if name not in REGISTERED:
        return None
    command = Command(name)
    for pair in props.strip().split(","):
        key, sep, value = pair.partition("=")
        if sep and key and value:
            command.properties[key] = _unescape(value, _PROPERTY)
    command.data = _unescape(message[end + 2:], _DATA)
    return command


def _parse_legacy(line: str) -> Command | None:
    start = line.find("##[")
    if start < 0:
        return None
    close = line.find("]", start)
    if close < 0:
        return None
    info = line[start + 3:close]
    name, _, props = info.partition(" ")
    if name not in REGISTERED:
        return None
    command = Command(name)
    for pair in props.split(";"):
        key, sep, value = pair.partition("=")
        if sep and key and value:
            command.properties[key] = _unescape(value, _LEGACY)
    command.data = _unescape(line[close + 1:], _LEGACY)
    return command
