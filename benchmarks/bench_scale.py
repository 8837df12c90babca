"""Scale benchmark: `validate` and chapter 1 on family-assistance registers of 10k, 100k and 1M rows.

    .venv/bin/python benchmarks/bench_scale.py [--rows 10000 100000 1000000] [--runs 3] [--out DIR] [--build]

Makes the registers first (``benchmarks/make_registers.py``: seeded, scratch projects under
/tmp, never committed), then times each step as a whole process, as a user runs it:

  validate   `sprawozdanie validate 2025` in the scratch project: every input file and the texts
  chapter 1  `family_assistance.build(data_dir, 2025)` in a fresh interpreter: reading and
             validating the chapter's five inputs, then computing every number of the chapter
             (what notebook 01 runs); the time of the computation alone is shown beside it
  build      with --build: `sprawozdanie build 2025 --fresh --format html` (every notebook,
             two at a time, and the HTML), slow: minutes at 1M rows

It prints one row per size: the median wall time over --runs (and, in brackets, the median
CPU time, user + system, which other work on the machine disturbs less) and the peak resident memory
(the largest of the runs: the process's own peak from the kernel, os.wait4, or the sum over
the process and its descendants sampled every 50 ms, whichever is larger: a build's kernels
run side by side).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import _tree_rss_kb  # noqa: E402
from make_registers import DEFAULT_OUT, YEAR, make_project  # noqa: E402

BIN = Path(sys.executable).parent

CHAPTER = f"""
import json, sys, time
t0 = time.perf_counter()
from sprawozdanie.chapters import family_assistance as m
from sprawozdanie.load import load_inputs
t1 = time.perf_counter()
frames = load_inputs(sys.argv[1], {YEAR}, m.TABLES)
t2 = time.perf_counter()
ch = m.compute(frames, {YEAR})
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "load": t2 - t1, "compute": t3 - t2, "families": int(ch.ledger["families"].value)}}))
"""


def run(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Run ``cmd``; its wall seconds, CPU seconds (user + system), peak resident memory (MiB)
    and standard output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, text=True)
        tree_peak, done = 0, threading.Event()

        def sample() -> None:  # a build's kernels run side by side: their sum, sampled
            nonlocal tree_peak
            while not done.wait(0.05):
                tree_peak = max(tree_peak, _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 gives the finished process's own exact peak (ru_maxrss, KiB on Linux), where
        # RUSAGE_CHILDREN would give the largest over every process this script has run.
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read()[-2000:]}")
        return wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss, tree_peak) / 1024, out.read()


def measure(project: Path, runs: int, build: bool) -> dict:
    data_dir = str(project / "data" / str(YEAR))
    steps = {
        "validate": [str(BIN / "sprawozdanie"), "validate", str(YEAR)],
        "chapter": [sys.executable, "-c", CHAPTER, data_dir],
    }
    if build:
        steps["build"] = [str(BIN / "sprawozdanie"), "build", str(YEAR), "--fresh", "--format", "html"]
    result = {}
    for name, cmd in steps.items():
        walls, cpus, peaks, outs = [], [], [], []
        for _ in range(runs):
            wall, cpu, peak, out = run(cmd, project)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            outs.append(out)
        result[name] = (statistics.median(walls), statistics.median(cpus), max(peaks))
        if name == "chapter":
            inner = [json.loads(o.strip().splitlines()[-1]) for o in outs]
            result["compute_only"] = statistics.median(i["compute"] for i in inner)
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="scratch folder for the generated projects")
    ap.add_argument("--build", action="store_true", help="also time a whole build (HTML only), slow at 1M rows")
    args = ap.parse_args(argv)

    header = [
        "size",
        "rows",
        "validate s (CPU s)",
        "validate peak MiB",
        "chapter 1 s (CPU s)",
        "of which compute s",
        "chapter 1 peak MiB",
    ] + (["build s (CPU s)", "build peak MiB"] if args.build else [])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for rows in args.rows:
        project = make_project(rows, args.out)
        r = measure(project, args.runs, args.build)
        size = f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k"

        def secs(step: str, r=r) -> str:
            return f"{r[step][0]:.1f} ({r[step][1]:.1f})"

        cells = [
            size,
            f"{rows:,}".replace(",", " "),
            secs("validate"),
            f"{r['validate'][2]:.0f}",
            secs("chapter"),
            f"{r['compute_only']:.1f}",
            f"{r['chapter'][2]:.0f}",
        ]
        if args.build:
            cells += [secs("build"), f"{r['build'][2]:.0f}"]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
