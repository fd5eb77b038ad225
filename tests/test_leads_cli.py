"""``ach leads`` on the command line and in the reports: the contract's JSON, a table readable
at 80 columns in a pipe, and the report's "What to look for next"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import ach
from ach.analysis import analyse
from ach.cli import app
from ach.reports.document import build_document
from ach.reports.html import render_html
from ach.reports.markdown import render_markdown

from tests.conftest import CaseMaker, item, source

runner = CliRunner()

LONG_LEAD = "ottoman-interior-ministry-cipher-file"
LONG_OUTCOME = "names-the-georgian-delegate-outright"


def outcomes(*ratings: dict[str, Any], ids: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    ids = ids or tuple(f"o{k + 1}" for k in range(len(ratings)))
    return [
        {"id": oid, "label": f"the file says {oid}", "ratings": r}
        for oid, r in zip(ids, ratings, strict=True)
    ]


@pytest.fixture
def leads_case(make_case: CaseMaker) -> Path:
    folder = make_case(
        hypotheses=[
            {"id": "eliava", "label": "Shalva Eliava"},
            {"id": "mdivani", "label": "Budu Mdivani"},
            {"id": "other", "label": "Someone else", "catch_all": True},
        ],
        sources=[source("memoir", "C"), source("archive", "B")],
        evidence=[
            item("E1", "memoir", {"eliava": "CC", "mdivani": "I"}),
            item("E2", "archive", {"eliava": "C", "other": "I"}),
        ],
    )
    leads = [
        {
            "id": "memoir-page",
            "question": "What does the next page of the memoir say?",
            "source": "memoir",
            "outcomes": outcomes({"eliava": "C"}, {}),
        },
        {
            "id": LONG_LEAD,
            "question": "Whom does the cipher file name as the delegate?",
            "source": "archive",
            "cost": 5,
            "outcomes": outcomes(
                {"eliava": "CC", "mdivani": "II"},
                {"mdivani": "CC", "eliava": "II"},
                ids=("names-eliava", LONG_OUTCOME),
            ),
        },
    ]
    (folder / "leads.yaml").write_text(yaml.safe_dump(leads, sort_keys=False), encoding="utf-8")
    return folder


def test_json_is_the_contract_and_nothing_else(leads_case: Path) -> None:
    result = runner.invoke(app, ["leads", str(leads_case), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["case", "leads"]
    assert data["case"] == leads_case.name
    for lead in data["leads"]:
        assert list(lead) == ["id", "eig", "p_flip", "cost", "outcomes"]
        for outcome in lead["outcomes"]:
            assert list(outcome) == ["id", "probability", "leader", "hypotheses"]
            assert all(list(h) == ["id", "posterior"] for h in outcome["hypotheses"])
            posteriors = [h["posterior"] for h in outcome["hypotheses"]]
            assert posteriors == sorted(posteriors, reverse=True)
            assert outcome["leader"] == outcome["hypotheses"][0]["id"]
    eigs = [lead["eig"] for lead in data["leads"]]
    assert eigs == sorted(eigs, reverse=True)
    # the archive file can point at either rival outright: it beats a page rated C or N
    assert [lead["id"] for lead in data["leads"]] == [LONG_LEAD, "memoir-page"]
    assert [lead["cost"] for lead in data["leads"]] == [5.0, None]


def test_the_terminal_view_keeps_every_id_whole_at_80_columns(leads_case: Path) -> None:
    result = runner.invoke(app, ["leads", str(leads_case)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for ident in (LONG_LEAD, LONG_OUTCOME, "memoir-page", "names-eliava"):
        assert any(ident in line for line in lines), ident
    assert "EIG per cost" in result.stdout


def test_a_case_without_leads_says_so(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    result = runner.invoke(app, ["leads", str(folder)])
    assert result.exit_code == 0
    assert "no leads" in result.stdout
    data = json.loads(runner.invoke(app, ["leads", str(folder), "--json"]).stdout)
    assert data == {"case": folder.name, "leads": []}


def test_a_bad_case_is_one_line_and_exit_1(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "nobody", {"h1": "C"})])
    result = runner.invoke(app, ["leads", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "evidence/E1.yaml: source: 'nobody' is not a source id in sources.yaml (line 3)"
    ]


def test_the_report_says_what_to_look_for_next(leads_case: Path) -> None:
    case = ach.load_case(leads_case)
    document = build_document(case, ach.rank(case), analyse(case))
    assert document.leads is not None
    top = document.leads.leads[0]
    flip = max((o for o in top.outcomes if o.flips), key=lambda o: o.probability)
    assert flip.id == LONG_OUTCOME and flip.leader == "mdivani"
    sentence = (
        f"If the answer is “{flip.label}” ({flip.id}, probability {flip.probability:.2f}), "
        f"Budu Mdivani would lead at {flip.hypotheses[0].posterior:.2f}."
    )
    markdown = render_markdown(document)
    section = markdown[markdown.index("## What to look for next") : markdown.index("## Sources")]
    assert "| 1 | " + LONG_LEAD in section
    assert sentence in section
    html = render_html(document)
    assert "<h2>What to look for next</h2>" in html
    assert sentence in html


def test_a_report_without_leads_has_no_such_section(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    case = ach.load_case(folder)
    document = build_document(case, ach.rank(case), analyse(case))
    assert document.leads is None
    assert "What to look for next" not in render_markdown(document)


def test_init_writes_a_commented_leads_file_that_ach_leads_ranks(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "fresh")]).exit_code == 0
    text = (tmp_path / "fresh" / "leads.yaml").read_text(encoding="utf-8")
    assert "# Leads: evidence you could still look for" in text
    case = ach.load_case(tmp_path / "fresh")
    assert [lead.id for lead in case.leads] == ["witness-diary", "historian-footnote"]
    result = runner.invoke(app, ["leads", str(tmp_path / "fresh"), "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["leads"]) == 2


def test_the_pdf_report_says_what_to_look_for_next(leads_case: Path) -> None:
    import io
    from datetime import UTC, datetime

    from ach.reports.pdf import render_pdf

    pypdf = pytest.importorskip("pypdf")
    case = ach.load_case(leads_case)
    document = build_document(case, ach.rank(case), analyse(case))
    pdf = render_pdf(document, timestamp=datetime(2026, 1, 2, tzinfo=UTC))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "What to look for next" in flat
    assert LONG_LEAD in flat and "EIG (bits)" in flat
    assert "would lead at" in flat


def test_leads_read_by_the_pool_are_the_leads_of_the_pooled_items(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    # E1 is CC/I for the case and I/C for mary: the pool's L is ((4 + 0.5)/2, (0.5 + 2)/2) =
    # (2.25, 1.25) and its noise the mean of theirs, 1.75 = the mean of the pooled row. Any
    # common factor cancels, so the pooled item is the numeric item (2.25/4, 1.25/4).
    leads = [
        {
            "id": "page",
            "question": "What does the next page say?",
            "source": "s",
            "outcomes": outcomes({"h1": "C", "h2": "I"}, {}),
        }
    ]

    def with_item(ratings: dict[str, Any]) -> Path:
        folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", ratings)])
        (folder / "leads.yaml").write_text(yaml.safe_dump(leads), encoding="utf-8")
        return folder

    pooled = with_item({"h1": "CC", "h2": "I"})
    (pooled / "ratings").mkdir()
    (pooled / "ratings" / "mary.yaml").write_text("E1: {h1: I, h2: C}\n", encoding="utf-8")
    by_hand = with_item({"h1": 2.25 / 4, "h2": 1.25 / 4})
    got = json.loads(runner.invoke(app, ["leads", str(pooled), "--pool", "--json"]).stdout)
    want = json.loads(runner.invoke(app, ["leads", str(by_hand), "--json"]).stdout)
    assert got["leads"][0]["eig"] == pytest.approx(want["leads"][0]["eig"], abs=1e-12)
    for a, b in zip(got["leads"][0]["outcomes"], want["leads"][0]["outcomes"], strict=True):
        assert a["probability"] == pytest.approx(b["probability"], abs=1e-12)
    own = json.loads(runner.invoke(app, ["leads", str(pooled), "--json"]).stdout)
    assert own["leads"][0]["eig"] != pytest.approx(got["leads"][0]["eig"], abs=1e-6)
    unknown = runner.invoke(app, ["leads", str(pooled), "--analyst", "bob"])
    assert unknown.exit_code == 1 and "bob" in unknown.stderr
