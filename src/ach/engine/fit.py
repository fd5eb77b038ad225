"""What a backend hands back: the common form of the exact and the PyMC fits.

Both backends produce the same numbers in the same shapes, and :func:`ach.engine.rank.assemble`
turns either into a :class:`~ach.engine.result.RankResult`, so the result's form (order,
intervals, P(first), provenance) is decided once, whatever engine ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ach.likelihood import FloatArray


@dataclass
class Fit:
    """Posteriors, draws of P(h | e, r) and of the reliabilities, and what the run noticed."""

    engine: str
    posterior: FloatArray  # (H,): P(h | e), reliabilities integrated
    conditional_draws: FloatArray  # (D, H): P(h | e, r) at each draw of r
    reliability_mean: FloatArray  # (S,): posterior mean of each source's reliability
    reliability_draws: FloatArray  # (D, S)
    log_evidence: float | None = None  # log P(e), where the backend computes it
    warnings: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] | None = None
    #: packages besides numpy and pydantic whose versions shaped the numbers
    versions: tuple[str, ...] = ()
