"""Chapter 11: the municipality's co-financing of the foster-care coordinator's costs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry

TABLES = ["foster_care_money_aggregates"]
PREFIX = "ch11"
HEADLINES = ()


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """The amount the municipality paid in the year towards the coordinator's costs."""
    amounts = frames["foster_care_money_aggregates"].set_index("foster_care_money_indicator")["foster_care_amount_gr"]
    file = registry().tables["foster_care_money_aggregates"].file
    led = Ledger(PREFIX)
    label = registry().codes["foster_care_money_indicator"]["coordinator_cofinancing"].label_pl
    led.add("coordinator_cofinancing", int(amounts["coordinator_cofinancing"]), "gr",
            label[:1].upper() + label[1:], "kwota zbiorcza podana przez ośrodek",
            f"{file}: foster_care_money_indicator = coordinator_cofinancing")
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
