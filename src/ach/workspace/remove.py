"""``ach evidence remove`` and ``ach sources remove``: taking something out of a case.

A removal is refused while anything still refers to the target (an item that ``repeats`` it,
an analyst's ratings file rating it, an item citing the source, a source that derives from it, a lead that would come from it):
removing it would leave a dangling reference, and the user should decide what becomes of the
referrer. The refusal names every referrer. What is left is checked on a temporary copy of the case, under the case lock, before
one file is rewritten (or deleted, when the target was alone in it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ach.atomic import case_lock, write_atomic
from ach.case.leads import LEADS_FILE
from ach.case.loader import SOURCES_FILE, load_case
from ach.case.model import Case
from ach.errors import RefusedOperation, echo
from ach.workspace.guard import editable_case
from ach.workspace.trial import load_with
from ach.workspace.yamledit import without_entry
from ach.yamlio import load_yaml_file


@dataclass(frozen=True)
class Removal:
    """What a removal changes (or, with ``dry_run``, would change): one file of the case."""

    kind: str  # "evidence" or "source"
    target: str
    file: str  # relative to the case folder
    path: Path
    before: bytes
    after: bytes | None  # None: the file is deleted
    dry_run: bool


def remove_evidence(
    case_ref: str | os.PathLike[str], item_id: str, *, dry_run: bool = False
) -> Removal:
    """Remove evidence item ``item_id`` from its file (deleting the file if it held only it)."""
    root = editable_case(case_ref)
    with case_lock(root):
        case = load_case(root)
        if item_id not in case.item_by_id:
            raise RefusedOperation(
                f"{echo(item_id)} is not an evidence id of {case.id}; nothing was written"
            )
        name = case.item_files[item_id]
        referrers = [
            f"item {e.id} repeats it ({case.item_files[e.id]})"
            for e in case.items
            if e.repeats == item_id
        ]
        referrers += [
            f"analyst {analyst} rates it ({case.analyst_files[analyst]})"
            for analyst, rated in sorted(case.analysts.items())
            if item_id in rated
        ]
        _refuse_if_referred(f"{name}: {item_id}", referrers)
        return _apply(root, "evidence", item_id, name, dry_run)


def remove_source(
    case_ref: str | os.PathLike[str], source_id: str, *, dry_run: bool = False
) -> Removal:
    """Remove source ``source_id`` from ``sources.yaml``."""
    root = editable_case(case_ref)
    with case_lock(root):
        case = load_case(root)
        if source_id not in case.source_by_id:
            raise RefusedOperation(
                f"{SOURCES_FILE}: {echo(source_id)} is not a source of {case.id}; nothing was written"
            )
        _refuse_if_referred(f"{SOURCES_FILE}: {source_id}", _source_referrers(case, source_id))
        return _apply(root, "source", source_id, SOURCES_FILE, dry_run)


def _source_referrers(case: Case, source_id: str) -> list[str]:
    found = [
        f"item {e.id} cites it ({case.item_files[e.id]})"
        for e in case.items
        if e.source == source_id
    ]
    found += [
        f"source {s.id} derives from it ({SOURCES_FILE})"
        for s in case.sources
        if source_id in s.derived_from
    ]
    found += [
        f"lead {lead.id} would come from it ({LEADS_FILE})"
        for lead in case.leads
        if lead.source == source_id
    ]
    return found


def _refuse_if_referred(what: str, referrers: list[str]) -> None:
    if referrers:
        shown = "; ".join(referrers[:10]) + (
            f"; and {len(referrers) - 10} more" if len(referrers) > 10 else ""
        )
        raise RefusedOperation(
            f"{what}: still referred to: {shown}; remove or change those first; nothing was written"
        )


def _apply(root: Path, kind: str, target: str, name: str, dry_run: bool) -> Removal:
    path = root / name
    before = path.read_bytes()
    doc, _ = load_yaml_file(path, name)
    data = doc.data if doc is not None else None
    after: bytes | None
    if (isinstance(data, list) and len(data) > 1) or kind == "source":
        index = next(
            i
            for i, entry in enumerate(data or [])
            if isinstance(entry, dict) and str(entry.get("id")) == target
        )
        text = before.decode("utf-8-sig")
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        after = bom + without_entry(text, index).encode("utf-8")
    else:
        after = None  # the item was alone in its file
    load_with(root, {name: after})  # what is left must still be a valid case
    if not dry_run:
        if after is None:
            path.unlink()
        else:
            write_atomic(path, after)
    return Removal(kind, target, name, path, before, after, dry_run)
