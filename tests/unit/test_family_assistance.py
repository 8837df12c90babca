"""Chapter 1 computations on small inline registers."""

import datetime as dt
import re
from fractions import Fraction

import pandas as pd
import pytest

from sprawozdanie.chapters.family_assistance import compute
from sprawozdanie.params import EndReasonGroup

D = dt.date


def frames(cases_rows, monitoring_rows=(), contacts=(("Szkoły", 5), ("Sąd", 7)), payments=((400000,),)):
    cols = [
        "case_id",
        "family_id",
        "assistant_id",
        "start_date",
        "end_date",
        "end_reason",
        "court_ordered",
        "minor_children",
        "children_in_foster_care",
        "za_zyciem",
    ]
    cases = pd.DataFrame(cases_rows, columns=cols)
    monitoring = pd.DataFrame(
        list(monitoring_rows), columns=["case_id", "work_end_date", "end_reason", "monitoring_start_date"]
    )
    return {
        "family_assistance_cases": cases,
        "family_assistance_monitoring": monitoring,
        "family_assistance_contacts": pd.DataFrame(list(contacts), columns=["institution", "contacts"]),
        "family_assistance_aggregates": pd.DataFrame(
            {
                "indicator": ["team_meetings", "team_meetings_new_families", "za_zyciem_applications"],
                "value": [10, 2, 0],
            }
        ),
        "za_zyciem_payments": pd.DataFrame(
            {
                "payment_id": [f"P{i}" for i in range(len(payments))],
                "family_id": [f"F{i}" for i in range(len(payments))],
                "payment_date": [D(2025, 5, 1)] * len(payments),
                "amount_gr": [p[0] for p in payments],
            }
        ),
    }


CASES = [
    # case, family, assistant, start, end, reason, court, kids, foster, za_zyciem
    ("C1", "F1", "A1", D(2024, 1, 1), D(2025, 3, 31), "refusal", False, 2, True, False),
    ("C2", "F1", "A2", D(2025, 5, 1), None, None, True, 2, True, False),  # same family, restarted by court
    ("C3", "F2", "A1", D(2025, 10, 1), D(2025, 12, 31), "goals_achieved", True, 3, False, False),
    ("C4", "F3", "A2", D(2025, 1, 1), None, None, False, 1, False, True),
    ("C5", "F4", "A1", D(2023, 6, 1), D(2025, 6, 30), "moved_away", False, 4, False, False),
]


@pytest.fixture()
def ch():
    mon = [
        ("C3", D(2025, 12, 31), "goals_achieved", D(2026 - 1, 12, 31)),
        ("OLD", D(2024, 9, 30), "goals_achieved", D(2024, 10, 1)),
    ]
    return compute(frames(CASES, mon), 2025)


def v(ch, key):
    return ch.ledger[key].value


def test_families_are_unique_family_ids_not_cases(ch):
    assert v(ch, "cases") == 5
    assert v(ch, "families") == 4
    assert v(ch, "families_restarted") == 1


def test_ended_and_open_count_cases(ch):
    assert v(ch, "ended") == 3 and v(ch, "open") == 2
    assert v(ch, "ended") + v(ch, "open") == v(ch, "cases")


def test_children_are_counted_once_per_family(ch):
    assert v(ch, "children") == 2 + 3 + 1 + 4
    assert v(ch, "open_children") == 2 + 1


def test_court_and_foster_count_families(ch):
    assert v(ch, "court_ordered") == 2  # F1 (its second case) and F2
    assert v(ch, "foster_care_families") == 1
    assert v(ch, "open_court") == 1 and v(ch, "open_voluntary") == 1


def test_end_reasons_add_up(ch):
    assert v(ch, "ended_refusal") == 1 and v(ch, "ended_moved_away") == 1
    parts = ["goals_achieved", "refusal", "moved_away", "no_effects", "other"]
    assert sum(v(ch, f"ended_{p}") for p in parts) == v(ch, "ended")


def test_each_reason_is_its_own_row_unless_the_office_groups_them(ch):
    """No office's grouping is the tool's: without params, a move is not counted as a refusal."""
    assert [r.id for r in ch.end_rows] == [
        f"ended_{c}" for c in ("goals_achieved", "refusal", "moved_away", "no_effects", "other")
    ]
    assert "family_assistance.ended_refusal_or_moved_away" not in {x.id for x in ch.ledger}
    mon = [("C3", D(2025, 12, 31), "goals_achieved", D(2025, 12, 31))]
    group = EndReasonGroup(codes=["moved_away", "refusal"], label="przeprowadzka lub odmowa")
    grouped = compute(frames(CASES, mon), 2025, [group])
    row = next(r for r in grouped.end_rows if r.codes == ("moved_away", "refusal"))
    assert v(grouped, row.id) == 2 and row.label == "przeprowadzka lub odmowa"
    assert row.phrase.startswith("z powodu zmiany miejsca zamieszkania")  # its first reason's words
    # the others joined to it, sharing its "z powodu", each with its own label for its count
    assert row.parts == (
        (
            "ended_refusal",
            "odmowy współpracy lub braku zgody rodziny na dalszą współpracę",
            "odmowa współpracy lub brak zgody rodziny na dalszą współpracę",
        ),
    )
    # placed where its first code stands in the code list; the other reasons keep their rows
    assert [r.id for r in grouped.end_rows] == [
        "ended_goals_achieved",
        "ended_moved_away_or_refusal",
        "ended_no_effects",
        "ended_other",
    ]


