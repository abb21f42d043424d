"""Engine canary: ProperDocs, the maintained fork of MkDocs 1.6, builds the same site as MkDocs.

MkDocs 1.x and Material are reaching the end of their maintenance; ProperDocs
reads the same mkdocs.yml and runs the same plugins and theme. Both build the
sample site here; every file must be the same, byte for byte, except the
`<meta name="generator">` tag that names the engine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import EPOCH, new_project

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _build(engine: str, root: Path, site_dir: Path) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{engine} build failed:\n{result.stdout}\n{result.stderr}"
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_pages_as_mkdocs(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", with_samples=True)
    mkdocs = _build("mkdocs", project.root, tmp_path / "mkdocs-site")
    properdocs = _build("properdocs", project.root, tmp_path / "properdocs-site")

    assert sorted(properdocs) == sorted(mkdocs)
    assert {"case-studies/index.html", "events/calendar.ics", "newsletters/feed.xml", "search-index/meta.json"} <= set(mkdocs)
    generators = set()
    for path, built in mkdocs.items():
        other = properdocs[path]
        if other != built:
            assert GENERATOR.sub(b"", other) == GENERATOR.sub(b"", built), f"{path} differs beyond the generator tag"
            generators.add((GENERATOR.search(built).group(1), GENERATOR.search(other).group(1)))
    # Each page names the engine that wrote it: the two builds really ran different engines.
    (mkdocs_tag, properdocs_tag), = generators
    assert mkdocs_tag.startswith(b"mkdocs-1.") and b"ProperDocs" in properdocs_tag
