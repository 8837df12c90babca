"""One Excel workbook for a year's inputs: a template to fill in, and its import to CSV.

Each input table is a sheet named after the table. Row 1 holds the column keys (as in the
CSV files; do not change them), row 2 their meaning in Polish, and the data start in row 3.
Cells carry Excel data validation for codes, yes/no, whole numbers, amounts and dates.
Given the year's data folder, the template is filled in with the rows already there; a text
that a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) is stored as text.

The import turns the sheets into the year's CSV files through the same validation as the
CSVs themselves; a problem is reported by sheet, row and column as Excel shows them. The
header row and the meanings row are found by what they hold, not where they stand (a deleted
meanings row must not cost the first entry). Merged cells in the table and anything written
outside it are refused, not silently dropped; float noise of a formula (72360.56000000001) is
rounded to the grosz, a real fraction of a grosz (1.005) is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError, Problem, ReportError
from .present.escape import spreadsheet_text
from .schema import Table, expected_pl, registry

FIRST_DATA_ROW = 3  # row 1: column keys, row 2: meanings in Polish
MAX_ROWS = 2000  # rows that carry data validation
HEADER_SEARCH_ROWS = 20  # the header is looked for in this many rows from the top
GAP_ENDS_TABLE = 2  # this many empty rows in a row end the table; one is a gap between entries
MAX_OUTSIDE_NAMED = 20  # cells outside the table named one by one per sheet; the rest in one line
# A workbook is a zip of XML files: what it declares is checked before openpyxl reads it,
# so that a small file that unpacks to gigabytes (or a sheet of millions of cells) is refused
# at once instead of filling the memory.
# openpyxl holds a read sheet at about 600 B a cell: 500 000 cells are about 300 MB.
MAX_UNPACKED_BYTES = 200_000_000
MAX_CELLS = 500_000


def set_text(cell, value) -> None:
    """Put a value into a cell; a text that a spreadsheet would read as a formula stays text.

    openpyxl writes a string starting with ``=`` as a formula; the cell type ``s`` and the
    quote-prefix style (Excel's own leading apostrophe) keep it a string, in Excel as well.
    """
    cell.value = value
    # spreadsheet_text decides what a spreadsheet takes for a formula; its leading apostrophe is
    # how a CSV says "text", in a workbook that is the quote-prefix style, not a character
    if isinstance(value, str) and spreadsheet_text(value) != value:
        cell.data_type = "s"
        cell.quotePrefix = True


def template(path: Path, year: int, data_dir: Path | None = None, force: bool = False) -> Path:
    """Write the workbook for ``year`` (validation rules bound to that year); with ``data_dir``,
    each sheet is filled in with the rows of the table's CSV file there, as written. An
    existing workbook (perhaps filled in) is replaced only with ``force``."""
    if Path(path).exists() and not force:
        raise ReportError(
            f"{path}: skoroszyt już istnieje (może zawierać wpisane dane), więc nie został "
            "zastąpiony; aby zapisać nowy w jego miejscu, dodaj --force, albo podaj inny plik: --out"
        )
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
            key = ws.cell(row=1, column=col)
            set_text(key, name)
            key.font = Font(bold=True)
            meaning = ws.cell(row=2, column=col)
            set_text(meaning, f.meaning_pl)
            meaning.alignment = Alignment(wrap_text=True, vertical="top")
            meaning.fill = PatternFill("solid", fgColor="EEF2F6")
            key.comment = Comment(
                f"{'wymagana' if not f.nullable else 'może być pusta'}; {expected_pl(f)}", "sprawozdanie"
            )
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
        if data_dir is not None:
            _prefill(ws, table, Path(data_dir))
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _prefill(ws, table: Table, data_dir: Path) -> None:
    """The rows of the table's CSV file (as the analyst wrote them) under the meanings row:
    numbers and dates as such, so that Excel can sum and sort them; anything else as text."""
    from .dialect import DialectError, decode, normalise_value, separator
    from .load import find_file

    path = find_file(data_dir, table.file)
    if not path.is_file():
        return
    try:
        text, _encoding = decode(path.read_bytes())
    except (DialectError, OSError):
        return  # the import (and validate) name the file; the template is filled in from what can be read
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        return
    reader = csv.reader(lines, delimiter=separator(lines[0], table.columns))
    header = [c.strip() for c in next(reader)]
    reg = registry()
    r = FIRST_DATA_ROW
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        for name, value in zip(header, values):
            if name not in table.columns:
                continue
            kind = reg.field_of(table, name).type
            set_text(ws.cell(row=r, column=table.columns.index(name) + 1), _typed(value, kind, normalise_value))
        r += 1


def _typed(value: str, kind: str, normalise_value):
    """A CSV value as a spreadsheet holds it: counts, amounts and dates typed; others text."""
    v = normalise_value(value, kind).strip()
    if v == "":
        return None
    try:
        if kind == "count" and v.isascii() and v.isdigit():
            return int(v)
        if kind == "money":
            # a float, as Excel keeps every number; at most 15 digits, so the import reads it back exactly
            exact = Decimal(v)
            if exact == exact.quantize(Decimal("0.01")) and len(exact.as_tuple().digits) <= 15:
                return float(exact)
        if kind == "date":
            return dt.date.fromisoformat(v)
    except (ValueError, InvalidOperation):
        pass
    return value.strip()


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
            return DataValidation(
                type="date", operator="between", formula1=f"DATE({year},1,1)", formula2=last, allow_blank=f.nullable
            )
        if f.date_rule == "not_after_year":
            return DataValidation(type="date", operator="lessThanOrEqual", formula1=last, allow_blank=f.nullable)
        # no rule in the schema (e.g. a survey sent in the following year): any date, as validate
        return DataValidation(type="date", operator="greaterThan", formula1="DATE(1900,1,1)", allow_blank=f.nullable)
    return None


def _without_float_noise(exact: Decimal, places: int) -> Decimal:
    """``exact`` rounded to ``places`` decimals when it differs from them only by the noise of
    binary floating point (a formula's 72360.56000000001); a real fraction such as 1.005 zł
    (half a grosz) is kept, for the validation to refuse.

    >>> _without_float_noise(Decimal("72360.56000000001"), 2), _without_float_noise(Decimal("1.005"), 2)
    (Decimal('72360.56'), Decimal('1.005'))
    >>> _without_float_noise(Decimal("11.999999999999998"), 0)
    Decimal('12')
    """
    rounded = exact.quantize(Decimal(1).scaleb(-places))
    # A double carries about 16 significant digits; noise stays far below a millionth of a grosz.
    tolerance = min(max(abs(exact), Decimal(1)) * Decimal("1e-12"), Decimal("1e-6"))
    return rounded if abs(exact - rounded) <= tolerance else exact


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
            return format(_without_float_noise(exact, 2), "f")
        exact = _without_float_noise(exact, 0)
        return str(int(exact)) if exact == exact.to_integral() else format(exact, "f")
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _squeezed(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _find_header(rows: list[tuple], table: Table) -> int | None:
    """Index of the row holding the column keys, wherever it stands: the first row with any of
    them (a key renamed by mistake is then reported by the validation, at this row)."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_squeezed(c) in table.columns for c in row):
            return i
    return None


def _is_meanings_row(row: tuple, header: list[str], table: Table) -> bool:
    """True when most filled cells of the row are the meanings of their columns (row 2 of the
    template, perhaps shortened by the analyst) rather than an entry."""
    reg = registry()
    meanings = {name: _squeezed(reg.fields[name].meaning_pl) for name in table.columns}
    filled = [(name, _squeezed(v)) for name, v in zip(header, row) if _filled(v)]
    same = sum(1 for name, v in filled if name in meanings and v == meanings[name])
    return bool(filled) and 2 * same >= len(filled)


class SheetTable:
    """One sheet read as a table: its column keys, its entries with their Excel row numbers,
    and the problems of its layout (merged cells, values outside the table)."""

    def __init__(self, ws, table: Table, where: str):
        from openpyxl.utils import get_column_letter

        reg = registry()
        self.problems: list[Problem] = []
        self.header_row: int | None = None
        self.columns: list[tuple[int, str]] = []  # (0-based position, key)
        self.entries: list[tuple[int, list[str]]] = []  # (Excel row, CSV cells)
        self.blank = False
        rows = list(ws.iter_rows(values_only=True))
        found = _find_header(rows, table)
        if found is None:
            # A sheet left wholly empty is an empty file (which an optional table may be).
            self.blank = not any(_filled(v) for row in rows for v in row)
            if not self.blank:
                self.problems.append(
                    Problem(where, None, None, None, "wiersz nagłówka z kluczami kolumn: " + ", ".join(table.columns))
                )
            return
        self.header_row = found + 1
        header = [_squeezed(c) for c in rows[found]]
        while header and header[-1] == "":
            header.pop()
        self.columns = [(i, name) for i, name in enumerate(header) if name]
        width = len(header)
        last = get_column_letter(max(width, 1))
        start = found + 1
        if start < len(rows) and _is_meanings_row(rows[start], header, table):
            start += 1

        outside_cells = []

        def outside(r: int, c: int, value) -> None:
            cell = f"{get_column_letter(c + 1)}{r}"
            outside_cells.append(cell)
            if len(outside_cells) > MAX_OUTSIDE_NAMED:
                return
            self.problems.append(
                Problem(
                    where,
                    r,
                    get_column_letter(c + 1),
                    _squeezed(value),
                    f"pusta komórka {cell}: leży poza tabelą (kolumny A–{last} z kluczami w wierszu "
                    f"{self.header_row}, wiersze wpisów jeden pod drugim) i nie zostałaby wczytana; "
                    "przenieś wartość do tabeli albo ją usuń",
                )
            )

        for r, row in enumerate(rows[:found], start=1):  # above the header
            for c, v in enumerate(row):
                if _filled(v):
                    outside(r, c, v)
        types = {name: reg.field_of(table, name).type for name in table.columns}
        gap, ended = 0, False
        for r, row in enumerate(rows[start:], start=start + 1):
            if not any(_filled(v) for v in row):
                gap += 1
                ended = ended or (gap >= GAP_ENDS_TABLE and bool(self.entries))
                continue
            gap = 0
            keyed = {i for i, _ in self.columns}
            for c, v in enumerate(row):
                if _filled(v) and (ended or c not in keyed):
                    outside(r, c, v)
            if not ended and any(_filled(row[i]) for i, _ in self.columns if i < len(row)):
                self.entries.append(
                    (r, [_text(row[i] if i < len(row) else None, types.get(name, "text")) for i, name in self.columns])
                )
        if len(outside_cells) > MAX_OUTSIDE_NAMED:
            rest = outside_cells[MAX_OUTSIDE_NAMED:]
            self.problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"{len(rest)} dalszych niepustych komórek poza tabelą ({rest[0]}–{rest[-1]})",
                    "puste komórki poza tabelą; przenieś te wartości do tabeli albo je usuń",
                )
            )
        for merged in ws.merged_cells.ranges:
            if merged.max_row >= self.header_row and merged.min_col <= width:
                self.problems.append(
                    Problem(
                        where,
                        merged.min_row,
                        None,
                        f"scalone komórki {merged.coord}",
                        "komórki niescalone: w scalonym obszarze wartość ma tylko pierwsza komórka, "
                        "pozostałe wiersze byłyby puste; rozdziel je (Scal i wyśrodkuj → Rozdziel komórki) "
                        "i wpisz wartość w każdym wierszu",
                    )
                )


