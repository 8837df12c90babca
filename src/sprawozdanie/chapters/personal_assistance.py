"""Chapter 14: the personal-assistant programme for persons with disabilities (children)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file

TABLES = ["care_services_programmes"]
PREFIX = "personal_assistance"
HEADLINES = ()
PROGRAMME = "personal_assistant"


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    programme_name: str | None  # the programme's full name, from the data; None: not run in the year
    programme_label: str = ""  # its kind, from the code list (for a year it was not run)


def programme_chapter(frames: dict[str, pd.DataFrame], year: int, prefix: str, code: str) -> Chapter:
    """The programme's name and the children it supported in the year (shared with chapter 15)."""
    rows = frames["care_services_programmes"].set_index("care_services_programme")
    file = input_file("care_services_programmes")
    label = registry().codes["care_services_programme"][code].label_pl
    led = Ledger(prefix)
    if code not in rows.index:  # the municipality did not run the programme: a row left out
        led.add(
            "children",
            0,
            "dzieci",
            f"Dzieci objęte wsparciem w programie: {label}",
            "brak wiersza programu w pliku (ośrodek nie wykazał realizacji programu)",
            f"{file}: brak care_services_programme = {code}",
            {file: []},
        )
        return Chapter(year, led, None, label)
    led.add(
        "children",
        int(rows.at[code, "care_services_programme_children"]),
        "dzieci",
        f"Dzieci objęte wsparciem w programie: {label}",
        "wartość zbiorcza podana przez ośrodek",
        f"{file}: care_services_programme = {code}",
        {file: [code]},
    )
    return Chapter(year, led, str(rows.at[code, "care_services_programme_name"]), label)


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    return programme_chapter(frames, year, PREFIX, PROGRAMME)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
