"""Time `ach rank --save` and `ach compare` against `ach rank --json` on the same case.

The new version of each case has CHANGES items re-rated (their first rating moved one code);
`ach compare` then recomputes one ranking per change (each undone alone in the new case), so
its cost grows with the changes and with the size of the case. Ratios are against `ach rank
--json` measured in the same run; each command runs ``--repeat`` times and the best counts.

    python bench/bench_compare.py [--repeat 3] [--changes 10]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate
from timing import best_of

ACH = [sys.executable, "-m", "ach"]
CODES = ["CC", "C", "N", "I", "II"]


def re_rate(folder: Path, changes: int) -> None:
    """Move the first rating of the first ``changes`` items one code along the scale."""
    done = 0
    for path in sorted((folder / "evidence").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data if isinstance(data, list) else [data]
        for entry in entries:
            if done == changes:
                break
            hyp, code = next(iter(entry["ratings"].items()))
            entry["ratings"][hyp] = CODES[(CODES.index(code) + 1) % len(CODES)]
            done += 1
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        if done == changes:
            return


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-"))
    try:
        import ach.case.loader as loader

        havza = tmp / "havza-negotiator"
        shutil.copytree(loader.bundled_cases_dir() / "havza-negotiator", havza)
        cases = {
            "havza-negotiator (40 items)": havza,
            "1,000 items (5 h, 50 sources)": generate(tmp, "k1", 5, 1_000, 50),
        }
        print(f"{args.changes} items re-rated; best of {args.repeat}")
        print(f"{'case':34} {'rank':>7} {'--save':>14} {'compare':>14} {'run size':>9}")
        for name, folder in cases.items():
            old, new = tmp / f"{folder.name}-old.json", tmp / f"{folder.name}-new.json"
            rank = best_of([*ACH, "rank", str(folder), "--json"], args.repeat)
            save = best_of([*ACH, "rank", str(folder), "--save", str(old)], args.repeat)
            re_rate(folder, args.changes)
            subprocess.run(
                [*ACH, "rank", str(folder), "--save", str(new)],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            cmp = best_of([*ACH, "compare", str(old), str(new), "--json"], args.repeat)
            size = new.stat().st_size / 1024
            print(
                f"{name:34} {rank:6.2f}s {save:6.2f}s {save / rank:5.1f}x "
                f"{cmp:6.2f}s {cmp / rank:5.1f}x {size:7.0f}KB"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
