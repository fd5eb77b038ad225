"""The model: a spec built from a case, the exact and PyMC backends, the result they give."""

from ach.engine.rank import ENGINES, rank
from ach.engine.result import Driver, HypothesisResult, Provenance, RankResult, SourceResult
from ach.engine.spec import ModelSpec, build_spec

__all__ = [
    "ENGINES",
    "Driver",
    "HypothesisResult",
    "ModelSpec",
    "Provenance",
    "RankResult",
    "SourceResult",
    "build_spec",
    "rank",
]
