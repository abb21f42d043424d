"""Hand-written pages and internal links: checked before building, reported with file and line."""

from __future__ import annotations

import lxml.html
import pytest
from wla_site.cli.main import main
from wla_site.links import markdown_links

from tests.conftest import REPO


def check(project, capsys, *args: str) -> tuple[int, str]:
    code = main(["--root", str(project.root), "check", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- front matter of the pages in docs/ -----------------------------------------------------------


def test_the_repositorys_own_pages_have_valid_front_matter(capsys):
    assert main(["--root", str(REPO), "check"]) == 0, capsys.readouterr().out


def test_becoming_a_wla_shows_no_front_matter(sample_site):
    page = lxml.html.fromstring(sample_site.page("becoming-a-wla/"))
    text = page.xpath("normalize-space(//article)")
    assert text.startswith("Becoming a WLA")
    assert "description:" not in text
    assert page.xpath("//meta[@name='description']/@content")[0].startswith(
        "How to become a Workplace Learning Advocate: the free training")


def test_a_page_whose_front_matter_cannot_be_read_stops_check_and_build(project, capsys):
    project.case_study("story")
    project.write("docs/about.md", "---\ntitle: About\ndescription: Who we are: and why\n---\n\n# About\n")
    code, out = check(project, capsys)
    assert code == 1
    assert out.startswith("Found 1 problem in 1 file:\n\n  docs/about.md, line 3: ")
    project.write("docs/about.md", "# About\n")
    project.build()
    good = project.page("about/")
    project.write("docs/about.md", "---\ntitle: About\ndescription: Who we are: and why\n---\n\n# About, changed\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert "docs/about.md, line 3: " in result.stderr
    assert project.page("about/") == good  # the last good site stays


def test_a_page_without_a_closing_line(project, capsys):
    project.write("docs/about.md", "---\ntitle: About\n\n# About\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ("  docs/about.md, line 1: the front matter has no closing `---` line, so the page would show it "
            "as text. Add a line `---` after the last field.\n") in out


def test_a_title_that_is_not_text(project, capsys):
    project.write("docs/about.md", "---\ntitle:\n  - About\n---\n# About\n")
    code, out = check(project, capsys)
    assert code == 1
    assert "  docs/about.md, line 2: title: this should be text, on one line after `title: `.\n" in out


# --- links in stories, e-shots and hand-written pages ----------------------------------------------


def test_links_that_go_somewhere_pass(project, capsys):
    project.case_study("other", title="Other story")
    project.case_study("story", body=(
        "See the [other story](../other/), the [same from the root](/case-studies/other/),\n"
        "[events](/events/), [the calendar](/events/calendar.ics), [a region](/regions/north-west/),\n"
        "[the role](/the-wla-role/), [a heading](#top), [mail](mailto:a@example.org),\n"
        "[a website](https://www.example.org/x), `[code](/not/checked/)` and [home](/).\n"
    ))
    project.newsletter("issue", body="Read [the story](/case-studies/story/) and [the feed](../../case-studies/feed.xml).\n")
    project.write("docs/about.md", "# About\n\n[Events](events/index.md), [the role](the-wla-role.md), "
                  "[the logo](assets/images/logo.svg) and [stories](../case-studies/).\n")
    code, out = check(project, capsys)
    assert code == 0, out


def test_a_link_to_a_page_the_site_does_not_have(project, capsys):
    project.case_study("other")
    project.case_study("story", body="The start.\n\nSee [the other story](/case-studies/othre/).\n")
    code, out = check(project, capsys)
    assert code == 1
    assert out == (
        "Found 1 problem in 1 file:\n\n"
        '  case_studies/story.md, line 18: the link "/case-studies/othre/" goes to /case-studies/othre/, '
        "which is not a page of the site. Did you mean /case-studies/other/? Check the address; a link to "
        "another website starts with https://\n"
        "\nFix these and run the check again. Nothing was built.\n"
    )


def test_a_link_to_a_file_in_the_repository_names_its_page(project, capsys):
    project.case_study("other")
    project.case_study("story", body="See [the other story](other.md).\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ('  case_studies/story.md, line 16: the link "other.md" goes to the file case_studies/other.md, '
            "not to a page of the site. Link to its page instead: /case-studies/other/\n") in out


def test_a_web_address_without_https(project, capsys):
    project.newsletter("issue", body="Hello.\n\nBook at [our site](www.example.org/book).\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ('  newsletters/issue.md, line 9: the link "www.example.org/book" has no https:// at the start, '
            "so it points inside this site. Write the whole address, like https://www.example.org/book\n") in out


def test_a_link_to_a_draft_says_why_it_would_lead_nowhere(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795521600")
    project.case_study("unfinished", draft=True)
    project.case_study("later", date="2026-12-01")
    project.newsletter("issue", body="Read [this](/case-studies/unfinished/) and [that](/case-studies/later/).\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ('  newsletters/issue.md, line 7: the link "/case-studies/unfinished/" goes to the page of '
            "case_studies/unfinished.md, which is a draft (draft: true), so it is not published. "
            "Remove the link until that page is published.\n") in out
    assert ('  newsletters/issue.md, line 7: the link "/case-studies/later/" goes to the page of '
            "case_studies/later.md, which is dated 1 December 2026, so it will not be published until that day. "
            "Remove the link until that page is published.\n") in out
    # mkdocs serve shows drafts, so there the link works: `wla check --drafts` agrees.
    assert check(project, capsys, "--drafts")[0] == 0


def test_a_hand_written_page_linking_to_a_missing_page(project, capsys):
    project.write("docs/about.md", "# About\n\nSee [the events](event/index.md) and [stories](/case-study/).\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ('  docs/about.md, line 3: the link "event/index.md" goes to event/index.md, which is not a page '
            "of the site. Check the file name.\n") in out
    assert ('  docs/about.md, line 3: the link "/case-study/" goes to /case-study/, which is not a page of the '
            "site. Did you mean /case-studies/? Check the address; a link to another website starts with https://\n") in out


def test_the_build_stops_on_a_broken_link_and_keeps_the_last_good_site(project):
    story = project.case_study("story", body="Fine.\n")
    project.build()
    good = project.page("case-studies/story/")
    story.write_text(story.read_text(encoding="utf-8").replace("Fine.", "See [x](/nowhere/)."), encoding="utf-8")
    result = project.build(check=False)
    assert result.returncode == 1
    assert 'case_studies/story.md, line 16: the link "/nowhere/" goes to /nowhere/, which is not a page' in result.stderr
    assert project.page("case-studies/story/") == good


def test_an_image_in_a_story_is_never_silently_dropped(project, capsys):
    """Images in a story are refused with a message (the `image` field is for the photo), never dropped."""
    project.case_study("story", body="Look:\n\n![The team](images/team.jpg)\n")
    code, out = check(project, capsys)
    assert code == 1
    assert "case_studies/story.md, line 18: " in out


@pytest.mark.parametrize(("text", "links"), [
    ("[a](/x/) and [b](<../y z/> \"title\")", [(1, "/x/"), (1, "<../y z/>")]),
    ("```\n[not](/a/)\n```\n[yes](/b/)", [(4, "/b/")]),
    ("Some `[code](/c/)` here", []),
    ("[ref]: /d/\n<a href=\"/e/\">e</a>", [(1, "/d/"), (2, "/e/")]),
    ("[multi\nline](/f/)", [(2, "/f/")]),
])
def test_links_are_found_with_their_lines(text, links):
    assert list(markdown_links(text)) == links
