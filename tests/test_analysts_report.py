"""The report section "Where analysts disagree": there exactly when the case has ratings/,
with each analyst's ranking, the pool, and the contested items with each analyst's codes."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pypdf

import ach
from ach.analysis import analyse
from ach.case import Case
from ach.reports.analysts import SECTION_TITLE
from ach.reports.document import ReportDocument, build_document
from ach.reports.html import render_html
from ach.reports.markdown import render_markdown
from ach.reports.pdf import render_pdf

from tests.conftest import CaseMaker
from tests.test_analysts_compare import flip_case


def document(folder: Path) -> tuple[Case, ReportDocument]:
    case = ach.load_case(folder)
    return case, build_document(case, ach.rank(case), analyse(case))


def test_a_case_without_ratings_has_no_such_section(make_case: CaseMaker) -> None:
    folder = flip_case(make_case)
    (folder / "ratings" / "mary.yaml").unlink()
    _, doc = document(folder)
    assert doc.analysts is None
    assert SECTION_TITLE not in render_markdown(doc)


def test_the_markdown_section_shows_rankings_pool_and_contested_codes(
    make_case: CaseMaker,
) -> None:
    _, doc = document(flip_case(make_case))
    text = render_markdown(doc)
    section = text[text.index(f"## {SECTION_TITLE}") : text.index("## Sources")]
    assert "| hypothesis | case | mary | pool |" in section
    assert "Krippendorff's alpha" in section
    table = section[section.index("| item | spread | analyst |") :].splitlines()
    # X, the item that flips the leader, first; then each analyst's reading of it and of Y
    assert table[2].startswith("| X | 0.41 | case | a 0.5, b 0.5 | ")
    assert table[3].startswith("|  |  | mary | a 0.4, b 0.6 | ")
    assert table[3].endswith(", b leads |")
    assert table[4].startswith("| Y | 0.69 | case | a I, b II | ")
    assert table[5].startswith("|  |  | mary | a CC, b CC | ")


def test_the_html_and_pdf_carry_the_section_too(make_case: CaseMaker) -> None:
    _, doc = document(flip_case(make_case))
    assert f"<h2>{SECTION_TITLE}</h2>" in render_html(doc)
    pdf = render_pdf(doc, timestamp=datetime(2026, 1, 2, tzinfo=UTC))
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    assert SECTION_TITLE in text
    assert "a 0.4, b 0.6" in text
