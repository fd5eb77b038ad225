"""Sources that contradict each other: SMC finds both modes, NUTS is caught when it cannot.

Two sources of grade B, thirty items each, each source's items insisting on a different
hypothesis. By symmetry P(h1 | e) = P(h2 | e) = 0.5 exactly, and the posterior of the two
reliabilities has two modes (a reliable and b not, or the reverse) separated by a valley
that gradient-based NUTS does not cross.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ach

from tests.conftest import CaseMaker, item, source

pytestmark = pytest.mark.slow


def strong_conflict(make_case: CaseMaker) -> Path:
    evidence = [item(f"A{i:02d}", "a", {"h1": "CC", "h2": "II"}) for i in range(30)]
    evidence += [item(f"B{i:02d}", "b", {"h1": "II", "h2": "CC"}) for i in range(30)]
    return make_case(sources=[source("a", "B"), source("b", "B")], evidence=evidence)


def test_smc_weighs_both_modes_of_a_strong_conflict(make_case: CaseMaker) -> None:
    folder = strong_conflict(make_case)
    result = ach.rank(folder, engine="pymc", seed=3, progress=False)
    for hyp in ("h1", "h2"):
        assert result.hypothesis(hyp).posterior == pytest.approx(0.5, abs=0.02)
    # in each mode one source is right and the hypotheses are near-certain either way
    assert result.hypothesis("h1").interval[0] < 0.01 and result.hypothesis("h1").interval[1] > 0.99
    assert result.diagnostics is not None and not result.diagnostics["poor"]
    assert result.provenance.settings["tune"] is None  # SMC tunes itself at every stage


def test_nuts_stuck_in_one_mode_is_reported_and_strict_exits_3(make_case: CaseMaker) -> None:
    folder = strong_conflict(make_case)
    args = ["rank", str(folder), "--engine", "pymc", "--sampler", "nuts", "--draws", "1000"]
    done = subprocess.run(
        [sys.executable, "-m", "ach", *args, "--json", "--strict"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3
    data = json.loads(done.stdout)  # the whole of standard output, even on exit 3
    assert data["diagnostics"]["poor"] is True
    assert data["diagnostics"]["max_r_hat"] > 1.1
    settings = {"sampler": "nuts", "chains": 2, "draws": 1000, "draws_per_chain": 500, "tune": 1000}
    assert data["provenance"]["settings"] == settings
    stderr = " ".join(done.stderr.split())
    assert "the chains disagree" in stderr and "use --sampler smc" in stderr
