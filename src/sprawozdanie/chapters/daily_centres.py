"""Chapter 18: daily support centres (the table of centres and their descriptions).

The chapter prints the sums of the office's list of centres. An office may also keep totals
apart from the list (``daily_centres_totals.csv``: the number of centres, of children); they
are recorded as given, never derived from the list, and the checks compare them with the
list's sums (rules/daily_centres.yml), so that a difference is shown to be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from ..schema import registry
from .common import input_file, rows_of

TABLES = ["daily_centres", "daily_centres_figures", "daily_centres_totals", "daily_centres_spending"]

PREFIX = "daily_centres"
# The chapter's figure in the report's summary ("Najważniejsze liczby").
HEADLINES = ("spending",)

MEASURE_UNITS = {"places": "miejsca", "age_from": "lata", "age_to": "lata"}


@dataclass(frozen=True)
class Centre:
    """One centre as the notebook shows it; numbers are ledger keys, never values."""

    number: int
    type: str
    name: str
    address: str
    operator: str
    description: str
    children: str  # ledger key
    figures: dict[str, str] = field(default_factory=dict)  # measure code -> ledger key


@dataclass(frozen=True)
class CentreType:
    """A row group of Tabela nr 10: one form of centre and its centres, in table order."""

    code: str
    label: str
    count: str  # ledger key
    centres: tuple[Centre, ...]


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    centres: tuple[Centre, ...]
    types: tuple[CentreType, ...]  # only the forms that have a centre
    sources: tuple[str, ...]  # where the figures come from (as given in the spending file)

    def table_rows(self) -> list[tuple[str, str | None, Centre]]:
        """Rows of Tabela nr 10: (form label, ledger key of the form's count, centre); the
        label and count are given on the first row of each form only (blank below it)."""
        return [
            (g.label if i == 0 else "", g.count if i == 0 else None, c)
            for g in self.types
            for i, c in enumerate(g.centres)
        ]


def centre_key(number: int, what: str) -> str:
    """Ledger key of a centre's figure.

    >>> centre_key(4, "children")
    'children.centre_04'
    """
    return f"{what}.centre_{number:02d}"


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 18, from the validated input frames."""
    centres = frames["daily_centres"]
    figures = frames["daily_centres_figures"]
    spending = frames["daily_centres_spending"]
    unknown = sorted(set(figures["daily_centre_id"]) - set(centres["daily_centre_id"]))
    if unknown:
        raise ValueError(
            f"{input_file('daily_centres_figures')}: placówki spoza pliku {input_file('daily_centres')}: {unknown}"
        )
    led = Ledger(PREFIX)
    c_file, f_file, s_file = (
        input_file("daily_centres"),
        input_file("daily_centres_figures"),
        input_file("daily_centres_spending"),
    )
    type_codes = registry().codes["daily_centre_type"]
    measure_codes = registry().codes["daily_centre_measure"]

    # --- each centre (Tabela nr 10 and the descriptions) ------------------------------
    out = []
    for number, row in enumerate(centres.itertuples(index=False), start=1):
        cid = row.daily_centre_id
        key = centre_key(number, "children")
        led.add(
            key,
            int(row.daily_centre_children),
            "dzieci",
            f"Dzieci, które skorzystały ze wsparcia placówki: {row.daily_centre_name}",
            "wartość z wykazu placówek (pliku daily_centres.csv)",
            f"{c_file}: daily_centre_id = {cid}",
            rows_of(centres[centres["daily_centre_id"] == cid], "daily_centres"),
        )
        mine = figures[figures["daily_centre_id"] == cid]
        extra = {}
        for code, c in measure_codes.items():
            hit = mine[mine["daily_centre_measure"] == code]
            if hit.empty:
                continue
            fkey = centre_key(number, code)
            led.add(
                fkey,
                int(hit["daily_centre_value"].iloc[0]),
                MEASURE_UNITS[code],
                f"{row.daily_centre_name}: {c.label_pl}",
                "wartość z wykazu placówek (pliku daily_centres_figures.csv)",
                f"{f_file}: daily_centre_id = {cid}, daily_centre_measure = {code}",
                rows_of(hit, "daily_centres_figures"),
            )
            extra[code] = fkey
        out.append(
            Centre(
                number,
                row.daily_centre_type,
                row.daily_centre_name,
                row.daily_centre_address,
                row.daily_centre_operator,
                row.daily_centre_description,
                key,
                extra,
            )
        )

    # --- all centres: Tabela nr 10 ----------------------------------------------------
    led.add(
        "centres",
        len(centres),
        "placówki",
        "Placówki wsparcia dziennego wymienione w tabeli placówek",
        "liczba wierszy pliku placówek",
        f"{c_file}: wszystkie wiersze",
        rows_of(centres, "daily_centres"),
    )
    types = []
    for code, c in type_codes.items():
        members = tuple(x for x in out if x.type == code)
        tkey = f"centres_type_{code}"
        led.add(
            tkey,
            len(members),
            "placówki",
            f"Placówki wsparcia dziennego z formą „{c.label_pl}” w wykazie placówek",
            f"liczba wierszy z daily_centre_type = {code}",
            f"{c_file}: daily_centre_type = {code}",
            rows_of(centres[centres["daily_centre_type"] == code], "daily_centres"),
        )
        if members:
            types.append(CentreType(code, c.label_pl, tkey, members))
    led.add(
        "children",
        int(centres["daily_centre_children"].sum()),
        "dzieci",
        "Dzieci, które skorzystały z placówek wsparcia dziennego – suma po placówkach z tabeli placówek",
        "suma kolumny daily_centre_children (dziecko korzystające z dwóch placówek liczone dwa razy)",
        f"{c_file}: wszystkie wiersze",
        rows_of(centres, "daily_centres"),
    )

    # --- the office's own totals, when it keeps them apart from the list ------------------
    totals = frames["daily_centres_totals"]
    t_file = input_file("daily_centres_totals")
    for code, c in registry().codes["daily_centres_total_measure"].items():
        hit = totals[totals["daily_centres_total_measure"] == code]
        if hit.empty:
            continue  # not given: the rule comparing it does not apply (when_given)
        led.add(
            f"stated_{code}",
            int(hit["daily_centres_total_value"].iloc[0]),
            "placówki" if code == "centres" else "dzieci",
            f"Łączna {c.label_pl} podana w zestawieniu zbiorczym ośrodka, niezależnie od wykazu placówek",
            "wartość podana przez ośrodek",
            f"{t_file}: daily_centres_total_measure = {code}",
            rows_of(hit, "daily_centres_totals"),
        )

    # --- the municipality's spending ----------------------------------------------------
    led.add(
        "spending",
        int(spending["daily_centres_spending_gr"].sum()),
        MONEY,
        "Wydatki gminy na działalność placówek wsparcia dziennego",
        "suma kolumny daily_centres_spending_zl",
        f"{s_file}: wszystkie wiersze",
        rows_of(spending, "daily_centres_spending"),
    )
    sources = tuple(dict.fromkeys(spending["daily_centres_spending_source"]))
    return Chapter(year, led, tuple(out), tuple(types), sources)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
