"""``ach sources add | list``: the sources of a case and how far they are trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ach.cli.app import app, out, reported
from ach.cli.complete import complete_source
from ach.cli.rank import CaseArg

sources_app = typer.Typer(
    help="List, add, import and remove the sources of a case.", no_args_is_help=True
)
app.add_typer(sources_app, name="sources")


@sources_app.command("list")
def list_(case: CaseArg) -> None:
    """List the sources of CASE with their grade, the prior it stands for, and their items."""
    from ach.case import load_case
    from ach.reports.terminal.case_views import sources_list

    with reported():
        loaded = load_case(case)
    out().print(sources_list(loaded))


@sources_app.command("add")
def add(
    case: CaseArg,
    id: Annotated[str, typer.Option("--id", help="Source id: lower-case letters, digits and '-'.")],
    kind: Annotated[
        str,
        typer.Option(help="memoir, letter, speech, archival, scholarship, journalism or other."),
    ],
    reliability: Annotated[
        str,
        typer.Option(
            help="Admiralty grade A-F, a number in [0, 1], or ALPHA,BETA for a Beta prior."
        ),
    ],
    citation: Annotated[str | None, typer.Option(help="The reference, as free text.")] = None,
    bib: Annotated[str | None, typer.Option(help="A key in the case's references.bib.")] = None,
    derived_from: Annotated[
        list[str] | None,
        typer.Option(
            "--derived-from", help="A source this one takes its account from; repeat for each."
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            help="When the account was written or first published (used by --as-of and "
            "ach timeline)."
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Why this grade.")] = None,
) -> None:
    """Add a source to CASE: checked against the whole case, then sources.yaml is rewritten
    atomically with its comments and order kept."""
    from ach.workspace import add_source, build_source

    with reported():
        path = add_source(
            case,
            build_source(
                id=id,
                kind=kind,
                reliability=reliability,
                citation=citation,
                bib=bib,
                derived_from=derived_from,
                year=year,
                notes=notes,
            ),
        )
    out().print(f"added {id} to {path}", markup=False)


@sources_app.command("remove")
def remove(
    case: CaseArg,
    source_id: Annotated[
        str, typer.Argument(help="The source id.", autocompletion=complete_source)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Remove a source from CASE; refused while an item cites it or a source derives from it."""
    from ach.reports.terminal.files import removal_lines
    from ach.workspace.remove import remove_source

    with reported():
        removal = remove_source(case, source_id, dry_run=dry_run)
    for line in removal_lines(removal):
        out().print(line, markup=False, soft_wrap=True)


@sources_app.command("import")
def import_(
    case: CaseArg,
    file: Annotated[Path, typer.Argument(help="A BibTeX (.bib) export of a reference manager.")],
    reliability: Annotated[
        str, typer.Option(help="Grade of every new source (default F: cannot be judged).")
    ] = "F",
    kind: Annotated[
        str | None,
        typer.Option(help="Kind of every new source (default: from the entry type)."),
    ] = None,
) -> None:
    """Make each entry of FILE a source of CASE citing it by key; the entries are appended to
    references.bib as written. Entries the case has (same key, DOI, or title and year) are
    skipped, so importing a file twice changes nothing."""
    from ach.reports.terminal.files import bib_lines
    from ach.workspace.bibimport import import_bib

    with reported():
        done = import_bib(case, file, reliability=reliability, kind=kind)
    for line in bib_lines(done, file.name):
        out().print(line, markup=False, soft_wrap=True)
