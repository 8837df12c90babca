"""Generate the SYNTHETIC foster-care registers for 2025 and 2024.

The real register of children in foster care holds personal data and is never committed.
This script makes registers of invented, pseudonymous children and placements whose
aggregates equal the figures published in the 2025 report (sections 9 and 10, Tabela nr 9),
so the pipeline can be run and checked in the open. The build never runs this script; it
only reads the CSV files it wrote:

    data/2025/foster_care_placements.csv   the report year
    data/2024/foster_care_placements.csv   the prior year (same file name and columns),
                                           for the 2024 columns of Tabela nr 9

The two registers are one story: the children in care on 31 December 2024 are the same
children (same pseudonyms, same dates) who continue in the 2025 register. In 2024 two
children moved from a foster family to a care institution, so they have two rows each
and are counted once among all children but once in each type of care (61 < 52 + 11).

Run from the project root:  python data/2025/generate_synthetic_foster_care.py
It is deterministic (fixed seed) and checks its own output against the targets; it
stops with an error, writing nothing, when a target is missed.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

SEED = 2025
YEAR = 2025
PRIOR = YEAR - 1
HERE = Path(__file__).parent
OUT = {YEAR: HERE / "foster_care_placements.csv", PRIOR: HERE.parent / str(PRIOR) / "foster_care_placements.csv"}
COLUMNS = [
    "foster_care_placement_id",
    "foster_care_child_id",
    "foster_care_family_id",
    "foster_care_type",
    "foster_care_stay_start",
    "foster_care_placement_start",
    "foster_care_placement_end",
    "foster_care_end_reason",
    "foster_care_family_support",
    "foster_care_cofinancing_zl",
]

# --- published targets (2025 report, sections 9 and 10, Tabela nr 9) ---------------------
TARGETS = {
    YEAR: {
        "children": 64,
        "by_type": {"foster_family": 53, "institution": 11},
        "money": {"foster_family": Decimal("577671.01"), "institution": Decimal("352847.86")},
        "total_money": Decimal("930518.87"),
        "transferred": 0,
        "year_of_stay": {1: 12, 2: 6, 3: 46},
        "placed": 12,
        "placed_families": 6,
        "left": {"returned_to_family": 8, "adulthood": 4, "moved_municipality": 2},
        "returned_families": 3,
        "at_year_end": 50,
        "returned_with_assistant": 2,
        "returned_with_social_work": 1,
        "assistant_child_still_in_care": 1,
    },
    PRIOR: {
        "children": 61,
        "by_type": {"foster_family": 52, "institution": 11},
        "money": {"foster_family": Decimal("497386.86"), "institution": Decimal("323654.79")},
        "total_money": Decimal("821041.65"),
        "transferred": 2,
    },
}
SHARE = {1: 10, 2: 30, 3: 50}  # statutory share of the municipality by year of stay (per cent)
MONTHLY = {"foster_family": 2200, "institution": 6500}  # rough cost weights; only proportions matter


def day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def make_children(rng: random.Random) -> list[dict]:
    """Every child of both years with its story: stay start, types, ends and family."""
    children: list[dict] = []
    family_no = iter(range(1, 1000))

    def family(size_list: list[int]) -> list[str]:
        out = []
        for size in size_list:
            fam = f"F{next(family_no)}"
            out += [fam] * size
        return out

    # Children who continue from 2024 into 2025 (in care on 31 Dec 2024): 52.
    # 6 of them were placed in 2024 (second year of stay in 2025), 46 earlier.
    # In 2025: 43 in foster families, 9 in institutions (2 of these moved there in 2024).
    cont_types = ["foster_family"] * 43 + ["institution"] * 9
    cont_stay = [day(rng, dt.date(PRIOR, 1, 10), dt.date(PRIOR, 11, 30)) for _ in range(6)]
    cont_stay += [day(rng, dt.date(2012, 1, 1), dt.date(PRIOR - 1, 12, 15)) for _ in range(46)]
    # Leavers in 2025 among them (indices into the continuing list): chosen from the older stays
    # (so that adulthood leavers have been in care a long time) and from foster families.
    fate = ["stays"] * 52
    older = list(range(6, 52))
    rng.shuffle(older)
    for i in older[:8]:
        fate[i] = "returned_to_family"
    for i in older[8:12]:
        fate[i] = "adulthood"
    for i in older[12:14]:
        fate[i] = "moved_municipality"
    transferred_2024 = [i for i in older[14:] if cont_types[i] == "institution"][:2]
    # Families: the 8 returning children come from 3 families (3 + 3 + 2); the 2 who moved away
    # are siblings; everyone else is in a family of one to three children.
    returned = [i for i in range(52) if fate[i] == "returned_to_family"]
    moved = [i for i in range(52) if fate[i] == "moved_municipality"]
    fam_of: dict[int, str] = {}
    for i, fam in zip(returned, family([3, 3, 2])):
        fam_of[i] = fam
    for i, fam in zip(moved, family([2])):
        fam_of[i] = fam
    rest = [i for i in range(52) if i not in fam_of]
    rng.shuffle(rest)
    k = 0
    while k < len(rest):
        size = min(rng.choice([1, 1, 2, 2, 3]), len(rest) - k)
        fam = family([size])[0]
        for i in rest[k : k + size]:
            fam_of[i] = fam
        k += size
    returned_families = sorted({fam_of[i] for i in returned}, key=lambda f: int(f[1:]))
    support = {
        returned_families[0]: "family_assistant",
        returned_families[1]: "family_assistant",
        returned_families[2]: "social_work",
    }
    stays_families = sorted({fam_of[i] for i in range(52) if fate[i] == "stays"}, key=lambda f: int(f[1:]))
    support[rng.choice(stays_families)] = "family_assistant"

    for i in range(52):
        children.append(
            {
                "type": cont_types[i],
                "stay": cont_stay[i],
                "family": fam_of[i],
                "fate": fate[i],
                "transferred": i in transferred_2024,
                "in": {PRIOR, YEAR},
            }
        )

    # Children placed in 2025: 12 from 6 families; 10 in foster families, 2 in an institution.
    new_fams = family([3, 2, 2, 2, 2, 1])
    new_types = ["foster_family"] * 10 + ["institution"] * 2
    for fam, typ in zip(new_fams, new_types):
        children.append(
            {
                "type": typ,
                "stay": day(rng, dt.date(YEAR, 1, 15), dt.date(YEAR, 11, 30)),
                "family": fam,
                "fate": "stays",
                "transferred": False,
                "in": {YEAR},
            }
        )

    # Children who left care in 2024 (in the 2024 register only): 7 from foster families, 2 from institutions.
    left_2024 = ["returned_to_family"] * 5 + ["adulthood"] * 3 + ["other"]
    left_types = ["foster_family"] * 7 + ["institution"] * 2
    rng.shuffle(left_types)
    for reason, typ, fam in zip(left_2024, left_types, family([2, 1, 1, 1, 1, 1, 1, 1])):
        children.append(
            {
                "type": typ,
                "stay": day(rng, dt.date(2013, 1, 1), dt.date(PRIOR - 1, 6, 30)),
                "family": fam,
                "fate": reason,
                "transferred": False,
                "in": {PRIOR},
            }
        )
    for fam in {c["family"] for c in children}:
        support.setdefault(fam, "none")
    for c in children:
        c["support"] = support[c["family"]]
    return children


def placements(children: list[dict], rng: random.Random) -> dict[int, list[dict]]:
    """The rows of each year's register (amounts still to be set)."""
    rows: dict[int, list[dict]] = {PRIOR: [], YEAR: []}
    family_dates: dict[tuple[str, str], dt.date] = {}  # siblings leave together
    for n, c in enumerate(children):
        if c["transferred"]:  # 2024: foster family, then institution from the day after the move
            move = day(rng, dt.date(PRIOR, 3, 1), dt.date(PRIOR, 10, 31))
            first = {"type": "foster_family", "start": c["stay"], "end": {PRIOR: move}, "reason": "transferred", "n": n}
            second = {"type": "institution", "start": move + dt.timedelta(days=1), "end": {}, "reason": None, "n": n}
            c["placements"] = [first, second]
        else:
            c["placements"] = [{"type": c["type"], "start": c["stay"], "end": {}, "reason": None, "n": n}]
        if c["fate"] != "stays":
            leave_year = YEAR if YEAR in c["in"] else PRIOR
            key = (c["family"], c["fate"])
            if key not in family_dates:
                first_day = max(dt.date(leave_year, 1, 15), c["stay"] + dt.timedelta(days=30))
                family_dates[key] = day(rng, first_day, dt.date(leave_year, 12, 20))
            last = c["placements"][-1]
            last["end"][leave_year] = family_dates[key]
            last["reason"] = c["fate"]
        for year in sorted(c["in"]):
            for p in c["placements"]:
                ended_before = any(y < year for y in p["end"])
                if ended_before or p["start"] > dt.date(year, 12, 31):
                    continue
                end = p["end"].get(year)
                rows[year].append({"child": c, "p": p, "end": end, "reason": p["reason"] if end else None})
    return rows


