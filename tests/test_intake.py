"""`wla from-issue`: realistic bodies of the case-study issue form, as GitHub posts them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from wla_site.cli.intake import (
    CONSENT_TEXT,
    FORM_PATH,
    QUESTIONS,
    _choose,
    read_answers,
    slug_from_title,
    strip_quotation_marks,
    tidy_text,
)
from wla_site.cli.main import main
from wla_site.content.problems import Problems
from wla_site.content.site import load_site, load_vocabulary

from tests.conftest import EPOCH, REPO

ANSWERS = {
    "Headline": "Quiz night: how a bakery got learning #1 on the agenda",
    "Summary": "Colleagues at a small bakery ran a quiz every Friday, and eight of them went on to a maths course.",
    "Organisation name": "Example Bakery Ltd",
    "Sector": "Agriculture and food",
    "Size of the organisation": "Small (10 to 49 staff)",
    "Region": "North West",
    "Town or city": "Millom",
    "Organisation website": "https://bakery.example.org/",
    "Your name": "Sam Example",
    "Your role": "Lead WLA",
    "Themes": "Learning at Work Week, Peer learning",
    "Your story": "It started with a quiz.\n\n## What we did\n\n- Quizzes on Fridays\n- A hobby day",
    "Outcomes": "8 colleagues joined a maths course\nThe team now meets every month",
    "Quote": "I never thought I would enjoy learning again.",
    "Who said the quote": "Baker",
    "Consent": f"- [X] {CONSENT_TEXT}",
}


def form_body(answers: dict[str, str | None] | None = None, newline: str = "\n", **changes: str | None) -> str:
    """An issue body exactly as GitHub writes it from the form: `### Label`, blank line, answer."""
    values = {**ANSWERS, **(answers or {})}
    parts = []
    for question in QUESTIONS:
        value = changes.get(question.id, values.get(question.label))
        parts.append(f"### {question.label}\n\n{value if value else '_No response_'}")
    return "\n\n".join(parts).replace("\n", newline)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def run(project, body: str, *args: str) -> int:
    path = project.root / "issue-body.md"
    path.write_bytes(body.encode("utf-8"))
    return main(["--root", str(project.root), "from-issue", "--body-file", str(path), *args])


def only_case_study(project):
    site = load_site(project.root)
    assert len(site.case_studies) == 1
    return site.case_studies[0]


def test_a_complete_form_becomes_a_valid_case_study(project, capsys):
    assert run(project, form_body(), "--issue", "12") == 0
    assert capsys.readouterr().out == "Wrote case_studies/quiz-night-how-a-bakery-got-learning-1-on-the-agenda.md from the form.\n"
    case = only_case_study(project)
    assert case.title == ANSWERS["Headline"]
    assert case.date.isoformat() == "2026-11-24"
    assert case.organisation.model_dump() == {
        "name": "Example Bakery Ltd", "sector": "agriculture-and-food", "size": "small", "region": "north-west",
        "town": "Millom", "website": "https://bakery.example.org/",
    }
    assert [a.model_dump() for a in case.authors] == [{"name": "Sam Example", "role": "Lead WLA"}]
    assert case.themes == ["learning-at-work-week", "peer-learning"]
    assert case.outcomes == ["8 colleagues joined a maths course", "The team now meets every month"]
    assert case.quote is not None and case.quote.by == "Baker"
    assert case.consent is True and case.draft is False
    assert case.body == ANSWERS["Your story"] + "\n"
    text = (project.root / case.source_path).read_text(encoding="utf-8")
    assert text.startswith(
        "---\n# yaml-language-server: $schema=../schemas/case-study.schema.json\n"
        "# A case study sent in with the issue form (issue #12).\n"
    )
    assert "# one of the regions in vocabulary.yml" in text  # the same notes as `wla new`


def test_the_file_passes_wla_check(project, capsys):
    assert run(project, form_body()) == 0
    assert main(["--root", str(project.root), "check"]) == 0
    assert "All content is fine: 1 case study" in capsys.readouterr().out


def test_windows_line_endings_emoji_and_word_punctuation(project, capsys):
    body = form_body(
        newline="\r\n",
        title="“Learning Fridays” – the bakery’s quiz 🎉",
        summary="Colleagues ran a quiz\u00a0every Friday\u200b — and it worked…",
        author="Siân O’Example",
        quote="“I never thought I’d enjoy learning again.”",
        story="It started with a quiz 🧁.\n\nPeople said it was “brilliant”.",
    )
    assert run(project, body) == 0
    assert "Wrote case_studies/learning-fridays-the-bakerys-quiz.md" in capsys.readouterr().out
    case = only_case_study(project)
    assert case.title == "“Learning Fridays” – the bakery’s quiz 🎉"
    assert case.summary == "Colleagues ran a quiz every Friday — and it worked…"
    assert case.authors[0].name == "Siân O’Example"
    assert case.quote is not None and case.quote.text == "I never thought I’d enjoy learning again."
    assert case.body == "It started with a quiz 🧁.\n\nPeople said it was “brilliant”.\n"
    raw = (project.root / case.source_path).read_bytes()
    assert b"\r" not in raw


@pytest.mark.parametrize("title", [
    "Learning: it works",
    "#1 for learning",
    "- a list? no, a title",
    "Yes",
    "2026",
    "'Quoted' at the start",
    '"Double" at the start',
    "Ends with a colon:",
    "Café & co. | 50% more learners {really} [sic] *star* !important @home `code`",
])
def test_titles_that_need_quoting_in_yaml(project, title):
    assert run(project, form_body(title=title)) == 0
    assert only_case_study(project).title == title


def test_missing_answers_are_named_by_question_and_nothing_is_written(project, capsys):
    body = form_body(sector=None, themes=None, story=None, author="   ")
    assert run(project, body) == 1
    out = capsys.readouterr()
    assert out.out == (
        "4 answers need changing before the case study can be added:\n\n"
        "- Sector: this question needs an answer.\n"
        "- Your name: this question needs an answer.\n"
        "- Themes: this question needs an answer.\n"
        "- Your story: this question needs an answer.\n"
    )
    assert out.err == "Nothing was written.\n"
    assert not any((project.root / "case_studies").iterdir())


def test_answers_the_model_rejects_are_named_by_question(project, capsys):
    body = form_body(title="A" * 130, website="not a website", quote="Lovely.", **{"quote-by": None})
    assert run(project, body) == 1
    out = capsys.readouterr().out
    assert "- Headline: this is 130 characters long; the most allowed is 120. Shorten it.\n" in out
    assert '- Organisation website: "not a website" is not a web address: it contains spaces.' in out
    assert "- Who said the quote: say who said the quote: a name or a role.\n" in out


def test_consent_not_ticked(project, capsys):
    assert run(project, form_body(consent=f"- [ ] {CONSENT_TEXT}")) == 1
    assert "- Consent: must be true: confirm that everyone named in the story agreed to publication." in capsys.readouterr().out


def test_themes_and_choices_as_labels_values_or_lists(project):
    body = form_body(
        themes="- [x] learning at work week\n- [ ] Leadership\n* Peer-Learning\nwellbeing",
        sector="agriculture-and-food",
        region="north west",
        website="www.bakery.example.org",
    )
    assert run(project, body) == 0
    case = only_case_study(project)
    assert case.themes == ["learning-at-work-week", "peer-learning", "wellbeing"]
    assert case.organisation.region == "north-west"
    assert case.organisation.website == "https://www.bakery.example.org"


def test_unknown_choices_list_the_labels_to_choose_from(project, capsys):
    assert run(project, form_body(themes="Learning at Work Week, Baking", region="Middle Earth")) == 1
    out = capsys.readouterr().out
    assert '- Region: "Middle Earth" is not a region we know. Choose from: North East, North West,' in out
    assert '- Themes: "Baking" is not a theme we know. Choose from: Learning at Work Week, Adult Learners Week,' in out


def test_labels_holding_commas_are_kept_whole():
    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    question = next(q for q in QUESTIONS if q.id == "themes")
    found: list = []
    chosen = _choose("Digital skills, Information, advice and guidance, ESOL (English for speakers of other languages)",
                     vocabulary.offers, question, found)
    assert chosen == ["digital-skills", "information-advice-and-guidance", "esol"]
    assert found == []
    assert _choose("Information, Digital skills", vocabulary.offers, question, found) == ["digital-skills"]
    assert [p.message.split(" is")[0] for p in found] == ['"Information"']


def test_a_heading_inside_the_story_stays_in_the_story():
    body = form_body(story="Intro.\n\n### Headline\n\nStill the story.\n\n### What changed\n\nA lot.")
    answers = read_answers(body)
    assert answers["title"] == ANSWERS["Headline"]
    assert answers["story"] == "Intro.\n\n### Headline\n\nStill the story.\n\n### What changed\n\nA lot."


def test_a_file_name_that_is_taken_gets_a_number(project, capsys):
    project.case_study("quiz-night-how-a-bakery-got-learning-1-on-the-agenda")
    assert run(project, form_body()) == 0
    assert "case_studies/quiz-night-how-a-bakery-got-learning-1-on-the-agenda-2.md" in capsys.readouterr().out


def test_slug_option(project, capsys):
    assert run(project, form_body(), "--slug", "bakery-quiz") == 0
    assert (project.root / "case_studies/bakery-quiz.md").is_file()
    assert run(project, form_body(), "--slug", "bakery-quiz") == 1
    assert run(project, form_body(), "--slug", "Bakery Quiz") == 1
    err = capsys.readouterr().err
    assert "case_studies/bakery-quiz.md already exists." in err
    assert '"Bakery Quiz" cannot be a file name' in err


def test_not_a_form(project, capsys):
    assert run(project, "Hello, I would like to add a story about our bakery.") == 1
    assert capsys.readouterr().out.startswith("This is not the case-study form: none of its questions")


def test_body_from_standard_input(project, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(form_body().encode())))
    assert main(["--root", str(project.root), "from-issue", "--body-file", "-"]) == 0


@pytest.mark.parametrize(("title", "slug"), [
    ("Quiz night: how a bakery got learning #1", "quiz-night-how-a-bakery-got-learning-1"),
    ("Siân’s café – “Learning Fridays”", "sians-cafe-learning-fridays"),
    ("🎉🎉🎉", "case-study"),
    ("A very long headline " * 6, "a-very-long-headline-a-very-long-headline-a-very-long"),
])
def test_slug_from_title(title, slug):
    assert slug_from_title(title) == slug
    assert len(slug) <= 60


def test_tidy_text_and_quotation_marks():
    assert tidy_text("a\r\nb\rc\u2028d\u00a0e\u00adf\u200bg\x07") == "a\nb\nc\nd ef" + "g"
    assert strip_quotation_marks("“Yes,” she said, “really.”") == "“Yes,” she said, “really.”"
    assert strip_quotation_marks("‘Brilliant’") == "Brilliant"
    assert strip_quotation_marks('"Brilliant"') == "Brilliant"


def test_the_committed_form_asks_every_question_the_parser_reads():
    """Simulate GitHub: answer the committed form's questions, then read the body back."""
    form = yaml.safe_load((REPO / FORM_PATH).read_text(encoding="utf-8"))
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert labels == [q.label for q in QUESTIONS]
    assert form["labels"] == ["case-study"]
    ids = [e.get("id") for e in form["body"] if e["type"] != "markdown"]
    assert len(ids) == len(set(ids)) and all(ids)
    for element in form["body"]:
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options)) and "None" not in options
    consent = next(e for e in form["body"] if e["type"] == "checkboxes")
    assert consent["attributes"]["options"] == [{"label": CONSENT_TEXT, "required": True}]
    answers = read_answers(form_body())
    assert set(answers) == {q.id for q in QUESTIONS}


