"""Shell completion of CASE arguments, item ids and source ids (``ach --install-completion``).

Each function answers while the user presses Tab, so it never raises and never prints: a
case that cannot be found or loaded simply completes to nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


def complete_case(incomplete: str) -> list[str]:
    """Case ids from ./cases and the bundled cases; folders when a path is being typed."""
    from ach.case.loader import list_cases

    if os.sep in incomplete:
        head, _, stem = incomplete.rpartition(os.sep)
        prefix = incomplete[: len(incomplete) - len(stem)]
        try:
            return sorted(
                f"{prefix}{p.name}{os.sep}"
                for p in Path(head or os.sep).iterdir()
                if p.is_dir() and p.name.startswith(stem) and not p.name.startswith(".")
            )
        except OSError:
            return []
    try:
        return sorted({p.name for p in list_cases() if p.name.startswith(incomplete)})
    except OSError:
        return []


def _case_of(ctx: typer.Context) -> object | None:
    from ach.case.loader import load_case
    from ach.errors import AchError

    ref = ctx.params.get("case") or ctx.params.get("into")
    if not ref:
        return None
    try:
        return load_case(str(ref))
    except (AchError, OSError):
        return None


def complete_item(ctx: typer.Context, incomplete: str) -> list[str]:
    """The evidence ids of the case named earlier on the command line."""
    case = _case_of(ctx)
    items = getattr(case, "items", ())
    return [e.id for e in items if e.id.startswith(incomplete)]


def complete_source(ctx: typer.Context, incomplete: str) -> list[str]:
    """The source ids of the case named earlier on the command line."""
    case = _case_of(ctx)
    sources = getattr(case, "sources", ())
    return [s.id for s in sources if s.id.startswith(incomplete)]
