"""Personal data: refused in the office's texts; small counts of people listed for review."""

from __future__ import annotations

import pytest

from sprawozdanie import privacy
from sprawozdanie.errors import ReportError
from sprawozdanie.present import office


@pytest.mark.parametrize(
    "line, what",
    [
        ("Rodzina zgłosiła się z dzieckiem o numerze 44051401359.", "numer PESEL: 44051401359"),
        ("Z rodziną pracowała Anna Kowalska.", "imię i nazwisko: Anna Kowalska"),
        ("Podziękowania dla pani Nowak.", "nazwisko osoby: pani Nowak"),
    ],
)
def test_an_office_text_with_personal_data_is_refused_naming_file_and_line(tmp_path, line, what):
    path = tmp_path / "01_formy_pracy.md"
    path.write_text(f"Pierwszy akapit.\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        office.read_all([path])
    assert f"01_formy_pracy.md, wiersz 3: {what}" in str(err.value)


def test_names_of_streets_and_patrons_are_not_persons():
    text = (
        "Punkt działa przy ul. Jana Pawła II 5, w Szkole Podstawowej im. Marii Konopnickiej; "
        "współpraca z Poradnią Psychologiczno-Pedagogiczną i świetlicą „Promyk”."
    )
    assert privacy.personal_data(text) == []


def test_a_number_of_eleven_digits_that_is_no_pesel_passes():
    assert privacy.personal_data("Konto 12345678901.") == []


def test_small_counts_of_people_beside_a_detail_are_listed():
    records = [
        {
            "id": "foster_care_families.left",
            "value": "1",
            "shown": "1",
            "unit": "dzieci",
            "label_pl": "Dzieci, które opuściły pieczę",
        },
        {"id": "family_assistance.meetings", "value": "2", "shown": "2", "unit": "spotkania", "label_pl": "Spotkania"},
        {"id": "legal_help.families", "value": "2", "shown": "2", "unit": "rodziny", "label_pl": "Rodziny z poradą"},
        {"id": "intervention.big", "value": "12", "shown": "12", "unit": "rodziny", "label_pl": "Rodziny w pieczy"},
    ]
    markdown = {
        "Piecza": 'Pieczę opuściło [1]{.val data-id="foster_care_families.left"} dziecko. Odbyły się '
        '[2]{.val data-id="family_assistance.meetings"} spotkania w pieczy.\n\n'
        'Z porady skorzystały [2]{.val data-id="legal_help.families"} rodziny.\n\n'
        'W pieczy [12]{.val data-id="intervention.big"} rodzin.'
    }
    found = privacy.small_counts(markdown, records)
    # people (not meetings), 1 or 2 (not 12), beside a detail (piecza; not a plain advice count)
    assert [(f["chapter"], f["value"], f["label"]) for f in found] == [("Piecza", "1", "Dzieci, które opuściły pieczę")]
    assert found[0]["context"].startswith("Pieczę opuściło 1 dziecko.")


@pytest.mark.parametrize(
    "text, what",
    [
        ("Numer 440514 01359.", "numer PESEL: 440514 01359"),
        ("Numer 44051-401359.", "numer PESEL: 44051-401359"),
        ("Numer 4405\n1401359.", "numer PESEL"),
        ("Numer **440514**01359.", "numer PESEL"),
        ("Pracowała z nią Anna\nNowak.", "imię i nazwisko: Anna Nowak"),
        ("Spotkanie z Anną Nowak.", "imię i nazwisko: Anną Nowak"),
        ("Wsparcie dla Agnieszki Kowalskiej.", "imię i nazwisko: Agnieszki Kowalskiej"),
        ("Rozmowa z Markiem Wiśniewskim.", "imię i nazwisko: Markiem Wiśniewskim"),
        ("Nowak Anna prowadziła zajęcia.", "nazwisko i imię: Nowak Anna"),
        ("Pomoc otrzymała rodzina Kowalskich.", "nazwisko rodziny: rodzina Kowalskich"),
        ("Rodzinie Nowaków pomagano.", "nazwisko rodziny: Rodzinie Nowaków"),
        ("Państwo Wiśniewscy zgłosili się.", "nazwisko rodziny: Państwo Wiśniewscy"),
        ("Zajęcia prowadzi A. Nowak.", "inicjał i nazwisko: A. Nowak"),
        ("Zajęcia prowadzi *Anna* Nowak.", "imię i nazwisko: Anna Nowak"),
        ("Zajęcia prowadzi Ann**a** Nowak.", "imię i nazwisko: Anna Nowak"),
    ],
)
def test_personal_data_in_its_common_forms_is_found(text, what):
    assert [w for _, w in privacy.personal_data(text)] and what in " ".join(w for _, w in privacy.personal_data(text))


@pytest.mark.parametrize(
    "text",
    [
        "Punkt przy ul. Księdza Jerzego Popiełuszki 3.",
        "Szkoła Podstawowa im. Marii Konopnickiej.",
        "Parafia św. Anny.",
        "Ulica A. Mickiewicza, ul. A. Mickiewicza 5.",
        "Liceum im. st. sierż. pilota Stanisława Działowskiego.",
        "Tel. 17 583 33 33, konto 12 1020 4317 0000 1234 5678 9012.",
        "Rodziny zastępcze i rodziny wspierające.",
    ],
)
def test_streets_patrons_and_numbers_that_are_not_pesel_pass(text):
    assert privacy.personal_data(text) == []


def test_every_office_text_and_input_cell_of_2025_passes():
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "data" / "2025"
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "teksty").glob("*.md"))]
    cells = [cell for p in sorted(data.glob("*.csv")) for row in csv.reader(p.open(encoding="utf-8")) for cell in row]
    assert [t for t in texts + cells if privacy.personal_data(t)] == []
