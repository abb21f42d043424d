"""JSON Schemas of the content kinds, for editors that check files as people type.

The schemas are generated from the same pydantic models that `wla check` uses,
so the two can never disagree about which fields exist or which are required.
What the models check in code is added here so editors can offer it too: the
allowed values of vocabulary fields (regions, sectors, themes...) come from
`vocabulary.yml` as `enum` lists, which editors turn into autocompletion.
`wla schema` writes them under `schemas/`; `wla schema --check` fails when the
committed files are out of date. They use JSON Schema draft-07, the version
the YAML language server (VS Code's YAML extension) supports best.
"""

from __future__ import annotations

import json
from typing import Any

from wla_site.content.kinds import BY_NAME, KINDS
from wla_site.content.models import Vocabulary

VOCABULARY_FIELDS: dict[tuple[str, str], str] = {
    ("Organisation", "sector"): "sectors",
    ("Organisation", "region"): "regions",
    ("CaseStudy", "themes"): "themes",
    ("Event", "kind"): "event_kinds",
    ("Event", "region"): "regions",
    ("Event", "themes"): "themes",
    ("Provider", "regions"): "regions",
    ("Provider", "offers"): "offers",
}
"""(model, field) of every field whose values come from vocabulary.yml, and which list."""

WHEN_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
"""A date, or a date and time with or without seconds and offset, as the models accept.

JSON Schema's `date-time` format demands seconds and an offset, which a
contributor never writes (`2026-12-01T10:00`), so times are checked by pattern."""

GENERATED_NOTE = "Written by `wla schema` from plugins/wla_site/content/models.py and vocabulary.yml. Do not edit by hand."


def schema(kind: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of one kind of content, with vocabulary values as enums."""
    model = BY_NAME[kind].model
    raw = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    for name, definition in definitions.items():
        _tidy_model(name, definition, vocabulary)
    _tidy_model(model.__name__, raw, vocabulary)
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": GENERATED_NOTE,
        "title": BY_NAME[kind].schema_title,
        "description": (model.__doc__ or "").strip(),
    }
    out.update({k: v for k, v in raw.items() if k not in ("title", "description")})
    if definitions:
        out["definitions"] = definitions
    return out


def schema_texts(vocabulary: Vocabulary) -> dict[str, str]:
    """Every schema file's path (relative to the repository) and its text."""
    return {
        f"schemas/{kind.schema_file}": json.dumps(schema(kind.name, vocabulary), indent=2, ensure_ascii=False) + "\n"
        for kind in KINDS
    }


def _tidy_model(name: str, definition: dict[str, Any], vocabulary: Vocabulary) -> None:
    """Drop pydantic's generated titles, add vocabulary enums, check times by pattern."""
    definition.pop("title", None)
    for field, prop in definition.get("properties", {}).items():
        prop.pop("title", None)
        kind = VOCABULARY_FIELDS.get((name, field))
        if kind is not None:
            _add_enum(prop, getattr(vocabulary, kind))
        _replace_date_time(prop)


def _add_enum(prop: dict[str, Any], terms: dict[str, str]) -> None:
    target = prop.get("items", prop)
    target["enum"] = list(terms)
    # VS Code shows these beside each value it suggests.
    target["enumDescriptions"] = list(terms.values())


def _replace_date_time(prop: dict[str, Any]) -> None:
    options = prop.get("anyOf")
    if not options:
        return
    formats = {o.get("format") for o in options if o.get("type") == "string"}
    if "date-time" in formats:
        rest = [o for o in options if o.get("type") != "string"]
        when = {"type": "string", "pattern": WHEN_PATTERN}
        if rest:
            prop["anyOf"] = [when, *rest]
        else:
            del prop["anyOf"]
            prop.update(when)
