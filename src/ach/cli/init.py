"""``ach init``: start a case, from commented examples or as a copy of another."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ach.cli.app import app, out, reported


@app.command()
def init(
    dest: Annotated[
        Path, typer.Argument(help="The new case folder (its name becomes the case id).")
    ],
    from_: Annotated[
        str | None, typer.Option("--from", help="Copy this case (a folder or a case id) instead.")
    ] = None,
) -> None:
    """Create a new case folder DEST: commented example files, or a copy of another case with
    its id changed to DEST's name. Refuses a folder that is not empty."""
    from ach.workspace import init_case

    with reported():
        folder = init_case(dest, from_)
    out().print(f"created {folder}; next: ach validate {folder}", markup=False)
