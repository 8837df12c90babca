"""An independent oracle for chapters 9 and 10: the numbers computed from the foster-care register.

The package groups the register with pandas (per child, per type, sequences of types joined
into strings). Here the definitions (the chapters' docstrings and ledger formulas) are written
out again plainly, one child and one placement at a time, importing none of the package's
computations, and the two are held equal on registers that hypothesis generates: children
placed in the report year, the year before and long ago, children moved between a foster
family and an institution (both ways, more than once), children still in care on 31 December,
several children of one family, every leaving reason, empty and one-row registers. The
register follows its rules (``check_register``), as the chapters require before computing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprawozdanie.chapters import foster_care_cofinancing, foster_care_families
from sprawozdanie.load import load_inputs
from sprawozdanie.schema import registry

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024  # a leap year
TYPES = ["foster_family", "institution"]
LEAVING = ["returned_to_family", "adulthood", "moved_municipality", "other"]  # every reason but "transferred"
SUPPORT = ["family_assistant", "social_work", "none"]


# --- the definitions, written out plainly ---------------------------------------------------


def per_child(rows: list[dict]) -> dict[str, list[dict]]:
    """Each child's placements in the order they began."""
    out: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["foster_care_placement_start"]):
        out.setdefault(row["foster_care_child_id"], []).append(row)
    return out


def oracle_cofinancing(rows: list[dict], year: int) -> dict[str, int]:
    kids = per_child(rows)
    out: dict[str, int] = {"children_cofinanced": len(kids)}
    for t in TYPES:
        out[f"children_{t}"] = sum(1 for ps in kids.values() if any(p["foster_care_type"] == t for p in ps))
        out[f"cost_{t}"] = sum(r["foster_care_cofinancing_gr"] for r in rows if r["foster_care_type"] == t)
    out["children_in_both_types"] = sum(
        1 for ps in kids.values() if all(any(p["foster_care_type"] == t for p in ps) for t in TYPES)
    )

    def moved(ps: list[dict], a: str, b: str) -> bool:
        return any(ps[i]["foster_care_type"] == a and ps[i + 1]["foster_care_type"] == b for i in range(len(ps) - 1))

    out["children_moved_to_institution"] = sum(moved(ps, "foster_family", "institution") for ps in kids.values())
    out["children_moved_to_foster_family"] = sum(moved(ps, "institution", "foster_family") for ps in kids.values())
    out["cost_total"] = sum(r["foster_care_cofinancing_gr"] for r in rows)

    # the year of stay on 31 December, or on the day the child left care: the n-th year ends
    # with the n-th anniversary of the first placement (28 February for 29 February)
    def year_of(ps: list[dict]) -> int:
        start, end = ps[0]["foster_care_stay_start"], ps[-1]["foster_care_placement_end"]
        on = end if end is not None and end < dt.date(year, 12, 31) else dt.date(year, 12, 31)
        for n in (1, 2):
            try:
                last_day = start.replace(year=start.year + n)
            except ValueError:
                last_day = dt.date(start.year + n, 2, 28)
            if on <= last_day:
                return n
        return 3

    years = [year_of(ps) for ps in kids.values()]
    for n, key in ((1, "children_year1"), (2, "children_year2"), (3, "children_year3plus")):
        out[key] = years.count(n)
    return out


def oracle_families(rows: list[dict], year: int) -> dict[str, int]:
    kids = per_child(rows)
    last = {c: ps[-1] for c, ps in kids.items()}
    family = {c: ps[0]["foster_care_family_id"] for c, ps in kids.items()}
    support = {r["foster_care_family_id"]: r["foster_care_family_support"] for r in rows}
    placed = [c for c, ps in kids.items() if ps[0]["foster_care_stay_start"].year == year]
    left = [c for c, p in last.items() if p["foster_care_placement_end"] is not None]
    still = [c for c, p in last.items() if p["foster_care_placement_end"] is None]
    returned = {family[c] for c in left if last[c]["foster_care_end_reason"] == "returned_to_family"}
    out = {
        "children_in_care": len(kids),
        "placed": len(placed),
        "placed_families": len({family[c] for c in placed}),
        "left": len(left),
        "returned_families": len(returned),
        "at_year_end": len(still),
        "assistant_families_child_in_care": len({family[c] for c in still if support[family[c]] == "family_assistant"}),
    }
    for reason in LEAVING:
        out[f"left_{reason}"] = sum(1 for c in left if last[c]["foster_care_end_reason"] == reason)
    for kind in ("family_assistant", "social_work"):
        out[f"returned_families_{kind}"] = sum(1 for f in returned if support[f] == kind)
    return out


