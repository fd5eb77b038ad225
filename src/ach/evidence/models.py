"""Sources and evidence items, as written in ``sources.yaml`` and ``evidence/*.yaml``."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ach.errors import echo
from ach.evidence.admiralty import GRADES
from ach.fields import EvidenceId, Id, Strict
from ach.hypotheses.models import CODES

SourceKind = Literal["memoir", "letter", "speech", "archival", "scholarship", "journalism", "other"]
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


class BetaPrior(Strict):
    """A Beta(alpha, beta) prior on a reliability."""

    alpha: float = Field(gt=0, allow_inf_nan=False, strict=True)
    beta: float = Field(gt=0, allow_inf_nan=False, strict=True)


def _reliability(value: object) -> object:
    """Grade letters, fixed numbers and Beta priors share one field; say which forms exist."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "reliability",
            "{v} is not a grade A-F, a number in [0, 1] or {alpha: a, beta: b}",
            {"v": str(value).lower()},
        )
    if isinstance(value, str):
        if value not in GRADES:
            raise PydanticCustomError(
                "reliability",
                "{v} is not a grade A-F, a number in [0, 1] or {alpha: a, beta: b}",
                {"v": echo(value)},
            )
        return value
    if isinstance(value, int | float):
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            raise PydanticCustomError("reliability", "{v} is outside [0, 1]", {"v": value})
        return float(value)
    if isinstance(value, dict):
        return value
    raise PydanticCustomError(
        "reliability",
        "{v} is not a grade A-F, a number in [0, 1] or {alpha: a, beta: b}",
        {"v": echo(value)},
    )


Reliability = Annotated[str | float | BetaPrior, BeforeValidator(_reliability)]


def _year(value: object) -> object:
    """A source's year is a plain integer (1967); a date, a month or a number with a fraction
    is refused rather than guessed at, since ``--as-of`` compares years exactly."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    shown = str(value).lower() if isinstance(value, bool) else echo(value)
    raise PydanticCustomError("year", "{v} is not a year (an integer, such as 1967)", {"v": shown})


Year = Annotated[int, BeforeValidator(_year)]


class Source(Strict):
    """Who said it, and how far we trust them."""

    id: Id
    kind: SourceKind
    reliability: Reliability
    citation: str | None = None
    bib: str | None = None
    derived_from: tuple[Id, ...] = ()
    #: when the account was written or first published; None: available at every date
    year: Year | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _citation_or_bib(self) -> Source:
        if not (self.citation or self.bib):
            raise PydanticCustomError(
                "citation", "a source needs `citation` or `bib`", {"field": ("citation",)}
            )
        return self

    def beta(self) -> tuple[float, float] | None:
        """The Beta prior on this source's reliability, or None when it is fixed."""
        if isinstance(self.reliability, BetaPrior):
            return (self.reliability.alpha, self.reliability.beta)
        if isinstance(self.reliability, str):
            grade = GRADES[self.reliability]
            return (grade.alpha, grade.beta)
        return None

    def grade_label(self) -> str:
        """How the reliability was given, for tables: ``B``, ``0.9`` or ``Beta(3, 2)``."""
        r = self.reliability
        if isinstance(r, BetaPrior):
            return f"Beta({r.alpha:g}, {r.beta:g})"
        if isinstance(r, str):
            return r
        return f"{r:g}"


def _rating(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("rating", "{v} is not a rating", {"v": value})
    if isinstance(value, str):
        if value not in CODES:
            raise PydanticCustomError(
                "rating",
                "{v} is not one of {codes}",
                {"v": echo(value), "codes": ", ".join(CODES)},
            )
        return value
    if isinstance(value, int | float):
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            raise PydanticCustomError("rating", "{v} is not a probability in [0, 1]", {"v": value})
        return float(value)
    raise PydanticCustomError(
        "rating",
        "{v} is not one of {codes} or a probability",
        {"v": echo(value), "codes": ", ".join(CODES)},
    )


Rating = Annotated[str | float, BeforeValidator(_rating)]
_CODE_SET = frozenset(CODES)


def _event_date(value: object) -> object:
    """A YAML date, or ``YYYY-MM`` / ``YYYY`` when only the month or year is known."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return f"{value:04d}"
    if isinstance(value, str) and _PARTIAL_DATE.match(value):
        return value
    raise PydanticCustomError(
        "date", "{v} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", {"v": echo(value)}
    )


EventDate = Annotated[str, BeforeValidator(_event_date)]


def _key_text(key: object) -> object:
    """YAML turns some keys into numbers, booleans or null (``1919:``, ``true:``, ``~:``);
    ratings name hypotheses, so read them as the text they were written as."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, int | float | dt.date):
        return str(key)
    return key


class EvidenceItem(Strict):
    """One piece of evidence: a claim from one source, rated against every hypothesis."""

    id: EvidenceId
    claim: str = Field(min_length=1)
    source: Id
    ratings: dict[str, Rating]
    quote: str | None = None
    locator: str | None = None
    date: EventDate | None = None
    credibility: int | None = Field(default=None, ge=1, le=6, strict=True)
    noise: float | None = Field(default=None, ge=0, allow_inf_nan=False, strict=True)
    repeats: EvidenceId | None = None
    notes: str | None = None

    @field_validator("ratings", mode="wrap")
    @classmethod
    def _keys_as_text(cls, value: object, handler: ValidatorFunctionWrapHandler) -> object:
        """Keys as text, then each rating checked; ratings that are all codes, or all
        probabilities already as floats, are what that check would return, so they skip it
        (one Python call per rating was a third of loading a case of 10,000 items)."""
        if not isinstance(value, dict):
            return handler(value)
        if not all(type(k) is str for k in value):
            value = {_key_text(k): v for k, v in value.items()}
        ratings = value.values()
        if ratings and (
            all(type(v) is str and v in _CODE_SET for v in ratings)
            or all(type(v) is float and 0.0 <= v <= 1.0 for v in ratings)
        ):
            return dict(value)
        return handler(value)

    @field_validator("ratings")
    @classmethod
    def _codes_or_numbers(cls, value: dict[str, str | float]) -> dict[str, str | float]:
        kinds = {isinstance(v, str) for v in value.values()}
        if len(kinds) > 1:
            raise PydanticCustomError(
                "ratings", "mixes consistency codes and probabilities; use one or the other", {}
            )
        return value

    @property
    def numeric(self) -> bool:
        """Ratings given as probabilities rather than consistency codes."""
        # one kind throughout (``_codes_or_numbers``), so the first rating tells
        return isinstance(next(iter(self.ratings.values()), None), float)
