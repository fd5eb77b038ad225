"""Reading the matrix table from a CSV or XLSX file, every cell as text.

CSV: UTF-8 (a byte-order mark, which spreadsheet programs write, is allowed), RFC 4180.
XLSX: the first worksheet, read with openpyxl; numbers and dates typed into cells are turned
back into the text the CSV would hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ach.errors import CaseError, RefusedOperation
from ach.yamlio import read_text

FORMATS = ("csv", "xlsx")


def table_format(path: Path) -> str:
    """``csv`` or ``xlsx``, from the file's suffix."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RefusedOperation(f"{path}: expected a .csv or .xlsx file")
    return suffix


def read_table(path: Path) -> list[list[str]]:
    """The rows of ``path`` (header first), every cell as text."""
    if not path.is_file():
        raise RefusedOperation(f"{path}: file not found")
    return _read_xlsx(path) if table_format(path) == "xlsx" else _read_csv(path)


def _read_csv(path: Path) -> list[list[str]]:
    text, problems = read_text(path, path.name)
    if text is None:
        raise CaseError(problems)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise RefusedOperation(f"{path.name}: not valid CSV ({exc})") from None


def _read_xlsx(path: Path) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RefusedOperation(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(value)  # as matrix_rows writes a probability: 0.3, 1.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
