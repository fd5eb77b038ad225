"""Ties are named as ties in every human-readable output, and no leader is invented.

The tied case is the one of issue 10: two sources of the same fixed reliability, one item
rating CC/I each way. By symmetry (equal priors, the two items mirror images) the posterior
is exactly 1/2 for each hypothesis, whatever the engine's arithmetic; with no diagnostic item
at all, three hypotheses of equal prior stay at 1/3 each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

import ach
from ach.analysis import analyse
from ach.analysis.flips import Flip
from ach.analysis.rationale import build_rationale, change_phrase
from ach.cli import app
from ach.reports.document import build_document
from ach.reports.html import render_html
from ach.reports.markdown import render_markdown

from tests.conftest import CaseMaker, item, source

runner = CliRunner()
TWO = [{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}]
THREE = [*TWO, {"id": "c", "label": "Gamma"}]


@pytest.fixture
def tied(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=TWO,
        sources=[source("s", 0.8), source("t", 0.8)],
        evidence=[item("E1", "s", {"a": "CC", "b": "I"}), item("E2", "t", {"a": "I", "b": "CC"})],
    )


@pytest.fixture
def blank(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=THREE,
        sources=[source("s", "B")],
        evidence=[item("E1", "s", {"a": "N", "b": "N", "c": "N"})],
    )


def terminal(args: list[str], width: int = 80) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
    return " ".join(result.stdout.split())  # sentences wrapped over lines, read as one


def test_rank_names_the_tie_and_no_leader(tied: Path) -> None:
    text = terminal(["rank", str(tied)])
    assert "Alpha and Beta are tied at 0.50" in text
    assert "leads" not in text and "0% of the draws" not in text
    # what separates them is measured between the two, and said so
    assert "What favours Alpha over Beta, tied with it" in text


def test_with_no_diagnostic_item_no_hypothesis_is_said_to_lead(blank: Path) -> None:
    text = terminal(["rank", str(blank)])
    assert "The evidence leaves every hypothesis at its prior." in text
    assert "Alpha, Beta and Gamma are tied at 0.33" in text
    assert "leads" not in text


def test_sensitivity_names_the_tie(tied: Path) -> None:
    text = terminal(["sensitivity", str(tied)])
    assert text.startswith("Tied: a and b at 0.500; influences are the log-odds of a against b")


def test_the_reports_name_the_tie(tied: Path) -> None:
    case = ach.load_case(tied)
    result, sensitivity = ach.rank(case), analyse(case)
    rationale = build_rationale(case, result, sensitivity)
    assert rationale.answer.startswith("Alpha and Beta: tied, each roughly even chance (50%")
    assert "ranks first" not in " ".join(rationale.paragraphs)
    assert "the first place is shared: 'Alpha' in 50% and 'Beta' in 50%" in rationale.paragraphs[0]
    doc = build_document(case, result, sensitivity)
    note = "Alpha and Beta are tied at 0.50: the evidence does not choose between them"
    assert note in render_markdown(doc)
    assert note in " ".join(render_html(doc).split())


def test_evidence_add_says_when_a_tie_is_broken(tied: Path) -> None:
    text = terminal(
        [
            "evidence",
            "add",
            str(tied),
            "--id",
            "E3",
            "--source",
            "s",
            "--claim",
            "c",
            "--rate",
            "a=C",
        ]
    )
    assert "Before, Alpha and Beta are tied at 0.50; now Alpha leads at" in text


@pytest.mark.parametrize(
    ("kind", "change", "before", "after", "steps", "said"),
    [
        ("grade", "B -> C", "B", "C", 1, "grading src C instead of B (one step down)"),
        ("grade", "D -> B", "D", "B", 2, "grading src B instead of D (two steps up)"),
        ("grade", "B -> F", "B", "F", None, "grading src F (cannot be judged) instead of B"),
        ("grade", "F -> A", "F", "A", None, "grading src A instead of F (cannot be judged)"),
        (
            "rating",
            "x: N -> C",
            "N",
            "C",
            1,
            "rating src C instead of N for x (one step more consistent)",
        ),
        (
            "rating",
            "x: C -> II",
            "C",
            "II",
            3,
            "rating src II instead of C for x (three steps less consistent)",
        ),
    ],
)
def test_a_flip_is_worded_as_a_reader_counts_it(
    kind: str, change: str, before: str, after: str, steps: int | None, said: str
) -> None:
    flip = Flip(
        kind=kind,
        target="src",
        change=change,
        before=before,
        after=after,
        steps=steps,
        new_leader="x",
        new_posterior=0.5,
    )
    assert change_phrase(flip) == said


def test_the_python_repr_names_the_tie(tied: Path) -> None:
    case = ach.load_case(tied)
    assert "Alpha and Beta are tied at 0.50" in repr(ach.rank(case))
    assert "a tied with b, log-odds against b" in repr(analyse(case))
