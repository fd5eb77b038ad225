"""The question and its rival hypotheses, as written in ``case.yaml``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ach.fields import Id, Strict

#: Heuer's consistency codes, strongest support first.
CODES: tuple[str, ...] = ("CC", "C", "N", "I", "II")
Code = Literal["CC", "C", "N", "I", "II"]
#: A weight must be a positive finite number (a string or a boolean is not one)
Weight = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
#: Likelihood weight of each code unless a case's ``scale`` says otherwise (the contract's defaults).
DEFAULT_SCALE: dict[str, float] = {"CC": 4.0, "C": 2.0, "N": 1.0, "I": 0.5, "II": 0.25}


class Hypothesis(Strict):
    """One rival explanation."""

    id: Id
    label: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    prior: Annotated[float, Field(strict=True)] | None = None
    description: str | None = None
    catch_all: Annotated[bool, Field(strict=True)] = False

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
    #: each entry checked on its own, so every bad code or weight is reported
    scale: dict[Code, Weight] = Field(default_factory=dict)
    description: str | None = None

    def weights(self) -> dict[str, float]:
        """The likelihood weight of every code: the defaults overridden by ``scale``."""
        weights = dict(DEFAULT_SCALE)
        weights.update({str(code): w for code, w in self.scale.items()})
        return weights
