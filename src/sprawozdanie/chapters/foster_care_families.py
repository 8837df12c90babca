"""Chapter 9: work with the biological families of children placed in foster care.

The children's movements (placed, left and why, still in care on 31 December) come from the
foster-care register (see ``foster_care_cofinancing``), counted per child; the work with their
families from the register's ``foster_care_family_support`` (one value per family). Contacts
with foster-care coordinators and the children on a summer camp are aggregates reported by the
office; cooperation partners are a list in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import Ledger
from ..load import load_inputs
from ..schema import registry
from .common import input_file, record_aggregates, rows_of
from .foster_care_cofinancing import check_register, children, placements_of

TABLES = ["foster_care_placements", "foster_care_aggregates", "foster_care_cooperation"]
PREFIX = "foster_care_families"
HEADLINES = ()  # the prior year has no aggregates for this chapter, so nothing to compare
LEAVING_REASONS = ("returned_to_family", "adulthood", "moved_municipality", "other")


@dataclass(frozen=True)
class Cooperation:
    partner: str  # in the instrumental case ("z kim?")
    kind: str
    subject: str
    since: int
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    """What the chapter's notebook displays: the ledger and the cooperation partners."""

    year: int
    ledger: Ledger
    cooperation: tuple[Cooperation, ...]


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 9, from the validated input frames."""
    placements = frames["foster_care_placements"]
    check_register(placements)
    led = Ledger(PREFIX)
    file = input_file("foster_care_placements")
    per_child = children(placements)

    def rows_in(kids: pd.DataFrame) -> dict[str, list[str]]:
        return rows_of(placements_of(placements, kids["child"]), "foster_care_placements")

    led.add(
        "children_in_care",
        len(per_child),
        "dzieci",
        "Dzieci z gminy przebywające w roku w pieczy zastępczej",
        "liczba różnych dzieci w rejestrze pobytów współfinansowanych przez gminę",
        f"{file}: foster_care_child_id",
        rows_in(per_child),
    )
    placed = per_child[per_child["stay_start"].map(lambda d: d.year == year)] if len(per_child) else per_child
    led.add(
        "placed",
        len(placed),
        "dzieci",
        "Dzieci umieszczone w pieczy zastępczej w roku",
        "liczba dzieci, których pierwsze umieszczenie w pieczy przypada w roku sprawozdawczym",
        f"{file}: foster_care_stay_start w {year}",
        rows_in(placed),
    )
    led.add(
        "placed_families",
        int(placed["family"].nunique()),
        "rodziny",
        "Rodziny, z których dzieci umieszczono w pieczy zastępczej w roku",
        "liczba różnych rodzin dzieci umieszczonych w roku",
        f"{file}: foster_care_family_id, foster_care_stay_start w {year}",
        rows_in(placed),
    )

    left = per_child[~per_child["in_care_at_year_end"].astype(bool)]
    led.add(
        "left",
        len(left),
        "dzieci",
        "Dzieci, które opuściły pieczę zastępczą w roku",
        "liczba dzieci, których ostatni pobyt w roku zakończył się (inaczej niż przeniesieniem)",
        f"{file}: foster_care_placement_end niepuste w ostatnim pobycie dziecka",
        rows_in(left),
    )
    codes = registry().codes["foster_care_end_reason"]
    for reason in LEAVING_REASONS:
        n = int((left["end_reason"] == reason).sum())
        led.add(
            f"left_{reason}",
            n,
            "dzieci",
            f"Opuszczenie pieczy: {codes[reason].label_pl}",
            f"liczba dzieci z ostatnim pobytem zakończonym z przyczyną {reason}",
            f"{file}: foster_care_end_reason = {reason}",
            rows_in(left[left["end_reason"] == reason]),
        )
    returned = left[left["end_reason"] == "returned_to_family"]
    returned_families = returned.drop_duplicates("family")
    led.add(
        "returned_families",
        len(returned_families),
        "rodziny",
        "Rodziny, do których dzieci powróciły z pieczy w roku",
        "liczba różnych rodzin dzieci, które powróciły do rodziny",
        f"{file}: foster_care_end_reason = returned_to_family",
        rows_in(returned),
    )
    for support, label in [
        ("family_assistant", "pracował asystent rodziny"),
        ("social_work", "prowadzono pracę socjalną"),
    ]:
        led.add(
            f"returned_families_{support}",
            int((returned_families["support"] == support).sum()),
            "rodziny",
            f"Rodziny, do których dzieci powróciły, z którymi w roku {label}",
            f"liczba tych rodzin z foster_care_family_support = {support}",
            f"{file}: foster_care_end_reason = returned_to_family, foster_care_family_support = {support}",
            rows_in(
                returned[
                    returned["family"].isin(returned_families.loc[returned_families["support"] == support, "family"])
                ]
            ),
        )
    still = per_child[per_child["in_care_at_year_end"].astype(bool)]
    led.add(
        "at_year_end",
        len(still),
        "dzieci",
        f"Dzieci przebywające w pieczy zastępczej na dzień 31 grudnia {year}",
        "liczba dzieci z pobytem bez daty zakończenia",
        f"{file}: foster_care_placement_end puste",
        rows_in(still),
    )
    assisted_children = still[still["support"] == "family_assistant"]
    assisted = assisted_children["family"].nunique()
    led.add(
        "assistant_families_child_in_care",
        int(assisted),
        "rodziny",
        f"Rodziny, z którymi pracował asystent rodziny, a których dziecko pozostawało w pieczy na 31 grudnia {year}",
        "liczba różnych rodzin dzieci w pieczy na koniec roku z foster_care_family_support = family_assistant",
        f"{file}: foster_care_placement_end puste, foster_care_family_support = family_assistant",
        rows_in(assisted_children),
    )
    led.add(
        "assistant_children_in_care",
        len(assisted_children),
        "dzieci",
        f"Dzieci tych rodzin, które pozostawały w pieczy na 31 grudnia {year}",
        "liczba dzieci w pieczy na koniec roku z foster_care_family_support = family_assistant",
        f"{file}: foster_care_placement_end puste, foster_care_family_support = family_assistant",
        rows_in(assisted_children),
    )

    record_aggregates(
        led,
        frames["foster_care_aggregates"],
        "foster_care_aggregates",
        "foster_care_indicator",
        "foster_care_value",
        lambda code: "kontakty" if code == "coordinator_contacts" else "dzieci",
    )

    coop = tuple(
        Cooperation(
            r.foster_care_partner_with,
            r.foster_care_cooperation_kind,
            r.foster_care_cooperation_subject,
            int(r.foster_care_cooperation_since),
            tuple(f.strip() for f in (r.foster_care_cooperation_forms or "").split(";") if f.strip()),
        )
        for r in frames["foster_care_cooperation"].itertuples(index=False)
    )
    return Chapter(year, led, coop)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
