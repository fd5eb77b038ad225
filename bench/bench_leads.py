"""Time `ach leads` against `ach rank`, as ratios measured in the same run.

1. In fresh processes (best of ``--repeat``): `ach rank CASE --json` and `ach leads CASE
   --json` on CASE (default: the generated 1,000-item case below).
2. In one warm process, on generated cases (20 sources, 5 hypotheses, 1,000 and 10,000
   items, 3 items' worth of leads per source: one lead of three coded outcomes on each
   source): ``ach.rank`` against ``evaluate_leads``, and the time per outcome.

Each outcome costs one quadrature of its source's group, so ``evaluate_leads`` should cost
about (outcomes x one group's share of the case) of a rank, not (outcomes x a whole rank).

    python bench/bench_leads.py [CASE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]
CODES = ["CC", "C", "N", "I", "II"]


def add_leads(folder: Path, sources: int, hypotheses: int) -> int:
    """One lead per source with three coded outcomes; returns the number of outcomes."""
    leads = []
    for j in range(sources):
        outcomes = [
            {
                "id": f"o{k}",
                "label": f"outcome {k}",
                "ratings": {f"h{(j + k) % hypotheses}": CODES[k % 5]},
            }
            for k in range(3)
        ]
        leads.append({"id": f"lead-{j}", "question": "?", "source": f"s{j}", "outcomes": outcomes})
    (folder / "leads.yaml").write_text(yaml.safe_dump(leads), encoding="utf-8")
    return 3 * sources


def warm(folder: Path, repeat: int, outcomes: int) -> None:
    import ach
    from ach.analysis.leads import evaluate_leads

    case = ach.load_case(folder)
    evaluate_leads(case)  # warm the Gauss-rule cache, as ach.rank has
    base = best_of(lambda: ach.rank(case), repeat)
    t = best_of(lambda: evaluate_leads(case), repeat)
    size = f"{len(case.hypotheses)} x {len(case.items)} x {len(case.sources)}"
    print(
        f"{folder.name} ({size}, {len(case.leads)} leads, {outcomes} outcomes): "
        f"ach.rank {base:.3f} s, evaluate_leads {t:.3f} s = {t / base:.2f}x rank, "
        f"{1000 * t / outcomes:.2f} ms per outcome"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = {}
        for items in (1_000, 10_000):
            folder = generate(Path(tmp), f"gen-{items}", 5, items, 20)
            cases[folder] = add_leads(folder, 20, 5)
        ref = args.case or str(next(iter(cases)))
        rank = best_of(
            lambda: subprocess.run([*ACH, "rank", ref, "--json"], check=True, capture_output=True),
            args.repeat,
        )
        leads = best_of(
            lambda: subprocess.run([*ACH, "leads", ref, "--json"], check=True, capture_output=True),
            args.repeat,
        )
        print(
            f"fresh processes on {ref}: ach rank {rank:.3f} s, ach leads {leads:.3f} s "
            f"= {leads / rank:.2f}x"
        )
        for folder, outcomes in cases.items():
            warm(folder, args.repeat, outcomes)


if __name__ == "__main__":
    main()
