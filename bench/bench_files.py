"""Time `ach matrix export`, `ach matrix import` and `ach sources import` against `ach validate`
(which loads and checks the case, as each of them must) on the same case.

Cases: the Havza case (one item per file) and a generated case of 1,000 items stored 500 to a
file (``gen_case.generate``), so the round-trip path for items in list files is measured too.
The import is timed twice: an unchanged export (nothing to write) and one with CHANGES cells
edited (one rating each in the first CHANGES rows). The BibTeX import adds ENTRIES entries to
a copy of the case. Ratios are against `ach validate` in the same run; each command runs
``--repeat`` times on a fresh copy and the best counts.

    python bench/bench_files.py [--repeat 3] [--changes 10] [--entries 200]
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]
CODES = ["CC", "C", "N", "I", "II"]


def edited(table: Path, target: Path, changes: int) -> Path:
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))
    for row in rows[1 : changes + 1]:
        code = row[3]
        row[3] = CODES[(CODES.index(code) + 1) % len(CODES)] if code in CODES else "C"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return target


def bibliography(path: Path, entries: int) -> Path:
    text = "\n".join(
        f"@book{{Yazar{i}:19{i % 100:02d},\n  author = {{Yazar, Ömer and Сидоров, Иван}},\n"
        f"  title = {{Hatıralar {i}: {{Ш}}алва — შალვა}},\n  year = {{19{i % 100:02d}}},\n}}\n"
        for i in range(entries)
    )
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--entries", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-"))
    try:
        import ach.case.loader as loader

        havza = tmp / "havza-negotiator"
        shutil.copytree(loader.bundled_cases_dir() / "havza-negotiator", havza)
        cases = {
            "havza-negotiator": havza,
            "1,000 items (5 h, 50 sources)": generate(tmp, "k1", 5, 1_000, 50),
        }
        bib = bibliography(tmp / "refs.bib", args.entries)
        print(f"best of {args.repeat}; seconds, and ratio to `ach validate`")
        header = [
            "validate",
            "export csv",
            "export xlsx",
            "import same",
            f"import {args.changes} edits",
            f"bib {args.entries}",
        ]
        print(f"{'case':32}" + "".join(f"{h:>18}" for h in header))
        for name, folder in cases.items():
            work = tmp / "work" / folder.name

            def fresh(folder: Path = folder, work: Path = work) -> None:
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(folder, work)

            fresh()
            table, sheet = tmp / f"{folder.name}.csv", tmp / f"{folder.name}.xlsx"
            base = best_of([*ACH, "validate", str(work)], args.repeat)
            times = [
                base,
                best_of([*ACH, "matrix", "export", str(work), "-o", str(table)], args.repeat),
                best_of([*ACH, "matrix", "export", str(work), "-o", str(sheet)], args.repeat),
                best_of([*ACH, "matrix", "import", str(table), "--into", str(work)], args.repeat),
                best_of(
                    [
                        *ACH,
                        "matrix",
                        "import",
                        str(edited(table, tmp / "edited.csv", args.changes)),
                        "--into",
                        str(work),
                    ],
                    args.repeat,
                    fresh=fresh,
                ),
                best_of([*ACH, "sources", "import", str(work), str(bib)], args.repeat, fresh=fresh),
            ]
            print(f"{name:32}" + "".join(f"{t:8.2f} s ({t / base:4.1f}x)" for t in times))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
