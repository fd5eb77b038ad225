"""Growing a case: init, evidence add/list/show, sources add/list, and what validate warns."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()


@pytest.fixture
def case(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=[
            {"id": "eliava", "label": "Shalva Eliava", "aliases": ["Eliava"]},
            {"id": "mdivani", "label": "Budu Mdivani"},
        ],
        sources=[source("cebesoy", "C"), source("perincek", "B")],
        evidence=[item("E01", "cebesoy", {"eliava": "C", "mdivani": "I"})],
    )


def add(case: Path, *extra: str) -> Result:
    return runner.invoke(app, ["evidence", "add", str(case), *extra])


def test_evidence_add_writes_the_item_and_shows_the_ranking_move(case: Path) -> None:
    result = add(
        case,
        "--id",
        "E02",
        "--source",
        "perincek",
        "--claim",
        "Perinçek names Mdivani.",
        "--rate",
        "mdivani=CC",
        "--rate",
        "Eliava=I",
        "--quote",
        "Budu Mdivani ...",
        "--locator",
        "p. 3",
        "--date",
        "1919-06",
        "--credibility",
        "3",
    )
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((case / "evidence" / "E02.yaml").read_text(encoding="utf-8"))
    assert written == {
        "id": "E02",
        "claim": "Perinçek names Mdivani.",
        "quote": "Budu Mdivani ...",
        "source": "perincek",
        "locator": "p. 3",
        "date": "1919-06",
        "credibility": 3,
        "ratings": {"mdivani": "CC", "Eliava": "I"},
    }
    assert "What the item did to the ranking" in result.stdout
    assert "The leader changed: Shalva Eliava -> Budu Mdivani." in " ".join(result.stdout.split())
    assert ach.load_case(case).ratings["E02"] == {"eliava": "I", "mdivani": "CC"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "E01", "--source", "cebesoy", "--claim", "c", "--rate", "eliava=C"],
            "evidence/E01.yaml: id: 'E01' is already used in evidence/E01.yaml; nothing was written",
        ),
        (
            ["--id", "E02", "--source", "nobody", "--claim", "c", "--rate", "eliava=C"],
            "evidence/E02.yaml: source: 'nobody' is not a source id in sources.yaml (line 4)",
        ),
        (
            ["--id", "E02", "--source", "cebesoy", "--claim", "c", "--rate", "budyonny=C"],
            "evidence/E02.yaml: ratings.budyonny: 'budyonny' is not a hypothesis id or alias (ids: eliava, mdivani) (line 6)",
        ),
        (
            ["--id", "E02", "--source", "cebesoy", "--claim", "c", "--rate", "eliava=X"],
            "evidence/E02.yaml: ratings.eliava: 'X' is not one of CC, C, N, I, II (line 6)",
        ),
        (
            [
                "--id",
                "E02",
                "--source",
                "cebesoy",
                "--claim",
                "c",
                "--rate",
                "eliava=1.5",
                "--rate",
                "mdivani=0.2",
            ],
            "evidence/E02.yaml: ratings.eliava: 1.5 is not a probability in [0, 1] (line 6)",
        ),
        (
            ["--id", "../E02", "--source", "cebesoy", "--claim", "c", "--rate", "eliava=C"],
            "evidence: id: '../E02' is not a valid evidence id (letters, digits, '-', '_' and '.', starting with a letter or digit; no path separator)",
        ),
        (
            ["--id", "E02", "--source", "cebesoy", "--claim", "c", "--rate", "eliava"],
            "--rate 'eliava': expected HYPOTHESIS=CODE, e.g. eliava=CC",
        ),
    ],
)
def test_evidence_add_refuses_bad_items_and_changes_nothing(
    case: Path, args: list[str], message: str
) -> None:
    before = snapshot(case)
    result = add(case, *args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [message]
    assert snapshot(case) == before


def test_two_concurrent_adds_both_land_and_neither_is_clobbered(case: Path) -> None:
    from ach.workspace import add_evidence, build_item

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            add_evidence(
                case,
                build_item(id=f"E1{n}", claim=f"claim {n}", source="cebesoy", ratings=["eliava=C"]),
            )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    loaded = ach.load_case(case)
    assert {f"E1{n}" for n in range(4)} <= set(loaded.item_by_id)
    assert all(loaded.item_by_id[f"E1{n}"].claim == f"claim {n}" for n in range(4))


def test_the_same_id_added_twice_at_once_lands_once(case: Path) -> None:
    from ach.workspace import add_evidence, build_item

    outcomes: list[str] = []

    def worker(n: int) -> None:
        try:
            add_evidence(
                case,
                build_item(id="E09", claim=f"claim {n}", source="cebesoy", ratings=["eliava=C"]),
            )
            outcomes.append("ok")
        except ach.AchError:
            outcomes.append("refused")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused"]


def test_non_ascii_text_round_trips_readably(case: Path) -> None:
    claim = "Şalva Eliava — Шалва Элиава — შალვა ელიავა"
    result = add(
        case, "--id", "E03", "--source", "cebesoy", "--claim", claim, "--rate", "eliava=CC"
    )
    assert result.exit_code == 0, result.output
    raw = (case / "evidence" / "E03.yaml").read_text(encoding="utf-8")
    assert claim in raw and "\\u" not in raw
    assert ach.load_case(case).item_by_id["E03"].claim == claim


def test_evidence_list_and_show(case: Path) -> None:
    listed = runner.invoke(app, ["evidence", "list", str(case)], env={"COLUMNS": "160"})
    assert listed.exit_code == 0 and "E01" in listed.stdout and "cebesoy (C)" in listed.stdout
    shown = runner.invoke(app, ["evidence", "show", str(case), "E01"], env={"COLUMNS": "160"})
    assert shown.exit_code == 0
    assert "influence" in shown.stdout and "log-odds" in shown.stdout
    missing = runner.invoke(app, ["evidence", "show", str(case), "E99"])
    assert missing.exit_code == 1


def test_sources_add_keeps_comments_and_order(case: Path) -> None:
    path = case / "sources.yaml"
    path.write_text(
        "# our sources\n"
        + path.read_text(encoding="utf-8").replace(
            "- id: perincek", "# the archive man\n- id: perincek"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "sources",
            "add",
            str(case),
            "--id",
            "yerasimos",
            "--kind",
            "scholarship",
            "--reliability",
            "B",
            "--citation",
            "Yerasimos, S. (2000). Türk-Sovyet İlişkileri.",
            "--derived-from",
            "perincek",
        ],
    )
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# our sources\n") and "# the archive man" in text
    assert "Türk-Sovyet İlişkileri" in text
    ids = [s.id for s in ach.load_case(case).sources]
    assert ids == ["cebesoy", "perincek", "yerasimos"]
    assert ach.load_case(case).source_by_id["yerasimos"].derived_from == ("perincek",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "cebesoy", "--kind", "memoir", "--reliability", "B", "--citation", "x"],
            "sources.yaml: id: 'cebesoy' is already a source; nothing was written",
        ),
        (
            ["--id", "new", "--kind", "blog", "--reliability", "B", "--citation", "x"],
            "sources.yaml: new.kind: 'blog' is not one of memoir, letter, speech, archival, scholarship, journalism, other (line 11)",
        ),
        (
            [
                "--id",
                "new",
                "--kind",
                "memoir",
                "--reliability",
                "B",
                "--citation",
                "x",
                "--derived-from",
                "ghost",
            ],
            "sources.yaml: new.derived_from: 'ghost' is not a source id (line 13)",
        ),
    ],
)
def test_sources_add_refuses_and_changes_nothing(case: Path, args: list[str], message: str) -> None:
    before = snapshot(case)
    result = runner.invoke(app, ["sources", "add", str(case), *args])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [message]
    assert snapshot(case) == before


def test_init_writes_a_commented_case_that_validates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "new-case")])
    assert result.exit_code == 0, result.output
    assert "# The question" in (tmp_path / "new-case" / "case.yaml").read_text()
    assert ach.load_case(tmp_path / "new-case").id == "new-case"
    assert runner.invoke(app, ["rank", str(tmp_path / "new-case"), "--json"]).exit_code == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path / "busy")])
    assert result.exit_code == 1
    assert "not empty" in result.stderr
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_init_from_the_bundled_case_validates_and_ranks_the_same(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "my-havza"), "--from", "havza-negotiator"])
    assert result.exit_code == 0, result.output
    copy = json.loads(runner.invoke(app, ["rank", str(tmp_path / "my-havza"), "--json"]).stdout)
    original = json.loads(runner.invoke(app, ["rank", "havza-negotiator", "--json"]).stdout)
    assert copy["case"] == "my-havza"
    assert copy["hypotheses"] == original["hypotheses"]
    bundled = ach.load_case("havza-negotiator").root
    changed = [
        p.name
        for p in bundled.rglob("*")
        if p.is_file()
        and p.read_bytes() != (tmp_path / "my-havza" / p.relative_to(bundled)).read_bytes()
    ]
    assert changed == ["case.yaml"]


def test_validate_warns_of_a_restatement_not_marked_repeats(case: Path) -> None:
    assert (
        add(
            case,
            "--id",
            "E02",
            "--source",
            "cebesoy",
            "--claim",
            "the same again",
            "--rate",
            "eliava=C",
            "--rate",
            "mdivani=I",
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["validate", str(case)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert (
        "warning: evidence/E02.yaml: E02.repeats: looks like a restatement of E01 (same source chain, "
        "same ratings); if it only retells it, mark it `repeats: E01`"
    ) in result.stdout


def test_validate_warns_when_a_derivation_group_is_large(make_case: CaseMaker) -> None:
    chain = [source("s0", "C")] + [
        source(f"s{i}", "C", derived_from=[f"s{i - 1}"]) for i in range(1, 6)
    ]
    evidence = [item(f"E{i}{k}", f"s{i}", {"h1": "C"}) for i in range(6) for k in range(3)]
    result = runner.invoke(
        app, ["validate", str(make_case(sources=chain, evidence=evidence))], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0
    assert "6 sources with uncertain reliability are linked by derived_from" in result.stdout


def test_edit_opens_the_draft_in_the_editor_and_checks_what_is_saved(case: Path) -> None:
    import sys

    editor = f"{sys.executable} -c \"import pathlib,sys; p=pathlib.Path(sys.argv[1]); p.write_text(p.read_text().replace('draft', 'edited'))\""
    result = runner.invoke(
        app,
        [
            "evidence",
            "add",
            str(case),
            "--id",
            "E05",
            "--source",
            "cebesoy",
            "--claim",
            "draft claim",
            "--rate",
            "eliava=C",
            "--edit",
        ],
        env={"EDITOR": editor},
    )
    assert result.exit_code == 0, result.output
    assert ach.load_case(case).item_by_id["E05"].claim == "edited claim"

    before = snapshot(case)
    breaker = f"{sys.executable} -c \"import pathlib,sys; pathlib.Path(sys.argv[1]).write_text('id: E06\\nclaim: [broken')\""
    result = runner.invoke(
        app,
        [
            "evidence",
            "add",
            str(case),
            "--id",
            "E06",
            "--source",
            "cebesoy",
            "--claim",
            "draft",
            "--rate",
            "eliava=C",
            "--edit",
        ],
        env={"EDITOR": breaker},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("evidence/E06.yaml: invalid YAML")
    assert snapshot(case) == before


def test_missing_values_are_asked_for_at_a_terminal(case: Path) -> None:
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ach", "evidence", "add", str(case)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    answers = [  # in order; a wrong choice is asked again
        ("Evidence id", "E07"),
        ("Source (cebesoy, perincek)", "nobody"),
        ("'nobody' is not one of cebesoy, perincek", ""),
        ("Source (cebesoy, perincek)", "perincek"),
        ("Claim", "asked for"),
        ("Rating for eliava (CC, C, N, I, II)", "I"),
        ("Rating for mdivani (CC, C, N, I, II)", "CC"),
    ]
    seen, deadline = "", time.time() + 60
    while proc.poll() is None and time.time() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if not ready:
            continue
        try:
            seen += os.read(leader, 4096).decode("utf-8", "replace")
        except OSError:
            break
        while answers and answers[0][0] in seen:
            prompt, answer = answers.pop(0)
            seen = seen.split(prompt, 1)[1]
            if prompt.startswith("'"):
                continue  # a message, not a question
            os.write(leader, (answer + "\n").encode())
    proc.wait(timeout=60)
    os.close(leader)
    assert answers == [] and proc.returncode == 0
    added = ach.load_case(case).item_by_id["E07"]
    assert (added.source, added.claim) == ("perincek", "asked for")
    assert ach.load_case(case).ratings["E07"] == {"eliava": "I", "mdivani": "CC"}
