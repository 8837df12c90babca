"""Files as Excel on Polish Windows writes them are read with the same numbers as UTF-8 ones;
a file whose encoding cannot be told gets one Polish message."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sprawozdanie.errors import InputError
from sprawozdanie.load import DIALECTS, load_inputs

from .inputs import problems as refused

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"


def rewrite(path: Path, encoding: str, sep: str, polish_numbers: bool = False) -> None:
    """The file as Excel would save it: another encoding and separator, and (optionally)
    money with a decimal comma and spaces between thousands, dates as 31.12.2025."""
    rows = list(csv.reader(path.open(encoding="utf-8")))
    if polish_numbers:
        for row in rows[1:]:
            for i, cell in enumerate(row):
                name = rows[0][i]
                if name.endswith("_zl") and cell:
                    whole, _, grosze = cell.partition(".")
                    row[i] = f"{int(whole):,}".replace(",", "\u00a0") + "," + (grosze or "00")
                elif name.endswith("_date") and cell:
                    y, m, d = cell.split("-")
                    row[i] = f"{d}.{m}.{y}"
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def summary(frames) -> dict:
    return {name: df.to_json(date_format="iso", default_handler=str) for name, df in frames.items()}


@pytest.mark.slow
def test_windows_1250_semicolons_and_decimal_commas_give_the_same_figures(data_dir, tmp_path):
    expected = summary(load_inputs(data_dir, 2025))
    for name in (
        "family_assistance_cases.csv",
        "za_zyciem_payments.csv",
        "institutions_directory.csv",
        "foster_care_placements.csv",
        "daily_centres_spending.csv",
    ):
        rewrite(data_dir / name, "cp1250", ";", polish_numbers=True)
    rewrite(data_dir / "family_assistance_contacts.csv", "utf-16", "\t")
    (data_dir / "needs_list.csv").rename(data_dir / "NEEDS_LIST.CSV")
    assert summary(load_inputs(data_dir, 2025)) == expected
    said = {Path(k).name: v.describe() for k, v in DIALECTS.items() if str(data_dir) in k}
    assert said["institutions_directory.csv"] == "kodowanie Windows-1250, separator: średnik"
    assert said["family_assistance_cases.csv"].endswith("separator: średnik")  # ASCII only: read as UTF-8
    assert said["family_assistance_contacts.csv"] == "kodowanie UTF-16 (Tekst Unicode), separator: tabulator"


def test_an_encoding_that_cannot_be_told_is_named_not_guessed(data_dir):
    path = data_dir / "needs_list.csv"
    # 0xB9 alone is "ą" in Windows-1250 and "š" in ISO-8859-2: the two read the file differently
    path.write_bytes(b"needs_order,needs_text\n1,pr\xb9d\n")
    with pytest.raises(InputError) as err:
        load_inputs(data_dir, 2025)
    [problem] = [p for p in err.value.problems if p.file == "needs_list.csv"]
    assert "CSV UTF-8" in problem.expected and "Windows-1250" in problem.expected


def test_an_empty_optional_file_is_a_table_with_no_rows(data_dir):
    (data_dir / "za_zyciem_payments.csv").write_bytes(b"")
    frames = load_inputs(data_dir, 2025)
    assert len(frames["za_zyciem_payments"]) == 0


def test_provenance_records_how_each_file_was_written(built_2025):
    prov = json.loads(built_2025["provenance"].read_text(encoding="utf-8"))
    assert prov["dialects"]["data/2025/family_assistance_cases.csv"] == "kodowanie UTF-8, separator: przecinek"


def test_params_saved_in_windows_1250_are_read(tmp_path):
    from sprawozdanie.params import load_params

    source = Path(__file__).resolve().parents[2] / "params" / "2025.yml"
    path = tmp_path / "2025.yml"
    path.write_bytes(source.read_text(encoding="utf-8").encode("cp1250"))
    assert load_params(path, 2025).institution.name == "Miejski Ośrodek Pomocy Społecznej w Mielcu"


def set_cells(path: Path, changes: dict[tuple[int, str], str]) -> None:
    """Set cells (row as in a spreadsheet, header = 1) and write the file back as a comma CSV
    (a value with a comma or a space is quoted by the csv module as Excel would)."""
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for (row, column), value in changes.items():
        rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


PAYMENTS, CONTACTS = "za_zyciem_payments.csv", "family_assistance_contacts.csv"


def test_thousands_spaces_of_every_kind_and_a_currency_suffix_are_read(data_dir):
    set_cells(
        data_dir / PAYMENTS,
        {
            (2, "amount_zl"): "72 360,56",
            (3, "amount_zl"): "72\u00a0360.56",
            (4, "amount_zl"): "1\u202f072\u202f360,5",
            (5, "amount_zl"): "72.360,56",
            (6, "amount_zl"): "4 000,00 zł",
        },
    )
    set_cells(
        data_dir / CONTACTS, {(2, "contacts"): "1\u202f234", (3, "contacts"): "2\u00a0000", (4, "contacts"): "3 000"}
    )
    frames = load_inputs(data_dir, 2025)
    assert list(frames["za_zyciem_payments"]["amount_gr"][:5]) == [7236056, 7236056, 107236050, 7236056, 400000]
    assert list(frames["family_assistance_contacts"]["contacts"][:3]) == [1234, 2000, 3000]


def test_an_english_amount_in_a_comma_file_is_refused_not_guessed(data_dir):
    set_cells(data_dir / PAYMENTS, {(2, "amount_zl"): "72,360.56"})
    (p,) = refused(data_dir)
    assert (p.file, p.row, p.column, p.found) == (PAYMENTS, 2, "amount_zl", "72,360.56")
    assert "po angielsku" in p.expected and "72 360,56" in p.expected


@pytest.mark.parametrize(
    "file, column, value, words",
    [
        (PAYMENTS, "amount_zl", "4,000", "niejednoznaczna"),
        (PAYMENTS, "amount_zl", "4.000", "niejednoznaczna"),
        (CONTACTS, "contacts", "1,234", "niejednoznaczna"),
        (CONTACTS, "contacts", "1.234", "1 234"),
        (PAYMENTS, "payment_date", "05/06/2025", "ukośnikami"),
        (PAYMENTS, "payment_date", "31.12.25", "czterema cyframi"),
        (PAYMENTS, "payment_date", "45657", "sformatuj komórkę jako datę"),
    ],
)
def test_a_value_that_could_be_read_two_ways_is_explained(data_dir, file, column, value, words):
    set_cells(data_dir / file, {(2, column): value})
    (p,) = refused(data_dir)
    assert (p.file, p.row, p.column, p.found) == (file, 2, column, value)
    assert words in p.expected


@pytest.mark.slow
def test_day_first_dates_with_dashes_are_read(data_dir):
    before = load_inputs(data_dir, 2025)["za_zyciem_payments"]["payment_date"]
    rows = list(csv.reader((data_dir / PAYMENTS).open(encoding="utf-8")))
    dashed = {(i, "payment_date"): "-".join(reversed(r[2].split("-"))) for i, r in enumerate(rows[1:], 2)}
    set_cells(data_dir / PAYMENTS, dashed)
    assert load_inputs(data_dir, 2025)["za_zyciem_payments"]["payment_date"].equals(before)


def test_a_month_first_column_is_refused_whole(data_dir):
    # 12-31-2025 can only be month first, so 05-06-2025 in the same column may be 6 May too
    set_cells(data_dir / PAYMENTS, {(2, "payment_date"): "12-31-2025", (3, "payment_date"): "05-06-2025"})
    found = refused(data_dir)
    column = [p for p in found if p.row is None]
    assert len(column) == 1 and column[0].column == "payment_date" and "'12-31-2025' (wiersz 2)" in column[0].expected
    assert {(p.row, p.found) for p in found if p.row} == {(2, "12-31-2025"), (3, "05-06-2025")}
    assert "miesiąc-dzień" in next(p for p in found if p.row == 2).expected


def test_an_impossible_date_is_shown_as_typed(data_dir):
    set_cells(data_dir / PAYMENTS, {(2, "payment_date"): "31.02.2025"})
    (p,) = refused(data_dir)
    assert (p.row, p.column, p.found) == (2, "payment_date", "31.02.2025")
