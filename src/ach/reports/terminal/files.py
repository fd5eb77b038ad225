"""Terminal output of the commands that move a case's files: remove, import, export, schema.

Plain lines (every id and path whole, nothing cut to the width), so that they read the same
in a pipe as at a terminal.
"""

from __future__ import annotations

import difflib

from ach.workspace.bibimport import Imported
from ach.workspace.matrix import MatrixImport
from ach.workspace.remove import Removal


def removal_lines(removal: Removal) -> list[str]:
    """What a removal did, or (dry run) would do; a changed file is shown as a unified diff."""
    what = "item" if removal.kind == "evidence" else "source"
    if removal.after is None:
        verb = "would delete" if removal.dry_run else "deleted"
        return [f"{verb} {removal.file} (it held only {what} {removal.target})"]
    if not removal.dry_run:
        return [f"removed {what} {removal.target} from {removal.file}"]
    diff = difflib.unified_diff(
        removal.before.decode("utf-8-sig").splitlines(),
        removal.after.decode("utf-8-sig").splitlines(),
        fromfile=f"a/{removal.file}",
        tofile=f"b/{removal.file}",
        lineterm="",
    )
    return [f"would remove {what} {removal.target} from {removal.file}:", *diff]


def import_lines(done: MatrixImport) -> list[str]:
    """Which items a matrix import added and updated (with the columns that changed)."""
    if not done.added and not done.updated:
        return ["nothing to change: every row matches its item"]
    lines = []
    if done.added:
        lines.append(f"added {len(done.added)} item(s): {', '.join(done.added)}")
    for item_id, columns in done.updated.items():
        lines.append(f"updated {item_id}: {', '.join(columns)}")
    return lines


def bib_lines(done: list[Imported], file: str) -> list[str]:
    """Each entry of an imported BibTeX file: the source it became, or why it was skipped."""
    lines = []
    for entry in done:
        if entry.skipped:
            lines.append(f"skipped {entry.key}: {entry.skipped}")
            continue
        how = f"source {entry.id}" + (f" (id from the key {entry.key})" if entry.renamed else "")
        bib = "" if entry.bib_added else "; the entry was already in references.bib"
        lines.append(f"added {how}, kind {entry.kind}{bib}")
    added = sum(1 for e in done if not e.skipped)
    lines.append(f"{file}: {added} source(s) added, {len(done) - added} skipped")
    if added:
        lines.append(
            "graded F (cannot be judged) unless --reliability said otherwise: grade each in sources.yaml"
        )
    return lines
