"""Chapter 11: the municipality's co-financing of the foster-care coordinator's costs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from .common import Chapter, record_indicator

TABLES = ["foster_care_money_aggregates"]
PREFIX = "foster_care_coordinator"
HEADLINES = ()


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """The amount the municipality paid in the year towards the coordinator's costs."""
    led = Ledger(PREFIX)
    record_indicator(
        led,
        frames["foster_care_money_aggregates"],
        "foster_care_money_aggregates",
        "foster_care_money_indicator",
        "foster_care_amount_gr",
        "coordinator_cofinancing",
        "coordinator_cofinancing",
        MONEY,
        "kwota zbiorcza podana przez ośrodek",
    )
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
