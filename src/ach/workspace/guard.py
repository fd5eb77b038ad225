"""Which case folders ach may write into.

A case id finds a local case (``./cases``) before a bundled one, so ``ach evidence add
havza-negotiator`` run outside a case library resolves to the copy shipped inside the package:
in an editable install that is the project's own source tree, elsewhere site-packages, where
the next ``pip install`` would silently discard the analyst's work. Writes go to the analyst's
own copy only; ``ach init DEST --from CASE`` makes one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ach.case import loader
from ach.errors import RefusedOperation


def editable_case(case_ref: str | os.PathLike[str]) -> Path:
    """The folder ``case_ref`` names, refused when it is one of the cases bundled with ach."""
    root = loader.find_case(case_ref)
    bundled = loader.bundled_cases_dir().resolve()
    if root.resolve().is_relative_to(bundled):
        name = root.resolve().name
        raise RefusedOperation(
            f"{case_ref}: {name} is bundled with ach and read-only here; copy it first with "
            f"`ach init {name}-copy --from {name}` and edit the copy; nothing was written"
        )
    return root
