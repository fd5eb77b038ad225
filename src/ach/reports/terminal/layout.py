"""Tables that fit the console: every id whole, no line wider than the console.

Left to itself, rich shrinks a table that is too wide by cutting every column, ids included
(``meshvelis…``), which is what an 80-column terminal or a pipe used to get. Here a table is
offered as a list of layouts, widest first; the first whose columns fit at the width they
need is drawn, each column's width fixed so that rich never has to cut one. An id column
needs its longest id; a text column only its longest id-like token, since prose wraps. When
no layout fits (a very narrow console) the rows are stacked as records, one field a line.

The width is the one rich gives at render time (:class:`Fitted` is a renderable), so the
renderers stay pure: they never ask the terminal, and tests render them into a
``Console(width=80, color_system=None)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult

#: ``id``: kept on its lines whole (ids, dates, codes); ``num``: the same, right-aligned;
#: ``words``: wraps between words, never inside one (lists of ids); ``text``: prose that
#: wraps between words, a long word folded (a token listed in ``whole`` is never split).
Kind = Literal["id", "num", "words", "text"]

#: The narrowest a prose column may get while a layout still counts as fitting.
TEXT_MIN = 12


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _lines(cell: str | Text) -> list[str]:
    return _plain(cell).split("\n")


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


@dataclass(frozen=True)
class Col:
    """One column of a layout: its header, one cell per row, and how it may be narrowed."""

    header: str
    cells: Sequence[str | Text]
    kind: Kind = "text"
    #: tokens of a text column that must fit on one line (ids inside prose)
    whole: Sequence[str] = ()
    style: str | None = None

    def need(self) -> int:
        """The narrowest this column can be without cutting an id or splitting a header word."""
        header = _longest_word(self.header)
        if self.kind == "words":
            return max([header, *(_longest_word(_plain(c)) for c in self.cells)])
        if self.kind == "text":
            tokens = max((cell_len(w) for w in self.whole), default=0)
            return max(header, tokens, min(TEXT_MIN, self.want()))
        # a column that never wraps does not wrap its header either
        return max(
            [cell_len(self.header), *(cell_len(line) for c in self.cells for line in _lines(c))]
        )

    def want(self) -> int:
        """The width at which nothing in the column wraps."""
        return max(
            [cell_len(self.header), *(cell_len(line) for c in self.cells for line in _lines(c))]
        )


@dataclass(frozen=True)
class Layout:
    """Columns with a caption of their own (a legend for abbreviated headers)."""

    columns: Sequence[Col]
    caption: str | None = None


def _overhead(columns: int) -> int:
    """Borders and padding of a boxed table: one space each side of a cell, a rule between."""
    return 3 * columns + 1


def _widths(columns: Sequence[Col], width: int) -> list[int] | None:
    """Each column's width at ``width``, or None when the layout cannot fit."""
    available = width - _overhead(len(columns))
    widths = [c.need() for c in columns]
    spare = available - sum(widths)
    if spare < 0:
        return None
    # the spare room goes one cell at a time to the column missing the most of its width
    missing = [c.want() - w for c, w in zip(columns, widths, strict=True)]
    while spare > 0 and max(missing, default=0) > 0:
        k = missing.index(max(missing))
        widths[k] += 1
        missing[k] -= 1
        spare -= 1
    return widths


Layouts = Sequence[Sequence[Col] | Layout]


def fit(
    width: int,
    layouts: Layouts,
    *,
    title: str | None = None,
    caption: str | None = None,
    show_header: bool = True,
    show_lines: bool = False,
) -> RenderableType:
    """The first layout that fits ``width`` as a table, else the first one stacked as records."""
    for layout in layouts:
        columns = layout.columns if isinstance(layout, Layout) else layout
        widths = _widths(columns, width)
        if widths is None:
            continue
        table = Table(show_header=show_header, show_lines=show_lines)
        for col, w in zip(columns, widths, strict=True):
            justify: JustifyMethod = "right" if col.kind == "num" else "left"
            table.add_column(
                col.header,
                width=w,
                justify=justify,
                no_wrap=col.kind in ("id", "num"),
                overflow="fold",
                style=col.style,
            )
        for row in zip(*(c.cells for c in columns), strict=True):
            table.add_row(*row)
        below = layout.caption or caption if isinstance(layout, Layout) else caption
        # title and caption as lines of their own: wrapped at the console's width, not the
        # table's, and without the padding rich gives a table's title
        return Group(
            *([Text(title, style="table.title")] if title else []),
            table,
            *([Text(below, style="table.caption")] if below else []),
        )
    first = layouts[0]
    return records(
        first.columns if isinstance(first, Layout) else first, title=title, caption=caption
    )


def records(
    columns: Sequence[Col], *, title: str | None = None, caption: str | None = None
) -> RenderableType:
    """Rows stacked one field a line ("header: value"), for a console too narrow for a table."""
    parts: list[RenderableType] = [Text(title, style="table.title")] if title else []
    rows = len(columns[0].cells) if columns else 0
    for r in range(rows):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for col in columns:
            grid.add_row(col.header or "·", col.cells[r])
        parts += [grid, Text("")]
    if caption:
        parts.append(Text(caption, style="table.caption"))
    return Group(*parts)


class Fitted:
    """A table laid out when rich renders it, at the width it is given."""

    def __init__(
        self,
        layouts: Callable[[], Layouts] | Layouts,
        *,
        title: str | None = None,
        caption: str | None = None,
        show_header: bool = True,
        show_lines: bool = False,
    ) -> None:
        self.layouts = layouts
        self.title = title
        self.caption = caption
        self.show_header = show_header
        self.show_lines = show_lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layouts = self.layouts() if callable(self.layouts) else self.layouts
        yield fit(
            options.max_width,
            layouts,
            title=self.title,
            caption=self.caption,
            show_header=self.show_header,
            show_lines=self.show_lines,
        )


class Hanging:
    """``label text``, the text wrapped under its own first word (a warning, one per entry).

    Drawn line by line rather than as a grid, so that a line carries no trailing padding in a
    pipe, and each entry stays easy to unwrap (a continuation line starts with spaces).
    """

    def __init__(self, label: str, text: str | Text) -> None:
        self.label = label
        self.text = text if isinstance(text, Text) else Text(text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = cell_len(self.label) + 1
        lines = self.text.wrap(console, max(options.max_width - indent, 8), overflow="fold")
        for k, line in enumerate(lines):
            line.rstrip()
            yield Text(self.label + " " if k == 0 else " " * indent) + line


def derived_note(derived_from: Sequence[str]) -> str:
    """What a source derives from, as a second line under its id ("" when nothing)."""
    return f"\n← {', '.join(derived_from)}" if derived_from else ""


def source_cell(source_id: str, kind: str, derived_from: Sequence[str]) -> Text:
    """A source stacked for narrow tables: its id, its kind dimmed beneath, then its parents."""
    return Text(source_id) + Text(f"\n{kind}", style="dim") + Text(derived_note(derived_from))
