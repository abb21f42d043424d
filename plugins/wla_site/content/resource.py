"""Resources for WLAs: guides, session plans, flyers, templates and talks.

A resource is `resources/<slug>.md`: front matter naming who it is for, its
themes, its format, its licence and the date it was last updated, then a
short description in Markdown. It offers either a file kept beside it in the
repository (`resources/files/…`: PDF, Word, OpenDocument, PowerPoint or an
image, checked to really be what its name says and at most 20 MB) or a link
to where it lives. `check_resource_files` runs once over every resource, after
each file's fields are valid.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from wla_site.content.models import (
    Item,
    RegionTerm,
    Summary,
    Text,
    ThemeTerm,
    Title,
    _check_choice,
    check_url,
)
from wla_site.content.problems import Problems

FOLDER = "resources"
MAX_FILE_BYTES = 20 * 1024 * 1024

AUDIENCES = {"wlas": "WLAs", "lead-wlas": "Lead WLAs", "employers": "Employers", "learners": "Learners"}
"""Who a resource is for, and how the site names them."""

FORMATS = {
    "guide": "Guide", "session-plan": "Session plan", "flyer": "Flyer", "poster": "Poster",
    "template": "Template", "talk": "Talk or slides", "checklist": "Checklist", "planner": "Planner",
}
"""What sort of thing a resource is, and how the site names it."""

FORMAT_GROUPS = {
    "guide": "Guides", "session-plan": "Session plans", "flyer": "Flyers", "poster": "Posters",
    "template": "Templates", "talk": "Talks and slides", "checklist": "Checklists", "planner": "Planners",
}
"""Each format's name for a page listing several."""

LICENCES = {
    "cc-by-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nc-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "ogl-3.0": ("Open Government Licence v3.0",
                "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
    "all-rights-reserved": ("All rights reserved: ask before sharing", ""),
}
"""Licences a resource may carry: its name and where it is written out."""


@dataclass(frozen=True)
class FileType:
    label: str
    """How the download link names it: "PDF"."""
    media_type: str


FILE_TYPES = {
    ".pdf": FileType("PDF", "application/pdf"),
    ".docx": FileType("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pptx": FileType("PowerPoint slides", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": FileType("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    ".odp": FileType("OpenDocument slides", "application/vnd.oasis.opendocument.presentation"),
    ".png": FileType("PNG image", "image/png"),
    ".jpg": FileType("JPEG image", "image/jpeg"),
    ".jpeg": FileType("JPEG image", "image/jpeg"),
}
"""The files a resource may offer, by ending."""

Audience = Annotated[str, BeforeValidator(
    lambda v: _check_choice(v, tuple(AUDIENCES), "kind of reader") if isinstance(v, str) else v)]
Format = Annotated[str, BeforeValidator(
    lambda v: _check_choice(v, tuple(FORMATS), "format") if isinstance(v, str) else v)]
Licence = Annotated[str, BeforeValidator(
    lambda v: _check_choice(v, tuple(LICENCES), "licence") if isinstance(v, str) else v)]


class Resource(Item):
    """A guide, session plan, flyer, template or talk for WLAs: `resources/<slug>.md`."""

    title: Title = Field(description="The resource's name, up to 120 characters.")
    summary: Summary = Field(description="What it is and how to use it, in one or two plain sentences.")
    audience: list[Audience] = Field(
        min_length=1, description="Who it is for: wlas, lead-wlas, employers, learners.")
    themes: list[ThemeTerm] = Field(default_factory=list, description="What it is about; values from vocabulary.yml `themes`.")
    regions: list[RegionTerm] = Field(
        default_factory=list, description="Regions it is made for, if any; values from vocabulary.yml `regions`.")
    format: Format = Field(description="guide, session-plan, flyer, poster, template, talk, checklist or planner.")
    file: Text | None = Field(None, description="The file, relative to resources/, like files/planner.pdf.")
    link: str | None = Field(None, description="Or where it lives on the web, starting with https://")
    licence: Licence = Field(description="cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, ogl-3.0 or all-rights-reserved.")
    updated: date = Field(description="When it was last updated, like 2026-03-02.")
    draft: bool = Field(False, description="true keeps it off the published site (it shows in a preview).")

    _file_bytes: int

    @field_validator("link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)

    @model_validator(mode="after")
    def _file_or_link(self) -> Resource:
        if (self.file is None) == (self.link is None):
            raise ValueError("give either file (a file kept in resources/files/) or link (a web address), not both or neither")
        return self

    @property
    def file_type(self) -> FileType | None:
        return FILE_TYPES.get(Path(self.file).suffix.lower()) if self.file else None

    @property
    def file_name(self) -> str:
        """The file's own name, which it keeps on the site."""
        return self.file.rsplit("/", 1)[-1] if self.file else ""

    @property
    def file_size(self) -> int:
        """The file's size in bytes, measured when the files were checked."""
        return getattr(self, "_file_bytes", 0)


def size_text(size: int) -> str:
    """A file size as people read it: 840 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _real_type(path: Path, suffix: str) -> bool:
    """Whether the file's bytes are what its name says."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if suffix == ".docx":
                return "word/document.xml" in names
            if suffix == ".pptx":
                return "ppt/presentation.xml" in names
            expected = FILE_TYPES[suffix].media_type.encode()
            return "mimetype" in names and archive.read("mimetype").strip() == expected
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def check_resource_files(root: Path, resources: list[Any], problems: Problems, line: Any) -> None:
    """Every resource's file exists inside resources/, is what its name says, and is at most 20 MB.

    `line(item, loc)` finds the line of a field, for the message.
    """
    base = (root / FOLDER).resolve()
    for resource in resources:
        if resource.file is None:
            continue
        src: str = resource.file

        def bad(message: str, resource: Resource = resource) -> None:
            problems.add(resource.source_path, message, line=line(resource, ("file",)), field="file")

        if "://" in src or src.startswith(("/", "\\", "//")) or ".." in Path(src).parts or "\\" in src:
            bad(f'"{src}" must be a path inside resources/, like files/planner.pdf. For a web address use link: instead.')
            continue
        suffix = Path(src).suffix.lower()
        if suffix not in FILE_TYPES:
            kinds = ", ".join(sorted({t.label for t in FILE_TYPES.values()}))
            bad(f'"{src}" is not a file the site can offer. Use one of: {kinds}.')
            continue
        if (base / src).exists() and not (base / src).resolve().is_relative_to(root.resolve()):
            bad(f'"{src}" is a link to a file outside the website\'s folder. Put the file itself in {FOLDER}/files/.')
            continue
        path = (base / src).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            bad(f"there is no file at {FOLDER}/{src}. Check the spelling and that the file was added.")
            continue
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            bad(f"the file is {size_text(size)}; the most allowed is {size_text(MAX_FILE_BYTES)}. "
                "Make it smaller, or put it online and use link: instead.")
            continue
        if not _real_type(path, suffix):
            bad(f'"{src}" is not really a {FILE_TYPES[suffix].label}. Save it again in that format.')
            continue
        resource._file_bytes = size
