"""Chapters 2, 3 and 6: the shared directory of institutions (Tables 5–7) and their figures."""

import pandas as pd
import pytest

from sprawozdanie.chapters import counselling, legal_help, psychological_help

COLS = [
    "institution_id",
    "institution_name",
    "institution_street",
    "institution_postcode_city",
    "institution_phone",
    "institution_help",
    "institution_hours",
    "institution_resources_name",
    "institution_resources_address",
    "institution_row_legal_help",
    "institution_row_resources",
    "institution_row_psychological",
]


def directory(rows):
    return pd.DataFrame(rows, columns=COLS).astype(object).where(lambda d: d.notna(), None)


DIRECTORY = directory(
    [
        # id, name, street, postcode, phone, help, hours, T6 name, T6 address, T5, T6, T7
        (
            "a",
            "Ośrodek A",
            "ul. Długa 1",
            "00-001 Miasto",
            "12 345 67 89",
            "pomoc prawna; pomoc psychologiczna",
            "pon.: 8:00 – 16:00; wt.: 8:00 – 15:00",
            "Ośrodek A; Klub A",
            "ul. Długa 1; ul. Krótka 2",
            2,
            1,
            1,
        ),
        ("b", "Punkt B", "ul. Szeroka 3", None, None, "pomoc prawna", None, None, None, 1, 0, 0),
        ("c", "Poradnia C", "ul. Wąska 4; ul. Nowa 5", None, None, None, None, None, None, 0, 2, 2),
    ]
)


def test_one_entry_serves_several_tables_in_their_own_order():
    t5 = legal_help.directory_rows(DIRECTORY, 5)
    t7 = legal_help.directory_rows(DIRECTORY, 7)
    assert [r.institution_id for r in t5] == ["b", "a"]
    assert [r.institution_id for r in t7] == ["a", "c"]
    assert t5[1] == t7[0]  # the same institution, entered once, gives the same row


def test_cells_are_lists_of_lines():
    a = legal_help.directory_rows(DIRECTORY, 5)[1]
    assert a.contact == ["ul. Długa 1, 00-001 Miasto", "tel. 12 345 67 89"]
    assert a.help == ["pomoc prawna", "pomoc psychologiczna"]
    assert a.hours == ["pon.: 8:00 – 16:00", "wt.: 8:00 – 15:00"]
    b = legal_help.directory_rows(DIRECTORY, 5)[0]
    assert b.contact == ["ul. Szeroka 3"] and b.hours == []


def test_table_6_uses_its_own_names_and_addresses_when_given():
    rows = legal_help.resources_rows(DIRECTORY)
    assert rows[0].names == ["Ośrodek A", "Klub A"] and rows[0].addresses == ["ul. Długa 1", "ul. Krótka 2"]
    assert rows[1].names == ["Poradnia C"] and rows[1].addresses == ["ul. Wąska 4", "ul. Nowa 5"]


def test_a_place_used_twice_in_one_table_is_an_error():
    bad = DIRECTORY.copy()
    bad.loc[2, "institution_row_legal_help"] = 1
    with pytest.raises(ValueError, match="Tabela nr 5"):
        legal_help.directory_rows(bad, 5)


def test_an_empty_table_is_allowed():
    none_listed = DIRECTORY.assign(institution_row_psychological=0)
    assert legal_help.directory_rows(none_listed, 7) == []


def test_chapter_figures_come_from_the_aggregates():
    ch2 = legal_help.compute(
        {
            "institutions_directory": DIRECTORY,
            "legal_help_aggregates": pd.DataFrame({"legal_help_indicator": ["legal_help_families"], "value": [1]}),
        },
        2025,
    )
    assert ch2.ledger["legal_help_families"].value == 1 and len(ch2.institutions) == 2
    codes = [
        "counselling_families_with_children",
        "counselling_persons_with_children",
        "counselling_families_total",
        "counselling_persons_total",
    ]
    ch3 = counselling.compute(
        {
            "institutions_directory": DIRECTORY,
            "counselling_aggregates": pd.DataFrame({"counselling_indicator": codes, "value": [0, 0, 5, 12]}),
        },
        2025,
    )
    assert ch3.ledger["counselling_families_with_children"].value == 0
    assert ch3.ledger["counselling_persons_total"].value == 12 and len(ch3.resources) == 2
    ch6 = psychological_help.compute(
        {
            "institutions_directory": DIRECTORY,
            "psychological_help_aggregates": pd.DataFrame(
                {
                    "psychological_help_indicator": [
                        "psychological_help_families",
                        "psychological_help_families_with_assistant",
                    ],
                    "value": [3, 0],
                }
            ),
        },
        2025,
    )
    assert ch6.ledger["psychological_help_families_with_assistant"].value == 0
    assert [r.institution_id for r in ch6.institutions] == ["a", "c"]
