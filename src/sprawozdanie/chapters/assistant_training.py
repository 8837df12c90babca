"""Chapter 7: family assistants' professional development (trainings, coaching, budget)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from ..schema import registry

TABLES = [
    "assistant_training_courses",
    "assistant_training_activities",
    "assistant_training_aggregates",
    "assistant_training_budget",
]
PREFIX = "assistant_training"
HEADLINES = ("qualification_budget",)

# Counts recorded as they are; durations (minutes) are recorded as whole hours and the
# remaining minutes, as the report states them ("10 h 30 min").
COUNTS = {
    "coaching_meetings": ("spotkania", "Spotkania asystentów rodziny z coachem"),
    "network_meetings": ("spotkania", "Spotkania sieci asystentów rodziny z udziałem asystentów"),
    "self_study_graduates": ("osoby", "Asystenci, którzy w ramach samokształcenia ukończyli kurs psychoterapii"),
    "self_study_course_years": ("lata", "Czas trwania ukończonego kursu psychoterapii (lata)"),
}
DURATIONS = {
    "coaching_minutes": ("coaching", "Łączny czas spotkań z coachem"),
    "group_supervision_minutes": ("group_supervision", "Czas superwizji grupowej"),
    "network_meetings_minutes": ("network_meetings", "Łączny czas spotkań sieci asystentów rodziny"),
}


@dataclass(frozen=True)
class Activity:
    organiser: str
    programme: str | None
    name_genitive: str | None = None  # the activity's own name, as the office gives it (a network's)


@dataclass(frozen=True)
class Chapter:
    year: int
    ledger: Ledger
    trainings: list[str]  # titles of trainings, in the report's order
    conferences: list[str]  # titles of conferences
    activities: dict[str, Activity]  # training_activity code → organiser and project


def hours_and_minutes(minutes: int) -> tuple[int, int]:
    """Whole hours and the minutes left over.

    >>> hours_and_minutes(630), hours_and_minutes(0)
    ((10, 30), (0, 0))
    """
    return divmod(minutes, 60)


# Which figures need which activity's row (its organiser): an activity that did not take
# place is a row left out, and its figures are then 0.
NEEDS_ROW = {
    "coaching": ("coaching_meetings", "coaching_minutes"),
    "group_supervision": ("group_supervision_minutes",),
    "network_meetings": ("network_meetings", "network_meetings_minutes"),
    "self_study_course": ("self_study_graduates", "self_study_course_years"),
}


def input_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """An activity with figures above 0 needs its row (organiser) in the activities file."""
    aggregates = frames["assistant_training_aggregates"].set_index("assistant_training_indicator")["value"]
    listed = set(frames["assistant_training_activities"]["training_activity"])
    reg = registry()
    return [
        Problem(
            reg.tables["assistant_training_activities"].file,
            None,
            "training_activity",
            None,
            f"wiersz formy '{activity}' ({reg.codes['training_activity'][activity].label_pl}) z organizatorem, "
            f"bo plik {reg.tables['assistant_training_aggregates'].file} podaje dla niej liczby większe od 0",
        )
        for activity, figures in NEEDS_ROW.items()
        if activity not in listed and any(int(aggregates.get(f, 0)) for f in figures)
    ]


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    """Every number of chapter 7, the lists of trainings and the organisers."""
    courses = frames["assistant_training_courses"]
    activities = frames["assistant_training_activities"]
    aggregates = frames["assistant_training_aggregates"].set_index("assistant_training_indicator")["value"]
    budget = frames["assistant_training_budget"].set_index("training_budget_item")["training_budget_gr"]
    led = Ledger(PREFIX)
    reg = registry()
    agg_file = reg.tables["assistant_training_aggregates"].file
    for code, (unit, label) in COUNTS.items():
        led.add(
            code,
            int(aggregates[code]),
            unit,
            label,
            "wartość zbiorcza podana przez ośrodek",
            f"{agg_file}: assistant_training_indicator = {code}",
            {agg_file: [code]},
        )
    for code, (key, label) in DURATIONS.items():
        hours, minutes = hours_and_minutes(int(aggregates[code]))
        inputs = f"{agg_file}: assistant_training_indicator = {code} (minuty)"
        led.add(
            f"{key}_hours",
            hours,
            "h",
            f"{label} – pełne godziny",
            "liczba minut podzielona przez 60, bez reszty",
            inputs,
            {agg_file: [code]},
        )
        led.add(
            f"{key}_extra_minutes",
            minutes,
            "min",
            f"{label} – minuty ponad pełne godziny",
            "reszta z dzielenia liczby minut przez 60",
            inputs,
            {agg_file: [code]},
        )
    budget_file = reg.tables["assistant_training_budget"].file
    led.add(
        "qualification_budget",
        int(budget["qualification_budget"]),
        MONEY,
        "Środki zabezpieczone w budżecie na podnoszenie kwalifikacji zawodowych asystentów rodziny",
        "kwota podana przez ośrodek",
        f"{budget_file}: training_budget_item = qualification_budget",
        {budget_file: ["qualification_budget"]},
    )
    trainings = list(courses.loc[courses["training_kind"] == "training", "training_title"])
    conferences = list(courses.loc[courses["training_kind"] == "conference", "training_title"])
    acts = {
        r.training_activity: Activity(
            r.training_organiser, _text(r.training_programme), _text(getattr(r, "training_name_genitive", None))
        )  # (an optional column)
        for r in activities.itertuples(index=False)
    }
    return Chapter(year, led, trainings, conferences, acts)


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else value


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
