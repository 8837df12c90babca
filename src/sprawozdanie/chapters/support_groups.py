"""Chapter 16: meetings for families – support groups and self-help groups (the year's projects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file, rows_of

TABLES = ["support_groups_projects", "support_groups_figures"]

PREFIX = "support_groups"
# The chapter's figure in the report's summary ("Najważniejsze liczby").
HEADLINES = ()  # its projects differ in kind (groups, events): their participants make no one total

# Units of the optional per-project figures (support_groups_figures.csv).
MEASURE_UNITS = {
    "meetings": "spotkania",
    "meeting_minutes": "minuty",
    "parents": "osoby",
    "children": "dzieci",
    "gift_recipients": "osoby",
}


@dataclass(frozen=True)
class Project:
    """One project as the notebook lists it; numbers are ledger keys, never values."""

    number: int
    name: str
    date_from: dt.date
    date_to: dt.date
    addressees: str | None
    aim: str | None
    scope: str | None
    description: str | None
    participants: str  # ledger key
    figures: dict[str, str] = field(default_factory=dict)  # measure code -> ledger key


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    projects: tuple[Project, ...]


def project_key(number: int, what: str) -> str:
    """Ledger key of a project's figure.

    >>> project_key(1, "participants")
    'participants.project_01'
    """
    return f"{what}.project_{number:02d}"


def input_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Inputs that cannot be right (checked by ``validate`` with the other inputs): a period
    ending before it starts, parents and children outnumbering the participants. (Figures
    of an unknown project are a reference the schema declares.)"""
    projects, figures = frames["support_groups_projects"], frames["support_groups_figures"]
    proj_file = input_file("support_groups_projects")
    problems = []
    by = figures.set_index(["support_group_project_id", "support_group_measure"])["support_group_value"]
    for row in projects.itertuples(index=False):
        pid = row.support_group_project_id
        if row.support_group_date_to < row.support_group_date_from:
            problems.append(
                Problem(
                    proj_file,
                    None,
                    "support_group_date_to",
                    pid,
                    "data końca projektu nie wcześniejsza niż data początku",
                )
            )
        parts = sum(int(by.get((pid, m), 0)) for m in ("parents", "children"))
        if parts > row.support_group_participants:
            problems.append(
                Problem(
                    proj_file,
                    None,
                    "support_group_participants",
                    f"{pid}: {row.support_group_participants}",
                    f"co najmniej tylu uczestników, ilu rodziców i dzieci podano dla projektu "
                    f"w pliku {input_file('support_groups_figures')} ({parts})",
                )
            )
    return problems


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 16, from the validated input frames."""
    projects = frames["support_groups_projects"]
    figures = frames["support_groups_figures"]
    problems = input_problems(frames)
    if problems:
        raise InputError(problems)
    led = Ledger(PREFIX)
    proj_file, fig_file = input_file("support_groups_projects"), input_file("support_groups_figures")
    labels = registry().codes["support_group_measure"]

    led.add(
        "projects",
        len(projects),
        "projekty",
        "Projekty (zajęcia grupowe) dla rodzin zrealizowane w roku",
        "liczba wierszy pliku projektów",
        f"{proj_file}: wszystkie wiersze",
        rows_of(projects, "support_groups_projects"),
    )
    out = []
    for number, row in enumerate(projects.itertuples(index=False), start=1):
        pid = row.support_group_project_id
        name = row.support_group_project_name
        key = project_key(number, "participants")
        led.add(
            key,
            int(row.support_group_participants),
            "osoby",
            f"Uczestnicy projektu „{name}”",
            "wartość podana przez ośrodek",
            f"{proj_file}: support_group_project_id = {pid}",
            {proj_file: [pid]},
        )
        mine = figures[figures["support_group_project_id"] == pid]
        extra = {}
        for code in labels:  # in the order of the code list
            hit = mine[mine["support_group_measure"] == code]
            if hit.empty:
                continue
            fkey = project_key(number, code)
            led.add(
                fkey,
                int(hit["support_group_value"].iloc[0]),
                MEASURE_UNITS[code],
                f"Projekt „{name}”: {labels[code].label_pl}",
                "wartość podana przez ośrodek",
                f"{fig_file}: support_group_project_id = {pid}, support_group_measure = {code}",
                rows_of(hit, "support_groups_figures"),
            )
            extra[code] = fkey
        out.append(
            Project(
                number,
                name,
                row.support_group_date_from,
                row.support_group_date_to,
                row.support_group_addressees,
                row.support_group_aim,
                row.support_group_scope,
                row.support_group_description,
                key,
                extra,
            )
        )
    led.add(
        "participants_total",
        int(projects["support_group_participants"].sum()),
        "osoby",
        "Uczestnicy wszystkich projektów razem (osoba biorąca udział w kilku projektach liczona w każdym)",
        "suma kolumny support_group_participants",
        f"{proj_file}: wszystkie wiersze",
        rows_of(projects, "support_groups_projects"),
    )
    return Chapter(year, led, tuple(out))


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
