"""The Python API: changed cases in memory, refused exactly as the CLI refuses, and results
that show themselves at the prompt and in Jupyter."""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()

#: labels with characters HTML must escape
HYPOTHESES = [
    {"id": "h1", "label": "Smith & Sons <the firm>"},
    {"id": "h2", "label": 'The "other" one'},
    {"id": "h3", "label": "Nobody at all", "catch_all": True},
]


def small(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=HYPOTHESES,
        sources=[source("s", 1.0), source("t", "B")],
        evidence=[item("E1", "s", {"h1": "C"}), item("E2", "t", {"h2": "I", "h3": "II"})],
    )


@pytest.mark.parametrize(
    ("options", "fields"),
    [
        (["--rate", "h1=X"], {"ratings": {"h1": "X"}}),
        (["--rate", "nobody=C"], {"ratings": {"nobody": "C"}}),
        (["--rate", "h1=C", "--repeats", "E9"], {"ratings": {"h1": "C"}, "repeats": "E9"}),
        (["--rate", "h1=C", "--noise", "-1"], {"ratings": {"h1": "C"}, "noise": -1.0}),
        (["--rate", "h1=C", "--id", "E1"], {"ratings": {"h1": "C"}, "id": "E1"}),
    ],
)
def test_with_evidence_is_refused_exactly_as_evidence_add(
    make_case: CaseMaker, options: list[str], fields: dict[str, object]
) -> None:
    folder = small(make_case)
    before = snapshot(folder)
    base = {"id": "E7", "claim": "a claim", "source": "s"}
    args = ["evidence", "add", str(folder), "--claim", "a claim", "--source", "s"]
    if "id" not in fields:
        args += ["--id", "E7"]
    done = runner.invoke(app, [*args, *options])
    assert done.exit_code == 1
    case = ach.load_case(folder)
    with pytest.raises(ach.AchError) as refused:
        case.with_evidence(**{**base, **fields})
    assert str(refused.value) == done.stderr.rstrip("\n")
    assert snapshot(folder) == before


def test_with_evidence_and_without_give_new_validated_cases(make_case: CaseMaker) -> None:
    folder = small(make_case)
    case = ach.load_case(folder)
    grown = case.with_evidence(id="E3", claim="c", source="s", ratings={"h1": "CC"})
    assert [i.id for i in grown.items] == ["E1", "E2", "E3"]
    assert [i.id for i in case.items] == ["E1", "E2"]  # the original is unchanged
    assert grown.ratings["E3"] == {"h1": "CC", "h2": "N", "h3": "N"}
    assert grown.without("E3").digest == case.digest  # exactly the files it was loaded from
    no_t = case.without("t")
    assert [s.id for s in no_t.sources] == ["s"] and [i.id for i in no_t.items] == ["E1"]
    # with s and t fixed at 1 and only E1 (C for h1): odds 2 : 1 : 1
    assert ach.rank(no_t).hypothesis("h1").posterior == pytest.approx(0.5, abs=1e-12)
    with pytest.raises(ach.AchError, match="'zz' is neither an evidence item nor a source"):
        case.without("zz")


def test_without_a_source_others_derive_from_is_refused_as_a_file_would_be(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        sources=[source("s", 1.0), source("d", 1.0, derived_from=["s"])],
        evidence=[item("E1", "d", {"h1": "C"})],
    )
    with pytest.raises(ach.CaseError) as refused:
        ach.load_case(folder).without("s")
    assert str(refused.value).startswith("sources.yaml: d.derived_from")


def test_case_repr_gives_id_counts_and_warnings(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 1.0)],
        evidence=[{"id": "E1", "claim": "c", "source": "s", "ratings": {"h1": "C", "h2": "I"}}],
    )
    text = repr(ach.load_case(folder))
    lines = text.splitlines()
    assert lines[0] == "<Case demo: 2 hypotheses, 1 sources, 1 items; 2 warning(s)>"
    assert lines[1:] == [
        "  warning: evidence/E1.yaml: E1.locator: no locator: say where the quote is found",
        "  warning: evidence/E1.yaml: E1.quote: no quote: a reader cannot check the claim",
    ]


def test_rank_repr_html_has_every_label_escaped(make_case: CaseMaker) -> None:
    result = ach.rank(ach.load_case(small(make_case)))
    html = result._repr_html_()
    for h in HYPOTHESES:
        assert escape(str(h["label"])) in html
    assert "<the firm>" not in html
    assert html.count("<svg") == 3  # an interval bar per hypothesis
    text = repr(result)
    assert all(str(h["label"]) in text for h in HYPOTHESES)


def test_sensitivity_repr_html_is_a_tornado_of_every_item(make_case: CaseMaker) -> None:
    sens = ach.sensitivity(ach.load_case(small(make_case)))
    html = sens._repr_html_()
    for ident in ("E1", "E2", "s", "t"):
        assert f">{ident}<" in html
    # E1 (C for h1 with r = 1) carries log 2 of the leader h1 against the runner-up
    assert f"{math.log(2):+.3f}" in html
    assert "E1" in repr(sens)


def test_comparison_repr_html_has_every_label(make_case: CaseMaker) -> None:
    case = ach.load_case(small(make_case))
    cmp = ach.compare(
        case, case.with_evidence(id="E3", claim="c", source="s", ratings={"h2": "CC"})
    )
    html = cmp._repr_html_()
    for h in HYPOTHESES:
        assert escape(str(h["label"])) in html
    assert ">E3<" in html and "E3" in repr(cmp)


def test_the_readme_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    after = readme.split("As a library", 1)[1]
    code = after.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("<Case havza-negotiator: ")
    assert printed[-1].startswith("evidence/E42.yaml: source: 'nobody' is not a source id")


def test_timeline_leads_and_analysts_show_every_label() -> None:
    case = ach.load_case("havza-negotiator")
    labels = [escape(h.label) for h in case.hypotheses]
    timeline = ach.timeline(case)._repr_html_()
    analysts = ach.analysts(case)._repr_html_()
    assert all(label in timeline and label in analysts for label in labels)
    leads = ach.leads(case)
    html = leads._repr_html_()
    assert all(f">{escape(lead.id)}<" in html for lead in leads.leads)
    assert all(lead.id in repr(leads) for lead in leads.leads)
