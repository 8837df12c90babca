"""Chapters 7 and 8: trainings (durations in hours and minutes, money in grosze); social work."""

import datetime as dt

import pandas as pd

from sprawozdanie.chapters import assistant_training, social_work
from sprawozdanie.schema import registry


def training_frames(minutes=(600, 420, 630), budget=214600):
    codes = list(registry().codes["assistant_training_indicator"])
    values = dict(zip(codes, [2, 0, 0, 3, 0, 1, 4]))
    values["coaching_minutes"], values["group_supervision_minutes"], values["network_meetings_minutes"] = minutes
    acts = list(registry().codes["training_activity"])
    return {
        "assistant_training_courses": pd.DataFrame(
            {"training_title": ["A", "K", "B"], "training_kind": ["training", "conference", "training"]}
        ),
        "assistant_training_activities": pd.DataFrame(
            {
                "training_activity": acts,
                "training_organiser": ["O"] * len(acts),
                "training_programme": ["P"] + [None] * (len(acts) - 1),
            }
        ),
        "assistant_training_aggregates": pd.DataFrame(
            {"assistant_training_indicator": list(values), "value": list(values.values())}
        ),
        "assistant_training_budget": pd.DataFrame(
            {"training_budget_item": ["qualification_budget"], "training_budget_gr": [budget]}
        ),
    }


def test_minutes_become_hours_and_remaining_minutes():
    ch = assistant_training.compute(training_frames(), 2025)
    v = {x.id.removeprefix("assistant_training."): x.value for x in ch.ledger}
    assert (v["coaching_hours"], v["coaching_extra_minutes"]) == (10, 0)
    assert (v["network_meetings_hours"], v["network_meetings_extra_minutes"]) == (10, 30)
    assert "coaching_minutes" not in v  # raw minutes are not printed, so not in the ledger


def test_zero_and_one_minute():
    ch = assistant_training.compute(training_frames(minutes=(0, 1, 59)), 2025)
    assert ch.ledger["coaching_hours"].value == 0 and ch.ledger["group_supervision_extra_minutes"].value == 1
    assert ch.ledger["network_meetings_hours"].value == 0 and ch.ledger["network_meetings_extra_minutes"].value == 59


def test_budget_is_integer_grosze_and_lists_keep_order():
    ch = assistant_training.compute(training_frames(budget=214600), 2025)
    assert ch.ledger["qualification_budget"].value == 214600 and ch.ledger["qualification_budget"].unit == "gr"
    assert ch.trainings == ["A", "B"] and ch.conferences == ["K"]
    assert ch.activities["coaching"].programme == "P" and ch.activities["network_meetings"].programme is None


def test_social_work_areas_keep_order_and_team_month_in_genitive():
    frames = {
        "social_work_aggregates": pd.DataFrame(
            {"social_work_indicator": list(registry().codes["social_work_indicator"]), "value": [4, 0, 1]}
        ),
        "social_work_team": pd.DataFrame(
            {"social_work_team_name": ["Zespół"], "social_work_team_since": [dt.date(2024, 3, 1)]}
        ),
        "social_work_actions": pd.DataFrame(
            {"social_work_area": ["X", "Y", "X"], "social_work_action": ["a", "b", "c"]}
        ),
    }
    ch = social_work.compute(frames, 2025)
    assert ch.areas == [("X", ["a", "c"]), ("Y", ["b"])]
    assert ch.team_since_pl == "marca 2024"
    assert ch.ledger["social_work_families"].value == 0 and ch.ledger["social_work_children"].value == 1


def _other_forms(activities, minutes=(600, 420, 630)):
    """The chapter's sentences on coaching, supervision and network meetings, as the reader gets
    them (values' spans and Markdown's escapes undone)."""
    import re

    from sprawozdanie.ledger import Ledger
    from sprawozdanie.present.text import chapter_text

    from ..conftest import ROOT

    frames = training_frames(minutes=minutes)
    frames["assistant_training_activities"] = pd.DataFrame(
        activities + [["network_meetings", "ROPS", None], ["self_study_course", "S", None]],
        columns=["training_activity", "training_organiser", "training_programme"],
    )
    ch = assistant_training.compute(frames, 2025)
    team = Ledger("family_assistance")
    team.add("assistants", 3, "osoby", "x", "x", "x")
    text = chapter_text(
        "assistant_training",
        ch.ledger,
        team,
        params_file=str(ROOT / "params" / "2025.yml"),
        year=2025,
        data_dir=str(ROOT / "data" / "2025"),
        data=ch,
    ).render("inne_formy")
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text.split("::: {.tekst-osrodka}")[0])
    return " ".join(re.sub(r"\\(.)", r"\1", text).replace("\u00a0", " ").split())


def test_a_project_shared_by_coaching_and_supervision_is_said_once_before_them():
    said = _other_forms([["coaching", "ROPS", "Razem"], ["group_supervision", "ROPS", "Razem"]])
    assert said.startswith("W ramach projektu „Razem” (realizator: ROPS) asystenci rodziny wzięli w 2025 r. udział w 2")
    assert "superwizji grupowej w wymiarze 7 godz. Uczestniczyli ponadto" in said  # one full stop after "godz."
    assert "zorganizowanych przez ten sam podmiot" in said


def test_coaching_and_supervision_of_two_organisers_each_name_their_own():
    """Names with their own full stops and Markdown's characters print once escaped, as written."""
    said = _other_forms(
        [["coaching", "Fundacja im. J. Korczaka", "Rodzina 3+ *nowa*"], ["group_supervision", "Caritas", None]]
    )
    assert (
        "o łącznym czasie trwania 10 godz. w ramach projektu „Rodzina 3+ *nowa*” (realizator: Fundacja im. J. Korczaka)"
        in said
    )
    assert "w wymiarze 7 godz. (organizator: Caritas). Uczestniczyli ponadto" in said
    assert "(organizator: ROPS)." in said and "ten sam podmiot" not in said
