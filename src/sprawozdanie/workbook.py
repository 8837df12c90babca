"""One Excel workbook for a year's inputs: a template to fill in, and its import to CSV.

Each input table is a sheet named after the table. Row 1 holds the column keys (as in the
CSV files; do not change them), row 2 their meaning in Polish, and the data start in row 3.
Cells carry Excel data validation for codes, yes/no, whole numbers, amounts and dates.
The import turns the sheets into the year's CSV files through the same validation as the
CSVs themselves; a problem is reported by sheet, row and column as Excel shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError, Problem, ReportError
from .schema import expected_pl, registry

FIRST_DATA_ROW = 3  # row 1: column keys, row 2: meanings in Polish
MAX_ROWS = 2000  # rows that carry data validation


def template(path: Path, year: int) -> Path:
    """Write the empty workbook for ``year`` (validation rules bound to that year)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    reg = registry()
    wb = Workbook()
    wb.remove(wb.active)
    for table in reg.tables.values():
        ws = wb.create_sheet(table.name[:31])
        for col, name in enumerate(table.columns, start=1):
            f = reg.field_of(table, name)
            key = ws.cell(row=1, column=col, value=name)
            key.font = Font(bold=True)
            meaning = ws.cell(row=2, column=col, value=f.meaning_pl)
            meaning.alignment = Alignment(wrap_text=True, vertical="top")
            meaning.fill = PatternFill("solid", fgColor="EEF2F6")
            key.comment = Comment(f"{'wymagana' if not f.nullable else 'może być pusta'}; {expected_pl(f)}", "sprawozdanie")
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = 28
            rule = _validation(f, year, DataValidation)
            if rule is not None:
                rule.error = expected_pl(f)
                rule.errorTitle = "Niepoprawna wartość"
                rule.showErrorMessage = True
                rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{MAX_ROWS}")
                ws.add_data_validation(rule)
            if f.type == "date":
                for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 200):
                    ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
        ws.row_dimensions[2].height = 60
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _validation(f, year: int, DataValidation):
    if f.type == "code":
        codes = ",".join(registry().codes[f.codes])
        return DataValidation(type="list", formula1=f'"{codes}"', allow_blank=f.nullable) if len(codes) < 250 else None
    if f.type == "bool":
        return DataValidation(type="list", formula1='"true,false"', allow_blank=f.nullable)
    if f.type == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=f.nullable)
    if f.type == "money":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=f.nullable)
    if f.type == "date":
        last = f"DATE({year},12,31)"
        if f.date_rule == "within_year":
            return DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)", formula2=last,
                                  allow_blank=f.nullable)
        return DataValidation(type="date", operator="lessThanOrEqual", formula1=last, allow_blank=f.nullable)
    return None


def _text(value, field_type: str) -> str:
    """A cell as the CSV text the validation expects; a value that does not fit is passed
    through as it is, so that the validation reports it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        exact = Decimal(repr(value))  # the shortest decimal that is this float: 4000.1, not 4000.09999…
        if field_type == "money":
            return format(exact, "f")
        return str(int(exact)) if exact == exact.to_integral() else format(exact, "f")
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def import_workbook(path: Path, data_dir: Path, year: int) -> list[Path]:
    """Turn the workbook's sheets into the year's CSV files, all or nothing.

    The sheets are written as CSV into a scratch folder, validated there like any input,
    and only then moved into ``data_dir``. Problems name the sheet and the Excel row.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidOperation, ValueError, KeyError) as exc:
        raise ReportError(f"{path}: nie udało się otworzyć skoroszytu ({exc})") from None
    reg = registry()
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        sheets = {}
        excel_rows: dict[str, list[int]] = {}  # per file: the Excel row of each CSV data line
        for table in reg.tables.values():
            sheet_name = table.name[:31]
            sheets[table.file] = sheet_name
            if sheet_name not in wb.sheetnames:
                problems.append(Problem(path.name, None, None, None, f"arkusz '{sheet_name}' ({table.title_pl})"))
                continue
            rows = list(wb[sheet_name].iter_rows(values_only=True))
            header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
            while header and header[-1] == "":
                header.pop()
            types = {name: reg.field_of(table, name).type for name in table.columns}
            with open(scratch / table.file, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                excel_rows[table.file] = []
                for number, row in enumerate(rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
                    cells = [_text(v, types.get(name, "text")) for name, v in zip(header, row)]
                    if any(cells):  # empty rows (e.g. left between entries) are skipped
                        w.writerow(cells + [""] * (len(header) - len(cells)))
                        excel_rows[table.file].append(number)
        if problems:
            raise InputError(problems)
        from .load import load_inputs

        try:
            load_inputs(scratch, year)
        except InputError as err:
            raise InputError([_in_sheet(p, sheets, excel_rows) for p in err.problems]) from None
        data_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for table in reg.tables.values():
            shutil.copy(scratch / table.file, data_dir / (table.file + ".tmp"))
        for table in reg.tables.values():  # every file valid: now replace them
            (data_dir / (table.file + ".tmp")).replace(data_dir / table.file)
            written.append(data_dir / table.file)
    return written


def _in_sheet(p: Problem, sheets: dict[str, str], excel_rows: dict[str, list[int]]) -> Problem:
    """A CSV problem restated as the workbook shows it: sheet name and Excel row."""
    row = p.row
    if row is not None and row >= 2:  # CSV data line n is the (n - 1)-th row written
        rows = excel_rows.get(p.file, [])
        row = rows[row - 2] if row - 2 < len(rows) else None
    return Problem(f"arkusz {sheets.get(p.file, p.file)}", row, p.column, p.found, p.expected)