def test_the_form_dropdowns_offer_the_vocabulary_labels():
    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    form = yaml.safe_load((REPO / FORM_PATH).read_text(encoding="utf-8"))
    options = {e["id"]: e["attributes"].get("options") for e in form["body"] if e["type"] == "dropdown"}
    assert options["sector"] == list(vocabulary.sectors.values())
    assert options["region"] == list(vocabulary.regions.values())
    assert options["themes"] == list(vocabulary.themes.values())
    themes = next(e for e in form["body"] if e.get("id") == "themes")
    assert themes["attributes"]["multiple"] is True
    assert themes["validations"]["required"] is True


def test_every_form_answer_round_trips_through_the_file(project):
    """Each dropdown option, chosen alone, lands in the file as its vocabulary value."""
    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    for value, label in vocabulary.themes.items():
        path = project.root / "case_studies"
        assert run(project, form_body(themes=label), "--slug", f"t-{value}") == 0
        assert f"  - {value}\n" in (path / f"t-{value}.md").read_text(encoding="utf-8")
    assert len(load_site(project.root).case_studies) == len(vocabulary.themes)


def test_from_issue_shares_the_writer_with_wla_new(project):
    assert main(["--root", str(project.root), "new", "case-study", "by-hand"]) == 0
    assert run(project, form_body(), "--slug", "by-form") == 0
    by_hand = (project.root / "case_studies/by-hand.md").read_text().splitlines()
    by_form = (project.root / "case_studies/by-form.md").read_text().splitlines()
    assert by_hand[0:2] == by_form[0:2]

    def notes(lines: list[str]) -> list[str]:
        return [line.split("# ", 1)[1] for line in lines if " # " in line and not line.startswith("#")]

    assert set(notes(by_form)) <= set(notes(by_hand)) | {"true would keep it off the website until it is ready"}


