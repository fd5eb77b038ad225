"""``ach schema``: the JSON Schemas of the case files, for editors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ach.cli.app import app, out, reported


@app.command()
def schema(
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            help="Write one <kind>.schema.json per file kind into this folder instead of printing.",
        ),
    ] = None,
) -> None:
    """The JSON Schema (2020-12) of each kind of case file, generated from the models ach
    validates with: printed as one JSON object keyed by kind, or written with --write DIR."""
    from ach.case.schema import schemas, write_schemas

    if write is None:
        sys.stdout.write(json.dumps(schemas(), indent=2, ensure_ascii=False) + "\n")
        return
    with reported():
        written = write_schemas(write)
    for path in written:
        out().print(f"wrote {path}", markup=False)
