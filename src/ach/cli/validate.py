"""``ach validate`` and ``ach cases``: checking a case, and finding the cases there are."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ach.cli.app import app, out, reported
from ach.cli.rank import CaseArg


@app.command()
def validate(case: CaseArg) -> None:
    """Check CASE against the case format: every problem on one line, then warnings."""
    from ach.case import load_case
    from ach.engine import build_spec
    from ach.engine.exact import grid_warnings

    with reported():
        loaded = load_case(case)
    warnings = [str(w) for w in loaded.warnings]
    warnings += [f"sources.yaml: derived_from: {w}" for w in grid_warnings(build_spec(loaded))]
    console = out()
    for warning in warnings:
        console.print(f"warning: {warning}", markup=False, soft_wrap=True)
    console.print(
        f"{loaded.id}: valid ({len(loaded.hypotheses)} hypotheses, {len(loaded.sources)} sources, "
        f"{len(loaded.items)} evidence items"
        + (f", {len(loaded.leads)} leads" if loaded.leads else "")
        + f"; {len(warnings)} warning(s))",
        markup=False,
    )


@app.command()
def cases(
    paths: Annotated[bool, typer.Option("--paths", help="Show each case's folder.")] = False,
) -> None:
    """List the cases found in ./cases and those bundled with ach."""
    from ach.case import bundled_cases_dir, list_cases, load_case
    from ach.errors import AchError

    table = Table(title="Cases (./cases first, then bundled)", title_justify="left")
    for column in ("id", "title", "where", "items"):
        table.add_column(column)
    if paths:
        table.add_column("folder")
    bundled = bundled_cases_dir()
    for folder in list_cases():
        where = "bundled" if folder.parent == bundled else "local"
        try:
            loaded = load_case(folder)
            row = [loaded.id, loaded.meta.title, where, str(len(loaded.items))]
        except AchError:
            row = [folder.name, "(invalid: run ach validate)", where, "-"]
        table.add_row(*row, *([str(folder)] if paths else []))
    out().print(table)
