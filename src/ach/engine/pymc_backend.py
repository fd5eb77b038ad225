"""The PyMC backend: the contract's model sampled by PyMC, from the same spec as the exact one.

The hypotheses are summed out inside the model (log-sum-exp over h of log prior +
log-likelihood), so the only free variables are the reliabilities of the sources that have a
Beta prior. P(h | e) is Rao-Blackwellised: for every posterior draw of the reliabilities we
compute P(h | e, r) exactly and average, which is both lower-variance than counting sampled
h and gives the same draws of P(h | e, r) that the exact engine's intervals come from.

Conflicting sources make the posterior of the reliabilities multimodal (one source right,
or the other), and NUTS then stays in one mode. The default sampler is therefore Sequential
Monte Carlo (``pm.sample_smc``), which moves a population of particles from the prior to the
posterior through tempered steps and keeps both modes; NUTS stays selectable. Diagnostics
(R-hat, bulk and tail ESS, divergences) are computed with ArviZ and travel in the result.

This module and :mod:`ach.engine.pymc_model` (the model itself) are the only ones that import
PyMC, PyTensor and ArviZ, and only when they run.

References
----------
Del Moral, P., Doucet, A. and Jasra, A. (2006). Sequential Monte Carlo samplers. *JRSS B* 68,
411-436. Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. and Bürkner, P.-C. (2021).
Rank-normalization, folding, and localization: an improved R-hat. *Bayesian Analysis* 16,
667-718. Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical Methods*, sec. 4.2
(Rao-Blackwellisation).
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import numpy as np

from ach.engine.fit import Fit
from ach.engine.pymc_model import build_model, conditional_posterior
from ach.engine.spec import FloatArray, ModelSpec
from ach.errors import AchError

SAMPLERS = ("smc", "nuts")
#: Two chains (the machines have two cores; they run one after the other in one process).
DEFAULT_CHAINS = 2
#: NUTS warm-up draws per chain.
DEFAULT_TUNE = 1000
#: Poor-diagnostics thresholds (Vehtari et al. 2021): R-hat above 1.01, or fewer than 100
#: effective draws per chain in the bulk or the tails.
RHAT_MAX = 1.01
ESS_PER_CHAIN_MIN = 100
#: Fewer draws per chain than this leave R-hat and ESS undefined (and SMC needs particles).
MIN_DRAWS_PER_CHAIN = 10
VERSIONS = ("pymc", "pytensor", "arviz-base", "arviz-stats")


def fit_pymc(
    spec: ModelSpec,
    *,
    seed: int,
    draws: int,
    sampler: str = "smc",
    chains: int | None = None,
    tune: int = DEFAULT_TUNE,
    progress: bool = True,
    **unknown: Any,
) -> Fit:
    """Fit with PyMC; ``draws`` is the total over ``chains`` (as for the exact engine).

    ``sampler`` is ``smc`` (the default) or ``nuts``; ``chains`` defaults to
    :data:`DEFAULT_CHAINS`; ``tune`` is NUTS's warm-up per chain (SMC tunes itself);
    ``progress`` shows PyMC's progress bar on standard error.
    """
    if unknown:
        raise AchError(
            f"unknown option(s) for the pymc engine: {', '.join(sorted(unknown))} "
            "(valid: chains, progress, sampler, tune)"
        )
    if sampler not in SAMPLERS:
        raise AchError(f"sampler {sampler!r} is not one of {', '.join(SAMPLERS)}")
    chains = DEFAULT_CHAINS if chains is None else chains
    if chains < 1 or tune < 0:
        raise AchError(f"chains must be at least 1 and tune at least 0, not {chains} and {tune}")
    free = np.flatnonzero(spec.free)
    settings: dict[str, Any] = {"sampler": sampler, "chains": chains, "draws": draws}
    if len(free) == 0:
        # nothing uncertain: the model is evaluated once, without a sampler
        conditional = conditional_posterior(spec, np.zeros((1, 0)))
        settings = {"sampler": "none (every reliability is fixed)"}
        return Fit(
            engine="pymc",
            posterior=conditional[0],
            conditional_draws=conditional,
            reliability_mean=spec.fixed.copy(),
            reliability_draws=spec.fixed[None, :],
            settings=settings,
            diagnostics={"sampler": "none"},
            versions=VERSIONS,
        )
    if draws < MIN_DRAWS_PER_CHAIN * chains:
        raise AchError(
            f"the pymc engine needs at least {MIN_DRAWS_PER_CHAIN} draws per chain "
            f"(--draws {MIN_DRAWS_PER_CHAIN * chains} with {chains} chains), not {draws}"
        )
    per_chain = -(-draws // chains)
    # SMC has no warm-up to set: it tunes its Metropolis steps at every tempering stage
    settings |= {"draws_per_chain": per_chain, "tune": tune if sampler == "nuts" else None}
    idata = _sample(
        spec,
        sampler=sampler,
        chains=chains,
        per_chain=per_chain,
        tune=tune,
        seed=seed,
        progress=progress,
    )
    r_draws = np.asarray(idata.posterior["reliability"].values, dtype=float)  # (chain, draw, k)
    n_chains, n_draws = r_draws.shape[:2]
    flat = r_draws.reshape(n_chains * n_draws, len(free))
    conditional = conditional_posterior(spec, flat)
    rel_draws = np.tile(np.where(spec.free, np.nan, spec.fixed), (flat.shape[0], 1))
    rel_draws[:, free] = flat
    diagnostics, warnings = _diagnostics(
        idata, r_draws, conditional.reshape(n_chains, n_draws, -1), spec, sampler
    )
    return Fit(
        engine="pymc",
        posterior=conditional.mean(axis=0),
        conditional_draws=conditional,
        reliability_mean=rel_draws.mean(axis=0),
        reliability_draws=rel_draws,
        warnings=warnings,
        settings=settings,
        diagnostics=diagnostics,
        versions=VERSIONS,
    )


def _sample(
    spec: ModelSpec,
    *,
    sampler: str,
    chains: int,
    per_chain: int,
    tune: int,
    seed: int,
    progress: bool,
) -> Any:
    import pymc as pm

    model = build_model(spec)
    # PyMC draws its progress bar on standard output; ours belongs on standard error, so that
    # `ach rank --json` prints nothing but JSON there.
    with contextlib.redirect_stdout(sys.stderr), model:
        if sampler == "smc":
            return pm.sample_smc(
                draws=per_chain,
                chains=chains,
                cores=1,
                random_seed=seed,
                progressbar=progress,
                compute_convergence_checks=False,
            )
        return pm.sample(
            draws=per_chain,
            tune=tune,
            chains=chains,
            cores=1,
            random_seed=seed,
            progressbar=progress,
            nuts_sampler="pymc",
            compute_convergence_checks=False,
        )


def _diagnostics(
    idata: Any, r_draws: FloatArray, conditional: FloatArray, spec: ModelSpec, sampler: str
) -> tuple[dict[str, Any], list[str]]:
    """R-hat and ESS of every reliability and of every P(h | e, r); divergences for NUTS."""
    import arviz_stats as azs

    chains = r_draws.shape[0]
    free_ids = [spec.source_ids[j] for j in np.flatnonzero(spec.free)]
    quantities = {f"reliability[{s}]": r_draws[:, :, i] for i, s in enumerate(free_ids)}
    quantities |= {
        f"P({h} | e, r)": conditional[:, :, i] for i, h in enumerate(spec.hypothesis_ids)
    }
    table: dict[str, dict[str, float]] = {}
    for name, values in quantities.items():
        if np.ptp(values) == 0:  # a constant (e.g. a ruled-out hypothesis): nothing to diagnose
            continue
        # ArviZ gives no R-hat for one chain: split it in halves (split-R-hat, as for each
        # chain of several)
        halves = values if chains > 1 else values[:, : values.shape[1] // 2 * 2].reshape(2, -1)
        table[name] = {
            "r_hat": float(azs.rhat(halves, chain_axis=0, draw_axis=1)),
            "ess_bulk": float(azs.ess(values, method="bulk", chain_axis=0, draw_axis=1)),
            "ess_tail": float(
                azs.ess(values, method="tail", prob=(0.05, 0.95), chain_axis=0, draw_axis=1)
            ),
        }
    divergences = 0
    if sampler == "nuts" and "sample_stats" in idata.children:
        divergences = int(np.asarray(idata.sample_stats["diverging"].values).sum())
    # a NaN (too few distinct draws; or no draw varied at all) counts as poor, not as a pass
    rhats = [v["r_hat"] for v in table.values()]
    esses = [min(v["ess_bulk"], v["ess_tail"]) for v in table.values()]
    nan = float("nan")
    worst_rhat = nan if np.isnan(rhats).any() else max(rhats, default=nan)
    worst_ess = nan if np.isnan(esses).any() else min(esses, default=nan)
    warnings = []
    if np.isnan(worst_rhat):
        warnings.append(
            "R-hat could not be computed (too few draws, or draws that never vary); raise --draws"
        )
    elif worst_rhat > RHAT_MAX:
        # NUTS stuck in one mode stays stuck however long it runs; SMC's populations agree
        # on the weight of each mode once there are enough particles
        why = (
            "NUTS may be stuck in one mode (sources that contradict each other do this) or "
            "have too few draws; use --sampler smc or raise --draws"
            if sampler == "nuts"
            else "too few particles to settle the weight of each mode; raise --draws"
        )
        warnings.append(
            f"the chains disagree (largest R-hat {worst_rhat:.3f} > {RHAT_MAX}): {why}, "
            "and compare with --engine exact"
        )
    if np.isnan(worst_ess) or worst_ess < ESS_PER_CHAIN_MIN * chains:
        warnings.append(
            f"few effective draws (smallest ESS {worst_ess:.0f} < {ESS_PER_CHAIN_MIN * chains}); "
            "raise --draws"
        )
    if divergences:
        warnings.append(
            f"{divergences} divergent transitions: the posterior is hard for NUTS; "
            "use --sampler smc"
        )
    diagnostics = {
        "sampler": sampler,
        "chains": chains,
        "draws_per_chain": int(r_draws.shape[1]),
        "max_r_hat": None if np.isnan(worst_rhat) else worst_rhat,
        "min_ess": None if np.isnan(worst_ess) else worst_ess,
        "divergences": divergences,
        "poor": bool(warnings),
        "by_quantity": table,
    }
    return diagnostics, warnings
