"""The provider directory as open data: a CSV file, a JSON file and the Data Package describing them.

`providers/providers.csv` and `providers/providers.json` hold every published
provider, one row (or object) each, in the directory's order, with the same
fields in the same order (`FIELDS`). In the CSV, lists (regions, delivery,
offers) are joined with ";" and a missing value is an empty cell; in the JSON
they are arrays and null. `providers/datapackage.json` is a Frictionless Data
Package (https://specs.frictionlessdata.io/) naming each field, its type and
meaning, the licence (CC BY 4.0) and the network as publisher. Everything depends on the content alone, so the
same content gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wla_site import urls
from wla_site.content.models import DELIVERY, Provider, Vocabulary
from wla_site.content.site import Site
from wla_site.formatting import DELIVERY as DELIVERY_LABELS
from wla_site.formatting import NETWORK_NAME, PUBLISHER
from wla_site.formatting import OPEN_DATA_LICENCE as LICENCE

LIST_SEPARATOR = ";"
"""What joins the items of a list in one CSV cell."""

PACKAGE_NAME = "wla-learning-providers"


@dataclass(frozen=True)
class Column:
    """One field of the open data: its name, Table Schema type, meaning and value for a provider."""

    name: str
    type: str
    description: str
    value: Callable[[Provider, str], Any]
    """The provider's value (a list for list fields, None when missing), given the site's address."""
    format: str = "default"
    required: bool = False


def _address(part: str) -> Callable[[Provider, str], Any]:
    return lambda p, _: getattr(p.address, part) if p.address else None


def columns(vocabulary: Vocabulary) -> list[Column]:
    """The fields, in the order both files give them."""

    def codes(terms: dict[str, str]) -> str:
        return "; ".join(f"{code} ({label})" for code, label in terms.items())

    return [
        Column("slug", "string", "The provider's identifier: the last part of its page's address.",
               lambda p, _: p.slug, required=True),
        Column("name", "string", "The provider's name.", lambda p, _: p.name, required=True),
        Column("summary", "string", "What it offers, in one or two sentences.", lambda p, _: p.summary,
               required=True),
        Column("website", "string", "Its website.", lambda p, _: p.website, format="uri", required=True),
        Column("email", "string", "An email address for enquiries.", lambda p, _: p.email, format="email"),
        Column("phone", "string", "A UK phone number, as the provider writes it.", lambda p, _: p.phone),
        Column("street", "string", "Street address.", _address("street")),
        Column("town", "string", "Town or city.", _address("town")),
        Column("postcode", "string", "UK postcode.", _address("postcode")),
        Column("regions", "list", "Regions it serves, as codes: " + codes(vocabulary.regions) + ".",
               lambda p, _: list(p.regions), required=True),
        Column("delivery", "list",
               "How it teaches: " + codes({d: DELIVERY_LABELS[d] for d in DELIVERY}) + ".",
               lambda p, _: list(p.delivery), required=True),
        Column("offers", "list", "What it offers, as codes: " + codes(vocabulary.offers) + ".",
               lambda p, _: list(p.offers), required=True),
        Column("funded", "boolean", "true if it offers free or funded courses.", lambda p, _: p.funded,
               required=True),
        Column("verified", "date", "The date someone last checked these details with the provider; "
               "empty if it has not been recorded.", lambda p, _: p.verified.isoformat() if p.verified else None),
        Column("page", "string", "The provider's page in the directory.",
               lambda p, site_url: urls.absolute(site_url, "provider", slug=p.slug), format="uri",
               required=True),
    ]


def records(site: Site, site_url: str) -> list[dict[str, Any]]:
    """Every published provider as a record of `columns`, in the directory's order."""
    cols = columns(site.vocabulary)
    return [{c.name: c.value(p, site_url) for c in cols} for p in site.providers]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def providers_csv(site: Site, site_url: str) -> bytes:
    """The directory as CSV (RFC 4180: UTF-8, CRLF line ends), with a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns(site.vocabulary)])
    for record in records(site, site_url):
        writer.writerow([_cell(value) for value in record.values()])
    return buffer.getvalue().encode("utf-8")


def providers_json(site: Site, site_url: str) -> bytes:
    """The directory as a JSON array of objects, one per provider."""
    return (json.dumps(records(site, site_url), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _schema(vocabulary: Vocabulary) -> dict[str, Any]:
    fields = []
    for column in columns(vocabulary):
        field: dict[str, Any] = {"name": column.name, "type": column.type}
        if column.format != "default":
            field["format"] = column.format
        if column.type == "list":
            field.update(delimiter=LIST_SEPARATOR, itemType="string")
        field["description"] = column.description
        constraints = {"required": True} if column.required else {}
        if column.name == "slug":
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["slug"], "missingValues": [""]}


def _file(name: str, path: str, media_type: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": path.rsplit(".", 1)[-1],
        "mediatype": media_type,
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage_json(site: Site, site_url: str) -> bytes:
    """The Data Package describing both files."""
    schema = _schema(site.vocabulary)
    here = urls.path("providers")
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": f"{NETWORK_NAME}: directory of learning providers",
        "description": (
            "Colleges, community learning services and training organisations that Workplace Learning "
            "Advocates can point colleagues to, as listed in the network's directory. Lists are separated by "
            f'"{LIST_SEPARATOR}" in the CSV file and are arrays in the JSON file.'
        ),
        "homepage": urls.absolute(site_url, "providers"),
        "licenses": [{key: LICENCE[key] for key in ("name", "title", "path")}],
        "contributors": [{"title": PUBLISHER, "path": site_url, "role": "publisher"}],
        "keywords": ["learning providers", "adult learning", "workplace learning", "United Kingdom"],
        "resources": [
            _file("providers-csv", urls.path("providers-csv").removeprefix(here), "text/csv",
                  "Learning providers (CSV)", schema),
            _file("providers-json", urls.path("providers-json").removeprefix(here), "application/json",
                  "Learning providers (JSON)", schema),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def open_data_files(site: Site, site_url: str) -> dict[str, bytes]:
    """The three files by their path from the site root."""
    return {
        urls.path("providers-csv"): providers_csv(site, site_url),
        urls.path("providers-json"): providers_json(site, site_url),
        urls.path("providers-datapackage"): datapackage_json(site, site_url),
    }
