"""Chapter 19 computations (support for families from Ukraine) on small inline frames."""

import pandas as pd

from sprawozdanie.chapters.ukraine_support import compute

CODES = [
    "children_temporary_guardians",
    "temporary_guardians",
    "families_family_assistant",
    "families_social_work",
    "families_cash_benefits",
]


def frames(values):
    return {"ukraine_aggregates": pd.DataFrame({"ukraine_indicator": CODES, "ukraine_value": values})}


def test_each_indicator_is_one_ledger_value():
    ch = compute(frames([2, 2, 1, 2, 0]), 2025)
    assert {v.id: v.value for v in ch.ledger} == {
        "ukraine_support.children_temporary_guardians": 2,
        "ukraine_support.temporary_guardians": 2,
        "ukraine_support.families_family_assistant": 1,
        "ukraine_support.families_social_work": 2,
        "ukraine_support.families_cash_benefits": 0,
    }


def test_order_of_rows_does_not_matter_and_zeros_stay_zeros():
    df = frames([0, 0, 0, 0, 1])["ukraine_aggregates"].iloc[::-1]
    ch = compute({"ukraine_aggregates": df}, 2025)
    assert ch.ledger["families_cash_benefits"].value == 1 and ch.ledger["temporary_guardians"].value == 0
