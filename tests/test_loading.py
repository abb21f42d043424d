"""Reading files: front matter, line numbers, broken and hostile YAML."""

from __future__ import annotations

import time

import pytest
from wla_site.content.problems import ContentError
from wla_site.content.site import load_site


def problems_of(project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(project.root)
    return [str(p) for p in caught.value.problems]


GOOD_FRONT = """---
title: A story
date: 2026-03-02
summary: Short.
organisation:
  name: Example Ltd
  sector: retail
  region: london
authors:
  - name: Sam
themes: [peer-learning]
consent: true
---
Body.
"""


def test_lines_count_from_the_top_of_the_file_front_matter_included(project):
    project.write("case_studies/story.md", GOOD_FRONT.replace("region: london", "region: lundon"))
    assert problems_of(project)[0].startswith("case_studies/story.md, line 8: organisation.region:")


def test_yaml_syntax_error_names_the_line(project):
    project.write("case_studies/story.md", GOOD_FRONT.replace("summary: Short.", "summary: Short: with a colon: oops"))
    (problem,) = problems_of(project)
    assert problem == (
        'case_studies/story.md, line 4: summary: the value has a colon followed by a space (": "), which YAML '
        'reads as the start of another field. Put the whole value in quotes: summary: "Short: with a colon: oops"'
    )


def test_missing_front_matter(project):
    project.write("case_studies/story.md", "# Just a story\n")
    (problem,) = problems_of(project)
    assert problem == (
        "case_studies/story.md, line 1: the file must start with front matter: a line `---`, the fields in YAML, "
        "then another line `---`, then the story in Markdown."
    )


def test_empty_file_and_not_a_mapping(project):
    project.write("events/empty.yml", "")
    project.write("events/listy.yml", "- one\n- two\n")
    found = problems_of(project)
    assert "events/empty.yml: the file is empty. Start from `wla new` to get a filled-in example." in found
    assert "events/listy.yml, line 1: the fields must be a list of `name: value` lines, but this is a list." in found


def test_python_tags_are_never_run(project, tmp_path):
    marker = tmp_path / "pwned"
    project.write("events/evil.yml", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    (problem,) = problems_of(project)
    assert problem.startswith("events/evil.yml, line 1: the YAML tag `!!python/object/apply:os.system` is not allowed.")
    assert not marker.exists()


def test_billion_laughs_rejected_quickly(project):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    project.write("events/laughs.yml", "\n".join(lines) + "\n")
    started = time.monotonic()
    (problem,) = problems_of(project)
    assert time.monotonic() - started < 1
    assert problem == "events/laughs.yml, line 1: the file repeats a value with `&name` and `*name` (or `<<`). Write each value out in full."


def test_not_utf8_names_the_byte(project):
    project.write("events/latin1.yml", "title: Caf\xe9 meeting\n".encode("latin-1"))
    (problem,) = problems_of(project)
    assert problem == "events/latin1.yml, line 1: the file is not UTF-8 text: byte 10 (0xe9) cannot be read. Save the file as UTF-8 in your editor."


def test_deep_nesting_rejected(project):
    project.write("events/deep.yml", "title: " + "[" * 5000 + "]" * 5000 + "\n")
    (problem,) = problems_of(project)
    assert problem == "events/deep.yml, line 1: the values are nested more than 12 levels deep."


def test_repeated_key(project):
    project.write("case_studies/story.md", GOOD_FRONT.replace("consent: true", "consent: true\ntitle: Again"))
    found = problems_of(project)
    assert "case_studies/story.md, line 13: title: the field appears twice (first on line 2). Keep one." in found


def test_windows_line_endings_and_bom(project):
    project.write("case_studies/story.md", ("\ufeff" + GOOD_FRONT).replace("\n", "\r\n").encode("utf-8"))
    site = load_site(project.root)
    assert site.case_studies[0].title == "A story"


def test_unicode_line_breaks_do_not_count_as_lines(project):
    # YAML counts NEL and LS as line breaks, editors do not: every line number is the editor's.
    text = GOOD_FRONT.replace("summary: Short.", "summary: \"Short\u2028and sweet.\"").replace("region: london", "region: lundon")
    project.write("case_studies/story.md", text)
    assert problems_of(project)[0].startswith("case_studies/story.md, line 8: organisation.region:")
    project.event("nel", organiser="WLA\x85North", description="Fine.\n")
    project.write("case_studies/story.md", GOOD_FRONT)
    site = load_site(project.root)
    assert site.events[0].organiser == "WLA North"