def allocate(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split ``total`` (zł) into amounts proportional to ``weights``, exact to the grosz."""
    grosze = int(total * 100)
    raw = [grosze * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: grosze - sum(parts)]:
        parts[i] += 1
    assert sum(parts) == grosze and min(parts) > 0
    return [Decimal(p) / 100 for p in parts]


def year_of_stay(stay: dt.date, year: int) -> int:
    # By calendar year: for this register the same counts as the report's rule (a year of stay
    # from the first placement, on 31 December or the day a child left), 12 + 6 + 46.
    return min(year - stay.year + 1, 3)


def write(year: int, rows: list[dict], rng: random.Random) -> list[dict]:
    for typ in ("foster_family", "institution"):
        mine = [r for r in rows if r["p"]["type"] == typ]
        weights = []
        for r in mine:
            start = max(r["p"]["start"], dt.date(year, 1, 1))
            end = r["end"] or dt.date(year, 12, 31)
            months = ((end - start).days + 1) / 30.4
            weights.append(
                months * MONTHLY[typ] * SHARE[year_of_stay(r["child"]["stay"], year)] / 100 * rng.uniform(0.8, 1.2)
            )
        for r, amount in zip(mine, allocate(TARGETS[year]["money"][typ], weights)):
            r["amount"] = amount
    out = [
        {
            "foster_care_placement_id": f"PZ-{r['p']['id']}",
            "foster_care_child_id": r["child"]["id"],
            "foster_care_family_id": r["child"]["family_id"],
            "foster_care_type": r["p"]["type"],
            "foster_care_stay_start": r["child"]["stay"].isoformat(),
            "foster_care_placement_start": r["p"]["start"].isoformat(),
            "foster_care_placement_end": r["end"].isoformat() if r["end"] else "",
            "foster_care_end_reason": r["reason"] or "",
            "foster_care_family_support": r["child"]["support"]
            if year == YEAR
            else r["child"].get("support_prior", "none"),
            "foster_care_cofinancing_zl": f"{r['amount']:.2f}",
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: r["foster_care_placement_id"])


def check(year: int, rows: list[dict]) -> None:
    """The register's aggregates, counted independently here, equal the published targets."""
    target = TARGETS[year]
    children = {r["foster_care_child_id"] for r in rows}
    assert len(children) == target["children"], (year, len(children))
    for typ, n in target["by_type"].items():
        got = len({r["foster_care_child_id"] for r in rows if r["foster_care_type"] == typ})
        assert got == n, (year, typ, got)
        money = sum(Decimal(r["foster_care_cofinancing_zl"]) for r in rows if r["foster_care_type"] == typ)
        assert money == target["money"][typ], (year, typ, money)
    assert sum(Decimal(r["foster_care_cofinancing_zl"]) for r in rows) == target["total_money"]
    moved = {r["foster_care_child_id"] for r in rows if r["foster_care_end_reason"] == "transferred"}
    assert len(moved) == target["transferred"] == sum(target["by_type"].values()) - target["children"]
    if year != YEAR:
        return
    stay = {r["foster_care_child_id"]: dt.date.fromisoformat(r["foster_care_stay_start"]) for r in rows}
    assert Counter(year_of_stay(s, year) for s in stay.values()) == target["year_of_stay"]
    placed = [r for r in rows if r["foster_care_stay_start"].startswith(str(year))]
    assert len({r["foster_care_child_id"] for r in placed}) == target["placed"]
    assert len({r["foster_care_family_id"] for r in placed}) == target["placed_families"]
    open_children = {r["foster_care_child_id"] for r in rows if not r["foster_care_placement_end"]}
    assert len(open_children) == target["at_year_end"]
    final = [r for r in rows if r["foster_care_placement_end"] and r["foster_care_end_reason"] != "transferred"]
    assert Counter(r["foster_care_end_reason"] for r in final) == target["left"]
    returned = [r for r in final if r["foster_care_end_reason"] == "returned_to_family"]
    ret_fams = {r["foster_care_family_id"]: r["foster_care_family_support"] for r in returned}
    assert len(ret_fams) == target["returned_families"]
    assert Counter(ret_fams.values()) == {
        "family_assistant": target["returned_with_assistant"],
        "social_work": target["returned_with_social_work"],
    }
    still = {
        r["foster_care_family_id"]
        for r in rows
        if not r["foster_care_placement_end"] and r["foster_care_family_support"] == "family_assistant"
    }
    assert len(still) == target["assistant_child_still_in_care"]


def main() -> None:
    rng = random.Random(SEED)
    children = make_children(rng)
    # Pseudonyms in shuffled order, so nothing can be read from them.
    order = list(range(len(children)))
    rng.shuffle(order)
    fam_ids = sorted({c["family"] for c in children})
    fam_order = list(range(len(fam_ids)))
    rng.shuffle(fam_order)
    fam_pseudo = {f: f"RB-{k + 1:03d}" for f, k in zip(fam_ids, fam_order)}
    for c, k in zip(children, order):
        c["id"] = f"DZ-{k + 1:03d}"
        c["family_id"] = fam_pseudo[c["family"]]
    # In 2024 the families of the children who left that year worked with no one, except one
    # family whose children returned home after work with a family assistant.
    left_2024 = [c for c in children if c["in"] == {PRIOR} and c["fate"] == "returned_to_family"]
    for c in children:
        c["support_prior"] = "family_assistant" if c["family"] == left_2024[0]["family"] else "none"
    rows = placements(children, rng)
    p_order = list(range(sum(len(c["placements"]) for c in children)))
    rng.shuffle(p_order)
    it = iter(p_order)
    for c in children:
        for p in c["placements"]:
            p["id"] = f"{next(it) + 1:04d}"
    written = {year: write(year, rows[year], rng) for year in (PRIOR, YEAR)}
    for year, out in written.items():
        check(year, out)
    for year, out in written.items():
        OUT[year].parent.mkdir(parents=True, exist_ok=True)
        with open(OUT[year], "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(out)
        print(
            f"wrote {len(out)} placements of {len({r['foster_care_child_id'] for r in out})} children "
            f"to {OUT[year]} (seed {SEED})"
        )


if __name__ == "__main__":
    main()
