"""``ach ratings set``: one analyst's reading of one item, written to ratings/<analyst>.yaml."""

from __future__ import annotations

from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg

ratings_app = typer.Typer(
    help="Set other analysts' ratings of a case's items (ratings/<analyst>.yaml).",
    no_args_is_help=True,
)
app.add_typer(ratings_app, name="ratings")


@ratings_app.command("set")
def set_(
    case: CaseArg,
    item_id: Annotated[str, typer.Argument(help="The evidence id the analyst rates.")],
    analyst: Annotated[
        str, typer.Option(help="The analyst's name (an id; the file is ratings/NAME.yaml).")
    ],
    rate: Annotated[
        list[str] | None,
        typer.Option(
            help="HYPOTHESIS=CODE (CC C N I II) or =PROBABILITY; repeat for each; "
            "hypotheses left out are N."
        ),
    ] = None,
) -> None:
    """Set ANALYST's ratings of ITEM_ID in CASE (replacing any they had for it): checked with
    the whole case first, written atomically, then the analyst's ranking before and after."""
    from ach.reports.terminal.changes import render_change
    from ach.workspace.ratings import parse_ratings, set_ratings

    with reported():
        change = set_ratings(case, item_id, analyst, parse_ratings(list(rate or [])))
    title = f"What the change did to {analyst}'s ranking"
    out().print(render_change(change.before, change.after, title, written=[change.path]))
