"""Chapter 16 computations (support groups: projects of the year) on small inline frames."""

import datetime as dt

import pandas as pd
import pytest

from sprawozdanie.chapters.support_groups import compute
from sprawozdanie.errors import InputError

D = dt.date
MARCH_1 = D(2025, 3, 1)
PROJECT_COLS = [
    "support_group_project_id",
    "support_group_project_name",
    "support_group_date_from",
    "support_group_date_to",
    "support_group_addressees",
    "support_group_aim",
    "support_group_scope",
    "support_group_description",
    "support_group_participants",
]


def frames(projects, figures=()):
    return {
        "support_groups_projects": pd.DataFrame(list(projects), columns=PROJECT_COLS),
        "support_groups_figures": pd.DataFrame(
            list(figures), columns=["support_group_project_id", "support_group_measure", "support_group_value"]
        ),
    }


def project(pid, participants, start=MARCH_1, end=MARCH_1, description=None):
    return (pid, f"Projekt {pid}", start, end, "rodzice", "cel", "warsztaty", description, participants)


def v(ch, key):
    return ch.ledger[key].value


def test_participants_per_project_and_total():
    ch = compute(frames([project("A", 6), project("B", 26), project("C", 1)]), 2025)
    assert v(ch, "projects") == 3
    assert [v(ch, p.participants) for p in ch.projects] == [6, 26, 1]
    assert v(ch, "participants_total") == 33
    assert ch.projects[0].participants == "participants.project_01"


def test_optional_figures_only_where_given():
    figs = [("A", "meetings", 4), ("A", "meeting_minutes", 90), ("B", "parents", 10), ("B", "children", 16)]
    ch = compute(frames([project("A", 6), project("B", 26)], figs), 2025)
    a, b = ch.projects
    assert a.figures == {"meetings": "meetings.project_01", "meeting_minutes": "meeting_minutes.project_01"}
    assert v(ch, "meeting_minutes.project_01") == 90
    assert set(b.figures) == {"parents", "children"}
    assert "meetings.project_02" not in ch.ledger


def test_one_project_no_figures():
    ch = compute(frames([project("A", 1, description="opis")]), 2025)
    assert v(ch, "projects") == 1 and v(ch, "participants_total") == 1
    assert ch.projects[0].figures == {} and ch.projects[0].description == "opis"


def test_no_projects_gives_zeros():
    ch = compute(frames([]), 2025)
    assert v(ch, "projects") == 0 and v(ch, "participants_total") == 0
    assert ch.projects == ()


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(InputError, match="data końca projektu nie wcześniejsza niż data początku"):
        compute(frames([project("A", 3, start=D(2025, 6, 11), end=D(2025, 5, 21))]), 2025)


def test_figures_of_unknown_project_are_refused_by_validation():
    """A reference the schema declares (support_groups_figures → support_groups_projects)."""
    import pandas as pd

    from sprawozdanie.load import _missing_references

    texts = {
        "support_groups_projects": pd.DataFrame({"support_group_project_id": ["A"]}, dtype="string"),
        "support_groups_figures": pd.DataFrame({"support_group_project_id": ["A", "X"]}, dtype="string"),
    }
    (p,) = _missing_references(texts)
    assert (p.file, p.row, p.column, p.found) == ("support_groups_figures.csv", 3, "support_group_project_id", "X")
    assert "support_groups_projects.csv" in p.expected


def test_parents_and_children_cannot_outnumber_participants():
    with pytest.raises(InputError, match="co najmniej tylu uczestników"):
        compute(frames([project("A", 5)], [("A", "parents", 3), ("A", "children", 3)]), 2025)
