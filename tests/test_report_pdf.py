"""The PDF report: complete, literal, reproducible, with a bibliography that respects languages."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.analysis import analyse
from ach.cli import app
from ach.reports.document import build_document
from ach.reports.pdf import render_pdf

from tests.conftest import CaseMaker, item, source

pypdf = pytest.importorskip("pypdf")
runner = CliRunner()
MARKUP = "Quote with #hash [brackets] $math$ *stars* _under_ @label <angle> `tick` and \\ backslash"
GEORGIAN = "შალვა ელიავა"
CYRILLIC = "Шалва Элиава"
TURKISH = "Kurtuluş Savaşında Türk-Sovyet İlişkileri"
BIB = """@book{yerasimos2000,
  author = {Yerasimos, Stefanos},
  title = {Kurtuluş Savaşında Türk-Sovyet İlişkileri ve Bolşevikler},
  year = {2000},
  address = {İstanbul},
  langid = {turkish},
}
@book{english1999,
  author = {Smith, John},
  title = {the secret diplomacy of nineteen nineteen},
  year = {1999},
  langid = {english},
}
"""
STAMP = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def pdf_case(make_case: CaseMaker) -> Path:
    folder = make_case(
        hypotheses=[
            {"id": "eliava", "label": f"Shalva Eliava ({GEORGIAN})"},
            {"id": "mdivani", "label": f"Budu Mdivani ({CYRILLIC})"},
            {"id": "other", "label": "Someone else", "catch_all": True},
        ],
        sources=[
            source("yerasimos", "B", bib="yerasimos2000"),
            source("smith", "D", bib="english1999"),
        ],
        evidence=[
            item("E07", "yerasimos", {"eliava": "CC", "mdivani": "I"}, quote=MARKUP),
            item("E08", "smith", {"mdivani": "C"}, quote=f"{TURKISH}; {CYRILLIC}; {GEORGIAN}"),
            item("E09", "smith", {"mdivani": "C"}, repeats="E08"),
        ],
    )
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    return folder


def pdf_bytes(folder: Path) -> bytes:
    case = ach.load_case(folder)
    return render_pdf(build_document(case, ach.rank(case), analyse(case)), case, timestamp=STAMP)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def rendered(pdf_case: Path) -> tuple[bytes, str]:
    pdf = pdf_bytes(pdf_case)
    return pdf, text_of(pdf)


def test_the_pdf_names_every_hypothesis_item_and_source(rendered: tuple[bytes, str]) -> None:
    pdf, text = rendered
    assert pdf.startswith(b"%PDF")
    for label in (f"Shalva Eliava ({GEORGIAN})", f"Budu Mdivani ({CYRILLIC})", "Someone else"):
        assert label in text
    for item_id in ("E07", "E08", "E09"):
        assert item_id in text
    assert "source: yerasimos" in text and "source: smith" in text


def test_markup_characters_and_scripts_print_literally(rendered: tuple[bytes, str]) -> None:
    _, text = rendered
    assert MARKUP in text
    assert f"{TURKISH}; {CYRILLIC}; {GEORGIAN}" in text


def test_the_bibliography_keeps_turkish_titles_as_written_and_title_cases_english(
    rendered: tuple[bytes, str],
) -> None:
    _, text = rendered
    assert (
        "Kurtuluş Savaşında Türk-Sovyet İlişkileri ve Bolşevikler" in text
    )  # "ve" stays lower case
    assert "The Secret Diplomacy of Nineteen Nineteen" in text  # Chicago title case for English


def test_a_fixed_timestamp_gives_identical_bytes(pdf_case: Path) -> None:
    assert pdf_bytes(pdf_case) == pdf_bytes(pdf_case)


def test_report_writes_a_pdf_by_default(
    pdf_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["report", str(pdf_case), "--timestamp", "2026-01-02T03:04:05"])
    assert result.exit_code == 0, result.output
    written = work / f"{pdf_case.name}-report.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert len(pypdf.PdfReader(written).pages) >= 5


def test_a_case_with_no_sources_and_no_evidence_still_gets_every_report(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = make_case()
    for fmt in ("pdf", "md", "html"):
        result = runner.invoke(
            app, ["report", str(folder), "-f", fmt, "-o", str(tmp_path / f"empty.{fmt}")]
        )
        assert result.exit_code == 0, result.output
    assert "Hypothesis one" in text_of((tmp_path / "empty.pdf").read_bytes())
    assert runner.invoke(app, ["sensitivity", str(folder)]).exit_code == 0
