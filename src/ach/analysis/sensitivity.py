"""Why the ranking comes out so: influence, diagnosticity, what would flip it, robustness.

All on the exact engine (:class:`~ach.analysis.evaluator.Evaluator` recomputes only the
reliability group a change touches), so the whole analysis reruns the model hundreds of times
in about a second.

- *Influence* of an item (or a source) is how much the leader's log-odds against the
  runner-up drop when it is left out: positive means it supports the leader.
- *Diagnosticity* is Heuer's: how far an item separates the hypotheses, whatever it says of
  the leader. We measure it as the largest log-likelihood ratio between two hypotheses at the
  item's expected reliability (the product of its chain's prior means); an item rated alike
  for every hypothesis, or from a source of reliability 0, has diagnosticity 0.
- *Flips*: the smallest change of one source's grade or of one item's rating (counted in
  steps of the A-E scale or of the CC..II scale) that makes another hypothesis lead.
- *Robustness*: the posterior when every graded source moves one grade up or down.

References
----------
Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 5 (evidence is diagnostic
only as far as it is more consistent with one hypothesis than another: the fever that fits
every illness) and ch. 8, steps 3 and 6 (diagnosticity; sensitivity of the conclusion to a
few critical items). Saltelli, A. et al. (2008). *Global
Sensitivity Analysis: The Primer*, ch. 1 (one-at-a-time analysis).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ach.analysis.evaluator import Evaluator
from ach.analysis.flips import SCALE, Flip, grade_flip, rating_flip
from ach.case.model import Case
from ach.data import Data as _Data
from ach.data import Shown
from ach.engine.order import Standing, overtakes, standing
from ach.engine.spec import FloatArray, ModelSpec, build_spec
from ach.evidence.admiralty import GRADES
from ach.likelihood import chain_product, fixed_part, log_mix, non_diagnostic, prior_mean, row


class ItemInfluence(_Data):
    id: str
    source: str
    claim: str
    #: log-odds of the leader against the runner-up with the item, minus without it
    influence: float
    log_odds_without: float
    posterior_without: dict[str, float]
    diagnosticity: float
    #: favours no hypothesis whatever the reliability (:func:`ach.likelihood.non_diagnostic`)
    non_diagnostic: bool
    #: the hypothesis the item fits best, when one fits it better than every other
    favours: str | None
    #: the hypothesis the item fits worst, when one fits it worse than every other
    disfavours: str | None = None
    repeats: str | None = None


class SourceInfluence(_Data):
    id: str
    grade: str
    items: int
    influence: float
    log_odds_without: float
    posterior_without: dict[str, float]


class Robustness(_Data):
    up: dict[str, float]
    down: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    leader_stays: bool


class Sensitivity(Shown, _Data):
    """Everything the rationale and the reports say about why the ranking comes out so."""

    case: str
    #: the hypothesis ``ach rank`` lists first (:func:`ach.engine.order.standing`)
    leader: str
    #: the hypotheses tied with the leader (posteriors within 1e-9); empty when none
    tied: tuple[str, ...] = ()
    runner_up: str
    posterior: dict[str, float]
    log_odds: float
    items: tuple[ItemInfluence, ...]
    sources: tuple[SourceInfluence, ...]
    grade_flip: Flip | None
    rating_flip: Flip | None
    robustness: Robustness

    def top_items(self, n: int = 3, *, supporting: bool = True) -> list[ItemInfluence]:
        """The n items that most support (or most weaken) the leader."""
        chosen = [
            i for i in self.items if (i.influence > 0.01 if supporting else i.influence < -0.01)
        ]
        return sorted(chosen, key=lambda i: -i.influence if supporting else i.influence)[:n]


def analyse(case: Case) -> Sensitivity:
    """The full sensitivity analysis of a case."""
    spec = build_spec(case)
    ev = Evaluator(spec)
    hyp = spec.hypothesis_ids
    base = ev.log_prior + ev.total
    ranked = standing(ev.posterior(base))
    lead, runner = _lead_and_runner(ranked)

    def odds(lp: FloatArray) -> float:
        return float(lp[lead] - lp[runner])

    def as_dict(lp: FloatArray) -> dict[str, float]:
        return {h: float(p) for h, p in zip(hyp, ev.posterior(lp), strict=True)}

    items = item_influences(case, spec, ev)
    items.sort(key=lambda x: (-abs(x.influence), x.id))

    sources = []
    for j, src in enumerate(case.sources):
        drop = np.flatnonzero(spec.chains[:, j])
        without = ev.without_items(drop) if len(drop) else base
        sources.append(
            SourceInfluence(
                id=src.id,
                grade=src.grade_label(),
                items=int((spec.item_source == j).sum()),
                influence=_finite(odds(base) - odds(without)),
                log_odds_without=_finite(odds(without)),
                posterior_without=as_dict(without),
            )
        )
    sources.sort(key=lambda x: (-abs(x.influence), x.id))

    return Sensitivity(
        case=case.id,
        leader=hyp[lead],
        tied=tuple(hyp[i] for i in ranked.tied),
        runner_up=hyp[runner],
        posterior=as_dict(base),
        log_odds=_finite(odds(base)),
        items=tuple(items),
        sources=tuple(sources),
        grade_flip=grade_flip(case, spec, ev, lead),
        rating_flip=rating_flip(case, spec, ev, lead),
        robustness=_robustness(case, spec, ev, lead),
    )


def item_influences(
    case: Case, spec: ModelSpec | None = None, ev: Evaluator | None = None
) -> list[ItemInfluence]:
    """Each item's influence and diagnosticity, in case order (cheap: one group each)."""
    spec = spec or build_spec(case)
    ev = ev or Evaluator(spec)
    hyp = spec.hypothesis_ids
    base = ev.log_prior + ev.total
    lead, runner = _lead_and_runner(standing(ev.posterior(base)))

    def odds(lp: FloatArray) -> float:
        return float(lp[lead] - lp[runner])

    def as_dict(lp: FloatArray) -> dict[str, float]:
        return {h: float(p) for h, p in zip(hyp, ev.posterior(lp), strict=True)}

    counted = {item_id: i for i, item_id in enumerate(spec.item_ids)}
    mean_r = chain_product(spec.chains, prior_mean(spec.fixed, spec.alpha, spec.beta))
    flat = non_diagnostic(spec.likelihood, fixed_part(spec.chains, spec.fixed))
    weights = case.meta.weights()
    loo = ev.leave_one_out()
    items = []
    for item in case.items:
        if item.id not in counted:
            items.append(
                ItemInfluence(
                    id=item.id,
                    source=item.source,
                    claim=item.claim,
                    influence=0.0,
                    log_odds_without=_finite(odds(base)),
                    posterior_without=as_dict(base),
                    diagnosticity=0.0,
                    non_diagnostic=bool(
                        non_diagnostic(row(case.ratings[item.id], hyp, weights))[0]
                    ),
                    favours=None,
                    repeats=item.repeats,
                )
            )
            continue
        i = counted[item.id]
        without = loo[i]
        ll = log_mix(mean_r[i], spec.likelihood[i], spec.noise[i])
        spread = float(ll.max() - ll.min()) if np.all(np.isfinite(ll)) else float("inf")
        items.append(
            ItemInfluence(
                id=item.id,
                source=item.source,
                claim=item.claim,
                influence=_finite(odds(base) - odds(without)),
                log_odds_without=_finite(odds(without)),
                posterior_without=as_dict(without),
                diagnosticity=_finite(spread),
                non_diagnostic=bool(flat[i]),
                favours=_unique(ll, hyp, np.max),
                disfavours=_unique(ll, hyp, np.min),
            )
        )
    return items


