"""A case study sent in with GitHub's issue form, turned into a content file.

Someone who cannot use git fills in the form `.github/ISSUE_TEMPLATE/case-study.yml`;
GitHub posts the answers as the issue's body, one `### Question` heading per
answer. `QUESTIONS` below is the one list of questions: `wla schema` writes the
form from it (with the regions, sectors and themes of `vocabulary.yml` as
choices) and `read_answers` reads a body back with it, so the two always agree.
Answers are tidied at the boundary (Windows line endings, pasted non-breaking
spaces, labels such as "Learning at Work Week" mapped to their values), written
with `scaffold.case_study_text`, the same code as `wla new`, and the file is
checked with the same loading and validation as `wla check`. Problems are
reported against the form's questions, because the person who has to fix them
sees the form, not the file.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from wla_site.cli.scaffold import case_study_text
from wla_site.content.models import SIZES, CaseStudy, Vocabulary, check_url, is_slug, strip_bidi
from wla_site.content.problems import Problems, inert_lines, shown
from wla_site.content.reading import load_markdown_file
from wla_site.content.validation import validate

FORM_PATH = ".github/ISSUE_TEMPLATE/case-study.yml"
LABEL = "case-study"
"""The GitHub label the form gives its issues, which starts the workflow."""

NO_RESPONSE = "_No response_"
"""What GitHub writes in the body for a question left empty."""

SIZE_CHOICES = {
    "micro": "Micro (fewer than 10 staff)",
    "small": "Small (10 to 49 staff)",
    "medium": "Medium (50 to 249 staff)",
    "large": "Large (250 staff or more)",
}
assert tuple(SIZE_CHOICES) == SIZES


@dataclass(frozen=True)
class Question:
    """One question of the form and the case-study field its answer fills."""

    id: str
    label: str
    field: str
    """The contract's field, dotted and without list positions: `organisation.region`."""
    type: str
    """input, textarea, dropdown or checkboxes, as GitHub's issue forms name them."""
    description: str
    required: bool = False
    placeholder: str = ""
    choices: str | None = None
    """Where a dropdown's options come from: a vocabulary list or `sizes`."""
    multiple: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question("title", "Headline", "title", "input",
             "A short headline for your story: up to 120 characters.", True,
             "How our WLA started a lunchtime learning club"),
    Question("summary", "Summary", "summary", "textarea",
             "One or two plain sentences, up to 300 characters. It shows on the list of case studies.", True,
             "A WLA at a small bakery set up a weekly club where colleagues teach each other."),
    Question("organisation", "Organisation name", "organisation.name", "input",
             "The workplace the story is about, as it wants to be known.", True, "Example Bakery Ltd"),
    Question("sector", "Sector", "organisation.sector", "dropdown",
             "What the organisation does.", True, choices="sectors"),
    Question("size", "Size of the organisation", "organisation.size", "dropdown",
             "Optional.", choices="sizes"),
    Question("region", "Region", "organisation.region", "dropdown",
             "Where the workplace is.", True, choices="regions"),
    Question("town", "Town or city", "organisation.town", "input", "Optional.", placeholder="Wigan"),
    Question("website", "Organisation website", "organisation.website", "input",
             "Optional. The full address, starting with https://", placeholder="https://www.example.org/"),
    Question("author", "Your name", "authors.name", "input",
             "As you would like it shown with the story.", True),
    Question("role", "Your role", "authors.role", "input", "Optional.", placeholder="Lead WLA"),
    Question("themes", "Themes", "themes", "dropdown",
             "What the story is about. Choose one or more.", True, choices="themes", multiple=True),
    Question("story", "Your story", "body", "textarea",
             "Tell the story in plain English: what the workplace is like, what the WLA did, "
             "who took part and what changed. Short paragraphs are best. You can start a line "
             "with ## for a subheading, or with - for a list.", True),
    Question("outcomes", "Outcomes", "outcomes", "textarea",
             "Optional. Short, measurable results, one on each line.", placeholder=(
                 "12 colleagues joined a maths course\nThe team now meets every month")),
    Question("quote", "Quote", "quote.text", "textarea",
             "Optional. Something someone said about it, without quotation marks."),
    Question("quote-by", "Who said the quote", "quote.by", "input",
             "A name or a role. Only name someone who has agreed.", placeholder="Production operative"),
    Question("consent", "Consent", "consent", "checkboxes",
             "We only publish stories with the agreement of everyone in them.", True),
)

CONSENT_TEXT = "Everyone named in this story, and the organisation, agreed to it being published."

