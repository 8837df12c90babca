"""Chapter 20 computations (programme indicators) on small inline frames."""

import datetime as dt

import pandas as pd
import pytest

from sprawozdanie.chapters.support_programme import NO_DATA_PL, compute, parse_values, table_rows
from sprawozdanie.errors import InputError

D = dt.date


def frames(
    indicators,
    goals=(("1", "Cel A"), ("2", "Cel B")),
    tasks=(("1_1", "1", "1.1.", "Zadanie A"), ("2_1", "2", "2.1.", "Zadanie B")),
):
    return {
        "programme_info": pd.DataFrame(
            [
                {
                    "programme_name": "Program X",
                    "programme_resolution": "uchwała nr I/1/2024 Rady",
                    "programme_resolution_date": D(2024, 6, 28),
                    "programme_coordinator": "Ośrodek",
                    "programme_since_year": 2012,
                    "programme_character": "profilaktyczny",
                    "programme_strategic_goal": "rozwój wsparcia",
                    "programme_survey_sent_date": D(2026, 1, 19),
                    "programme_survey_deadline": D(2026, 2, 5),
                }
            ]
        ),
        "programme_reporting": pd.DataFrame(
            {
                "programme_reporting_indicator": ["forms_sent", "forwarding_bodies", "responses"],
                "programme_reporting_value": [12, 3, 11],
            }
        ),
        "programme_goals": pd.DataFrame(list(goals), columns=["programme_goal", "programme_goal_title"]),
        "programme_tasks": pd.DataFrame(
            list(tasks), columns=["programme_task", "programme_goal", "programme_task_number", "programme_task_title"]
        ),
        "programme_indicators": pd.DataFrame(
            list(indicators),
            columns=[
                "programme_indicator_id",
                "programme_task",
                "programme_body",
                "programme_indicator",
                "programme_indicator_unit",
                "programme_indicator_status",
                "programme_indicator_value",
            ],
        ),
        "programme_aims": pd.DataFrame({"programme_aim_order": [2, 1], "programme_aim": ["drugi", "pierwszy"]}),
    }


INDICATORS = [
    ("1_1_a", "1_1", "Ośrodek", "liczba rodzin", "count", "reported", "46"),
    ("1_1_b", "1_1", "Ośrodek", "liczba dzieci", "count", "reported", "0"),
    ("1_1_c", "1_1", "Centrum", "liczba osób", "count", "no_data", None),
    ("2_1_a", "2_1", "Ośrodek", "środki", "money", "reported", "930518.87"),
]


@pytest.fixture()
def ch():
    return compute(frames(INDICATORS), 2025)


def v(ch, key):
    return ch.ledger[key].value


def test_counts_and_money_are_exact(ch):
    assert v(ch, "indicator.1_1_a") == 46
    assert v(ch, "indicator.2_1_a") == 93051887 and ch.ledger["indicator.2_1_a"].unit == "gr"
    assert v(ch, "indicator.1_1_b") == 0  # a reported zero is a value


def test_no_data_is_not_zero(ch):
    assert "indicator.1_1_c" not in ch.ledger
    rows = ch.goals[0].rows
    assert rows[2].ledger_id is None and rows[2].body == "Centrum"
    assert NO_DATA_PL == "brak danych"
    assert v(ch, "indicators_no_data") == 1 and v(ch, "indicators_reported") == 3 and v(ch, "indicators") == 4


def test_counts_by_goal(ch):
    assert [v(ch, f"goal_indicators.{g}") for g in ("1", "2")] == [3, 1]
    assert [v(ch, f"goal_no_data.{g}") for g in ("1", "2")] == [1, 0]
    assert [v(ch, f"goal_tasks.{g}") for g in ("1", "2")] == [1, 1]
    assert v(ch, "goals") == 2 and v(ch, "tasks") == 2


def test_reporting_and_texts(ch):
    assert v(ch, "reporting.forms_sent") == 12 and v(ch, "reporting.responses") == 11
    assert ch.info["resolution_date"] == "28 czerwca 2024 r." and ch.info["survey_deadline"] == "5 lutego"
    assert ch.aims == ["pierwszy", "drugi"]  # in the programme's order


def test_goal_without_indicators_has_empty_table():
    ch = compute(frames(INDICATORS[:3]), 2025)
    assert ch.goals[1].rows == [] and v(ch, "goal_indicators.2") == 0


def test_one_indicator():
    ch = compute(frames([INDICATORS[0]], goals=(("1", "Cel A"),), tasks=(("1_1", "1", "1.1.", "Zadanie A"),)), 2025)
    assert v(ch, "indicators") == 1 and v(ch, "indicators_no_data") == 0
    assert ch.goals[0].rows[0].task == "1.1. Zadanie A"


def test_task_and_body_named_once_per_run():
    rows = table_rows(
        pd.DataFrame(
            {
                "programme_task": ["1_1", "1_2"],
                "programme_task_number": ["1.1.", "1.2."],
                "programme_task_title": ["A", "B"],
            }
        ),
        pd.DataFrame(
            {
                "programme_task": ["1_1", "1_1", "1_2"],
                "programme_body": ["X", "X", "X"],
                "programme_indicator": ["a", "b", "c"],
                "ledger_id": ["i1", "i2", "i3"],
            }
        ),
    )
    assert [(r.task, r.body) for r in rows] == [("1.1. A", "X"), ("", ""), ("1.2. B", "X")]


@pytest.mark.parametrize(
    "unit, status, value, expected",
    [
        ("count", "reported", "12a", "liczba całkowita nieujemna"),
        ("count", "reported", "4.5", "liczba całkowita nieujemna"),
        ("money", "reported", "12,50", "kwota w zł z kropką"),
        ("count", "reported", None, "wartość wskaźnika"),
        ("count", "no_data", "0", "puste pole"),
    ],
)
def test_bad_values_name_file_row_and_column(unit, status, value, expected):
    df = pd.DataFrame(
        {
            "programme_indicator_unit": ["count", unit],
            "programme_indicator_status": ["reported", status],
            "programme_indicator_value": ["1", value],
        }
    )
    with pytest.raises(InputError) as err:
        parse_values(df)
    (problem,) = err.value.problems
    assert problem.file == "programme_indicators.csv" and problem.row == 3
    assert problem.column == "programme_indicator_value" and expected in problem.expected


def test_unknown_task_is_an_input_error():
    bad = [("9_9_a", "9_9", "Ośrodek", "liczba", "count", "reported", "1")]
    with pytest.raises(InputError) as err:
        compute(frames(bad), 2025)
    assert err.value.problems[0].column == "programme_task"
