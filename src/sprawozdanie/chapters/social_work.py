"""Chapter 8: monitoring children in families in difficulty – social work (Table 8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file

TABLES = ["social_work_aggregates", "social_work_team", "social_work_actions"]
PREFIX = "social_work"
HEADLINES = ("social_work_families",)

UNITS = {"social_work_team_workers": "osoby", "social_work_families": "rodziny", "social_work_children": "dzieci"}
LABELS = {
    "social_work_team_workers": "Pracownicy socjalni w zespole do spraw rodzin doświadczających trudności opiekuńczo-wychowawczych",
    "social_work_families": "Rodziny bez asystenta rodziny objęte pracą socjalną i monitorowaniem",
    "social_work_children": "Dzieci w rodzinach objętych pracą socjalną i monitorowaniem",
}


def by_team(label: str, team_name: str | None) -> str:
    """The label with the team that does the work, named when its name is that of a "Zespół"
    (its accusative is then its nominative), else "zespół"; without a team, as it is.

    >>> by_team("Rodziny objęte monitorowaniem", "Zespół Pracy z Rodziną")
    'Rodziny objęte monitorowaniem prowadzonymi przez Zespół Pracy z Rodziną'
    >>> by_team("Rodziny objęte monitorowaniem", "Grupa robocza")
    'Rodziny objęte monitorowaniem prowadzonymi przez zespół'
    >>> by_team("Rodziny objęte monitorowaniem", None)
    'Rodziny objęte monitorowaniem'
    """
    if not isinstance(team_name, str) or not team_name.strip():
        return label
    name = " ".join(team_name.split())
    return f"{label} prowadzonymi przez {name if name.startswith('Zespół ') else 'zespół'}"


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    team_name: str | None  # None: the office has no such team (the file holds its header alone)
    team_since: dt.date | None
    areas: list[tuple[str, list[str]]]  # Table 8: area of social work and its actions, in order

    @property
    def team_since_pl(self) -> str:
        """The month the team was set up, in the genitive ("marca 2024")."""
        return format_date(self.team_since, "MMMM y", locale="pl")


def areas_in_order(actions: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Areas in order of first appearance, each with its actions in file order.

    >>> a = pd.DataFrame({"social_work_area": ["A", "B", "A"], "social_work_action": ["x", "y", "z"]})
    >>> areas_in_order(a)
    [('A', ['x', 'z']), ('B', ['y'])]
    """
    out: dict[str, list[str]] = {}
    for area, action in zip(actions["social_work_area"], actions["social_work_action"]):
        out.setdefault(area, []).append(action)
    return list(out.items())


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 8, the team and the areas of Table 8."""
    aggregates = frames["social_work_aggregates"].set_index("social_work_indicator")["value"]
    team = frames["social_work_team"]
    if len(team) > 1:
        raise ValueError(f"{input_file('social_work_team')}: oczekiwano najwyżej jednego wiersza, jest {len(team)}")
    led = Ledger(PREFIX)
    agg_file = input_file("social_work_aggregates")
    name, since = (
        (team["social_work_team_name"].iloc[0], team["social_work_team_since"].iloc[0]) if len(team) else (None, None)
    )
    for code in registry().codes["social_work_indicator"]:
        # Without a team the institution's social workers do the work: no team in the label.
        label = LABELS[code] if code == "social_work_team_workers" else by_team(LABELS[code], name)
        led.add(
            code,
            int(aggregates[code]),
            UNITS[code],
            label,
            "wartość zbiorcza podana przez ośrodek",
            f"{agg_file}: social_work_indicator = {code}",
            {agg_file: [code]},
        )
    return Chapter(year, led, name, since, areas_in_order(frames["social_work_actions"]))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