_BY_FIELD = {q.field: q for q in QUESTIONS}
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
_CHECKBOX = re.compile(r"^\s*[-*]\s*\[([ xX])\]\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2023\u25e6\u2043]|\d+[.)])\s+")
_QUOTES = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = {ord(c): " " for c in "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\t"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class FormProblem:
    """One answer that needs changing, named by the form's question."""

    question: str
    message: str

    def __str__(self) -> str:
        """The problem on one line, whatever the answer it quotes holds."""
        return f"{self.question}: {shown(self.message)}"


@dataclass
class Intake:
    """What a form body became: the values, the file's text, and any problems."""

    values: dict[str, Any]
    slug: str
    text: str = ""
    problems: list[FormProblem] = field(default_factory=list)


# --- reading the body -------------------------------------------------------------------


@dataclass
class FormReading:
    """A body read by the form's own question order."""

    answers: dict[str, str | None]
    """Each question's answer by its id (None for `_No response_`); questions not found are absent."""
    unclear: list[Question] = field(default_factory=list)
    """Questions whose `### heading` is also written inside an answer, where it could be read
    as the start of that question: the body can be read more than one way."""


def read_form(body: str) -> FormReading:
    """The answers in a body, each found only after the one before it, in the form's order.

    GitHub writes every question's `### Label`, in order, whether answered or not,
    but an answer can hold any line, a copy of a later heading too. So each heading
    is looked for only after the previous question's (an earlier question's heading
    in an answer stays part of that answer), and the body is read a second time
    from the end, each heading being the last one before the next question's. Where
    the two readings differ, a heading written in an answer could stand in for
    its question: that is reported, never guessed.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = [(index, _heading_key(line)) for index, line in enumerate(lines)]
    headings = [(index, key) for index, key in headings if key is not None]
    forward: dict[str, int] = {}
    after = -1
    for question in QUESTIONS:
        label = _label_key(question.label)
        found = next((i for i, key in headings if i > after and key == label), None)
        if found is not None:
            forward[question.id] = after = found
    backward: dict[str, int] = {}
    before = len(lines)
    for question in reversed(QUESTIONS):
        label = _label_key(question.label)
        found = next((i for i, key in reversed(headings) if i < before and key == label), None)
        if found is not None:
            backward[question.id] = before = found
    starts = list(forward.items())  # in the form's order, so in the body's order too
    answers: dict[str, str | None] = {}
    for position, (question_id, start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(lines)
        answers[question_id] = _answer(tidy_text("\n".join(lines[start + 1:end])))
    unclear = [q for q in QUESTIONS if forward.get(q.id) != backward.get(q.id)]
    return FormReading(answers, unclear)


def read_answers(body: str) -> dict[str, str | None]:
    """Each question's answer by its id (None for `_No response_`); questions not found are absent."""
    return read_form(body).answers


def _heading_key(line: str) -> str | None:
    heading = _HEADING.match(line)
    return _label_key(heading.group(1)) if heading else None


def _label_key(label: str) -> str:
    return " ".join(tidy_text(label).split()).casefold()


def _answer(text: str) -> str | None:
    text = text.strip("\n").rstrip()
    if not text.strip() or text.strip() == NO_RESPONSE:
        return None
    return text


def tidy_text(text: str) -> str:
    """Text as pasted from anywhere, made plain: Unix line endings, ordinary spaces, no hidden characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x85", "\n")
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_SPACES)
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Text for a one-line field: all runs of spaces and line breaks become one space,
    and bidi controls go (they could make a name or headline display as something else)."""
    return " ".join(strip_bidi(text).split())


def strip_quotation_marks(text: str) -> str:
    """A quote without the quotation marks around it (the page adds its own)."""
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
        inner = text[1:-1].strip()
        if inner and text[0] not in inner:
            return inner
    return text


# --- answers to values ------------------------------------------------------------------


def answers_to_values(
    answers: dict[str, str | None], vocabulary: Vocabulary, today: date
) -> tuple[dict[str, Any], list[FormProblem]]:
    """The case study's values from the form's answers, and the answers that cannot be used."""
    problems: list[FormProblem] = []
    get = answers.get

    def text(question_id: str) -> str | None:
        value = get(question_id)
        return one_line(value) if value else None

    for question in QUESTIONS:
        if question.required and not get(question.id):
            problems.append(FormProblem(question.label, "this question needs an answer."))

    organisation: dict[str, Any] = {"name": text("organisation")}
    for question_id, kind in (("sector", "sectors"), ("size", "sizes"), ("region", "regions")):
        chosen = _choose(get(question_id), _choices(kind, vocabulary), _question(question_id), problems)
        organisation[question_id] = chosen[0] if chosen else None
    organisation["town"] = text("town")
    organisation["website"] = _web_address(text("website"))

    values: dict[str, Any] = {
        "title": text("title"),
        "date": today,
        "summary": text("summary"),
        "organisation": organisation,
        "authors": [{"name": text("author"), "role": text("role")}],
        "themes": _choose(get("themes"), vocabulary.themes, _question("themes"), problems),
        "outcomes": _lines(get("outcomes")),
        "consent": _consent(get("consent")),
        "draft": False,
        "body": get("story") or "",
    }
    quote_text, quote_by = text("quote"), text("quote-by")
    if quote_text or quote_by:
        values["quote"] = {
            "text": strip_quotation_marks(quote_text) if quote_text else None,
            "by": quote_by,
        }
        if not quote_text:
            problems.append(FormProblem(_question("quote").label, "write the quote, or leave \"Who said the quote\" empty."))
        if not quote_by:
            problems.append(FormProblem(_question("quote-by").label, "say who said the quote: a name or a role."))
    return values, problems


def _question(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)


def _choices(kind: str, vocabulary: Vocabulary) -> dict[str, str]:
    return SIZE_CHOICES if kind == "sizes" else getattr(vocabulary, kind)


def _key(text: str) -> str:
    """Labels and values compared loosely: case, hyphens and spacing do not matter."""
    return " ".join(re.sub(r"[-_\u2010-\u2015]", " ", text.casefold()).split())


def _choose(answer: str | None, terms: dict[str, str], question: Question, problems: list[FormProblem]) -> list[str]:
    """Vocabulary values for a dropdown or checkbox answer given as labels (or values)."""
    # GitHub offers "None" in a dropdown that need not be answered.
    if not answer or (_key(answer) == "none" and not question.required):
        return []
    lookup = {_key(label): value for value, label in terms.items()}
    lookup.update({_key(value): value for value in terms})
    if _key(answer) in lookup:
        return [lookup[_key(answer)]]
    pieces: list[str] = []
    for line in answer.split("\n"):
        box = _CHECKBOX.match(line)
        if box:
            if box.group(1) != " ":
                pieces.append(box.group(2))
            continue
        pieces += _BULLET.sub("", line).split(",")
    chosen: list[str] = []
    unknown: list[str] = []
    pending = ""
    for piece in pieces:
        # A label may itself hold a comma ("Information, advice and guidance"): join until one matches.
        for attempt in ((f"{pending},{piece}" if pending else piece), piece):
            value = lookup.get(_key(attempt))
            if value is not None:
                if value not in chosen:
                    chosen.append(value)
                pending = ""
                break
            if any(key.startswith(_key(attempt)) for key in lookup) and _key(attempt):
                pending = attempt
                break
            if attempt is piece or not pending:
                if attempt.strip():
                    unknown.append(attempt.strip())
                pending = ""
                break
            unknown.append(pending.strip())
            pending = ""
    if pending.strip():
        unknown.append(pending.strip())
    if not question.multiple and len(chosen) > 1:
        problems.append(FormProblem(question.label, "choose only one."))
    for item in unknown:
        what = question.label.casefold() if question.choices != "themes" else "theme"
        problems.append(
            FormProblem(question.label, f'"{item}" is not a {what} we know. Choose from: {", ".join(terms.values())}.')
        )
    return chosen if question.multiple else chosen[:1]


def _lines(answer: str | None) -> list[str]:
    """One outcome per line, without the bullets people type or paste."""
    if not answer:
        return []
    return [one_line(_BULLET.sub("", line)) for line in answer.split("\n") if line.strip() and _BULLET.sub("", line).strip()]


def _consent(answer: str | None) -> bool:
    """True only for the form's own box, ticked: its exact text, alone, as GitHub writes it."""
    return answer is not None and answer.strip() in _CONSENT_TICKED


_CONSENT_TICKED = frozenset(f"- [{tick}] {CONSENT_TEXT}" for tick in "xX")


def _web_address(text: str | None) -> str | None:
    """A website as the site will show it: https:// added if left out, as a browser would,
    and a name in other alphabets in the form browsers look up (see `check_url`)."""
    if text and "://" not in text and " " not in text and re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", text):
        text = f"https://{text}"
    if text:
        try:
            return check_url(text)
        except ValueError:
            return text  # the check names the problem against the question
    return text


# --- the file ---------------------------------------------------------------------------


def slug_from_title(title: str | None) -> str:
    """A file name from a headline: lowercase ASCII words joined by hyphens, at most 60 characters."""
    text = unicodedata.normalize("NFKD", title or "")
    text = re.sub(r"['\u2018\u2019\u02bc]", "", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or (words[0][:60] if words else "case-study")


def free_slug(root: Path, slug: str, reserved: Iterable[str] = ()) -> str:
    """`slug`, or `slug-2`, `slug-3`... if a case study of that name exists already."""
    taken = set(reserved)
    candidate, number = slug, 1
    while candidate in taken or (root / "case_studies" / f"{candidate}.md").exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def case_study_from_form(
    body: str, vocabulary: Vocabulary, today: date, slug: str, *, issue: int | None = None
) -> Intake:
    """The file a form body becomes, checked as `wla check` would check it.

    A body that can be read more than one way gives only the questions to
    change: answers read the wrong way would give misleading problems.
    """
    reading = read_form(body)
    values, problems = answers_to_values(reading.answers, vocabulary, today)
    if reading.unclear:
        values["consent"] = False
        return Intake(values, slug, "", [_unclear(question) for question in reading.unclear])
    sent = f" (issue #{issue})" if issue else ""
    header = (
        f"A case study sent in with the issue form{sent}.",
        "Lines starting with # are notes; you can leave them in.",
    )
    intake = Intake(values, slug, case_study_text(values, header=header), problems)
    answered = {p.question for p in problems}
    for problem in check_text(intake.text, slug, vocabulary):
        question = _question_for(problem.field)
        if question not in answered:
            intake.problems.append(FormProblem(question, problem.message))
    return intake


def _unclear(question: Question) -> FormProblem:
    return FormProblem(
        question.label,
        f'the heading "### {question.label}" is also written inside an answer, so it is not clear '
        f"where that answer ends. In your answers, start a subheading with ## (## {question.label}), "
        "or use other words.",
    )


def check_text(text: str, slug: str, vocabulary: Vocabulary) -> Problems:
    """Every problem `wla check` would find in this case-study file."""
    problems = Problems()
    rel = f"case_studies/{slug}.md"
    with tempfile.TemporaryDirectory(prefix="wla-from-issue-") as folder:
        path = Path(folder) / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        source = load_markdown_file(path, rel, problems)
    if source is not None:
        validate(CaseStudy, source, problems, {"vocabulary": vocabulary})
    if not is_slug(slug):
        problems.add(rel, f'"{slug}" cannot be a file name: use lowercase letters, digits and single hyphens.')
    return problems


def _question_for(field_path: str | None) -> str:
    """The question whose answer holds a field (`authors[1].name` -> "Your name")."""
    if not field_path:
        return "The form"
    path = re.sub(r"\[\d+\]", "", field_path)
    while path:
        question = _BY_FIELD.get(path)
        if question is not None:
            return question.label
        path = path.rpartition(".")[0]
    return "The form"


def report(problems: list[FormProblem]) -> str:
    """The plain-English list of answers to change, safe to print in a workflow's log and a comment."""
    noun = "answer needs" if len(problems) == 1 else "answers need"
    lines = [f"{len(problems)} {noun} changing before the case study can be added:", ""]
    lines += [f"- {p}" for p in problems]
    return inert_lines("\n".join(lines))


# --- the form ---------------------------------------------------------------------------


INTRO = """\
Use this form to send a case study to the WLA website. You do not need to know git.
The guide "Contribute a case study" on the website explains every question.

When you submit the form, a check runs. After a few minutes a comment appears below:
either a link to your case study, ready for a maintainer to review, or a list of answers
to change. To change an answer, edit this issue (the ... menu, then Edit) and save.
"""

PHOTO_NOTE = """\
**Photos.** If you have a photo, add it in a comment after you submit this form, with a
sentence saying what it shows (for people who cannot see it). Only send photos you have
permission to use, of people who agreed to appear.
"""


def issue_form(vocabulary: Vocabulary) -> dict[str, Any]:
    """GitHub's issue form for a case study, built from `QUESTIONS` and the vocabulary."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": INTRO}}]
    for question in QUESTIONS:
        attributes: dict[str, Any] = {"label": question.label, "description": question.description}
        if question.type == "dropdown":
            attributes["multiple"] = question.multiple
            attributes["options"] = list(_choices(question.choices or "", vocabulary).values())
        elif question.type == "checkboxes":
            attributes["options"] = [{"label": CONSENT_TEXT, "required": True}]
        elif question.placeholder:
            attributes["placeholder"] = question.placeholder
        element: dict[str, Any] = {"type": question.type, "id": question.id, "attributes": attributes}
        if question.type != "checkboxes":
            element["validations"] = {"required": question.required}
        body.append(element)
        if question.id == "consent":
            body.insert(len(body) - 1, {"type": "markdown", "attributes": {"value": PHOTO_NOTE}})
    return {
        "name": "Case study",
        "description": "Send a story of learning at work for the WLA website.",
        "title": "Case study: ",
        "labels": [LABEL],
        "body": body,
    }


class _FormDumper(yaml.SafeDumper):
    """Writes text with line breaks as `|` blocks, so the form stays readable."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _represent_text)


def issue_form_text(vocabulary: Vocabulary) -> str:
    """The text of `.github/ISSUE_TEMPLATE/case-study.yml`."""
    head = (
        "# Written by `wla schema` from plugins/wla_site/cli/intake.py and vocabulary.yml.\n"
        "# Do not edit by hand: change those and run `wla schema`.\n"
    )
    return head + yaml.dump(
        issue_form(vocabulary), Dumper=_FormDumper, sort_keys=False, allow_unicode=True, width=100
    )
