"""Chapter 20: the municipal family-support programme and its indicators for the year.

The programme (its name, operational goals, tasks and indicators) is data: each indicator
is a row of ``programme_indicators.csv`` with its task, implementing body, unit, status and
value. A body that has no data gives status ``no_data`` and an empty value; the report
prints "brak danych" there, never 0, and no ledger value is recorded for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from ..errors import InputError, Problem
from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from ..present.fmt import date_pl
from ..schema import registry
from .common import input_file, rows_of

TABLES = [
    "programme_info",
    "programme_reporting",
    "programme_goals",
    "programme_tasks",
    "programme_indicators",
    "programme_aims",
]

PREFIX = "support_programme"
HEADLINES = ()  # the indicators repeat figures of other chapters; none is a headline of its own

NO_DATA_PL = "brak danych"  # what a table cell shows for status no_data
_COUNT = re.compile(r"^\d+$")
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class IndicatorRow:
    """One row of a goal's indicator table; ``task``/``body`` are blank when repeated."""

    task: str
    body: str
    indicator: str
    ledger_id: str | None  # None: the body gave no data


@dataclass(frozen=True)
class Goal:
    number: str
    title: str
    rows: list[IndicatorRow]
    ledger_tasks: str
    ledger_indicators: str
    ledger_reported: str
    ledger_no_data: str


@dataclass(frozen=True)
class Chapter:
    """What the chapter's notebook displays: the ledger, the programme's texts and tables."""

    year: int
    ledger: Ledger
    info: dict[str, str]  # programme name, resolution, dates (as Polish text), …
    goals: list[Goal]
    aims: list[str]
    # some indicator of a task is reported by several bodies, each on its own row: the rows
    # counted are then positions of the summary, not indicators
    shared_indicators: bool = False


def parse_values(indicators: pd.DataFrame) -> list[int | None]:
    """Each indicator's exact value: ``int`` for a count, ``int`` grosze for money, None for no data.

    The value column is text (a count or an amount, by the unit column); its format and its
    agreement with the status are checked here, every problem reported at once.

    >>> df = pd.DataFrame({"programme_indicator_unit": ["count", "money", "count"],
    ...     "programme_indicator_status": ["reported", "reported", "no_data"],
    ...     "programme_indicator_value": ["95", "930518.87", None]})
    >>> parse_values(df)
    [95, 93051887, None]
    """
    file = input_file("programme_indicators")
    col = "programme_indicator_value"
    values: list[int | None] = []
    problems = []
    rows = zip(indicators["programme_indicator_unit"], indicators["programme_indicator_status"], indicators[col])
    for i, (unit, status, raw) in enumerate(rows, start=2):
        raw = None if raw is None or pd.isna(raw) else str(raw).strip() or None
        if status == "no_data":
            if raw is not None:
                problems.append(Problem(file, i, col, raw, "puste pole, gdy programme_indicator_status = no_data"))
            values.append(None)
            continue
        if raw is None:
            problems.append(Problem(file, i, col, "", "wartość wskaźnika, gdy programme_indicator_status = reported"))
        elif unit == "count" and _COUNT.match(raw):
            values.append(int(raw))
            continue
        elif unit == "money" and _MONEY.match(raw):
            values.append(int(Decimal(raw) * 100))
            continue
        elif unit == "count":
            problems.append(Problem(file, i, col, raw, "liczba całkowita nieujemna (np. 0, 12), bo jednostka to count"))
        else:
            problems.append(
                Problem(
                    file,
                    i,
                    col,
                    raw,
                    "kwota w zł z kropką dziesiętną, najwyżej 2 miejsca po kropce "
                    "(np. 930518.87), bo jednostka to money",
                )
            )
        values.append(None)
    if problems:
        raise InputError(problems)
    return values


def _check_references(tasks: pd.DataFrame, goals: pd.DataFrame, indicators: pd.DataFrame) -> None:
    """Every task names a known goal and every indicator a known task."""
    problems = []
    known_goals = set(goals["programme_goal"])
    for i, g in enumerate(tasks["programme_goal"], start=2):
        if g not in known_goals:
            problems.append(
                Problem(
                    input_file("programme_tasks"),
                    i,
                    "programme_goal",
                    g,
                    "cel z pliku " + input_file("programme_goals"),
                )
            )
    known_tasks = set(tasks["programme_task"])
    for i, t in enumerate(indicators["programme_task"], start=2):
        if t not in known_tasks:
            problems.append(
                Problem(
                    input_file("programme_indicators"),
                    i,
                    "programme_task",
                    t,
                    "zadanie z pliku " + input_file("programme_tasks"),
                )
            )
    if problems:
        raise InputError(problems)


