"""Chapter 17: supporting families (rodziny wspierające) and the information campaign about them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from .common import input_file, rows_of

TABLES = ["supporting_families_aggregates", "supporting_families_events"]

PREFIX = "supporting_families"
HEADLINES = ()


@dataclass(frozen=True)
class Event:
    """One information stand; ``packages`` is a ledger key."""

    number: int
    date: dt.date
    name: str
    packages: str


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    events: tuple[Event, ...]


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 17, from the validated input frames."""
    aggregates = frames["supporting_families_aggregates"].set_index("supporting_families_indicator")
    events = frames["supporting_families_events"].sort_values("supporting_families_event_date", kind="stable")
    led = Ledger(PREFIX)
    agg_file, ev_file = input_file("supporting_families_aggregates"), input_file("supporting_families_events")

    led.add(
        "supporting_families",
        int(aggregates.loc["active_families", "supporting_families_value"]),
        "rodziny",
        "Rodziny wspierające działające w gminie w roku",
        "wartość zbiorcza podana przez ośrodek",
        f"{agg_file}: supporting_families_indicator = active_families",
        {agg_file: ["active_families"]},
    )
    led.add(
        "events",
        len(events),
        "stoiska",
        "Stoiska informacyjne o formach wsparcia rodziny, w tym o rodzinach wspierających",
        "liczba wierszy pliku działań informacyjnych",
        f"{ev_file}: wszystkie wiersze",
        rows_of(events, "supporting_families_events"),
    )
    out = []
    for number, row in enumerate(events.itertuples(index=False), start=1):
        key = f"packages.event_{number:02d}"
        led.add(
            key,
            int(row.supporting_families_event_packages),
            "pakiety",
            f"Pakiety materiałów informacyjnych przekazane mieszkańcom: {row.supporting_families_event_name}",
            "wartość podana przez ośrodek",
            f"{ev_file}: supporting_families_event_id = {row.supporting_families_event_id}",
            {ev_file: [row.supporting_families_event_id]},
        )
        out.append(Event(number, row.supporting_families_event_date, row.supporting_families_event_name, key))
    led.add(
        "packages_total",
        int(events["supporting_families_event_packages"].sum()),
        "pakiety",
        "Pakiety materiałów informacyjnych przekazane mieszkańcom – łącznie",
        "suma kolumny supporting_families_event_packages",
        f"{ev_file}: wszystkie wiersze",
        rows_of(events, "supporting_families_events"),
    )
    return Chapter(year, led, tuple(out))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
