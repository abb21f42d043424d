"""Every validation rule, with the exact message a contributor reads."""

from __future__ import annotations

import pytest
from wla_site.content.problems import ContentError
from wla_site.content.site import load_site


def problems_of(project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(project.root)
    return [str(p) for p in caught.value.problems]


def test_valid_content_loads(project):
    project.case_study("bakery-club")
    project.event("info-session")
    project.newsletter("march-2026", features={"case_studies": ["bakery-club"], "events": ["info-session"]})
    project.provider("adult-learning")
    site = load_site(project.root)
    assert [c.slug for c in site.case_studies] == ["bakery-club"]
    assert site.featured(site.newsletters[0])[0][0].slug == "bakery-club"


def test_unknown_field_suggests_the_closest(project):
    project.case_study("bakery-club", sumary="Typo")
    (problem,) = problems_of(project)
    assert problem.startswith('case_studies/bakery-club.md, line 15: sumary: "sumary" is not a field of a case study. Did you mean "summary"? Known fields: title, date, summary,')


def test_unknown_vocabulary_value_lists_allowed_and_closest(project):
    project.case_study("bakery-club", organisation={"name": "X", "sector": "retail", "region": "north-wst"})
    (problem,) = problems_of(project)
    assert problem.startswith(
        'case_studies/bakery-club.md, line 8: organisation.region: "north-wst" is not a known region. '
        'Did you mean "north-west"? Choose one of: north-east, north-west,'
    )
    assert problem.endswith("(listed in vocabulary.yml).")


def test_missing_required_field_says_what_to_give(project):
    fields = {"title": "T", "kind": "training", "summary": "S", "start": "2026-12-01T10:00",
              "region": "london", "location": {"venue": "Hall", "town": "Leeds"}}
    from tests.conftest import dump

    project.write("events/training.yml", dump(fields))
    (problem,) = problems_of(project)
    assert problem == (
        'events/training.yml, line 8: organiser: this field is required but missing. Add a line "organiser: …" '
        "at the end of the file. Who runs it."
    )


def test_every_problem_in_every_file_in_one_run(project):
    project.case_study("one", themes=["no-such-theme"], consent=False)
    project.event("two", start="next tuesday", location=None)
    project.provider("three", website="javascript:alert(1)", phone="12345", delivery=["by-post"])
    found = problems_of(project)
    assert len(found) == 7
    assert {p.split(":")[0].split(",")[0] for p in found} == {"case_studies/one.md", "events/two.yml", "providers/three.yml"}
    text = "\n".join(found)
    assert 'themes[1]: "no-such-theme" is not a known theme.' in text
    assert "consent: must be true: confirm that everyone named in the story agreed to publication." in text
    assert 'start: "next tuesday" is not a date and time. Write it like 2026-12-01T10:00 (or 2026-12-01 for all day).' in text
    # The whole-file rule is checked in the same run as the field that has its own problem.
    assert "events/two.yml, line 8: Give a `location` (venue and town) or an `online` link to join." in found
    assert 'website: "javascript:alert(1)" is not an address we accept. Use a full address starting with https://.' in text
    assert 'phone: "12345" is not a UK phone number. Write it like 01234 567890.' in text
    assert 'delivery[1]: "by-post" is not a way of delivering courses. Choose one of: online, in-person, in-the-workplace.' in text


def test_event_needs_location_or_online(project):
    project.event("nowhere", location=None)
    (problem,) = problems_of(project)
    assert problem == "events/nowhere.yml, line 8: Give a `location` (venue and town) or an `online` link to join."


def test_event_end_before_start(project):
    project.event("backwards", start="2026-12-01T10:00", end="2026-12-01T09:00")
    (problem,) = problems_of(project)
    assert problem == "events/backwards.yml, line 5: `end` must be after `start`."


def test_postcode_and_email_and_booking(project):
    project.event("bad-postcode", location={"venue": "Hall", "town": "Wigan", "postcode": "W1N 1A"},
                  booking="ftp://example.org/")
    project.provider("bad-email", email="not-an-email")
    found = problems_of(project)
    assert 'events/bad-postcode.yml, line 11: location.postcode: "W1N 1A" is not a UK postcode. Write it like WN1 1AA.' in found
    assert any(p.startswith('events/bad-postcode.yml, line 12: booking: "ftp://example.org/" is not an address we accept.') for p in found)
    assert 'providers/bad-email.yml, line 10: email: "not-an-email" is not an email address. Write it like courses@example.org.' in found


def test_too_long_title_and_summary(project):
    project.case_study("long", title="x" * 121, summary="y" * 301)
    found = problems_of(project)
    assert "case_studies/long.md, line 2: title: this is 121 characters long; the most allowed is 120. Shorten it." in found
    assert "case_studies/long.md, line 4: summary: this is 301 characters long; the most allowed is 300. Shorten it." in found


def test_features_must_exist(project):
    project.case_study("real-story")
    project.newsletter("issue-one", features={"case_studies": ["real-stroy"], "events": ["ghost"]})
    found = problems_of(project)
    assert found == [
        'newsletters/issue-one.md, line 8: features.case_studies[1]: there is no published case study "real-stroy" (drafts do not count). Did you mean "real-story"? Use the file name in case_studies/ without its extension.',
        'newsletters/issue-one.md, line 10: features.events[1]: there is no published event "ghost" (drafts do not count). Use the file name in events/ without its extension.',
    ]


def test_duplicate_issue_numbers(project):
    project.newsletter("first", issue=3)
    project.newsletter("second", issue=3)
    (problem,) = problems_of(project)
    assert problem == "newsletters/second.md, line 3: issue: issue number 3 is already used by newsletters/first.md. Each issue needs its own number."


def test_bad_file_names(project):
    project.write("case_studies/My Story.md", "---\ntitle: x\n---\n")
    project.write("events/feed.yml", "title: x\n")
    found = problems_of(project)
    assert 'case_studies/My Story.md: the file name "My Story.md" must be lowercase letters, digits and single hyphens, like my-story.md.' in found
    assert 'events/feed.yml: "feed" is a name the site uses for itself. Choose a more descriptive file name.' in found


def test_unknown_vocabulary_in_provider_lists(project):
    project.provider("lists", regions=["north-west", "londn"], offers=["esol", "esol"])
    found = problems_of(project)
    assert any(p.startswith('providers/lists.yml, line 6: regions[2]: "londn" is not a known region. Did you mean "london"?') for p in found)
    assert 'providers/lists.yml, line 9: offers: The offer "esol" is listed twice.' in found


def test_draft_case_study_hidden_unless_asked(project):
    project.case_study("ready")
    project.case_study("not-yet", draft=True)
    assert [c.slug for c in load_site(project.root).case_studies] == ["ready"]
    assert {c.slug for c in load_site(project.root, include_drafts=True).case_studies} == {"ready", "not-yet"}
