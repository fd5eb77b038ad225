"""Time `ach timeline` against `ach rank` (exact engine), and the timeline's parts.

A timeline is one exact fit per distinct source year, so its cost should be about the number
of years times one ranking (plus one fit before the first year). Figures are ratios against
`ach rank` on the same case in the same run; absolute seconds are shown too. Each command runs
``--repeat`` times and the best run counts.

    python bench/bench_timeline.py [--repeat 3] [--years 30] [--big]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]


def dated(folder: Path, years: int) -> Path:
    """Give the generated case's sources years 1901.. (source j gets 1901 + j % years), and
    make every fifth source derive from the one before it, so chains decide some years."""
    path = folder / "sources.yaml"
    sources = yaml.safe_load(path.read_text())
    for j, src in enumerate(sources):
        src["year"] = 1901 + j % years
        if j % 5 == 4:
            src["derived_from"] = [sources[j - 1]["id"]]
    path.write_text(yaml.safe_dump(sources))
    return folder


def in_process(folder: Path) -> tuple[float, float, float, int]:
    """Warm seconds for rank, for one Case.as_of and for the timeline, and its points."""
    import ach
    from ach.analysis.timeline import timeline

    case = ach.load_case(folder)
    timeline(case)  # warm: imports and caches
    start = time.perf_counter()
    ach.rank(case)
    ranked = time.perf_counter()
    case.as_of(1910)
    cut = time.perf_counter()
    points = len(timeline(case).points)
    return ranked - start, cut - ranked, time.perf_counter() - cut, points


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--big", action="store_true", help="also 10,000 items x 200 sources")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-"))
    try:
        cases = {}
        bundled = Path(__file__).resolve().parents[1] / "src" / "ach" / "cases" / "havza-negotiator"
        havza = yaml.safe_load((bundled / "sources.yaml").read_text())
        if any("year" in s for s in havza):
            cases["havza-negotiator"] = bundled
        cases["1,000 items (5 h, 50 sources)"] = dated(
            generate(tmp, "k1", 5, 1_000, 50), args.years
        )
        if args.big:
            cases["10,000 items (5 h, 200 sources)"] = dated(
                generate(tmp, "k10", 5, 10_000, 200), args.years
            )
        print(
            f"{'case':34s} {'rank':>7s} {'timeline':>9s} {'ratio':>6s} | warm: {'rank':>7s} "
            f"{'as_of':>7s} {'timeline':>9s} {'points':>6s} {'per point':>9s}"
        )
        for name, folder in cases.items():
            r = best_of([*ACH, "rank", str(folder), "--json"], args.repeat)
            t = best_of([*ACH, "timeline", str(folder), "--json"], args.repeat)
            rank, cut, whole, points = in_process(folder)
            print(
                f"{name:34s} {r:6.3f}s {t:8.3f}s {t / r:5.2f}x | {rank:13.3f}s {cut:6.4f}s "
                f"{whole:8.3f}s {points:6d} {whole / (points + 1) / rank:8.2f}x"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
