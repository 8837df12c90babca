"""Chapters 9 and 10 (foster care) on small inline registers."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from sprawozdanie.chapters import foster_care_cofinancing as cof
from sprawozdanie.chapters import foster_care_families as fam
from sprawozdanie.errors import InputError

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
COLS = [
    "foster_care_placement_id",
    "foster_care_child_id",
    "foster_care_family_id",
    "foster_care_type",
    "foster_care_stay_start",
    "foster_care_placement_start",
    "foster_care_placement_end",
    "foster_care_end_reason",
    "foster_care_family_support",
    "foster_care_cofinancing_gr",
]

REGISTER = [
    # placement, child, family, type, stay start, placement start, end, reason, support, grosze
    ("P1", "C1", "F1", "foster_family", D(2025, 3, 1), D(2025, 3, 1), None, None, "none", 10001),
    ("P2", "C2", "F1", "foster_family", D(2025, 3, 1), D(2025, 3, 1), None, None, "none", 10002),
    (
        "P3",
        "C3",
        "F2",
        "institution",
        D(2024, 5, 1),
        D(2024, 5, 1),
        D(2025, 6, 30),
        "returned_to_family",
        "family_assistant",
        30003,
    ),
    (
        "P4",
        "C4",
        "F3",
        "foster_family",
        D(2019, 1, 1),
        D(2019, 1, 1),
        D(2025, 2, 28),
        "transferred",
        "social_work",
        5004,
    ),
    (
        "P5",
        "C4",
        "F3",
        "institution",
        D(2019, 1, 1),
        D(2025, 3, 1),
        D(2025, 9, 30),
        "returned_to_family",
        "social_work",
        20005,
    ),
    ("P6", "C5", "F4", "foster_family", D(2015, 1, 1), D(2015, 1, 1), D(2025, 4, 30), "adulthood", "none", 7006),
    ("P7", "C6", "F5", "institution", D(2020, 1, 1), D(2020, 1, 1), None, None, "family_assistant", 40007),
    (
        "P8",
        "C7",
        "F6",
        "foster_family",
        D(2021, 1, 1),
        D(2021, 1, 1),
        D(2025, 8, 1),
        "moved_municipality",
        "none",
        3008,
    ),
]


def register(rows=REGISTER):
    return pd.DataFrame(list(rows), columns=COLS)


def fam_frames(rows=REGISTER, contacts=9, camp=0):
    return {
        "foster_care_placements": register(rows),
        "foster_care_aggregates": pd.DataFrame(
            {
                "foster_care_indicator": ["coordinator_contacts", "summer_camp_children"],
                "foster_care_value": [contacts, camp],
            }
        ),
        "foster_care_cooperation": pd.DataFrame(
            {
                "foster_care_partner_with": ["z Partnerem"],
                "foster_care_cooperation_kind": ["project"],
                "foster_care_cooperation_subject": ["projekt"],
                "foster_care_cooperation_since": [2024],
                "foster_care_cooperation_forms": ["porady; warsztaty ;"],
            }
        ),
    }


def v(ch, key):
    return ch.ledger[key].value


@pytest.fixture()
def cofinancing():
    return cof.compute({"foster_care_placements": register()}, 2025)


@pytest.fixture()
def families():
    return fam.compute(fam_frames(), 2025)


def test_children_are_distinct_children_types_count_each_type(cofinancing):
    assert v(cofinancing, "children_cofinanced") == 7
    assert v(cofinancing, "children_foster_family") == 5  # C1, C2, C4 (first placement), C5, C7
    assert v(cofinancing, "children_institution") == 3  # C3, C4 (after the move), C6
    assert v(cofinancing, "children_in_both_types") == 1
    assert (
        v(cofinancing, "children_moved_to_institution") == 1 and v(cofinancing, "children_moved_to_foster_family") == 0
    )
    assert v(cofinancing, "children_foster_family") + v(cofinancing, "children_institution") == (
        v(cofinancing, "children_cofinanced") + v(cofinancing, "children_in_both_types")
    )


def test_year_of_stay_by_calendar_year_of_first_placement(cofinancing):
    assert (
        v(cofinancing, "children_year1"),
        v(cofinancing, "children_year2"),
        v(cofinancing, "children_year3plus"),
    ) == (2, 1, 4)
    assert (v(cofinancing, "share_year1"), v(cofinancing, "share_year2"), v(cofinancing, "share_year3plus")) == (
        10,
        30,
        50,
    )


def test_costs_are_exact_grosze_by_type(cofinancing):
    assert v(cofinancing, "cost_foster_family") == 10001 + 10002 + 5004 + 7006 + 3008
    assert v(cofinancing, "cost_institution") == 30003 + 20005 + 40007
    assert v(cofinancing, "cost_total") == v(cofinancing, "cost_foster_family") + v(cofinancing, "cost_institution")
    assert isinstance(v(cofinancing, "cost_total"), int)


def test_prior_year_figures_only_when_given(cofinancing):
    assert "prior.children_cofinanced" not in cofinancing.ledger and not cofinancing.has_prior
    prior = [r for r in REGISTER if r[0] in ("P4", "P5", "P6")]
    prior = [
        (
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6] if r[7] == "transferred" else None,
            "transferred" if r[7] == "transferred" else None,
            r[8],
            100,
        )
        for r in prior
    ]
    prior[0] = prior[0][:6] + (D(2024, 6, 30), "transferred") + prior[0][8:]
    prior[1] = prior[1][:5] + (D(2024, 7, 1),) + prior[1][6:]
    ch = cof.compute({"foster_care_placements": register()}, 2025, {"foster_care_placements": register(prior)})
    assert ch.has_prior
    assert v(ch, "prior.children_cofinanced") == 2 and v(ch, "prior.children_in_both_types") == 1
    assert v(ch, "prior.cost_total") == 300
    assert "(rok 2024)" in ch.ledger["prior.cost_total"].label_pl


def test_build_reads_the_prior_register_only_when_present(tmp_path):
    data = ROOT / "data" / "2025"
    assert not cof.build(data, 2025, tmp_path / "missing").has_prior
    assert not cof.build(data, 2025, tmp_path).has_prior  # folder without the register
    ch = cof.build(data, 2025, ROOT / "data" / "2024")
    assert ch.has_prior and v(ch, "prior.children_cofinanced") == 61
    assert v(ch, "prior.children_foster_family") + v(ch, "prior.children_institution") == 63


def test_movements_of_children(families):
    assert v(families, "children_in_care") == 7
    assert v(families, "placed") == 2 and v(families, "placed_families") == 1
    assert v(families, "left") == 4  # C3, C4 (after its transfer), C5, C7
    assert v(families, "left_returned_to_family") == 2 and v(families, "returned_families") == 2
    assert (
        v(families, "left_adulthood") == 1
        and v(families, "left_moved_municipality") == 1
        and v(families, "left_other") == 0
    )
    assert v(families, "at_year_end") == 3
    assert v(families, "left") + v(families, "at_year_end") == v(families, "children_in_care")


def test_work_with_families(families):
    assert v(families, "returned_families_family_assistant") == 1  # F2
    assert v(families, "returned_families_social_work") == 1  # F3
    assert v(families, "assistant_families_child_in_care") == 1  # F5
    assert v(families, "coordinator_contacts") == 9 and v(families, "summer_camp_children") == 0
    assert families.cooperation[0].forms == ("porady", "warsztaty") and families.cooperation[0].since == 2024


def test_one_child_register():
    one = [("P1", "C1", "F1", "institution", D(2023, 1, 1), D(2023, 1, 1), None, None, "none", 1)]
    ch = cof.compute({"foster_care_placements": register(one)}, 2025)
    assert v(ch, "children_cofinanced") == 1 and v(ch, "children_year3plus") == 1 and v(ch, "cost_total") == 1
    ch9 = fam.compute(fam_frames(one), 2025)
    assert v(ch9, "left") == 0 and v(ch9, "at_year_end") == 1 and v(ch9, "placed") == 0


def test_empty_register_gives_zeros_not_errors():
    ch = cof.compute({"foster_care_placements": register([])}, 2025)
    assert v(ch, "children_cofinanced") == 0 and v(ch, "cost_total") == 0 and v(ch, "children_in_both_types") == 0
    ch9 = fam.compute(fam_frames([]), 2025)
    assert v(ch9, "children_in_care") == 0 and v(ch9, "left") == 0 and v(ch9, "placed_families") == 0


@pytest.mark.parametrize(
    "change, column",
    [
        # placement starting before the child's first placement
        (lambda r: r[:5] + (D(2014, 1, 1),) + r[6:], "foster_care_stay_start, foster_care_placement_start"),
        # an end date without a reason
        (lambda r: r[:6] + (D(2025, 5, 1), None) + r[8:], "foster_care_placement_end, foster_care_end_reason"),
        # "transferred" on the child's last placement
        (lambda r: r[:6] + (D(2025, 5, 1), "transferred") + r[8:], "foster_care_child_id, foster_care_end_reason"),
    ],
)
def test_bad_register_rows_are_named(change, column):
    rows = list(REGISTER)
    rows[5] = change(rows[5])  # P6, spreadsheet row 7
    with pytest.raises(InputError) as err:
        cof.compute({"foster_care_placements": register(rows)}, 2025)
    assert any(p.row == 7 and p.column == column for p in err.value.problems), err.value


def test_overlapping_placements_and_inconsistent_family_are_errors():
    rows = list(REGISTER)
    rows[4] = rows[4][:5] + (D(2025, 2, 1),) + rows[4][6:]  # P5 starts before P4 ends
    rows[1] = rows[1][:2] + ("F9",) + rows[1][3:8] + ("family_assistant",) + rows[1][9:]  # C2 in another family
    with pytest.raises(InputError) as err:
        cof.compute({"foster_care_placements": register(rows)}, 2025)
    columns = {(p.row, p.column) for p in err.value.problems}
    assert (6, "foster_care_child_id, foster_care_placement_start") in columns
    rows = list(REGISTER)
    rows[1] = rows[1][:8] + ("family_assistant",) + rows[1][9:]  # F1 with two kinds of support
    with pytest.raises(InputError) as err:
        cof.compute({"foster_care_placements": register(rows)}, 2025)
    assert {p.column for p in err.value.problems} == {"foster_care_family_id, foster_care_family_support"}
