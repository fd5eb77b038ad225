"""The whole table of issue 18 in one command: start-up, the large case, growth, memory, the
engine against bare quadrature, sensitivity, PyMC.

Every command runs in a fresh process (best of ``--repeat``; one run for the largest cases)
under a small parent that reports the child's peak memory (``ru_maxrss``). Times are also
given as ratios against ``ach --help`` measured in the same run, which compare across
machines and across load. In-process figures (load, rank, the engine's parts, bare
quadrature) come from a child running this file with ``--inproc``.

    python bench/run.py [--repeat 3] [--quick] [--no-pymc] [--src PATH]

``--src`` measures another checkout's ``src`` (for the "before" column); ``--quick`` leaves out
100,000 items and PyMC.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_case import generate

ROOT = Path(__file__).resolve().parents[1]
HAVZA = "havza-negotiator"
#: Runs the command given after it, then prints seconds, the child's peak RSS (KiB), exit code.
WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "t = time.perf_counter() - t\n"
    "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n"
)


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Best seconds of ``repeat`` fresh runs, and the largest peak memory seen (MiB)."""
    best, peak = math.inf, 0.0
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", WRAP, *cmd], env=env, capture_output=True, text=True
        ).stdout.split()
        if len(out) != 3 or out[2] not in ("0", "3"):
            sys.exit(f"failed: {' '.join(cmd)}")
        best, peak = min(best, float(out[0])), max(peak, float(out[1]) / 1024)
    return best, peak


def bare_posterior(case: Any) -> tuple[list[float], float]:
    """The same model by plain quadrature, outside ach's engine: for each source, an n-point
    Gauss-Jacobi rule for its Beta prior (exact for its items' polynomial), the item
    likelihoods r L + (1 - r) mean(L) multiplied over its items, summed over the rule; sources
    multiply. Only for cases without derived_from, fixed reliabilities or noise (the
    generated ones). Returns the posterior and the seconds the quadrature took."""
    import numpy as np
    from scipy.special import logsumexp, roots_jacobi

    from ach.evidence.admiralty import GRADES

    hyps = [h.id for h in case.hypotheses]
    scale = case.meta.weights()
    rows: dict[str, list[list[float]]] = {}
    for item in case.items:
        ratings = case.ratings[item.id]
        rows.setdefault(item.source, []).append([scale[str(ratings[h])] for h in hyps])
    grade = {s.id: GRADES[str(s.reliability)] for s in case.sources}
    arrays = {s: np.asarray(r) for s, r in rows.items()}
    start = time.perf_counter()
    total = np.log(np.asarray(case.priors, dtype=float))
    for source, like in arrays.items():
        n = min(64, math.ceil((len(like) + 2) / 2))
        x, w = roots_jacobi(n, grade[source].beta - 1.0, grade[source].alpha - 1.0)
        r = (x + 1.0) / 2.0
        noise = like.mean(axis=1, keepdims=True)
        # nodes x items x hypotheses
        mixed = noise[None] + r[:, None, None] * (like - noise)[None]
        total += logsumexp(np.log(w / w.sum())[:, None] + np.log(mixed).sum(axis=1), axis=0)
    post = np.exp(total - logsumexp(total))
    return [float(p) for p in post], time.perf_counter() - start


