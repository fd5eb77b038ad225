"""Time `ach --help` and `ach rank` (exact engine) on small and generated cases.

Figures are reported as ratios against the CLI's own start-up (`ach --help`) measured in the
same run, so they compare across machines; absolute seconds are shown too. Each command runs
``--repeat`` times and the best run counts (the least disturbed by other load).

    python bench/bench_rank.py [--repeat 5] [--big]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]


def in_process(folder: Path) -> tuple[float, float]:
    """Seconds for load_case, then for rank, inside one warm Python process (no start-up)."""
    import ach

    ach.rank(ach.load_case(folder))  # warm: imports and caches
    start = time.perf_counter()
    case = ach.load_case(folder)
    loaded = time.perf_counter()
    ach.rank(case)
    return loaded - start, time.perf_counter() - loaded


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--big", action="store_true", help="also 50 hypotheses x 10,000 items x 500 sources"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-"))
    try:
        cases = {"small (5 h x 20 items x 4 sources)": generate(tmp, "small", 5, 20, 4)}
        cases["1,000 items (5 h, 50 sources)"] = generate(tmp, "k1", 5, 1_000, 50)
        cases["10,000 items (5 h, 200 sources)"] = generate(tmp, "k10", 5, 10_000, 200)
        if args.big:
            cases["50 h x 10,000 items x 500 sources"] = generate(tmp, "big", 50, 10_000, 500)
        bundled = Path(__file__).resolve().parents[1] / "src" / "ach" / "cases" / "havza-negotiator"
        if (bundled / "case.yaml").is_file():
            cases = {"havza-negotiator": bundled, **cases}

        base = best_of([*ACH, "--help"], args.repeat)
        imports = best_of(
            [sys.executable, "-c", "import ach.cli, ach.case, ach.engine"], args.repeat
        )
        print(f"baseline `ach --help`: {base:.3f} s (best of {args.repeat})")
        print(
            f"start-up with the modules `ach rank` needs imported: {imports:.3f} s "
            f"({imports / base:.2f}x --help)\n"
        )
        print(
            f"{'case':36s} {'ach rank':>9s} {'x --help':>9s} {'x imports':>10s} {'load':>8s} {'rank':>8s}"
        )
        for name, folder in cases.items():
            t = best_of([*ACH, "rank", str(folder), "--json"], args.repeat)
            load, rank = in_process(folder)
            print(
                f"{name:36s} {t:8.3f}s {t / base:8.2f}x {t / imports:9.2f}x {load:7.3f}s {rank:7.3f}s"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
