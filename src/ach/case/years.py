"""What could be known when: the items of a case that count as of a year.

A source's ``year`` is when its account was written or first published. An item can be
known only once every source on its derivation chain exists: a letter known only through a
later memoir is known from the memoir's year. A source without a year counts as available at
every date. ``--as-of`` is therefore the same model on a subset of the items, and every engine
and analysis works on the subset unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ach.case.model import Case

#: undated sources named in the warning (the count is always given; the line stays one line)
NAMED = 5


def known_from(case: Case, source_id: str) -> int | None:
    """The first year a source's items can be known: the latest ``year`` on its derivation
    chain (itself included), or None when no source on the chain has a year."""
    years = [y for y in (case.source_by_id[s].year for s in case.chain(source_id)) if y is not None]
    return max(years) if years else None


def available(case: Case, source_id: str, year: int) -> bool:
    """Whether the items of ``source_id`` could be known in ``year``."""
    first = known_from(case, source_id)
    return first is None or first <= year


def as_of(case: Case, year: int) -> Case:
    """The case as it could have been ranked in ``year``: items whose source chain was not yet
    written are left out; sources, hypotheses and settings stay.

    The sources stay so that the result lists the same sources as the case with those items
    deleted from disk (a source with no items leaves the posterior as it is). Items marked
    ``repeats`` are kept or left out by their own chain; they add no weight either way.
    """
    keep = tuple(e for e in case.items if available(case, e.source, year))
    ids = {e.id for e in keep}
    return replace(
        case,
        items=keep,
        item_files={k: v for k, v in case.item_files.items() if k in ids},
        ratings={k: v for k, v in case.ratings.items() if k in ids},
        cutoff=year if case.cutoff is None else min(year, case.cutoff),
    )


def source_years(case: Case) -> tuple[int, ...]:
    """Every distinct ``year`` of the case's sources, ascending: the points of a timeline."""
    return tuple(sorted({s.year for s in case.sources if s.year is not None}))


def undated(case: Case) -> tuple[str, ...]:
    """Ids of the sources without a ``year`` (available at every date)."""
    return tuple(s.id for s in case.sources if s.year is None)


def counted_items(case: Case) -> int:
    """Items that add weight: all but those marked ``repeats`` (the contract's count)."""
    return sum(e.repeats is None for e in case.items)


def undated_warning(case: Case) -> str | None:
    """How many sources have no year (naming a few): their items count at every date."""
    missing = undated(case)
    if not missing:
        return None
    total = len(case.sources)
    verb = "has no year and counts" if len(missing) == 1 else "have no year and count"
    named = ", ".join(missing[:NAMED]) + (", ..." if len(missing) > NAMED else "")
    return (
        f"{len(missing)} of {total} source{'s' if total != 1 else ''} {verb} as available "
        f"at every date ({named})"
    )


def cutoff_warnings(case: Case) -> list[str]:
    """What a ranking as of a year must say: how many sources are undated, and when no item
    counts yet. Empty when the case is not cut at a year."""
    if case.cutoff is None:
        return []
    out = []
    missing = undated_warning(case)
    if missing:
        out.append(f"as of {case.cutoff}: {missing}")
    if not counted_items(case):
        out.append(f"as of {case.cutoff}: no item counts yet, so the ranking is the prior")
    return out
