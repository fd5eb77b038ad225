"""Growing a case, checked by numbers worked out by hand, and what ``ach validate`` warns.

Sources fixed at reliability 1 make every item speak exactly as rated, so the posterior is the
prior times the product of the scale weights (CC 4, C 2, N 1, I 0.5, II 0.25), normalised.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source, unwrap

runner = CliRunner()
WIDE = {"COLUMNS": "240"}


@pytest.fixture
def certain(make_case: CaseMaker) -> Path:
    """Two hypotheses, uniform priors; E01 (C for eliava, I for mdivani) from a certain source."""
    return make_case(
        hypotheses=[
            {"id": "eliava", "label": "Shalva Eliava", "aliases": ["Eliava"]},
            {"id": "mdivani", "label": "Budu Mdivani"},
        ],
        sources=[source("cebesoy", 1.0), source("perincek", 1.0)],
        evidence=[item("E01", "cebesoy", {"eliava": "C", "mdivani": "I"})],
    )


def add_e02(case: Path) -> Result:
    return runner.invoke(
        app,
        [
            "evidence",
            "add",
            str(case),
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
        ],
        env=WIDE,
    )


def test_evidence_add_prints_the_posteriors_before_and_after(certain: Path) -> None:
    # before: eliava 2 * 0.5 = 1 against mdivani 0.5 * 0.5 = 0.25 -> 0.8 / 0.2
    # after, E02 adds I (0.5) for eliava and CC (4) for mdivani: 1 * 0.5 against 0.25 * 4
    # -> 1/3 and 2/3: the leader changes.
    result = add_e02(certain)
    assert result.exit_code == 0, result.output
    rows = {
        m.group(1): tuple(float(x) for x in m.group(2, 3, 4))
        for m in re.finditer(
            r"│ (Shalva Eliava|Budu Mdivani)\s*│\s*(\S+)\s*│\s*(\S+)\s*│\s*(\S+)", result.stdout
        )
    }
    assert rows["Shalva Eliava"] == pytest.approx((0.8, 1 / 3, 1 / 3 - 0.8), abs=5e-4)
    assert rows["Budu Mdivani"] == pytest.approx((0.2, 2 / 3, 2 / 3 - 0.2), abs=5e-4)
    assert "The leader changed: Shalva Eliava -> Budu Mdivani." in result.stdout


def test_evidence_show_gives_the_leaders_log_odds_with_and_without_the_item(
    certain: Path,
) -> None:
    assert add_e02(certain).exit_code == 0
    # with both items mdivani leads: log-odds log(2/1) = log 2 against eliava
    # without E02: log(0.25 / 1) = -log 4; without E01: log(2 / 0.25) = log 8
    shown = runner.invoke(app, ["evidence", "show", str(certain), "E02"], env=WIDE)
    assert shown.exit_code == 0, shown.output
    numbers = re.search(
        r"log-odds of mdivani \(leader\) against eliava \(runner-up\): (\S+) with this item, "
        r"(\S+) without it \(change (\S+);",
        shown.stdout,
    )
    assert numbers is not None, shown.stdout
    with_it, without, change = (float(x) for x in numbers.groups())
    assert with_it == pytest.approx(math.log(2), abs=5e-4)
    assert without == pytest.approx(-math.log(4), abs=5e-4)
    assert change == pytest.approx(math.log(8), abs=5e-4)
    first = runner.invoke(app, ["evidence", "show", str(certain), "E01"], env=WIDE)
    assert f"{math.log(2):+.3f} with this item, {math.log(8):+.3f} without it" in first.stdout
    assert "Perinçek names Mdivani." in shown.stdout and "perincek (other, grade 1)" in shown.stdout


def test_evidence_list_shows_every_item_with_its_ratings_in_hypothesis_order(
    certain: Path,
) -> None:
    assert add_e02(certain).exit_code == 0
    listed = runner.invoke(app, ["evidence", "list", str(certain)], env=WIDE)
    assert listed.exit_code == 0
    rows = [line for line in listed.stdout.splitlines() if re.match(r"│ E0", line)]
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in rows]
    assert [c[0] for c in cells] == ["E01", "E02"]
    assert [c[2] for c in cells] == ["cebesoy (1)", "perincek (1)"]
    assert [c[-2:] for c in cells] == [["C", "I"], ["I", "CC"]]  # columns: eliava, mdivani
    narrow = runner.invoke(app, ["evidence", "list", str(certain)], env={"COLUMNS": "80"})
    rows = [line for line in narrow.stdout.splitlines() if re.match(r"│ E0", line)]
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in rows]
    assert [c[-2:] for c in cells] == [["C", "I"], ["I", "CC"]]  # the ratings keep their columns
    # at 80 columns these short ids fit: the hypothesis ids head their columns, whole
    header = next(line for line in narrow.stdout.splitlines() if "claim" in line)
    assert "eliava" in header and "mdivani" in header
    assert "perincek (1)" in narrow.stdout


def test_sources_add_writes_each_kind_of_reliability_and_list_shows_it(certain: Path) -> None:
    for sid, reliability in (("yerasimos", "B"), ("archive", "0.9"), ("memoir", "3,2")):
        result = runner.invoke(
            app,
            [
                "sources",
                "add",
                str(certain),
                "--id",
                sid,
                "--kind",
                "other",
                "--reliability",
                reliability,
                "--citation",
                f"{sid} citation",
            ],
        )
        assert result.exit_code == 0, result.output
    loaded = ach.load_case(certain)
    assert loaded.source_by_id["archive"].reliability == 0.9
    assert loaded.source_by_id["archive"].beta() is None  # a number is a fixed reliability
    assert loaded.source_by_id["memoir"].beta() == (3.0, 2.0)
    assert loaded.source_by_id["yerasimos"].reliability == "B"
    listed = runner.invoke(app, ["sources", "list", str(certain)], env=WIDE)
    assert listed.exit_code == 0
    rows = {
        cells[0]: cells
        for line in listed.stdout.splitlines()
        if line.startswith("│")
        for cells in [[c.strip() for c in line.strip("│").split("│")]]
    }
    # the prior worded as in every other output (mean of Beta(3, 2): 3 / 5)
    assert rows["memoir"][2:4] == ["Beta(3, 2)", "Beta(3, 2), mean 0.60"]
    assert rows["archive"][2:4] == ["0.9", "fixed at 0.90"]
    assert rows["cebesoy"][5] == "1" and rows["yerasimos"][5] == "0"  # items citing each


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "new", "--kind", "memoir", "--reliability", "B"],
            "sources.yaml: new.citation: a source needs `citation` or `bib`",
        ),
        (
            ["--id", "new", "--kind", "memoir", "--reliability", "1,b", "--citation", "x"],
            "--reliability '1,b': expected a grade A-F, a number, or ALPHA,BETA",
        ),
        (
            ["--id", "new", "--kind", "memoir", "--reliability", "Q", "--citation", "x"],
            "sources.yaml: new.reliability:",
        ),
    ],
)
def test_sources_add_refuses_more_bad_sources_and_changes_nothing(
    certain: Path, args: list[str], message: str
) -> None:
    before = snapshot(certain)
    result = runner.invoke(app, ["sources", "add", str(certain), *args], env=WIDE)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(message)
    assert snapshot(certain) == before


@pytest.mark.parametrize(
    ("name", "from_", "message"),
    [
        ("Bad Name", None, "'Bad Name' is not a valid case id"),
        ("fresh", "no-such-case", "'no-such-case': no such case folder or case id"),
    ],
)
def test_init_refuses_a_bad_name_or_an_unknown_case_and_creates_nothing(
    tmp_path: Path, name: str, from_: str | None, message: str
) -> None:
    result = runner.invoke(
        app, ["init", str(tmp_path / name), *(["--from", from_] if from_ else [])]
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []  # no folder, and no staging folder left behind


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path / "notes")])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'notes'}: is a file; ach init only writes into a new or empty folder"
    )
    assert (tmp_path / "notes").read_text() == "mine"


def test_init_into_an_empty_folder_writes_a_case_without_warnings(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["init", str(tmp_path / "empty")]).exit_code == 0
    loaded = ach.load_case(tmp_path / "empty")
    assert (loaded.id, len(loaded.items), loaded.warnings) == ("empty", 2, ())
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]


def test_init_from_keeps_every_byte_but_the_id(make_case: CaseMaker, tmp_path: Path) -> None:
    original = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    text = (original / "case.yaml").read_bytes()
    crlf = b"# a comment kept\r\n" + text.replace(b"\n", b"\r\n")
    (original / "case.yaml").write_bytes(crlf)
    result = runner.invoke(app, ["init", str(tmp_path / "copy"), "--from", str(original)])
    assert result.exit_code == 0, result.output
    expected = crlf.replace(f"id: {original.name}\r\n".encode(), b"id: copy\r\n", 1)
    assert expected != crlf
    assert (tmp_path / "copy" / "case.yaml").read_bytes() == expected
    assert ach.load_case(tmp_path / "copy").id == "copy"


def test_concurrent_adds_from_separate_processes_all_land(certain: Path) -> None:
    def command(n: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "ach",
            "evidence",
            "add",
            str(certain),
            "--id",
            f"P{n}",
            "--source",
            "perincek",
            "--claim",
            f"Процесс {n} — პროცესი",
            "--rate",
            "eliava=C",
        ]

    env = {**os.environ, "COLUMNS": "200"}
    procs = [
        subprocess.Popen(command(n), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for n in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    loaded = ach.load_case(certain)
    assert {n: loaded.item_by_id[f"P{n}"].claim for n in range(3)} == {
        n: f"Процесс {n} — პროცესი" for n in range(3)
    }
    assert not [p for p in certain.rglob("*") if p.name.startswith(".")]  # no temporary files


def test_validate_warns_of_each_doubtful_thing_and_still_exits_0(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("s", "B"), source("t", "C", derived_from=["s"]), source("idle", "D")],
        evidence=[
            item("E1", "s", {"a": "C", "b": "I"}),
            item("E2", "s", {"a": "C", "b": "I"}),  # same chain, same ratings: a restatement?
            item("E3", "t", {"a": "C", "b": "I"}),  # t's chain is (t, s): not the same
            item("E4", "s", {"a": "C", "b": "I"}, repeats="E1"),  # marked: no warning
            item("E5", "t", {"a": "N"}),  # alike (N) for all: non-diagnostic
            {"id": "E6", "claim": "bare", "source": "t", "ratings": {"a": "I"}},
        ],
    )
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0
    warnings = [line for line in unwrap(result.stdout).splitlines() if line.startswith("warning: ")]
    assert sorted(warnings) == sorted(
        [
            "warning: evidence/E2.yaml: E2.repeats: looks like a restatement of E1 (same source "
            "chain, same ratings); if it only retells it, mark it `repeats: E1`",
            "warning: evidence/E5.yaml: E5.ratings: non-diagnostic: rated alike for every "
            "hypothesis, it changes nothing",
            "warning: evidence/E6.yaml: E6.quote: no quote: a reader cannot check the claim",
            "warning: evidence/E6.yaml: E6.locator: no locator: say where the quote is found",
            "warning: case.yaml: hypotheses.c: no item rates this hypothesis",
            "warning: sources.yaml: idle: no evidence item cites this source",
        ]
    )
    assert result.stdout.splitlines()[-1].endswith("6 warning(s))")


def test_evidence_add_creates_the_evidence_folder_when_the_case_has_none(
    make_case: CaseMaker,
) -> None:
    folder = make_case(sources=[source("s", "B")])
    (folder / "evidence").rmdir()
    result = runner.invoke(
        app,
        [
            "evidence",
            "add",
            str(folder),
            "--id",
            "E1",
            "--source",
            "s",
            "--claim",
            "c",
            "--rate",
            "h1=C",
        ],
    )
    assert result.exit_code == 0, result.output
    assert ach.load_case(folder).item_by_id["E1"].claim == "c"


def test_written_files_get_the_usual_modes_not_private_temporary_ones(certain: Path) -> None:
    (certain / "sources.yaml").chmod(0o640)
    old = os.umask(0o022)
    try:
        assert add_e02(certain).exit_code == 0
        added = runner.invoke(
            app,
            [
                "sources",
                "add",
                str(certain),
                "--id",
                "new",
                "--kind",
                "other",
                "--reliability",
                "C",
                "--citation",
                "c",
            ],
        )
        assert added.exit_code == 0, added.output
    finally:
        os.umask(old)
    assert (certain / "evidence" / "E02.yaml").stat().st_mode & 0o777 == 0o644
    assert (certain / "sources.yaml").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "existing",
    [
        "# two-space entries, as in the case-format examples\n"
        "- id: s\n  citation: 'Cebesoy, A. F.'   # quoted\n  kind: other\n  reliability: B\n",
        "#  entries indented under the dash\n"
        '  -   id: s\n      citation: "Cebesoy, A. F."\n      kind: other\n      reliability: B\n'
        "      derived_from:\n        - t\n  -   id: t\n      citation: t\n      kind: other\n"
        "      reliability: C",  # and no newline at the end
    ],
)
def test_sources_add_leaves_every_existing_byte_in_place(
    make_case: CaseMaker, existing: str
) -> None:
    folder = make_case(sources=[source("s", "B")])
    (folder / "sources.yaml").write_text(existing, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "sources",
            "add",
            str(folder),
            "--id",
            "new",
            "--kind",
            "memoir",
            "--reliability",
            "2,3",
            "--citation",
            "Şalva — Шалва — შალვა: " + "a long citation " * 10,
        ],
    )
    assert result.exit_code == 0, result.output
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert text.startswith(existing)
    # id, citation (not folded), kind, reliability, alpha, beta
    assert len(text[len(existing) :].strip().splitlines()) == 6
    added = ach.load_case(folder).source_by_id["new"]
    assert added.beta() == (2, 3) and added.citation is not None
    assert added.citation.startswith("Şalva — Шалва — შალვა: a long")


def test_sources_add_to_a_flow_style_list_rewrites_it_as_a_block_list(
    make_case: CaseMaker,
) -> None:
    folder = make_case(sources=[])
    (folder / "sources.yaml").write_text("# none yet\n[]\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "sources",
            "add",
            str(folder),
            "--id",
            "first",
            "--kind",
            "memoir",
            "--reliability",
            "C",
            "--citation",
            "c",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [s.id for s in ach.load_case(folder).sources] == ["first"]
    assert "# none yet" in (folder / "sources.yaml").read_text(encoding="utf-8")


def test_concurrent_sources_adds_all_land(certain: Path) -> None:
    """sources.yaml is read, extended and rewritten: without the lock one add would lose another's."""
    import threading

    from ach.workspace import add_source, build_source

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            add_source(
                certain, build_source(id=f"src-{n}", kind="other", reliability="C", citation="c")
            )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = {s.id for s in ach.load_case(certain).sources}
    assert ids == {"cebesoy", "perincek"} | {f"src-{n}" for n in range(6)}
