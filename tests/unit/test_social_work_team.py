"""Chapter 8 of an office without a social-work team: ``social_work_team.csv`` left as its
header row passes validation, so the chapter must build too (validate means it builds)."""

from __future__ import annotations

import pytest

from sprawozdanie.chapters import social_work
from sprawozdanie.schema import registry


def write_year(folder, team_rows: list[str]) -> None:
    codes = list(registry().codes["social_work_indicator"])
    (folder / "social_work_aggregates.csv").write_text(
        "social_work_indicator,value\n" + "".join(f"{c},{v}\n" for c, v in zip(codes, [0, 8, 17])), encoding="utf-8"
    )
    (folder / "social_work_team.csv").write_text(
        "social_work_team_name,social_work_team_since\n" + "".join(f"{r}\n" for r in team_rows), encoding="utf-8"
    )


def test_no_team_row_builds_without_a_team(tmp_path):
    write_year(tmp_path, [])  # header only; social_work_actions.csv absent (optional)
    ch = social_work.build(tmp_path, 2025)
    assert ch.team_name is None and ch.team_since is None
    assert ch.areas == []
    assert (ch.ledger["social_work_families"].value, ch.ledger["social_work_children"].value) == (8, 17)
    # the summary's label names no team the office does not have
    assert (
        ch.ledger["social_work_families"].label_pl
        == "Rodziny bez asystenta rodziny objęte pracą socjalną i monitorowaniem"
    )


def test_one_team_row_is_the_team(tmp_path):
    write_year(tmp_path, ["Zespół Pracy z Rodziną,2023-09-01"])
    ch = social_work.build(tmp_path, 2025)
    assert (ch.team_name, ch.team_since_pl) == ("Zespół Pracy z Rodziną", "września 2023")
    assert ch.ledger["social_work_children"].label_pl.endswith(
        "monitorowaniem prowadzonymi przez Zespół Pracy z Rodziną"
    )


def test_two_team_rows_are_refused(tmp_path):
    write_year(tmp_path, ["Zespół A,2023-09-01", "Zespół B,2024-01-01"])
    from sprawozdanie.errors import InputError

    with pytest.raises(InputError, match="social_work_team.csv.*najwyżej jeden wiersz"):  # refused by validation
        social_work.build(tmp_path, 2025)
