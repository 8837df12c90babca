"""Chapters 11–15 (coordinator co-financing, care services, disability programmes) on inline frames."""

import pandas as pd
import pytest

from sprawozdanie.chapters import (
    care_services,
    foster_care_coordinator,
    mental_health_care_services,
    personal_assistance,
    respite_care,
)


def aggregates(children=43, applications=0):
    return pd.DataFrame(
        {
            "care_services_indicator": ["mental_disorder_services_children", "care_services_applications_minors"],
            "care_services_value": [children, applications],
        }
    )


def programmes(assistant=1, respite=27):
    return pd.DataFrame(
        {
            "care_services_programme": ["personal_assistant", "respite_care"],
            "care_services_programme_name": ["Program A – edycja 2025", "Program B – edycja 2025"],
            "care_services_programme_children": [assistant, respite],
        }
    )


def test_coordinator_amount_is_exact_grosze():
    frames = {
        "foster_care_money_aggregates": pd.DataFrame(
            {"foster_care_money_indicator": ["coordinator_cofinancing"], "foster_care_amount_gr": [5685647]}
        )
    }
    ch = foster_care_coordinator.compute(frames, 2025)
    value = ch.ledger["coordinator_cofinancing"]
    assert value.value == 5685647 and isinstance(value.value, int) and value.unit == "gr"


@pytest.mark.parametrize("children, applications", [(43, 0), (0, 1), (1, 12)])
def test_care_services_aggregates(children, applications):
    frames = {"care_services_aggregates": aggregates(children, applications)}
    assert mental_health_care_services.compute(frames, 2025).ledger["children"].value == children
    assert care_services.compute(frames, 2025).ledger["applications"].value == applications


def test_programmes_give_name_from_data_and_children():
    frames = {"care_services_programmes": programmes(1, 27)}
    pa = personal_assistance.compute(frames, 2025)
    rc = respite_care.compute(frames, 2025)
    assert pa.programme_name == "Program A – edycja 2025" and pa.ledger["children"].value == 1
    assert rc.programme_name == "Program B – edycja 2025" and rc.ledger["children"].value == 27
    assert (
        pa.ledger["children"].id == "personal_assistance.children"
        and rc.ledger["children"].id == "respite_care.children"
    )


def test_zero_children_in_a_programme():
    ch = respite_care.compute({"care_services_programmes": programmes(0, 0)}, 2025)
    assert ch.ledger["children"].value == 0


def test_modules_build_from_the_2025_data():
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "data" / "2025"
    assert foster_care_coordinator.build(data, 2025).ledger["coordinator_cofinancing"].value == 5685647
    assert mental_health_care_services.build(data, 2025).ledger["children"].value == 43
    assert care_services.build(data, 2025).ledger["applications"].value == 0
    assert personal_assistance.build(data, 2025).ledger["children"].value == 1
    assert respite_care.build(data, 2025).ledger["children"].value == 27
