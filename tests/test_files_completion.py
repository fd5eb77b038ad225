"""Shell completion (``ach --install-completion``): Tab completes case ids, folders, and the
item and source ids of the case already named on the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ach.cli import app

from tests.conftest import CaseMaker, item, source


def complete(words: str, cwd: Path) -> list[str]:
    """What bash would offer after ``words`` (the last word is the one being completed)."""
    env = {
        "_ACH_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    here = Path.cwd()
    os.chdir(cwd)  # ./cases is looked up from the working directory, as in a shell
    try:
        result = CliRunner().invoke(app, [], env=env, prog_name="ach")
    finally:
        os.chdir(here)
    assert result.exit_code == 0 and result.stderr == ""
    return result.stdout.split()


@pytest.fixture
def library(make_case: CaseMaker, tmp_path: Path) -> Path:
    folder = make_case(
        case_id="hv",
        sources=[source("cebesoy", "B"), source("cemal", "C"), source("karabekir", "C")],
        evidence=[item("E01", "cebesoy", {"h1": "C"}), item("E02", "cemal", {"h2": "C"})],
    )
    (tmp_path / "cases").mkdir()
    folder.rename(tmp_path / "cases" / "hv")
    return tmp_path


def test_case_ids_complete_from_the_library_and_the_bundled_cases(library: Path) -> None:
    assert complete("ach rank h", library) == ["havza-negotiator", "hv"]
    assert complete("ach matrix export hav", library) == ["havza-negotiator"]
    assert complete("ach rank cases/", library) == ["cases/hv/"]


def test_item_and_source_ids_complete_from_the_named_case(library: Path) -> None:
    assert complete("ach evidence show hv E", library) == ["E01", "E02"]
    assert complete("ach evidence remove hv E0", library) == ["E01", "E02"]
    assert complete("ach sources remove hv ce", library) == ["cebesoy", "cemal"]
    assert complete("ach sources remove nowhere ce", library) == []  # no case: nothing, quietly


def test_the_completion_can_be_installed() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
