"""An independent oracle for chapter 1's numbers computed from the register of cases.

The package counts whole columns at once (integer parts of a month, numpy, pandas groupby).
Here the same definitions (docs/aqa/assumptions.md, the docstring of durations.py) are
written out again plainly, one case and one day at a time, importing none of the package's
computations, and the two are held equal on registers that hypothesis generates: leap days,
month ends, cases open across years and at the year's end, families with several cases,
empty and one-row registers. The register follows the schema's rules (no overlapping cases
of one family, at most one open case, an end reason exactly when there is an end date), as
validation guarantees before any chapter computes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprawozdanie.chapters import family_assistance
from sprawozdanie.load import load_inputs
from sprawozdanie.schema import registry

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024  # a leap year: 29 February inside the report year
REASONS = sorted(registry().codes["end_reason"])  # the schema's code list (data, not a computation)


# --- the definitions, written out plainly ---------------------------------------------------


def add_months(day: dt.date, n: int) -> dt.date:
    """``day`` moved ``n`` calendar months on, to the month's last day when it has no such day."""
    month0 = day.month - 1 + n
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months(start: dt.date, end: dt.date) -> Fraction:
    """Both days included: the whole calendar months from ``start``, then the days left as a
    share of the days of the month in which they begin."""
    stop = end + dt.timedelta(days=1)
    whole = 0
    while add_months(start, whole + 1) <= stop:
        whole += 1
    anchor = add_months(start, whole)
    left = (stop - anchor).days
    return whole + Fraction(left, calendar.monthrange(anchor.year, anchor.month)[1])


def band(value: Fraction) -> str:
    if value <= 3:
        return "up_to_3"
    return "3_to_12" if value <= 12 else "over_12"


def oracle(rows: list[dict], year: int) -> dict[str, object]:
    families: dict[str, list[dict]] = {}
    for row in rows:
        families.setdefault(row["family_id"], []).append(row)
    year_end = dt.date(year, 12, 31)
    duration = {
        f: sum((months(c["start_date"], c["end_date"] or year_end) for c in cs), Fraction(0))
        for f, cs in families.items()
    }
    out: dict[str, object] = {
        "cases": len(rows),
        "families": len(families),
        "assistants": len({r["assistant_id"] for r in rows}),
        "children": sum(max(cs, key=lambda c: c["start_date"])["minor_children"] for cs in families.values()),
        "court_ordered": sum(any(c["court_ordered"] for c in cs) for cs in families.values()),
        "foster_care_families": sum(any(c["children_in_foster_care"] for c in cs) for cs in families.values()),
        "za_zyciem_families": sum(any(c["za_zyciem"] for c in cs) for cs in families.values()),
        "families_restarted": sum(
            any(c["end_date"] for c in cs) and any(not c["end_date"] for c in cs) for cs in families.values()
        ),
        "ended": sum(1 for r in rows if r["end_date"]),
        "open": sum(1 for r in rows if not r["end_date"]),
        "open_court": sum(1 for r in rows if not r["end_date"] and r["court_ordered"]),
        "open_voluntary": sum(1 for r in rows if not r["end_date"] and not r["court_ordered"]),
        "open_children": sum(r["minor_children"] for r in rows if not r["end_date"]),
        "duration_mean_months": sum(duration.values(), Fraction(0)) / len(duration) if duration else Fraction(0),
    }
    for code in ("up_to_3", "3_to_12", "over_12"):
        out[f"duration_{code}"] = sum(1 for d in duration.values() if band(d) == code)
    for code in REASONS:
        out[f"ended_{code}"] = sum(1 for r in rows if r["end_reason"] == code)
    return out


# --- generated registers -------------------------------------------------------------------

# Dates near the edges that matter: month ends, 28 Feb / 29 Feb / 1 Mar of a leap year, the
# year's first and last days, and cases begun years before.
EDGES = [
    dt.date(YEAR, 2, 28),
    dt.date(YEAR, 2, 29),
    dt.date(YEAR, 3, 1),
    dt.date(YEAR, 1, 1),
    dt.date(YEAR, 12, 31),
    dt.date(YEAR - 1, 12, 31),
    dt.date(YEAR, 1, 31),
    dt.date(YEAR, 4, 30),
]
days = st.one_of(st.sampled_from(EDGES), st.dates(dt.date(YEAR - 4, 1, 1), dt.date(YEAR, 12, 31)))


