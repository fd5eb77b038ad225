"""``ach analysts``: every analyst's ranking beside the pool, their agreement, and the items
whose disagreement moves the answer."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg


@app.command()
def analysts(
    case: CaseArg,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the comparison as JSON and nothing else.")
    ] = False,
    top: Annotated[
        int | None,
        typer.Option(min=1, help="Show at most this many contested items (default: all)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed for the rankings' intervals.")] = 0,
) -> None:
    """Compare the analysts of CASE (ratings/<name>.yaml, and `case`, the items' own ratings):
    each one's ranking beside the pool, Krippendorff's alpha over the matrix, and the items
    whose readings move the leader's log-odds most."""
    from ach.analysis.analysts import compare_analysts
    from ach.case import load_case

    with reported():
        report = compare_analysts(load_case(case), seed=seed, top=top)
    if json_:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    from ach.reports.analysts import render_analysts

    out().print(render_analysts(report))