# --- generated registers -------------------------------------------------------------------

YEAR_START, YEAR_END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
EDGES = [YEAR_START, YEAR_END, dt.date(YEAR, 2, 29), dt.date(YEAR - 1, 12, 31), dt.date(YEAR - 1, 1, 1)]
stay_starts = st.one_of(st.sampled_from(EDGES), st.dates(dt.date(YEAR - 12, 1, 1), YEAR_END))


@st.composite
def child_placements(draw, child: str, family: str) -> list[dict]:
    """One child's placements: one after another from the first placement, each but the last
    ended by a transfer, the last still open or ended for a leaving reason."""
    stay = draw(stay_starts)
    start = stay
    count = draw(st.integers(1, 4))
    kind = draw(st.sampled_from(TYPES))
    rows = []
    for i in range(count):
        last = i == count - 1 or start >= YEAR_END - dt.timedelta(days=1)
        earliest = max(start, YEAR_START)  # a co-financed stay lasts into the report year
        if last and draw(st.booleans()):
            end, reason = None, None
        else:
            end = earliest + dt.timedelta(days=draw(st.integers(0, (YEAR_END - earliest).days)))
            reason = draw(st.sampled_from(LEAVING)) if last else "transferred"
            if not last and end >= YEAR_END:
                end = YEAR_END - dt.timedelta(days=1)  # room for the next placement in the year
        rows.append(
            {
                "foster_care_child_id": child,
                "foster_care_family_id": family,
                "foster_care_type": kind,
                "foster_care_stay_start": stay,
                "foster_care_placement_start": start,
                "foster_care_placement_end": end,
                "foster_care_end_reason": reason,
                "foster_care_cofinancing_gr": draw(st.integers(0, 5_000_000)),
            }
        )
        if last or end is None:
            break
        start = end + dt.timedelta(days=draw(st.integers(1, max(1, (YEAR_END - end).days))))
        kind = draw(st.sampled_from(TYPES))  # a transfer to the other type, or within one
    rows[-1]["foster_care_end_reason"] = (
        None if rows[-1]["foster_care_placement_end"] is None else rows[-1]["foster_care_end_reason"]
    )
    if rows[-1]["foster_care_end_reason"] == "transferred":  # the last placement is never a transfer
        rows[-1]["foster_care_end_reason"] = draw(st.sampled_from(LEAVING))
    return rows


@st.composite
def registers(draw) -> list[dict]:
    n_families = draw(st.sampled_from([0, 1, 1, 2, 5, 22]))
    rows = []
    for f in range(n_families):
        support = draw(st.sampled_from(SUPPORT))
        for k in range(draw(st.integers(1, 3))):  # several children of one family
            for row in draw(child_placements(f"DZ-{f:03d}-{k}", f"RB-{f:03d}")):
                rows.append({**row, "foster_care_family_support": support})
    for i, row in enumerate(rows, start=1):
        row["foster_care_placement_id"] = f"PZ-{i:04d}"
    return rows


COLUMNS = [
    c.removesuffix("_zl") + "_gr" if c.endswith("_zl") else c
    for c in registry().tables["foster_care_placements"].columns
]


def frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["foster_care_cofinancing_gr"] = df["foster_care_cofinancing_gr"].astype("int64")
    for column in ("foster_care_placement_end", "foster_care_end_reason"):
        df[column] = df[column].astype(object).where(df[column].notna(), None)
    return df


