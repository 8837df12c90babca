"""Make large, valid family-assistance registers for the scale benchmark (seeded, never committed).

    .venv/bin/python benchmarks/make_registers.py --rows 10000 100000 1000000 [--out /tmp/sprawozdanie-registers]

For each size it writes a scratch project ``<out>/<rows>/`` (params, templates, notebooks
and the 2025 inputs copied from this project) whose ``data/2025/family_assistance_cases.csv``
has exactly ``rows`` rows: the 2025 register as it is, followed by generated cases, and
whose ``family_assistance_monitoring.csv`` grows with it (one row per 20 cases). Every other
input is the 2025 file unchanged, but for the checks and recorded disagreements that tie
chapter 1 to the published figures (dropped), so the scratch project validates and builds.

Generated cases keep every rule of the schema: unique case ids, dates in range, an end
reason exactly when there is an end date, at most one open case per family and no two
cases of a family overlapping (about 5 % of families have an ended case and a later one).
The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copy_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
SEED = 2025
DEFAULT_OUT = Path("/tmp/sprawozdanie-registers")
REASONS = ["goals_achieved", "refusal", "moved_away", "no_effects", "other"]
FAMILIES_PER_ASSISTANT = 15


def _bool(rng: random.Random, p: float) -> str:
    return "true" if rng.random() < p else "false"


def case_rows(n: int, rng: random.Random) -> list[str]:
    """``n`` generated register lines (CSV, no header), valid for report year ``YEAR``."""
    year_start, year_end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    assistants = max(1, n // FAMILIES_PER_ASSISTANT)
    lines: list[str] = []
    family = 0
    while len(lines) < n:
        family += 1
        fam_id = f"GR-{family:07d}"
        restarted = rng.random() < 0.05 and n - len(lines) >= 2
        children = rng.randint(0, 6)
        court = _bool(rng, 0.4)
        common = f"{_bool(rng, 0.15)},{_bool(rng, 0.03)}"
        if restarted:  # ended in the first half of the year, taken up again later
            end = year_start + dt.timedelta(days=rng.randrange(180))
            start = end - dt.timedelta(days=rng.randint(20, 1400))
            again = end + dt.timedelta(days=rng.randint(1, 150))
            periods = [(start, end, rng.choice(REASONS)), (again, None, None)]
        else:
            is_open = rng.random() < 0.55
            end = None if is_open else year_start + dt.timedelta(days=rng.randrange(365))
            start = (end or year_end) - dt.timedelta(days=rng.randint(20, 1400))
            periods = [(start, end, None if is_open else rng.choice(REASONS))]
        for start, end, reason in periods:
            case = len(lines) + 1
            assistant = f"GA-{rng.randrange(assistants) + 1:05d}"
            lines.append(
                f"GC-{case:07d},{fam_id},{assistant},{start.isoformat()},"
                f"{end.isoformat() if end else ''},{reason or ''},{court},{children},{common}"
            )
    return lines


def monitoring_rows(n: int, rng: random.Random) -> list[str]:
    """``n`` monitoring lines for generated cases ended in the year or the year before."""
    lines = []
    for i in range(1, n + 1):
        end = dt.date(YEAR - 1, 1, 1) + dt.timedelta(days=rng.randrange(700))
        start = end + dt.timedelta(days=rng.randint(1, 20))
        if start.year > YEAR:
            end, start = dt.date(YEAR, 12, 1), dt.date(YEAR, 12, 2)
        lines.append(f"GM-{i:07d},{end.isoformat()},{rng.choice(REASONS)},{start.isoformat()}")
    return lines


def _extend(path: Path, total: int, make) -> int:
    """Append generated lines to the CSV at ``path`` until it has ``total`` data rows."""
    text = path.read_text("utf-8")
    existing = len(text.strip("\n").split("\n")) - 1
    extra = max(0, total - existing)
    with open(path, "a", encoding="utf-8", newline="\n") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        f.writelines(line + "\n" for line in make(extra))
    return existing + extra


def _drop_published_ties(data: Path) -> None:
    """Drop the entries of ``checks.yml`` and ``known_disagreements.yml`` that tie chapter 1 to
    the published 2025 figures (46 families, 3 assistants, …): a generated register does not
    keep them, and a build would stop on them."""
    for name in ("checks.yml", "known_disagreements.yml"):
        path = data / name
        if not path.is_file():
            continue
        entries = yaml.safe_load(path.read_text("utf-8")) or []
        kept = [e for e in entries if "family_assistance." not in json.dumps(e)]
        path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")


def make_project(rows: int, out: Path, seed: int = SEED) -> Path:
    """A scratch project under ``out/<rows>`` whose 2025 register has ``rows`` rows."""
    dest = out / str(rows)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copy_project(dest)  # the workspace and the tool's files, as the build benchmark copies them
    data = dest / "data" / str(YEAR)
    _drop_published_ties(data)
    rng = random.Random(f"{seed}-{rows}")
    _extend(data / "family_assistance_cases.csv", rows, lambda k: case_rows(k, rng))
    _extend(data / "family_assistance_monitoring.csv", max(rows // 20, 1), lambda k: monitoring_rows(k, rng))
    return dest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    for rows in args.rows:
        dest = make_project(rows, args.out, args.seed)
        size = (dest / "data" / str(YEAR) / "family_assistance_cases.csv").stat().st_size
        print(f"{rows:>9} rows  {size / 2**20:6.1f} MiB  {dest}")


if __name__ == "__main__":
    main()
