"""Chapter 2: legal help for families in difficulty (Table 5, a directory of institutions).

The directory of institutions (``institutions_directory``) also feeds Table 6 (chapter 3)
and Table 7 (chapter 6): an institution listed in several tables is entered once, with
its place in each table. ``directory_rows`` and ``resources_rows`` read it for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import input_file

TABLES = ["institutions_directory", "legal_help_aggregates"]
PREFIX = "legal_help"
HEADLINES = ("legal_help_families",)

# The place of an institution in each directory table (0: not listed there).
TABLE_COLUMNS = {
    5: "institution_row_legal_help",
    6: "institution_row_resources",
    7: "institution_row_psychological",
}


@dataclass(frozen=True)
class DirectoryRow:
    """One row of a directory table; every cell is a list of lines."""

    institution_id: str
    name: str
    contact: list[str]
    help: list[str]
    hours: list[str]


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    institutions: list[DirectoryRow]  # Table 5, in its order


def lines(text: str | None) -> list[str]:
    """The items of a ';'-separated cell, stripped; none for a blank cell.

    >>> lines("pomoc prawna; pomoc psychologiczna"), lines(None)
    (['pomoc prawna', 'pomoc psychologiczna'], [])
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def listed_in(directory: pd.DataFrame, table: int) -> pd.DataFrame:
    """The institutions of one directory table, in its order; a place used twice is an error.

    >>> d = pd.DataFrame({"institution_id": ["a", "b", "c"], "institution_row_legal_help": [2, 0, 1]})
    >>> list(listed_in(d, 5)["institution_id"])
    ['c', 'a']
    """
    column = TABLE_COLUMNS[table]
    listed = directory[directory[column] > 0].sort_values(column, kind="stable")
    twice = listed[listed[column].duplicated(keep=False)]
    if len(twice):
        raise ValueError(
            f"Tabela nr {table}: to samo miejsce ({column}) u instytucji " + ", ".join(twice["institution_id"])
        )
    return listed


def contact_lines(row) -> list[str]:
    """Address (street, postcode and town) and phone, as lines of one cell."""
    streets = lines(row.institution_street)
    first = ", ".join([s for s in [streets[0] if streets else None, row.institution_postcode_city] if s])
    out = [first] + streets[1:] if first else streets[1:]
    if row.institution_phone:
        out.append(f"tel. {row.institution_phone}")
    return out


def directory_rows(directory: pd.DataFrame, table: int) -> list[DirectoryRow]:
    """The rows of Table 5 or 7: name, address and phone, help given, opening hours."""
    return [
        DirectoryRow(
            r.institution_id,
            r.institution_name,
            contact_lines(r),
            lines(r.institution_help),
            lines(r.institution_hours),
        )
        for r in listed_in(directory, table).itertuples(index=False)
    ]


@dataclass(frozen=True)
class ResourceRow:
    """One row of Table 6: the names (an institution and its units) and the addresses."""

    institution_id: str
    names: list[str]
    addresses: list[str]


def resources_rows(directory: pd.DataFrame) -> list[ResourceRow]:
    """The rows of Table 6: names and addresses as that table gives them."""
    return [
        ResourceRow(
            r.institution_id,
            lines(r.institution_resources_name) or [r.institution_name],
            lines(r.institution_resources_address) or lines(r.institution_street),
        )
        for r in listed_in(directory, 6).itertuples(index=False)
    ]


def names(directory: pd.DataFrame) -> dict[str, str]:
    """Institution id → name, for prose that names an institution."""
    return dict(zip(directory["institution_id"], directory["institution_name"]))


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 2, and the rows of Table 5."""
    aggregates = frames["legal_help_aggregates"].set_index("legal_help_indicator")["value"]
    led = Ledger(PREFIX)
    agg_file = input_file("legal_help_aggregates")
    led.add(
        "legal_help_families",
        int(aggregates["legal_help_families"]),
        "rodziny",
        "Rodziny przeżywające trudności opiekuńczo-wychowawcze, które skorzystały z pomocy prawnej w ośrodku",
        "wartość zbiorcza podana przez ośrodek",
        f"{agg_file}: legal_help_indicator = legal_help_families",
        {agg_file: ["legal_help_families"]},
    )
    return Chapter(year, led, directory_rows(frames["institutions_directory"], 5))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