def input_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """The indicators' values as their status and unit require, and tasks and indicators of
    known goals and tasks: checked by ``validate`` with the other inputs."""
    problems = []
    for check in (
        lambda: parse_values(frames["programme_indicators"]),
        lambda: _check_references(frames["programme_tasks"], frames["programme_goals"], frames["programme_indicators"]),
    ):
        try:
            check()
        except InputError as err:
            problems += err.problems
    return problems


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 20, from the validated input frames."""
    # --- load -----------------------------------------------------------------------
    info_row = frames["programme_info"].iloc[0]
    reporting = frames["programme_reporting"].set_index("programme_reporting_indicator")["programme_reporting_value"]
    goals = frames["programme_goals"]
    tasks = frames["programme_tasks"]
    indicators = frames["programme_indicators"]
    aims = frames["programme_aims"].sort_values("programme_aim_order")
    _check_references(tasks, goals, indicators)
    values = parse_values(indicators)
    led = Ledger(PREFIX)

    # --- record: how the data were collected ----------------------------------------------
    rep_file = input_file("programme_reporting")
    for code, c in registry().codes["programme_reporting_indicator"].items():
        led.add(
            f"reporting.{code}",
            int(reporting[code]),
            "podmioty",
            c.label_pl[:1].upper() + c.label_pl[1:],
            "wartość podana przez koordynatora programu",
            f"{rep_file}: programme_reporting_indicator = {code}",
            {rep_file: [code]},
        )

    # --- record: each indicator's value ---------------------------------------------------
    ind_file = input_file("programme_indicators")
    task_of = tasks.set_index("programme_task")
    ledger_ids: list[str | None] = []
    for i, (row, value) in enumerate(zip(indicators.itertuples(index=False), values), start=2):
        if value is None:
            ledger_ids.append(None)
            continue
        number = task_of.loc[row.programme_task, "programme_task_number"].rstrip(".")
        unit = MONEY if row.programme_indicator_unit == "money" else "liczba"
        v = led.add(
            f"indicator.{row.programme_indicator_id}",
            value,
            unit,
            f"Wskaźnik programu, zadanie {number}: {row.programme_indicator} ({row.programme_body})",
            "wartość podana przez realizatora",
            f"{ind_file}: wiersz {i} ({row.programme_indicator_id})",
            {ind_file: [row.programme_indicator_id]},
        )
        ledger_ids.append(v.id)
    indicators = indicators.assign(ledger_id=ledger_ids)

    # --- compute and record: indicators by operational goal ---------------------------------
    goal_of_task = dict(zip(tasks["programme_task"], tasks["programme_goal"]))
    indicators = indicators.assign(goal=indicators["programme_task"].map(goal_of_task))
    goal_list = []
    task_file = input_file("programme_tasks")
    for g in goals.itertuples(index=False):
        gid = g.programme_goal
        g_tasks = tasks[tasks["programme_goal"] == gid]
        g_ind = indicators[indicators["goal"] == gid]
        no_data = int(g_ind["ledger_id"].isna().sum())
        ids = [
            led.add(
                f"goal_tasks.{gid}",
                len(g_tasks),
                "zadania",
                f"Zadania celu operacyjnego {gid}",
                "liczba zadań celu",
                f"{task_file}: programme_goal = {gid}",
                rows_of(g_tasks, "programme_tasks"),
            ).id,
            led.add(
                f"goal_indicators.{gid}",
                len(g_ind),
                "pozycje",
                f"Pozycje wskaźników celu operacyjnego {gid} (wskaźnik zadania i podmiot, który podaje jego wartość)",
                "liczba wierszy wskaźników zadań celu",
                f"{ind_file}: zadania celu {gid}",
                rows_of(g_ind, "programme_indicators"),
            ).id,
            led.add(
                f"goal_reported.{gid}",
                len(g_ind) - no_data,
                "pozycje",
                f"Pozycje wskaźników celu operacyjnego {gid} z podaną wartością",
                "liczba wierszy wskaźników celu z programme_indicator_status = reported",
                f"{ind_file}: zadania celu {gid}",
                rows_of(g_ind[g_ind["ledger_id"].notna()], "programme_indicators"),
            ).id,
            led.add(
                f"goal_no_data.{gid}",
                no_data,
                "pozycje",
                f"Pozycje wskaźników celu operacyjnego {gid} bez danych",
                "liczba wierszy wskaźników celu z programme_indicator_status = no_data",
                f"{ind_file}: zadania celu {gid}",
                rows_of(g_ind[g_ind["ledger_id"].isna()], "programme_indicators"),
            ).id,
        ]
        goal_list.append(Goal(gid, g.programme_goal_title, table_rows(g_tasks, g_ind), *ids))

    n_no_data = int(indicators["ledger_id"].isna().sum())
    led.add(
        "goals",
        len(goals),
        "cele",
        "Cele operacyjne programu",
        "liczba wierszy",
        f"{input_file('programme_goals')}: wszystkie wiersze",
        rows_of(goals, "programme_goals"),
    )
    led.add(
        "tasks",
        len(tasks),
        "zadania",
        "Zadania programu",
        "liczba wierszy",
        f"{task_file}: wszystkie wiersze",
        rows_of(tasks, "programme_tasks"),
    )
    led.add(
        "indicators",
        len(indicators),
        "pozycje",
        "Pozycje zestawienia wskaźników realizacji programu (wskaźnik zadania i podmiot, który podaje jego wartość)",
        "liczba wierszy",
        f"{ind_file}: wszystkie wiersze",
        rows_of(indicators, "programme_indicators"),
    )
    led.add(
        "indicators_reported",
        len(indicators) - n_no_data,
        "pozycje",
        "Pozycje zestawienia wskaźników z wartością podaną przez realizatora",
        "liczba wierszy z programme_indicator_status = reported",
        f"{ind_file}: programme_indicator_status = reported",
        rows_of(indicators[indicators["ledger_id"].notna()], "programme_indicators"),
    )
    led.add(
        "indicators_no_data",
        n_no_data,
        "pozycje",
        "Pozycje zestawienia wskaźników bez wartości podanej przez realizatora (brak danych)",
        "liczba wierszy z programme_indicator_status = no_data",
        f"{ind_file}: programme_indicator_status = no_data",
        rows_of(indicators[indicators["ledger_id"].isna()], "programme_indicators"),
    )

    info = {
        "name": info_row["programme_name"],
        "resolution": info_row["programme_resolution"],
        "resolution_date": date_pl(info_row["programme_resolution_date"]),
        "coordinator": info_row["programme_coordinator"],
        "since_year": str(info_row["programme_since_year"]),
        "character": info_row["programme_character"],
        "strategic_goal": info_row["programme_strategic_goal"],
        "survey_sent": date_pl(info_row["programme_survey_sent_date"]),
        "survey_deadline": format_date(info_row["programme_survey_deadline"], "d MMMM", locale="pl_PL"),
    }
    # several bodies reporting one indicator of a task (one body reporting it twice is not
    # explained by positions: "Kontrola obliczeń" names it when the two values differ)
    bodies = indicators.groupby(["programme_task", "programme_indicator"])["programme_body"].nunique()
    return Chapter(year, led, info, goal_list, list(aims["programme_aim"]), bool((bodies > 1).any()))


def table_rows(tasks: pd.DataFrame, indicators: pd.DataFrame) -> list[IndicatorRow]:
    """Rows of one goal's table in data order; a task and a body are named on their first row only.

    >>> tasks = pd.DataFrame({"programme_task": ["1_1"], "programme_task_number": ["1.1."],
    ...     "programme_task_title": ["Analiza"]})
    >>> ind = pd.DataFrame({"programme_task": ["1_1", "1_1", "1_1"], "programme_body": ["A", "A", "B"],
    ...     "programme_indicator": ["x", "y", "z"], "ledger_id": ["support_programme.i1", None, "support_programme.i3"]})
    >>> [(r.task, r.body, r.ledger_id) for r in table_rows(tasks, ind)]
    [('1.1. Analiza', 'A', 'support_programme.i1'), ('', '', None), ('', 'B', 'support_programme.i3')]
    """
    title = {t.programme_task: f"{t.programme_task_number} {t.programme_task_title}" for t in tasks.itertuples()}
    rows, last_task, last_body = [], None, None
    for r in indicators.itertuples(index=False):
        new_task = r.programme_task != last_task
        rows.append(
            IndicatorRow(
                title[r.programme_task] if new_task else "",
                r.programme_body if new_task or r.programme_body != last_body else "",
                r.programme_indicator,
                None if pd.isna(r.ledger_id) else r.ledger_id,
            )
        )
        last_task, last_body = r.programme_task, r.programme_body
    return rows


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
