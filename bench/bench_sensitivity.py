"""Time `ach sensitivity` against `ach rank`, as ratios measured in the same run.

1. The commands, in fresh processes (best of ``--repeat``): `ach --help` (start-up),
   `ach rank CASE --json` and `ach sensitivity CASE --json`, on the Havza case by default.
2. In one warm process, on the named case and on generated cases (20 sources, 5 hypotheses,
   1,000 and 10,000 items; ``--big`` adds 50 hypotheses x 10,000 items x 500 sources):
   `ach.rank` against `ach.analysis.analyse` and its parts (leave-one-out influences, grade
   flips, rating flips, robustness).

    python bench/bench_sensitivity.py [CASE] [--repeat 3] [--big]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]


def command(args: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(
        [*ACH, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def in_process(ref: str, repeat: int) -> None:
    import numpy as np

    import ach
    from ach.analysis import analyse, flips, sensitivity
    from ach.analysis.evaluator import Evaluator
    from ach.engine.spec import build_spec

    case = ach.load_case(ref)
    spec = build_spec(case)
    ev = Evaluator(spec)
    lead = int(np.argmax(ev.posterior()))
    analyse(case)  # warm the Gauss-rule cache, as ach.rank has
    base = best_of(lambda: ach.rank(case), repeat)
    parts = {
        "analyse (all)": lambda: analyse(case),
        "  influences": lambda: sensitivity.item_influences(case, spec, ev),
        "  grade flips": lambda: flips.grade_flip(case, spec, ev, lead),
        "  rating flips": lambda: flips.rating_flip(case, spec, ev, lead),
        "  robustness": lambda: sensitivity._robustness(case, spec, ev, lead),
    }
    size = f"{len(case.hypotheses)} x {len(case.items)} x {len(case.sources)}"
    print(f"\n{ref} ({size}): ach.rank {base:.3f} s")
    for name, run in parts.items():
        t = best_of(run, repeat)
        print(f"  {name:18s} {t:7.3f} s  {t / base:6.2f}x rank")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", default="havza-negotiator")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    case = str(Path(args.case).resolve()) if Path(args.case).exists() else args.case

    start = best_of(command(["--help"]), args.repeat)
    rank = best_of(command(["rank", case, "--json"]), args.repeat)
    sens = best_of(command(["sensitivity", case, "--json"]), args.repeat)
    print(f"Commands on {args.case} (best of {args.repeat}, fresh processes):")
    print(f"  ach --help                {start:7.3f} s")
    print(f"  ach rank --json           {rank:7.3f} s  {rank / start:5.2f}x start-up")
    print(
        f"  ach sensitivity --json    {sens:7.3f} s  {sens / start:5.2f}x start-up, "
        f"{sens / rank:5.2f}x ach rank"
    )

    in_process(case, args.repeat)
    with tempfile.TemporaryDirectory(prefix="ach-bench-") as tmp:
        sizes = [(5, 1_000, 20), (5, 10_000, 500)] + ([(50, 10_000, 500)] if args.big else [])
        for h, n, s in sizes:
            folder = generate(Path(tmp), f"gen-{h}-{n}-{s}", h, n, s)
            in_process(str(folder), args.repeat)


if __name__ == "__main__":
    main()
