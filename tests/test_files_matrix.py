"""``ach matrix export | import``: the matrix leaves and re-enters a case unchanged, an edit
made in the sheet is the same edit as one made in the YAML, and a bad cell is refused by
row and column with not one byte of the case changed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app
from ach.reports.palette import RATING_COLOURS
from ach.workspace.matrix_io import read_table

from tests.conftest import CaseMaker, snapshot, source

runner = CliRunner()


@pytest.fixture
def havza(tmp_path: Path) -> Path:
    folder = tmp_path / "cases" / "hv"
    assert runner.invoke(app, ["init", str(folder), "--from", "havza-negotiator"]).exit_code == 0
    return folder


def export(case: Path, target: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["matrix", "export", str(case), "-o", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target


def import_(table: Path, case: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["matrix", "import", str(table), "--into", str(case)])
    return result.exit_code, result.stdout, result.stderr


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(path: Path, rows: list[list[str]], bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def set_cell(rows: list[list[str]], item_id: str, column: str, value: str) -> None:
    row = next(r for r in rows if r[0] == item_id)
    row[rows[0].index(column)] = value


def test_the_header_is_the_issues_columns(havza: Path, tmp_path: Path) -> None:
    rows = rows_of(export(havza, tmp_path / "m.csv"))
    hypotheses = [h.id for h in ach.load_case(havza).hypotheses]
    assert rows[0] == [
        "id", "claim", "source", *hypotheses, "quote", "locator", "date", "credibility", "repeats", "notes",
    ]  # fmt: skip
    assert len(rows) == 1 + len(ach.load_case(havza).items)
    assert (tmp_path / "m.csv").read_bytes().count(b"\r\n") >= len(rows)  # RFC 4180 line ends


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_import_export_gives_the_same_rows_and_changes_nothing(
    havza: Path, tmp_path: Path, suffix: str
) -> None:
    first = export(havza, tmp_path / f"first.{suffix}")
    before = snapshot(havza)
    code, stdout, _ = import_(first, havza)
    assert code == 0 and stdout == "nothing to change: every row matches its item\n"
    assert snapshot(havza) == before
    again = export(havza, tmp_path / f"again.{suffix}")
    assert read_table(again) == read_table(first)
    assert read_table(first) == rows_of(export(havza, tmp_path / "plain.csv"))


def test_an_edit_in_the_sheet_is_the_same_as_the_edit_in_the_yaml(
    havza: Path, tmp_path: Path
) -> None:
    by_hand = tmp_path / "by-hand"
    assert runner.invoke(app, ["init", str(by_hand), "--from", str(havza)]).exit_code == 0
    rows = rows_of(export(havza, tmp_path / "m.csv"))
    set_cell(rows, "E07", "eliava", "CC")
    code, stdout, _ = import_(write_rows(tmp_path / "edited.csv", rows), havza)
    assert code == 0 and stdout == "updated E07: eliava\n"

    path = by_hand / "evidence" / "E07.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  eliava: N\n") == 1
    path.write_text(text.replace("  eliava: N\n", "  eliava: CC\n"), encoding="utf-8")

    assert (havza / "evidence" / "E07.yaml").read_bytes() == path.read_bytes()
    sheet, yaml_ = ach.rank(ach.load_case(havza)), ach.rank(ach.load_case(by_hand))
    assert [(h.id, h.posterior) for h in sheet.hypotheses] == [
        (h.id, h.posterior) for h in yaml_.hypotheses
    ]
    assert sheet.hypotheses != ach.rank(ach.load_case("havza-negotiator")).hypotheses


def test_new_rows_become_item_files_with_their_text_intact(havza: Path, tmp_path: Path) -> None:
    rows = rows_of(export(havza, tmp_path / "m.csv"))
    claim = 'Cebesoy «Budu» der — Шалва Элиава — შალვა ელიავა, "tırnak", a,b'
    new = dict.fromkeys(rows[0], "")
    new |= {"id": "NEW1", "claim": claim, "source": rows[1][2], "eliava": "C", "other": "I"}
    new |= {"date": "1919-06", "credibility": "3", "notes": "first line\nsecond line\n"}
    rows.append([new[c] for c in rows[0]])
    code, stdout, stderr = import_(write_rows(tmp_path / "new.csv", rows, bom=True), havza)
    assert code == 0 and stdout == "added 1 item(s): NEW1\n", stderr
    added = ach.load_case(havza).item_by_id["NEW1"]
    assert (added.claim, added.date, added.credibility) == (claim, "1919-06", 3)
    assert added.notes == "first line\nsecond line\n"
    text = (havza / "evidence" / "NEW1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/evidence.schema.json\n")
    assert "notes: |\n  first line\n  second line\n" in text and "\\u" not in text
    assert ach.load_case(havza).ratings["NEW1"]["eliava"] == "C"


def test_changed_fields_keep_the_comments_and_other_lines(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = make_case(sources=[source("s", "B"), source("t", "C")])
    (folder / "evidence" / "E1.yaml").write_text(
        "# my reading of the letter\n"
        "id: E1\n"
        "claim: The letter names h1.   # paraphrase\n"
        "source: s\n"
        "quote: q\n"
        "ratings:\n"
        "  h1: CC   # strong\n"
        "  h2: I\n",
        encoding="utf-8",
    )
    rows = rows_of(export(folder, tmp_path / "m.csv"))
    set_cell(rows, "E1", "h2", "II")
    set_cell(rows, "E1", "quote", "")
    set_cell(rows, "E1", "credibility", "2")
    code, stdout, _ = import_(write_rows(tmp_path / "e.csv", rows), folder)
    assert code == 0 and stdout == "updated E1: h2, quote, credibility\n"
    assert (folder / "evidence" / "E1.yaml").read_text(encoding="utf-8") == (
        "# my reading of the letter\n"
        "id: E1\n"
        "claim: The letter names h1.   # paraphrase\n"
        "source: s\n"
        "credibility: 2\n"
        "ratings:\n"
        "  h1: CC   # strong\n"
        "  h2: II\n"
    )


def test_an_item_in_a_list_file_is_updated_in_place(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = make_case(sources=[source("s", "B")])
    (folder / "evidence" / "both.yaml").write_text(
        "- id: A1  # first\n  claim: one\n  source: s\n  ratings: {h1: C}\n"
        "- id: A2\n  claim: two\n  source: s\n  ratings: {h2: C}\n",
        encoding="utf-8",
    )
    rows = rows_of(export(folder, tmp_path / "m.csv"))
    set_cell(rows, "A2", "h1", "I")
    code, _, _ = import_(write_rows(tmp_path / "e.csv", rows), folder)
    assert code == 0
    text = (folder / "evidence" / "both.yaml").read_text(encoding="utf-8")
    assert "- id: A1  # first\n" in text
    assert ach.load_case(folder).ratings["A2"] == {"h1": "I", "h2": "C"}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("eliava", "X", "row 8, column eliava: 'X' is not one of CC, C, N, I, II"),
        ("eliava", "1.5", "row 8, column eliava: 1.5 is not a probability in [0, 1]"),
        (
            "credibility",
            "7",
            "row 8, column credibility: 7: input should be less than or equal to 6",
        ),
        ("source", "nobody", "row 8, column source: 'nobody' is not a source id in sources.yaml"),
        ("repeats", "E99", "row 8, column repeats:"),
        ("date", "June 1919", "row 8, column date: 'June 1919' is not a date"),
        ("claim", "", "row 8, column claim:"),
    ],
)
def test_a_bad_cell_is_refused_by_row_and_column_and_the_case_is_unchanged(
    havza: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = rows_of(export(havza, tmp_path / "m.csv"))
    assert rows[7][0] == "E07"  # the spreadsheet's row 8
    set_cell(rows, "E07", column, value)
    set_cell(rows, "E01", "eliava", "CC")  # a good edit in the same sheet is not written either
    before = snapshot(havza)
    code, stdout, stderr = import_(write_rows(tmp_path / "bad.csv", rows), havza)
    assert code == 1 and stdout == ""
    assert stderr.startswith(f"bad.csv: {message}"), stderr
    assert snapshot(havza) == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda rows: rows[0].__setitem__(3, "weight"),
            "bad.csv: row 1, column D: 'weight' is not a field or a hypothesis id",
        ),
        (
            lambda rows: rows.insert(5, list(rows[2])),
            "bad.csv: row 6, column id: 'E02' is already the id of row 3",
        ),
        (
            lambda rows: rows[0].__setitem__(0, "ident"),
            "bad.csv: row 1, column A: 'ident' is not a field",
        ),
    ],
)
def test_a_bad_table_is_refused_and_the_case_is_unchanged(
    havza: Path, tmp_path: Path, edit: object, message: str
) -> None:
    rows = rows_of(export(havza, tmp_path / "m.csv"))
    edit(rows)  # type: ignore[operator]
    before = snapshot(havza)
    code, _, stderr = import_(write_rows(tmp_path / "bad.csv", rows), havza)
    assert code == 1 and stderr.startswith(message), stderr
    assert snapshot(havza) == before


def test_the_workbook_colours_codes_as_the_reports_do_and_freezes_the_header(
    havza: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(export(havza, tmp_path / "m.xlsx")).worksheets[0]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    assert all(c.font.bold for c in sheet[1])
    hypotheses = {h.id for h in ach.load_case(havza).hypotheses}
    coloured = {
        cell.value: cell.fill.start_color.rgb
        for row in sheet.iter_rows(min_row=2)
        for cell, column in zip(row, header, strict=True)
        if column in hypotheses
    }
    assert all(not c.fill.fill_type for c in sheet["B"][1:])  # a claim is never coloured
    assert set(coloured) == {"CC", "C", "N", "I", "II"}
    for code, rgb in coloured.items():
        assert rgb.endswith(RATING_COLOURS[code].lstrip("#").upper())


def test_the_bundled_case_is_refused_and_a_report_never_lands_in_a_case(
    tmp_path: Path, havza: Path
) -> None:
    table = export(havza, tmp_path / "m.csv")
    code, _, stderr = import_(table, Path("havza-negotiator"))
    assert code == 1 and "bundled with ach" in stderr
    result = runner.invoke(app, ["matrix", "export", str(havza), "-o", str(havza / "m.csv")])
    assert result.exit_code == 1 and not (havza / "m.csv").exists()
