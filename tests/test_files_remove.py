"""``ach evidence remove`` and ``ach sources remove``: refused while referred to, with not one
byte changed; otherwise exactly the target's lines go, and the case ranks as if it had never
held the target."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()

SOURCES = """\
# our sources, commented by hand
- id: kept
  citation: "Kept, K. (1990). A Memoir."   # the witness
  kind: memoir
  reliability: C
# the one to go: a duplicate entry
- id: gone
  citation: Gone, G.
  kind: other
  reliability: F
- id: deriving
  citation: D.
  kind: scholarship
  reliability: B
  derived_from: [kept]   # takes its story from the memoir
"""


@pytest.fixture
def case(make_case: CaseMaker) -> Path:
    folder = make_case(
        evidence=[
            item("E01", "kept", {"h1": "CC", "h2": "I"}),
            item("E02", "deriving", {"h1": "C"}, repeats="E01"),
            item("E03", "deriving", {"h2": "C"}),
        ]
    )
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return folder


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("evidence", "remove", "{case}", "E01"),
            "evidence/E01.yaml: E01: still referred to: item E02 repeats it (evidence/E02.yaml)",
        ),
        (
            ("sources", "remove", "{case}", "kept"),
            "sources.yaml: kept: still referred to: item E01 cites it (evidence/E01.yaml); "
            "source deriving derives from it (sources.yaml)",
        ),
        (
            ("sources", "remove", "{case}", "deriving"),
            "sources.yaml: deriving: still referred to: item E02 cites it (evidence/E02.yaml); "
            "item E03 cites it (evidence/E03.yaml)",
        ),
        (("sources", "remove", "{case}", "nobody"), "sources.yaml: 'nobody' is not a source"),
        (("evidence", "remove", "{case}", "E99"), "'E99' is not an evidence id"),
    ],
)
def test_a_refused_removal_names_the_referrers_and_changes_no_byte(
    case: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(case)
    for dry in ([], ["--dry-run"]):
        code, stdout, stderr = invoke(*(a.format(case=case) for a in args), *dry)
        assert code == 1 and stdout == ""
        assert stderr.startswith(message) and stderr.endswith("nothing was written\n")
        assert len(stderr.splitlines()) == 1
    assert snapshot(case) == before


def test_removing_a_source_cuts_its_lines_and_its_comment_only(case: Path) -> None:
    before = snapshot(case)
    code, stdout, _ = invoke("sources", "remove", str(case), "gone", "--dry-run")
    assert code == 0 and snapshot(case) == before
    assert "would remove source gone from sources.yaml:" in stdout
    assert "-- id: gone" in stdout and "-# the one to go: a duplicate entry" in stdout

    code, stdout, _ = invoke("sources", "remove", str(case), "gone")
    assert code == 0 and stdout == "removed source gone from sources.yaml\n"
    lines = SOURCES.splitlines(keepends=True)
    assert (case / "sources.yaml").read_text(encoding="utf-8") == "".join(lines[:5] + lines[10:])


def test_removing_an_item_alone_in_its_file_deletes_the_file_and_ranks_as_without_it(
    case: Path, make_case: CaseMaker
) -> None:
    code, stdout, _ = invoke("evidence", "remove", str(case), "E03")
    assert code == 0 and stdout == "deleted evidence/E03.yaml (it held only item E03)\n"
    assert not (case / "evidence" / "E03.yaml").exists()
    never = make_case(
        evidence=[
            item("E01", "kept", {"h1": "CC", "h2": "I"}),
            item("E02", "deriving", {"h1": "C"}, repeats="E01"),
        ]
    )
    (never / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    removed, fresh = ach.rank(ach.load_case(case)), ach.rank(ach.load_case(never))
    assert [h.posterior for h in removed.hypotheses] == [h.posterior for h in fresh.hypotheses]


def test_removing_an_item_from_a_list_file_keeps_the_others(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    text = (
        "# two items in one file\n"
        "- id: A1\n  claim: first  # keep me\n  source: s\n  ratings: {h1: C}\n"
        "- id: A2\n  claim: second\n  source: s\n  ratings: {h2: C}\n"
    )
    (folder / "evidence" / "both.yaml").write_text(text, encoding="utf-8")
    code, stdout, _ = invoke("evidence", "remove", str(folder), "A2")
    assert code == 0 and stdout == "removed item A2 from evidence/both.yaml\n"
    assert (folder / "evidence" / "both.yaml").read_text(encoding="utf-8") == (
        "# two items in one file\n- id: A1\n  claim: first  # keep me\n  source: s\n  ratings: {h1: C}\n"
    )


def test_a_source_a_lead_would_come_from_is_refused_unchanged(case: Path) -> None:
    (case / "leads.yaml").write_text(
        "- id: ask\n  question: Is it so?\n  source: gone\n  outcomes:\n"
        "    - {id: yes, label: Yes, ratings: {h1: C}}\n    - {id: no, label: No, ratings: {}}\n",
        encoding="utf-8",
    )
    before = snapshot(case)
    code, _, stderr = invoke("sources", "remove", str(case), "gone")
    assert code == 1
    assert stderr.startswith(
        "sources.yaml: gone: still referred to: lead ask would come from it (leads.yaml)"
    )
    assert snapshot(case) == before


def test_an_item_an_analyst_rated_is_refused_unchanged(case: Path) -> None:
    (case / "ratings").mkdir()
    (case / "ratings" / "ayse.yaml").write_text("E03: {h1: I}\n", encoding="utf-8")
    before = snapshot(case)
    code, _, stderr = invoke("evidence", "remove", str(case), "E03")
    assert code == 1
    assert stderr.startswith(
        "evidence/E03.yaml: E03: still referred to: analyst ayse rates it (ratings/ayse.yaml)"
    )
    assert snapshot(case) == before


def test_the_bundled_case_is_refused_unchanged() -> None:
    bundled = ach.load_case("havza-negotiator").root
    before = snapshot(bundled)
    code, _, stderr = invoke("evidence", "remove", "havza-negotiator", "E40")
    assert code == 1 and "bundled with ach" in stderr
    assert snapshot(bundled) == before