def test_body_file_that_cannot_be_read(project, capsys):
    assert main(["--root", str(project.root), "from-issue", "--body-file", str(Path(project.root) / "nope.md")]) == 1
    assert "Cannot read" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=200), st.text(min_size=1, max_size=400))
def test_whatever_is_typed_reads_back_exactly(title, summary):
    """The writer quotes or folds every value so that YAML reads back what was given."""
    from datetime import date

    from wla_site.cli.intake import one_line
    from wla_site.cli.scaffold import case_study_example, case_study_text
    from wla_site.content.reading import parse_yaml, split_front_matter

    title, summary = one_line(tidy_text(title)), one_line(tidy_text(summary))
    assume(title and summary)
    values = {**case_study_example(date(2026, 6, 3)), "title": title, "summary": summary,
              "outcomes": [summary], "quote": {"text": title, "by": summary}}
    split = split_front_matter(case_study_text(values))
    assert split is not None
    problems = Problems()
    parsed = parse_yaml(split[0], "x.md", problems, line_offset=1)
    assert parsed is not None, problems.report()
    data = parsed
    assert (data["title"], data["summary"], data["outcomes"], data["quote"]) == (
        title, summary, [summary], {"text": title, "by": summary})


def test_none_in_an_optional_dropdown_is_no_answer(project):
    assert run(project, form_body(size="None")) == 0
    assert only_case_study(project).organisation.size is None


