"""The matrix table as a file: CSV (RFC 4180, UTF-8) or an XLSX workbook.

The workbook colours each code cell as the reports and the terminal do (the one colour map,
:mod:`ach.reports.palette`) and freezes the header row and the id column, so
the hypotheses stay in view while scrolling. Cells are text, except that probabilities and
credibility grades are written as numbers for a spreadsheet to sort.
"""

from __future__ import annotations

import csv
import io

from ach.hypotheses.models import CODES
from ach.reports.palette import RATING_COLOURS, RATING_TEXT


def csv_bytes(rows: list[list[str]], *, bom: bool = False) -> bytes:
    """RFC 4180: comma-separated, fields quoted when needed, CRLF line ends, UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]], *, title: str, rated: set[str], numeric: set[str]) -> bytes:
    """A one-sheet workbook. ``rated`` names the hypothesis columns (codes coloured there),
    ``numeric`` the columns whose numbers are written as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = title[:31]  # Excel's limit on sheet names
    header = rows[0]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows[1:]:
        sheet.append([_number(v) if c in numeric else v for c, v in zip(header, row, strict=True)])
    for column, cells in zip(header, sheet.iter_cols(min_row=2), strict=False):
        if column not in rated:
            continue
        for cell in cells:
            value = cell.value
            if isinstance(value, str) and value in CODES:
                fill = _argb(RATING_COLOURS[value])
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
                cell.font = Font(bold=True, color=_argb(RATING_TEXT.get(value, "#000")))
                cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _argb(css: str) -> str:
    """``#1a7f37`` or ``#fff`` as the RRGGBB openpyxl takes."""
    digits = css.lstrip("#")
    return (digits if len(digits) == 6 else "".join(c * 2 for c in digits)).upper()


def _number(text: str) -> str | int | float:
    if not text:
        return text
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text
