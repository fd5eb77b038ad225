"""``ach timeline``: how the answer grew, year by year of the sources."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ach.cli.app import app, err, out, reported
from ach.cli.rank import CaseArg


@app.command()
def timeline(
    case: CaseArg,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print {"case", "timeline": [{"year", "items", "hypotheses"}]} and nothing '
            "else on standard output.",
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed for the posterior draws.")] = 0,
) -> None:
    """Rank CASE as of every distinct source year (exact engine): each hypothesis's posterior,
    the items that count by then and the sources that entered that year."""
    from ach.analysis.timeline import timeline as build
    from ach.case import load_case

    with reported():
        result = build(load_case(case), seed=seed)
    if json_:
        sys.stdout.write(json.dumps(result.contract(), indent=2, ensure_ascii=False) + "\n")
        for warning in result.warnings:
            err().print(f"warning: {warning}", markup=False, soft_wrap=True)
        return
    from ach.reports.timeline import render_timeline

    out().print(render_timeline(result))
