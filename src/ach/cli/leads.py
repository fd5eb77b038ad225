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
) -> None:
    """Rank the leads of CASE (leads.yaml) by expected information gain in bits, with the
    probability that each changes the leader and what each outcome would do."""
    from ach.analysis.leads import evaluate_leads
    from ach.case import load_case
    from ach.reports.leads import render_leads

    with reported():
        result = evaluate_leads(load_case(case))
    if json_:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out().print(render_leads(result))
