"""Chapter 12: specialist care services for persons with mental disorders (children)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import Chapter, record_indicator

TABLES = ["care_services_aggregates"]
PREFIX = "mental_health_care_services"
HEADLINES = ()


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Children and young people who received the services in the year."""
    led = Ledger(PREFIX)
    record_indicator(
        led,
        frames["care_services_aggregates"],
        "care_services_aggregates",
        "care_services_indicator",
        "care_services_value",
        "mental_disorder_services_children",
        "children",
        "dzieci",
    )
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
