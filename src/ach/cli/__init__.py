"""The ``ach`` command: a thin typer layer over the library."""

from ach.cli import evidence, init, rank, report, sources, validate  # noqa: F401  (registers the commands)
from ach.cli.app import app


def main() -> None:
    """Entry point of the ``ach`` console script."""
    app()


__all__ = ["app", "main"]
