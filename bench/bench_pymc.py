"""Time `ach rank --engine pymc` cold and warm against the exact engine, and check they agree.

Cold means an empty PyTensor compile cache (a fresh `PYTENSOR_FLAGS=base_compiledir=...`), so
the C code of the model is compiled; warm is the next run with the same cache. Times are
shown in seconds and as ratios against `ach rank` with the exact engine on the same case
(measured in the same run, best of ``--repeat``), so they compare across machines. For each
case and sampler the script also prints the largest posterior difference from the exact
engine and the sampler's diagnostics (largest R-hat, smallest ESS, divergences).

    python bench/bench_pymc.py [--repeat 3] [--big]

``--big`` adds a generated case of 1,000 items from 50 sources (minutes with SMC).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate

ACH = [sys.executable, "-m", "ach"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    """Seconds for one run and its JSON (exit 3, poor diagnostics, still gives the JSON)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return took, json.loads(done.stdout)


def best(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, dict[str, Any]]:
    runs = [run(cmd, env) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[-1][1]


def conflicting_pair(root: Path) -> Path:
    """Two grade-B sources, 30 items each, for opposite hypotheses: exactly 0.50 each."""
    folder = root / "conflict"
    (folder / "evidence").mkdir(parents=True)
    meta = {
        "id": "conflict",
        "title": "Two sources contradict each other",
        "question": "Which?",
        "hypotheses": [{"id": "h1", "label": "One"}, {"id": "h2", "label": "Two"}],
    }
    (folder / "case.yaml").write_text(yaml.safe_dump(meta))
    sources = [{"id": s, "kind": "other", "reliability": "B", "citation": s} for s in ("a", "b")]
    (folder / "sources.yaml").write_text(yaml.safe_dump(sources))
    items = [
        {"id": f"{s.upper()}{i:02d}", "claim": "c", "source": s, "ratings": dict(ratings)}
        for s, ratings in (("a", {"h1": "CC", "h2": "II"}), ("b", {"h1": "II", "h2": "CC"}))
        for i in range(30)
    ]
    (folder / "evidence" / "items.yaml").write_text(yaml.safe_dump(items))
    return folder


def gap(exact: dict[str, Any], pymc: dict[str, Any]) -> float:
    """Largest difference in posterior between the engines over the hypotheses."""
    by_id = {h["id"]: h["posterior"] for h in exact["hypotheses"]}
    return max(float(abs(h["posterior"] - by_id[h["id"]])) for h in pymc["hypotheses"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also 1,000 items from 50 sources")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-pymc-"))
    try:
        cases = {
            "small (5 h x 20 items x 4 sources)": generate(tmp, "small", 5, 20, 4),
            "conflicting pair (2 x 30 items)": conflicting_pair(tmp),
        }
        bundled = Path(__file__).resolve().parents[1] / "src" / "ach" / "cases" / "havza-negotiator"
        if (bundled / "case.yaml").is_file():
            cases = {"havza-negotiator": bundled, **cases}
        if args.big:
            cases["1,000 items (5 h, 50 sources)"] = generate(tmp, "k1", 5, 1_000, 50)

        env = dict(os.environ)
        t_help = min(run_plain([*ACH, "--help"], env) for _ in range(args.repeat))
        t_import = min(
            run_plain([sys.executable, "-c", "import pymc, arviz_stats"], env)
            for _ in range(args.repeat)
        )
        print(f"`ach --help`: {t_help:.2f} s; importing pymc and arviz_stats: {t_import:.2f} s\n")
        print(
            f"{'case':36s} {'sampler':7s} {'exact':>7s} {'cold':>7s} {'warm':>7s} "
            f"{'cold/ex':>8s} {'warm/ex':>8s} {'|gap|':>7s} {'R-hat':>6s} {'ESS':>6s} {'div':>4s}"
        )
        for name, folder in cases.items():
            t_exact, exact = best([*ACH, "rank", str(folder), "--json"], env, args.repeat)
            for sampler in ("smc", "nuts"):
                cache = tmp / f"pytensor-{folder.name}-{sampler}"
                env_cold = {**env, "PYTENSOR_FLAGS": f"base_compiledir={cache}"}
                cmd = [*ACH, "rank", str(folder), "--json", "--engine", "pymc"]
                cmd += ["--sampler", sampler]
                t_cold, _ = run(cmd, env_cold)
                t_warm, sampled = best(cmd, env_cold, args.repeat)
                d = sampled["diagnostics"]
                print(
                    f"{name:36s} {sampler:7s} {t_exact:6.2f}s {t_cold:6.2f}s {t_warm:6.2f}s "
                    f"{t_cold / t_exact:7.1f}x {t_warm / t_exact:7.1f}x {gap(exact, sampled):7.4f} "
                    f"{d['max_r_hat']:6.3f} {d['min_ess']:6.0f} {d['divergences']:4d}"
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_plain(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
