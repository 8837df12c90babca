"""The pandera schema of each input table, derived from the registry (``schema/*.yml``),
and the per-value helpers validation uses. Apart from the registry itself, which a build
reads even when it has nothing to do, so that only validating imports pandas and pandera."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import _COUNT, _DATE, _ID, _MONEY, Field, Table, expected_pl, registry


def map_distinct(s: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """``s.map(func)`` with blanks kept as ``None``, calling ``func`` once per distinct value.

    A register's dates, codes, yes/no and amounts repeat: a million rows hold a few
    thousand distinct values, so the Python work grows with those, not with the rows.

    >>> map_distinct(pd.Series(["1", None, "2", "1"], dtype="string"), int).tolist()
    [1, None, 2, 1]
    """
    codes, distinct = pd.factorize(s, use_na_sentinel=True)
    results = np.empty(len(distinct) + 1, dtype=object)  # the last slot, None, is for blanks (code -1)
    results[: len(distinct)] = [func(v) for v in distinct]
    return pd.Series(results[codes], index=s.index, dtype=object)


def _real_date(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return bool(re.match(_DATE, v))


def _is_real_date(s: pd.Series) -> pd.Series:
    return map_distinct(s, _real_date).fillna(False).astype(bool)


def _date_rule_check(rule: str, year: int) -> pa.Check:
    first, last = f"{year}-01-01", f"{year}-12-31"
    if rule == "within_year":
        # Only judge well-formed dates: a malformed one is already reported by the format check.
        return pa.Check(
            lambda s: ~_is_real_date(s) | ((s >= first) & (s <= last)),
            element_wise=False,
            error=f"data w roku {year} (od {first} do {last})",
        )
    if rule == "not_after_year":
        return pa.Check(
            lambda s: ~_is_real_date(s) | (s <= last),
            element_wise=False,
            error=f"data nie późniejsza niż {last}",
        )
    raise ValueError(f"unknown date rule {rule!r}")


def _column_checks(f: Field, year: int) -> list[pa.Check]:
    expected = expected_pl(f)
    if f.type == "code":
        return [pa.Check.isin(list(registry().codes[f.codes]), error=expected)]
    if f.type == "bool":
        return [pa.Check.isin(["true", "false"], error=expected)]
    if f.type == "text":
        return [pa.Check.str_length(min_value=1, error=expected)]
    pattern = {"id": _ID, "count": _COUNT, "money": _MONEY}.get(f.type)
    if pattern:
        return [pa.Check.str_matches(pattern, error=expected)]
    checks = [pa.Check(_is_real_date, element_wise=False, error=expected)]
    if f.date_rule:
        checks.append(_date_rule_check(f.date_rule, year))
    return checks


def pandera_schema(table: Table, year: int, rules: dict) -> pa.DataFrameSchema:
    """The pandera schema of one table for one report year, on raw (string) columns.

    ``rules`` maps a rule name to a ``Rule`` (see ``sprawozdanie.load``) for row-wise checks
    across columns.
    """
    reg = registry()
    columns = {}
    for name in table.columns:
        f = reg.field_of(table, name)
        columns[name] = pa.Column(
            "string",
            checks=_column_checks(f, year),
            nullable=f.nullable,
            unique=(table.key == (name,)),
            coerce=False,
        )
    checks = [pa.Check(rules[r].check, error=rules[r].name) for r in table.rules]
    multi_key = list(table.key) if len(table.key) > 1 else None
    return pa.DataFrameSchema(columns, checks=checks, unique=multi_key, strict=False)
