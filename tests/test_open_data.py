"""The provider directory as open data: CSV and JSON parsed back and compared with the content.

Both files must hold exactly the published providers, in the directory's order, with
the columns in a fixed order; the Data Package beside them must describe them (checked
by hand and by the `frictionless` library, which reads both files against it); the
directory page links to them; and a provider's page says when its details were checked.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import lxml.html
import pytest
from wla_site.content.models import Provider
from wla_site.content.site import load_site
from wla_site.render.open_data import open_data_files

from tests.conftest import REPO, SITE_URL, Project

COLUMNS = ["slug", "name", "summary", "website", "email", "phone", "street", "town", "postcode", "regions",
           "delivery", "offers", "funded", "verified", "page"]
"""The published column order: changing it breaks everyone who reads the files, so it is spelled out here."""


def expected(provider: Provider) -> dict[str, Any]:
    """A provider as the open data must give it (JSON types; the CSV is compared through `as_csv`)."""
    address = provider.address
    return {
        "slug": provider.slug, "name": provider.name, "summary": provider.summary, "website": provider.website,
        "email": provider.email, "phone": provider.phone,
        "street": address.street if address else None, "town": address.town if address else None,
        "postcode": address.postcode if address else None,
        "regions": provider.regions, "delivery": provider.delivery, "offers": provider.offers,
        "funded": provider.funded, "verified": provider.verified.isoformat() if provider.verified else None,
        "page": f"{SITE_URL}providers/{provider.slug}/",
    }


def as_csv(record: dict[str, Any]) -> dict[str, str]:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return ";".join(value)
        return str(value)
    return {key: cell(value) for key, value in record.items()}


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, row, strict=True)) for row in body]


def test_csv_and_json_hold_exactly_the_published_providers(sample_site: Project) -> None:
    providers = load_site(REPO).providers
    folder = sample_site.site_dir / "providers"
    header, rows = read_csv((folder / "providers.csv").read_bytes())
    assert header == COLUMNS
    assert rows == [as_csv(expected(p)) for p in providers]
    records = json.loads((folder / "providers.json").read_text(encoding="utf-8"))
    assert records == [expected(p) for p in providers]
    assert all(list(record) == COLUMNS for record in records)
    assert {r["verified"] for r in records} >= {None, "2024-11-05", "2026-03-02"}  # the samples vary


def test_awkward_names_survive_the_round_trip(project: Project) -> None:
    project.provider("quoted", name='Ysgol "Dysgu", Caerdydd; Cymru — café ✓', summary="Line one, still one line.",
                     regions=["wales", "national"], delivery=["online", "in-person"], offers=["esol", "digital-skills"],
                     funded=True, verified="2026-02-03", address={"town": "Caerdydd"})
    project.provider("plain", name="Plain College")
    site = load_site(project.root)
    files = open_data_files(site, SITE_URL)
    header, rows = read_csv(files["providers/providers.csv"])
    assert rows == [as_csv(expected(p)) for p in site.providers]
    assert rows[1]["name"] == 'Ysgol "Dysgu", Caerdydd; Cymru — café ✓'
    assert rows[1]["regions"].split(";") == ["wales", "national"]
    assert rows[0]["street"] == "" and rows[0]["verified"] == ""
    assert json.loads(files["providers/providers.json"]) == [expected(p) for p in site.providers]
    # The same content gives the same bytes.
    assert open_data_files(load_site(project.root), SITE_URL) == files


def test_no_providers_gives_a_header_and_an_empty_list(project: Project) -> None:
    project.case_study("story")
    files = open_data_files(load_site(project.root), SITE_URL)
    assert files["providers/providers.csv"] == (",".join(COLUMNS) + "\r\n").encode()
    assert json.loads(files["providers/providers.json"]) == []


def test_the_data_package_describes_both_files(sample_site: Project) -> None:
    package = json.loads((sample_site.site_dir / "providers/datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert package["contributors"] == [{"title": "Workplace Learning Advocates network", "path": SITE_URL,
                                        "role": "publisher"}]
    assert package["homepage"] == f"{SITE_URL}providers/"
    resources = {r["name"]: r for r in package["resources"]}
    assert {name: (r["path"], r["format"], r["mediatype"]) for name, r in resources.items()} == {
        "providers-csv": ("providers.csv", "csv", "text/csv"),
        "providers-json": ("providers.json", "json", "application/json"),
    }
    for resource in resources.values():
        assert (sample_site.site_dir / "providers" / resource["path"]).is_file()
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == COLUMNS
        assert all(f["description"] for f in fields)
        types = {f["name"]: f["type"] for f in fields}
        assert types["funded"] == "boolean" and types["verified"] == "date" and types["regions"] == "list"
        assert {f["name"]: f.get("delimiter") for f in fields if f["type"] == "list"} == {
            "regions": ";", "delivery": ";", "offers": ";"}
        assert resource["schema"]["primaryKey"] == ["slug"]
    regions = next(f for f in resources["providers-csv"]["schema"]["fields"] if f["name"] == "regions")
    assert "north-west (North West)" in regions["description"]


def test_frictionless_reads_both_files_without_errors(sample_site: Project) -> None:
    frictionless = pytest.importorskip("frictionless", reason="pip install -e '.[test]' installs frictionless")
    report = frictionless.validate(str(sample_site.site_dir / "providers/datapackage.json"))
    problems = [f"{task.name}: {error.type}: {error.note}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(problems)
    assert [task.stats["rows"] for task in report.tasks] == [len(load_site(REPO).providers)] * 2


def test_frictionless_notices_a_file_that_does_not_match(sample_site: Project, tmp_path) -> None:
    """The validation above can fail: a wrong date and a missing name are found."""
    frictionless = pytest.importorskip("frictionless")
    folder = tmp_path / "providers"
    folder.mkdir()
    for name in ("datapackage.json", "providers.json"):
        (folder / name).write_bytes((sample_site.site_dir / "providers" / name).read_bytes())
    text = (sample_site.site_dir / "providers/providers.csv").read_bytes().decode("utf-8")
    header, first, *rest = text.split("\r\n")
    broken = first.replace("2026-03-10", "10/03/2026").replace("Birmingham Digital Inclusion Project", "", 1)
    (folder / "providers.csv").write_text("\r\n".join([header, broken, *rest]), encoding="utf-8", newline="")
    report = frictionless.validate(str(folder / "datapackage.json"))
    kinds = {error.type for task in report.tasks for error in task.errors}
    assert not report.valid and {"type-error", "constraint-error"} <= kinds


def test_the_directory_links_to_its_open_data(sample_site: Project) -> None:
    doc = lxml.html.fromstring(sample_site.page("providers/"))
    (paragraph,) = doc.cssselect(".wla-open-data")
    text = " ".join(paragraph.text_content().split())
    assert text.startswith("Download the directory: CSV, JSON.")
    assert "CC BY 4.0" in text and "Workplace Learning Advocates network" in text
    links = {a.text_content(): a for a in paragraph.cssselect("a")}
    assert links["CSV"].get("href") == "providers.csv" and links["CSV"].get("type") == "text/csv"
    assert links["JSON"].get("href") == "providers.json"
    assert links["data package"].get("href") == "datapackage.json"
    assert links["CC BY 4.0"].get("href") == "https://creativecommons.org/licenses/by/4.0/"


def test_a_provider_page_says_when_its_details_were_checked(project: Project) -> None:
    project.provider("checked", verified="2026-03-02")
    project.provider("unchecked")
    project.build()
    checked = lxml.html.fromstring(project.page("providers/checked/"))
    (line,) = checked.cssselect(".wla-checked")
    assert " ".join(line.text_content().split()) == "Details checked March 2026."
    assert line.cssselect("time")[0].get("datetime") == "2026-03-02"
    assert not lxml.html.fromstring(project.page("providers/unchecked/")).cssselect(".wla-checked")


def test_providers_without_a_verified_date_still_load(project: Project) -> None:
    project.provider("old-style")  # a file written before verified: existed
    (provider,) = load_site(project.root).providers
    assert provider.verified is None


def test_a_new_provider_file_says_it_was_checked_today(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from wla_site.cli.main import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795521600")  # 24 November 2026
    assert main(["--root", str(project.root), "new", "provider", "new-college"]) == 0
    path = project.root / "providers/new-college.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # A file still holding the template's examples is refused: write this college's own.
    lines = ["name: New College\n" if line.startswith("name:") else
             "summary: Evening courses in English and maths.\n" if line.startswith("summary:") else line
             for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
    (provider,) = load_site(project.root).providers
    assert provider.verified is not None and provider.verified.isoformat() == "2026-11-24"
