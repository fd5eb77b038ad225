"""Time several analysts against one reading, as ratios measured in the same run.

1. In fresh processes (best of ``--repeat``) on CASE (default: the bundled Havza case, whose
   ratings/ holds the reviewer's reading): `ach rank CASE --json` against `ach rank --pool
   --json` and `ach analysts --json`.
2. In one warm process, on generated cases (5 hypotheses, 20 sources, 1,000 and 10,000 items)
   with ANALYSTS analysts who each re-rate a SHARE of the items at random: ``load_case``
   with and without ratings/, ``build_spec`` for one reading and for the pool, ``ach.rank``
   against ``rank(analyst=POOL)``, and ``compare_analysts`` (each reading ranked, the alpha,
   the contested items: one group's quadrature per contested item and reading).

The pool averages each item's L and noise and leaves the model's shape alone, so ranking the
pool should cost about what ranking one reading costs.

    python bench/bench_analysts.py [CASE] [--repeat 3] [--analysts 3] [--share 0.1]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]
CODES = ["CC", "C", "N", "I", "II"]


def add_analysts(folder: Path, analysts: int, share: float, hypotheses: int, seed: int = 1) -> None:
    """ratings/a<k>.yaml: each analyst re-rates ``share`` of the items with random codes."""
    import ach

    ids = [e.id for e in ach.load_case(folder).items]
    rng = np.random.default_rng(seed)
    (folder / "ratings").mkdir(exist_ok=True)
    for k in range(analysts):
        chosen = rng.choice(len(ids), size=max(1, int(share * len(ids))), replace=False)
        ratings = {
            ids[i]: {f"h{h}": CODES[int(rng.integers(5))] for h in range(hypotheses)}
            for i in sorted(chosen)
        }
        (folder / "ratings" / f"a{k}.yaml").write_text(yaml.safe_dump(ratings), encoding="utf-8")


def warm(folder: Path, repeat: int) -> None:
    import ach
    from ach.analysis.analysts import compare_analysts
    from ach.case.analysts import POOL
    from ach.engine import build_spec

    plain = folder.parent / f"{folder.name}-plain"
    shutil.copytree(folder, plain / folder.name, ignore=shutil.ignore_patterns("ratings"))
    load_plain = best_of(lambda: ach.load_case(plain / folder.name), repeat)
    load = best_of(lambda: ach.load_case(folder), repeat)
    case = ach.load_case(folder)
    spec_one = best_of(lambda: build_spec(case), repeat)
    spec_pool = best_of(lambda: build_spec(case, POOL), repeat)
    ach.rank(case, analyst=POOL)  # warm the Gauss-rule cache
    rank_one = best_of(lambda: ach.rank(case), repeat)
    rank_pool = best_of(lambda: ach.rank(case, analyst=POOL), repeat)
    report = compare_analysts(case)
    compare = best_of(lambda: compare_analysts(case), repeat)
    size = f"{len(case.hypotheses)} x {len(case.items)} x {len(case.sources)}"
    print(
        f"{folder.name} ({size}, {len(case.analysts)} analysts besides case, "
        f"{len(report.contested)} contested items):\n"
        f"  load_case {load:.3f} s with ratings/, {load_plain:.3f} s without "
        f"= {load / load_plain:.2f}x\n"
        f"  build_spec {spec_one:.4f} s one reading, {spec_pool:.4f} s pooled "
        f"= {spec_pool / spec_one:.2f}x\n"
        f"  ach.rank {rank_one:.3f} s, pooled {rank_pool:.3f} s = {rank_pool / rank_one:.2f}x\n"
        f"  compare_analysts {compare:.3f} s = {compare / rank_one:.2f}x one ach.rank"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", default="havza-negotiator")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--analysts", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.1)
    args = parser.parse_args()

    def fresh(*command: str) -> float:
        return best_of(
            lambda: subprocess.run([*ACH, *command], check=True, capture_output=True), args.repeat
        )

    rank = fresh("rank", args.case, "--json")
    pool = fresh("rank", args.case, "--pool", "--json")
    analysts = fresh("analysts", args.case, "--json")
    print(
        f"fresh processes on {args.case}: ach rank {rank:.3f} s, ach rank --pool {pool:.3f} s "
        f"= {pool / rank:.2f}x, ach analysts {analysts:.3f} s = {analysts / rank:.2f}x"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for items in (1_000, 10_000):
            folder = generate(Path(tmp), f"gen-{items}", 5, items, 20)
            add_analysts(folder, args.analysts, args.share, 5)
            warm(folder, args.repeat)


if __name__ == "__main__":
    main()
