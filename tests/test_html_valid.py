"""Every page of a built site passes the Nu HTML Checker (npm `vnu-jar`, run with Java).

The checker comes from `npm install --no-save --prefix .ci/node vnu-jar` (as
`.ci/run` does), from `node_modules/` at the root, or from `WLA_VNU_JAR`.
Without Java or the checker the test skips, unless `WLA_REQUIRE_BROWSER=1`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.browser import REPO, built_once, fill_rich, missing

JAR_PLACES = [REPO / ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar",
              REPO / "node_modules/vnu-jar/build/dist/vnu.jar"]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing("Java is not installed, so the Nu HTML Checker cannot run: apt-get install default-jre-headless")
    configured = os.environ.get("WLA_VNU_JAR")
    jars = [Path(configured)] if configured else JAR_PLACES
    jar = next((j for j in jars if j.is_file()), None)
    if jar is None:
        missing("the Nu HTML Checker is not installed: npm install --no-save --prefix .ci/node vnu-jar")
    return [java, "-jar", str(jar), "--format", "json", "--skip-non-html", "--errors-only"]


def test_every_generated_page_is_valid_html(tmp_path_factory):
    command = vnu_command()
    project = built_once(tmp_path_factory, "rich", fill_rich)
    pages = sorted(project.site_dir.rglob("*.html"))
    kinds = {p.relative_to(project.site_dir).parts[0] for p in pages}
    assert {"index.html", "404.html", "case-studies", "events", "newsletters", "providers", "regions",
            "themes", "search", "activity"} <= kinds
    errors = vnu_errors(command, pages)
    assert not errors, f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors[:40])


def vnu_errors(command: list[str], pages: list[Path]) -> list[str]:
    """The checker's errors in `pages`, each as "page:line: message" and the markup it is about."""
    result = subprocess.run([*command, *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m['url'].split('/site/')[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}"
            for m in messages if m["type"] in ("error", "non-document-error")]
