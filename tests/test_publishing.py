"""Publishing dates: what is dated ahead waits for its day, and the home page's "Coming up" tells the truth."""

from __future__ import annotations

import lxml.html
from wla_site.cli.main import main

# EPOCH in conftest is 2026-11-24 12:00 UTC.
DAY_AFTER = "1795608000"  # 2026-11-25 12:00 UTC


def test_a_case_study_dated_ahead_is_published_on_its_day(project):
    project.case_study("today", title="Published today", date="2026-11-24")
    project.case_study("tomorrow", title="Published tomorrow", date="2026-11-25")
    project.build()
    assert (project.site_dir / "case-studies/today/index.html").is_file()
    assert not (project.site_dir / "case-studies/tomorrow").exists()
    assert "Published tomorrow" not in (project.site_dir / "case-studies/feed.xml").read_text(encoding="utf-8")
    assert "Published tomorrow" not in project.page("case-studies/")
    project.build(epoch=DAY_AFTER)  # the daily rebuild of the next morning
    assert "Published tomorrow" in project.page("case-studies/tomorrow/")
    assert "Published tomorrow" in (project.site_dir / "case-studies/feed.xml").read_text(encoding="utf-8")


def test_an_eshot_dated_ahead_waits_too(project):
    project.newsletter("december", title="WLA e-shot, December 2026", issue=2, date="2026-12-01")
    project.newsletter("november", title="WLA e-shot, November 2026", issue=1, date="2026-11-01")
    project.build()
    assert not (project.site_dir / "newsletters/december").exists()
    assert "December 2026" not in (project.site_dir / "newsletters/feed.xml").read_text(encoding="utf-8")
    assert "WLA e-shot, November 2026" in project.page("")  # the latest issue on the home page is the published one


def test_wla_check_says_when_dated_items_will_appear_and_counts_drafts(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795521600")
    project.case_study("now", date="2026-11-01")
    project.case_study("later", date="2026-12-01")
    project.case_study("draft-one", draft=True)
    project.newsletter("draft-issue", draft=True)
    project.newsletter("next-issue", issue=2, date="2027-01-05")
    assert main(["--root", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == (
        "All content is fine: 1 case study, 0 events, 0 e-shot issues, 0 providers and 0 resources.\n"
        "2 drafts were left out: case_studies/draft-one.md, newsletters/draft-issue.md.\n"
        "case_studies/later.md will appear on Tuesday 1 December 2026, the day it is dated.\n"
        "newsletters/next-issue.md will appear on Tuesday 5 January 2027, the day it is dated.\n"
    )
    assert main(["--root", str(project.root), "check", "--drafts"]) == 0
    assert capsys.readouterr().out == "All content is fine: 3 case studies, 0 events, 2 e-shot issues, 0 providers and 0 resources.\n"


def test_one_draft_is_counted_in_the_singular(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795521600")
    project.case_study("draft-one", draft=True)
    assert main(["--root", str(project.root), "check"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "1 draft was left out: case_studies/draft-one.md."


def test_featuring_a_story_that_is_not_out_yet_says_so(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795521600")
    project.case_study("later", date="2026-12-01")
    project.case_study("unfinished", draft=True)
    project.newsletter("issue", features={"case_studies": ["later", "unfinished"]})
    assert main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert ('  newsletters/issue.md, line 8: features.case_studies[1]: the case study "later" is dated '
            "1 December 2026, so it will not be published until that day. Feature it in a later issue, "
            "or publish it first.\n") in out
    assert ('  newsletters/issue.md, line 9: features.case_studies[2]: the case study "unfinished" is a draft '
            "(draft: true), so it is not published. Feature it in a later issue, or publish it first.\n") in out


# --- the home page's "Coming up" ----------------------------------------------------------------


def coming_up(project) -> list[str]:
    home = lxml.html.fromstring(project.page(""))
    heading = home.xpath("//h2[normalize-space()='Coming up']")[0]
    cards = heading.xpath("following-sibling::ul[1]/li")
    return [" ".join(card.xpath("normalize-space(.//*[contains(@class, 'wla-card__title')])").split()) for card in cards]


def test_coming_up_lists_events_that_will_take_place(project):
    project.event("called-off", title="Called off", start="2026-11-25T10:00", end="2026-11-25T12:00", status="cancelled")
    project.event("moved", title="Moved", start="2026-11-26T10:00", end="2026-11-26T12:00", status="postponed")
    project.event("first", title="First", start="2026-11-27T10:00", end="2026-11-27T12:00")
    project.event("second", title="Second", start="2026-11-28T10:00", end="2026-11-28T12:00")
    project.event("third", title="Third", start="2026-11-29T10:00", end="2026-11-29T12:00")
    project.build()
    assert coming_up(project) == ["Postponed Moved", "First", "Second"]
    # The events page still lists the cancelled event, marked, so that people who planned for it know.
    assert "Cancelled" in project.page("events/")
