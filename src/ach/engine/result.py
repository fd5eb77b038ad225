"""The result of ranking a case: plain data that round-trips through JSON.

Reports are pure functions of a :class:`RankResult`, so a result can be saved and rendered
later without re-running the model. The JSON form is the output contract of ``ach rank
--json`` (``case``, then ``hypotheses`` sorted by posterior), with more fields after.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ach.data import Data as _Data
from ach.data import Shown


class HypothesisResult(_Data):
    """One hypothesis's standing."""

    id: str
    label: str
    posterior: float
    #: 90% credible interval of P(h | evidence, r) under the reliabilities' posterior uncertainty
    interval: tuple[float, float]
    #: Heuer's unweighted inconsistency score (under ``--pool`` the mean of the analysts')
    inconsistency: int | float
    prior: float
    #: share of posterior draws of the reliabilities in which this hypothesis ranks first
    p_first: float
    catch_all: bool = False


class SourceResult(_Data):
    """What the evidence says about a source's reliability, against its prior."""

    id: str
    kind: str
    grade: str
    prior_alpha: float | None
    prior_beta: float | None
    prior_mean: float
    posterior_mean: float
    interval: tuple[float, float]
    items: int
    derived_from: tuple[str, ...] = ()


class Driver(_Data):
    """An item that carries the leader: its log-odds influence against the runner-up."""

    id: str
    source: str
    claim: str
    influence: float


class Provenance(_Data):
    """Enough to reproduce the numbers: the case's content hash, the seed, the versions."""

    case_digest: str
    seed: int
    engine: str
    draws: int
    versions: dict[str, str]
    settings: dict[str, Any] = Field(default_factory=dict)


class RankResult(Shown, _Data):
    """A ranked case: hypotheses by posterior, sources' reliabilities, warnings, provenance."""

    case: str
    title: str
    question: str
    #: in the order :func:`ach.engine.order.standing` gives: the first is the leader
    hypotheses: tuple[HypothesisResult, ...]
    #: ids of the hypotheses tied with the leader (posteriors within 1e-9); empty when none
    tied: tuple[str, ...] = ()
    sources: tuple[SourceResult, ...]
    engine: str
    provenance: Provenance
    warnings: tuple[str, ...] = ()
    diagnostics: dict[str, Any] | None = None
    #: the items that most support the leader against the runner-up (filled in by ``ach.rank``;
    #: see :mod:`ach.analysis.ranking`)
    drivers: tuple[Driver, ...] = ()
    #: the engine that attributed the drivers (the exact one, whatever engine ranked)
    drivers_engine: str | None = None

    @property
    def leader(self) -> HypothesisResult:
        """The hypothesis every output names first (see :mod:`ach.engine.order`)."""
        return self.hypotheses[0]

    @property
    def runner_up(self) -> HypothesisResult | None:
        """The hypothesis listed second (tied with the leader when ``tied`` names it)."""
        return self.hypotheses[1] if len(self.hypotheses) > 1 else None

    def hypothesis(self, hyp_id: str) -> HypothesisResult:
        """The result for one hypothesis id."""
        for h in self.hypotheses:
            if h.id == hyp_id:
                return h
        raise KeyError(hyp_id)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str) -> RankResult:
        return cls.model_validate_json(text)
