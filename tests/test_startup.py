"""Start-up is part of the product: `ach --help` and the exact `ach rank` import nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CaseMaker, item, source

HEAVY = (
    "pymc",
    "pytensor",
    "arviz",
    "arviz_base",
    "arviz_stats",
    "arviz_plots",
    "matplotlib",
    "typst",
    "scipy.stats",
    "pandas",
    "xarray",
    "numba",
)

PROBE = """
import json, sys
from ach.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(m for m in sys.modules)))
"""


def loaded_modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY[:-4])


def test_help_imports_nothing_heavy() -> None:
    modules = loaded_modules("--help")
    assert heavy_in(modules) == []
    assert "numpy" not in modules  # --help does not even need the model


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_exact_rank_imports_nothing_heavy(make_case: CaseMaker, json_flag: list[str]) -> None:
    folder: Path = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    modules = loaded_modules("rank", str(folder), *json_flag)
    assert "ach.engine.exact" in modules  # it did rank
    assert heavy_in(modules) == []
