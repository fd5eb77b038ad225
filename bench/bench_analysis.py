"""Time `ach sensitivity` and `ach report` (md, html, pdf) against `ach rank` on the same case.

Ratios against `ach rank` measured in the same run (best of ``--repeat``), so they compare
across machines.

    python bench/bench_analysis.py [CASE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best_of

ACH = [sys.executable, "-m", "ach"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", default="havza-negotiator")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ach-bench-") as tmp:
        work = Path(tmp)
        case = str(Path(args.case).resolve()) if Path(args.case).exists() else args.case
        base = best_of([*ACH, "rank", case, "--json"], args.repeat, cwd=work)
        print(f"`ach rank {args.case} --json`: {base:.3f} s (best of {args.repeat})\n")
        runs = {
            "ach sensitivity --json": [*ACH, "sensitivity", case, "--json"],
            "ach report --format md": [*ACH, "report", case, "-f", "md"],
            "ach report --format html": [*ACH, "report", case, "-f", "html"],
            "ach report (pdf)": [*ACH, "report", case, "--timestamp", "2026-01-01T00:00:00"],
        }
        for name, cmd in runs.items():
            t = best_of(cmd, args.repeat, cwd=work)
            print(f"{name:28s} {t:7.3f} s  {t / base:6.2f}x ach rank")
        pdf = next(work.glob("*-report.pdf"), None)
        if pdf is not None:
            from pypdf import PdfReader

            print(f"\nPDF: {len(PdfReader(pdf).pages)} pages, {pdf.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
