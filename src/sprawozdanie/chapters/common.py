"""Glue that several chapters share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..ledger import Ledger
from ..schema import registry

REPORTED = "wartość zbiorcza podana przez ośrodek"


def rows_of(frame: pd.DataFrame, table: str) -> dict[str, list[str]]:
    """The rows of ``frame`` (a selection of input ``table``) by their keys, under the table's
    file, as ``Ledger.add`` takes them; a key of several columns is joined by " / ".

    >>> rows_of(pd.DataFrame({"case_id": ["AR-001", "AR-004"], "family_id": ["RD-1", "RD-2"]}),
    ...         "family_assistance_cases")
    {'family_assistance_cases.csv': ['AR-001', 'AR-004']}
    >>> rows_of(pd.DataFrame({"daily_centre_id": ["P1"], "daily_centre_measure": ["children"]}),
    ...         "daily_centres_figures")
    {'daily_centres_figures.csv': ['P1 / children']}
    """
    t = registry().tables[table]
    if not set(t.key) <= set(frame.columns):  # a frame made without its key (tests): the rows' lines
        return {t.file: [f"wiersz {i + 2}" for i in frame.index]}
    keys = frame[list(t.key)].astype("string").fillna("")
    if len(t.key) == 1:  # a register's one id column: no join per row (a million rows)
        return {t.file: keys.iloc[:, 0].tolist()}
    return {t.file: [" / ".join(row) for row in keys.itertuples(index=False, name=None)]}


def input_file(table: str) -> str:
    """The file name of an input table, as messages and the ledger's sources name it.

    >>> input_file("needs_list")
    'needs_list.csv'
    """
    return registry().tables[table].file


@dataclass(frozen=True)
class Chapter:
    """A chapter whose only result is its ledger."""

    year: int
    ledger: Ledger


def record_indicator(
    led: Ledger,
    frame: pd.DataFrame,
    table: str,
    code_column: str,
    value_column: str,
    code: str,
    key: str,
    unit: str,
    formula: str = REPORTED,
):
    """Put one indicator of a tidy aggregate table into the ledger under ``key``, labelled
    with the code's Polish label and sourced to the table's file and code."""
    reg = registry()
    t = reg.tables[table]
    label = reg.codes[reg.field_of(t, code_column).codes][code].label_pl
    value = frame.set_index(code_column)[value_column][code]
    return led.add(
        key,
        int(value),
        unit,
        label[:1].upper() + label[1:],
        formula,
        f"{t.file}: {code_column} = {code}",
        rows_of(frame[frame[code_column] == code], table),
    )


def record_aggregates(
    led: Ledger,
    frame: pd.DataFrame,
    table: str,
    code_column: str,
    value_column: str,
    unit: Mapping[str, str] | Callable[[str], str] | str,
) -> None:
    """Put every indicator of a tidy aggregate table (one row per code) into the ledger.

    Each value is keyed by its code, labelled with the code's Polish label, and sourced to
    the table's file and code. ``unit`` is one unit for all, a mapping by code, or a
    function of the code.

    >>> led = Ledger("t")
    >>> frame = pd.DataFrame({"indicator": ["team_meetings", "team_meetings_new_families",
    ...                       "za_zyciem_applications"], "value": [150, 13, 0]})
    >>> record_aggregates(led, frame, "family_assistance_aggregates", "indicator", "value", "liczba")
    >>> led["team_meetings"].value, led["team_meetings"].inputs
    (150, 'family_assistance_aggregates.csv: indicator = team_meetings')
    """
    reg = registry()
    for code in reg.codes[reg.field_of(reg.tables[table], code_column).codes]:
        u = unit if isinstance(unit, str) else unit(code) if callable(unit) else unit[code]
        record_indicator(led, frame, table, code_column, value_column, code, code, u)
