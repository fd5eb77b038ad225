"""``ach evidence add --edit``: what the user saves is what is checked, named and kept.

The editor is a small Python program that writes a fixed text into the draft, so each test
knows exactly what was "typed".
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()


def editor_writing(tmp_path: Path, *texts: str) -> str:
    """An $EDITOR that saves ``texts[k]`` on its k-th run (the last one from then on)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        f"texts = {list(texts)!r}\n"
        f"count = pathlib.Path({str(tmp_path / 'runs')!r})\n"
        "runs = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(runs + 1))\n"
        "pathlib.Path(sys.argv[1]).write_text(texts[min(runs, len(texts) - 1)], 'utf-8')\n",
        encoding="utf-8",
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


@pytest.fixture
def case(make_case: CaseMaker) -> Path:
    return make_case(
        sources=[source("s", "B")],
        evidence=[item("E01", "s", {"h1": "CC", "h2": "I"})],
    )


def add_edited(case: Path, editor: str) -> Result:
    args = ["evidence", "add", str(case), "--id", "E02", "--source", "s", "--claim", "draft"]
    return runner.invoke(app, [*args, "--rate", "h1=C", "--edit"], env={"EDITOR": editor})


GOOD = "id: {id}\nclaim: edited\nsource: s\nquote: q\nlocator: p. 2\nratings: {{h1: I}}\n"


def test_the_file_is_named_after_the_id_the_user_saved(case: Path, tmp_path: Path) -> None:
    result = add_edited(case, editor_writing(tmp_path, GOOD.format(id="Z9")))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (case / "evidence").iterdir()) == ["E01.yaml", "Z9.yaml"]
    loaded = ach.load_case(case)
    assert loaded.item_files["Z9"] == "evidence/Z9.yaml"
    assert loaded.item_by_id["Z9"].claim == "edited"


@pytest.mark.parametrize(
    ("saved", "first_line"),
    [
        (
            GOOD.format(id="E01"),  # the saved id is already taken
            "evidence/E01.yaml: id: 'E01' is already used in evidence/E01.yaml; "
            "nothing was written",
        ),
        (
            "- {id: E02, claim: a, source: s, ratings: {h1: I}}\n"
            "- {id: E03, claim: b, source: s, ratings: {h1: C}}\n",
            "evidence/E02.yaml: the saved file must hold one item (a mapping of fields); "
            "nothing was written",
        ),
        ("id: E02\nclaim: [broken\n", "evidence/E02.yaml: invalid YAML"),
    ],
)
def test_a_refused_edit_changes_nothing_and_keeps_what_was_typed(
    case: Path, tmp_path: Path, saved: str, first_line: str
) -> None:
    before = snapshot(case)
    result = add_edited(case, editor_writing(tmp_path, saved))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(first_line)
    assert lines[-1].startswith("your edited item is kept in ")
    kept = Path(lines[-1].removeprefix("your edited item is kept in "))
    try:
        assert kept.read_text(encoding="utf-8") == saved
        assert case not in kept.parents  # a draft inside the case would be loaded as evidence
    finally:
        kept.unlink()
    assert snapshot(case) == before


def test_at_a_terminal_a_refused_edit_reopens_the_editor(case: Path, tmp_path: Path) -> None:
    import pty
    import select
    import subprocess
    import time

    editor = editor_writing(tmp_path, "id: E02\nclaim: [broken\n", GOOD.format(id="E02"))
    leader, follower = pty.openpty()
    args = ["evidence", "add", str(case), "--id", "E02", "--source", "s", "--claim", "c"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ach", *args, "--rate", "h1=C", "--edit"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
        env={**os.environ, "EDITOR": editor},
    )
    os.close(follower)
    seen, answered, deadline = "", False, time.time() + 60
    while proc.poll() is None and time.time() < deadline:
        if not select.select([leader], [], [], 0.5)[0]:
            continue
        try:
            seen += os.read(leader, 4096).decode("utf-8", "replace")
        except OSError:
            break
        if not answered and "Open the editor again to fix it? [Y/n]" in seen:
            os.write(leader, b"\n")  # the default: yes
            answered = True
    proc.wait(timeout=60)
    os.close(leader)
    assert answered and "evidence/E02.yaml: invalid YAML" in seen
    assert proc.returncode == 0, seen
    assert (tmp_path / "runs").read_text() == "2"
    assert ach.load_case(case).item_by_id["E02"].claim == "edited"
