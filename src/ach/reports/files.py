"""Writing generated reports: atomically, and never into a case folder."""

from __future__ import annotations

from pathlib import Path

from ach.atomic import write_atomic
from ach.errors import RefusedOperation


def write_report(path: Path, data: bytes, *, case_root: Path) -> None:
    """Write a report, replacing an earlier one of the same name in one step.

    A report is never written inside the case folder it describes: case files are the
    user's, reports are generated.
    """
    if path.resolve().is_relative_to(case_root.resolve()):
        raise RefusedOperation(
            f"{path}: refusing to write a report inside the case folder {case_root}"
        )
    write_atomic(path, data)
