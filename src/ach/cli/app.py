"""The typer application and what every command shares: consoles and error handling.

Library errors become one line per problem on standard error and exit code 1; typer keeps
exit code 2 for usage errors. Nothing here computes anything.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console

from ach.errors import AchError, CaseError

app = typer.Typer(
    name="ach",
    help="Analysis of Competing Hypotheses with Bayesian inference: rank rival explanations "
    "against evidence from sources of uncertain reliability.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion: case, item and source ids (cli/complete.py)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Engine(StrEnum):
    """--engine choices: typer refuses anything else as a usage error (exit 2)."""

    exact = "exact"
    pymc = "pymc"


class Sampler(StrEnum):
    smc = "smc"
    nuts = "nuts"


class Format(StrEnum):
    pdf = "pdf"
    md = "md"
    html = "html"


#: Exit codes (the output contract).
EXIT_BAD_CASE = 1
EXIT_POOR_DIAGNOSTICS = 3


def out() -> Console:
    """Standard output, for results."""
    return Console(highlight=False)


def err() -> Console:
    """Standard error, for progress, warnings and problems."""
    return Console(stderr=True, highlight=False)


def fail(lines: list[str] | str, code: int = EXIT_BAD_CASE) -> NoReturn:
    """Print each line plainly on standard error and exit (no traceback, no markup)."""
    for line in [lines] if isinstance(lines, str) else lines:
        sys.stderr.write(f"{line}\n")
    raise typer.Exit(code)


@contextmanager
def reported() -> Iterator[None]:
    """Turn the library's errors into one line per problem and exit code 1."""
    try:
        yield
    except CaseError as exc:
        fail([str(p) for p in exc.problems])
    except AchError as exc:
        fail(str(exc).splitlines() or [type(exc).__name__])
