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


def test_year_of_stay_counted_from_the_first_placement(cofinancing):
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


def _problems(rows) -> list[tuple]:
    with pytest.raises(InputError) as err:
        cof.check_register(register(rows))
    return [(p.file, p.row, p.column, p.found, p.expected) for p in err.value.problems]


def _with(row: tuple, **changed) -> tuple:
    return tuple(changed.get(c, value) for c, value in zip(COLS, row, strict=True))


FILE = "foster_care_placements.csv"


def test_each_rule_of_the_register_names_its_row_column_and_the_value_found():
    """Every rule broken alone: exactly one problem each (or the rows the rule concerns),
    with the spreadsheet row (the header is row 1), the columns, the value found as written."""
    r = list(REGISTER)
    early = _with(r[5], foster_care_placement_start=D(2014, 1, 1))  # P6 (row 7) before C5's first placement
    assert _problems(r[:5] + [early] + r[6:]) == [
        (FILE, 7, "foster_care_stay_start, foster_care_placement_start", "2014-01-01",
         "początek pobytu w danej formie nie wcześniejszy niż pierwsze umieszczenie dziecka w pieczy"),
    ]  # fmt: skip
    backwards = _with(r[5], foster_care_placement_end=D(2014, 12, 31))
    assert _problems(r[:5] + [backwards] + r[6:]) == [
        (FILE, 7, "foster_care_placement_start, foster_care_placement_end", "2014-12-31",
         "data zakończenia nie wcześniejsza niż data rozpoczęcia"),
    ]  # fmt: skip
    no_reason = _with(r[5], foster_care_end_reason=None)
    reason_open = _with(r[6], foster_care_end_reason="adulthood")  # P7 (row 8) is open
    assert _problems(r[:5] + [no_reason, reason_open] + r[7:]) == [
        (FILE, 7, "foster_care_placement_end, foster_care_end_reason", None,
         "przyczyna zakończenia podana wtedy i tylko wtedy, gdy podano datę zakończenia"),
        (FILE, 8, "foster_care_placement_end, foster_care_end_reason", "adulthood",
         "przyczyna zakończenia podana wtedy i tylko wtedy, gdy podano datę zakończenia"),
    ]  # fmt: skip
    # C4 (P4 row 5, P5 row 6): its second placement with another stay start, family, support
    moved = _with(r[4], foster_care_stay_start=D(2019, 1, 2))
    assert _problems(r[:4] + [moved] + r[5:]) == [
        (FILE, 5, "foster_care_child_id, foster_care_stay_start", "2019-01-01",
         "ta sama wartość we wszystkich wierszach tego samego dziecka"),
        (FILE, 6, "foster_care_child_id, foster_care_stay_start", "2019-01-02",
         "ta sama wartość we wszystkich wierszach tego samego dziecka"),
    ]  # fmt: skip
    support = _with(r[1], foster_care_family_support="social_work")  # F1: C1 row 2, C2 row 3
    assert [(p[1], p[2], p[3]) for p in _problems([r[0], support, *r[2:]])] == [
        (2, "foster_care_family_id, foster_care_family_support", "none"),
        (3, "foster_care_family_id, foster_care_family_support", "social_work"),
    ]
    overlap = _with(r[4], foster_care_placement_start=D(2025, 2, 28))  # P5 starts on P4's last day
    assert _problems(r[:4] + [overlap] + r[5:]) == [
        (FILE, 6, "foster_care_child_id, foster_care_placement_start", "2025-02-28",
         "kolejny pobyt dziecka zaczyna się po zakończeniu poprzedniego"),
    ]  # fmt: skip
    left_then_back = _with(r[3], foster_care_end_reason="adulthood")  # P4 (row 5) not a transfer, P5 follows
    assert _problems(r[:3] + [left_then_back] + r[4:]) == [
        (FILE, 5, "foster_care_child_id, foster_care_end_reason", "adulthood",
         "pobyt, po którym dziecko ma kolejny pobyt, kończy się przeniesieniem (transferred)"),
    ]  # fmt: skip
    transferred_last = _with(r[7], foster_care_end_reason="transferred")  # P8 (row 9): nothing follows
    assert _problems(r[:7] + [transferred_last]) == [
        (FILE, 9, "foster_care_child_id, foster_care_end_reason", "transferred",
         "po przeniesieniu (transferred) wiersz kolejnego pobytu tego samego dziecka"),
    ]  # fmt: skip
    cof.check_register(register(r))  # and the register as it is has none


def test_the_office_s_aggregates_and_partners_are_recorded_as_given(families):
    assert (families.ledger["coordinator_contacts"].value, families.ledger["coordinator_contacts"].unit) == (
        9,
        "kontakty",
    )
    assert (families.ledger["summer_camp_children"].value, families.ledger["summer_camp_children"].unit) == (
        0,
        "dzieci",
    )
    assert families.year == 2025
    assert families.cooperation == (
        fam.Cooperation("z Partnerem", "project", "projekt", 2024, ("porady", "warsztaty")),
    )


def test_build_is_compute_on_the_year_s_inputs():
    from sprawozdanie.load import load_inputs

    data = ROOT / "data" / "2025"
    built = fam.build(data, 2025)
    assert built.ledger.records() == fam.compute(load_inputs(data, 2025, fam.TABLES), 2025).ledger.records()
    assert built.year == 2025 and cof.build(data, 2025).year == 2025


def test_an_overlap_names_the_later_placement_of_a_child_with_three():
    three = [
        ("Q1", "C9", "F9", "foster_family", D(2020, 1, 1), D(2020, 1, 1), D(2025, 3, 1), "transferred", "none", 1),
        ("Q2", "C9", "F9", "institution", D(2020, 1, 1), D(2025, 3, 1), D(2025, 6, 1), "transferred", "none", 1),
        ("Q3", "C9", "F9", "foster_family", D(2020, 1, 1), D(2025, 6, 2), None, None, "none", 1),
    ]  # Q2 (row 3) starts on the day Q1 ends
    assert [(p[1], p[2]) for p in _problems(three)] == [(3, "foster_care_child_id, foster_care_placement_start")]


def test_two_children_of_one_family_returned_home_are_one_family():
    rows = list(REGISTER)
    rows[1] = _with(rows[1], foster_care_placement_end=D(2025, 7, 1), foster_care_end_reason="returned_to_family")
    rows[0] = _with(rows[0], foster_care_placement_end=D(2025, 7, 1), foster_care_end_reason="returned_to_family")
    ch = fam.compute(fam_frames(rows), 2025)
    assert v(ch, "left_returned_to_family") == 4  # C1 and C2 of F1, C3 of F2, C4 of F3
    assert v(ch, "returned_families") == 3


def test_a_partner_with_no_forms_of_cooperation_has_none():
    frames = fam_frames()
    partners = frames["foster_care_cooperation"].to_dict("list")
    frames["foster_care_cooperation"] = pd.DataFrame(
        {**partners, "foster_care_cooperation_forms": [None]}, dtype=object
    )
    assert fam.compute(frames, 2025).cooperation[0].forms == ()  # an empty cell, as load gives it: None
