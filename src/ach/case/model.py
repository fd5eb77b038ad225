"""A loaded, cross-checked case: what the engine and the reports work from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ach.case.analysts import CASE_ANALYST, RATINGS_DIR, UnknownAnalyst
from ach.errors import Problem, echo
from ach.evidence.leads import Lead
from ach.evidence.models import EvidenceItem, Source
from ach.hypotheses.models import CaseFile, Hypothesis


@dataclass(frozen=True)
class Case:
    """One question, its hypotheses, sources and evidence, as loaded from a case folder.

    ``ratings`` holds every item's ratings keyed by hypothesis id (aliases resolved, codes
    left out filled in as ``N``); ``priors`` follows the contract's rules for omitted priors.
    ``analysts`` holds, per analyst of ``ratings/``, the ratings of the items they rated,
    resolved the same way (the analyst ``case`` is ``ratings`` itself).
    """

    root: Path
    meta: CaseFile
    sources: tuple[Source, ...]
    items: tuple[EvidenceItem, ...]
    item_files: dict[str, str]
    ratings: dict[str, dict[str, str | float]]
    priors: tuple[float, ...]
    digest: str
    bib: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    #: ``leads.yaml``: outcome ratings keyed by hypothesis id, codes left out filled in as ``N``
    leads: tuple[Lead, ...] = ()
    analysts: dict[str, dict[str, dict[str, str | float]]] = field(default_factory=dict)
    analyst_files: dict[str, str] = field(default_factory=dict)
    #: set by :meth:`as_of`: the year the items were cut at (None: every item, the whole case)
    cutoff: int | None = None
    #: the bytes of every file the digest covers, by path in the case folder: the case can be
    #: written out again exactly as loaded (saved runs, changed copies, comparisons)
    files: Mapping[str, bytes] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    def __repr__(self) -> str:
        counts = (
            f"{len(self.hypotheses)} hypotheses, {len(self.sources)} sources, "
            f"{len(self.items)} items"
        )
        if self.leads:
            counts += f", {len(self.leads)} leads"
        lines = [f"<Case {self.id}: {counts}; {len(self.warnings)} warning(s)>"]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def with_evidence(self, **fields: Any) -> Case:
        """A new case: this one with one more evidence item, checked exactly as ``ach evidence
        add`` checks it (and refused with the same message, as :class:`~ach.errors.AchError`).
        Nothing is written; ``ratings`` may be a mapping ``{hypothesis: code}``."""
        from ach.workspace.variants import with_evidence

        return with_evidence(self, fields)

    def without(self, item_or_source_id: str) -> Case:
        """A new case without one evidence item, or without one source and its items, validated
        as a case folder would be (a source another derives from cannot go alone)."""
        from ach.workspace.variants import without

        return without(self, item_or_source_id)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def hypotheses(self) -> tuple[Hypothesis, ...]:
        return self.meta.hypotheses

    @property
    def analyst_names(self) -> tuple[str, ...]:
        """Every analyst, ``case`` first and then the others by name: the pool's members."""
        return (CASE_ANALYST, *sorted(self.analysts))

    def ratings_of(self, analyst: str) -> dict[str, dict[str, str | float]]:
        """Every item's ratings as ``analyst`` reads them: their own where they rated the
        item, the item's own elsewhere. Raises :class:`UnknownAnalyst` for an unknown name."""
        if analyst == CASE_ANALYST:
            return self.ratings
        if analyst not in self.analysts:
            raise UnknownAnalyst(
                f"analyst {echo(analyst)} is not known in {self.id} (known analysts: "
                f"{', '.join(self.analyst_names)}; each is a file {RATINGS_DIR}/<name>.yaml)"
            )
        return self.ratings | self.analysts[analyst]

    def as_analyst(self, analyst: str) -> Case:
        """This case with ``analyst``'s ratings as the items' own."""
        if analyst == CASE_ANALYST:
            return self
        return replace(self, ratings=self.ratings_of(analyst))

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def item_by_id(self) -> dict[str, EvidenceItem]:
        return {e.id: e for e in self.items}

    @cached_property
    def _chains(self) -> dict[str, tuple[str, ...]]:
        parents = {s.id: s.derived_from for s in self.sources}
        return {s.id: derivation_chain(s.id, parents) for s in self.sources}

    @cached_property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """Sources whose uncertain reliabilities appear together in some item, in source order:
        the model integrates each group jointly.

        A source is joined to every source with a Beta prior on its chain (its own, and those
        it derives from). A fixed reliability is a constant factor, so it joins nothing: works
        that all pass through one fixed link (say, a paper that reports them, at 0.8) stay
        separate one-dimensional integrals rather than one grid over all of them."""
        index = {s.id: i for i, s in enumerate(self.sources)}
        parent = list(range(len(index)))

        def root(j: int) -> int:
            while parent[j] != j:
                parent[j] = parent[parent[j]]
                j = parent[j]
            return j

        uncertain = {s.id for s in self.sources if s.beta() is not None}
        for src in self.sources:
            for other in self.chain(src.id):
                if other not in uncertain:
                    continue
                a, b = root(index[src.id]), root(index[other])
                if a != b:
                    parent[max(a, b)] = min(a, b)
        members: dict[int, list[str]] = {}
        for src in self.sources:
            members.setdefault(root(index[src.id]), []).append(src.id)
        return tuple(tuple(m) for m in members.values())

    def as_of(self, year: int) -> Case:
        """The case as it could have been ranked in ``year`` (see :mod:`ach.case.years`)."""
        from ach.case.years import as_of

        return as_of(self, year)

    def chain(self, source_id: str) -> tuple[str, ...]:
        """The source and every source it derives from, directly or not, each once.

        An item's reliability is the product of the reliabilities along this chain.
        """
        return self._chains[source_id]


def derivation_chain(start: str, parents: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """``start`` and all its ancestors in ``parents``, in first-visit order, cycles tolerated."""
    seen: list[str] = []
    stack = [start]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.append(current)
        stack.extend(reversed(parents.get(current, ())))
    return tuple(seen)
