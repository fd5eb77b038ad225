"""The fast reader of plain block YAML: whatever it accepts, PyYAML reads to the same data;
whatever it leaves, PyYAML refuses (or reads) exactly as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ach
from ach.errors import CaseError
from ach.yamlfast import read_plain_yaml
from ach.yamlio import _SPECIAL_STARTS, _typed, parse_with_pyyaml, parse_yaml

from tests.conftest import CaseMaker, item, source


def fast(text: str) -> tuple[bool, Any]:
    return read_plain_yaml(text, _typed, _SPECIAL_STARTS)


def outcome(text: str, parse: Any) -> tuple[Any, list[str]]:
    doc, problems = parse(text, "f.yaml")
    return (exact(doc.data) if doc is not None else None), [str(p) for p in problems]


def exact(value: Any) -> Any:
    """A value with every scalar's type spelled out: ``1 == 1.0 == True`` in Python, not here."""
    if isinstance(value, dict):
        return {exact(k): exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return (type(value).__name__, value)


def test_what_safe_dump_writes_is_read_on_the_fast_path() -> None:
    data = [
        {
            "id": "E1",
            "claim": "A claim long enough to be folded over several lines by the dumper, "
            "with a colon: inside, and 'quotes' and a # sign",
            "ratings": {"h1": "CC", "h2": 0.25, "1919": "N"},
            "notes": "two\nlines\n",
            "quote": "",
            "credibility": 3,
            "date": dt.date(1919, 5, 19),
            "repeats": None,
        }
    ]
    for text in (yaml.safe_dump(data, width=40), yaml.safe_dump(data, sort_keys=False)):
        accepted, read = fast(text)
        if accepted:
            assert exact(read) == exact(data)
    # the plain parts (no quotes, escapes or folding) are always taken
    plain = [{k: v for k, v in data[0].items() if k not in ("claim", "notes", "quote")}]
    assert fast(yaml.safe_dump(plain)) == (True, plain)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 010", "010"),  # YAML 1.2: not octal 8
        ("a: 0x1f", "0x1f"),
        ("a: 1_0", "1_0"),
        ("a: 12:30", "12:30"),
        ("a: no", "no"),
        ("a: yes", "yes"),
        ("a: true", True),
        ("a: 1919", 1919),
        ("a: -0.5", -0.5),
        ("a: 1e3", 1000.0),
        ("a: ~", None),
        ("a: null", None),
        ("a: 2020-01-02", dt.date(2020, 1, 2)),
        ("a: '1919'", "1919"),
        ('a: "true"', "true"),
        ("a: it''s", "it''s"),
        ("a: 'it''s'", "it's"),
        ("a: x # note", "x"),
        ("a: x#y", "x#y"),
        ("a: http://x.org/y", "http://x.org/y"),
        ("a: first\n  second\n\n  third", "first second\nthird"),
        ("a: |\n  one\n   two\n\nb: 1", "one\n two\n"),
        ("a: |-\n  one\n", "one"),
        ("a: |+\n  one\n\n", "one\n\n"),
        ("a: 'one: ''1''\n  two\n\n  three\n\n  '", "one: '1' two\nthree\n"),
        ("a: 'one\n  two'", "one two"),
        ("a: >-\n  one\n  two\n\n  three\n", "one two\nthree"),
        ("a: [Budu, Secretary Budu, 010, 1, ~]", ["Budu", "Secretary Budu", "010", 1, None]),
        ("a: [ ]", []),
        ("a: {h1: C, 1919: N, x y: 0.5}", {"h1": "C", 1919: "N", "x y": 0.5}),
        ("a: {}", {}),
    ],
)
def test_plain_scalars_are_typed_as_the_contract_says(text: str, value: Any) -> None:
    accepted, read = fast(text)
    assert accepted
    assert exact(read["a"]) == exact(value)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 5\n",  # tags
        "a: !custom 5\n",
        "a: 1\na: 2\n",  # a key twice
        "<<: {b: 1}\n",  # merge keys
        "a: [1, 'two']\n",  # flow collections beyond a list of plain words
        "a: {b: 'q'}\n",
        "a: 'unclosed\n",
        "a: b: c\n",
        "a:\tb\n",
        "--- \na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: >\n  folded\n    more indented\n",
        'a: "esc\\taped"\n',
        "a: 1\n b: 2\n",
        "just a scalar\n",
        "a" * 1100 + ": 1\n",  # PyYAML refuses keys over 1,024 characters
        "a: [x, [y]]\n",
        "a: [x: y]\n",
        "a: {x: 1, x: 2}\n",
        "a: {x, y}\n",
        "a: {x: {y: 1}}\n",
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert fast(text) == (False, None)
    assert outcome(text, parse_yaml) == outcome(text, parse_with_pyyaml)


