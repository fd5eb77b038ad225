"""``ach matrix export | import``: the ACH matrix in and out of spreadsheets."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg

matrix_app = typer.Typer(
    help="The ACH matrix (one row per item, one column per hypothesis) as CSV or XLSX.",
    no_args_is_help=True,
)
app.add_typer(matrix_app, name="matrix")


class TableFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@matrix_app.command("export")
def export(
    case: CaseArg,
    format_: Annotated[
        TableFormat | None,
        typer.Option("--format", "-f", help="csv or xlsx (default: from -o's suffix, else csv)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write; default: CSV on standard output, "
            "XLSX to <case-id>-matrix.xlsx here.",
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the CSV with a byte-order mark (for Excel).")
    ] = False,
) -> None:
    """Write the matrix of CASE: id, claim, source, one column per hypothesis id, then quote,
    locator, date, credibility, repeats and notes."""
    from ach.case import load_case
    from ach.reports.files import write_report
    from ach.reports.matrix_sheet import csv_bytes, xlsx_bytes
    from ach.workspace.matrix import matrix_rows

    with reported():
        loaded = load_case(case)
        rows = matrix_rows(loaded)
        chosen = format_ or (
            TableFormat.xlsx if output and output.suffix == ".xlsx" else TableFormat.csv
        )
        if chosen is TableFormat.csv:
            data = csv_bytes(rows, bom=bom)
        else:
            hyps = {h.id for h in loaded.hypotheses}
            data = xlsx_bytes(rows, title=loaded.id, rated=hyps, numeric={*hyps, "credibility"})
        if output is None and chosen is TableFormat.csv:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        target = output or Path(f"{loaded.id}-matrix.{chosen.value}")
        write_report(target, data, case_root=loaded.root)
    out().print(f"wrote {target}", markup=False)


@matrix_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx matrix, as export writes it.")],
    into: Annotated[str, typer.Option("--into", help="The case to add and update items in.")],
) -> None:
    """Add the rows of FILE whose id is new as items of the case, and update the fields that
    changed in the others (comments kept); checked on a copy of the case before anything is
    written. Items not in FILE are left alone."""
    from ach.reports.terminal.files import import_lines
    from ach.workspace.matrix import import_matrix
    from ach.workspace.matrix_io import read_table

    with reported():
        done = import_matrix(into, read_table(file), file.name)
    for line in import_lines(done):
        out().print(line, markup=False, soft_wrap=True)
