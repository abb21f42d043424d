"""The package type-checks: mypy, strict, as pyproject.toml sets it up, with no errors."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def test_mypy_finds_no_errors_in_the_whole_package() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}\n{result.stderr}"
    # Every module was checked, not an empty selection (mypy also counts the folders of templates and assets).
    modules = [p for p in (REPO / "plugins" / "wla_site").rglob("*.py") if "__pycache__" not in p.parts]
    checked = re.fullmatch(r"Success: no issues found in (\d+) source files", result.stdout.strip())
    assert checked is not None and int(checked.group(1)) >= len(modules), result.stdout
