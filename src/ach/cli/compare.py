"""``ach compare`` and ``ach log``: what changed in a case, why the ranking moved, and when."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg


@app.command()
def compare(
    old: Annotated[
        str,
        typer.Argument(
            help="A run saved by `ach rank --save` (OLD.json), or with --since a case folder or id."
        ),
    ],
    new: Annotated[
        str | None, typer.Argument(help="The newer saved run (NEW.json); not with --since.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="A git revision: compare the case as it was there (read from git's objects, the "
            "working tree untouched) with the case as it is now."
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print {before, after, changes} as JSON and nothing else."),
    ] = False,
) -> None:
    """The ranking before and after, then each change to items, sources and hypotheses with
    its effect on the leader's log-odds against the runner-up, largest first."""
    from ach.analysis.compare import compare as compare_versions
    from ach.analysis.compare import compare_since

    if (since is None) == (new is None):
        raise typer.BadParameter(
            "give two saved runs (OLD.json NEW.json), or a case and --since REV",
            param_hint="NEW / --since",
        )
    with reported():
        result = (
            compare_since(old, since) if since is not None else compare_versions(old, new or "")
        )
    if json_:
        sys.stdout.write(result.to_json() + "\n")
    else:
        from ach.reports.compare import render_comparison

        out().print(render_comparison(result))


@app.command()
def log(
    case: CaseArg,
    json_: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
) -> None:
    """One line per git commit that touched CASE: what it added (+), edited (~) or removed (-),
    then the leader and its posterior after it."""
    from ach.analysis.history import history

    with reported():
        result = history(case)
    if json_:
        sys.stdout.write(result.to_json() + "\n")
    else:
        from ach.reports.compare import render_history

        # one line per commit, however long: the terminal wraps it, a pipe keeps it whole
        out().print(render_history(result), soft_wrap=True)