def import_workbook(
    path: Path, data_dir: Path, year: int, sheets: list[str] | None = None, force: bool = False
) -> list[Path]:
    """Turn the workbook's sheets (or only ``sheets``, by sheet or file name) into the year's
    CSV files, all or nothing.

    The sheets are written as CSV into a scratch folder, validated there like any input
    (only the chosen tables when ``sheets`` is given), and only then moved into ``data_dir``.
    Problems name the sheet and the Excel row. An optional table whose file the analyst
    removed stays absent while its sheet is empty; a sheet left empty never replaces a file
    with rows unless ``force``.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_size(path)
        # not read-only: merged cells are known only to a fully loaded sheet
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile):
        raise ReportError(
            f"{path}: to nie jest skoroszyt Excela .xlsx; otwórz plik w Excelu i zapisz go "
            "jako „Skoroszyt programu Excel (*.xlsx)”"
        ) from None
    except (OSError, InvalidOperation, ValueError, KeyError) as exc:
        raise ReportError(f"{path}: nie udało się otworzyć skoroszytu ({exc})") from None
    reg = registry()
    chosen = _chosen_tables(sheets, path) if sheets else list(reg.tables.values())
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        sheet_of = {}
        excel_rows: dict[str, list[int]] = {}  # per file: the Excel row of the header, then of each entry
        for table in chosen:
            sheet_name = table.name[:31]
            sheet_of[table.file] = sheet_name
            if sheet_name not in wb.sheetnames:
                problems.append(Problem(path.name, None, None, None, f"arkusz '{sheet_name}' ({table.title_pl})"))
                continue
            sheet = SheetTable(wb[sheet_name], table, f"arkusz {sheet_name}")
            problems += sheet.problems
            if sheet.blank:
                (scratch / table.file).write_text("", encoding="utf-8")
                continue
            if sheet.header_row is None:
                continue
            with open(scratch / table.file, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow([name for _, name in sheet.columns])
                w.writerows(cells for _, cells in sheet.entries)
            excel_rows[table.file] = [sheet.header_row] + [r for r, _ in sheet.entries]
        if problems:
            raise InputError(problems)
        from .load import find_file, load_inputs

        # What each sheet becomes: an empty sheet of an optional table whose file is absent
        # keeps it absent; an empty sheet does not replace a file that has rows.
        targets, kept = [], []
        for table in chosen:
            new, old = scratch / table.file, find_file(data_dir, table.file)
            empty = not excel_rows.get(table.file, [None])[1:]
            if empty and table.optional and not old.is_file():
                new.unlink(missing_ok=True)
                continue
            if empty and not force and old.is_file() and _has_rows(old):
                kept.append(f"{old.name} (arkusz {sheet_of[table.file]} jest pusty)")
                continue
            targets.append((table, new, old))
        if kept:
            raise ReportError(
                "skoroszyt nie zastąpił plików z danymi pustymi arkuszami: "
                + "; ".join(kept)
                + ". Uzupełnij arkusze, wybierz inne (--sheets) albo dodaj --force, aby zapisać "
                "puste pliki."
            )
        # the chosen tables are checked with the year's other files as they are
        for other in reg.tables.values():
            if other not in chosen and find_file(data_dir, other.file).is_file():
                shutil.copy(find_file(data_dir, other.file), scratch / other.file)
        try:
            load_inputs(scratch, year, tables=[t.name for t in chosen] if sheets else None)
        except InputError as err:
            raise InputError([_in_sheet(p, sheet_of, excel_rows) for p in err.problems]) from None
        data_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for _table, new, old in targets:
            shutil.copy(new, old.with_name(old.name + ".tmp"))
        for _table, _new, old in targets:  # every file valid: now replace them
            old.with_name(old.name + ".tmp").replace(old)
            written.append(old)
    return written


def check_size(path: Path) -> None:
    """Refuse, from what the file holds and before openpyxl reads it: a workbook whose parts
    would unpack to more than ``MAX_UNPACKED_BYTES`` (its zip directory), sheets of more than
    ``MAX_CELLS`` cells, and a formula without its result (a file written by a program that
    does not calculate: its cells would be read as empty). Each sheet's XML is streamed,
    never held whole."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ReportError(
                f"{path}: skoroszyt po rozpakowaniu miałby {unpacked // 1_000_000} MB, dopuszczalne "
                f"jest {MAX_UNPACKED_BYTES // 1_000_000} MB; usuń z niego arkusze i obrazy, które nie "
                "są danymi sprawozdania"
            )
        names = _sheet_names(z)
        cells = 0
        for info in infos:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                continue
            with z.open(info) as f:
                found, formula = _scan_sheet(f, MAX_CELLS - cells)
            cells += found
            if cells > MAX_CELLS:
                raise ReportError(
                    f"{path}: arkusze skoroszytu mają ponad {MAX_CELLS:,} komórek".replace(",", " ")
                    + "; dane sprawozdania mieszczą się w znacznie mniejszej liczbie – usuń wiersze "
                    "i kolumny poza tabelami (zaznacz je → Usuń) albo arkusze, które nie są danymi"
                )
            if formula:
                sheet = names.get(info.filename, info.filename)
                raise ReportError(
                    f"{path}: arkusz {sheet}, komórka {formula}: formuła bez zapisanego wyniku "
                    "(plik zapisał program, który nie przelicza formuł); otwórz plik w Excelu "
                    "i zapisz go ponownie"
                )


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_OVERLAP = 4096  # a cell cut by a chunk's end is looked at with the next chunk


