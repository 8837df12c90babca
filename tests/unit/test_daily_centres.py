"""Chapter 18 computations (daily support centres, Tabela nr 10) on small inline frames."""

import pandas as pd
import pytest

from sprawozdanie.chapters.daily_centres import compute

CENTRE_COLS = [
    "daily_centre_id",
    "daily_centre_type",
    "daily_centre_name",
    "daily_centre_address",
    "daily_centre_operator",
    "daily_centre_children",
    "daily_centre_in_text_total",
    "daily_centre_description",
]


def centre(cid, kind, children, in_text=True):
    return (cid, kind, f"Placówka {cid}", "ul. Prosta 1", "Stowarzyszenie", children, in_text, "opis")


def frames(centres, figures=(), spending=(("razem", 52010000, "urząd"),)):
    return {
        "daily_centres": pd.DataFrame(list(centres), columns=CENTRE_COLS),
        "daily_centres_figures": pd.DataFrame(
            list(figures), columns=["daily_centre_id", "daily_centre_measure", "daily_centre_value"]
        ),
        "daily_centres_spending": pd.DataFrame(
            list(spending),
            columns=["daily_centres_spending_item", "daily_centres_spending_gr", "daily_centres_spending_source"],
        ),
    }


PUBLISHED_2025 = [
    centre("A", "care", 28),
    centre("B", "care", 25),
    centre("C", "care", 10, in_text=False),
    centre("D", "care_and_specialist", 59),
]


def v(ch, key):
    return ch.ledger[key].value


def test_the_text_and_the_table_are_two_measures_of_the_same_rows():
    ch = compute(frames(PUBLISHED_2025), 2025)
    assert v(ch, "centres_in_text") == 3 and v(ch, "children_in_text") == 112  # the text
    assert v(ch, "centres") == 4 and v(ch, "children") == 122  # Tabela nr 10
    assert [v(ch, c.children) for c in ch.centres] == [28, 25, 10, 59]
    assert v(ch, "centres_not_in_text") == 1 and v(ch, "children_not_in_text") == 10
    assert [c.name for c in ch.omitted_from_text] == ["Placówka C"]


def test_table_rows_group_centres_by_form_with_count_on_first_row():
    ch = compute(frames(PUBLISHED_2025), 2025)
    assert v(ch, "centres_type_care") == 3 and v(ch, "centres_type_care_and_specialist") == 1
    assert v(ch, "centres_type_specialist") == 0
    rows = ch.table_rows()
    assert [(label != "", count) for label, count, _c in rows] == [
        (True, "centres_type_care"),
        (False, None),
        (False, None),
        (True, "centres_type_care_and_specialist"),
    ]
    assert [g.code for g in ch.types] == ["care", "care_and_specialist"]  # forms without centres left out


def test_spending_in_grosze_and_sources():
    ch = compute(frames(PUBLISHED_2025), 2025)
    assert v(ch, "spending") == 52010000 and ch.ledger["spending"].unit == "gr"
    assert ch.sources == ("urząd",)


def test_optional_figures():
    ch = compute(frames(PUBLISHED_2025, [("B", "places", 25), ("C", "age_from", 6), ("C", "age_to", 18)]), 2025)
    assert ch.centres[1].figures == {"places": "places.centre_02"}
    assert v(ch, "age_to.centre_03") == 18
    assert ch.centres[0].figures == {}


def test_all_centres_in_text_means_no_difference():
    ch = compute(frames([centre("A", "care", 1)]), 2025)
    assert v(ch, "centres") == v(ch, "centres_in_text") == 1
    assert v(ch, "children") == v(ch, "children_in_text") == 1
    assert v(ch, "centres_not_in_text") == 0 and ch.omitted_from_text == ()


def test_no_centres():
    ch = compute(frames([], spending=()), 2025)
    assert v(ch, "centres") == 0 and v(ch, "children") == 0 and v(ch, "spending") == 0
    assert ch.table_rows() == []


def test_figures_of_unknown_centre_are_refused():
    with pytest.raises(ValueError, match="X"):
        compute(frames(PUBLISHED_2025, [("X", "places", 5)]), 2025)
