"""Where to look next: each lead's expected information gain, computed by the exact engine.

A lead's outcome o is scored exactly as one more evidence item from the lead's source, with
P(o | h, source reliable) as its numeric ratings (codes are first normalised per hypothesis
over the outcomes, as the contract says) and the default noise, their mean over hypotheses.
Its reliability is the source's own, shared with the items the source already gave, so the
outcome joins that source's derivation group and only that group's integral changes:

    P(h, e, o) = P(h) * prod over other groups g of P(e_g | h) * P(e_G, o | h)
    P(o | e) = P(e, o) / P(e),   P(h | e, o) = P(h, e, o) / P(e, o)

Each outcome costs one quadrature of one group. The outcome probabilities add up to 1
exactly (not by normalisation): summed over outcomes, r * P(o | h, reliable) + (1 - r) *
noise(o) is r + (1 - r) = 1 for every r, because each hypothesis's row adds up to 1 and so
does the mean over hypotheses.

    EIG = H(P(h | e)) - sum over o of P(o | e) * H(P(h | e, o))     (bits)

is the mutual information between the hypothesis and the lead's outcome (Lindley 1956), and
``p_flip`` the probability that the outcome hands the lead to another hypothesis.

References
----------
Lindley, D. V. (1956). On a measure of the information provided by an experiment.
*Annals of Mathematical Statistics* 27, 986-1005. Cover, T. M. and Thomas, J. A. (2006).
*Elements of Information Theory*, 2nd ed., sec. 2.4 (mutual information as expected
reduction in entropy).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from ach.analysis.evaluator import Evaluator
from ach.case.model import Case
from ach.data import Data as _Data
from ach.data import Shown
from ach.engine.exact import group_log_evidence
from ach.engine.order import standing
from ach.engine.quadrature import logsumexp
from ach.engine.spec import FloatArray, ModelSpec, build_spec
from ach.evidence.leads import Lead
from ach.likelihood import default_noise, row


class Posterior(_Data):
    id: str
    posterior: float


class OutcomeResult(_Data):
    """One outcome: how likely it is now, and the standing it would leave."""

    id: str
    label: str
    probability: float
    #: the hypothesis that would lead, by :func:`ach.engine.order.standing`
    leader: str
    #: P(h | e, o), best first
    hypotheses: tuple[Posterior, ...]
    #: the outcome's leader differs from today's
    flips: bool


class LeadResult(_Data):
    """One lead: its expected information gain in bits and its chance of changing the leader."""

    id: str
    question: str
    source: str
    eig: float
    p_flip: float
    cost: float | None
    outcomes: tuple[OutcomeResult, ...]

    @property
    def eig_per_cost(self) -> float | None:
        return None if self.cost is None else self.eig / self.cost


class LeadsResult(Shown, _Data):
    """Every lead of a case, highest expected information gain first, beside today's standing."""

    case: str
    question: str
    leader: str
    #: hypotheses tied with the leader today (by :func:`ach.engine.order.standing`)
    tied: tuple[str, ...] = ()
    #: P(h | e) today, best first, and its entropy in bits
    hypotheses: tuple[Posterior, ...]
    entropy: float
    labels: dict[str, str]
    leads: tuple[LeadResult, ...]

    def to_json(self) -> str:
        """The contract's JSON: ``{"case", "leads": [{"id", "eig", "p_flip", "cost",
        "outcomes": [{"id", "probability", "leader", "hypotheses": [{"id", "posterior"}]}]}]}``."""
        data = {
            "case": self.case,
            "leads": [
                {
                    "id": lead.id,
                    "eig": lead.eig,
                    "p_flip": lead.p_flip,
                    "cost": lead.cost,
                    "outcomes": [
                        {
                            "id": o.id,
                            "probability": o.probability,
                            "leader": o.leader,
                            "hypotheses": [h.model_dump() for h in o.hypotheses],
                        }
                        for o in lead.outcomes
                    ],
                }
                for lead in self.leads
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)


def outcome_likelihoods(lead: Lead, case: Case) -> FloatArray:
    """P(o | h, source reliable): an (outcomes x hypotheses) array whose columns add up to 1.

    Numbers are taken as given (the loader checked the sums); codes are turned into their
    scale weights and normalised per hypothesis over the outcomes, as the contract says.
    """
    hyp_ids = [h.id for h in case.hypotheses]
    weights = case.meta.weights()
    rows = np.array([row(o.ratings, hyp_ids, weights) for o in lead.outcomes], dtype=float)
    return rows if lead.numeric else rows / rows.sum(axis=0, keepdims=True)


def entropy_bits(p: FloatArray) -> float:
    """H(p) in bits, with 0 log 0 = 0."""
    nz = p[p > 0]
    return float(-(nz * np.log2(nz)).sum())


def evaluate_leads(case: Case, analyst: str | None = None) -> LeadsResult:
    """Every lead of ``case`` scored against the exact posterior, highest EIG first.

    ``analyst`` reads the items as :func:`~ach.engine.spec.build_spec` does (None for their
    own ratings, an analyst's name, or the pool); the leads' outcomes are the case's own.
    """
    spec = build_spec(case, analyst)
    ev = Evaluator(spec)
    hyp_ids = spec.hypothesis_ids
    log_joint = ev.log_prior + ev.total  # log P(h, e)
    log_evidence = float(logsumexp(log_joint))
    posterior = np.exp(log_joint - log_evidence)
    today = standing(posterior)
    leader = hyp_ids[today.leader]
    entropy = entropy_bits(posterior)
    results = [
        _score(case, spec, ev, lead, log_evidence, entropy, today.leader) for lead in case.leads
    ]
    # highest EIG first; equal gains keep the order of leads.yaml
    results.sort(key=lambda r: -r.eig)
    return LeadsResult(
        case=case.id,
        question=case.meta.question,
        leader=leader,
        tied=tuple(hyp_ids[i] for i in today.tied),
        hypotheses=_ordered(posterior, hyp_ids),
        entropy=entropy,
        labels={h.id: h.label for h in case.hypotheses},
        leads=tuple(results),
    )


def _score(
    case: Case,
    spec: ModelSpec,
    ev: Evaluator,
    lead: Lead,
    log_evidence: float,
    entropy: float,
    leader: int,
) -> LeadResult:
    source = spec.source_ids.index(lead.source)
    group = ev.group_of_source(source)
    extended, first = _with_outcomes(spec, case, lead, outcome_likelihoods(lead, case), group)
    others = ev.others([group])
    base = ev.items[group]
    outcomes = []
    expected = 0.0
    p_flip = 0.0
    for k, outcome in enumerate(lead.outcomes):
        items = np.append(base, first + k)
        log_joint = others + group_log_evidence(extended, items, ev.free[group])  # log P(h, e, o)
        log_eo = float(logsumexp(log_joint))
        probability = float(np.exp(log_eo - log_evidence)) if np.isfinite(log_eo) else 0.0
        # an outcome the case makes impossible is shown with today's posterior (weight 0)
        post = np.exp(log_joint - log_eo) if np.isfinite(log_eo) else ev.posterior()
        new = standing(post).leader
        expected += probability * entropy_bits(post)
        if new != leader:
            p_flip += probability
        outcomes.append(
            OutcomeResult(
                id=outcome.id,
                label=outcome.label,
                probability=probability,
                leader=spec.hypothesis_ids[new],
                hypotheses=_ordered(post, spec.hypothesis_ids),
                flips=new != leader,
            )
        )
    return LeadResult(
        id=lead.id,
        question=lead.question,
        source=lead.source,
        # mutual information is never negative; a rounding residue below zero is 0
        eig=max(0.0, entropy - expected),
        p_flip=p_flip,
        cost=lead.cost,
        outcomes=tuple(outcomes),
    )


def _with_outcomes(
    spec: ModelSpec, case: Case, lead: Lead, likes: FloatArray, group: int
) -> tuple[ModelSpec, int]:
    """``spec`` with one item per outcome appended (from the lead's source, in its group), and
    the index of the first. The appended items are only ever evaluated one at a time."""
    n_out = likes.shape[0]
    source = spec.source_ids.index(lead.source)
    chain = np.zeros(len(spec.source_ids), dtype=bool)
    for sid in case.chain(lead.source):
        chain[spec.source_ids.index(sid)] = True
    first = len(spec.item_ids)
    extended = replace(
        spec,
        item_ids=spec.item_ids + tuple(f"{lead.id}:{o.id}" for o in lead.outcomes),
        likelihood=np.vstack([spec.likelihood, likes]),
        noise=np.concatenate([spec.noise, default_noise(likes)]),
        item_source=np.concatenate([spec.item_source, np.full(n_out, source, dtype=np.int64)]),
        chains=np.vstack([spec.chains, np.tile(chain, (n_out, 1))]),
        item_group=np.concatenate([spec.item_group, np.full(n_out, group, dtype=np.int64)]),
    )
    return extended, first


def _ordered(posterior: FloatArray, ids: tuple[str, ...]) -> tuple[Posterior, ...]:
    return tuple(
        Posterior(id=ids[i], posterior=float(posterior[i])) for i in standing(posterior).order
    )
