"""Markdown and HTML reports: complete, literal, and written without harming the case."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.analysis import analyse
from ach.cli import app
from ach.reports.document import build_document
from ach.reports.html import render_html
from ach.reports.markdown import render_markdown

from tests.conftest import CaseMaker, item, source

runner = CliRunner()
TRICKY = 'Şalva said "<b>Eliava</b> & Co." — Шалва Элиава, შალვა ელიავა, #1 *not* [bold] | $x$ _y_ @ref `tick`'


@pytest.fixture
def tricky_case(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=[
            {"id": "eliava", "label": "Shalva <Eliava> & Co."},
            {"id": "mdivani", "label": "Budu Mdivani"},
            {"id": "other", "label": "Someone else", "catch_all": True},
        ],
        sources=[source("cebesoy", "B"), source("perincek", "C", derived_from=["cebesoy"])],
        evidence=[
            item("E07", "cebesoy", {"eliava": "CC", "mdivani": "I"}, quote=TRICKY, locator="p. 12"),
            item(
                "E08", "perincek", {"mdivani": "C"}, claim="A claim with <script>alert(1)</script>"
            ),
            item("E09", "perincek", {"mdivani": "C"}, repeats="E08"),
        ],
    )


def document(folder: Path):
    case = ach.load_case(folder)
    return build_document(case, ach.rank(case), analyse(case))


def visible_text(html: str) -> str:
    """What a browser shows: tags removed, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S)))


def test_the_html_report_shows_every_label_item_and_special_character_literally(
    tricky_case: Path,
) -> None:
    html = render_html(document(tricky_case))
    text = " ".join(visible_text(html).split())
    assert TRICKY in text
    assert "A claim with <script>alert(1)</script>" in text
    assert "<script>" not in html  # escaped, never live markup
    for label in ("Shalva <Eliava> & Co.", "Budu Mdivani", "Someone else"):
        assert label in text
    for item_id in ("E07", "E08", "E09"):
        assert item_id in text
    assert "http://" not in html and "https://" not in html  # self-contained: nothing fetched


def test_the_markdown_report_escapes_markup_but_keeps_the_text(tricky_case: Path) -> None:
    text = render_markdown(document(tricky_case))
    unescaped = re.sub(r"\\(.)", r"\1", text)
    assert TRICKY in unescaped
    assert "Shalva \\<Eliava\\> & Co." in text
    for section in (
        "## Ranking",
        "## Rationale",
        "## Evidence against hypotheses",
        "## Sensitivity",
        "## Sources",
        "## Evidence items",
        "## Heuer's inconsistency view beside the Bayesian one",
        "## Provenance",
    ):
        assert section in text


def test_report_writes_the_default_file_and_replaces_an_earlier_one(
    tricky_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / f"{tricky_case.name}-report.html").write_text("old")
    result = runner.invoke(app, ["report", str(tricky_case), "--format", "html"])
    assert result.exit_code == 0, result.output
    written = (work / f"{tricky_case.name}-report.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and "E07" in written
    assert [p.name for p in work.iterdir()] == [
        f"{tricky_case.name}-report.html"
    ]  # no temporary left


def test_report_never_writes_inside_the_case_folder(tricky_case: Path) -> None:
    before = {p: p.read_bytes() for p in tricky_case.rglob("*") if p.is_file()}
    result = runner.invoke(
        app, ["report", str(tricky_case), "-f", "md", "-o", str(tricky_case / "r.md")]
    )
    assert result.exit_code == 1
    assert "refusing to write a report inside the case folder" in result.stderr
    assert {p: p.read_bytes() for p in tricky_case.rglob("*") if p.is_file()} == before


def test_an_unknown_format_is_a_usage_error(tricky_case: Path) -> None:
    result = runner.invoke(app, ["report", str(tricky_case), "--format", "docx"])
    assert result.exit_code == 2
    assert "'docx' is not one of" in " ".join(result.stderr.split())


def test_sensitivity_json_lists_every_item_and_source(tricky_case: Path) -> None:
    import json

    result = runner.invoke(app, ["sensitivity", str(tricky_case), "--json"])
    data = json.loads(result.stdout)
    assert {i["id"] for i in data["items"]} == {"E07", "E08", "E09"}
    assert {s["id"] for s in data["sources"]} == {"cebesoy", "perincek"}
    assert next(i for i in data["items"] if i["id"] == "E09")["repeats"] == "E08"


def test_rank_shows_the_items_that_carry_the_leader(tricky_case: Path) -> None:
    import json

    data = json.loads(runner.invoke(app, ["rank", str(tricky_case), "--json"]).stdout)
    assert data["drivers"][0]["id"] == "E07"  # the only item that favours the leader


def test_the_markdown_report_names_every_hypothesis_and_item(tricky_case: Path) -> None:
    unescaped = re.sub(r"\\(.)", r"\1", render_markdown(document(tricky_case)))
    for label in ("Shalva <Eliava> & Co.", "Budu Mdivani", "Someone else"):
        assert label in unescaped
    for item_id in ("E07", "E08", "E09"):
        assert f"### {item_id}" in unescaped


def test_a_non_diagnostic_item_is_marked_so_and_shows_no_negative_zero(
    make_case: CaseMaker,
) -> None:
    # E2 is rated alike for both hypotheses: it moves nothing, whatever the source's reliability
    folder = make_case(
        sources=[source("s", "B"), source("t", "C")],
        evidence=[item("E1", "s", {"h1": "C", "h2": "I"}), item("E2", "t", {"h1": "I", "h2": "I"})],
    )
    doc = document(folder)
    from ach.reports import tables

    rows = {row[0]: row for row in tables.influence(doc)[1]}
    assert rows["E2"][2:] == ["0.000", "0.000", "non-diagnostic"]
    assert rows["E1"][4] == ""
    html = render_html(doc)
    assert "-0.000" not in html and "-0.000" not in render_markdown(doc)


def test_a_bibliography_entry_reads_author_year_title_place() -> None:
    from ach.reports.document import bib_line

    entry = {"key": "k", "author": "Karabekir, Kâzım", "year": "1960", "title": "İstiklal Harbimiz"}
    assert bib_line({**entry, "address": "İstanbul"}) == (
        "Karabekir, Kâzım (1960). İstiklal Harbimiz. İstanbul."
    )
    assert bib_line({**entry, "title": "Who?", "publisher": "Türkiye Yayınevi"}) == (
        "Karabekir, Kâzım (1960). Who? Türkiye Yayınevi."
    )


def test_markdown_table_cells_keep_numbers_plain_and_escape_pipes(tricky_case: Path) -> None:
    text = render_markdown(document(tricky_case))
    assert "| # | hypothesis | posterior |" in text  # a cell cannot start a heading
    assert re.search(
        r"^\| 1 \| Shalva \\<Eliava\\> & Co\. \| 0\.\d{3} \| 0\.\d\d–0\.\d\d \|", text, re.M
    )
    assert re.search(r"^\| E08 \| perincek \| -0\.\d{3} \|", text, re.M)  # not "\-0.003"
    assert "P(h \\| evidence, r)" in text  # a pipe in running text stays escaped
