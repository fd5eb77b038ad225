"""Checking a change against the whole case before anything on disk is touched."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ach.case.loader import load_case
from ach.case.model import Case
from ach.errors import RefusedOperation, echo


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


def load_files(files: Mapping[str, bytes], *, folder: str, root: Path | None = None) -> Case:
    """Load a case held in memory (relative path -> bytes), with every check of the loader.

    The files are written to a temporary folder named ``folder`` (a case's id must equal its
    folder's name) and loaded from there; the case returned says it lives at ``root`` (the
    folder it was read from, when there is one), since the temporary one is gone.
    """
    with tempfile.TemporaryDirectory(prefix="ach-case-") as tmp:
        copy = Path(tmp) / folder
        copy.mkdir()
        for name, data in files.items():
            target = (copy / name).resolve()
            if not target.is_relative_to(copy.resolve()):
                raise RefusedOperation(f"{echo(name)}: not a path inside a case folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        case = load_case(copy)
    return replace(case, root=root if root is not None else Path(folder))
