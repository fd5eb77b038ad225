"""``ach sensitivity`` and ``ach report``: why the ranking comes out so, and the report to hand on."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ach.cli.app import Format, app, out, reported
from ach.cli.rank import CaseArg


@app.command()
def sensitivity(
    case: CaseArg,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the analysis as JSON on standard output.")
    ] = False,
    top: Annotated[int, typer.Option(min=1, help="How many items and sources to list.")] = 10,
) -> None:
    """What drives the ranking of CASE: each item's and source's influence, non-diagnostic
    items, the smallest change that would flip the leader, and robustness to the grades."""
    from ach.analysis import analyse
    from ach.case import load_case
    from ach.reports.terminal.sensitivity import render_sensitivity

    with reported():
        result = analyse(load_case(case))
    if json_:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    out().print(render_sensitivity(result, top))


@app.command()
def report(
    case: CaseArg,
    format_: Annotated[
        Format, typer.Option("--format", "-f", help="pdf (the default), md or html.")
    ] = Format.pdf,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write; default <case-id>-report.<format> here."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed for the posterior draws.")] = 0,
    timestamp: Annotated[
        datetime | None,
        typer.Option(
            help="Fixed date and time to print in the report (PDF: byte-identical output)."
        ),
    ] = None,
) -> None:
    """Write the rationale report of CASE: ranking, rationale, evidence matrix, sensitivity,
    sources, every item with its quote, Heuer's view and provenance."""
    from ach.analysis import analyse
    from ach.analysis.ranking import rank as rank_case
    from ach.case import load_case
    from ach.reports.document import build_document
    from ach.reports.files import write_report

    with reported():
        loaded = load_case(case)
        # the report's reasons come from the sensitivity analysis (every item's influence), so
        # the ranking's own top-three drivers would be computed for nothing
        ranked = rank_case(loaded, seed=seed, explain=False)
        document = build_document(loaded, ranked, analyse(loaded))
        target = output or Path(f"{loaded.id}-report.{format_.value}")
        if format_ == "md":
            from ach.reports.markdown import render_markdown

            write_report(target, render_markdown(document).encode("utf-8"), case_root=loaded.root)
        elif format_ == "html":
            from ach.reports.html import render_html

            write_report(target, render_html(document).encode("utf-8"), case_root=loaded.root)
        else:
            from ach.reports.pdf import write_pdf

            write_pdf(document, target, case_root=loaded.root, timestamp=timestamp)
    out().print(f"wrote {target}", markup=False)
