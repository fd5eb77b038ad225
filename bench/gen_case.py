"""Generate synthetic cases of a given size (hypotheses x items x sources) for the benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml

CODES = ["CC", "C", "N", "I", "II"]
GRADES = ["A", "B", "C", "D", "E", "F"]


def generate(
    root: Path,
    case_id: str,
    hypotheses: int,
    items: int,
    sources: int,
    seed: int = 0,
    per_file: int = 500,
) -> Path:
    """Write a case whose items are spread over sources and stored ``per_file`` to a file."""
    rng = np.random.default_rng(seed)
    folder = root / case_id
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    hyps = [{"id": f"h{i}", "label": f"Hypothesis {i}"} for i in range(hypotheses)]
    (folder / "case.yaml").write_text(
        yaml.safe_dump(
            {"id": case_id, "title": "Synthetic", "question": "Which?", "hypotheses": hyps}
        )
    )
    srcs = [
        {"id": f"s{j}", "kind": "other", "reliability": GRADES[j % 6], "citation": f"source {j}"}
        for j in range(sources)
    ]
    (folder / "sources.yaml").write_text(yaml.safe_dump(srcs))
    truth = 0
    batch: list[dict[str, object]] = []
    for k in range(items):
        base = np.full(hypotheses, 3)
        base[truth] = 1
        codes = np.clip(base + rng.integers(-2, 3, size=hypotheses), 0, 4)
        ratings = {f"h{i}": CODES[int(c)] for i, c in enumerate(codes)}
        batch.append(
            {
                "id": f"E{k}",
                "claim": "synthetic",
                "source": f"s{k % sources}",
                "ratings": ratings,
                "quote": "q",
                "locator": "l",
            }
        )
        if len(batch) == per_file or k == items - 1:
            name = f"batch{k // per_file:05d}.yaml"
            (folder / "evidence" / name).write_text(yaml.dump(batch, Dumper=yaml.CSafeDumper))
            batch = []
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--hypotheses", type=int, default=5)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--per-file", type=int, default=500)
    args = parser.parse_args()
    print(
        generate(
            args.dest.parent,
            args.dest.name,
            args.hypotheses,
            args.items,
            args.sources,
            per_file=args.per_file,
        )
    )
