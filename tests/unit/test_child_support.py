"""Chapters 4 and 5: children by form of support; intervention figures."""

import pandas as pd
import pytest

from sprawozdanie.chapters import child_support, intervention
from sprawozdanie.schema import registry

DIRECTORY = pd.DataFrame({"institution_id": ["p"], "institution_name": ["Poradnia P"]})


def frames(institution=None, value=1):
    codes = list(registry().codes["child_support_form"])
    return {
        "institutions_directory": DIRECTORY,
        "child_support_aggregates": pd.DataFrame(
            {
                "child_support_form": codes,
                "institution_id": [institution if c == "counselling_centre" else None for c in codes],
                "value": [value] * len(codes),
            }
        ),
    }


def test_each_form_is_a_ledger_value_and_names_its_institution():
    ch = child_support.compute(frames("p", 2), 2025)
    assert ch.ledger["children_counselling_centre"].value == 2
    assert ch.institution_names == {"counselling_centre": "Poradnia P"}
    assert list(ch.forms["ledger_id"])[0] == "child_support.children_psychologist_at_centre"


def test_zero_children_and_no_institution():
    ch = child_support.compute(frames(None, 0), 2025)
    assert all(v.value == 0 for v in ch.ledger) and ch.institution_names == {}


def test_unknown_institution_is_an_error():
    with pytest.raises(ValueError, match="institution_id"):
        child_support.compute(frames("x"), 2025)


def test_intervention_records_every_code():
    codes = list(registry().codes["intervention_indicator"])
    ch = intervention.compute(
        {"intervention_aggregates": pd.DataFrame({"intervention_indicator": codes, "value": range(len(codes))})}, 2025
    )
    assert [v.id.removeprefix("intervention.") for v in ch.ledger] == codes
    assert ch.ledger["blue_card_families_by_assistants"].value == 0
    assert ch.ledger["emergency_placed_families"].value == len(codes) - 1
