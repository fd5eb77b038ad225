"""Reference checks: ids unique, and every id a file names (an alias, a source, a parent
source, a BibTeX key, a repeated item) names something that exists, without cycles."""

from __future__ import annotations

from collections.abc import Callable

from ach.case.model import derivation_chain
from ach.case.ratings import CASE_FILE, hypothesis_lookup
from ach.errors import Problem, echo
from ach.evidence.models import EvidenceItem, Source
from ach.hypotheses.models import CaseFile
from ach.yamlio import YamlDoc

SOURCES_FILE = "sources.yaml"
Line = Callable[[tuple[str | int, ...]], int | None]


def check_hypotheses(meta: CaseFile, mline: Line, problems: list[Problem]) -> dict[str, str]:
    """Hypothesis ids and aliases unique (aliases compared without case), at most one
    catch-all; returns the lookup from id or alias to hypothesis id."""
    seen_ids: set[str] = set()
    for i, hyp in enumerate(meta.hypotheses):
        if hyp.id in seen_ids:
            problems.append(
                Problem(
                    CASE_FILE,
                    f"hypotheses.{hyp.id}.id",
                    "hypothesis id given twice",
                    mline(("hypotheses", i, "id")),
                )
            )
        seen_ids.add(hyp.id)
    lookup = {h.id.casefold(): h.id for h in reversed(meta.hypotheses)}
    for i, hyp in enumerate(meta.hypotheses):
        for j, alias in enumerate(hyp.aliases):
            key = alias.casefold()
            if lookup.get(key, hyp.id) != hyp.id:
                owner = lookup[key]
                what = "the id of" if owner.casefold() == key else "already an alias of"
                problems.append(
                    Problem(
                        CASE_FILE,
                        f"hypotheses.{hyp.id}.aliases[{j}]",
                        f"{echo(alias)} is {what} hypothesis {echo(owner)}",
                        mline(("hypotheses", i, "aliases")),
                    )
                )
            lookup.setdefault(key, hyp.id)
    catch_alls = [h.id for h in meta.hypotheses if h.catch_all]
    if len(catch_alls) > 1:
        problems.append(
            Problem(
                CASE_FILE,
                "hypotheses",
                f"at most one catch_all hypothesis, found {', '.join(catch_alls)}",
                mline(("hypotheses",)),
            )
        )
    return hypothesis_lookup(meta)


def check_sources(
    sources: list[Source],
    sline: Line,
    bib: dict[str, dict[str, str]],
    has_bib: bool,
    declared: set[str],
    problems: list[Problem],
) -> dict[str, int]:
    """Source ids unique, ``derived_from`` resolving without a cycle, ``bib`` keys in
    references.bib; returns each source id's position."""
    source_ids: dict[str, int] = {}
    for i, src in enumerate(sources):
        if src.id in source_ids:
            problems.append(
                Problem(SOURCES_FILE, f"{src.id}.id", "source id given twice", sline((i, "id")))
            )
        source_ids.setdefault(src.id, i)
    for i, src in enumerate(sources):
        for parent in src.derived_from:
            if parent not in source_ids and parent not in declared:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        f"{src.id}.derived_from",
                        f"{echo(parent)} is not a source id",
                        sline((i, "derived_from")),
                    )
                )
        if src.bib is not None:
            if not has_bib:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        f"{src.id}.bib",
                        f"{echo(src.bib)}: the case has no references.bib",
                        sline((i, "bib")),
                    )
                )
            elif src.bib not in bib:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        f"{src.id}.bib",
                        f"{echo(src.bib)} is not a key in references.bib",
                        sline((i, "bib")),
                    )
                )
    parents = {s.id: s.derived_from for s in sources}
    for i, src in enumerate(sources):
        if in_cycle(src.id, parents):
            problems.append(
                Problem(
                    SOURCES_FILE,
                    f"{src.id}.derived_from",
                    "derived_from forms a cycle (a source cannot derive, directly or not, from itself)",
                    sline((i, "derived_from")),
                )
            )

    return source_ids


def check_item_references(
    items: list[EvidenceItem],
    item_files: dict[str, str],
    item_lines: dict[str, tuple[YamlDoc, tuple[str | int, ...]]],
    source_ids: dict[str, int],
    declared: set[str],
    problems: list[Problem],
) -> None:
    """Each item's source exists; ``repeats`` names another item, without a cycle."""
    for item in items:
        file = item_files[item.id]
        doc, at = item_lines[item.id]
        prefix = item_prefix(item, at)
        if item.source not in source_ids and item.source not in declared:
            problems.append(
                Problem(
                    file,
                    prefix + "source",
                    f"{echo(item.source)} is not a source id in sources.yaml",
                    doc.line((*at, "source")),
                )
            )
        if item.repeats is not None:
            if item.repeats == item.id:
                problems.append(
                    Problem(
                        file,
                        prefix + "repeats",
                        "an item cannot repeat itself",
                        doc.line((*at, "repeats")),
                    )
                )
            elif item.repeats not in item_files and item.repeats not in declared:
                problems.append(
                    Problem(
                        file,
                        prefix + "repeats",
                        f"{echo(item.repeats)} is not an evidence id",
                        doc.line((*at, "repeats")),
                    )
                )
    repeats: dict[str, tuple[str, ...]] = {e.id: (e.repeats,) if e.repeats else () for e in items}
    for item in items:
        if item.repeats and item.repeats != item.id and in_cycle(item.id, repeats):
            doc, at = item_lines[item.id]
            problems.append(
                Problem(
                    item_files[item.id],
                    item_prefix(item, at) + "repeats",
                    "repeats forms a cycle (some item must tell the story first)",
                    doc.line((*at, "repeats")),
                )
            )


def item_prefix(item: EvidenceItem, at: tuple[str | int, ...]) -> str:
    """Items in a file of several are named by id in the field (``E07.ratings``)."""
    return f"{item.id}." if at else ""


def in_cycle(start: str, parents: dict[str, tuple[str, ...]]) -> bool:
    """Whether following ``parents`` from ``start`` leads back to it."""
    return any(start in derivation_chain(p, parents) for p in parents.get(start, ()))