@pytest.fixture(scope="module")
def other_inputs() -> dict[str, pd.DataFrame]:
    """Chapter 9's other inputs (aggregates reported by the office, partners), as the 2025 example has them."""
    tables = [t for t in foster_care_families.TABLES if t != "foster_care_placements"]
    return load_inputs(ROOT / "data" / "2025", 2025, tables)


EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "150"))  # fewer in the mutation run (docs/tests.md)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=registers())
def test_the_register_s_numbers_equal_a_plain_second_computation(rows, other_inputs):
    placements = frame(rows)
    foster_care_cofinancing.check_register(placements)  # the generator makes valid registers only
    ten = foster_care_cofinancing.compute({"foster_care_placements": placements}, YEAR)
    expected = oracle_cofinancing(rows, YEAR)
    assert {k: ten.ledger[k].value for k in expected} == expected
    nine = foster_care_families.compute({**other_inputs, "foster_care_placements": placements}, YEAR)
    expected = oracle_families(rows, YEAR)
    assert {k: nine.ledger[k].value for k in expected} == expected
    assert ten.year == nine.year == YEAR
    # and each is recorded as what it counts, from the register (how the report prints it)
    for ledger, keys in ((ten.ledger, oracle_cofinancing(rows, YEAR)), (nine.ledger, expected)):
        for key in keys:
            value = ledger[key]
            unit = "gr" if key.startswith("cost_") else "rodziny" if "families" in key else "dzieci"
            assert value.unit == unit, key
            assert value.inputs.startswith("foster_care_placements.csv: ") and value.label_pl and value.formula_pl, key


def test_the_oracle_itself_on_a_register_worked_by_hand():
    """Two children of one family: one moved from a foster family to an institution and still
    there, one placed this year and returned home; a third child long in care."""
    d = dt.date
    base = {"foster_care_family_support": "family_assistant", "foster_care_cofinancing_gr": 100}
    rows = [
        {**base, "foster_care_child_id": "A", "foster_care_family_id": "F", "foster_care_type": "foster_family",
         "foster_care_stay_start": d(2023, 5, 1), "foster_care_placement_start": d(2023, 5, 1),
         "foster_care_placement_end": d(2024, 3, 1), "foster_care_end_reason": "transferred"},
        {**base, "foster_care_child_id": "A", "foster_care_family_id": "F", "foster_care_type": "institution",
         "foster_care_stay_start": d(2023, 5, 1), "foster_care_placement_start": d(2024, 3, 2),
         "foster_care_placement_end": None, "foster_care_end_reason": None},
        {**base, "foster_care_child_id": "B", "foster_care_family_id": "F", "foster_care_type": "foster_family",
         "foster_care_stay_start": d(2024, 2, 1), "foster_care_placement_start": d(2024, 2, 1),
         "foster_care_placement_end": d(2024, 9, 30), "foster_care_end_reason": "returned_to_family"},
        {**base, "foster_care_child_id": "C", "foster_care_family_id": "G", "foster_care_type": "institution",
         "foster_care_stay_start": d(2015, 1, 1), "foster_care_placement_start": d(2015, 1, 1),
         "foster_care_placement_end": None, "foster_care_end_reason": None, "foster_care_family_support": "none"},
    ]  # fmt: skip
    ten = oracle_cofinancing(rows, 2024)
    assert (ten["children_cofinanced"], ten["children_in_both_types"], ten["children_moved_to_institution"]) == (
        3,
        1,
        1,
    )
    assert (ten["children_year1"], ten["children_year2"], ten["children_year3plus"], ten["cost_total"]) == (
        1,
        1,
        1,
        400,
    )
    nine = oracle_families(rows, 2024)
    assert (nine["placed"], nine["left"], nine["left_returned_to_family"], nine["at_year_end"]) == (1, 1, 1, 2)
    assert (nine["returned_families"], nine["returned_families_family_assistant"]) == (1, 1)
    assert nine["assistant_families_child_in_care"] == 1  # family F (child A); G has no assistant
