"""``ach sensitivity`` and ``ach report``: why the ranking comes out so, and the report to hand on."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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
    from ach.reports.tables import signed

    with reported():
        result = analyse(load_case(case))
    if json_:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    console = out()
    console.print(
        f"Leader: {result.leader} (posterior {result.posterior[result.leader]:.3f}); "
        f"runner-up: {result.runner_up}; log-odds {result.log_odds:+.3f}",
        markup=False,
    )
    items = Table(
        title="Items by influence (log-odds of leader vs runner-up lost without the item)",
        title_justify="left",
    )
    for column in ("item", "source", "influence", "diagnosticity", "favours", "note"):
        items.add_column(column)
    for i in result.items[:top]:
        note = (
            f"repeats {i.repeats}" if i.repeats else ("non-diagnostic" if i.non_diagnostic else "")
        )
        items.add_row(
            i.id, i.source, signed(i.influence), f"{i.diagnosticity:.3f}", i.favours or "", note
        )
    console.print(items)
    sources = Table(
        title="Sources by influence (without the source and what derives from it)",
        title_justify="left",
    )
    for column in ("source", "grade", "items", "influence"):
        sources.add_column(column)
    for s in result.sources[:top]:
        sources.add_row(s.id, s.grade, str(s.items), signed(s.influence))
    console.print(sources)
    flips = [f for f in (result.grade_flip, result.rating_flip) if f]
    if not flips:
        console.print(
            "No single change of one source's grade or one item's rating flips the leader."
        )
    for f in flips:
        console.print(
            f"Smallest {f.kind} change that flips the leader: {f.target} {f.change} "
            f"({f.steps} step(s)) -> {f.new_leader} at {f.new_posterior:.3f}",
            markup=False,
        )
    r = result.robustness
    console.print(
        f"Every graded source one grade up: {result.leader} {r.up[result.leader]:.3f}; one grade down: "
        f"{r.down[result.leader]:.3f} ({'the leader stays' if r.leader_stays else 'the leader changes'}).",
        markup=False,
    )
    non_diag = [i.id for i in result.items if i.non_diagnostic and not i.repeats]
    if non_diag:
        console.print(f"Non-diagnostic items: {', '.join(non_diag)}", markup=False)


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
        document = build_document(loaded, rank_case(loaded, seed=seed), analyse(loaded))
        target = output or Path(f"{loaded.id}-report.{format_.value}")
        if format_ == "md":
            from ach.reports.markdown import render_markdown

            write_report(target, render_markdown(document).encode("utf-8"), case_root=loaded.root)
        elif format_ == "html":
            from ach.reports.html import render_html

            write_report(target, render_html(document).encode("utf-8"), case_root=loaded.root)
        else:
            from ach.reports.pdf import write_pdf

            write_pdf(document, target, case=loaded, timestamp=timestamp)
    out().print(f"wrote {target}", markup=False)
