"""Writing generated reports: atomically, and never into a case folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ach.errors import RefusedOperation


def write_atomic(path: Path, data: bytes, *, case_root: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written report, an earlier report of the same name is replaced
    in one step, and a report is never written inside the case folder it describes (case
    files are the user's; reports are generated).
    """
    target = path.resolve()
    if case_root is not None and target.is_relative_to(case_root.resolve()):
        raise RefusedOperation(
            f"{path}: refusing to write a report inside the case folder {case_root}"
        )
    if target.is_dir():
        raise RefusedOperation(f"{path}: is a folder, not a file")
    if not target.parent.is_dir():
        raise RefusedOperation(f"{path}: the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
