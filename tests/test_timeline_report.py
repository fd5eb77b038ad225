"""The reports' "How the answer grew": the timeline in Markdown, HTML and PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ach
from ach.analysis import analyse
from ach.reports.document import ReportDocument, build_document
from ach.reports.timeline import growth_chart

from tests.conftest import CaseMaker, item, source
from tests.years_cases import closed_form, write_literature

STAMP = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
E1, E2, E3 = (0.8, [0.8, 0.2]), (0.9 * 0.5, [0.1, 0.9]), (0.5, [0.3, 0.6])
E4, E5 = (0.6, [0.9, 0.3]), (0.7, [0.4, 0.5])
SENTENCE = (
    "Alpha, the present leader, first led in 1950, with 2 items counted; others led after "
    "that, and it has led again since 2005."
)


@pytest.fixture
def document(make_case: CaseMaker) -> tuple[ach.Case, ReportDocument]:
    case = ach.load_case(write_literature(make_case))
    return case, build_document(case, ach.rank(case), analyse(case))


def test_markdown_shows_the_sentence_the_big_moves_and_the_table_after_the_rationale(
    document: tuple[ach.Case, ReportDocument],
) -> None:
    from ach.reports.markdown import render_markdown

    text = render_markdown(document[1])
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    at = sections.index("## How the answer grew")
    assert sections[at - 1 : at + 2] == [
        "## Rationale",
        "## How the answer grew",
        "## Evidence against hypotheses",
    ]
    assert SENTENCE in text
    # columns in the present ranking's order (Alpha leads now); numbers by hand
    a, b = closed_form([E1, E5])
    assert f"| 1950 | 2 | Alpha | {a:.3f} | {b:.3f} |" in text
    a, b = closed_form([E1, E2, E3, E5])
    assert f"| 1967 | 4 | Beta | {a:.3f} | {b:.3f} |" in text
    a, b = closed_form([E1, E2, E3, E4, E5])
    assert f"| 2005 | 5 | Alpha | {a:.3f} | {b:.3f} |" in text
    assert "- 1967: memoir-1967, letter-1919\n- 2005: book-2005\n" in text
    moved = abs(closed_form([E1, E2, E3, E5])[0] - closed_form([E1, E5])[0])
    assert (
        f"- 1967: the answer moved by {moved:.2f} (total variation) as memoir-1967, "
        "letter-1919 entered"
    ) in text


def test_html_draws_the_chart_inline_without_scripts(
    document: tuple[ach.Case, ReportDocument],
) -> None:
    from ach.reports.html import render_html

    text = render_html(document[1])
    section = text[text.index("<h2>How the answer grew</h2>") : text.index("<h2>Evidence")]
    assert "<svg" in section and "</svg>" in section
    assert SENTENCE in section
    assert "<script" not in text.lower()


def test_the_pdf_has_the_section_with_its_chart_in_the_markdown_order(
    document: tuple[ach.Case, ReportDocument],
) -> None:
    pypdf = pytest.importorskip("pypdf")
    from ach.reports.markdown import render_markdown
    from ach.reports.pdf import render_pdf

    _, doc = document
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc, timestamp=STAMP)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    sections = [
        line.removeprefix("## ").replace("'", "’")  # Typst sets typographic apostrophes
        for line in render_markdown(doc).splitlines()
        if line.startswith("## ")
    ]
    body = text[text.index("1. Ranking", text.index("1. Ranking") + 1) :]  # past the contents
    at = 0
    for number, title in enumerate(sections, start=1):
        at = body.index(f"{number}. {title}", at)
    assert "first led in 1950, with 2 items counted" in body
    assert "memoir-1967, letter-1919" in body


def test_the_chart_is_deterministic_svg_and_marks_the_big_moves(
    document: tuple[ach.Case, ReportDocument],
) -> None:
    growth = document[1].growth
    assert growth is not None
    svg = growth_chart(growth)
    assert svg.startswith("<?xml") and "<dc:date>" not in svg
    assert growth_chart(growth) == svg
    assert [m.year for m in growth.marks] == [1950, 1967, 2005]


def test_a_case_whose_sources_have_no_year_has_no_such_section(make_case: CaseMaker) -> None:
    from ach.reports.markdown import render_markdown

    case = ach.load_case(
        make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C", "h2": "I"})])
    )
    doc = build_document(case, ach.rank(case), analyse(case))
    assert doc.growth is None
    assert "How the answer grew" not in render_markdown(doc)


def test_report_from_the_command_line_carries_the_section(
    document: tuple[ach.Case, ReportDocument], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from ach.cli import app

    case = document[0]
    target = tmp_path / "out.md"
    result = CliRunner().invoke(app, ["report", str(case.root), "-f", "md", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert SENTENCE in target.read_text(encoding="utf-8")
