"""Generate synthetic cases of a given size (hypotheses x items x sources) for the benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml

CODES = ["CC", "C", "N", "I", "II"]
GRADES = ["A", "B", "C", "D", "E", "F"]


def generate(
    root: Path, case_id: str, hypotheses: int, items: int, sources: int, seed: int = 0
) -> Path:
    """Write a case whose items are spread over sources and stored 500 to a file."""
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
        ratings = {}
        for i in range(hypotheses):
            base = 1 if i == truth else 3
            ratings[f"h{i}"] = CODES[int(np.clip(base + rng.integers(-2, 3), 0, 4))]
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
        if len(batch) == 500 or k == items - 1:
            (folder / "evidence" / f"batch{k // 500:04d}.yaml").write_text(yaml.safe_dump(batch))
            batch = []
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--hypotheses", type=int, default=5)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=50)
    args = parser.parse_args()
    print(generate(args.dest.parent, args.dest.name, args.hypotheses, args.items, args.sources))
