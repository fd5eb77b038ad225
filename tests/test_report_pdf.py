"""The PDF report: complete, literal, reproducible, with a bibliography that respects languages."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.analysis import analyse
from ach.cli import app
from ach.errors import RefusedOperation
from ach.reports.document import build_document
from ach.reports.pdf import font_dir, render_pdf, write_pdf

from tests.conftest import CaseMaker, item, source

pypdf = pytest.importorskip("pypdf")
runner = CliRunner()
MARKUP = (
    "Quote with #hash [brackets] $math$ *stars* _under_ @label <angle> `tick` and \\ backslash, "
    "'single' \"double\" -- dashes"  # markup would make these curly quotes and an en dash
)
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
@book{tarasov2009,
  author = {Tarasov, Stanislav},
  title = {Как Владимир Ленин и Мустафа Кемаль советизировали Закавказье},
  year = {2009},
  language = {russian},
}
@book{untagged2001,
  author = {Perinçek, Mehmet},
  title = {Atatürk ve Sovyetler: bir deneme},
  year = {2001},
}
@book{uncited1950,
  author = {Nobody, Nemo},
  title = {A Book No Source Cites},
  year = {1950},
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
            source("tarasov", "C", bib="tarasov2009"),
            source("perincek", "C", bib="untagged2001"),
        ],
        evidence=[
            item("E07", "yerasimos", {"eliava": "CC", "mdivani": "I"}, quote=MARKUP),
            item("E08", "smith", {"mdivani": "C"}, quote=f"{TURKISH}; {CYRILLIC}; {GEORGIAN}"),
            item("E09", "smith", {"mdivani": "C"}, repeats="E08"),
            item("E10", "tarasov", {"other": "C"}),
            item("E11", "perincek", {"mdivani": "C"}),
        ],
    )
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    return folder


def pdf_bytes(folder: Path) -> bytes:
    case = ach.load_case(folder)
    return render_pdf(build_document(case, ach.rank(case), analyse(case)), timestamp=STAMP)


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
    for item_id in ("E07", "E08", "E09", "E10", "E11"):
        assert item_id in text
    for source_id in ("yerasimos", "smith", "tarasov", "perincek"):
        assert f"source: {source_id}" in text


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
    assert "Как Владимир Ленин и Мустафа Кемаль советизировали Закавказье" in text  # "и" too


def test_an_entry_without_a_language_keeps_its_title_as_written(
    rendered: tuple[bytes, str],
) -> None:
    # Typst's CSL would take it for English and print "Atatürk Ve Sovyetler: Bir Deneme"
    assert "Atatürk ve Sovyetler: bir deneme" in rendered[1]


def test_the_bibliography_lists_the_entries_the_sources_cite(
    rendered: tuple[bytes, str],
) -> None:
    _, text = rendered
    assert "Yerasimos, Stefanos. 2000." in text
    assert "Nobody" not in text  # as in the Markdown and HTML reports


def test_only_the_dejavu_fonts_are_embedded_and_they_cover_the_scripts(
    rendered: tuple[bytes, str],
) -> None:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    reader = pypdf.PdfReader(io.BytesIO(rendered[0]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("DejaVu") for name in fonts), fonts
    # no fallback is needed: the body and heading faces hold every letter of these scripts
    for face in ("DejaVuSerif.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSans.ttf"):
        cmap = TTFont(font_dir() / face)["cmap"].getBestCmap()
        missing = {c for c in GEORGIAN + CYRILLIC + TURKISH if ord(c) not in cmap}
        assert not missing, (face, missing)


def test_a_fixed_timestamp_is_the_documents_date(rendered: tuple[bytes, str]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(rendered[0]))
    assert reader.metadata is not None and reader.metadata.creation_date == STAMP
    assert "2026-01-02 03:04 UTC" in rendered[1]


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


def test_write_pdf_replaces_an_old_report_and_refuses_the_case_folder(
    pdf_case: Path, tmp_path: Path
) -> None:
    case = ach.load_case(pdf_case)
    document = build_document(case, ach.rank(case), analyse(case))
    target = tmp_path / "report.pdf"
    target.write_bytes(b"an older, longer report " * 10_000)
    write_pdf(document, target, case_root=case.root, timestamp=STAMP)
    assert target.read_bytes() == render_pdf(document, timestamp=STAMP)
    inside = pdf_case / "report.pdf"
    with pytest.raises(RefusedOperation):
        write_pdf(document, inside, case_root=case.root, timestamp=STAMP)
    assert not inside.exists()


def test_charts_are_deterministic_svg_without_a_date(pdf_case: Path) -> None:
    from ach.reports import charts

    case = ach.load_case(pdf_case)
    document = build_document(case, ach.rank(case), analyse(case))
    for draw in (charts.posterior_chart, charts.matrix_chart, charts.influence_chart,
                 charts.reliability_chart):  # fmt: skip
        svg = draw(document)
        assert svg.startswith("<?xml") and "<dc:date>" not in svg
        assert draw(document) == svg


def test_the_pdf_has_the_sections_of_the_markdown_report_in_order(pdf_case: Path) -> None:
    from ach.reports.markdown import render_markdown

    case = ach.load_case(pdf_case)
    document = build_document(case, ach.rank(case), analyse(case)).model_copy(
        update={"warnings": ("the sampler's chains disagree",)}
    )
    sections = [
        line.removeprefix("## ").replace("'", "’")  # Typst sets typographic apostrophes
        for line in render_markdown(document).splitlines()
        if line.startswith("## ")
    ]
    assert sections[-1] == "Warnings"
    text = text_of(render_pdf(document, timestamp=STAMP))
    body = text[text.index("1. Ranking", text.index("1. Ranking") + 1) :]  # past the contents
    at = 0
    for number, title in enumerate(sections, start=1):
        at = body.index(f"{number}. {title}", at)  # raises if absent or out of order
    assert "the sampler's chains disagree" in body


def test_the_matrix_chart_puts_codes_and_probabilities_on_one_log2_scale() -> None:
    from ach.reports.charts import _rating_values

    # codes: log2 of the default weights 4, 2, 1, 0.5, 0.25 ... clipped to II's -2
    assert _rating_values(("CC", "N", "II")) == [2.0, 0.0, -2.0]
    # probabilities: log2(p / mean p); mean of (0.6, 0.3, 0) is 0.3, and a zero rules out (II)
    assert _rating_values(("0.6", "0.3", "0")) == [1.0, 0.0, -2.0]
    # five times the mean (log2 5 = 2.32) is clipped to CC's +2
    assert _rating_values(("1", "0", "0", "0", "0")) == [2.0, -2.0, -2.0, -2.0, -2.0]


@pytest.mark.slow
def test_the_installed_wheel_carries_the_template_and_writes_the_pdf(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    dist, target, work = tmp_path / "dist", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(repo)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("ach-*.whl")
    assert "ach/reports/templates/report.typ" in zipfile.ZipFile(wheel).namelist()
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "ach", "report", "havza-negotiator"],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        check=True,
    )
    reader = pypdf.PdfReader(work / "havza-negotiator-report.pdf")
    assert len(reader.pages) > 10
    assert "Semyon Budyonny" in text_of((work / "havza-negotiator-report.pdf").read_bytes())
