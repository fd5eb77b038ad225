"""``ach leads``: where to look next, leads ranked by expected information gain."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg


@app.command()
def leads(
    case: CaseArg,
    json_: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the leads as JSON (the contract's form) and nothing else."
        ),
    ] = False,
    analyst: Annotated[
        str | None,
        typer.Option(
            help="Read the items by this analyst's ratings (ratings/NAME.yaml; `case` is the "
            "items' own)."
        ),
    ] = None,
    pool: Annotated[
        bool,
        typer.Option(
            "--pool",
            help="Read the items by the pool of every analyst's ratings, as `ach rank --pool`.",
        ),
    ] = False,
) -> None:
    """Rank the leads of CASE (leads.yaml) by expected information gain in bits, with the
    probability that each changes the leader and what each outcome would do."""
    from ach.analysis.leads import evaluate_leads
    from ach.case import load_case
    from ach.case.analysts import POOL
    from ach.reports.leads import render_leads

    if pool and analyst is not None:
        raise typer.BadParameter("give --analyst NAME or --pool, not both", param_hint="--pool")
    with reported():
        result = evaluate_leads(load_case(case), analyst=POOL if pool else analyst)
    if json_:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out().print(render_leads(result))
