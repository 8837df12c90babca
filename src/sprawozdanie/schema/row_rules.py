"""Row-wise rules across columns of one input table, named in the schema's YAML (a table's
``rules: [...]``) and run by the pandera schema with the other checks: a register's dates in
order, a reason given with an end date, a family's cases not overlapping. A rule's name is
what the schema says; its ``expected`` text is what the analyst reads beside the row."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import map_distinct

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Rule:
    """A row-wise check across columns; ``check`` returns True for good rows."""

    name: str
    columns: tuple[str, ...]
    expected: str
    check: Callable[[pd.DataFrame], pd.Series]


def later_or_same(df: pd.DataFrame, later: str, earlier: str) -> pd.Series:
    # ISO dates compare correctly as text; blanks and malformed dates are judged elsewhere.
    a, b = df[later], df[earlier]

    def iso(s: pd.Series) -> pd.Series:  # each distinct date once; blanks are not comparable
        return map_distinct(s, lambda v: bool(_ISO_DATE.fullmatch(v))).fillna(False).astype(bool)

    return ~(iso(a) & iso(b)) | (a >= b).fillna(True).astype(bool)


def one_open_per_family(df: pd.DataFrame) -> pd.Series:
    open_rows = df["end_date"].isna()
    open_per_family = open_rows.groupby(df["family_id"], sort=False).transform("sum")
    return (~open_rows | (open_per_family <= 1)).astype(bool)


def no_overlap(df: pd.DataFrame) -> pd.Series:
    """False for a case that starts before the previous case of the same family has ended."""
    ok = pd.Series(True, index=df.index)
    # Families with a blank start are judged by the start's own check, not here.
    blank_start = df["start_date"].isna().groupby(df["family_id"], sort=False).transform("any")
    judged = df["family_id"].notna() & ~blank_start.fillna(True).astype(bool) & df["family_id"].duplicated(keep=False)
    cases = df.loc[judged, ["family_id", "start_date", "end_date"]].assign(_row=np.arange(int(judged.sum())))
    # Each family's cases in order of start (ties in file order); compare each with the one before.
    cases = cases.sort_values(["family_id", "start_date", "_row"])
    previous_end = cases.groupby("family_id", sort=False)["end_date"].shift()
    has_previous = cases["family_id"].duplicated()
    overlaps = has_previous & (previous_end.isna() | (cases["start_date"] <= previous_end).fillna(False))
    ok[overlaps[overlaps].index] = False
    return ok


RULES: dict[str, Rule] = {
    r.name: r
    for r in [
        Rule(
            "end_not_before_start",
            ("start_date", "end_date"),
            "data zakończenia nie wcześniejsza niż data rozpoczęcia",
            lambda df: later_or_same(df, "end_date", "start_date"),
        ),
        Rule(
            "end_reason_iff_end_date",
            ("end_date", "end_reason"),
            "przyczyna zakończenia podana wtedy i tylko wtedy, gdy podano datę zakończenia",
            lambda df: (df["end_date"].isna() == df["end_reason"].isna()).astype(bool),
        ),
        Rule(
            "monitoring_not_before_end",
            ("work_end_date", "monitoring_start_date"),
            "monitorowanie rozpoczęte nie wcześniej niż zakończenie pracy asystenta",
            lambda df: later_or_same(df, "monitoring_start_date", "work_end_date"),
        ),
        Rule(
            "one_open_case_per_family",
            ("family_id", "end_date"),
            "najwyżej jedna niezakończona sprawa tej samej rodziny (family_id)",
            one_open_per_family,
        ),
        Rule(
            "family_cases_do_not_overlap",
            ("family_id", "start_date", "end_date"),
            "sprawy tej samej rodziny nie nakładają się w czasie (kolejna zaczyna się po zakończeniu poprzedniej)",
            no_overlap,
        ),
    ]
}
