"""Each class of bad input gets a clear error naming file, row, column, found and expected."""

from __future__ import annotations

from pathlib import Path

from sprawozdanie.load import load_inputs

from .inputs import edit_cell, problems

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"
CASES = "family_assistance_cases.csv"


def only(data_dir: Path):
    found = problems(data_dir)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_the_committed_2025_data_are_valid():
    frames = load_inputs(DATA, 2025)
    assert len(frames["family_assistance_cases"]) > 0


def test_missing_file(data_dir):
    (data_dir / CASES).unlink()
    p = only(data_dir)
    assert p.file == CASES and p.row is None
    assert "Rejestr spraw asysty rodzinnej" in str(p)


def test_missing_column(data_dir):
    text = (data_dir / CASES).read_text(encoding="utf-8").replace("minor_children", "children", 1)
    (data_dir / CASES).write_text(text, encoding="utf-8")
    found = {(p.column, p.found) for p in problems(data_dir)}
    assert ("minor_children", None) in found  # missing
    assert ("children", "children") in found  # unknown, named as found


def test_text_in_a_count(data_dir):
    edit_cell(data_dir / CASES, 5, "minor_children", "dwoje")
    p = only(data_dir)
    assert (p.file, p.row, p.column, p.found) == (CASES, 5, "minor_children", "dwoje")
    assert "liczba całkowita nieujemna" in p.expected
    assert str(p) == (
        f"{CASES}, wiersz 5, kolumna 'minor_children': znaleziono 'dwoje', "
        "oczekiwano: liczba całkowita nieujemna (np. 0, 12), najwyżej 12 cyfr"
    )


def test_negative_count(data_dir):
    edit_cell(data_dir / "family_assistance_contacts.csv", 3, "contacts", "-9")
    p = only(data_dir)
    assert (p.file, p.row, p.column, p.found) == ("family_assistance_contacts.csv", 3, "contacts", "-9")


def test_date_outside_the_year(data_dir):
    edit_cell(data_dir / CASES, 2, "end_date", "2026-01-15")
    p = only(data_dir)
    assert (p.row, p.column, p.found) == (2, "end_date", "2026-01-15")
    assert p.expected == "data w roku 2025 (od 2025-01-01 do 2025-12-31)"


def test_malformed_date(data_dir):
    edit_cell(data_dir / CASES, 3, "start_date", "2025-02-30")
    p = only(data_dir)
    assert (p.row, p.column, p.found) == (3, "start_date", "2025-02-30")
    assert "RRRR-MM-DD" in p.expected


def test_end_date_before_start(data_dir):
    edit_cell(data_dir / CASES, 2, "start_date", "2025-11-30")
    edit_cell(data_dir / CASES, 2, "end_date", "2025-11-01")
    p = only(data_dir)
    assert (p.row, p.column) == (2, "start_date, end_date")
    assert "nie wcześniejsza niż data rozpoczęcia" in p.expected


def test_unknown_category(data_dir):
    edit_cell(data_dir / CASES, 4, "end_reason", "ucieczka")
    p = only(data_dir)
    assert (p.row, p.column, p.found) == (4, "end_reason", "ucieczka")
    assert "goals_achieved" in p.expected and "refusal" in p.expected


def test_variant_spellings_are_accepted(data_dir):
    edit_cell(data_dir / CASES, 2, "court_ordered", "Tak")
    edit_cell(data_dir / CASES, 2, "end_reason", "osiągnięcie celów")
    frames = load_inputs(data_dir, 2025)
    first = frames["family_assistance_cases"].iloc[0]
    assert bool(first["court_ordered"]) is True and first["end_reason"] == "goals_achieved"


def test_duplicate_case_id(data_dir):
    edit_cell(data_dir / CASES, 3, "case_id", "AR-001")
    found = problems(data_dir)
    assert {(p.row, p.column, p.found) for p in found} == {(2, "case_id", "AR-001"), (3, "case_id", "AR-001")}
    assert all("powtarza się" in p.expected for p in found)


