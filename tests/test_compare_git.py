"""`ach compare CASE --since REV` and `ach log CASE` on a git repository built in the test.

Sources have fixed reliability 1, so the log-odds are sums of log-likelihood ratios (an item
rated C for h1 and N for h2 adds log 2; CC adds log 4).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def history(make_case: CaseMaker) -> Path:
    """A repository with the case in ``cases/demo`` and three commits touching it."""
    folder = make_case(
        case_id="demo", sources=[source("s", 1.0)], evidence=[item("E1", "s", {"h1": "C"})]
    )
    repo = folder.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first version")
    (folder / "evidence" / "E2.yaml").write_text(yaml.safe_dump(item("E2", "s", {"h2": "CC"})))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "E2 favours h2")
    e1 = yaml.safe_load((folder / "evidence" / "E1.yaml").read_text())
    e1["notes"] = "only a note"
    (folder / "evidence" / "E1.yaml").write_text(yaml.safe_dump(e1))
    (repo / "unrelated.txt").write_text("not the case")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a note on E1")
    (repo / "unrelated.txt").write_text("still not the case")
    git(repo, "commit", "-qam", "outside the case")
    return folder


def test_since_reads_the_old_case_from_git_without_touching_the_tree(history: Path) -> None:
    repo = history.parent
    # uncommitted work counts as "now"
    (history / "evidence" / "E3.yaml").write_text(yaml.safe_dump(item("E3", "s", {"h2": "C"})))
    before = snapshot(repo)
    status = git(repo, "status", "--porcelain")
    done = runner.invoke(app, ["compare", str(history), "--since", "HEAD~3", "--json"])
    assert done.exit_code == 0, done.output
    assert snapshot(repo) == before and git(repo, "status", "--porcelain") == status
    out = json.loads(done.stdout)
    effects = {c["id"]: c["effect"] for c in out["changes"]}
    # now: h2 leads with odds 4 * 2 / 2 = 4 against h1; E2 carries log 4, E3 log 2, E1 nothing
    assert out["after"]["hypotheses"][0]["id"] == "h2"
    assert out["before"]["hypotheses"][0]["id"] == "h1"
    assert effects == pytest.approx({"E2": math.log(4), "E3": math.log(2), "E1": 0.0}, abs=1e-9)


def test_since_a_revision_that_is_not_there(history: Path) -> None:
    done = runner.invoke(app, ["compare", str(history), "--since", "nope"])
    assert done.exit_code == 1
    assert done.stderr.strip() == f"'nope': not a commit of the repository at {history.parent}"


def test_since_outside_a_repository(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = make_case(sources=[source("s", 1.0)], evidence=[item("E1", "s", {"h1": "C"})])
    done = runner.invoke(app, ["compare", str(folder), "--since", "HEAD"])
    assert done.exit_code == 1
    assert done.stderr.strip() == f"{folder}: not inside a git repository"


def test_log_gives_one_line_per_commit_touching_the_case(history: Path) -> None:
    done = runner.invoke(app, ["log", str(history)], env={"COLUMNS": "100"})
    assert done.exit_code == 0, done.output
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "demo: 3 commit(s) touching the case"
    assert "new case: 1 sources, 1 items | h1 leads at 0.667" in lines[1]
    assert "+E2 | h2 leads at 0.667" in lines[2]  # odds 4 / 2
    assert "~E1 | h2 leads at 0.667" in lines[3]
    assert len(lines) == 4  # the commit outside the case is not listed
    data = json.loads(runner.invoke(app, ["log", str(history), "--json"]).stdout)
    assert [e["subject"] for e in data["entries"]] == [
        "first version",
        "E2 favours h2",
        "a note on E1",
    ]
    assert data["entries"][1]["posterior"] == pytest.approx(2 / 3, abs=1e-12)


def test_log_names_a_commit_where_the_case_did_not_load(history: Path) -> None:
    repo = history.parent
    (history / "evidence" / "E9.yaml").write_text(yaml.safe_dump(item("E9", "ghost", {"h1": "C"})))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "broken")
    done = runner.invoke(app, ["log", str(history), "--json"])
    last = json.loads(done.stdout)["entries"][-1]
    assert last["leader"] is None
    assert last["problem"].startswith("evidence/E9.yaml: source: 'ghost' is not a source id")
