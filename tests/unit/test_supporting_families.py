"""Chapter 17 computations (supporting families, information stands) on small inline frames."""

import datetime as dt

import pandas as pd

from sprawozdanie.chapters.supporting_families import compute

D = dt.date


def frames(active, events):
    return {
        "supporting_families_aggregates": pd.DataFrame(
            {"supporting_families_indicator": ["active_families"], "supporting_families_value": [active]}
        ),
        "supporting_families_events": pd.DataFrame(
            list(events),
            columns=[
                "supporting_families_event_id",
                "supporting_families_event_date",
                "supporting_families_event_name",
                "supporting_families_event_packages",
            ],
        ),
    }


def v(ch, key):
    return ch.ledger[key].value


def test_packages_per_event_in_date_order_and_total():
    ch = compute(frames(0, [("E2", D(2025, 8, 30), "Dni", 100), ("E1", D(2025, 3, 9), "Strefa", 120)]), 2025)
    assert [e.name for e in ch.events] == ["Strefa", "Dni"]
    assert v(ch, "packages.event_01") == 120 and v(ch, "packages.event_02") == 100
    assert v(ch, "packages_total") == 220 and v(ch, "events") == 2


def test_zero_supporting_families_is_recorded_as_zero():
    ch = compute(frames(0, []), 2025)
    assert v(ch, "supporting_families") == 0
    assert v(ch, "events") == 0 and v(ch, "packages_total") == 0


def test_one_family_one_event():
    ch = compute(frames(1, [("E1", D(2025, 5, 1), "Festyn", 0)]), 2025)
    assert v(ch, "supporting_families") == 1 and v(ch, "events") == 1 and v(ch, "packages_total") == 0
