"""Checks that need the whole case, in order: references (:mod:`ach.case.references`), priors,
ratings resolved to hypothesis ids (:mod:`ach.case.ratings`), then the case is built and
checked for evidence that rules out everything; warnings come last
(:mod:`ach.case.warnings`)."""

from __future__ import annotations

from pathlib import Path

from ach.case.model import Case
from ach.case.ratings import CASE_FILE, resolve_item_ratings, ruled_out_everything
from ach.case.references import check_hypotheses, check_item_references, check_sources
from ach.case.warnings import case_warnings
from ach.errors import CaseError, Problem, echo
from ach.evidence.models import EvidenceItem, Source
from ach.hypotheses.models import CaseFile
from ach.yamlio import YamlDoc

PRIOR_TOLERANCE = 1e-9


def cross_check(
    *,
    root: Path,
    meta: CaseFile,
    meta_doc: YamlDoc | None,
    sources: list[Source],
    sources_doc: YamlDoc | None,
    items: list[EvidenceItem],
    item_files: dict[str, str],
    item_lines: dict[str, tuple[YamlDoc, tuple[str | int, ...]]],
    bib: dict[str, dict[str, str]],
    has_bib: bool,
    digest: str,
    declared: set[str] | None = None,
    incomplete: bool = False,
) -> tuple[Case | None, list[Problem], list[Problem]]:
    """Cross-check a case whose files each validated; returns (case, problems, warnings).

    ``declared`` holds ids of sources and items whose entries failed validation: they exist,
    so references to them are not reported again. ``incomplete`` says some entries failed:
    only the reference checks run then.
    """
    problems: list[Problem] = []
    declared = declared or set()
    mline = meta_doc.line if meta_doc is not None else (lambda path: None)
    sline = sources_doc.line if sources_doc is not None else (lambda path: None)

    if meta.id != root.resolve().name:
        problems.append(
            Problem(
                CASE_FILE,
                "id",
                f"{echo(meta.id)} must equal the folder name {echo(root.resolve().name)}",
                mline(("id",)),
            )
        )

    lookup = check_hypotheses(meta, mline, problems)
    priors = _priors(meta, problems, mline)

    source_ids = check_sources(sources, sline, bib, has_bib, declared, problems)
    hyp_ids = [h.id for h in meta.hypotheses]
    ratings = resolve_item_ratings(items, item_files, item_lines, lookup, hyp_ids, problems)
    check_item_references(items, item_files, item_lines, source_ids, declared, problems)
    if problems or incomplete:
        return None, problems, []

    case = Case(
        root=root,
        meta=meta,
        sources=tuple(sources),
        items=tuple(items),
        item_files=item_files,
        ratings=ratings,
        priors=priors,
        digest=digest,
        bib=bib,
    )
    problems += ruled_out_everything(case)
    if problems:
        return None, problems, []
    return case, [], case_warnings(case)


def with_analysts(
    case: Case, readings: dict[str, dict[str, dict[str, str | float]]], files: dict[str, str]
) -> Case:
    """``case`` with its analysts' ratings; as for the items' own, an analyst whose ratings
    leave every hypothesis at probability zero is refused (naming their file)."""
    from dataclasses import replace

    case = replace(case, analysts=readings, analyst_files=files)
    problems = []
    for analyst, file in files.items():
        for p in ruled_out_everything(case.as_analyst(analyst)):
            problems.append(Problem(file, p.field, p.message))
    if problems:
        raise CaseError(problems)
    return case


def _priors(meta: CaseFile, problems: list[Problem], mline: object) -> tuple[float, ...]:
    """Priors per the contract: omitted ones share what is left; given ones never renormalised."""
    given = [h.prior for h in meta.hypotheses]
    total = sum(p for p in given if p is not None)
    omitted = sum(p is None for p in given)
    if total > 1 + PRIOR_TOLERANCE or (omitted == 0 and abs(total - 1) > PRIOR_TOLERANCE):
        # asked only now: a line costs PyYAML a reading of case.yaml
        line = mline(("hypotheses",))  # type: ignore[operator]
    if total > 1 + PRIOR_TOLERANCE:
        problems.append(
            Problem(
                CASE_FILE,
                "hypotheses.prior",
                f"the given priors add up to {total:.10g}, more than 1",
                line,
            )
        )
        return ()
    if omitted == 0 and abs(total - 1) > PRIOR_TOLERANCE:
        problems.append(
            Problem(
                CASE_FILE,
                "hypotheses.prior",
                f"every prior is given, so they must add up to 1, not {total:.10g}",
                line,
            )
        )
        return ()
    rest = max(0.0, 1 - total) / omitted if omitted else 0.0
    return tuple(p if p is not None else rest for p in given)
