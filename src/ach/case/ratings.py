"""Ratings resolved to hypothesis ids: the one way an item's, an analyst's or a lead
outcome's ratings are read (by id or alias, each hypothesis once, codes filled in with ``N``,
probabilities covering every hypothesis), and the check that the evidence leaves some
hypothesis possible.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from ach.errors import Problem, echo
from ach.evidence.models import EvidenceItem
from ach.hypotheses.models import CaseFile
from ach.likelihood import default_noise, weight
from ach.yamlio import YamlDoc

if TYPE_CHECKING:  # the case model imports the analysts' reader, which imports this
    from ach.case.model import Case


def hypothesis_lookup(meta: CaseFile) -> dict[str, str]:
    """Every hypothesis id and alias, compared without case, to the hypothesis id (an id wins
    over another hypothesis's alias; clashes are reported by the reference checks)."""
    lookup: dict[str, str] = {}
    for hyp in meta.hypotheses:
        lookup.setdefault(hyp.id.casefold(), hyp.id)
    for hyp in meta.hypotheses:
        for alias in hyp.aliases:
            lookup.setdefault(alias.casefold(), hyp.id)
    return lookup


def resolve_keys[V](
    ratings: Mapping[str, V],
    lookup: Mapping[str, str],
    hyp_ids: list[str],
    *,
    file: str,
    field: str,
    line: Callable[[str], int | None],
    problems: list[Problem],
) -> dict[str, V]:
    """``ratings`` keyed by hypothesis id; a key that names no hypothesis, or a hypothesis
    rated twice (by id and alias), is a problem ``{field}.{key}`` of ``file``."""
    resolved: dict[str, V] = {}
    for key, value in ratings.items():
        target = lookup.get(key.casefold())
        if target is None:
            message = f"{echo(key)} is not a hypothesis id or alias (ids: {', '.join(hyp_ids)})"
        elif target in resolved:
            message = f"hypothesis {echo(target)} is rated twice"
        else:
            resolved[target] = value
            continue
        problems.append(Problem(file, f"{field}.{key}" if field else key, message, line(key)))
    return resolved


def complete(
    resolved: dict[str, str | float], hyp_ids: list[str], numeric: bool
) -> tuple[dict[str, str | float], list[str]]:
    """Ratings for every hypothesis by the item rules: codes leave ``N`` for a hypothesis not
    named; probabilities must name every one (the missing are returned, to be reported)."""
    if not numeric:
        return {h: resolved.get(h, "N") for h in hyp_ids}, []
    missing = [h for h in hyp_ids if h not in resolved]
    return {h: resolved[h] for h in hyp_ids if h in resolved}, missing


def missing_message(missing: list[str]) -> str:
    return f"probability ratings must cover every hypothesis; missing {', '.join(missing)}"


CASE_FILE = "case.yaml"
IMPOSSIBLE = "the item is impossible under every hypothesis (all ratings are 0)"


def resolve_item_ratings(
    items: list[EvidenceItem],
    item_files: dict[str, str],
    item_lines: dict[str, tuple[YamlDoc, tuple[str | int, ...]]],
    lookup: Mapping[str, str],
    hyp_ids: list[str],
    problems: list[Problem],
) -> dict[str, dict[str, str | float]]:
    """Each item's own ratings (the analyst ``case``) keyed by hypothesis id, completed by the
    item rules; probabilities must also be possible and come with a noise in [0, 1]."""
    out: dict[str, dict[str, str | float]] = {}
    for item in items:
        file = item_files[item.id]
        doc, at = item_lines[item.id]
        prefix = f"{item.id}." if at else ""
        resolved = resolve_keys(
            {str(k): v for k, v in item.ratings.items()},
            lookup,
            hyp_ids,
            file=file,
            field=prefix + "ratings",
            line=lambda key, doc=doc, at=at: doc.line((*at, "ratings", key)),  # type: ignore[misc]
            problems=problems,
        )
        ratings, missing = complete(resolved, hyp_ids, item.numeric)
        if item.numeric:
            where = doc.line((*at, "ratings"))
            if missing:
                problems.append(Problem(file, prefix + "ratings", missing_message(missing), where))
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
                problems.append(Problem(file, prefix + "ratings", IMPOSSIBLE, where))
        out[item.id] = ratings
    return out


def ruled_out_everything(case: Case) -> list[Problem]:
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
