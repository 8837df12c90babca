"""Chapter 21: funding received for family-support tasks and the amounts spent (exact, in grosze)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from .common import input_file, rows_of

TABLES = ["funding_grants"]

PREFIX = "funding"
HEADLINES = ("granted_total", "spent_total")


@dataclass(frozen=True)
class Component:
    """One purpose of a grant, with the ledger ids of its amounts."""

    purpose: str
    granted_id: str
    spent_id: str


@dataclass(frozen=True)
class Programme:
    """A grant programme: its name, source and basis, its components and (when it has several)
    the ledger ids of its totals."""

    name: str
    source: str
    basis: str | None
    components: list[Component]
    granted_id: str | None
    spent_id: str | None
    in_frame: str = ""  # the words after "w ramach" (see ``in_frame``)


def in_frame(name: str, genitive: str | None) -> str:
    """What follows "w ramach": the office's genitive of the name when it gives one, else the
    word "programu" and the name in quotation marks (a quoted title keeps its own form).

    >>> in_frame("„Program asystent rodziny na rok 2026”", None)
    'programu „Program asystent rodziny na rok 2026”'
    >>> in_frame("Korpus Wsparcia Seniorów", None)
    'programu „Korpus Wsparcia Seniorów”'
    >>> in_frame("„Program asystent rodziny”", "Programu „Asystent rodziny”")
    'Programu „Asystent rodziny”'
    """
    if genitive:
        return genitive
    quoted = name if name.startswith(("„", '"')) else f"„{name}”"
    return f"programu {quoted}"


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    programmes: list[Programme]


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 21, from the validated input frames."""
    grants = frames["funding_grants"]
    led = Ledger(PREFIX)
    file = input_file("funding_grants")

    programmes = []
    # Programmes in order of first appearance; their rows are the grant's components.
    for p_index, name in enumerate(dict.fromkeys(grants["funding_programme"]), start=1):
        rows = grants[grants["funding_programme"] == name]
        components = []
        for r in rows.itertuples(index=False):
            key = r.funding_component
            g = led.add(
                f"granted.{key}",
                int(r.funding_granted_gr),
                MONEY,
                f"Dofinansowanie otrzymane: {r.funding_purpose}",
                "wartość podana przez ośrodek",
                f"{file}: funding_component = {key}, funding_granted_zl",
                {file: [key]},
            )
            s = led.add(
                f"spent.{key}",
                int(r.funding_spent_gr),
                MONEY,
                f"Dofinansowanie wykorzystane: {r.funding_purpose}",
                "wartość podana przez ośrodek",
                f"{file}: funding_component = {key}, funding_spent_zl",
                {file: [key]},
            )
            components.append(Component(r.funding_purpose, g.id, s.id))
        granted_id = spent_id = None
        if len(rows) > 1:
            granted_id = led.add(
                f"programme_granted.{p_index:02d}",
                int(rows["funding_granted_gr"].sum()),
                MONEY,
                f"Dofinansowanie otrzymane z programu {name}",
                "suma funding_granted_zl pozycji programu",
                f"{file}: funding_programme = {name}",
                rows_of(rows, "funding_grants"),
            ).id
            spent_id = led.add(
                f"programme_spent.{p_index:02d}",
                int(rows["funding_spent_gr"].sum()),
                MONEY,
                f"Dofinansowanie wykorzystane z programu {name}",
                "suma funding_spent_zl pozycji programu",
                f"{file}: funding_programme = {name}",
                rows_of(rows, "funding_grants"),
            ).id
        first = rows.iloc[0]
        basis = first["funding_basis"] if isinstance(first["funding_basis"], str) else None
        genitive = getattr(first, "funding_programme_genitive", None)  # (an optional column)
        programmes.append(
            Programme(
                name,
                first["funding_source"],
                basis,
                components,
                granted_id,
                spent_id,
                in_frame(name, genitive if isinstance(genitive, str) else None),
            )
        )

    led.add(
        "granted_total",
        int(grants["funding_granted_gr"].sum()),
        MONEY,
        "Dofinansowanie zadań z zakresu wspierania rodziny otrzymane w ciągu roku – łącznie",
        "suma kolumny funding_granted_zl",
        f"{file}: wszystkie wiersze",
        rows_of(grants, "funding_grants"),
    )
    led.add(
        "spent_total",
        int(grants["funding_spent_gr"].sum()),
        MONEY,
        "Dofinansowanie zadań z zakresu wspierania rodziny wykorzystane w ciągu roku – łącznie",
        "suma kolumny funding_spent_zl",
        f"{file}: wszystkie wiersze",
        rows_of(grants, "funding_grants"),
    )
    return Chapter(year, led, programmes)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
