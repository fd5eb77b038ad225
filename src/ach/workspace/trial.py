"""Checking a change against the whole case before anything on disk is touched."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ach.case.loader import load_case
from ach.case.model import Case


def load_with(root: Path, changes: Mapping[str, bytes | None]) -> Case:
    """Load the case at ``root`` as it would be with ``changes`` (relative path -> new bytes,
    or None for a file that would be deleted).

    The case is copied to a temporary folder of the same name and changed there, so every
    cross-check of the loader runs on exactly what would be written (and errors name the
    files as they would be named in the case). Raises :class:`~ach.errors.CaseError`.
    """
    with tempfile.TemporaryDirectory(prefix="ach-check-") as tmp:
        copy = Path(tmp) / root.resolve().name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
        for name, data in changes.items():
            if data is None:
                (copy / name).unlink(missing_ok=True)
                continue
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes(data)
        return load_case(copy)
