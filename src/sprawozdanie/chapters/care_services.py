"""Chapter 13: care services and specialist care services for minor children (applications)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry

TABLES = ["care_services_aggregates"]
PREFIX = "ch13"
HEADLINES = ()


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Applications for care services for minor children received in the year."""
    values = frames["care_services_aggregates"].set_index("care_services_indicator")["care_services_value"]
    file = registry().tables["care_services_aggregates"].file
    code = "care_services_applications_minors"
    label = registry().codes["care_services_indicator"][code].label_pl
    led = Ledger(PREFIX)
    led.add("applications", int(values[code]), "wnioski", label[:1].upper() + label[1:],
            "wartość zbiorcza podana przez ośrodek", f"{file}: care_services_indicator = {code}")
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
