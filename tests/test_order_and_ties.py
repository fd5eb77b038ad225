"""One function orders hypotheses, names the leader and says who is tied: every output agrees."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import ach
from ach.analysis.sensitivity import analyse
from ach.cli import app
from ach.engine.order import TIE, first_shares, leaders, overtakes, standing

from tests.conftest import CaseMaker, item, source


def test_hypotheses_are_ordered_by_posterior_highest_first() -> None:
    ranked = standing([0.3, 0.5, 0.2])
    assert ranked.order == (1, 0, 2)
    assert (ranked.leader, ranked.runner_up, ranked.tied) == (1, 0, ())


def test_posteriors_within_the_tolerance_are_tied_and_listed_in_case_order() -> None:
    ranked = standing([0.2, 0.4, 0.4 + TIE / 2])
    assert ranked.order == (1, 2, 0)
    assert ranked.tied == (2,)


def test_nothing_wider_than_the_tolerance_is_a_tie() -> None:
    ranked = standing([0.4, 0.4 + 3 * TIE])
    assert ranked.order == (1, 0)
    assert ranked.tied == ()


def test_leaders_of_many_rows_follow_the_same_rule_as_standing() -> None:
    rows = np.array([[0.5, 0.5, 0.0], [0.1, 0.3, 0.6], [0.3, 0.3 + TIE / 3, 0.4 - TIE / 3]])
    assert leaders(rows).tolist() == [standing(r).leader for r in rows] == [0, 2, 2]


def test_a_tie_is_no_flip() -> None:
    rows = np.array([[0.5, 0.5], [0.5 - 2 * TIE, 0.5 + 2 * TIE], [0.6, 0.4]])
    assert overtakes(rows, 0).tolist() == [-1, 1, -1]


def test_first_place_in_a_draw_is_shared_among_the_hypotheses_tied_there() -> None:
    draws = np.array([[0.5, 0.5, 0.0], [0.7, 0.2, 0.1], [0.2, 0.2, 0.6], [1 / 3, 1 / 3, 1 / 3]])
    # per draw: (1/2, 1/2, 0), (1, 0, 0), (0, 0, 1), (1/3, 1/3, 1/3)
    expected = np.array([0.5 + 1 + 1 / 3, 0.5 + 1 / 3, 1 + 1 / 3]) / 4
    assert first_shares(draws) == pytest.approx(expected, abs=1e-15)


@pytest.fixture
def tied_case(make_case: CaseMaker) -> Path:
    """Two sources of equal fixed reliability, one item CC/I each way: h1 and h2 tie by
    symmetry; h3 is rated N by both, and L = (4, 0.5, 1) against (0.5, 4, 1) keeps it behind."""
    return make_case(
        hypotheses=[
            {"id": "h1", "label": "One"},
            {"id": "h2", "label": "Two"},
            {"id": "h3", "label": "Three"},
        ],
        sources=[source("s1", 0.8), source("s2", 0.8)],
        evidence=[
            item("E1", "s1", {"h1": "CC", "h2": "I"}),
            item("E2", "s2", {"h1": "I", "h2": "CC"}),
        ],
    )


def test_a_tie_is_named_as_a_tie_and_every_output_names_the_same_leader(
    tied_case: Path,
) -> None:
    result = ach.rank(tied_case)
    assert [h.id for h in result.hypotheses][:2] == ["h1", "h2"]
    assert result.tied == ("h2",)
    # first place shared: every draw is the same (fixed reliabilities) and ties h1 with h2
    assert [h.p_first for h in result.hypotheses] == pytest.approx([0.5, 0.5, 0.0])
    sens = analyse(ach.load_case(tied_case))
    assert (sens.leader, sens.tied) == ("h1", ("h2",))
    printed = CliRunner().invoke(app, ["rank", str(tied_case), "--json"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["hypotheses"][0]["id"] == "h1"
    sens_json = CliRunner().invoke(app, ["sensitivity", str(tied_case), "--json"])
    assert json.loads(sens_json.stdout)["leader"] == "h1"
    assert json.loads(sens_json.stdout)["tied"] == ["h2"]


def test_with_no_diagnostic_evidence_every_hypothesis_ties(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("s1", "C")],
        evidence=[item("E1", "s1", {"a": "C", "b": "C", "c": "C"})],
    )
    result = ach.rank(folder)
    assert [h.id for h in result.hypotheses] == ["a", "b", "c"]
    assert result.tied == ("b", "c")
    assert [h.p_first for h in result.hypotheses] == pytest.approx([1 / 3] * 3)


def test_the_drivers_are_measured_against_the_named_leader_and_say_who_attributed_them(
    tied_case: Path,
) -> None:
    result = ach.rank(tied_case)
    assert result.drivers_engine == "exact"
    # h1 leads (tied): leaving E1 out costs h1 against h2 the log ratio of E1's likelihoods,
    # L = (4, 0.5, 1), noise their mean, r = 0.8
    r, noise = 0.8, (4 + 0.5 + 1) / 3
    favour = np.log((r * 4 + (1 - r) * noise) / (r * 0.5 + (1 - r) * noise))
    assert [d.id for d in result.drivers] == ["E1"]
    assert result.drivers[0].influence == pytest.approx(favour, abs=1e-9)


def test_a_rank_result_round_trips_through_its_json(tied_case: Path) -> None:
    from ach.engine.result import RankResult

    result = ach.rank(tied_case, seed=4)
    again = RankResult.from_json(result.to_json())
    assert again == result
    assert again.leader.id == "h1" and again.tied == ("h2",) and again.drivers == result.drivers
