"""Turning pydantic's validation errors into problems a Lead WLA can act on.

pydantic reports each error with a location (`("organisation", "region")`) and
a type (`missing`, `string_too_long`...). Here each becomes one sentence in
plain English, placed on the line the field is on.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from wla_site.content.kinds import KINDS
from wla_site.content.problems import Problems, did_you_mean
from wla_site.content.reading import SourceFile, dotted

_KIND_NAMES = {**{kind.model.__name__: kind.a for kind in KINDS}, "Vocabulary": "the vocabulary"}


def validate(
    model: type[BaseModel], source: SourceFile, problems: Problems, context: dict[str, Any]
) -> BaseModel | None:
    """The model built from `source`, or None after adding every problem found."""
    try:
        return model.model_validate(source.data, context=context)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            add_error(model, source, problems, error)
        return None


def add_error(model: type[BaseModel], source: SourceFile, problems: Problems, error: Any) -> None:
    # Parts such as "literal['a','b']" name pydantic's schema, not a field: drop them.
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or "(" in p)))
    kind = error["type"]
    field = dotted(loc) or None
    line = source.line_of(loc)
    message = _explain(model, loc, kind, error)
    problems.add(source.path, message, line=line, field=field)




def _explain(model: type[BaseModel], loc: tuple[Any, ...], kind: str, error: Any) -> str:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        description = _description(model, loc)
        return f"this field is required but missing. {description}".strip()
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        name = str(loc[-1])
        hint = did_you_mean(name, known)
        mean = f' Did you mean "{hint}"?' if hint else ""
        owner = _KIND_NAMES.get(model.__name__, "this") if len(loc) == 1 else f'"{dotted(loc[:-1])}"'
        return f'"{name}" is not a field of {owner}.{mean} Known fields: {", ".join(known)}'
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


def _field_model(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
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


def _known_fields(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    holder = _field_model(model, path)
    return list(holder.model_fields) if holder else []


def _description(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    holder = _field_model(model, loc[:-1])
    if holder is None:
        return ""
    info = holder.model_fields.get(str(loc[-1]))
    return info.description or "" if info else ""