@st.composite
def family_cases(draw, family: str) -> list[dict]:
    """One family's cases in the year, one after another, the last one perhaps still open."""
    count = draw(st.integers(1, 3))
    start = draw(days)
    cases = []
    for i in range(count):
        if start > dt.date(YEAR, 12, 31):
            break
        last = i == count - 1
        open_ = last and draw(st.booleans())
        end = None if open_ else min(start + dt.timedelta(days=draw(st.integers(0, 900))), dt.date(YEAR, 12, 31))
        if end is not None and end < dt.date(YEAR, 1, 1):
            end = dt.date(YEAR, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))  # the case lasted into the year
            if end < start:
                end = start
        cases.append(
            {
                "family_id": family,
                "assistant_id": f"AS-{draw(st.integers(1, 4))}",
                "start_date": start,
                "end_date": end,
                "end_reason": draw(st.sampled_from(REASONS)) if end else None,
                "court_ordered": draw(st.booleans()),
                "minor_children": draw(st.integers(0, 9)),
                "children_in_foster_care": draw(st.booleans()),
                "za_zyciem": draw(st.booleans()),
            }
        )
        if end is None:
            break
        start = end + dt.timedelta(days=draw(st.integers(1, 120)))
    return cases


@st.composite
def registers(draw) -> list[dict]:
    n = draw(st.sampled_from([0, 1, 1, 2, 5, 22]))  # empty, one row, a few, many
    rows = [case for f in range(n) for case in draw(family_cases(f"RD-{f:03d}"))]
    for i, row in enumerate(rows, start=1):
        row["case_id"] = f"AR-{i:04d}"
    return rows


@pytest.fixture(scope="module")
def other_inputs() -> dict[str, pd.DataFrame]:
    """Chapter 1's other inputs (not from the register), as the 2025 example has them."""
    tables = [t for t in family_assistance.TABLES if t != "family_assistance_cases"]
    return load_inputs(ROOT / "data" / "2025", 2025, tables)


COLUMNS = list(registry().tables["family_assistance_cases"].columns)  # the schema's order


EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "150"))  # fewer in the mutation run (docs/tests.md)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=registers())
def test_the_register_s_numbers_equal_a_plain_second_computation(rows, other_inputs):
    cases = pd.DataFrame(rows, columns=COLUMNS)
    cases["court_ordered"] = cases["court_ordered"].astype(bool)
    cases["minor_children"] = cases["minor_children"].astype("int64")
    for column in ("children_in_foster_care", "za_zyciem"):
        cases[column] = cases[column].astype(bool)
    cases["end_date"] = cases["end_date"].astype(object).where(cases["end_date"].notna(), None)
    chapter = family_assistance.compute({**other_inputs, "family_assistance_cases": cases}, YEAR)
    expected = oracle(rows, YEAR)
    got = {key: chapter.ledger[key].value for key in expected}
    assert got == expected


@settings(max_examples=EXAMPLES * 2)
@given(start=days, length=st.integers(0, 2000))
def test_one_period_s_months_equal_the_plain_definition(start, length):
    from sprawozdanie.durations import MONTH_PARTS, month_parts, months_between

    end = start + dt.timedelta(days=length)
    assert months_between(start, end) == months(start, end)
    assert Fraction(int(month_parts([start], [end])[0]), MONTH_PARTS) == months(start, end)


def test_the_oracle_itself_on_cases_worked_by_hand():
    """The oracle's definition on periods counted by hand (so that both cannot be wrong alike)."""
    assert months(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 12
    assert months(dt.date(2025, 1, 15), dt.date(2025, 4, 14)) == 3
    assert months(dt.date(2025, 2, 1), dt.date(2025, 2, 14)) == Fraction(1, 2)
    assert months(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == 1  # a leap February is one month
    assert months(dt.date(2024, 1, 31), dt.date(2024, 2, 28)) == 1  # a month from 31 January ends on 28 February
    assert band(Fraction(3)) == "up_to_3" and band(Fraction(12)) == "3_to_12" and band(Fraction(121, 10)) == "over_12"