def inproc(folder: str) -> None:
    """Child mode: load and rank ``folder`` warm, the engine's parts, and bare quadrature."""
    import cProfile
    import pstats

    import ach

    ach.rank(ach.load_case(folder))  # imports and caches
    load_s, rank_s = math.inf, math.inf
    for _ in range(2):  # the better of two, as for the commands
        start = time.perf_counter()
        case = ach.load_case(folder)
        loaded = time.perf_counter()
        result = ach.rank(case)
        load_s, rank_s = min(load_s, loaded - start), min(rank_s, time.perf_counter() - loaded)
    profile = cProfile.Profile()
    profile.runcall(ach.rank, case)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    parts: dict[str, float] = {}
    total = 1e-9
    for (path, _, name), (_, _, _, cumulative, _) in stats.items():
        if "/ach/" not in path:
            continue
        total = max(total, cumulative)  # the outermost call: ach.rank itself
        if name not in ("rank", "<module>", "<genexpr>", "<listcomp>"):
            key = f"{Path(path).stem}.{name}"
            parts[key] = max(parts.get(key, 0.0), cumulative)
    top = sorted(parts.items(), key=lambda kv: -kv[1])[:8]
    out: dict[str, Any] = {
        "load": load_s,
        "rank": rank_s,
        "parts": [(k, v / total) for k, v in top],
    }
    if not any(s.derived_from for s in case.sources):
        posterior, seconds = bare_posterior(case)
        by_id = {h.id: h.posterior for h in result.hypotheses}
        gap = max(abs(p - by_id[h.id]) for p, h in zip(posterior, case.hypotheses, strict=True))
        out["bare"], out["gap"] = seconds, gap
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="no 100,000 items, no PyMC")
    parser.add_argument("--no-pymc", action="store_true")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the ach sources to time")
    parser.add_argument("--inproc", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inproc:
        inproc(args.inproc)
        return
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    ach = [sys.executable, "-m", "ach"]
    tmp = Path(tempfile.mkdtemp(prefix="ach-bench-run-"))
    rows: list[tuple[str, str, str]] = []

    def row(what: str, value: str, goal: str = "") -> None:
        rows.append((what, value, goal))
        print(f"  {what}: {value}" + (f"   [{goal}]" if goal else ""), file=sys.stderr)

    try:
        base, base_mem = timed([*ach, "--help"], env, args.repeat)
        row("`ach --help` (baseline)", f"{base:.3f} s, {base_mem:.0f} MiB")
        t, mem = timed([*ach, "rank", HAVZA, "--json"], env, args.repeat)
        row(f"`ach rank {HAVZA} --json`", f"{t:.3f} s = {t / base:.2f}x --help", "<= 2.5x")

        sizes = [1_000, 10_000] + ([] if args.quick else [100_000])
        growth: dict[int, tuple[float, float]] = {}
        for n in sizes:
            folder = generate(tmp, f"n{n}", 50, n, 500, per_file=100)
            t, mem = timed([*ach, "rank", str(folder), "--json"], env, 1 if n > 1_000 else 2)
            growth[n] = (t, mem)
            label = f"50 h x {n:,} items (files of 100) x 500 sources: `ach rank --json`"
            goal = "about 3.5 s; <= 1.5 GiB" if n == 10_000 else ""
            row(label, f"{t:.2f} s = {t / base:.1f}x --help, peak {mem:.0f} MiB", goal)
            if n == 10_000:
                child = subprocess.run(
                    [sys.executable, __file__, "--inproc", str(folder)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                got = json.loads(child.stdout.splitlines()[-1])
                row("  in one warm process: load_case", f"{got['load']:.2f} s")
                row("  in one warm process: rank", f"{got['rank']:.2f} s")
                if "bare" in got:
                    row(
                        "  bare quadrature of the same model (numpy + scipy, no ach)",
                        f"{got['bare'] * 1000:.0f} ms; ach.rank is {got['rank'] / got['bare']:.0f}x; "
                        f"posteriors differ by at most {got['gap']:.1e}",
                    )
                parts = ", ".join(f"{k} {v:.0%}" for k, v in got["parts"])
                row("  where ach.rank's time goes (cProfile, share of rank)", parts)
                t_sens, mem_sens = timed([*ach, "sensitivity", str(folder), "--json"], env, 1)
                row(
                    "  `ach sensitivity --json` at 10,000 items",
                    f"{t_sens:.2f} s = {t_sens / t:.2f}x `ach rank`, peak {mem_sens:.0f} MiB",
                    "<= 3x",
                )
        for small, large in itertools.pairwise(sizes):
            ratio = (growth[large][0] - base) / (growth[small][0] - base)
            row(
                f"growth {small:,} -> {large:,} items (time less start-up)",
                f"{ratio:.1f}x time, {growth[large][1] / growth[small][1]:.1f}x memory",
                "<= 12x",
            )

        if not (args.quick or args.no_pymc):
            exact, _ = timed([*ach, "rank", HAVZA, "--json"], env, args.repeat)
            for sampler in ("smc", "nuts"):
                cache = tmp / f"pytensor-{sampler}"
                env_pymc = {**env, "PYTENSOR_FLAGS": f"base_compiledir={cache}"}
                cmd = [*ach, "rank", HAVZA, "--json", "--engine", "pymc", "--sampler", sampler]
                cold, _ = timed(cmd, env_pymc, 1)
                warm, _ = timed(cmd, env_pymc, args.repeat)
                row(
                    f"`ach rank {HAVZA} --engine pymc --sampler {sampler}`",
                    f"cold {cold:.1f} s = {cold / exact:.0f}x exact, "
                    f"warm {warm:.1f} s = {warm / exact:.0f}x exact",
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nach sources: {args.src}; {time.strftime('%Y-%m-%d %H:%M')}\n")
    print("| measure | result | goal |\n|---|---|---|")
    for what, value, goal in rows:
        print(f"| {what} | {value} | {goal} |")


if __name__ == "__main__":
    main()
