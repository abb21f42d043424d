"""The architecture as ARCHITECTURE.md describes it: drawn from the package's imports, and followed.

The import rules are read from the source (ast): layers in order, no renderer
importing another, MkDocs only in its adapter, feedgen only in the feed
renderer, no address spelled outside `urls.py`. The worked example ("adding a
kind of content") is applied block by block to a copy of the package and
built; a kind added from an MkDocs hook, without touching the package, is
built too.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from wla_site import urls
from wla_site.content.kinds import KINDS

from tests.conftest import EPOCH, REPO, new_project

PACKAGE = REPO / "plugins" / "wla_site"

LAYERS: list[tuple[str, ...]] = [
    ("settings", "urls"),
    ("content",),
    ("formatting", "templating", "plan", "subscriptions"),
    ("figures",),
    ("render",),
    ("publish",),
    ("links", "project"),
    ("mkdocs",),
    ("cli", "__main__", "__init__"),
]
"""The package's layers in order, as ARCHITECTURE.md lists them: a module may import its own layer and those before it."""


def _modules() -> dict[str, Path]:
    """Every module of the package by its name inside the package: `render.pages`, `urls`."""
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p
            for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, absolute (`wla_site.render.pages`, `mkdocs.plugins`, `feedgen.feed`)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            if node.module == "wla_site":  # from wla_site import urls, templating
                found += [f"wla_site.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path.relative_to(REPO)} uses a relative import; the package imports absolutely")
    return found


def _own(module: str) -> str | None:
    """`wla_site.render.pages` as `render.pages`; None for another library or the package itself."""
    return module.removeprefix("wla_site.") if module.startswith("wla_site.") else None


def _layer(name: str) -> int:
    top = name.split(".")[0]
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"wla_site.{name} belongs to no layer: add it to LAYERS and to ARCHITECTURE.md")


def test_every_module_imports_only_its_own_layer_and_those_before_it() -> None:
    wrong = []
    for name, path in _modules().items():
        for imported in filter(None, map(_own, _imports(path))):
            if _layer(imported) > _layer(name):
                wrong.append(f"{name} imports {imported}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_renderer_imports_another() -> None:
    wrong = [f"{name} imports {imported}"
             for name, path in _modules().items() if name.startswith("render.")
             for imported in filter(None, map(_own, _imports(path))) if imported.startswith("render")]
    assert not wrong


def _importers(library: str) -> set[str]:
    return {name for name, path in _modules().items()
            if any(m == library or m.startswith(library + ".") for m in _imports(path))}


def test_only_the_mkdocs_adapter_imports_mkdocs() -> None:
    importers = _importers("mkdocs")
    assert importers, "nothing imports mkdocs: the adapter has moved, so this test reads the wrong names"
    assert {name for name in importers if not name.startswith("mkdocs.")} == set()


def test_only_the_feed_renderer_imports_feedgen() -> None:
    assert _importers("feedgen") == {"render.feeds"}


# --- addresses --------------------------------------------------------------------------------


def _address_spellings() -> tuple[set[str], set[str]]:
    """What writing an address out looks like: substrings, and literals that must not stand alone.

    A pattern with a parameter is caught by its start (`events/{`, as in an
    f-string); a plain one by itself, except a listing named like its content
    folder (`events/`), which prose names too, and is caught only as a whole
    string literal.
    """
    folders = {kind.folder + "/" for kind in KINDS}
    substrings, literals = set(), set()
    for pattern in urls.ROUTES.values():
        if "{" in pattern:
            substrings.add(pattern[:pattern.index("{") + 1])
        elif pattern in folders:
            literals.add(pattern)
        else:
            substrings.add(pattern)
    return substrings, literals


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """Every string in a module's code (not its docstrings), f-strings with `{` for each value."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
            found.append((node.lineno, text))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings and id(node) not in inside_fstrings):
            found.append((node.lineno, node.value))
    return found


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_QUOTED = re.compile(r"""["']([^"'\n]*)["']""")


def test_no_address_is_spelled_outside_urls() -> None:
    substrings, literals = _address_spellings()
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(REPO).as_posix()
        if path.suffix == ".py" and path.name != "urls.py":
            strings = _code_strings(path)
        elif path.suffix in (".html", ".txt", ".xml"):
            text = _JINJA_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
            strings = [(n, line) for n, line in enumerate(text.splitlines(), 1)]
            strings += [(n, q) for n, line in strings for q in _QUOTED.findall(line)]
        else:
            continue
        for line, text in strings:
            hits = [s for s in substrings if s in text] + [s for s in literals if text == s]
            found += [f"{rel}:{line} spells {hit!r}" for hit in hits]
    assert not found, "use urls.path(...) or url_for(...) instead:\n" + "\n".join(sorted(set(found)))


def test_the_address_check_would_catch_an_address_written_out(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Links to `events/x/` in prose are fine."""\nslug = "x"\n'
                      'a = f"events/{slug}/"\nb = "events/"\nc = "case-studies/feed.xml"\n')
    substrings, literals = _address_spellings()
    hits = {text for _, text in _code_strings(module)
            if any(s in text for s in substrings) or text in literals}
    assert hits == {"events/{}/", "events/", "case-studies/feed.xml"}


