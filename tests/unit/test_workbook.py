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


def test_filled_workbook_imports_to_the_same_data(filled, tmp_path):
    out = tmp_path / "data"
    written = import_workbook(filled, out, 2025)
    assert len(written) == len(registry().tables)
    ours, theirs = load_inputs(out, 2025), load_inputs(DATA, 2025)
    for name in theirs:
        assert ours[name].equals(theirs[name]), name


def test_import_reports_sheet_row_and_column_and_writes_nothing(filled, tmp_path):
    wb = load_workbook(filled)
    wb["family_assistance_cases"].cell(row=7, column=8, value="dwoje")  # minor_children
    wb.save(filled)
    out = tmp_path / "data"
    with pytest.raises(InputError) as err:
        import_workbook(filled, out, 2025)
    (p,) = err.value.problems
    assert str(p) == ("arkusz family_assistance_cases, wiersz 7, kolumna 'minor_children': znaleziono 'dwoje', "
                      "oczekiwano: liczba całkowita nieujemna (np. 0, 12)")
    assert not out.exists()


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
