"""The question and its rival hypotheses, as written in ``case.yaml``."""

from __future__ import annotations

import math

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ach.errors import echo
from ach.fields import Id, Strict

#: Heuer's consistency codes, strongest support first.
CODES: tuple[str, ...] = ("CC", "C", "N", "I", "II")
#: Likelihood weight of each code unless a case's ``scale`` says otherwise (the contract's defaults).
DEFAULT_SCALE: dict[str, float] = {"CC": 4.0, "C": 2.0, "N": 1.0, "I": 0.5, "II": 0.25}


class Hypothesis(Strict):
    """One rival explanation."""

    id: Id
    label: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    prior: float | None = None
    description: str | None = None
    catch_all: bool = False

    @field_validator("prior")
    @classmethod
    def _prior_in_unit_interval(cls, value: float | None) -> float | None:
        if value is not None and not (0.0 <= value <= 1.0):
            raise PydanticCustomError("prior", "{value} is outside [0, 1]", {"value": value})
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not alias.strip() for alias in value):
            raise PydanticCustomError("alias", "an alias is empty", {})
        return value


class CaseFile(Strict):
    """The contents of ``case.yaml``: the question, the hypotheses, optional settings."""

    id: Id
    title: str = Field(min_length=1)
    question: str = Field(min_length=1)
    hypotheses: tuple[Hypothesis, ...] = Field(min_length=2)
    scale: dict[str, float] = Field(default_factory=dict)
    description: str | None = None

    @field_validator("scale")
    @classmethod
    def _scale_known_positive(cls, value: dict[str, float]) -> dict[str, float]:
        for code, weight in value.items():
            if code not in CODES:
                raise PydanticCustomError(
                    "scale",
                    "{code} is not one of {codes}",
                    {"code": echo(code), "codes": ", ".join(CODES)},
                )
            if not (math.isfinite(weight) and weight > 0):
                raise PydanticCustomError(
                    "scale",
                    "weight of {code} must be a positive number, not {w}",
                    {"code": code, "w": weight},
                )
        return value

    def weights(self) -> dict[str, float]:
        """The likelihood weight of every code: the defaults overridden by ``scale``."""
        return {**DEFAULT_SCALE, **self.scale}