def _lead_and_runner(ranked: Standing) -> tuple[int, int]:
    """The leader and the hypothesis its log-odds are taken against (itself when alone)."""
    runner = ranked.runner_up
    return ranked.leader, ranked.leader if runner is None else runner


def _unique(ll: FloatArray, hyp: tuple[str, ...], pick: object) -> str | None:
    """The hypothesis at the extreme of ``ll`` if it is alone there (ties say nothing)."""
    target = pick(ll)  # type: ignore[operator]
    at = np.flatnonzero(np.isclose(ll, target, rtol=0, atol=1e-12))
    return hyp[int(at[0])] if len(at) == 1 and len(ll) > 1 and np.ptp(ll) > 0 else None


def _finite(x: float) -> float:
    """Log-odds can be infinite (a ruled-out hypothesis); JSON wants numbers."""
    return float(np.clip(x, -1e6, 1e6))


def _robustness(case: Case, spec: ModelSpec, ev: Evaluator, lead: int) -> Robustness:
    """The posterior when every graded source moves one grade up, or one grade down."""
    hyp = spec.hypothesis_ids

    def shifted(step: int) -> FloatArray:
        alpha, beta = spec.alpha.copy(), spec.beta.copy()
        for j, src in enumerate(case.sources):
            if isinstance(src.reliability, str) and src.reliability in SCALE:
                k = min(len(SCALE) - 1, max(0, SCALE.index(src.reliability) + step))
                alpha[j], beta[j] = GRADES[SCALE[k]].alpha, GRADES[SCALE[k]].beta
        changed = replace(spec, alpha=alpha, beta=beta)
        return ev.posterior(ev.with_spec(changed, list(range(len(spec.groups)))))

    base, up, down = ev.posterior(), shifted(-1), shifted(+1)
    stack = np.stack([base, up, down])
    return Robustness(
        up={h: float(p) for h, p in zip(hyp, up, strict=True)},
        down={h: float(p) for h, p in zip(hyp, down, strict=True)},
        low={h: float(p) for h, p in zip(hyp, stack.min(axis=0), strict=True)},
        high={h: float(p) for h, p in zip(hyp, stack.max(axis=0), strict=True)},
        leader_stays=bool((overtakes(np.stack([up, down]), lead) < 0).all()),
    )
