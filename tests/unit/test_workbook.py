"""The Excel workbook: template, filled in, imported to CSV with the same validation."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sprawozdanie.errors import InputError
from sprawozdanie.load import load_inputs
from sprawozdanie.schema import registry
from sprawozdanie.workbook import FIRST_DATA_ROW, import_workbook, template

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"


def typed(value: str, field_type: str):
    """A CSV value as a person would type it into Excel (numbers as numbers, dates as dates)."""
    if value == "":
        return None
    if field_type == "count":
        return int(value)
    if field_type == "money":
        return float(value)
    if field_type == "date":
        return dt.datetime.fromisoformat(value)
    return value


@pytest.fixture()
def filled(tmp_path) -> Path:
    """The 2025 template filled in with the committed 2025 data."""
    path = template(tmp_path / "dane.xlsx", 2025)
    wb = load_workbook(path)
    reg = registry()
    for table in reg.tables.values():
        ws = wb[table.name[:31]]
        with open(DATA / table.file, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            for c, name in enumerate(table.columns, start=1):
                ws.cell(row=r, column=c, value=typed(row[name], reg.field_of(table, name).type))
    wb.save(path)
    return path


def test_template_has_a_sheet_per_table_with_keys_meanings_and_validation(tmp_path):
    wb = load_workbook(template(tmp_path / "t.xlsx", 2025))
    reg = registry()
    assert wb.sheetnames == [t.name[:31] for t in reg.tables.values()]
    ws = wb["family_assistance_cases"]
    assert [c.value for c in ws[1]] == list(reg.tables["family_assistance_cases"].columns)
    assert ws.cell(row=2, column=1).value.startswith("Pseudonimowy identyfikator")
    rules = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["F"].type == "list" and "goals_achieved" in rules["F"].formula1  # end_reason
    assert rules["E"].type == "date" and "DATE(2025,12,31)" in rules["E"].formula2  # end_date


@pytest.mark.slow
def test_filled_workbook_imports_to_the_same_data(filled, tmp_path):
    out = tmp_path / "data"
    written = import_workbook(filled, out, 2025)
    assert len(written) == len(registry().tables)
    ours, theirs = load_inputs(out, 2025), load_inputs(DATA, 2025)
    for name in theirs:
        assert ours[name].equals(theirs[name]), name


@pytest.mark.slow
def test_import_reports_sheet_row_and_column_and_writes_nothing(filled, tmp_path):
    wb = load_workbook(filled)
    wb["family_assistance_cases"].cell(row=7, column=8, value="dwoje")  # minor_children
    wb.save(filled)
    out = tmp_path / "data"
    with pytest.raises(InputError) as err:
        import_workbook(filled, out, 2025)
    (p,) = err.value.problems
    assert str(p) == (
        "arkusz family_assistance_cases, wiersz 7, kolumna 'minor_children': znaleziono 'dwoje', "
        "oczekiwano: liczba całkowita nieujemna (np. 0, 12), najwyżej 12 cyfr"
    )
    assert not out.exists()


@pytest.mark.slow
def test_blank_rows_between_entries_keep_excel_row_numbers(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["family_assistance_contacts"]
    ws.insert_rows(5)  # an empty row left between entries
    ws.cell(row=8, column=2, value=-3)
    wb.save(filled)
    with pytest.raises(InputError) as err:
        import_workbook(filled, tmp_path / "data", 2025)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column, p.found) == ("arkusz family_assistance_contacts", 8, "contacts", "-3")


def contacts_total(frames) -> int:
    return int(frames["family_assistance_contacts"]["contacts"].sum())


@pytest.mark.slow
def test_a_deleted_meanings_row_does_not_cost_the_first_entry(filled, tmp_path):
    wb = load_workbook(filled)
    wb["family_assistance_contacts"].delete_rows(2)
    wb.save(filled)
    out = tmp_path / "data"
    import_workbook(filled, out, 2025)
    assert contacts_total(load_inputs(out, 2025)) == contacts_total(load_inputs(DATA, 2025))


@pytest.mark.slow
def test_the_header_is_found_where_it_stands_and_rows_are_named_as_excel_shows_them(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["family_assistance_contacts"]
    ws.insert_rows(1, amount=2)  # the table moved down by two rows: header in row 3
    ws.cell(row=7, column=2, value=-3)
    wb.save(filled)
    with pytest.raises(InputError) as err:
        import_workbook(filled, tmp_path / "data", 2025)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column, p.found) == ("arkusz family_assistance_contacts", 7, "contacts", "-3")


@pytest.mark.slow
def test_a_missing_column_is_named_at_the_header_row(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["family_assistance_contacts"]
    ws.insert_rows(1)
    ws.cell(row=2, column=2, value="kontakty")
    wb.save(filled)
    with pytest.raises(InputError) as err:
        import_workbook(filled, tmp_path / "data", 2025)
    assert {(p.row, p.column) for p in err.value.problems} >= {(2, "contacts")}


def test_merged_cells_in_the_table_are_refused_with_their_range(filled, tmp_path):
    wb = load_workbook(filled)
    wb["family_assistance_cases"].merge_cells("C4:C6")  # one assistant "for" three cases
    wb.save(filled)
    out = tmp_path / "data"
    with pytest.raises(InputError) as err:
        import_workbook(filled, out, 2025)
    (p,) = err.value.problems
    assert (p.file, p.row, p.found) == ("arkusz family_assistance_cases", 4, "scalone komórki C4:C6")
    assert "Rozdziel" in p.expected and not out.exists()


@pytest.mark.slow
def test_float_noise_of_a_formula_is_rounded_to_the_grosz(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["za_zyciem_payments"]
    ws.cell(row=FIRST_DATA_ROW, column=4, value=72360.56000000001)
    ws.cell(row=FIRST_DATA_ROW + 1, column=4, value=0.1 + 0.2)  # 0.30000000000000004
    wb.save(filled)
    out = tmp_path / "data"
    import_workbook(filled, out, 2025)
    amounts = load_inputs(out, 2025)["za_zyciem_payments"]["amount_gr"]
    assert list(amounts[:2]) == [7236056, 30]


@pytest.mark.slow
def test_a_real_fraction_of_a_grosz_stays_an_error(filled, tmp_path):
    wb = load_workbook(filled)
    wb["za_zyciem_payments"].cell(row=FIRST_DATA_ROW, column=4, value=1.005)
    wb.save(filled)
    with pytest.raises(InputError) as err:
        import_workbook(filled, tmp_path / "data", 2025)
    (p,) = err.value.problems
    assert (p.row, p.column, p.found) == (FIRST_DATA_ROW, "amount_zl", "1.005")


def test_values_outside_the_table_are_named_by_cell(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["family_assistance_contacts"]
    ws["D5"] = "sprawdzić z p. Kowalską"  # right of the last key column (B)
    last = ws.max_row
    ws.cell(row=last + 3, column=2, value=917)  # a sum below the table, after two empty rows
    wb.save(filled)
    out = tmp_path / "data"
    with pytest.raises(InputError) as err:
        import_workbook(filled, out, 2025)
    found = {(p.row, p.column, p.found) for p in err.value.problems}
    assert found == {(5, "D", "sprawdzić z p. Kowalską"), (last + 3, "B", "917")}
    assert all(
        "poza tabelą" in p.expected and "arkusz family_assistance_contacts" == p.file for p in err.value.problems
    )
    assert "D5" in str(min(err.value.problems, key=lambda p: p.row)) and not out.exists()


@pytest.mark.slow
def test_the_template_filled_from_the_data_imports_to_the_same_data(tmp_path):
    path = template(tmp_path / "t.xlsx", 2025, DATA)
    out = tmp_path / "data"
    import_workbook(path, out, 2025)
    ours, theirs = load_inputs(out, 2025), load_inputs(DATA, 2025)
    for name in theirs:
        assert ours[name].equals(theirs[name]), name


@pytest.mark.slow
@pytest.mark.parametrize("text", ['=HYPERLINK("http://x";"a")', "+48 17 787 56 11", "-wsparcie", "@SUMA(A1)"])
def test_prefilled_text_that_looks_like_a_formula_stays_text(tmp_path, text):
    import shutil

    data = tmp_path / "2025"
    shutil.copytree(DATA, data)
    path = data / "institutions_directory.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][rows[0].index("institution_phone")] = text
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    book = template(tmp_path / "t.xlsx", 2025, data)
    cell = load_workbook(book)["institutions_directory"].cell(row=FIRST_DATA_ROW, column=5)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    out = tmp_path / "out"
    import_workbook(book, out, 2025)
    assert load_inputs(out, 2025)["institutions_directory"]["institution_phone"][0] == text


def test_a_pasted_block_outside_the_table_is_named_in_few_lines(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["family_assistance_contacts"]
    for r in range(3, 13):
        for c in range(4, 7):  # D3:F12, thirty cells right of the table
            ws.cell(row=r, column=c, value=r * c)
    wb.save(filled)
    with pytest.raises(InputError) as err:
        import_workbook(filled, tmp_path / "data", 2025)
    found = err.value.problems
    assert len(found) == 21 and sum(p.row is None for p in found) == 1
    (rest,) = [p for p in found if p.row is None]
    assert rest.found.startswith("10 dalszych") and "F12" in rest.found


@pytest.mark.slow
def test_an_optional_sheet_left_empty_is_a_table_without_rows(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["za_zyciem_payments"]
    ws.delete_rows(1, ws.max_row)
    wb.save(filled)
    out = tmp_path / "data"
    import_workbook(filled, out, 2025)
    assert load_inputs(out, 2025)["za_zyciem_payments"].empty


def test_an_existing_workbook_is_replaced_only_with_force(tmp_path):
    from sprawozdanie.errors import ReportError

    path = template(tmp_path / "dane.xlsx", 2025)
    before = path.read_bytes()
    with pytest.raises(ReportError, match="skoroszyt już istnieje.*--force"):
        template(path, 2025)
    assert path.read_bytes() == before
    template(path, 2025, force=True)


def test_dates_without_a_rule_in_the_schema_have_none_in_the_workbook(tmp_path):
    """A survey sent in the following year (no date rule) is accepted by both validate and Excel."""
    wb = load_workbook(template(tmp_path / "t.xlsx", 2025))
    ws = wb["programme_info"]
    columns = list(registry().tables["programme_info"].columns)
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[columns.index("programme_survey_sent_date")]
    (rule,) = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(letter)]
    assert rule.type == "date" and "2025,12,31" not in (rule.formula1 or "") + (rule.formula2 or "")


def test_one_sheet_is_imported_and_checked_alone(tmp_path, filled):
    """Two filled sheets of forty: only those are validated and written; the rest untouched."""
    data_dir = tmp_path / "2025"
    data_dir.mkdir()
    written = import_workbook(filled, data_dir, 2025, sheets=["family_assistance_cases", "za_zyciem_payments.csv"])
    assert sorted(p.name for p in written) == ["family_assistance_cases.csv", "za_zyciem_payments.csv"]
    assert sorted(p.name for p in data_dir.iterdir()) == ["family_assistance_cases.csv", "za_zyciem_payments.csv"]
    assert load_inputs(data_dir, 2025, tables=["family_assistance_cases"])["family_assistance_cases"].shape[0] > 0


def test_an_unknown_sheet_is_named(tmp_path, filled):
    from sprawozdanie.errors import ReportError

    with pytest.raises(ReportError, match="nie ma arkuszy: rodziny"):
        import_workbook(filled, tmp_path, 2025, sheets=["rodziny"])


@pytest.mark.slow
def test_an_empty_sheet_neither_recreates_a_removed_optional_file_nor_wipes_one_with_rows(tmp_path, filled):
    from sprawozdanie.errors import ReportError

    data_dir = tmp_path / "2025"
    import_workbook(filled, data_dir, 2025)
    wb = load_workbook(filled)
    for name in ("daily_centres", "daily_centres_figures", "daily_centres_spending"):  # optional: none kept
        ws = wb[name]
        ws.delete_rows(FIRST_DATA_ROW, ws.max_row)
        (data_dir / f"{name}.csv").unlink()
    wb.save(filled)
    import_workbook(filled, data_dir, 2025)
    assert not (data_dir / "daily_centres.csv").exists()  # the analyst removed it: it stays removed
    # an emptied sheet of a table whose file has rows does not wipe them without --force
    ws = wb["needs_list"]
    ws.delete_rows(FIRST_DATA_ROW, ws.max_row)
    wb.save(filled)
    before = (data_dir / "needs_list.csv").read_text(encoding="utf-8")
    with pytest.raises(ReportError, match=r"needs_list.csv \(arkusz needs_list jest pusty\).*--force"):
        import_workbook(filled, data_dir, 2025)
    assert (data_dir / "needs_list.csv").read_text(encoding="utf-8") == before