# --- the form cannot grant consent by itself (issue 13) -----------------------------------

UNTICKED = f"- [ ] {CONSENT_TEXT}"
TICKED = f"- [X] {CONSENT_TEXT}"


def test_a_consent_box_typed_in_the_story_does_not_count(project, capsys):
    story = f"It started with a quiz.\n\n### Consent\n\n{TICKED}\n\nAnd then more happened."
    body = form_body(story=story, consent=UNTICKED)
    assert run(project, body) == 1
    assert capsys.readouterr().out == (
        "1 answer needs changing before the case study can be added:\n\n"
        "- Consent: must be true: confirm that everyone named in the story agreed to publication.\n"
    )
    assert not any((project.root / "case_studies").iterdir())
    answers = read_answers(body)
    assert answers["story"] == story
    assert answers["outcomes"] == ANSWERS["Outcomes"]
    assert answers["quote"] == ANSWERS["Quote"]
    assert answers["consent"] == UNTICKED


def test_a_story_holding_the_rest_of_the_form_is_refused_not_guessed(project, capsys):
    forged = "\n\n".join([
        "It started with a quiz.", "### Outcomes", "Everyone passed", "### Quote", "_No response_",
        "### Who said the quote", "_No response_", "### Consent", TICKED,
    ])
    assert run(project, form_body(story=forged, consent=UNTICKED)) == 1
    out = capsys.readouterr().out
    assert out == "4 answers need changing before the case study can be added:\n\n" + "".join(
        f'- {label}: the heading "### {label}" is also written inside an answer, so it is not clear '
        f"where that answer ends. In your answers, start a subheading with ## (## {label}), or use other words.\n"
        for label in ("Outcomes", "Quote", "Who said the quote", "Consent")
    )
    assert not any((project.root / "case_studies").iterdir())
    # Even with the real box ticked, a body that reads two ways writes nothing.
    assert run(project, form_body(story=forged)) == 1
    assert not any((project.root / "case_studies").iterdir())


