"""``ach.rank``: a case in, a :class:`RankResult` out, by the engine asked for."""

from __future__ import annotations

import os
import platform
from dataclasses import replace
from importlib import metadata
from typing import Any

import numpy as np

from ach.case.analysts import POOL
from ach.case.model import Case
from ach.engine.exact import fit_exact
from ach.engine.fit import Fit
from ach.engine.heuer import inconsistency
from ach.engine.order import first_shares, standing
from ach.engine.result import HypothesisResult, Provenance, RankResult, SourceResult
from ach.engine.spec import ModelSpec, build_spec
from ach.errors import AchError
from ach.likelihood import prior_mean

ENGINES = ("exact", "pymc")
DEFAULT_SEED = 0
DEFAULT_DRAWS = 4000
INTERVAL = (0.05, 0.95)


def rank(
    case: Case | str | os.PathLike[str],
    *,
    engine: str = "exact",
    seed: int = DEFAULT_SEED,
    draws: int = DEFAULT_DRAWS,
    analyst: str | None = None,
    as_of: int | None = None,
    **options: Any,
) -> RankResult:
    """Rank a case's hypotheses by posterior probability.

    ``case`` is a loaded :class:`Case`, a case folder or a case id. ``engine`` is ``exact``
    (quadrature; the default) or ``pymc`` (the same model sampled by PyMC; ``options`` go to
    it). ``analyst`` reads the items by one analyst's ratings, or pools them all
    (:data:`~ach.case.analysts.POOL`); None is the items' own. ``as_of`` ranks the case as it
    could have been ranked in that year (:meth:`Case.as_of`). The same case and seed give the
    same numbers.
    """
    if not isinstance(case, Case):
        from ach.case.loader import load_case

        case = load_case(case)
    if as_of is not None:
        case = case.as_of(as_of)
    if case.cutoff is not None:  # ranked as any case, then said to be cut at a year
        items_only = replace(case, cutoff=None)
        whole = rank(items_only, engine=engine, seed=seed, draws=draws, analyst=analyst, **options)
        return _dated(whole, case)
    if engine not in ENGINES:
        raise AchError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if draws < 1:
        raise AchError(f"draws must be at least 1, not {draws}")
    spec = build_spec(case, analyst)
    if engine == "exact" and options:
        raise AchError(
            f"{', '.join(sorted(options))}: options of the pymc engine, not of the exact one"
        )
    if engine == "exact":
        fit = fit_exact(spec, draws=draws, seed=seed)
    else:
        from ach.engine.pymc_backend import fit_pymc

        fit = fit_pymc(spec, seed=seed, draws=draws, **options)
    return assemble(case, spec, fit, seed=seed)


def _dated(result: RankResult, case: Case) -> RankResult:
    """A ranking of a case cut at a year says so: the year in the settings, and the
    warnings the cut calls for (undated sources, no item yet)."""
    from ach.case.years import cutoff_warnings

    provenance = result.provenance.model_copy(
        update={"settings": {**result.provenance.settings, "as_of": case.cutoff}}
    )
    return result.model_copy(
        update={
            "provenance": provenance,
            "warnings": (*result.warnings, *cutoff_warnings(case)),
        }
    )


def assemble(case: Case, spec: ModelSpec, fit: Fit, *, seed: int) -> RankResult:
    """A :class:`RankResult` from any backend's fit: the one place that orders the hypotheses
    (:func:`~ach.engine.order.standing`), takes the intervals and P(first), and records the
    provenance, so that the engines cannot differ in form."""
    conditional = fit.conditional_draws
    lo, hi = np.quantile(conditional, INTERVAL, axis=0)
    p_first = first_shares(conditional)
    heuer = inconsistency(case, spec.analyst)
    ranked = standing(fit.posterior)
    hyps = [
        HypothesisResult(
            id=h.id,
            label=h.label,
            posterior=float(fit.posterior[i]),
            interval=(float(lo[i]), float(hi[i])),
            inconsistency=heuer[h.id],
            prior=float(spec.prior[i]),
            p_first=float(p_first[i]),
            catch_all=h.catch_all,
        )
        for i, h in enumerate(case.hypotheses)
    ]
    items_per_source = np.bincount(spec.item_source, minlength=len(spec.source_ids))
    r_lo, r_hi = np.quantile(fit.reliability_draws, INTERVAL, axis=0)
    prior_r = prior_mean(spec.fixed, spec.alpha, spec.beta)
    sources = [
        SourceResult(
            id=src.id,
            kind=src.kind,
            grade=src.grade_label(),
            prior_alpha=None if np.isnan(spec.alpha[j]) else float(spec.alpha[j]),
            prior_beta=None if np.isnan(spec.beta[j]) else float(spec.beta[j]),
            prior_mean=float(prior_r[j]),
            posterior_mean=float(fit.reliability_mean[j]),
            interval=(float(r_lo[j]), float(r_hi[j])),
            items=int(items_per_source[j]),
            derived_from=src.derived_from,
        )
        for j, src in enumerate(case.sources)
    ]
    return RankResult(
        case=case.id,
        title=case.meta.title,
        question=case.meta.question,
        hypotheses=tuple(hyps[i] for i in ranked.order),
        tied=tuple(case.hypotheses[i].id for i in ranked.tied),
        sources=tuple(sources),
        engine=fit.engine,
        provenance=Provenance(
            case_digest=case.digest,
            seed=seed,
            engine=fit.engine,
            draws=int(conditional.shape[0]),
            versions=versions(*fit.versions),
            settings=fit.settings | _reading(case, spec.analyst),
        ),
        warnings=tuple(fit.warnings),
        diagnostics=fit.diagnostics,
    )


def _reading(case: Case, analyst: str | None) -> dict[str, Any]:
    """Whose ratings the numbers come from, for the provenance (nothing for the items' own)."""
    if analyst == POOL:
        return {"pool": list(case.analyst_names)}
    return {"analyst": analyst} if analyst else {}


def versions(*extra: str) -> dict[str, str]:
    """Versions of Python and of the packages that shaped the numbers."""
    import pydantic

    out = {
        "python": platform.python_version(),
        "ach": _dist_version("ach"),
        "numpy": np.__version__,
        "pydantic": pydantic.VERSION,
    }
    out.update({name: _dist_version(name) for name in extra})
    return out


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
