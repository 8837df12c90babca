"""Chapter 5: intervention when children are at risk; the "Niebieskie Karty" procedure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import Chapter, record_aggregates

TABLES = ["intervention_aggregates"]
PREFIX = "intervention"
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


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 5, as reported by the office."""
    led = Ledger(PREFIX)
    record_aggregates(
        led, frames["intervention_aggregates"], "intervention_aggregates", "intervention_indicator", "value", UNITS
    )
    return Chapter(year, led)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
