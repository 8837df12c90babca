"""Chapter 19: support for Ukrainian families who left Ukraine because of the war."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry

TABLES = ["ukraine_aggregates"]

PREFIX = "ch19"
HEADLINES = ()

UNITS = {
    "children_temporary_guardians": "dzieci",
    "temporary_guardians": "osoby",
    "families_family_assistant": "rodziny",
    "families_social_work": "rodziny",
    "families_cash_benefits": "rodziny",
}


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 19: one ledger value per indicator, keyed by its code."""
    values = frames["ukraine_aggregates"].set_index("ukraine_indicator")["ukraine_value"]
    led = Ledger(PREFIX)
    file = registry().tables["ukraine_aggregates"].file
    for code, c in registry().codes["ukraine_indicator"].items():
        led.add(code, int(values[code]), UNITS[code], c.label_pl[:1].upper() + c.label_pl[1:],
                "wartość zbiorcza podana przez ośrodek", f"{file}: ukraine_indicator = {code}")
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
