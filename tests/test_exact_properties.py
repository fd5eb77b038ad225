"""Properties of the exact engine that must hold for every case (property-based tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ach
from ach.hypotheses import CODES

from tests.conftest import write_case

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RELIABILITIES = st.one_of(
    st.sampled_from(["A", "B", "C", "D", "E", "F"]),
    st.floats(0.05, 1.0).map(lambda x: round(x, 3)),
    st.tuples(st.floats(0.5, 10), st.floats(0.5, 10)).map(
        lambda ab: {"alpha": round(ab[0], 2), "beta": round(ab[1], 2)}
    ),
)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    n_h = draw(st.integers(2, 4))
    n_s = draw(st.integers(1, 3))
    hyps = [f"h{i}" for i in range(n_h)]
    sources = [
        {"id": f"s{j}", "kind": "other", "reliability": draw(RELIABILITIES), "citation": "t"}
        for j in range(n_s)
    ]
    if n_s > 1 and draw(st.booleans()):
        sources[1]["derived_from"] = ["s0"]
    items = [
        {
            "id": f"E{k}",
            "claim": "c",
            "source": f"s{draw(st.integers(0, n_s - 1))}",
            "ratings": {h: draw(st.sampled_from(CODES)) for h in hyps},
        }
        for k in range(draw(st.integers(1, 5)))
    ]
    return {
        "hypotheses": [{"id": h, "label": h.upper()} for h in hyps],
        "sources": sources,
        "evidence": items,
    }


def posterior(spec: dict[str, Any]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_case(Path(tmp), **spec)
        return {h.id: h.posterior for h in ach.rank(folder, draws=50).hypotheses}


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_evidence_does_not_matter(spec: dict[str, Any], rnd: Any) -> None:
    shuffled = [
        dict(e, id=f"X{i}")
        for i, e in enumerate(rnd.sample(spec["evidence"], len(spec["evidence"])))
    ]
    assert posterior({**spec, "evidence": shuffled}) == pytest.approx(posterior(spec), abs=1e-12)


@SETTINGS
@given(cases(), st.sampled_from(CODES))
def test_an_item_that_fits_every_hypothesis_alike_changes_nothing(
    spec: dict[str, Any], code: str
) -> None:
    flat = {
        "id": "FLAT",
        "claim": "c",
        "source": "s0",
        "ratings": {h["id"]: code for h in spec["hypotheses"]},
    }
    with_flat = {**spec, "evidence": [*spec["evidence"], flat]}
    assert posterior(with_flat) == pytest.approx(posterior(spec), abs=1e-12)


@SETTINGS
@given(cases())
def test_a_source_of_reliability_zero_changes_nothing(spec: dict[str, Any]) -> None:
    liar = {"id": "liar", "kind": "other", "reliability": 0, "citation": "t"}
    loud = [dict(e, id=f"L{i}", source="liar") for i, e in enumerate(spec["evidence"])]
    louder = {**spec, "sources": [*spec["sources"], liar], "evidence": [*spec["evidence"], *loud]}
    assert posterior(louder) == pytest.approx(posterior(spec), abs=1e-12)


@SETTINGS
@given(cases())
def test_posteriors_are_probabilities_that_sum_to_one(spec: dict[str, Any]) -> None:
    post = posterior(spec)
    assert all(0 <= p <= 1 for p in post.values())
    assert sum(post.values()) == pytest.approx(1.0, abs=1e-12)


@SETTINGS
@given(cases(), st.data())
def test_raising_a_rating_for_h_never_lowers_p_h(spec: dict[str, Any], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(spec["evidence"]) - 1))
    hyp = data.draw(st.sampled_from([h["id"] for h in spec["hypotheses"]]))
    current = spec["evidence"][k]["ratings"][hyp]
    stronger = CODES[max(0, CODES.index(current) - 1)]
    raised = [
        dict(e, ratings={**e["ratings"], hyp: stronger}) if i == k else e
        for i, e in enumerate(spec["evidence"])
    ]
    assert posterior({**spec, "evidence": raised})[hyp] >= posterior(spec)[hyp] - 1e-12
