"""Chapter 19: support for Ukrainian families who left Ukraine because of the war."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import Chapter, record_aggregates

TABLES = ["ukraine_aggregates"]

PREFIX = "ukraine_support"
HEADLINES = ()

UNITS = {
    "children_temporary_guardians": "dzieci",
    "temporary_guardians": "osoby",
    "families_family_assistant": "rodziny",
    "families_social_work": "rodziny",
    "families_cash_benefits": "rodziny",
}


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 19: one ledger value per indicator, keyed by its code."""
    led = Ledger(PREFIX)
    record_aggregates(
        led, frames["ukraine_aggregates"], "ukraine_aggregates", "ukraine_indicator", "ukraine_value", UNITS
    )
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
