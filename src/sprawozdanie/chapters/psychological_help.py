"""Chapter 6: psychological help for families in difficulty (Table 7, a directory of institutions)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file
from .legal_help import DirectoryRow, directory_rows

TABLES = ["institutions_directory", "psychological_help_aggregates"]
PREFIX = "psychological_help"
HEADLINES = ("psychological_help_families",)


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    institutions: list[DirectoryRow]  # Table 7, in its order


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 6, and the rows of Table 7."""
    aggregates = frames["psychological_help_aggregates"].set_index("psychological_help_indicator")["value"]
    led = Ledger(PREFIX)
    agg_file = input_file("psychological_help_aggregates")
    labels = {
        "psychological_help_families": "Rodziny, które skorzystały z pomocy psychologicznej w ośrodku",
        "psychological_help_families_with_assistant": "Rodziny objęte wsparciem asystenta rodziny, które skorzystały z pomocy psychologicznej w ośrodku",
    }
    for code in registry().codes["psychological_help_indicator"]:
        led.add(
            code,
            int(aggregates[code]),
            "rodziny",
            labels[code],
            "wartość zbiorcza podana przez ośrodek",
            f"{agg_file}: psychological_help_indicator = {code}",
            {agg_file: [code]},
        )
    # The other part of the breakdown by assistant (the chapter's chart); a negative value
    # is refused by the rule psychological_help.with_assistant_within_families.
    led.add(
        "psychological_help_families_without_assistant",
        int(aggregates["psychological_help_families"] - aggregates["psychological_help_families_with_assistant"]),
        "rodziny",
        "Rodziny bez asystenta rodziny, które skorzystały z pomocy psychologicznej w ośrodku",
        "rodziny korzystające z pomocy psychologicznej minus te z nich, które współpracują z asystentem rodziny",
        f"{agg_file}: psychological_help_indicator = psychological_help_families, "
        "psychological_help_families_with_assistant",
        {agg_file: ["psychological_help_families", "psychological_help_families_with_assistant"]},
    )
    return Chapter(year, led, directory_rows(frames["institutions_directory"], 7))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
