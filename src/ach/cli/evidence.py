"""``ach evidence add | list | show``: growing a case item by item, and looking at what is there."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ach.cli.app import app, fail, out, reported
from ach.cli.complete import complete_item
from ach.cli.rank import CaseArg

if TYPE_CHECKING:
    from ach.workspace import AddedItem

evidence_app = typer.Typer(
    help="Add, list, show and remove the evidence items of a case.", no_args_is_help=True
)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("add")
def add(
    case: CaseArg,
    id: Annotated[
        str | None, typer.Option("--id", help="Evidence id, e.g. E41 (becomes evidence/<ID>.yaml).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Id of the source in sources.yaml.")] = None,
    claim: Annotated[str | None, typer.Option(help="What the source says, in your words.")] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option(help="HYPOTHESIS=CODE (CC C N I II) or =PROBABILITY; repeat for each."),
    ] = None,
    quote: Annotated[str | None, typer.Option(help="The source's words, verbatim.")] = None,
    locator: Annotated[str | None, typer.Option(help="Page, chapter or folio.")] = None,
    date: Annotated[
        str | None,
        typer.Option(help="When the reported event happened: YYYY-MM-DD, YYYY-MM or YYYY."),
    ] = None,
    credibility: Annotated[
        int | None, typer.Option(min=1, max=6, help="Admiralty information credibility 1-6.")
    ] = None,
    repeats: Annotated[
        str | None, typer.Option(help="Id of the item this one only restates.")
    ] = None,
    noise: Annotated[
        float | None, typer.Option(help="What the report is worth if the source is unreliable.")
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Why the ratings.")] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the new item in $EDITOR before it is written.")
    ] = False,
    analyst: Annotated[
        str | None,
        typer.Option(
            help="The --rate ratings are this analyst's: they go to ratings/NAME.yaml and the "
            "item is written with no ratings of its own (every hypothesis N)."
        ),
    ] = None,
) -> None:
    """Add an evidence item to CASE: checked against the whole case first, written atomically,
    then the ranking before and after."""
    from ach.case import load_case
    from ach.workspace import add_evidence, build_item
    from ach.workspace.guard import editable_case

    if edit and analyst is not None:
        raise typer.BadParameter("cannot be used with --edit", param_hint="--analyst")
    with reported():
        loaded = load_case(case)
        editable_case(case)  # refuse a bundled case before asking for anything
    if sys.stdin.isatty():  # ask for what is missing, showing the choices
        id = id or typer.prompt("Evidence id")
        source = source or _choose("Source", [s.id for s in loaded.sources])
        claim = claim or typer.prompt("Claim")
        if not rate:
            codes = list(loaded.meta.weights())
            rate = [
                f"{h.id}={_choose(f'Rating for {h.id}', codes, default='N')}"
                for h in loaded.hypotheses
            ]
    missing = [
        name
        for name, value in (
            ("--id", id),
            ("--source", source),
            ("--claim", claim),
            ("--rate", rate),
        )
        if not value
    ]
    if missing:
        fail(f"missing {', '.join(missing)} (required when not asked interactively)")
    with reported():
        item = build_item(
            id=str(id),
            claim=str(claim),
            source=str(source),
            ratings=list(rate or []),
            quote=quote,
            locator=locator,
            date=date,
            credibility=credibility,
            repeats=repeats,
            noise=noise,
            notes=notes,
        )
        added = _add_edited(case, item) if edit else add_evidence(case, item, analyst=analyst)
    from ach.reports.terminal.changes import render_change

    written = [added.path] + ([added.ratings_path] if added.ratings_path is not None else [])
    whose = f"{analyst}'s ranking" if analyst is not None else "the ranking"
    out().print(
        render_change(added.before, added.after, f"What the item did to {whose}", written=written)
    )


def _choose(question: str, choices: list[str], default: str | None = None) -> str:
    """Ask until the answer is one of ``choices`` (shown in the question)."""
    while True:
        answer = str(typer.prompt(f"{question} ({', '.join(choices)})", default=default)).strip()
        if answer in choices:
            return answer
        out().print(f"{answer!r} is not one of {', '.join(choices)}", markup=False)


def _add_edited(case: str, item: dict[str, object]) -> AddedItem:
    """``--edit``: add what the user saves in $EDITOR. A refused draft is never thrown away: at
    a terminal the problems are shown and the editor opens again on it; otherwise (or when
    the user gives up) it is kept in a file named on standard error."""
    from ach.errors import AchError, CaseError
    from ach.workspace import add_evidence
    from ach.workspace.evidence import dump_item

    draft = dump_item(item)
    while True:
        draft = _edited(draft)
        try:
            return add_evidence(case, item, text=draft)
        except AchError as exc:
            lines = (
                [str(p) for p in exc.problems]
                if isinstance(exc, CaseError)
                else str(exc).split("\n")
            )
            if sys.stdin.isatty():
                for line in lines:
                    sys.stderr.write(f"{line}\n")
                if typer.confirm("Open the editor again to fix it?", default=True):
                    continue
            fail([*lines, f"your edited item is kept in {_keep(draft)}"])


def _keep(draft: bytes) -> Path:
    """Save a refused draft outside the case (a .yaml file in evidence/ would be loaded)."""
    handle, name = tempfile.mkstemp(prefix="ach-draft-", suffix=".yaml")
    with os.fdopen(handle, "wb") as file:
        file.write(draft)
    return Path(name)


def _edited(draft: bytes) -> bytes:
    """Let the user edit the draft in $EDITOR; what they save is checked before it is written."""
    editor = os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"
    with tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False) as handle:
        handle.write(draft)
    path = Path(handle.name)
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if done.returncode != 0:
            fail(f"$EDITOR ({editor}) exited with {done.returncode}; nothing was written")
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


@evidence_app.command("list")
def list_(case: CaseArg) -> None:
    """List the evidence items of CASE: id, date, source with grade, claim and ratings."""
    from ach.case import load_case
    from ach.reports.terminal.case_views import evidence_list

    with reported():
        loaded = load_case(case)
    out().print(evidence_list(loaded))


@evidence_app.command("show")
def show(
    case: CaseArg,
    item_id: Annotated[str, typer.Argument(help="The evidence id.", autocompletion=complete_item)],
) -> None:
    """Everything about one evidence item of CASE, with its influence on the ranking."""
    from ach.analysis.evaluator import Evaluator
    from ach.analysis.sensitivity import item_influences
    from ach.case import load_case
    from ach.engine import build_spec
    from ach.engine.order import standing
    from ach.reports.terminal.case_views import ItemInfluenceView, evidence_item

    with reported():
        loaded = load_case(case)
        if item_id not in loaded.item_by_id:
            fail(
                f"{item_id!r} is not an evidence id of {loaded.id} (see `ach evidence list {case}`)"
            )
        spec = build_spec(loaded)
        ev = Evaluator(spec)
        influence = next(i for i in item_influences(loaded, spec, ev) if i.id == item_id)
    # item_influences measures against the exact posterior's leader and runner-up, as
    # ach.engine.order names them (the leader itself when it stands alone)
    ranked = standing(ev.posterior())
    runner = ranked.leader if ranked.runner_up is None else ranked.runner_up
    view = ItemInfluenceView(
        leader=spec.hypothesis_ids[ranked.leader],
        runner_up=spec.hypothesis_ids[runner],
        tied=bool(ranked.tied),
        influence=influence.influence,
        log_odds_without=influence.log_odds_without,
        diagnosticity=influence.diagnosticity,
        non_diagnostic=influence.non_diagnostic,
    )
    out().print(evidence_item(loaded, item_id, view))


@evidence_app.command("remove")
def remove(
    case: CaseArg,
    item_id: Annotated[str, typer.Argument(help="The evidence id.", autocompletion=complete_item)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Remove an evidence item from CASE; refused while another item repeats it."""
    from ach.reports.terminal.files import removal_lines
    from ach.workspace.remove import remove_evidence

    with reported():
        removal = remove_evidence(case, item_id, dry_run=dry_run)
    for line in removal_lines(removal):
        out().print(line, markup=False, soft_wrap=True)
