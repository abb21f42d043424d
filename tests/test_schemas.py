"""The JSON Schemas: generated from the models, committed, and right about real files."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from wla_site.cli.main import main
from wla_site.cli.scaffold import template_text
from wla_site.cli.schemas import VOCABULARY_FIELDS
from wla_site.content.kinds import BY_NAME
from wla_site.content.models import CaseStudy, Event, NewsletterIssue, Provider
from wla_site.content.problems import Problems
from wla_site.content.site import load_vocabulary

from tests.conftest import REPO

MODELS = {name: kind.model for name, kind in BY_NAME.items()}
KIND_FOLDERS = {name: (kind.folder, kind.suffix) for name, kind in BY_NAME.items()}
SCHEMA_FILES = {name: kind.schema_file for name, kind in BY_NAME.items()}


class _Yaml12Loader(yaml.SafeLoader):
    """Reads dates as text, as the YAML language server (YAML 1.2) does in an editor."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_of(kind: str) -> dict[str, Any]:
    return json.loads((REPO / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


def fields_of(text: str) -> Any:
    if text.startswith("---"):
        text = text.split("\n---", 1)[0].removeprefix("---")
    return yaml.load(text, Loader=_Yaml12Loader)


def errors(kind: str, data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema_of(kind))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data))


def test_committed_schemas_and_form_are_up_to_date(capsys):
    """Drift: the files under schemas/ (and the issue form) are what `wla schema` writes today."""
    assert main(["--root", str(REPO), "schema", "--check"]) == 0, capsys.readouterr().err


def test_check_names_stale_files_and_schema_rewrites_them(project, capsys):
    assert main(["--root", str(project.root), "schema"]) == 0
    assert "Wrote schemas/case-study.schema.json." in capsys.readouterr().out
    vocabulary = project.root / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text().replace("  wellbeing: Wellbeing\n", "  wellbeing: Wellbeing\n  volunteering: Volunteering\n")
    )
    assert main(["--root", str(project.root), "schema", "--check"]) == 1
    err = capsys.readouterr().err
    assert "  schemas/case-study.schema.json\n" in err
    assert "  .github/ISSUE_TEMPLATE/case-study.yml\n" in err
    assert "  schemas/event.schema.json\n" in err  # events have themes too
    assert "schemas/provider.schema.json" not in err  # providers have none
    assert "Run `wla schema` and commit the files it writes." in err
    assert main(["--root", str(project.root), "schema"]) == 0
    assert main(["--root", str(project.root), "schema", "--check"]) == 0
    themes = schema_of_file(project.root, "case-study")["properties"]["themes"]["items"]
    assert "volunteering" in themes["enum"]