def test_blank_required_value(data_dir):
    edit_cell(data_dir / CASES, 6, "assistant_id", "")
    p = only(data_dir)
    assert (p.row, p.column, p.found) == (6, "assistant_id", "")
    assert "wymagana" in p.expected


def test_end_reason_without_end_date(data_dir):
    rows = (data_dir / CASES).read_text(encoding="utf-8").splitlines()
    line = next(i for i, r in enumerate(rows, 1) if ",,," in r)  # an open case
    edit_cell(data_dir / CASES, line, "end_reason", "refusal")
    p = only(data_dir)
    assert p.row == line and "wtedy i tylko wtedy" in p.expected


def test_money_with_three_decimals_or_a_stray_comma(data_dir):
    edit_cell(data_dir / "za_zyciem_payments.csv", 2, "amount_zl", "4000,001")
    edit_cell(data_dir / "za_zyciem_payments.csv", 3, "amount_zl", "4000.001")
    edit_cell(data_dir / "za_zyciem_payments.csv", 4, "amount_zl", "4,000.00")
    found = problems(data_dir)
    assert [(p.row, p.found) for p in found] == [(2, "4000,001"), (3, "4000.001"), (4, "4,000.00")]


def test_every_problem_is_reported_at_once(data_dir):
    edit_cell(data_dir / CASES, 5, "minor_children", "x")
    edit_cell(data_dir / "family_assistance_contacts.csv", 2, "contacts", "y")
    (data_dir / "family_assistance_aggregates.csv").unlink()
    assert len(problems(data_dir)) == 3


def test_an_absent_optional_file_is_a_table_without_rows(data_dir):
    (data_dir / "za_zyciem_payments.csv").unlink()
    frame = load_inputs(data_dir, 2025)["za_zyciem_payments"]  # no InputError
    assert frame.empty and "amount_gr" in frame.columns  # typed like a read file: money in grosze


def test_missing_indicator_row(data_dir):
    path = data_dir / "family_assistance_aggregates.csv"
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    p = only(data_dir)
    assert p.column == "indicator" and "za_zyciem_applications" in p.expected


def test_two_open_cases_of_one_family(data_dir):
    rows = (data_dir / CASES).read_text(encoding="utf-8").splitlines()
    open_lines = [i for i, r in enumerate(rows, 1) if ",,," in r][:2]
    for line in open_lines:
        edit_cell(data_dir / CASES, line, "family_id", "RD-999")
    found = problems(data_dir)
    assert {p.row for p in found} == set(open_lines)
    assert any("najwyżej jedna" in p.expected for p in found)


def test_an_id_typed_in_another_case_is_not_a_new_family(data_dir):
    rows = (data_dir / CASES).read_text(encoding="utf-8").splitlines()
    families = [r.split(",")[1] for r in rows[1:]]
    family = next(f for f in families if families.count(f) > 1)  # a family with two cases
    first, second = [i for i, f in enumerate(families, 2) if f == family][:2]
    edit_cell(data_dir / CASES, second, "family_id", family.lower())
    p = only(data_dir)
    assert (p.row, p.column, p.found) == (second, "family_id", family.lower())
    assert f"'{family}' (wiersz {first})" in p.expected and "wielkością liter" in p.expected


def test_a_total_row_is_refused(data_dir):
    path = data_dir / "family_assistance_contacts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "Razem,917\n", encoding="utf-8")
    p = only(data_dir)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert (p.row, p.column, p.found) == (lines, "institution", "Razem") and "sumy" in p.expected


def test_an_invisible_character_is_shown(data_dir):
    edit_cell(data_dir / CASES, 3, "assistant_id", "AS\u200b-1")
    found = problems(data_dir)
    assert {p.row for p in found} == {3} and all("AS<U+200B>-1" in str(p) for p in found)