@pytest.mark.parametrize(
    "groups, message",
    [
        ([{"codes": ["refusal"], "label": "x"}], "end_reason_groups.0.codes"),
        ([{"codes": ["refusal", "wyjazd"], "label": "x"}], "nieznany kod przyczyny zakończenia pracy: wyjazd"),
        (
            [{"codes": ["refusal", "other"], "label": "x"}, {"codes": ["other", "no_effects"], "label": "y"}],
            "kod other należy do więcej niż jednej grupy",
        ),
        ([{"codes": ["refusal", "other"], "label": "x", "etykieta": "y"}], "dozwolone tu pola: codes, label, phrase"),
    ],
)
def test_a_wrong_group_in_the_params_is_named(tmp_path, groups, message):
    import yaml

    from sprawozdanie.errors import ReportError
    from sprawozdanie.params import load_params
    from tests.conftest import ROOT

    raw = yaml.safe_load((ROOT / "params" / "2025.yml").read_text(encoding="utf-8"))
    raw["end_reason_groups"] = groups
    (tmp_path / "2025.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        load_params(tmp_path / "2025.yml", 2025)


def test_durations_sum_a_familys_cases(ch):
    months = dict(zip(ch.durations["family_id"], ch.durations["months"]))
    assert months["F1"] == Fraction(15) + Fraction(8)  # 2024-01..2025-03 and 2025-05..2025-12
    assert months["F2"] == Fraction(3)
    assert months["F3"] == Fraction(12)
    assert months["F4"] == Fraction(25)
    assert (v(ch, "duration_up_to_3"), v(ch, "duration_3_to_12"), v(ch, "duration_over_12")) == (1, 1, 2)
    assert v(ch, "duration_mean_months") == Fraction(23 + 3 + 12 + 25, 4)


def test_monitoring_split_by_year_of_end(ch):
    assert v(ch, "monitored") == 2
    assert v(ch, "monitored_ended_prior_year") == 1 and v(ch, "monitored_ended_this_year") == 1
    assert ch.monitored_prior_years == (2024,)  # the text names the year: "w 2024 r."


def test_monitored_families_ended_in_several_earlier_years_are_dated_before_the_year():
    mon = [
        ("A", D(2023, 5, 31), "goals_achieved", D(2023, 6, 1)),
        ("B", D(2024, 9, 30), "goals_achieved", D(2024, 10, 1)),
        ("C", D(2025, 3, 31), "goals_achieved", D(2025, 4, 1)),
    ]
    ch = compute(frames(CASES, mon), 2025)
    assert ch.monitored_prior_years == (2023, 2024)  # "przed 2025 r."


def test_money_is_integer_grosze_and_single_amount_only_when_equal():
    ch = compute(frames(CASES, payments=((400000,), (400000,))), 2025)
    assert v(ch, "za_zyciem_amount") == 800000 and isinstance(v(ch, "za_zyciem_amount"), int)
    assert v(ch, "za_zyciem_single_amount") == 400000
    ch2 = compute(frames(CASES, payments=((400000,), (150050,))), 2025)
    assert v(ch2, "za_zyciem_amount") == 550050
    assert "za_zyciem_single_amount" not in ch2.ledger


def test_contacts_total_is_sum_of_rows(ch):
    assert v(ch, "contacts_total") == 12
    assert list(ch.contacts["ledger_id"]) == ["family_assistance.contacts.01", "family_assistance.contacts.02"]


def test_empty_register_gives_zeros_not_errors():
    ch = compute(frames([]), 2025)
    assert v(ch, "families") == 0 and v(ch, "ended") == 0 and v(ch, "duration_mean_months") == 0


def test_build_reads_the_year_s_inputs_and_hands_on_the_groups():
    """``build`` is ``compute`` on the year folder's validated inputs, with the params' groups."""
    from pathlib import Path

    from sprawozdanie.chapters import family_assistance
    from sprawozdanie.load import load_inputs

    data = Path(__file__).resolve().parents[2] / "data" / "2025"
    group = EndReasonGroup(codes=["moved_away", "refusal"], label="przeprowadzka lub odmowa")
    built = family_assistance.build(data, 2025, [group])
    computed = compute(load_inputs(data, 2025, family_assistance.TABLES), 2025, [group])
    assert built.ledger.records() == computed.ledger.records()
    assert built.ledger.records() != family_assistance.build(data, 2025).ledger.records()  # the groups count
    assert built.year == 2025