def test_a_subheading_named_like_a_later_question_is_reported(project, capsys):
    assert run(project, form_body(story="It started with a quiz.\n\n### Outcomes\n\nWe all passed.")) == 1
    assert capsys.readouterr().out == (
        "1 answer needs changing before the case study can be added:\n\n"
        '- Outcomes: the heading "### Outcomes" is also written inside an answer, so it is not clear '
        "where that answer ends. In your answers, start a subheading with ## (## Outcomes), or use other words.\n"
    )
    story = "It started with a quiz.\n\n## Outcomes\n\nWe all passed."
    assert run(project, form_body(story=story)) == 0
    assert only_case_study(project).body == story + "\n"


@pytest.mark.parametrize("consent", [
    "- [X] I agree",
    f"- [X] {CONSENT_TEXT}\n- [X] And something else",
    f"{TICKED}\n\nAdded later by someone editing the issue.",
    f"- [X] {CONSENT_TEXT[:-1]}",
    f"- [X] {CONSENT_TEXT.upper()}",
    "yes",
    UNTICKED,
])
def test_only_the_forms_own_box_ticked_is_consent(project, capsys, consent):
    assert run(project, form_body(consent=consent)) == 1
    assert "- Consent: must be true: confirm that everyone named in the story agreed" in capsys.readouterr().out
    assert not any((project.root / "case_studies").iterdir())


def test_the_form_itself_never_ticks_consent():
    form = yaml.safe_load((REPO / FORM_PATH).read_text(encoding="utf-8"))
    boxes = [e for e in form["body"] if e["type"] == "checkboxes"]
    assert [b["id"] for b in boxes] == ["consent"]
    # GitHub's checkboxes have a label and `required` only: nothing that could start them ticked.
    assert [set(option) for option in boxes[0]["attributes"]["options"]] == [{"label", "required"}]
    assert form["body"][-1] is boxes[0]  # the last question, so no answer can follow the box


_LABELS = [q.label for q in QUESTIONS]
_TEXTAREAS = [q.label for q in QUESTIONS if q.type == "textarea"]
_INJECTED = st.sampled_from(
    [f"### {label}" for label in _LABELS]
    + [f"###   {label.upper()}  ###" for label in _LABELS]
    + [TICKED, f"- [x] {CONSENT_TEXT}", f"* [X] {CONSENT_TEXT}", UNTICKED, "_No response_", "", "\r", "\u2028"]
)
_ANSWER_TEXT = st.lists(st.one_of(_INJECTED, st.text(max_size=30)), max_size=8).map("\n\n".join)