def _scan_sheet(stream, limit: int) -> tuple[int, str | None]:
    """The cells of a sheet's XML (``<c …>`` elements, stopping past ``limit``) and the first
    cell holding a formula without a stored result, read in chunks."""
    count, buf, formula = 0, b"", None
    while chunk := stream.read(1 << 20):
        buf += chunk
        cut = max(len(buf) - _OVERLAP, 0)
        count += sum(1 for m in _CELL.finditer(buf) if m.start() < cut)
        formula = formula or next(
            (m.group(1).decode() for m in _FORMULA_WITHOUT_VALUE.finditer(buf) if m.start() < cut), None
        )
        buf = buf[cut:]
        if count > limit:
            return count, formula
    found = _FORMULA_WITHOUT_VALUE.search(buf)
    return count + len(_CELL.findall(buf)), formula or (found.group(1).decode() if found else None)


def _sheet_names(z) -> dict[str, str]:
    """Each sheet's part (``xl/worksheets/sheet1.xml``) → its name as Excel shows it."""
    try:
        book = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    from html import unescape

    def elements(tag: str, xml: str) -> list[dict[str, str]]:
        return [
            dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1))) for m in re.finditer(rf"<(?:\w+:)?{tag}\b([^>]*)>", xml)
        ]

    targets = {e.get("Id"): e.get("Target", "") for e in elements("Relationship", rels)}
    names = {}
    for sheet in elements("sheet", book):
        target = targets.get(sheet.get("r:id"), "")
        names["xl/" + target.lstrip("/").removeprefix("xl/")] = unescape(sheet.get("name", ""))
    return names


