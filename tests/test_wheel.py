"""A plain install of the built wheel ranks a bundled case from any working directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_carries_the_bundled_cases_and_ranks_one(tmp_path: Path) -> None:
    dist, target, work = tmp_path / "dist", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("ach-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # the wheel's ach first on the path (dependencies come from this environment)
    env = {**os.environ, "PYTHONPATH": str(target)}
    bundled = sorted(
        p.name for p in (target / "ach" / "cases").iterdir() if (p / "case.yaml").is_file()
    )
    assert "havza-negotiator" in bundled
    done = subprocess.run(
        [sys.executable, "-m", "ach", "rank", "havza-negotiator", "--json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    assert data["case"] == "havza-negotiator"
    assert sum(h["posterior"] for h in data["hypotheses"]) == pytest.approx(1.0, abs=1e-9)
    assert done.stderr.count("Traceback") == 0
    where = subprocess.run(
        [sys.executable, "-c", "import ach; print(ach.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target))
