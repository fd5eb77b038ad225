"""Leads, as written in ``leads.yaml``: evidence one could still look for, and what it might say.

A lead names the source it would come from and lists its possible outcomes (exclusive and
exhaustive). Each outcome is rated against the hypotheses as an evidence item is, so that
``ach leads`` can score it as one more item from that source. What needs the rest of the case
(known sources and hypotheses, rows adding up to 1) is checked in :mod:`ach.case.leads`.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ach.evidence.models import Rating, _key_text
from ach.fields import EvidenceId, Id, Strict


class Outcome(Strict):
    """One thing the lead might turn out to say, rated like an evidence item (no ``noise``)."""

    id: EvidenceId
    label: str = Field(min_length=1)
    ratings: dict[str, Rating]
    notes: str | None = None

    @field_validator("ratings", mode="before")
    @classmethod
    def _keys_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {_key_text(k): v for k, v in value.items()}
        return value

    @property
    def numeric(self) -> bool:
        """Ratings given as probabilities rather than consistency codes."""
        return any(isinstance(v, float) for v in self.ratings.values())

    @property
    def coded(self) -> bool:
        return any(isinstance(v, str) for v in self.ratings.values())


class Lead(Strict):
    """A document to read or a file to open, the source it would come from, its outcomes."""

    id: EvidenceId
    question: str = Field(min_length=1)
    source: Id
    outcomes: tuple[Outcome, ...]
    cost: float | None = Field(default=None, gt=0, allow_inf_nan=False, strict=True)
    notes: str | None = None

    @field_validator("outcomes")
    @classmethod
    def _two_or_more(cls, value: tuple[Outcome, ...]) -> tuple[Outcome, ...]:
        if len(value) < 2:
            raise PydanticCustomError(
                "outcomes",
                "a lead needs at least two outcomes (exclusive and exhaustive), found {n}",
                {"n": len(value)},
            )
        return value

    @property
    def numeric(self) -> bool:
        """The outcomes are rated with probabilities P(outcome | h, source reliable); whether
        they also use codes (an error) is checked with the rest of the case."""
        return any(o.numeric for o in self.outcomes)
