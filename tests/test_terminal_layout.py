"""The table layout behind every terminal table: the widest layout that fits, ids never cut."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console

from ach.reports.terminal.layout import Col, Fitted, Hanging

IDS = ["kara-vasif-report-to-karabekir", "suphi-letter-to-stalin-1920", "E19"]
CLAIM = "A long claim that wraps between its words over as many lines as it needs to. " * 2


def render(renderable: object, width: int) -> str:
    console = Console(width=width, color_system=None, record=True)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def table(*layouts: list[Col]) -> Fitted:
    return Fitted(list(layouts), title="sources")


def columns() -> tuple[Col, Col, Col]:
    return (
        Col("source", IDS, "id"),
        Col("claim", [CLAIM] * 3),
        Col("log-odds", ["+1.68", "-0.61", "+0.00"], "num"),
    )


def test_the_first_layout_that_fits_is_drawn_and_no_line_is_wider() -> None:
    source, claim, odds = columns()
    wide = [source, claim, odds, Col("also", ["x" * 30] * 3, "id")]
    for width in (80, 120):
        text = render(table(wide, [source, claim, odds]), width)
        assert max(cell_len(line) for line in text.splitlines()) <= width
        assert all(i in text for i in IDS) and "…" not in text
    # 30 + 31 + 12 (claim) + 8 + 13 of borders = 94 cells: the extra column shows at 120 only
    assert "also" not in render(table(wide, [source, claim, odds]), 80)
    assert "also" in render(table(wide, [source, claim, odds]), 120)


def test_a_console_too_narrow_for_any_layout_gets_records_with_ids_whole() -> None:
    text = render(table(list(columns())), 40)
    assert max(cell_len(line) for line in text.splitlines()) <= 40
    assert all(i in text for i in IDS)
    # "header  value", one field a line
    assert re.search(r"^source +kara-vasif-report-to-karabekir", text, re.MULTILINE)


def test_a_hanging_entry_wraps_under_its_first_word_without_trailing_spaces() -> None:
    text = render(Hanging("warning:", "evidence/E01.yaml: " + "word " * 30), 40)
    lines = text.splitlines()
    assert lines[0].startswith("warning: evidence/E01.yaml:")
    assert all(line.startswith(" " * 9) and line[9] != " " for line in lines[1:])
    assert all(line == line.rstrip() and cell_len(line) <= 40 for line in lines)