KEYS = ["id", "a", "h1", "1919", "true", "no", "null", "x y", "k-1", "2020-01-02", "<<", "=", "é"]
KEYS += ["a:b", "a#b", "0x1", "010", "[a]", "a,b", "1.5", "yes", "a "]
VALUES = ["", "x", "C", "II", "1", "-1", "0.5", ".5", "1e3", "1.5e+3", "010", "0x1f", "1_0"]
VALUES += ["12:30", "yes", "no", "true", "False", "null", "~", "2020-01-02", "'q'", "'it''s'"]
VALUES += ["''", '"d"', '"a\\tb"', '""', "a b", "a: b", "a:b", "http://x", "a #c", "a#b", "# c"]
VALUES += [
    "|",
    "|-",
    "|+",
    ">",
    "[1, 2]",
    "{a: 1}",
    "{a: 1, b: c d}",
    "{a:1}",
    "{a: 1, a: 2}",
    "&x 1",
    "*x",
    "!!str 5",
    "- x",
    "-",
    "?",
]
VALUES += [":x", "-x", "'open", "'a: b", "'", "'a''", "x:", "@x", "%x", "a'b", "'a' b", "="]
VALUES += ["<<", "x ", "é ü", "a\tb"]
LINES = ["", "  ", "# c", "  # c", "---", "...", "  z", "text", "  more text", "    deeper"]
LINES += ["end'", "  more' # c", "x'y'", "  it''s'", "' x", "tail'  "]


@st.composite
def documents(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> list[str]:
    """Block YAML as people and dumpers write it, with stray lines and odd values mixed in."""
    kind = draw(st.sampled_from(["map", "seq"]))
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(LINES)))
        head = draw(st.sampled_from(KEYS)) + ":" if kind == "map" else "-"
        if depth < 3 and draw(st.integers(0, 2)) == 0:
            inner = draw(documents(depth + 1, indent + draw(st.sampled_from([0, 1, 2, 2, 4]))))
            if kind == "seq" and inner[0].startswith(pad + "  ") and draw(st.booleans()):
                lines.append(pad + "- " + inner[0][indent + 2 :])  # "- key: value"
                lines.extend(inner[1:])
            else:
                lines.append(pad + head + draw(st.sampled_from(["", " # c", "  "])))
                lines.extend(inner)
        else:
            value = draw(st.sampled_from(VALUES))
            lines.append(pad + head + (" " + value if value else ""))
            for _ in range(draw(st.integers(0, 2))):
                more = " " * draw(st.integers(0, indent + 4)) + draw(st.sampled_from(LINES))
                lines.append(more)
    return lines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["\n", "", "\n\n"]))
def test_what_the_fast_path_accepts_pyyaml_reads_the_same(lines: list[str], end: str) -> None:
    text = "\n".join(lines) + end
    accepted, read = fast(text)
    doc, problems = parse_with_pyyaml(text, "f.yaml")
    if accepted:
        assert problems == []
        assert doc is not None
        assert exact(read) == exact(doc.data)
    assert outcome(text, parse_yaml) == outcome(text, parse_with_pyyaml)


@pytest.mark.parametrize("parse", [parse_yaml, parse_with_pyyaml])
@pytest.mark.parametrize("date", ["1919-13-45", "1919-13-01 10:00:00"])
def test_an_impossible_date_is_a_problem_with_its_line_not_a_crash(parse: Any, date: str) -> None:
    doc, problems = parse(f"id: E1\nnotes: ok\ndate: {date}\n", "evidence/E1.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [
        f"evidence/E1.yaml: invalid YAML: {date} is not a date (month must be in 1..12) (line 3)"
    ]


def test_a_value_over_several_lines_after_simple_ones_stays_on_the_fast_path() -> None:
    text = "id: E01\nclaim: one\nquote: a long\n  quote\nnotes: |\n  n\nsource: s\n"
    assert fast(text) == (
        True,
        {"id": "E01", "claim": "one", "quote": "a long quote", "notes": "n\n", "source": "s"},
    )


def test_the_bundled_case_is_read_on_the_fast_path() -> None:
    folder = Path(ach.__file__).parent / "cases" / "havza-negotiator"
    files = sorted(folder.rglob("*.yaml"))
    slow = [p.name for p in files if not fast(p.read_text(encoding="utf-8"))[0]]
    assert len(slow) <= len(files) // 10, slow


def test_errors_in_a_fast_read_file_still_name_the_line(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    text = "- id: E2\n  claim: a\n  source: s\n  ratings:\n    h1: C\n    h2: X\n  colour: red\n"
    (folder / "evidence" / "more.yaml").write_text(text, encoding="utf-8")
    assert fast(text)[0]
    with pytest.raises(CaseError) as caught:
        ach.load_case(folder)
    lines = [str(p) for p in caught.value.problems]
    assert "evidence/more.yaml: E2.ratings.h2: 'X' is not one of CC, C, N, I, II (line 6)" in lines
    assert any(line.startswith("evidence/more.yaml: E2.colour: unknown key") for line in lines)
    assert any(line.endswith("(line 7)") for line in lines if "colour" in line)


def test_a_generated_large_case_loads_through_the_fast_path(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        from gen_case import generate
    finally:
        sys.path.pop(0)
    folder = generate(tmp_path, "gen", 4, 300, 7)
    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert fast(text) == (True, yaml.safe_load(text))
    assert len(ach.load_case(folder).items) == 300
