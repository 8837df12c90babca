"""The whole-column rule on overlapping cases flags exactly the rows the family-by-family definition does."""

import random

import pandas as pd
import pytest

from sprawozdanie.schema.row_rules import no_overlap


def overlapping_by_family(df: pd.DataFrame) -> pd.Series:
    """The definition, one family at a time: a case starting on or before the end of the case
    before it (in order of start, ties in file order), or after a case still open, is flagged;
    families with a blank start or blank id are left to other checks."""
    ok = pd.Series(True, index=df.index)
    for _family, rows in df.groupby("family_id").groups.items():
        if len(rows) < 2 or df.loc[rows, "start_date"].isna().any():
            continue
        previous_end = ...  # no case before the first
        for i in sorted(rows, key=lambda i: df.at[i, "start_date"]):
            if previous_end is not ... and (pd.isna(previous_end) or df.at[i, "start_date"] <= previous_end):
                ok[i] = False
            previous_end = df.at[i, "end_date"]
    return ok


def random_register(rng: random.Random, n: int) -> pd.DataFrame:
    def date() -> str:
        return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    rows = []
    for _ in range(n):
        start = None if rng.random() < 0.03 else date()
        end = None if rng.random() < 0.3 else date()
        family = None if rng.random() < 0.02 else f"F{rng.randrange(max(n // 3, 1))}"
        rows.append((family, start, end))
    return pd.DataFrame(rows, columns=["family_id", "start_date", "end_date"], dtype="string")


@pytest.mark.slow
def test_no_overlap_flags_the_rows_the_definition_does():
    rng = random.Random(11)
    for size in (2, 5, 30, 400):
        for _ in range(20):
            df = random_register(rng, size)
            expected = overlapping_by_family(df)
            assert no_overlap(df).tolist() == expected.tolist()


def test_no_overlap_flags_a_case_after_an_open_one_and_keeps_separate_families_apart():
    df = pd.DataFrame(
        {
            "family_id": ["A", "A", "B", "B", "C"],
            "start_date": ["2025-01-01", "2025-06-01", "2025-01-01", "2025-03-02", "2025-01-01"],
            "end_date": [None, None, "2025-03-01", None, None],
        },
        dtype="string",
    )
    assert no_overlap(df).tolist() == [True, False, True, True, True]


def test_every_rule_a_schema_names_is_defined_on_the_columns_of_its_table():
    from sprawozdanie.schema import registry
    from sprawozdanie.schema.row_rules import RULES

    named = [(t, r) for t in registry().tables.values() for r in t.rules]
    assert named  # the registers name their rules
    for table, rule in named:
        assert rule in RULES, (table.file, rule)
        assert set(RULES[rule].columns) <= set(table.columns), (table.file, rule)
