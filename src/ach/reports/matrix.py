"""The evidence x hypothesis matrix, built once for every medium.

Heuer's matrix is the heart of an ACH report: the Markdown, HTML and PDF reports, the PDF's
chart and ``ach evidence list`` in the terminal all draw it from :func:`evidence_matrix`, so
a rating reads the same everywhere and a restatement is marked the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ach.case.model import Case
from ach.reports.wording import rating_text


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MatrixRow(_Data):
    """One evidence item: who says it, and its rating of each hypothesis (as text)."""

    id: str
    source: str
    #: the source's reliability as given: a grade, a number or a Beta prior
    grade: str
    claim: str
    date: str | None
    repeats: str | None
    #: in the order of :attr:`EvidenceMatrix.columns`; "" where the item gives no rating
    ratings: tuple[str, ...]

    @property
    def label(self) -> str:
        """The item's id, with what it restates (shown, not counted)."""
        return self.id + (f" (repeats {self.repeats})" if self.repeats else "")


class EvidenceMatrix(_Data):
    """Items down, hypotheses across."""

    #: hypothesis ids, and their labels, in the order the matrix shows them
    columns: tuple[str, ...]
    labels: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


def evidence_matrix(case: Case, columns: Sequence[str] | None = None) -> EvidenceMatrix:
    """The matrix of ``case`` with its hypotheses in ``columns`` order (the case's by default;
    a report passes the ranking's, so the leader comes first)."""
    order = tuple(columns) if columns is not None else tuple(h.id for h in case.hypotheses)
    label = {h.id: h.label for h in case.hypotheses}
    return EvidenceMatrix(
        columns=order,
        labels=tuple(label[h] for h in order),
        rows=tuple(
            MatrixRow(
                id=e.id,
                source=e.source,
                grade=case.source_by_id[e.source].grade_label(),
                claim=e.claim,
                date=e.date,
                repeats=e.repeats,
                ratings=tuple(rating_text(case.ratings[e.id].get(h)) for h in order),
            )
            for e in case.items
        ),
    )
