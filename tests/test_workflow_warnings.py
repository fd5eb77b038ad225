"""What ``ach validate`` warns of, judged by what the model does with the item.

P(e | h) = r L(e, h) + (1 - r) noise(e): an item whose L is equal for every h leaves every
hypothesis where it was, whatever r is, and an item with ``repeats`` adds no weight. Warnings
therefore follow the weights a code stands for (the case's ``scale``), not the letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, source, unwrap

runner = CliRunner()
HYPS = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]


def warnings_of(folder: Path) -> list[str]:
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output  # warnings never change the exit code
    return sorted(
        line for line in unwrap(result.stdout).splitlines() if line.startswith("warning: ")
    )


def posteriors(folder: Path) -> list[float]:
    ranked = ach.rank(ach.load_case(folder))
    return [ranked.hypothesis(h["id"]).posterior for h in HYPS]


def test_codes_of_equal_weight_are_non_diagnostic(make_case: CaseMaker) -> None:
    # this case's scale makes CC and C both 2.0: rated CC, C, C the item says nothing
    folder = make_case(
        hypotheses=HYPS,
        scale={"CC": 2.0, "C": 2.0},
        sources=[source("s", "B")],
        evidence=[
            item("E1", "s", {"a": "CC", "b": "I", "c": "I"}),
            item("E2", "s", {"a": "CC", "b": "C", "c": "C"}),
        ],
    )
    assert warnings_of(folder) == [
        "warning: evidence/E2.yaml: E2.ratings: non-diagnostic: rated alike for every "
        "hypothesis, it changes nothing",
    ]
    # and it does change nothing. By hand: with noise = mean L = 1 and m = E[r] = 0.8 (B is
    # Beta(8, 2)), E1 gives a: 1 + m, b and c: 1 - m / 2, so P(a) = (1 + m) / 3 = 0.6; E2
    # gives 2r + (1 - r) 2 = 2 to every hypothesis.
    expected = [0.6, 0.2, 0.2]
    assert posteriors(folder) == pytest.approx(expected, abs=1e-12)
    (folder / "evidence" / "E2.yaml").unlink()
    assert posteriors(folder) == pytest.approx(expected, abs=1e-12)


def test_probabilities_all_equal_are_non_diagnostic(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("s", "B")],
        evidence=[
            item("E1", "s", {"a": 0.8, "b": 0.2, "c": 0.1}),
            item("E2", "s", {"a": 0.3, "b": 0.3, "c": 0.3}),
        ],
    )
    assert warnings_of(folder) == [
        "warning: evidence/E2.yaml: E2.ratings: non-diagnostic: rated alike for every "
        "hypothesis, it changes nothing",
    ]


def test_a_hypothesis_rated_only_where_nothing_moves_is_unrated(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("s", "B"), source("t", "C")],
        evidence=[
            item("E1", "s", {"a": "C", "b": "I"}),
            # c is rated C only here, where every hypothesis is C: no test of c
            item("E2", "s", {"a": "C", "b": "C", "c": "C"}),
            # and here, in an item that only retells E1 (rated c: CC, but it adds no weight)
            item("E3", "t", {"a": "C", "b": "I", "c": "CC"}, repeats="E1"),
        ],
    )
    assert warnings_of(folder) == [
        "warning: case.yaml: hypotheses.c: no item rates this hypothesis",
        "warning: evidence/E2.yaml: E2.ratings: non-diagnostic: rated alike for every "
        "hypothesis, it changes nothing",
    ]


def test_the_havza_case_warns_only_of_its_non_diagnostic_items_and_its_leads_sources() -> None:
    """The bundled case: every warning is a non-diagnostic item, each really rated alike, or a
    source only a lead names (the archives and the study not yet read hold no item)."""
    case = ach.load_case("havza-negotiator")
    only_in_leads = {lead.source for lead in case.leads} - {e.source for e in case.items}
    for warning in case.warnings:
        if warning.file == "sources.yaml":
            assert warning.field in only_in_leads, str(warning)
            continue
        assert warning.field.endswith(".ratings"), str(warning)
        item_id = warning.field.removesuffix(".ratings")
        assert len(set(case.ratings[item_id].values())) == 1


def test_an_alike_item_with_its_own_noise_moves_its_source_and_says_so(
    make_case: CaseMaker,
) -> None:
    # E2 rated C (L = 2) for all, with noise 0.5: P(E2 | h) = 0.5 + 1.5 r for every h, a
    # factor that favours high r and so strengthens E1 from the same source. By hand: E1's
    # noise is the mean of 4, 0.5, 0.5 = 5/3, so P(E1 | a) = 5/3 + 7/3 r and P(E1 | b) =
    # P(E1 | c) = 5/3 - 7/6 r; with r ~ Beta(8, 2), E[r] = 0.8 and E[r^2] = 8 * 9 / (10 * 11).
    m1, m2 = 0.8, 72 / 110
    a = 5 / 6 + (2.5 + 7 / 6) * m1 + 3.5 * m2  # E[(5/3 + 7/3 r)(0.5 + 1.5 r)]
    b = 5 / 6 + (2.5 - 7 / 12) * m1 - 1.75 * m2  # E[(5/3 - 7/6 r)(0.5 + 1.5 r)]
    without = (5 / 3 + 7 / 3 * m1) / 5  # P(a) with E1 alone (the three add up to 5)
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("s", "B")],
        evidence=[
            item("E1", "s", {"a": "CC", "b": "I", "c": "I"}),
            item("E2", "s", {"a": "C", "b": "C", "c": "C"}, noise=0.5),
        ],
    )
    assert posteriors(folder) == pytest.approx(
        [a / (a + 2 * b), b / (a + 2 * b), b / (a + 2 * b)], abs=1e-12
    )
    assert posteriors(folder)[0] > without + 5e-3  # E2 moved the ranking
    assert warnings_of(folder) == [
        "warning: evidence/E2.yaml: E2.ratings: non-diagnostic: rated alike for every "
        "hypothesis, it only changes how far its source is trusted (its noise differs)",
    ]


def test_a_restatement_is_recognised_by_its_weights_not_its_letters(
    make_case: CaseMaker,
) -> None:
    # with C weighted like CC, "a: CC" and "a: C" say the same thing from the same source
    folder = make_case(
        hypotheses=HYPS,
        scale={"CC": 4.0, "C": 4.0, "N": 1.0, "I": 0.5, "II": 0.25},
        sources=[source("s", "C")],
        evidence=[item("E1", "s", {"a": "CC", "b": "I"}), item("E2", "s", {"a": "C", "b": "I"})],
    )
    case = ach.load_case(folder)
    (restated,) = [w for w in case.warnings if w.kind == "restatement"]
    assert (restated.field, restated.message.split(" (")[0]) == (
        "E2.repeats",
        "looks like a restatement of E1",
    )


def test_every_warning_of_the_case_layer_says_its_kind(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("s", "C"), source("unused", "B")],
        evidence=[
            {"id": "E1", "claim": "c", "source": "s", "ratings": {"a": "C", "b": "C", "c": "C"}}
        ],
    )
    kinds = sorted(w.kind for w in ach.load_case(folder).warnings)
    assert kinds == sorted(
        ["no-quote", "no-locator", "non-diagnostic", "uncited-source"] + ["unrated-hypothesis"] * 3
    )
