"""Domain errors of ach.

The library raises these; only the CLI turns them into messages and exit codes, so that a
program using ``ach`` as a library gets structured problems rather than printed text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: Longest value echoed back in an error line; inputs can be huge and error lines must stay one line.
MAX_ECHO = 40


def echo(value: object) -> str:
    """A value as it may appear inside an error line: repr-quoted, one line, cut to MAX_ECHO."""
    text = repr(value) if isinstance(value, str) else str(value)
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    if len(text) > MAX_ECHO:
        text = text[: MAX_ECHO - 3] + "..."
    return text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or doubtful) in a case, located by file and field."""

    file: str
    field: str
    message: str
    line: int | None = None
    #: what kind of warning this is (``non-diagnostic``, ``no-quote``, ...), so that renderers
    #: group and word warnings without parsing the message; empty for errors
    kind: str = dataclasses.field(default="", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}: " if self.field else f"{self.file}: "
        at = f" (line {self.line})" if self.line is not None else ""
        return f"{where}{self.message}{at}"


class AchError(Exception):
    """Base of every error ach raises on purpose (bad input or a refused operation)."""


class CaseError(AchError):
    """A case that cannot be loaded; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class CaseNotFound(AchError):
    """CASE names neither a case folder nor a case on the search path."""


class RefusedOperation(AchError):
    """An operation that would lose or corrupt data, or that makes no sense for this case."""


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line if p.line is not None else 0, p.field, p.message)
