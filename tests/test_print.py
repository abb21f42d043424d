"""A case study prints on one A4 page for an employer meeting.

Each sample case study is printed to PDF by Chromium (as "Save as PDF" does),
in both colour schemes; the PDF must be one A4 page holding the title, the
organisation's facts, the outcomes, the quote and the page's address, and
nothing that only works on a screen (header, menu, search, footer links).
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pytest

from tests.browser import launch, playwright_or_skip, serve
from tests.conftest import SITE_URL

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)
SCREEN_ONLY = ["Skip to content", "Search", "Become a WLA", "Share your story", "Events calendar",
               "Accessibility", "Related case studies", "All case studies", "Switch to"]


def pdf_text(pdf: bytes) -> tuple[int, list[tuple[float, float]], str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    # NFKC undoes the ligatures the PDF's fonts use (ﬁ, ﬀ).
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", text)  # a word broken at its hyphen at the end of a line
    return len(reader.pages), sizes, " ".join(text.split())


@pytest.fixture(scope="module")
def printer() -> Any:
    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_sample_case_study_prints_on_one_a4_page(sample_site, printer, scheme):
    from wla_site.content.site import load_site

    site = load_site(sample_site.root)
    assert len(site.case_studies) >= 5
    problems = []
    with serve(sample_site.site_dir) as origin:
        context = printer.new_context(color_scheme=scheme)
        for case in site.case_studies:
            page = context.new_page()
            page.goto(f"{origin}case-studies/{case.slug}/", wait_until="load")
            pages, sizes, text = pdf_text(page.pdf(format="A4"))
            page.close()
            address = f"{SITE_URL}case-studies/{case.slug}/"
            if pages != 1:
                problems.append(f"{case.slug}: {pages} pages")
            if any(abs(w - A4_POINTS[0]) > 1 or abs(h - A4_POINTS[1]) > 1 for w, h in sizes):
                problems.append(f"{case.slug}: pages of {sizes} points, not A4")
            expected = [case.title, f"About {case.organisation.name}", case.summary, *case.outcomes]
            if case.quote:
                expected += [case.quote.text, case.quote.by]
            missing = [t for t in expected if re.sub(r"(\w)-\s+(\w)", r"\1-\2", " ".join(t.split())) not in text]
            if address not in re.sub(r"\s+", "", text):
                missing.append(address)
            if missing:
                problems.append(f"{case.slug}: the PDF lacks {missing}")
            shown = [t for t in SCREEN_ONLY if t in text]
            if shown:
                problems.append(f"{case.slug}: the PDF shows screen-only parts {shown}")
        context.close()
    assert not problems, "\n".join(problems)
