"""Turning pydantic's validation errors into problems a Lead WLA can act on.

pydantic reports each error with a location (`("organisation", "region")`) and
a type (`missing`, `string_too_long`...). Here each becomes one sentence in
plain English, placed on the line the field is on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError, model_validator

from wla_site.content.kinds import KINDS
from wla_site.content.problems import Problems, did_you_mean
from wla_site.content.reading import SourceFile, dotted

Loc = tuple[Any, ...]
"""A path to a value in a file's data: field names and list positions."""

_KIND_NAMES = {**{kind.model.__name__: kind.a for kind in KINDS}, "Vocabulary": "the vocabulary"}


def validate(
    model: type[BaseModel], source: SourceFile, problems: Problems, context: dict[str, Any]
) -> BaseModel | None:
    """The model built from `source`, or None after adding every problem found.

    Rules about the whole file (an event's end after its start) are checked even when
    some fields have problems, so that one run finds everything.
    """
    try:
        return model.model_validate(source.data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    located = [(_data_loc(error, source.data), error) for error in errors]
    meant = {_meant(model, loc) for loc, error in located if error["type"] == "extra_forbidden"}
    for loc, error in located:
        if _already_reported(loc, source) or (error["type"] == "missing" and loc in meant):
            continue  # said already, or the same field misspelt or in the wrong place has its own message
        add_error(model, source, problems, error, loc)
    if all(loc for loc, _ in located):  # pydantic checks whole-file rules only once every field is fine
        bad = frozenset(str(loc[0]) for loc, _ in located) | {str(m[0]) for m in meant if m}
        for message in _whole_file_rules(model, source.data, context, bad):
            add_error(model, source, problems, {"type": "value_error", "msg": message, "input": None}, ())
    return None


def add_error(
    model: type[BaseModel], source: SourceFile, problems: Problems, error: Any, loc: Loc | None = None
) -> None:
    """Add one pydantic error as a problem on the line of its field."""
    if loc is None:
        loc = _data_loc(error, source.data)
    kind = error["type"]
    message = _explain(model, loc, kind, error, source)
    if not loc:
        problems.add(source.path, message, line=_whole_file_line(message, source))
        return
    line = source.end_line if kind == "missing" and len(loc) == 1 else source.line_of(loc)
    problems.add(source.path, message, line=line, field=dotted(loc))


def _data_loc(error: Any, data: Any) -> Loc:
    """The error's location as a path into the file's data.

    pydantic puts names of its own in locations (`function-after[...]`,
    `literal['a','b']`); they are left out by following the data itself, so a
    field name with brackets, like `cost (optional)`, stays whole.
    """
    out: list[Any] = []
    current = data
    loc = error["loc"]
    for index, part in enumerate(loc):
        in_data = (isinstance(current, dict) and not isinstance(part, bool) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        )
        if in_data:
            current = current[part]
        elif not (index == len(loc) - 1 and error["type"] == "missing" and isinstance(current, dict)):
            continue
        out.append(part)
    return tuple(out)


def _already_reported(loc: Loc, source: SourceFile) -> bool:
    return any(loc[: len(path)] == path for path in source.reported)


_NAMED = re.compile(r"`([a-z_]+)`")


def _whole_file_line(message: str, source: SourceFile) -> int:
    """The line of the first field a whole-file rule names, or where a missing one would go."""
    for name in _NAMED.findall(message):
        line = source.line_of((name,)) if name in source.data else None
        if line is not None:
            return line
    return source.end_line


def _whole_file_rules(
    model: type[BaseModel], data: dict[str, Any], context: dict[str, Any], bad: frozenset[str]
) -> list[str]:
    """What the model's whole-file rules say, given the fields that are fine on their own.

    A field with a problem of its own is replaced by `_OwnProblem`: a rule that looks at
    it stops without a word, since it would only repeat (or guess at) that problem.
    """
    rules = [d.func for d in model.__pydantic_decorators__.model_validators.values() if d.info.mode == "after"]
    if not rules:
        return []
    try:
        partial = _fields_only(model, bad).model_validate(
            {k: v for k, v in data.items() if k not in bad}, context=context
        )
    except ValidationError:
        return []
    values = {name: getattr(partial, name) for name in partial.model_fields_set if name not in bad}
    instance = model.model_construct(**values)
    for name in bad & set(model.model_fields):
        instance.__dict__[name] = _OwnProblem()
    messages = []
    for rule in rules:
        try:
            rule(instance)
        except (ValueError, AssertionError) as exc:
            messages.append(str(exc))
        except _Unknowable:
            continue
    return messages


class _Unknowable(Exception):
    """A rule looked at a field that has a problem of its own."""


class _OwnProblem:
    """Stands for a field with a problem of its own: comparing it, testing its type or truth,
    or reading from it raises `_Unknowable`; only `is None` answers (no: it was given)."""

    def _stop(self, *args: object) -> Any:
        raise _Unknowable

    __getattr__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _stop
    __bool__ = __len__ = __iter__ = __hash__ = __contains__ = _stop

    @property  # type: ignore[misc]
    def __class__(self) -> Any:  # isinstance() reads it, and must stop too
        raise _Unknowable


@lru_cache(maxsize=64)
def _fields_only(model: type[BaseModel], bad: frozenset[str]) -> type[BaseModel]:
    """`model` with the fields in `bad` made free and optional, and no whole-file rules."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for name in bad & set(model.model_fields):
        namespace["__annotations__"][name] = Any
        namespace[name] = None
    for name, rule in model.__pydantic_decorators__.model_validators.items():
        if rule.info.mode == "after":
            namespace[name] = model_validator(mode="after")(_unchanged)
    return type(f"{model.__name__}Fields", (model,), namespace)


def _unchanged(self: Any) -> Any:
    return self


def _explain(model: type[BaseModel], loc: Loc, kind: str, error: Any, source: SourceFile) -> str:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing" and loc:
        description = _description(model, loc)
        return f"this field is required but missing. {_where_to_add(loc, source)} {description}".strip()
    if kind == "extra_forbidden" and loc:
        return _not_a_field(model, loc)
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        return _sentence(message)
    if kind == "string_too_long":
        return f"this is {len(value)} characters long; the most allowed is {ctx['max_length']}. Shorten it."
    if kind == "string_too_short":
        return "this is empty. Write something, or remove the field if it is optional."
    if kind == "too_short":
        return "this list is empty. Give at least one entry, each on its own line starting with \"- \"."
    if kind == "string_type":
        hint = " Put it in quotes." if isinstance(value, (int, float, bool)) or hasattr(value, "isoformat") else ""
        return f"this should be text, but it is {_describe(value)}.{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"this should be a whole number, like 14, but it is {_describe(value)}."
    if kind in ("greater_than", "greater_than_equal"):
        return f"this should be a number above {ctx.get('gt', ctx.get('ge', 0))}."
    if kind in ("bool_type", "bool_parsing"):
        return f"this should be true or false, but it is {_describe(value)}."
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"this should be a list, with each entry on its own line starting with \"- \", but it is {_describe(value)}."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"this should be a group of fields, indented under it, but it is {_describe(value)}."
    if kind.startswith(("date_", "datetime_")):
        return f"{_describe(value).capitalize()} is not a date. Write it like 2026-12-01."
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        if model.__name__ == "CaseStudy" and loc == ("consent",):
            return "must be true: confirm that everyone named in the story agreed to publication."
        return f"{_describe(value).capitalize()} is not allowed here. Use one of: {expected.replace(chr(39), '')}."
    return _sentence(error["msg"])


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    message = message[0].upper() + message[1:] if message else message
    return message if message.endswith((".", "?", "!")) else message + "."


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"'


def _where_to_add(loc: Loc, source: SourceFile) -> str:
    name = loc[-1]
    if len(loc) == 1:
        where = "before the closing ---" if source.line_offset else "at the end of the file"
        return f'Add a line "{name}: …" {where}.'
    parent = loc[-2]
    if isinstance(parent, int):
        owner = f'this entry of "{dotted(loc[:-2])}"' if len(loc) > 2 else "this entry"
        return f'Add a line "{name}: …" to {owner}, lined up with its other fields.'
    return f'Add a line "{name}: …" under "{parent}:", lined up with the fields there.'


def _not_a_field(model: type[BaseModel], loc: Loc) -> str:
    name = str(loc[-1])
    holder = tuple(p for p in loc[:-1] if not isinstance(p, int))
    here = _KIND_NAMES.get(model.__name__, "this") if not holder else f'"{dotted(loc[:-1])}"'
    homes = [home for home in _homes(model, name) if home[0] != holder]
    if homes and name not in _known_fields(model, holder):
        return _belongs(model, name, holder, homes)
    known = _known_fields(model, loc[:-1])
    hint = _closest(name, known)
    if hint is not None and _looks_like(name, hint):
        odd = ", ".join(f"U+{ord(c):04X}" for c in name if not c.isascii())
        return (
            f'"{name}" is not a field of {here}: it has a character that looks like a plain letter or space '
            f'but is not one ({odd}). Delete the name and type it again as "{hint}".'
        )
    mean = f' Did you mean "{hint}"?' if hint and hint != name else ""
    return f'"{name}" is not a field of {here}.{mean} Known fields: {", ".join(known)}'


def _belongs(model: type[BaseModel], name: str, holder: Loc, homes: list[tuple[Loc, bool]]) -> str:
    if not homes[0][0]:
        what = _KIND_NAMES.get(model.__name__, "this file")
        return (
            f'"{name}" is a field of {what}, not a part of {dotted(holder)}: move it out from under '
            f'"{holder[-1]}:" to the very start of the line.'
        )
    places = " or ".join(
        f"each entry of {dotted(path)}" if many else dotted(path) for path, many in homes
    )
    if len(homes) == 1 and not homes[0][1]:
        where = f'indent it under "{homes[0][0][-1]}:", lined up with the fields there'
    elif len(homes) == 1:
        where = f'indent it under its entry in "{homes[0][0][-1]}:"'
    else:
        where = "indent it under the one it belongs to"
    not_of = f", not of {dotted(holder)}" if holder else ""
    return f'"{name}" is a part of {places}{not_of}: {where}.'


def _homes(model: type[BaseModel], name: str) -> list[tuple[Loc, bool]]:
    """Every group of fields in `model` that has a field `name`: (its path, whether it is a list of groups)."""
    found: list[tuple[Loc, bool]] = []
    queue: list[tuple[Loc, type[BaseModel], bool]] = [((), model, False)]
    while queue:
        path, holder, many = queue.pop(0)
        if name in holder.model_fields:
            found.append((path, many))
        if len(path) < 3:
            for field_name, info in holder.model_fields.items():
                inner = _inner_model(info.annotation)
                if inner is not None:
                    queue.append((path + (field_name,), inner, _is_list(info.annotation)))
    return found


def _meant(model: type[BaseModel], loc: Loc) -> Loc | None:
    """The field an unknown one most likely is: the same name in its one other group, or the closest name."""
    if not loc:
        return None
    name = str(loc[-1])
    holder = tuple(p for p in loc[:-1] if not isinstance(p, int))
    known = _known_fields(model, holder)
    homes = [home for home in _homes(model, name) if home[0] != holder and not home[1]]
    if len(homes) == 1 and name not in known:
        return homes[0][0] + (name,)
    hint = _closest(name, known)
    return loc[:-1] + (hint,) if hint else None


def _is_list(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is list:
        return True
    return any(_is_list(arg) for arg in getattr(annotation, "__args__", ()))


def _looks_like(name: str, hint: str) -> bool:
    """Whether `name` shows as `hint` but has other characters in it (a Cyrillic о, a no-break space)."""
    if name.isascii() or name == hint:
        return False
    shown = name.strip()
    return shown == hint or (
        len(shown) == len(hint) and all(a == b or not a.isascii() for a, b in zip(shown, hint, strict=True))
    )


def _plain_form(name: str) -> str:
    """A field name as it was probably meant: notes in brackets gone, lower case, `_` for spaces."""
    name = re.sub(r"\s*[(\[].*?[)\]]", "", name)
    name = "".join(c for c in name if c.isascii()).strip()
    return re.sub(r"[\s-]+", "_", name).lower()


def _closest(name: str, known: list[str]) -> str | None:
    plain = _plain_form(name)
    if plain in known:
        return plain
    return did_you_mean(name, known) or (did_you_mean(plain, known) if plain else None)


def _field_model(model: type[BaseModel], path: Loc) -> type[BaseModel] | None:
    """The model that holds the fields at `path` (nested groups and lists of groups)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _known_fields(model: type[BaseModel], path: Loc) -> list[str]:
    holder = _field_model(model, path)
    return list(holder.model_fields) if holder else []


def _description(model: type[BaseModel], loc: Loc) -> str:
    holder = _field_model(model, loc[:-1])
    if holder is None:
        return ""
    info = holder.model_fields.get(str(loc[-1]))
    return info.description or "" if info else ""
