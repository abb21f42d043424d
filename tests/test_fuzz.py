"""Property-based tests: random YAML and Markdown never escape as a traceback or as script.

Whatever a contributor writes, loading either succeeds or raises
`ContentError` (the report), and every page rendered from what loads has no
element or attribute that could run script.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from wla_site.content.problems import ContentError
from wla_site.content.site import load_site
from wla_site.plan import plan_pages
from wla_site.render.pages import PageRenderer

from tests.conftest import REPO, case_study_fields, dump, event_fields, provider_fields

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "</script>", "<iframe src=//evil.example.net>", "\" onmouseover=\"alert(1)", "<svg/onload=alert(1)>",
    "&lt;script&gt;", "\x00", "\x07", "\u202e", "{{ 7*7 }}", "{% raw %}", "]]>", "<!--", "&#x3C;script&#x3E;",
    "[x](javascript:alert(1))", "<a href='data:text/html,<script>alert(1)</script>'>d</a>", "---", "*", "&", ": ",
]

texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=10), max_size=6).map("".join),
)


def _fresh_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="wla-fuzz-"))
    shutil.copy(REPO / "vocabulary.yml", root / "vocabulary.yml")
    return root


def _assert_safe(html: str) -> None:
    if not html.strip():
        return
    doc = lxml_html.fromstring(f"<div>{html}</div>")
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "svg":  # only the engine's own drawings: the map and the charts
            assert element.get("class", "").split()[0] in ("wla-map", "wla-chart"), element.attrib
            continue
        assert element.tag not in ("script", "iframe", "object", "embed", "math", "style", "foreignobject")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on")
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=300), body=st.text(max_size=300))
def test_random_files_never_raise_anything_but_the_report(raw, body):
    root = _fresh_root()
    files = {
        "events/random.yml": raw,
        "providers/random.yml": raw,
        "case_studies/random.md": f"---\n{raw}\n---\n{body}",
    }
    try:
        for rel, text in files.items():
            if _encodable(text):
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        try:
            load_site(root)
        except ContentError as error:
            assert str(error).startswith("Found ")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, summary=texts, body=texts, quote=texts, town=texts)
def test_random_text_never_reaches_a_page_as_script(title, summary, body, quote, town):
    root = _fresh_root()
    try:
        for folder in ("case_studies", "events", "providers"):
            (root / folder).mkdir()
        fields = case_study_fields(title=title or "x", summary=summary or "x", quote={"text": quote or "q", "by": town or "b"},
                                   outcomes=[quote or "o"])
        if _encodable(dump(fields) + body):
            (root / "case_studies/story.md").write_text(f"---\n{dump(fields)}---\n{body}", encoding="utf-8")
        event = event_fields(title=title or "x", description=body, organiser=town or "o",
                             location={"venue": quote or "v", "town": town or "t"})
        if _encodable(dump(event)):
            (root / "events/meeting.yml").write_text(dump(event), encoding="utf-8")
        provider = provider_fields(name=title or "x", summary=summary or "s", address={"town": town or "t"})
        if _encodable(dump(provider)):
            (root / "providers/college.yml").write_text(dump(provider), encoding="utf-8")
        try:
            site = load_site(root)
        except ContentError:
            return
        renderer = PageRenderer(site)
        for page in plan_pages(site):
            html = renderer.render(page)
            _assert_safe(html)
        for block in renderer.home_blocks().values():
            _assert_safe(block)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_yaml_dump_round_trip_sanity():
    # The strategies above write YAML with PyYAML; make sure what they write loads back.
    assert yaml.safe_load(dump({"a": "<script>"})) == {"a": "<script>"}
