"""What every YAML-facing model shares: strictness and the contract's identifier rules."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from ach.errors import echo

#: Cases, hypotheses and sources.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Evidence items may also use capitals (``E07``); never a path separator or a leading dot.
EVIDENCE_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Strict(BaseModel):
    """Base of every YAML-facing model: unknown keys are errors and instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "id",
            "{value} is not a valid id (lower-case letters, digits and '-', "
            "starting with a letter or digit)",
            {"value": echo(value)},
        )
    return value


def _check_evidence_id(value: str) -> str:
    if not EVIDENCE_ID_PATTERN.match(value):
        raise PydanticCustomError(
            "id",
            "{value} is not a valid evidence id (letters, digits, '-', '_' and '.', "
            "starting with a letter or digit; no path separator)",
            {"value": echo(value)},
        )
    return value


def _number_as_text(value: object) -> object:
    """YAML reads ``id: 1919`` or ``repeats: 7`` as numbers; as ids they are text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_check_id)]
EvidenceId = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_check_evidence_id)]
