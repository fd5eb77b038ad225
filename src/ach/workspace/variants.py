"""Changed copies of a case, in memory: one item more, one item or source less, one entry
swapped for another version of it.

Every variant is made by changing the case's files (the bytes it was loaded from) and loading
the result with the loader's every check, exactly as a folder would be loaded: there is no
second validator. ``Case.with_evidence`` refuses what ``ach evidence add`` refuses, with the
same message, because it runs the same checks on the same YAML. Nothing here touches a disk
file of the user's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import yaml

from ach.case.loader import SOURCES_FILE
from ach.case.model import Case
from ach.errors import RefusedOperation, echo
from ach.workspace.evidence import build_item, dump_item, item_file, refuse_taken
from ach.workspace.trial import load_files
from ach.yamlio import parse_yaml

Kind = Literal["item", "source"]
#: What ``with_evidence`` accepts: the options of ``ach evidence add``, by their field names.
ITEM_FIELDS = (
    "id",
    "claim",
    "source",
    "ratings",
    "quote",
    "locator",
    "date",
    "credibility",
    "repeats",
    "noise",
    "notes",
)


def with_evidence(case: Case, fields: Mapping[str, Any]) -> Case:
    """``case`` with one more item, checked as ``ach evidence add`` checks it."""
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise RefusedOperation(
            f"{', '.join(unknown)}: not a field of an evidence item (fields: {', '.join(ITEM_FIELDS)})"
        )
    missing = [name for name in ("id", "claim", "source", "ratings") if not fields.get(name)]
    if missing:
        raise RefusedOperation(f"missing {', '.join(missing)}")
    values = dict(fields)
    ratings = values.pop("ratings")
    if isinstance(ratings, Mapping):
        ratings = [f"{hyp}={code}" for hyp, code in ratings.items()]
    elif isinstance(ratings, str):
        ratings = [ratings]
    item = build_item(ratings=list(ratings), **{k: v for k, v in values.items() if v is not None})
    item_id = str(item["id"])
    name = item_file(item_id)
    refuse_taken(case, item_id, name, exists=name in case.files)
    return _load({**case.files, name: dump_item(item)}, case)


def without(case: Case, ident: str) -> Case:
    """``case`` without one item, or without one source and every item it gave."""
    if ident in case.item_by_id:
        return _load(replaced(case, "item", ident, None), case)
    if ident in case.source_by_id:
        files = dict(case.files)
        for item in case.items:
            if item.source == ident:
                files = _without_entry(files, case.item_files[item.id], item.id)
        files = _without_entry(files, SOURCES_FILE, ident)
        return _load(files, case)
    raise RefusedOperation(f"{echo(ident)} is neither an evidence item nor a source of {case.id}")


def entries(case: Case, kind: Kind) -> dict[str, dict[str, Any]]:
    """The items (or sources) of ``case`` as written in its files, by id (raw YAML data)."""
    if kind == "source":
        data = _parsed(case.files, SOURCES_FILE) or []
        return {str(e["id"]): e for e in data if isinstance(e, dict) and "id" in e}
    found: dict[str, dict[str, Any]] = {}
    for name in sorted(set(case.item_files.values())):
        data = _parsed(case.files, name)
        for entry in data if isinstance(data, list) else [data]:
            if isinstance(entry, dict) and str(entry.get("id")) in case.item_files:
                found[str(entry["id"])] = entry
    return found


def replaced(
    case: Case, kind: Kind, ident: str, entry: Mapping[str, Any] | None
) -> dict[str, bytes]:
    """The files of ``case`` with item (or source) ``ident`` set to ``entry``: removed when
    ``entry`` is None, added when the case does not have it, swapped otherwise."""
    files = dict(case.files)
    if kind == "source":
        data = [e for e in (_parsed(files, SOURCES_FILE) or []) if _id(e) != ident]
        if entry is not None:
            data.append(dict(entry))
        files[SOURCES_FILE] = _dump(data)
        return files
    if ident in case.item_files:
        files = _without_entry(files, case.item_files[ident], ident)
    if entry is not None:
        files[_free_name(files, ident)] = dump_item(dict(entry))
    return files


def _without_entry(files: dict[str, bytes], name: str, ident: str) -> dict[str, bytes]:
    """``files`` with entry ``ident`` taken out of file ``name`` (the file goes when emptied)."""
    data = _parsed(files, name)
    kept = [e for e in data if _id(e) != ident] if isinstance(data, list) else []
    out = dict(files)
    if kept or name == SOURCES_FILE:
        out[name] = _dump(kept)
    else:
        del out[name]
    return out


def _free_name(files: Mapping[str, bytes], ident: str) -> str:
    name, n = f"evidence/{ident}.yaml", 1
    while name in files:
        n += 1
        name = f"evidence/{ident}-{n}.yaml"
    return name


def _id(entry: object) -> str | None:
    return str(entry["id"]) if isinstance(entry, dict) and "id" in entry else None


def _parsed(files: Mapping[str, bytes], name: str) -> Any:
    """The YAML data of one file, read as the loader reads it (YAML 1.2 booleans and numbers)."""
    if name not in files:
        return None
    doc, _ = parse_yaml(files[name].decode("utf-8-sig"), name)
    return doc.data if doc is not None else None


def _dump(data: object) -> bytes:
    text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def _load(files: Mapping[str, bytes], like: Case) -> Case:
    return load_files(files, folder=like.root.name or like.id, root=like.root)