@settings(max_examples=200, deadline=None)
@given(
    textareas=st.fixed_dictionaries({label: _ANSWER_TEXT for label in _TEXTAREAS}),
    title=st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
    ticked=st.booleans(),
)
def test_no_answer_can_tick_the_consent_box(textareas, title, ticked):
    """Whatever the answers hold (copies of the form's headings, ticked boxes...), the file
    says `consent: true` only when the form's own box is ticked."""
    from datetime import date

    from wla_site.cli.intake import case_study_from_form, read_form

    vocabulary = load_vocabulary(REPO, Problems())
    assert vocabulary is not None
    body = form_body({**textareas, "Headline": title or "x"}, consent=TICKED if ticked else UNTICKED)
    result = case_study_from_form(body, vocabulary, date(2026, 11, 24), "story")
    assert result.values["consent"] is False or ticked
    if not ticked:
        assert result.problems
        assert "consent: true" not in result.text
    reading = read_form(body)
    if reading.unclear:  # a body that reads two ways writes nothing
        assert result.text == "" and result.values["consent"] is False and result.problems
    else:  # otherwise the consent answer is the real box, whatever the answers hold
        assert reading.answers["consent"] == (TICKED if ticked else UNTICKED)


_OTHER_LINES = st.sampled_from(
    ["### What changed", "## Outcomes", "#### Consent", "### Consent and more", TICKED, UNTICKED, "_No response_",
     "", "\r", "\u2028", "\u00a0", "\x85"]
)
_PLAIN_ANSWER = st.lists(st.one_of(_OTHER_LINES, st.text(max_size=30)), max_size=8).map("\n\n".join)


@settings(max_examples=100, deadline=None)
@given(textareas=st.fixed_dictionaries({label: _PLAIN_ANSWER for label in _TEXTAREAS}))
def test_answers_without_the_forms_headings_read_back_exactly(textareas):
    """When no answer holds a line that is one of the form's headings, every answer reads back."""
    from wla_site.cli.intake import read_form

    headings = {" ".join(label.split()).casefold() for label in _LABELS}
    for text in textareas.values():
        for line in text.replace("\r", "\n").split("\n"):
            stripped = line.strip().removeprefix("###").strip(" #")
            assume(not (line.startswith("###") and " ".join(tidy_text(stripped).split()).casefold() in headings))
    body = form_body(textareas)
    reading = read_form(body)
    assert reading.unclear == []
    for label, text in textareas.items():
        question = next(q for q in QUESTIONS if q.label == label)
        expected = tidy_text(text).strip("\n").rstrip()
        assert reading.answers[question.id] == (expected if expected.strip() and expected.strip() != "_No response_"
                                                else None)


def test_a_look_alike_website_and_bidi_controls_are_written_as_they_really_are(project):
    body = form_body(website="g\u043ev.uk/contact", author="Sam \u202eelpmaxE\u202c", town="\u2066Wigan\u2069",
                     title="Quiz \u202enight")
    assert run(project, body) == 0
    case = only_case_study(project)
    text = (project.root / case.source_path).read_text(encoding="utf-8")
    assert "website: https://xn--gv-fmc.uk/contact" in text
    assert not any(char in text for char in "\u043e\u202e\u202c\u2066\u2069")
    assert (case.authors[0].name, case.organisation.town, case.title) == ("Sam elpmaxE", "Wigan", "Quiz night")


def test_a_website_hiding_its_site_is_named_by_question(project, capsys):
    assert run(project, form_body(website="https://www.gov.uk@evil.example/")) == 1
    assert capsys.readouterr().out == (
        "1 answer needs changing before the case study can be added:\n\n"
        '- Organisation website: "https://www.gov.uk@evil.example/" goes to evil.example: the part before the @ '
        "only hides that. Write the address without it, like https://evil.example/.\n"
    )


def test_the_comment_cannot_hold_a_workflow_command(project, capsys):
    body = form_body(region="Middle\u2028::add-mask::x", themes="##[error]Fake\x1b[2J")
    assert run(project, body) == 1
    out = capsys.readouterr().out
    assert '- Region: "::add-mask::x" is not a region we know.' in out
    assert '- Themes: "##\\[error]Fake[2J" is not a theme we know.' in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::") or "##[" in line]
