"""Row numbers as the analyst sees them, ids that refer to another file, and total rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sprawozdanie.load import is_total_label, load_inputs, references

from .inputs import problems

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"
CASES = "family_assistance_cases.csv"


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(encoding="utf-8", newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    rows = rows_of(path)
    header = next(r for r in rows if r)
    rows[row - 1][header.index(column)] = value
    write_rows(path, rows)


# --- row numbers --------------------------------------------------------------------------


def test_a_blank_line_does_not_shift_the_rows_after_it(data_dir):
    path = data_dir / CASES
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")  # a blank line as spreadsheet row 4
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    set_cell(path, 7, "minor_children", "dwoje")  # csv.reader keeps the blank line as an empty row
    (p,) = problems(data_dir)
    assert (p.row, p.column, p.found) == (7, "minor_children", "dwoje")


@pytest.mark.slow
def test_a_row_of_separators_only_is_no_entry_and_keeps_numbering(data_dir):
    path = data_dir / CASES
    rows = rows_of(path)
    rows.insert(2, [""] * len(rows[0]))  # ",,,,,,,," as Excel saves an empty row
    rows.insert(2, [""] * len(rows[0]))
    write_rows(path, rows)
    assert len(load_inputs(data_dir, 2025)["family_assistance_cases"]) == len(rows) - 3
    set_cell(path, 6, "minor_children", "x")
    (p,) = problems(data_dir)
    assert (p.row, p.column) == (6, "minor_children")


def test_a_quoted_line_break_is_one_row(data_dir):
    path = data_dir / "family_assistance_contacts.csv"
    rows = rows_of(path)
    rows[1][0] = "Placówki oświatowe\n(szkoły, przedszkola)"  # one spreadsheet row over two text lines
    rows[3][1] = "-1"
    write_rows(path, rows)
    (p,) = problems(data_dir)
    assert (p.file, p.row, p.column) == ("family_assistance_contacts.csv", 4, "contacts")


# --- ids across files -----------------------------------------------------------------


def test_the_references_between_files_are_derived_from_the_registry():
    refs = {(col, target): sources for col, target, sources in references()}
    assert refs[("institution_id", "institutions_directory")] == ("child_support_aggregates",)
    assert refs[("family_id", "family_assistance_cases")] == ("za_zyciem_payments",)
    assert refs[("daily_centre_id", "daily_centres")] == ("daily_centres_figures",)


def test_a_reference_spelt_in_another_case_names_both_files_and_rows(data_dir):
    directory = rows_of(data_dir / "institutions_directory.csv")
    first_id = directory[1][0]
    aggregates = rows_of(data_dir / "child_support_aggregates.csv")
    row = next(i for i, r in enumerate(aggregates, 1) if r[1] == first_id)
    set_cell(data_dir / "child_support_aggregates.csv", row, "institution_id", first_id.upper())
    (p,) = problems(data_dir)
    assert (p.file, p.row, p.column, p.found) == (
        "child_support_aggregates.csv",
        row,
        "institution_id",
        first_id.upper(),
    )
    assert f"institutions_directory.csv (wiersz 2, kolumna 'institution_id': '{first_id}')" in p.expected
    assert "wielkością liter" in p.expected


def test_a_reference_with_an_invisible_character_is_shown_by_code_point(data_dir):
    cases = rows_of(data_dir / CASES)
    family, case_row = cases[2][1], next(i for i, r in enumerate(cases, 1) if r[1] == cases[2][1])
    set_cell(data_dir / "za_zyciem_payments.csv", 2, "family_id", family + "\u200b")
    found = [p for p in problems(data_dir) if "tak jak w pliku" in p.expected]
    (p,) = found
    assert (p.file, p.row, p.column) == ("za_zyciem_payments.csv", 2, "family_id")
    assert f"{CASES} (wiersz {case_row}" in p.expected
    assert f"{family}<U+200B>" in str(p)


def test_a_reference_to_an_id_absent_from_the_other_file_is_not_a_spelling_error(data_dir):
    # A case monitored this year may have ended last year: it is in no register of this year.
    set_cell(data_dir / "family_assistance_monitoring.csv", 2, "case_id", "AR-2024-999")
    load_inputs(data_dir, 2025)  # no InputError


# --- total rows -----------------------------------------------------------------------


def test_total_words_alone_are_totals_and_descriptions_are_not():
    assert [is_total_label(v) for v in ("Razem", "razem:", " SUMA : ", "Ogółem", "ŁĄCZNIE", "Razem\u00a0")] == [
        True
    ] * 6
    assert not any(is_total_label(v) for v in ("Razem z rodzicami", "Suma kontroli", "Ogółem 3 placówki", ""))


@pytest.mark.parametrize("label", ["razem", "Razem:", "ŁĄCZNIE", "ogółem "])
def test_a_total_row_under_an_id_label_is_refused(data_dir, label):
    # An id such as 'razem' passes the id pattern: without this check it would be one more item.
    path = data_dir / "daily_centres_spending.csv"
    rows = rows_of(path)
    rows.append([label, "520100.00", "Urząd Miejski"])
    write_rows(path, rows)
    found = problems(data_dir)
    (p,) = [p for p in found if "nie wiersz sumy" in p.expected]
    assert (p.file, p.row, p.column, p.found) == (
        "daily_centres_spending.csv",
        len(rows),
        "daily_centres_spending_item",
        label.strip(),
    )
    if label == "razem":
        assert found == [p]  # a valid id otherwise: this is the only thing that stops it


def test_a_description_containing_a_total_word_is_kept(data_dir):
    set_cell(data_dir / "daily_centres_spending.csv", 2, "daily_centres_spending_source", "Razem z budżetu gminy")
    set_cell(data_dir / "family_assistance_contacts.csv", 2, "institution", "Razem z rodzicami – szkoły")
    frames = load_inputs(data_dir, 2025)
    assert "Razem z rodzicami – szkoły" in set(frames["family_assistance_contacts"]["institution"])


def test_blank_lines_above_the_header_are_counted_too(data_dir):
    path = data_dir / CASES
    path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # header in row 3
    set_cell(path, 6, "minor_children", "dwoje")
    (p,) = problems(data_dir)
    assert (p.row, p.column, p.found) == (6, "minor_children", "dwoje")


# --- totals as spreadsheets write them; labels spelt alike ------------------------------

CONTACTS = "family_assistance_contacts.csv"


@pytest.mark.parametrize(
    "label",
    ["Suma końcowa", "Suma ogółem", "Razem gmina", "Σ", "Razem Gmina Miejska Mielec", "OGÓŁEM:", "Łącznie w 2025 r."],
)
def test_a_total_row_as_a_spreadsheet_writes_it_is_refused(data_dir, label):
    # Excel's pivot table ends with "Suma końcowa": read as a row, the contacts' total would double.
    path = data_dir / CONTACTS
    rows = rows_of(path)
    rows.append([label, str(sum(int(r[1]) for r in rows[1:]))])
    write_rows(path, rows)
    (p,) = [p for p in problems(data_dir) if "nie wiersz sumy" in p.expected]
    assert (p.file, p.row, p.column, p.found) == (CONTACTS, len(rows), "institution", label)


@pytest.mark.parametrize(
    "other",
    [
        "placówki oświatowe (szkoły, przedszkola)",
        "Placówki oś\u00adwiatowe (szkoły, przedszkola)",
        "Placówki oświatowe (szkoły,  przedszkola)",
    ],
)
def test_two_labels_spelt_alike_are_refused_naming_both_rows(data_dir, other):
    # Counted as two institutions, their contacts would be split; the report would show both.
    path = data_dir / CONTACTS
    rows = rows_of(path)
    first = rows[1][0]
    rows.append([other, "5"])
    write_rows(path, rows)
    (p,) = [p for p in problems(data_dir) if "zapisana tak samo" in p.expected]
    assert (p.file, p.row, p.column) == (CONTACTS, len(rows), "institution")
    assert f"'{first}' (wiersz 2)" in p.expected


# --- encodings and characters the report cannot print ------------------------------------


def test_a_file_with_one_row_in_another_encoding_is_refused_naming_the_row(data_dir):
    path = data_dir / CONTACTS
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_bytes(
        "\n".join(lines[:3]).encode("utf-8")
        + b"\n"
        + lines[3].encode("cp1250")
        + b"\n"
        + "\n".join(lines[4:]).encode("utf-8")
    )
    (p,) = [p for p in problems(data_dir) if p.file == CONTACTS]
    assert "wiersz 4: zapisany w innym kodowaniu niż reszta pliku" in p.expected


def test_utf16_without_its_mark_gets_one_polish_message(data_dir):
    path = data_dir / CONTACTS
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    found = [p for p in problems(data_dir) if p.file == CONTACTS]
    assert len(found) == 1 and "UTF-16 bez znacznika" in found[0].expected


@pytest.mark.parametrize(
    "text, what",
    [
        ("Szkoły\x00", "znak sterujący U+0000"),
        ("Szkoły 🙂", "U+1F642"),
        ("学校", "U+5B66"),
        ("Szkoły\u202e", "znak sterujący U+202E"),
    ],
)
def test_a_character_the_report_cannot_print_is_refused_by_validation(data_dir, text, what):
    set_cell(data_dir / CONTACTS, 3, "institution", text)
    (p,) = [p for p in problems(data_dir) if p.file == CONTACTS]
    assert (p.row, p.column) == (3, "institution") and what in p.expected
