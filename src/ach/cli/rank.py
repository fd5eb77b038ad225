"""``ach rank``: the ranking, with the reasons."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ach.cli.app import EXIT_POOR_DIAGNOSTICS, Engine, Sampler, app, err, out, reported
from ach.cli.complete import complete_case

CaseArg = Annotated[
    str,
    typer.Argument(
        help="A case folder, or the id of a case in ./cases or bundled with ach.",
        autocompletion=complete_case,
    ),
]


@app.command()
def rank(
    case: CaseArg,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the result as JSON (the output contract) and nothing else on standard output.",
        ),
    ] = False,
    seed: Annotated[
        int,
        typer.Option(
            help="Random seed for the posterior draws; the same case and seed give the same numbers."
        ),
    ] = 0,
    engine: Annotated[
        Engine, typer.Option(help="exact (quadrature, the default) or pymc.")
    ] = Engine.exact,
    draws: Annotated[
        int, typer.Option(min=1, help="Posterior draws of the reliabilities, for the intervals.")
    ] = 4000,
    sampler: Annotated[
        Sampler | None,
        typer.Option(
            help="With --engine pymc: smc (Sequential Monte Carlo, the default; robust when "
            "sources conflict) or nuts."
        ),
    ] = None,
    analyst: Annotated[
        str | None,
        typer.Option(
            help="Rank by this analyst's ratings (ratings/NAME.yaml; `case` is the items' own)."
        ),
    ] = None,
    pool: Annotated[
        bool,
        typer.Option(
            "--pool",
            help="Pool every analyst's ratings, the items' own included, with equal weight.",
        ),
    ] = False,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of",
            metavar="YEAR",
            help="Rank as it could have been ranked in YEAR: leave out items whose source, or a "
            "source it derives from, has a later year (sources without a year always count).",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            help="Also write the result to FILE.json: the --json output plus each item's and "
            "source's contribution, the case digest and the case's files (for `ach compare`).",
            metavar="FILE.json",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit with code 3 when the sampler's diagnostics are poor (R-hat, ESS, divergences).",
        ),
    ] = False,
) -> None:
    """Rank the hypotheses of CASE by posterior probability, with 90% intervals and reasons."""
    from ach.analysis.ranking import rank as rank_case
    from ach.case import load_case
    from ach.case.analysts import POOL

    if pool and analyst is not None:
        raise typer.BadParameter("give --analyst NAME or --pool, not both", param_hint="--pool")
    reading = POOL if pool else analyst
    if save is not None and (reading is not None or as_of is not None):
        raise typer.BadParameter(
            "not with --analyst, --pool or --as-of: a saved run is the whole case ranked by "
            "its items' own ratings, which `ach compare` recomputes",
            param_hint="--save",
        )
    options: dict[str, Any] = {}
    if sampler is not None:
        if engine is not Engine.pymc:
            raise typer.BadParameter(
                f"applies to --engine pymc only, not to --engine {engine.value}",
                param_hint="--sampler",
            )
        options["sampler"] = sampler.value
    with reported():
        loaded = load_case(case)
        result = rank_case(
            loaded,
            engine=engine.value,
            seed=seed,
            draws=draws,
            analyst=reading,
            as_of=as_of,
            **options,
        )
        if save is not None:
            from ach.analysis.compare import write_run

            write_run(save, loaded, result)
    from ach.reports.terminal import render_rank
    from ach.reports.terminal.checks import summary

    note = summary(loaded.warnings, listed_by=f"ach validate {case}")
    if note:
        err().print(note, markup=False)
    if json_:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out().print(render_rank(result))
    for warning in result.warnings if json_ else ():
        err().print(f"warning: {warning}", markup=False, soft_wrap=True)
    if strict and result.diagnostics and result.diagnostics.get("poor"):
        raise typer.Exit(EXIT_POOR_DIAGNOSTICS)