# --- the worked example, followed -------------------------------------------------------------

_BLOCK = re.compile(r"^```(\S+)[ \t]+file=(\S+)(?:[ \t]+(at|after|replace)=(.*?))?[ \t]*\n(.*?)^```[ \t]*$",
                    re.MULTILINE | re.DOTALL)


def example_blocks() -> list[tuple[str, str | None, str, str]]:
    """The worked example's blocks in ARCHITECTURE.md: (file, how, where, text)."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    return [(m.group(2), m.group(3), (m.group(4) or "").strip(), m.group(5)) for m in _BLOCK.finditer(text)]


def apply_block(root: Path, rel: str, how: str | None, where: str, text: str) -> None:
    """Do what one block of the worked example says, in the folder `root`."""
    path = root / rel
    if how is None:
        assert not path.exists(), f"{rel} already exists: the example's new file would replace it"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if how == "at" and where == "end":
        lines += ["\n", "\n", text]
    else:
        index = next((i for i, line in enumerate(lines) if line.startswith(where)), None)
        assert index is not None, f"{rel} has no line starting with {where!r}: ARCHITECTURE.md is out of date"
        lines[index:index + 1] = [lines[index], text] if how == "after" else [text]
    path.write_text("".join(lines), encoding="utf-8")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_worked_example_adds_a_kind_that_builds(tmp_path: Path) -> None:
    blocks = example_blocks()
    assert {rel for rel, *_ in blocks} >= {
        "plugins/wla_site/content/models.py", "plugins/wla_site/urls.py", "plugins/wla_site/content/kinds.py",
        "plugins/wla_site/render/templates/notice.html", "plugins/wla_site/render/templates/notices.html",
        "notices/town-hall-closed.yml",
    }
    engine = tmp_path / "engine"
    shutil.copytree(PACKAGE, engine / "plugins" / "wla_site", ignore=shutil.ignore_patterns("__pycache__"))
    project = new_project(tmp_path / "project", with_samples=True)
    for rel, how, where, text in blocks:
        apply_block(engine if rel.startswith("plugins/") else project.root, rel, how, where, text)
    # The copy comes before the installed package on the path.
    env = {**os.environ, "PYTHONPATH": str(engine / "plugins"), "SOURCE_DATE_EPOCH": EPOCH,
           "NO_MKDOCS_2_WARNING": "1"}
    assert _run(["wla_site", "schema"], project.root, env)
    schema = json.loads((project.root / "schemas" / "notice.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "WLA notice (notices/<slug>.yml)"
    assert schema["properties"]["region"]["enum"][0] == "north-east"

    checked = _run(["wla_site", "check"], project.root, env).strip()
    doc = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert checked in doc, f"`wla check` said {checked!r}, which ARCHITECTURE.md does not show"
    assert checked.splitlines()[0].endswith("and 1 notice.")

    _run(["wla_site", "new", "notice", "another-notice"], project.root, env)
    starter = (project.root / "notices" / "another-notice.yml").read_text(encoding="utf-8")
    assert "schemas/notice.schema.json" in starter
    assert re.search(r"^summary:\s+# The notice in one or two", starter, re.MULTILINE)
    (project.root / "notices" / "another-notice.yml").unlink()

    _run(["mkdocs", "build"], project.root, env)
    listing = lxml_html.fromstring(project.page("notices/"))
    assert listing.findtext(".//h1") == "Notices"
    assert listing.xpath("//a[@href='town-hall-closed/']/text()") == ["The town hall is closed on Friday"]
    page = lxml_html.fromstring(project.page("notices/town-hall-closed/"))
    assert page.findtext(".//article/h1") == "The town hall is closed on Friday"
    assert page.xpath("//article//a[@href='../../regions/north-west/']/text()") == ["North West"]
    assert page.xpath("//meta[@property='og:title']/@content") == ["The town hall is closed on Friday"]
    meta = json.loads((project.site_dir / "search-index" / "meta.json").read_text(encoding="utf-8"))
    assert ["Notice", 0, 0] not in meta["kinds"] and "Notice" in [k[0] for k in meta["kinds"]]


HOOK = '''"""A kind of content that only this site has, added without changing the engine."""
from pathlib import Path

from pydantic import Field

from wla_site import templating, urls
from wla_site.content.kinds import Kind, register
from wla_site.content.models import Item, Summary, Title


class Notice(Item):
    """A short notice: `notices/<slug>.yml`."""

    title: Title = Field(description="The headline.")
    summary: Summary = Field(description="The notice.")


urls.ROUTES.update({"notices": "notices/", "notice": "notices/{slug}/"})
templating.add_template_folder(Path(__file__).parent / "templates")
register(Kind(
    name="notice", folder="notices", suffixes=(".yml",), model=Notice,
    label="Notice", one="notice", many="notices", a="a notice",
    route="notice", listing_route="notices", template="notice.html",
    listing_title="Notices", listing_template="notices.html", listing_description="Short notices.",
    schema_title="WLA notice",
))
'''


def test_a_kind_registered_from_a_hook_builds(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    project.write("notices_hook.py", HOOK)
    project.write("templates/notice.html", '<h1>{{ item.title }}</h1>\n<p class="wla-lede">{{ item.summary }}</p>\n'
                                           "<p><a href=\"{{ url_for('notices') }}\">All notices</a></p>\n")
    project.write("templates/notices.html", "<h1>{{ kind.listing_title }}</h1>\n<ul>{% for notice in items %}"
                                            "<li><a href=\"{{ url_for('notice', slug=notice.slug) }}\">"
                                            "{{ notice.title }}</a></li>{% endfor %}</ul>\n")
    project.write("notices/road-works.yml", "title: Road works on <Friday>\nsummary: Allow extra time & park early.\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - notices_hook.py\n", encoding="utf-8")
    project.build()
    page = lxml_html.fromstring(project.page("notices/road-works/"))
    assert page.findtext(".//h1") == "Road works on <Friday>"  # escaped in the HTML, read back as text
    assert "<Friday>" not in project.page("notices/road-works/")
    assert page.xpath("//a[text()='All notices']/@href") == ["../../notices/"]
    listing = lxml_html.fromstring(project.page("notices/"))
    assert listing.xpath("//li/a[@href='road-works/']/text()") == ["Road works on <Friday>"]


def test_register_refuses_a_clash_and_a_missing_route() -> None:
    from wla_site.content.kinds import CASE_STUDY, Kind, register

    with pytest.raises(ValueError, match='name, folder or model of the kind "case-study"'):
        register(CASE_STUDY)
    stray = Kind(**{**CASE_STUDY.__dict__, "name": "stray", "folder": "strays", "model": type("Stray", (), {}),
                    "route": "no-such-route"})
    with pytest.raises(ValueError, match="ROUTES lacks: no-such-route"):
        register(stray)
    assert stray not in KINDS
