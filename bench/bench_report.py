"""Time the PDF report against `ach rank` on one case, and say where the time goes.

`ach report CASE` (PDF, fixed timestamp) and `ach rank CASE` run as commands, best of
``--repeat``; the ratio of the two compares across machines. Then, inside one warm process,
the report's stages: ranking and sensitivity, the document, each chart, and the Typst compile.

    python bench/bench_report.py [CASE] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best_of

ACH = [sys.executable, "-m", "ach"]
STAMP = "2026-01-01T00:00:00"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best time of ``repeat`` calls and the last call's value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def stages(case_ref: str, repeat: int) -> None:
    import ach
    from ach.analysis import analyse
    from ach.reports import charts
    from ach.reports.document import build_document
    from ach.reports.pdf import render_pdf

    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    case = ach.load_case(case_ref)
    render_pdf(build_document(case, ach.rank(case), analyse(case)), timestamp=stamp)  # warm
    rows: list[tuple[str, float]] = []
    t, result = timed(lambda: ach.rank(case), repeat)
    rows.append(("rank (exact)", t))
    t, sensitivity = timed(lambda: analyse(case), repeat)
    rows.append(("sensitivity analysis", t))
    t, doc = timed(lambda: build_document(case, result, sensitivity), repeat)
    rows.append(("report document", t))
    for name in ("posterior", "matrix", "influence", "reliability"):
        draw = getattr(charts, f"{name}_chart")
        rows.append((f"chart: {name}", timed(lambda draw=draw: draw(doc), repeat)[0]))
    t, pdf = timed(lambda: render_pdf(doc, timestamp=stamp), repeat)
    rows.append(("render_pdf (charts + Typst)", t))
    print("\nin one warm process (best of", repeat, "):")
    for name, seconds in rows:
        print(f"  {name:30s} {seconds * 1000:8.1f} ms")
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"  PDF: {pages} pages, {len(pdf) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", default="havza-negotiator")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    case = str(Path(args.case).resolve()) if Path(args.case).exists() else args.case
    with tempfile.TemporaryDirectory(prefix="ach-bench-") as tmp:
        work = Path(tmp)
        rank = best_of([*ACH, "rank", case], args.repeat, cwd=work)
        report = best_of(
            [*ACH, "report", case, "--timestamp", STAMP, "-o", "report.pdf"], args.repeat, work
        )
        print(f"`ach rank {args.case}`:   {rank:.3f} s (best of {args.repeat})")
        print(f"`ach report {args.case}`: {report:.3f} s  = {report / rank:.1f}x ach rank")
    stages(case, args.repeat)


if __name__ == "__main__":
    main()
