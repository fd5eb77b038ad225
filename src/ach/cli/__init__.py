"""The ``ach`` command: a thin typer layer over the library."""

from ach.cli import (  # noqa: F401  (registers the commands)
    analysts,
    compare,
    evidence,
    init,
    leads,
    matrix,
    rank,
    ratings,
    report,
    schema,
    sources,
    timeline,
    validate,
)
from ach.cli.app import app


def main() -> None:
    """Entry point of the ``ach`` console script."""
    app()


__all__ = ["app", "main"]
