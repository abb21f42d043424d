"""Fixtures: a real project in a temporary folder, built with the real MkDocs.

`project` copies the repository's configuration, pages, theme overrides and
vocabulary (not its sample content) into `tmp_path`; tests write the content
they need with `project.case_study(...)` and friends, then `project.build()`
runs a full `mkdocs build` into the project's own `site/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent

# 2026-11-24 12:00 UTC: the build's "today" unless a test says otherwise.
EPOCH = "1795521600"

SITE_URL = "https://wla-network.example.org/"
"""The sample site's address, as in mkdocs.yml."""


def copy_content(root: Path) -> Path:
    """The repository's sample content and vocabulary in `root`, to add files to."""
    for name in ("case_studies", "events", "newsletters", "providers", "resources"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "vocabulary.yml", root / "vocabulary.yml")
    return root


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def case_study_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "A learning club at a bakery",
        "date": "2026-03-02",
        "summary": "A WLA set up a weekly learning club.",
        "organisation": {"name": "Example Bakery", "sector": "agriculture-and-food", "region": "north-west"},
        "authors": [{"name": "Sam Example", "role": "Lead WLA"}],
        "themes": ["peer-learning"],
        "consent": True,
    }
    fields.update(overrides)
    return fields


def event_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "WLA information session",
        "kind": "information-session",
        "summary": "Find out about the WLA role.",
        "start": "2026-12-01T10:00",
        "end": "2026-12-01T12:30",
        "region": "north-west",
        "organiser": "WLA North West",
        "location": {"venue": "Town library", "town": "Wigan", "postcode": "WN1 1AA"},
    }
    fields.update(overrides)
    return fields


def newsletter_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "WLA e-shot, March 2026",
        "issue": 1,
        "date": "2026-03-01",
        "summary": "News from the network.",
    }
    fields.update(overrides)
    return fields


def provider_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "Example Adult Learning",
        "summary": "Free courses for adults.",
        "website": "https://learning.example.org/",
        "regions": ["north-west"],
        "delivery": ["in-person"],
        "offers": ["english-and-maths"],
    }
    fields.update(overrides)
    return fields


@dataclass
class Project:
    root: Path

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def case_study(self, slug: str, body: str = "The story.\n", **fields: Any) -> Path:
        return self.write(f"case_studies/{slug}.md", f"---\n{dump(case_study_fields(**fields))}---\n{body}")

    def event(self, slug: str, **fields: Any) -> Path:
        return self.write(f"events/{slug}.yml", dump(event_fields(**fields)))

    def newsletter(self, slug: str, body: str = "The editorial.\n", **fields: Any) -> Path:
        return self.write(f"newsletters/{slug}.md", f"---\n{dump(newsletter_fields(**fields))}---\n{body}")

    def provider(self, slug: str, **fields: Any) -> Path:
        return self.write(f"providers/{slug}.yml", dump(provider_fields(**fields)))

    def build(self, epoch: str = EPOCH, check: bool = True, extra_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        """Run the real `mkdocs build` in the project, as a maintainer would."""
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *extra_args],
            cwd=self.root, env=env, capture_output=True, text=True, timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def page(self, url: str) -> str:
        path = self.site_dir / url.strip("/") / "index.html" if not url.endswith(".html") else self.site_dir / url
        return path.read_text(encoding="utf-8")


def new_project(root: Path, with_samples: bool = False) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "vocabulary.yml"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    if with_samples:
        for name in ("case_studies", "events", "newsletters", "providers", "resources"):
            shutil.copytree(REPO / name, root / name)
    for name in ("case_studies", "events", "newsletters", "providers", "resources"):
        (root / name).mkdir(exist_ok=True)  # a new project has its content folders, empty
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project: the repository's configuration and vocabulary, no content."""
    return new_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository's own sample content, built once for the session."""
    project = new_project(tmp_path_factory.mktemp("samples") / "project", with_samples=True)
    project.build()
    return project


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One real Chromium for a module of browser tests (they skip, or fail in CI, without one)."""
    from tests.browser import launch, playwright_or_skip  # tests.browser imports this module

    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
