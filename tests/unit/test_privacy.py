"""Personal data: refused in the office's texts; small counts of people listed for review."""

from __future__ import annotations

import pytest

from sprawozdanie import privacy
from sprawozdanie.errors import ReportError
from sprawozdanie.present import office


@pytest.mark.parametrize("line, what", [
    ("Rodzina zgłosiła się z dzieckiem o numerze 44051401359.", "numer PESEL: 44051401359"),
    ("Z rodziną pracowała Anna Kowalska.", "imię i nazwisko: Anna Kowalska"),
    ("Podziękowania dla pani Nowak.", "nazwisko osoby: pani Nowak"),
])
def test_an_office_text_with_personal_data_is_refused_naming_file_and_line(tmp_path, line, what):
    path = tmp_path / "01_formy_pracy.md"
    path.write_text(f"Pierwszy akapit.\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        office.read_all([path])
    assert f"01_formy_pracy.md, wiersz 3: {what}" in str(err.value)


def test_names_of_streets_and_patrons_are_not_persons():
    text = ("Punkt działa przy ul. Jana Pawła II 5, w Szkole Podstawowej im. Marii Konopnickiej; "
            "współpraca z Poradnią Psychologiczno-Pedagogiczną i świetlicą „Promyk”.")
    assert privacy.personal_data(text) == []


def test_a_number_of_eleven_digits_that_is_no_pesel_passes():
    assert privacy.personal_data("Konto 12345678901.") == []


def test_small_counts_of_people_beside_a_detail_are_listed():
    records = [
        {"id": "ch09.left", "value": "1", "shown": "1", "unit": "dzieci", "label_pl": "Dzieci, które opuściły pieczę"},
        {"id": "ch01.meetings", "value": "2", "shown": "2", "unit": "spotkania", "label_pl": "Spotkania"},
        {"id": "ch02.families", "value": "2", "shown": "2", "unit": "rodziny", "label_pl": "Rodziny z poradą"},
        {"id": "ch05.big", "value": "12", "shown": "12", "unit": "rodziny", "label_pl": "Rodziny w pieczy"},
    ]
    markdown = {"Piecza": 'Pieczę opuściło [1]{.val data-id="ch09.left"} dziecko. Odbyły się '
                          '[2]{.val data-id="ch01.meetings"} spotkania w pieczy.\n\n'
                          'Z porady skorzystały [2]{.val data-id="ch02.families"} rodziny.\n\n'
                          'W pieczy [12]{.val data-id="ch05.big"} rodzin.'}
    found = privacy.small_counts(markdown, records)
    # people (not meetings), 1 or 2 (not 12), beside a detail (piecza; not a plain advice count)
    assert [(f["chapter"], f["value"], f["label"]) for f in found] == [("Piecza", "1", "Dzieci, które opuściły pieczę")]
    assert found[0]["context"].startswith("Pieczę opuściło 1 dziecko.")
