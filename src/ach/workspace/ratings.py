"""``ach ratings set``: one analyst's ratings of one item, written to ``ratings/<analyst>.yaml``.

The same guarantees as every write of a case: the change is checked with the whole case on a
temporary copy, under the case's lock, and written atomically; a refusal changes no byte. The
file is edited by a ruamel.yaml round trip, so its comments, order and other entries stay.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ach.atomic import case_lock, write_atomic
from ach.case.analysts import CASE_ANALYST, RATINGS_DIR
from ach.case.loader import load_case
from ach.case.model import Case
from ach.case.schema import modeline
from ach.engine.rank import rank
from ach.engine.result import RankResult
from ach.errors import RefusedOperation, echo
from ach.evidence.models import _key_text
from ach.fields import ID_PATTERN
from ach.workspace.guard import editable_case
from ach.workspace.trial import load_with

#: Draws for the before/after rankings shown after a write (as ``evidence add`` uses).
SHOWN_DRAWS = 1000


@dataclass(frozen=True)
class RatingsChange:
    """What ``ratings set`` wrote, and the analyst's ranking before and after."""

    path: Path
    analyst: str
    before: RankResult
    after: RankResult


def parse_ratings(ratings: list[str]) -> dict[str, str | float]:
    """``HYPOTHESIS=CODE`` (or ``=PROBABILITY``) options as a ratings mapping."""
    parsed: dict[str, str | float] = {}
    for rating in ratings:
        hyp, sep, value = rating.partition("=")
        if not sep or not hyp.strip() or not value.strip():
            raise RefusedOperation(
                f"--rate {echo(rating)}: expected HYPOTHESIS=CODE, e.g. eliava=CC"
            )
        text = value.strip()
        try:
            parsed[hyp.strip()] = float(text)
        except ValueError:
            parsed[hyp.strip()] = text
    return parsed


def check_analyst_name(analyst: str) -> None:
    """Refuse a name that cannot be a ratings file's, or the reserved ``case``."""
    if analyst == CASE_ANALYST:
        raise RefusedOperation(
            f"--analyst {CASE_ANALYST}: the items' own ratings are written in their files under "
            "evidence/; name another analyst; nothing was written"
        )
    if not ID_PATTERN.match(analyst):
        raise RefusedOperation(
            f"--analyst {echo(analyst)}: not a valid analyst name (lower-case letters, digits "
            "and '-'; it names the file ratings/<name>.yaml); nothing was written"
        )


def ratings_file(case: Case, analyst: str) -> str:
    """The case-relative file holding ``analyst``'s ratings (the one they have, if any)."""
    return case.analyst_files.get(analyst, f"{RATINGS_DIR}/{analyst}.yaml")


def set_ratings(
    case_ref: str | os.PathLike[str], item_id: str, analyst: str, ratings: dict[str, str | float]
) -> RatingsChange:
    """Set ``analyst``'s ratings of ``item_id`` (replacing any they had for it; hypotheses left
    out are N) and rank the case as the analyst reads it, before and after."""
    root = editable_case(case_ref)  # never a bundled case
    check_analyst_name(analyst)
    with case_lock(root):
        before = load_case(root)
        name = ratings_file(before, analyst)
        path = root / name
        text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
        data = with_entry(text, item_id, ratings, name).encode("utf-8")
        after = load_with(root, {name: data})  # every check, on the case as it would be
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
    reading = analyst if analyst in before.analysts else None
    return RatingsChange(
        path=path,
        analyst=analyst,
        before=rank(before, analyst=reading, draws=SHOWN_DRAWS),
        after=rank(after, analyst=analyst, draws=SHOWN_DRAWS),
    )


def with_entry(text: str, item_id: str, ratings: dict[str, str | float], name: str) -> str:
    """The text of the ratings file ``name`` with ``item_id``'s entry set to ``ratings`` (in
    flow style, as the contract writes them), every other entry and comment kept; a new file
    starts with the schema modeline, as every file ach writes."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()  # round-trip mode
    yaml.allow_unicode = True
    yaml.width = 4096
    document = yaml.load(text) if text.strip() else None
    if document is None:
        document = CommentedMap()
    if not isinstance(document, CommentedMap):  # the loader refuses such a file first
        raise RefusedOperation(f"{item_id}: the ratings file is not a mapping; nothing was written")
    entry = CommentedMap(ratings)
    entry.fa.set_flow_style()
    key: Any = next((k for k in document if _key_text(k) == item_id), item_id)
    document[key] = entry
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue() if text.strip() else modeline("ratings", name) + buffer.getvalue()
