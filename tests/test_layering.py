"""Layering is enforced by lint: the lower layers may not import reports or the CLI, and heavy
modules are never imported at module level (ruff's flake8-tidy-imports rules)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def lint(path: str, source: str) -> str:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    done = subprocess.run(
        [ruff, "check", "--no-cache", "--select", "TID", "--stdin-filename", path, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return done.stdout


@pytest.mark.parametrize("package", ["engine", "analysis", "case", "evidence", "hypotheses"])
def test_the_lower_layers_may_not_import_reports_or_the_cli(package: str) -> None:
    path = f"src/ach/{package}/probe.py"
    assert "TID251" in lint(path, "from ach.reports.terminal import render_rank\n")
    assert "TID251" in lint(path, "def f() -> None:\n    import ach.cli.app\n")


def test_reports_may_import_the_engine() -> None:
    assert "TID" not in lint(
        "src/ach/reports/probe.py", "from ach.engine.result import RankResult\n"
    )


@pytest.mark.parametrize("module", ["pymc", "pytensor", "arviz_stats", "matplotlib", "typst"])
def test_heavy_modules_are_never_imported_at_module_level(module: str) -> None:
    assert "TID253" in lint("src/ach/reports/probe.py", f"import {module}\n")
    assert "TID253" not in lint(
        "src/ach/reports/probe.py", f"def f() -> None:\n    import {module}\n"
    )
