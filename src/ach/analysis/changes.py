"""What changed between two versions of a case: items, sources and the case file, by id.

Only the content counts: an item moved to another file, or re-rated through an alias of the
same hypothesis, has not changed. An edit *weighs* when it touches something the model reads
(an item's ratings, source, ``repeats`` or ``noise``; a source's reliability or derivation;
the hypotheses, priors or scale); an edit of a claim, quote, locator, date, credibility or
notes is still listed, since a reviewer wants to see it, but it cannot move the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ach.case.model import Case

ChangeKind = Literal["item", "source", "case"]
ChangeVerb = Literal["added", "removed", "edited"]

#: Fields of an item, a source and the case file that enter the model.
ITEM_WEIGHS = ("ratings", "source", "repeats", "noise")
SOURCE_WEIGHS = ("reliability", "derived_from")
CASE_WEIGHS = ("hypotheses", "scale")


@dataclass(frozen=True)
class Edit:
    """One item, source or case file added, removed or edited (with the fields edited)."""

    kind: ChangeKind
    id: str
    change: ChangeVerb
    fields: tuple[str, ...] = ()

    @property
    def weighs(self) -> bool:
        """Whether the model reads anything this change touches."""
        if self.change != "edited":
            return True
        weighing = {"item": ITEM_WEIGHS, "source": SOURCE_WEIGHS, "case": CASE_WEIGHS}[self.kind]
        return any(f in weighing for f in self.fields)

    def describe(self) -> str:
        """``added``, ``removed`` or ``edited: ratings, notes``."""
        return f"edited: {', '.join(self.fields)}" if self.change == "edited" else self.change


def diff(old: Case, new: Case) -> list[Edit]:
    """Every change from ``old`` to ``new``: the case file, then sources, then items."""
    edits: list[Edit] = []
    case_fields = _changed_fields(old.meta, new.meta)
    if case_fields:
        edits.append(Edit("case", new.id, "edited", case_fields))
    for kind, before, after in (
        ("source", old.source_by_id, new.source_by_id),
        ("item", old.item_by_id, new.item_by_id),
    ):
        for ident in after:
            if ident not in before:
                edits.append(Edit(kind, ident, "added"))  # type: ignore[arg-type]
        for ident in before:
            if ident not in after:
                edits.append(Edit(kind, ident, "removed"))  # type: ignore[arg-type]
        for ident, now in after.items():
            if ident in before:
                changed = _changed_fields(before[ident], now)
                if kind == "item":
                    changed = _resolved_ratings(changed, old, new, ident)
                if changed:
                    edits.append(Edit(kind, ident, "edited", changed))  # type: ignore[arg-type]
    return edits


def _changed_fields(before: object, after: object) -> tuple[str, ...]:
    names = type(after).model_fields  # type: ignore[attr-defined]
    return tuple(n for n in names if getattr(before, n) != getattr(after, n))


def _resolved_ratings(
    changed: tuple[str, ...], old: Case, new: Case, ident: str
) -> tuple[str, ...]:
    """Ratings count as edited when they differ once aliases are resolved and codes left out
    are filled in as ``N`` (a rewording of the same ratings changes nothing)."""
    same = _comparable(old.ratings[ident], new) == _comparable(new.ratings[ident], old)
    if same:
        return tuple(f for f in changed if f != "ratings")
    return changed if "ratings" in changed else (*changed, "ratings")


def _comparable(ratings: dict[str, str | float], other: Case) -> dict[str, str | float]:
    """Ratings as they can be compared with another version's: a hypothesis the other version
    does not have counts only when rated other than ``N`` (a hypothesis added to the case is
    filled in as ``N`` in every item that does not rate it: that is not an edit of the item)."""
    known = {h.id for h in other.hypotheses}
    return {h: r for h, r in ratings.items() if h in known or r != "N"}
