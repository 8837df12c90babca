"""Chapter 4: support for children of families with a family assistant (psychoeducation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file
from .legal_help import names

TABLES = ["institutions_directory", "child_support_aggregates"]
PREFIX = "child_support"
HEADLINES = ()


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    forms: pd.DataFrame  # child_support_form, label, institution (name or None), ledger_id; code-list order
    institution_names: dict[str, str]  # child_support_form → name of its institution, where it has one


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 4: children by form of support (one child may use several)."""
    agg = frames["child_support_aggregates"].set_index("child_support_form")
    directory = names(frames["institutions_directory"])
    led = Ledger(PREFIX)
    agg_file = input_file("child_support_aggregates")
    rows = []
    for code, c in registry().codes["child_support_form"].items():
        if code not in agg.index:  # a form the office did not have is a row left out: none, not shown
            led.add(
                f"children_{code}",
                0,
                "dzieci",
                f"Dzieci z rodzin objętych wsparciem asystenta rodziny: {c.label_pl}",
                "brak wiersza formy w pliku (forma nie wystąpiła)",
                f"{agg_file}: brak child_support_form = {code}",
                {agg_file: []},
            )
            continue
        inst = agg.loc[code, "institution_id"]
        inst = None if pd.isna(inst) else inst  # a blank cell: no single institution
        if inst is not None and inst not in directory:
            raise ValueError(
                f"{agg_file}: child_support_form = {code}: institution_id {inst!r} nie ma w wykazie instytucji"
            )
        v = led.add(
            f"children_{code}",
            int(agg.loc[code, "value"]),
            "dzieci",
            f"Dzieci z rodzin objętych wsparciem asystenta rodziny: {c.label_pl}",
            "wartość zbiorcza podana przez ośrodek",
            f"{agg_file}: child_support_form = {code}",
            {agg_file: [code]},
        )
        rows.append(
            {
                "child_support_form": code,
                "label": c.label_pl,
                "institution": directory.get(inst) if inst is not None else None,
                "ledger_id": v.id,
            }
        )
    # the forms' counts summed: more than the children when some child used several forms
    led.add(
        "children_in_forms",
        int(sum(int(agg.loc[r["child_support_form"], "value"]) for r in rows)),
        "dzieci",
        "Dzieci z rodzin objętych wsparciem asystenta rodziny – suma liczb w poszczególnych formach wsparcia",
        "suma wartości wszystkich form (dziecko korzystające z kilku form liczone w każdej)",
        f"{agg_file}: wszystkie wiersze",
        {agg_file: [r["child_support_form"] for r in rows]},
    )
    forms = pd.DataFrame(rows, columns=["child_support_form", "label", "institution", "ledger_id"])
    inst_names = {r["child_support_form"]: r["institution"] for r in rows if r["institution"]}
    return Chapter(year, led, forms, inst_names)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
