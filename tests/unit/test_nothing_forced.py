"""Nothing forced: a form, programme or activity that did not take place is a row left out,
never a row of zeros with an invented organiser; the report then leaves it out."""

from __future__ import annotations

import pandas as pd
import pytest

from sprawozdanie.chapters import assistant_training, child_support, personal_assistance
from sprawozdanie.errors import InputError
from sprawozdanie.preview import preview


def drop_rows(path, column, values):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df[~df[column].isin(values)].to_csv(path, index=False, lineterminator="\n")


def test_a_child_support_form_left_out_is_none_and_not_listed(project):
    data = project.root / "data" / "2025"
    drop_rows(data / "child_support_aggregates.csv", "child_support_form", ["school_day_rooms"])
    ch = child_support.build(data, 2025)
    assert ch.ledger["children_school_day_rooms"].value == 0
    text = preview(2025, "child_support", project.root)
    assert "świetlicach szkolnych" not in text and "zajęcia w placówce wsparcia dziennego" in text


def test_a_programme_not_run_is_said_so(project):
    data = project.root / "data" / "2025"
    drop_rows(data / "care_services_programmes.csv", "care_services_programme", ["personal_assistant"])
    ch = personal_assistance.build(data, 2025)
    assert ch.programme_name is None and ch.ledger["children"].value == 0
    assert "nie realizowano programu" in preview(2025, "personal_assistance", project.root)


def test_an_activity_left_out_needs_no_organiser_but_figures_need_their_row(project):
    data = project.root / "data" / "2025"
    aggregates = data / "assistant_training_aggregates.csv"
    drop_rows(data / "assistant_training_activities.csv", "training_activity", ["coaching"])
    with pytest.raises(InputError, match="wiersz formy 'coaching'"):  # 2025 had coaching meetings
        assistant_training.build(data, 2025)
    df = pd.read_csv(aggregates, dtype=str, keep_default_na=False)
    df.loc[df["assistant_training_indicator"].isin(["coaching_meetings", "coaching_minutes"]), "value"] = "0"
    df.to_csv(aggregates, index=False, lineterminator="\n")
    assert "coaching" not in assistant_training.build(data, 2025).activities
    text = preview(2025, "assistant_training", project.root)
    assert "coach" not in text and "superwizji grupowej" in text
