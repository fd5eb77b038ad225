"""The ``ach`` command: a thin typer layer over the library."""

import os

# One BLAS thread: the engine's matrices are small (Gauss rules of up to 128 nodes), and on a
# busy two-core machine OpenBLAS's threads made each eigen-decomposition 20 times slower
# (bench/README.md). Set before numpy is imported; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
