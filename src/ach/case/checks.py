"""Checks that need the whole case: ids that refer to each other, priors, ruled-out hypotheses."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ach.case.model import Case, derivation_chain
from ach.errors import CaseError, Problem, echo
from ach.evidence.models import EvidenceItem, Source
from ach.hypotheses.models import CaseFile
from ach.likelihood import default_noise, non_diagnostic, row, weight
from ach.yamlio import YamlDoc

PRIOR_TOLERANCE = 1e-9
CASE_FILE = "case.yaml"
SOURCES_FILE = "sources.yaml"


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

    # hypotheses: ids and aliases unique (aliases compared without case), one catch-all
    lookup: dict[str, str] = {}
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
        lookup.setdefault(hyp.id.casefold(), hyp.id)
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
    priors = _priors(meta, problems, mline)

    # sources: unique ids, derived_from resolves and has no cycle, bib keys exist
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
        if _in_cycle(src.id, parents):
            problems.append(
                Problem(
                    SOURCES_FILE,
                    f"{src.id}.derived_from",
                    "derived_from forms a cycle (a source cannot derive, directly or not, from itself)",
                    sline((i, "derived_from")),
                )
            )

    # evidence: sources exist, ratings resolve, repeats resolve without cycles
    ratings: dict[str, dict[str, str | float]] = {}
    hyp_ids = [h.id for h in meta.hypotheses]
    for item in items:
        file = item_files[item.id]
        doc, at = item_lines[item.id]
        prefix = _prefix(item, at)
        if item.source not in source_ids and item.source not in declared:
            problems.append(
                Problem(
                    file,
                    prefix + "source",
                    f"{echo(item.source)} is not a source id in sources.yaml",
                    doc.line((*at, "source")),
                )
            )
        resolved: dict[str, str | float] = {}
        for key, value in item.ratings.items():
            target = lookup.get(str(key).casefold())
            if target is None:
                problems.append(
                    Problem(
                        file,
                        f"{prefix}ratings.{key}",
                        f"{echo(key)} is not a hypothesis id or alias (ids: {', '.join(hyp_ids)})",
                        doc.line((*at, "ratings", key)),
                    )
                )
            elif target in resolved:
                problems.append(
                    Problem(
                        file,
                        f"{prefix}ratings.{key}",
                        f"hypothesis {echo(target)} is rated twice",
                        doc.line((*at, "ratings", key)),
                    )
                )
            else:
                resolved[target] = value
        if item.numeric:
            missing = [h for h in hyp_ids if h not in resolved]
            if missing:
                problems.append(
                    Problem(
                        file,
                        prefix + "ratings",
                        f"probability ratings must cover every hypothesis; missing {', '.join(missing)}",
                        doc.line((*at, "ratings")),
                    )
                )
            if item.noise is not None and item.noise > 1:
                problems.append(
                    Problem(
                        file,
                        prefix + "noise",
                        f"{item.noise} is not a probability in [0, 1]",
                        doc.line((*at, "noise")),
                    )
                )
            if resolved and all(v == 0 for v in resolved.values()) and not missing:
                problems.append(
                    Problem(
                        file,
                        prefix + "ratings",
                        "the item is impossible under every hypothesis (all ratings are 0)",
                        doc.line((*at, "ratings")),
                    )
                )
        else:
            resolved = {h: resolved.get(h, "N") for h in hyp_ids}
        ratings[item.id] = {h: resolved[h] for h in hyp_ids if h in resolved}
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
        if item.repeats and item.repeats != item.id and _in_cycle(item.id, repeats):
            doc, at = item_lines[item.id]
            problems.append(
                Problem(
                    item_files[item.id],
                    _prefix(item, at) + "repeats",
                    "repeats forms a cycle (some item must tell the story first)",
                    doc.line((*at, "repeats")),
                )
            )
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
    problems += _ruled_out_everything(case)
    if problems:
        return None, problems, []
    return case, [], _warnings(case)


def with_analysts(
    case: Case, readings: dict[str, dict[str, dict[str, str | float]]], files: dict[str, str]
) -> Case:
    """``case`` with its analysts' ratings; as for the items' own, an analyst whose ratings
    leave every hypothesis at probability zero is refused (naming their file)."""
    from dataclasses import replace

    case = replace(case, analysts=readings, analyst_files=files)
    problems = []
    for analyst, file in files.items():
        for p in _ruled_out_everything(case.as_analyst(analyst)):
            problems.append(Problem(file, p.field, p.message))
    if problems:
        raise CaseError(problems)
    return case


def _prefix(item: EvidenceItem, at: tuple[str | int, ...]) -> str:
    return f"{item.id}." if at else ""


def _priors(meta: CaseFile, problems: list[Problem], mline: object) -> tuple[float, ...]:
    """Priors per the contract: omitted ones share what is left; given ones never renormalised."""
    given = [h.prior for h in meta.hypotheses]
    total = sum(p for p in given if p is not None)
    omitted = sum(p is None for p in given)
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


def _in_cycle(start: str, parents: dict[str, tuple[str, ...]]) -> bool:
    return any(start in derivation_chain(p, parents) for p in parents.get(start, ()))


def _ruled_out_everything(case: Case) -> list[Problem]:
    """An error when the evidence leaves every hypothesis at probability zero.

    P(e | h) = r L(e, h) + (1 - r) noise(e) is zero for every reliability r the prior allows
    when L and noise are both 0, when r is fixed at 1 and L is 0, or when r is fixed at 0 and
    noise is 0. (An uncertain r lies strictly inside (0, 1).) Zero priors rule out too.
    """
    weights = case.meta.weights()
    ruled_out: dict[str, list[str]] = {h.id: [] for h in case.hypotheses}
    zero_prior = {h.id for h, p in zip(case.hypotheses, case.priors, strict=True) if p == 0}
    for item in case.items:
        if item.repeats:
            continue
        likelihood = {h: weight(v, weights) for h, v in case.ratings[item.id].items()}
        noise = (
            item.noise
            if item.noise is not None
            else float(default_noise(np.array(list(likelihood.values()))))
        )
        chain = [case.source_by_id[s] for s in case.chain(item.source)]
        fixed = [float(s.reliability) for s in chain if isinstance(s.reliability, float)]
        r: float | None = math.prod(fixed, start=1.0) if len(fixed) == len(chain) else None
        for hyp, value in likelihood.items():
            if (
                (value == 0 and noise == 0)
                or (r == 1.0 and value == 0)
                or (r == 0.0 and noise == 0)
            ):
                ruled_out[hyp].append(item.id)
    if all(ruled_out[h] or h in zero_prior for h in ruled_out):
        ids = sorted({i for ids in ruled_out.values() for i in ids})
        files = sorted({case.item_files[i] for i in ids})
        return [
            Problem(
                ", ".join(files) if files else CASE_FILE,
                "ratings" if ids else "hypotheses.prior",
                f"together these items leave every hypothesis at probability zero: {', '.join(ids)}"
                if ids
                else "every hypothesis has prior 0",
            )
        ]
    return []


def _warnings(case: Case) -> list[Problem]:
    """Doubtful but valid: worth telling the analyst, never a reason to refuse the case.

    An item is non-diagnostic when its likelihoods (codes read through the case's ``scale``)
    are equal for every hypothesis: P(e | h) is then the same for all h whatever the source's
    reliability. A hypothesis counts as rated only by a counted, diagnostic item that gives it
    a code other than N (or a probability): a ``repeats`` item or a non-diagnostic one moves
    nothing, so rating there does not put the hypothesis to any test.
    """
    out: list[Problem] = []
    rated: set[str] = set()
    cited: set[str] = set()
    weights = case.meta.weights()
    for item in case.items:
        file = case.item_files[item.id]
        cited.update(case.chain(item.source))
        values = row(case.ratings[item.id], list(case.ratings[item.id]), weights)
        flat = bool(non_diagnostic(values)[0])
        if not item.repeats and not flat:
            rated.update(h for h, v in case.ratings[item.id].items() if v != "N")
        if item.quote is None:
            out.append(
                Problem(file, f"{item.id}.quote", "no quote: a reader cannot check the claim")
            )
        if item.locator is None:
            out.append(
                Problem(file, f"{item.id}.locator", "no locator: say where the quote is found")
            )
        if not item.repeats and flat:
            # with a `noise` other than that common likelihood, P(e | h) still varies with r:
            # the item moves the source's reliability, and through it the source's other items
            moves_r = item.noise is not None and len(values) > 0 and item.noise != values[0]
            out.append(
                Problem(
                    file,
                    f"{item.id}.ratings",
                    "non-diagnostic: rated alike for every hypothesis, "
                    + (
                        "it only changes how far its source is trusted (its noise differs)"
                        if moves_r
                        else "it changes nothing"
                    ),
                )
            )
    out += _restatements(case)
    for hyp in case.hypotheses:
        if case.items and hyp.id not in rated:
            out.append(Problem(CASE_FILE, f"hypotheses.{hyp.id}", "no item rates this hypothesis"))
    for src in case.sources:
        if src.id not in cited:
            out.append(Problem(SOURCES_FILE, src.id, "no evidence item cites this source"))
    if not case.items:
        out.append(
            Problem("evidence", "", "the case has no evidence items: the ranking is the prior")
        )
    return out


def _restatements(case: Case) -> list[Problem]:
    """Items that look like a retelling of an earlier one (same source chain, same ratings)
    but are not marked ``repeats``: counted twice, one story would weigh double."""
    seen: dict[tuple[object, ...], str] = {}
    out = []
    for item in case.items:
        if item.repeats:
            continue
        key = (tuple(sorted(case.chain(item.source))), tuple(sorted(case.ratings[item.id].items())))
        if len(set(case.ratings[item.id].values())) > 1 and key in seen:
            out.append(
                Problem(
                    case.item_files[item.id],
                    f"{item.id}.repeats",
                    f"looks like a restatement of {seen[key]} (same source chain, same ratings); "
                    f"if it only retells it, mark it `repeats: {seen[key]}`",
                )
            )
        seen.setdefault(key, item.id)
    return out
