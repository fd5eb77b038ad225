"""``ach evidence add``: a new evidence item, checked against the whole case, then written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ach.atomic import case_lock, create_new, write_atomic
from ach.case.loader import load_case
from ach.case.model import Case
from ach.engine.rank import rank
from ach.engine.result import RankResult
from ach.errors import CaseError, Problem, RefusedOperation, echo
from ach.fields import EVIDENCE_ID_PATTERN
from ach.workspace.guard import editable_case
from ach.workspace.ratings import check_analyst_name, parse_ratings, ratings_file, with_entry
from ach.workspace.trial import load_with
from ach.yamlio import parse_yaml

#: The order fields are written in: what a reader looks for first comes first.
FIELD_ORDER = (
    "id",
    "claim",
    "quote",
    "source",
    "locator",
    "date",
    "credibility",
    "ratings",
    "noise",
    "repeats",
    "notes",
)


def build_item(
    *,
    id: str,
    claim: str,
    source: str,
    ratings: list[str],
    quote: str | None = None,
    locator: str | None = None,
    date: str | None = None,
    credibility: int | None = None,
    repeats: str | None = None,
    noise: float | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """An evidence item as it will be written, from command-line values (``HYP=CODE`` ratings)."""
    parsed = parse_ratings(ratings)
    values = {
        "id": id,
        "claim": claim,
        "quote": quote,
        "source": source,
        "locator": locator,
        "date": date,
        "credibility": credibility,
        "ratings": parsed,
        "noise": noise,
        "repeats": repeats,
        "notes": notes,
    }
    return {k: values[k] for k in FIELD_ORDER if values[k] is not None}


def dump_item(item: dict[str, Any]) -> bytes:
    """YAML for one item: UTF-8 kept readable (no escapes), fields in the usual order, under
    the modeline that lets editors check it against the schema (``ach schema``)."""
    from ach.case.schema import modeline
    from ach.workspace.yamledit import BlockDumper  # multi-line text as a `|` block

    text: str = yaml.dump(item, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    return (modeline("evidence", "evidence/item.yaml") + text).encode("utf-8")


def _saved_id(text: bytes, drafted: str) -> str:
    """The id of the one item the user saved in the editor: the file is named after it.

    A changed id must not land in the draft's file name (``E42.yaml`` holding ``Z9``), and
    ``evidence add`` adds one item: a saved list is refused. YAML the loader cannot read keeps
    the draft's id, so that its error names the file the item would have had.
    """
    doc, problems = parse_yaml(
        text.decode("utf-8-sig", errors="replace"), f"evidence/{drafted}.yaml"
    )
    if doc is None or problems:
        return drafted
    if not isinstance(doc.data, dict):
        raise RefusedOperation(
            f"evidence/{drafted}.yaml: the saved file must hold one item (a mapping of fields); "
            "nothing was written"
        )
    return str(doc.data.get("id", drafted))


def item_file(item_id: str) -> str:
    """The file a new item is written to, ``evidence/<id>.yaml``; refused when the id could
    not name one (the check ``evidence add`` and ``Case.with_evidence`` share)."""
    name = f"evidence/{item_id}.yaml"
    if not EVIDENCE_ID_PATTERN.match(item_id):
        raise CaseError(
            [
                Problem(
                    name if "/" not in item_id else "evidence",
                    "id",
                    f"{echo(item_id)} is not a valid evidence id (letters, digits, '-', '_' "
                    "and '.', starting with a letter or digit; no path separator)",
                )
            ]
        )
    return name


def refuse_taken(case: Case, item_id: str, name: str, *, exists: bool) -> None:
    """Refuse an id the case already uses, or a file name already taken."""
    if item_id in case.item_by_id:
        raise RefusedOperation(
            f"{name}: id: {echo(item_id)} is already used in {case.item_files[item_id]}; nothing was written"
        )
    if exists:
        raise RefusedOperation(f"{name}: already exists; nothing was written")


@dataclass(frozen=True)
class AddedItem:
    path: Path
    before: RankResult
    after: RankResult
    #: with ``analyst``: whose ratings these are, the file they went to, and the rankings
    #: above are that analyst's
    analyst: str | None = None
    ratings_path: Path | None = None


def add_evidence(
    case_ref: str | os.PathLike[str],
    item: dict[str, Any],
    *,
    text: bytes | None = None,
    analyst: str | None = None,
) -> AddedItem:
    """Check ``item`` against the whole case, write ``evidence/<id>.yaml``, and rank before/after.

    ``text`` replaces the YAML written (``--edit`` passes what the user saved). Nothing is
    written unless the case with the new item loads cleanly; the id is checked again under the
    case's lock, and the file is created without ever replacing an existing one.

    With ``analyst`` the ratings are that analyst's: they go to ``ratings/<analyst>.yaml``
    and the item is written with no ratings of its own (every hypothesis N for the analyst
    ``case``, whose ranking it leaves as it was until someone rates it there); both files
    are checked together and written under the same lock.
    """
    root = editable_case(case_ref)  # never a bundled case
    own_ratings: dict[str, Any] = {}
    if analyst is not None:
        check_analyst_name(analyst)
        if text is not None:
            raise RefusedOperation(
                "--analyst and --edit cannot be used together; nothing was written"
            )
        own_ratings, item = item.get("ratings", {}), {**item, "ratings": {}}
    item_id = str(item.get("id", ""))
    if text is not None:
        item_id = _saved_id(text, item_id)
    name = item_file(item_id)
    data = text if text is not None else dump_item(item)
    with case_lock(root):
        before_case = load_case(root)
        refuse_taken(before_case, item_id, name, exists=(root / name).exists())
        changes = {name: data}
        if analyst is not None:
            ratings_name = ratings_file(before_case, analyst)
            ratings_path = root / ratings_name
            old = ratings_path.read_text("utf-8-sig") if ratings_path.is_file() else ""
            changes[ratings_name] = with_entry(old, item_id, own_ratings, ratings_name).encode(
                "utf-8"
            )
        after_case = load_with(root, changes)  # every cross-check, on the case as it would be
        (root / "evidence").mkdir(exist_ok=True)  # a case may start without the folder
        create_new(root / name, data)
        if analyst is not None:
            try:
                ratings_path.parent.mkdir(exist_ok=True)
                write_atomic(ratings_path, changes[ratings_name])
            except BaseException:
                (root / name).unlink()  # both files or neither
                raise
    # Both rankings come from the cases checked under the lock: an add that lands the moment
    # the lock is released must not be shown as this item's effect.
    if analyst is None:
        return AddedItem(root / name, rank(before_case, draws=1000), rank(after_case, draws=1000))
    reading = analyst if analyst in before_case.analysts else None
    return AddedItem(
        root / name,
        rank(before_case, draws=1000, analyst=reading),
        rank(after_case, draws=1000, analyst=analyst),
        analyst=analyst,
        ratings_path=ratings_path,
    )
