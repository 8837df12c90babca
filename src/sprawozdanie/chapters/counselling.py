"""Chapter 3: specialist counselling for families in difficulty (Table 6, institutional resources)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .legal_help import ResourceRow, resources_rows

TABLES = ["institutions_directory", "counselling_aggregates"]
PREFIX = "ch03"
HEADLINES = ("counselling_families_total", "counselling_families_with_children")

UNITS = {
    "counselling_families_with_children": "rodziny",
    "counselling_persons_with_children": "osoby",
    "counselling_families_total": "rodziny",
    "counselling_persons_total": "osoby",
}


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    resources: list[ResourceRow]  # Table 6, in its order


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 3, and the rows of Table 6."""
    aggregates = frames["counselling_aggregates"].set_index("counselling_indicator")["value"]
    led = Ledger(PREFIX)
    agg_file = registry().tables["counselling_aggregates"].file
    for code, c in registry().codes["counselling_indicator"].items():
        led.add(code, int(aggregates[code]), UNITS[code], c.label_pl[:1].upper() + c.label_pl[1:],
                "wartość zbiorcza podana przez ośrodek", f"{agg_file}: counselling_indicator = {code}")
    return Chapter(year, led, resources_rows(frames["institutions_directory"]))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
