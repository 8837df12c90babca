"""Benchmark of the build, on the 2025 data, in one run.

    .venv/bin/python benchmarks/bench_build.py [--runs 5] [--year 2025]

Works on a scratch copy of the project (the real output/ is never touched) and measures,
each over --runs repetitions, as whole processes (the command line a user types):

  naive       the baseline: every notebook executed one after another by papermill, each
              in a fresh kernel, nothing cached, then HTML, PDF, DOCX and the annex rendered
  cold        `sprawozdanie build` with no output and no cache (HTML, PDF, DOCX and the annex)
  no-op       `sprawozdanie build` again, nothing changed
  input       `sprawozdanie build` after one input file of chapter 1 changed
  text        `sprawozdanie build` after a Markdown cell (a chapter title) changed
  template    `sprawozdanie build` after a sentence of chapter 9's text (its template) changed
  office      `sprawozdanie build` after a sentence of an office text of chapter 9 changed

It prints, per scenario, the median, minimum and maximum wall time, the ratio of the
median to the naive baseline's, and the peak memory: the largest sum of the resident
memory of the command and all its descendants (kernels included), sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "src" / "sprawozdanie" / "report"
SOURCES = ["_quarto.yml", "chapters.yml", "index.qmd", "notebooks", "templates", "params", "data", "structure.yml"]
TOOL_FILES = {"_quarto.yml", "chapters.yml", "index.qmd", "notebooks", "templates"}  # as tests/conftest.py copies
BIN = Path(sys.executable).parent


def copy_project(dest: Path) -> Path:
    for name in SOURCES:  # the workspace, and a copy of the tool that the scenarios edit
        src = (TOOL if name in TOOL_FILES else ROOT) / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy(src, dest / name)
    return dest


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as f:
                kb = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd``; return wall seconds and peak memory (MiB) of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()[-2000:]}")
    return elapsed, peak / 1024


def toggle(path: Path, a: str, b: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(a, b, 1) if a in text else text.replace(b, a, 1), encoding="utf-8")


def toggle_markdown(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    text = "".join(cell["source"])
    cell["source"] = text[:-1] if text.endswith(" ") else text + " "
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    year = str(args.year)
    build = [str(BIN / "sprawozdanie"), "build", year]
    naive = [sys.executable, str(ROOT / "benchmarks" / "naive_build.py"), year]
    results: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("naive", "cold", "no-op", "input", "text", "template", "office")
    }

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        project = copy_project(Path(tmp))
        contacts = project / "data" / year / "family_assistance_contacts.csv"
        notebook = project / "notebooks" / "family_assistance.ipynb"
        template = project / "templates" / "foster_care_families.md"
        office = project / "data" / year / "teksty" / "foster_care_families_rodzice.md"
        for i in range(args.runs):
            shutil.rmtree(project / "output", ignore_errors=True)
            results["naive"].append(timed(naive, project))
            shutil.rmtree(project / "output", ignore_errors=True)
            results["cold"].append(timed(build, project))
            results["no-op"].append(timed(build, project))
            toggle(contacts, ",180", ",181")
            results["input"].append(timed(build, project))
            toggle_markdown(notebook)
            results["text"].append(timed(build, project))
            toggle(template, "Dlatego gmina", "Z tego powodu gmina")
            results["template"].append(timed(build, project))
            toggle(office, "Pracownicy ośrodka odnotowali", "Pracownicy ośrodka zauważyli")
            results["office"].append(timed(build, project))
            print(f"run {i + 1}/{args.runs} done", file=sys.stderr)

    base = statistics.median(t for t, _ in results["naive"])
    print(f"Build benchmark, {args.runs} runs each, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'scenario':8} {'median s':>9} {'min s':>7} {'max s':>7} {'÷ naive':>8} {'peak MiB':>9}")
    for name, runs in results.items():
        times = [t for t, _ in runs]
        med = statistics.median(times)
        print(
            f"{name:8} {med:9.2f} {min(times):7.2f} {max(times):7.2f} {med / base:8.2f} {max(m for _, m in runs):9.0f}"
        )


if __name__ == "__main__":
    main()