def _chosen_tables(names: list[str], path: Path) -> list[Table]:
    """The tables named by sheet or file name (with or without ``.csv``), in registry order."""
    reg = registry()
    by_name = {}
    for t in reg.tables.values():
        for alias in (t.name, t.name[:31], t.file, t.file.removesuffix(".csv")):
            by_name[alias.casefold()] = t
    unknown = [n for n in names if n.casefold() not in by_name]
    if unknown:
        raise ReportError(
            f"{path}: nie ma arkuszy: {', '.join(unknown)}; arkusze nazywają się jak pliki danych "
            f"bez .csv (np. {next(iter(reg.tables))})"
        )
    wanted = {by_name[n.casefold()].name for n in names}
    return [t for t in reg.tables.values() if t.name in wanted]


def _has_rows(path: Path) -> bool:
    """Whether a CSV file has anything below its header line."""
    lines = [line for line in path.read_bytes().splitlines() if line.strip(b" ,;\t\r")]
    return len(lines) > 1


def _in_sheet(p: Problem, sheets: dict[str, str], excel_rows: dict[str, list[int]]) -> Problem:
    """A CSV problem restated as the workbook shows it: sheet name and Excel row."""
    row = p.row
    if row is not None:  # CSV line n (header = 1) is the n-th row written
        rows = excel_rows.get(p.file, [])
        row = rows[row - 1] if 0 < row <= len(rows) else None
    return Problem(f"arkusz {sheets.get(p.file, p.file)}", row, p.column, p.found, p.expected)
