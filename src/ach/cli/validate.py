"""``ach validate`` and ``ach cases``: checking a case, and finding the cases there are."""

from __future__ import annotations

from typing import Annotated

import typer

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
    from ach.reports.terminal.case_views import validated
    from ach.reports.terminal.checks import summary

    warnings = [str(w) for w in loaded.warnings]
    warnings += [f"sources.yaml: derived_from: {w}" for w in grid_warnings(build_spec(loaded))]
    out().print(validated(loaded, warnings, summary(warnings, head="in short:")))


@app.command()
def cases(
    paths: Annotated[bool, typer.Option("--paths", help="Show each case's folder.")] = False,
) -> None:
    """List the cases found in ./cases and those bundled with ach."""
    from ach.case import bundled_cases_dir, list_cases, load_case
    from ach.errors import AchError
    from ach.reports.terminal.case_views import CaseRow, cases_table

    rows = []
    bundled = bundled_cases_dir()
    for folder in list_cases():
        where = "bundled" if folder.parent == bundled else "local"
        try:
            loaded = load_case(folder)
            rows.append(
                CaseRow(loaded.id, loaded.meta.title, where, str(len(loaded.items)), str(folder))
            )
        except AchError:
            rows.append(
                CaseRow(folder.name, "(invalid: run ach validate)", where, "-", str(folder))
            )
    out().print(cases_table(rows, paths=paths))
