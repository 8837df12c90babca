"""Chapter 5: intervention when children are at risk; the "Niebieskie Karty" procedure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry

TABLES = ["intervention_aggregates"]
PREFIX = "ch05"
HEADLINES = ("blue_card_procedures_by_social_workers", "violence_families_with_children")

UNITS = {
    "blue_card_families_by_assistants": "rodziny",
    "blue_card_procedures_by_social_workers": "procedury",
    "violence_families_with_children": "rodziny",
    "violence_children": "dzieci",
    "assistant_group_meetings": "posiedzenia",
    "parents_educated": "osoby",
    "blue_card_families_with_assistant": "rodziny",
    "emergency_placed_children": "dzieci",
    "emergency_placed_families": "rodziny",
}


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 5, as reported by the office."""
    aggregates = frames["intervention_aggregates"].set_index("intervention_indicator")["value"]
    led = Ledger(PREFIX)
    agg_file = registry().tables["intervention_aggregates"].file
    for code, c in registry().codes["intervention_indicator"].items():
        led.add(code, int(aggregates[code]), UNITS[code], c.label_pl[:1].upper() + c.label_pl[1:],
                "wartość zbiorcza podana przez ośrodek", f"{agg_file}: intervention_indicator = {code}")
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
