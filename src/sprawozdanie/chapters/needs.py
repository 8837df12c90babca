"""Chapter 22: needs related to family-support tasks – the actions recommended for the next years."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import input_file, rows_of

TABLES = ["needs_list"]

PREFIX = "needs"
HEADLINES = ()


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    needs: list[str]  # in the order of the list


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """The list of needs, in order, and how many there are."""
    needs = frames["needs_list"].sort_values("needs_order")
    led = Ledger(PREFIX)
    file = input_file("needs_list")
    led.add(
        "needs",
        len(needs),
        "działania",
        "Potrzeby wskazane na kolejne lata",
        "liczba wierszy listy",
        f"{file}: wszystkie wiersze",
        rows_of(needs, "needs_list"),
    )
    return Chapter(year, led, list(needs["needs_text"]))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