def schema_of_file(root: Path, kind: str) -> dict[str, Any]:
    return json.loads((root / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


def test_schema_reports_a_broken_vocabulary(project, capsys):
    (project.root / "vocabulary.yml").write_text("regions: [oops\n")
    assert main(["--root", str(project.root), "schema"]) == 1
    assert "vocabulary.yml, line" in capsys.readouterr().err


@pytest.mark.parametrize("kind", list(MODELS))
def test_schema_is_draft_7_and_strict(kind):
    schema = schema_of(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    objects = [schema, *schema.get("definitions", {}).values()]
    for definition in objects:
        assert definition["additionalProperties"] is False
        for name, prop in definition["properties"].items():
            assert prop.get("description"), f"{name} has no description"
            assert "title" not in prop  # pydantic's "Title"-style names help nobody


def test_descriptions_come_from_the_models():
    schema = schema_of("case-study")
    assert schema["properties"]["title"]["description"] == CaseStudy.model_fields["title"].description
    assert schema["properties"]["title"]["maxLength"] == 120
    assert schema["properties"]["consent"]["const"] is True
    assert set(schema["required"]) == {"title", "date", "summary", "organisation", "authors", "themes", "consent"}


def test_vocabulary_values_are_enums_with_labels():
    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    org = schema_of("case-study")["definitions"]["Organisation"]["properties"]
    assert org["sector"]["enum"] == list(vocabulary.sectors)
    assert org["region"]["enumDescriptions"][:2] == ["North East", "North West"]
    assert schema_of("case-study")["properties"]["themes"]["items"]["enum"] == list(vocabulary.themes)
    assert schema_of("event")["properties"]["kind"]["enum"] == list(vocabulary.event_kinds)
    assert schema_of("provider")["properties"]["offers"]["items"]["enum"] == list(vocabulary.offers)


def test_every_vocabulary_field_gets_an_enum():
    """A field whose description sends people to vocabulary.yml must be in VOCABULARY_FIELDS."""
    found = set()
    for model in (CaseStudy, Event, NewsletterIssue, Provider):
        for holder in _models_within(model):
            for name, info in holder.model_fields.items():
                if "vocabulary.yml" in (info.description or ""):
                    found.add((holder.__name__, name))
    assert found == set(VOCABULARY_FIELDS)


def _models_within(model: type) -> list[type]:
    out = [model]
    for info in model.model_fields.values():
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            for inner in (arg, *getattr(arg, "__args__", ())):
                if isinstance(inner, type) and hasattr(inner, "model_fields") and inner not in out:
                    out += _models_within(inner)
    return out


@pytest.mark.parametrize("kind", list(MODELS))
def test_sample_content_is_valid_against_its_schema(kind):
    folder, suffix = KIND_FOLDERS[kind]
    paths = sorted((REPO / folder).glob(f"*{suffix}"))
    assert paths
    for path in paths:
        assert errors(kind, fields_of(path.read_text(encoding="utf-8"))) == [], path.name


@pytest.mark.parametrize("kind", list(MODELS))
def test_files_from_wla_new_are_valid_against_their_schema(kind, tmp_path):
    text = template_text(kind, date(2026, 6, 3), tmp_path)
    # A new case study does not give consent: the editor flags it until the contributor does.
    expected = ["consent: True was expected"] if kind == "case-study" else []
    assert errors(kind, fields_of(text)) == expected


def test_the_usual_mistakes_show_in_the_editor():
    """What a Lead WLA gets wrong most often, caught by the schema as they type."""
    data = fields_of(template_text("case-study", date(2026, 6, 3)))
    data["organisation"]["region"] = "north-wst"
    data["themes"] = ["Learning at Work Week"]
    data["titel"] = "A typo in a field name"
    data["consent"] = False
    data.pop("summary")
    found = errors("case-study", data)
    assert any(e.startswith("organisation/region: 'north-wst' is not one of") for e in found)
    assert any(e.startswith("themes/0: 'Learning at Work Week' is not one of") for e in found)
    assert any("'titel' was unexpected" in e for e in found)
    assert any(e.startswith("consent: True was expected") for e in found)
    assert any("'summary' is a required property" in e for e in found)


def test_event_times_as_contributors_write_them():
    data = fields_of(template_text("event", date(2026, 6, 3)))
    for start in ("2026-12-01", "2026-12-01T10:00", "2026-12-01 10:00", "2026-12-01T10:00:00+01:00"):
        assert errors("event", {**data, "start": start, "end": None}) == [], start
    assert errors("event", {**data, "start": "1st December"}) != []


def test_vscode_maps_the_yaml_schemas_to_their_folders():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/event.schema.json"][0] == "events/*.yml"
    assert mapping["./schemas/provider.schema.json"][0] == "providers/*.yml"
    for schema in mapping:
        assert (REPO / schema).is_file()


def test_schema_line_in_new_files_points_at_a_committed_schema(tmp_path):
    for kind in MODELS:
        folder, _ = KIND_FOLDERS[kind]
        first = next(line for line in template_text(kind, date(2026, 6, 3), tmp_path).splitlines() if "$schema" in line)
        relative = first.split("$schema=", 1)[1]
        assert (REPO / folder / relative).resolve() == (REPO / "schemas" / SCHEMA_FILES[kind]).resolve()


def test_schema_command_in_a_fresh_copy_writes_identical_files(tmp_path, capsys):
    shutil.copy(REPO / "vocabulary.yml", tmp_path / "vocabulary.yml")
    assert main(["--root", str(tmp_path), "schema"]) == 0
    for kind in MODELS:
        name = f"schemas/{SCHEMA_FILES[kind]}"
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / name).read_text(encoding="utf-8")
