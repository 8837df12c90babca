"""Generate the SYNTHETIC family-assistance register and monitoring list for 2025.

The real register is confidential (it holds personal data) and is never committed.
This script makes a register of invented, pseudonymous cases whose aggregates equal
the figures published in the 2025 report, so the pipeline can be run and checked in
the open. The build never runs this script; it only reads the CSV files it wrote.

Run from the project root:  python data/2025/generate_synthetic.py
It is deterministic (fixed seed) and checks its own output against the targets.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from fractions import Fraction
from pathlib import Path

from sprawozdanie.durations import band_of, months_between, round_months

SEED = 2025
YEAR = 2025
HERE = Path(__file__).parent

# Published aggregates the synthetic register must reproduce (2025 report, chapter 1).
# The report gives 46 families but 22 ended + 25 open = 47 cases: the register explains
# it with one family whose voluntary work ended (refusal) and was taken up again in the
# year by court order, so it is one family with two cases. See data/2025/README.md.
ENDED = {"refusal": 11, "goals_achieved": 3, "moved_away": 7, "no_effects": 1}
OPEN = 25
COURT_ENDED, COURT_OPEN = 8, 11
FOSTER_FAMILIES = 8
CHILDREN_ENDED_ONLY, CHILDREN_OPEN = 43, 57
BANDS = {"up_to_3": 3, "3_to_12": 16, "over_12": 27}  # over families, not cases
MEAN_MONTHS = 21
ASSISTANTS = ["AS-1", "AS-2", "AS-3"]
DAYS = {"up_to_3": (20, 88), "3_to_12": (100, 360), "over_12": (380, 1400)}


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` whole numbers >= 1 that add up to ``total``."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def attempt(rng: random.Random) -> list[dict]:
    year_end = dt.date(YEAR, 12, 31)
    reasons = [r for r, n in ENDED.items() for _ in range(n)]  # case 0 is the refusal that restarts
    n_ended = len(reasons)
    n_cases = n_ended + OPEN
    # Case 0 (ended, voluntary) and case n_ended (open, court-ordered) are the same family.
    family_of = [i for i in range(n_cases)]
    family_of[n_ended] = 0
    court = [False] + [True] * COURT_ENDED + [False] * (n_ended - 1 - COURT_ENDED)
    court += [True] * COURT_OPEN + [False] * (OPEN - COURT_OPEN)
    kids_ended = split(CHILDREN_ENDED_ONLY, n_ended - 1, rng)
    kids_open = split(CHILDREN_OPEN, OPEN, rng)
    children = [kids_open[0]] + kids_ended + kids_open
    families = sorted(set(family_of))
    bands = [b for b, k in BANDS.items() for _ in range(k)]
    rng.shuffle(bands)
    band_of_family = dict(zip(families, bands))
    foster = set(rng.sample(families, FOSTER_FAMILIES))
    rows = []
    for i in range(n_cases):
        fam = family_of[i]
        reason = reasons[i] if i < n_ended else None
        lo, hi = DAYS[band_of_family[fam]]
        if i == 0:  # ended early in the year, then restarted by court order
            end = dt.date(YEAR, 3, 1) + dt.timedelta(days=rng.randrange(60))
            start = end - dt.timedelta(days=rng.randint(lo, hi) // 2)
        elif i == n_ended:
            end = None
            start = dt.date.fromisoformat(rows[0]["end_date"]) + dt.timedelta(days=rng.randint(20, 60))
        else:
            end = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365)) if reason else None
            start = (end or year_end) - dt.timedelta(days=rng.randint(lo, hi))
        rows.append(
            {
                "case_id": f"AR-{i + 1:03d}",
                "family_id": f"RD-{fam + 1:03d}",
                "assistant_id": ASSISTANTS[i % len(ASSISTANTS)],
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end else "",
                "end_reason": reason or "",
                "court_ordered": str(court[i]).lower(),
                "minor_children": children[i],
                "children_in_foster_care": str(fam in foster).lower(),
                "za_zyciem": "false",
            }
        )
    return rows


def family_months(rows: list[dict]) -> list[Fraction]:
    """Each family's duration: the sum of its cases' lengths (the package's definition)."""
    total: dict[str, Fraction] = {}
    for r in rows:
        m = months_between(
            dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"] or f"{YEAR}-12-31")
        )
        total[r["family_id"]] = total.get(r["family_id"], Fraction(0)) + m
    return list(total.values())


def main() -> None:
    rng = random.Random(SEED)
    for _ in range(10_000):
        rows = attempt(rng)
        months = family_months(rows)
        counts = {b: sum(band_of(m) == b for m in months) for b in BANDS}
        if counts == BANDS and round_months(sum(months) / len(months)) == MEAN_MONTHS:
            break
    else:
        raise SystemExit("no register met the targets; change SEED")
    # Shuffle the case ids so that nothing can be read from the order of the rows.
    order = list(range(len(rows)))
    rng.shuffle(order)
    for new_id, r in zip(order, rows):
        r["case_id"] = f"AR-{new_id + 1:03d}"
    rows.sort(key=lambda r: r["case_id"])
    with open(HERE / "family_assistance_cases.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # Monitoring: 2 families whose work ended in 2025 with goals achieved, and 4 from 2024.
    goals = [r for r in rows if r["end_reason"] == "goals_achieved"][:2]
    monitoring = [
        {
            "case_id": r["case_id"],
            "work_end_date": r["end_date"],
            "end_reason": "goals_achieved",
            "monitoring_start_date": (dt.date.fromisoformat(r["end_date"]) + dt.timedelta(days=1)).isoformat(),
        }
        for r in goals
    ]
    for k in range(4):
        end = dt.date(YEAR - 1, 7, 1) + dt.timedelta(days=rng.randrange(180))
        monitoring.append(
            {
                "case_id": f"AR-{YEAR - 1}-{k + 1:03d}",
                "work_end_date": end.isoformat(),
                "end_reason": "goals_achieved",
                "monitoring_start_date": (end + dt.timedelta(days=1)).isoformat(),
            }
        )
    with open(HERE / "family_assistance_monitoring.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(monitoring[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(sorted(monitoring, key=lambda r: r["case_id"]))
    print(f"wrote {len(rows)} cases and {len(monitoring)} monitored families (seed {SEED})")


if __name__ == "__main__":
    main()
