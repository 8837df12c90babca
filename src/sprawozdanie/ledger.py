"""The values ledger: every number the report shows, with how and from what it was computed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

import pandas as pd


@dataclass(frozen=True)
class Value:
    """One published number.

    ``value`` is exact: an ``int`` for counts and for money (in grosze, unit ``gr``), a
    ``Fraction`` for means; rounding happens only when it is shown.
    """

    id: str
    value: int | Fraction
    unit: str
    label_pl: str
    formula_pl: str
    inputs: str


class Ledger:
    """An ordered collection of ``Value`` with unique ids.

    >>> led = Ledger("ch01")
    >>> led.add("families", 46, "rodziny", "Rodziny objęte asystą", "liczba wierszy", "cases.csv").value
    46
    >>> led["ch01.families"].unit
    'rodziny'
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._values: dict[str, Value] = {}

    def add(self, key: str, value, unit: str, label_pl: str, formula_pl: str, inputs: str) -> Value:
        vid = f"{self.prefix}.{key}"
        if vid in self._values:
            raise ValueError(f"duplicate ledger id {vid}")
        if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
            raise TypeError(f"{vid}: ledger values are exact int or Fraction, got {type(value).__name__}")
        v = Value(vid, value, unit, label_pl, formula_pl, inputs)
        self._values[vid] = v
        return v

    def __getitem__(self, vid: str) -> Value:
        if not vid.startswith(self.prefix + "."):
            vid = f"{self.prefix}.{vid}"
        return self._values[vid]

    def __contains__(self, vid: str) -> bool:
        return vid in self._values or f"{self.prefix}.{vid}" in self._values

    def __iter__(self):
        return iter(self._values.values())

    def to_frame(self) -> pd.DataFrame:
        rows = [{**asdict(v), "value": str(v.value)} for v in self]
        return pd.DataFrame(rows, columns=["id", "value", "unit", "label_pl", "formula_pl", "inputs"])
