"""``ach analysts``: rankings side by side, Krippendorff's alpha, the contested items in the
order of what their disagreement does to the leader."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from typer.testing import CliRunner

import ach
from ach.analysis.analysts import agreement, compare_analysts, ordinal_alpha
from ach.cli import app
from ach.reports.analysts import rankings, render_analysts

from tests.conftest import CaseMaker, item, source
from tests.test_analysts_ratings import write_ratings

RUNNER = CliRunner()


def flip_case(make_case: CaseMaker) -> Path:
    """Reliability fixed at 1, so P(e | h) = L(e, h) and each item adds log L(e, a) / L(e, b)
    to the log-odds of a against b. The pool of an item is the mean of the readings' L.

    - Y: the case reads (I, II) = (0.5, 0.25), log-odds log 2; Mary (CC, CC), 0; pooled
      (2.25, 2.125), log(2.25 / 2.125). Spread log 2 = 0.693.
    - X: the case (0.5, 0.5), 0; Mary (0.4, 0.6), log(2/3); pooled (0.45, 0.55). Spread
      log 1.5 = 0.405: smaller than Y's.
    - Z: both (0.56, 0.44).
    Pooled log-odds T = log(2.25/2.125) + log(0.45/0.55) + log(0.56/0.44) = 0.0977: a leads.
    Mary's Y alone: T - log(2.25/2.125) = 0.0405 > 0, a still leads. Mary's X alone:
    T - log(0.45/0.55) + log(2/3) = -0.107 < 0: b leads. X flips the leader, so X is listed
    first although Y's readings are further apart.
    """
    folder = make_case(
        hypotheses=[{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        sources=[source("s", 1.0)],
        evidence=[
            item("Y", "s", {"a": "I", "b": "II"}),
            item("X", "s", {"a": 0.5, "b": 0.5}),
            item("Z", "s", {"a": 0.56, "b": 0.44}),
        ],
    )
    write_ratings(folder, "mary", "Y: {a: CC, b: CC}\nX: {a: 0.4, b: 0.6}\n")
    return folder


def test_a_disagreement_that_flips_the_leader_is_listed_first(make_case: CaseMaker) -> None:
    report = compare_analysts(ach.load_case(flip_case(make_case)))
    assert report.leader == "a"
    assert report.runner_up == "b"
    assert [c.id for c in report.contested] == ["X", "Y"]
    x, y = report.contested
    assert x.flips == {"mary": "b"}
    assert y.flips == {}
    assert x.spread == pytest.approx(math.log(1.5), abs=1e-9)
    assert y.spread == pytest.approx(math.log(2), abs=1e-9)
    rest = math.log(2.25 / 2.125) + math.log(0.56 / 0.44)  # Y pooled and Z
    assert x.log_odds["case"] == pytest.approx(rest, abs=1e-9)
    assert x.log_odds["mary"] == pytest.approx(rest + math.log(0.4 / 0.6), abs=1e-9)
    assert x.readings["mary"] == {"a": 0.4, "b": 0.6}


def test_items_read_alike_by_every_analyst_are_not_contested(make_case: CaseMaker) -> None:
    report = compare_analysts(ach.load_case(flip_case(make_case)))
    assert "Z" not in [c.id for c in report.contested]


def test_each_analyst_ranking_is_the_one_rank_gives(make_case: CaseMaker) -> None:
    folder = flip_case(make_case)
    report = compare_analysts(ach.load_case(folder))
    assert [r.analyst for r in report.rankings] == ["case", "mary"]
    for reading, args in ((report.rankings[1], ["--analyst", "mary"]), (report.pool, ["--pool"])):
        done = RUNNER.invoke(app, ["rank", str(folder), "--json", *args])
        ranked = json.loads(done.stdout)["hypotheses"]
        assert [h.id for h in reading.hypotheses] == [h["id"] for h in ranked]
        assert [h.posterior for h in reading.hypotheses] == pytest.approx(
            [h["posterior"] for h in ranked], abs=1e-12
        )


def test_ordinal_alpha_matches_krippendorffs_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 observers x 12
    # units example with missing values: ordinal alpha 0.815 (nominal 0.743, interval 0.849)
    n = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
        ]
    )
    alpha = ordinal_alpha(data)
    assert alpha is not None
    assert round(alpha, 3) == 0.815


def test_agreement_counts_only_cells_two_analysts_rated(make_case: CaseMaker) -> None:
    # Mary rates Y only (numbers on X are off the ordinal scale): 2 code cells of Y are shared
    folder = flip_case(make_case)
    found = agreement(ach.load_case(folder))
    assert found.analysts == 2
    assert found.units == 2
    # case II 0 / I 1 against Mary's CC 4 / CC 4 for the two cells: worse than chance
    assert found.alpha is not None and found.alpha < 0


def test_perfect_agreement_is_alpha_one(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B")],
        evidence=[item("E1", "s", {"h1": "CC", "h2": "I"}), item("E2", "s", {"h1": "N"})],
    )
    write_ratings(folder, "mary", "E1: {h1: CC, h2: I}\nE2: {h2: N}\n")
    found = agreement(ach.load_case(folder))
    assert (found.alpha, found.units) == (1.0, 4)


def test_one_analyst_has_no_agreement_to_measure(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    found = agreement(ach.load_case(folder))
    assert found.alpha is None
    assert found.why == "only one analyst"


def test_the_terminal_view_fits_80_columns_with_every_id_whole(make_case: CaseMaker) -> None:
    folder = flip_case(make_case)
    write_ratings(folder, "a-rather-long-analyst-name", "Y: {a: N}\n")
    console = Console(width=80, color_system=None, record=True)
    console.print(render_analysts(compare_analysts(ach.load_case(folder))))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "a-rather-long-analyst-name" in text
    assert "Krippendorff's alpha" in text
    assert "b leads" in text  # Mary's reading of X


def test_analysts_json_is_the_report(make_case: CaseMaker) -> None:
    done = RUNNER.invoke(app, ["analysts", str(flip_case(make_case)), "--json", "--top", "1"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["analysts"] == ["case", "mary"]
    assert [c["id"] for c in data["contested"]] == ["X"]
    assert data["pool"]["leader"] == "a"


def test_a_pool_that_ties_marks_every_tied_hypothesis(make_case: CaseMaker) -> None:
    # the case reads (CC, I), Mary (I, CC): the pooled L is (2.25, 2.25), a tie at 0.5. The
    # case alone: P(e | a) = 0.8*4 + 0.2*2.25 = 3.65, P(e | b) = 0.8*0.5 + 0.45 = 0.85, so
    # 3.65 / 4.5 = 0.811 for a; Mary's reading is the mirror image.
    folder = make_case(
        hypotheses=[{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        sources=[source("s", 0.8)],
        evidence=[item("E1", "s", {"a": "CC", "b": "I"})],
    )
    write_ratings(folder, "mary", "E1: {a: I, b: CC}\n")
    report = compare_analysts(ach.load_case(folder))
    assert report.pool.tied == ("b",)
    header, rows = rankings(report)
    assert header == ["hypothesis", "case", "mary", "pool"]
    assert rows == [["a", "0.811*", "0.189", "0.500*"], ["b", "0.189", "0.811*", "0.500*"]]
