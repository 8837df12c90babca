"""Chapter 13: care services and specialist care services for minor children (applications)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import Chapter, record_indicator

TABLES = ["care_services_aggregates"]
PREFIX = "care_services"
HEADLINES = ()


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Applications for care services for minor children received in the year."""
    led = Ledger(PREFIX)
    record_indicator(
        led,
        frames["care_services_aggregates"],
        "care_services_aggregates",
        "care_services_indicator",
        "care_services_value",
        "care_services_applications_minors",
        "applications",
        "wnioski",
    )
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
