"""Glue that several chapters share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..ledger import Ledger
from ..schema import registry

REPORTED = "wartość zbiorcza podana przez ośrodek"


@dataclass(frozen=True)
class Chapter:
    """A chapter whose only result is its ledger."""

    year: int
    ledger: Ledger


def record_aggregates(led: Ledger, frame: pd.DataFrame, table: str, code_column: str, value_column: str,
                      unit: Mapping[str, str] | Callable[[str], str] | str) -> None:
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
    t = reg.tables[table]
    codes = reg.codes[reg.field_of(t, code_column).codes]
    values = frame.set_index(code_column)[value_column]
    for code, c in codes.items():
        u = unit if isinstance(unit, str) else unit(code) if callable(unit) else unit[code]
        led.add(code, int(values[code]), u, c.label_pl[:1].upper() + c.label_pl[1:], REPORTED,
                f"{t.file}: {code_column} = {code}")
