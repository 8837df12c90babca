"""Chapter 3: specialist counselling for families in difficulty (Table 6, institutional resources)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import record_aggregates
from .legal_help import ResourceRow, resources_rows

TABLES = ["institutions_directory", "counselling_aggregates"]
PREFIX = "counselling"
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
    led = Ledger(PREFIX)
    record_aggregates(
        led, frames["counselling_aggregates"], "counselling_aggregates", "counselling_indicator", "value", UNITS
    )
    return Chapter(year, led, resources_rows(frames["institutions_directory"]))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
