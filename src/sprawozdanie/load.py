"""Read a year's CSV inputs into validated, typed frames, or fail with every problem found.

Raw CSV text is read as strings, normalised (accepted variant spellings of codes and
yes/no), validated with the pandera schema derived from the registry, and only then
converted: counts to ``int``, dates to ``datetime.date``, money to integer grosze in a
column renamed from ``*_zl`` to ``*_gr``, yes/no to ``bool``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from .cache import note_read
from .dialect import Dialect, DialectError, decode, normalise_value, separator
from .errors import InputError, Problem, visible
from .schema import Table, normalise_bool, normalise_code, pandera_schema, registry


@dataclass(frozen=True)
class Rule:
    """A row-wise check across columns; ``check`` returns True for good rows."""

    name: str
    columns: tuple[str, ...]
    expected: str
    check: Callable[[pd.DataFrame], pd.Series]


def _later_or_same(df: pd.DataFrame, later: str, earlier: str) -> pd.Series:
    # ISO dates compare correctly as text; blanks and malformed dates are judged elsewhere.
    a, b = df[later], df[earlier]
    comparable = a.notna() & b.notna() & a.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & b.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    return (~comparable.fillna(False).astype(bool)) | (a >= b).fillna(True).astype(bool)


def _one_open_per_family(df: pd.DataFrame) -> pd.Series:
    open_rows = df["end_date"].isna()
    open_per_family = open_rows.groupby(df["family_id"]).transform("sum")
    return (~open_rows | (open_per_family <= 1)).astype(bool)


def _no_overlap(df: pd.DataFrame) -> pd.Series:
    """False for a case that starts before the previous case of the same family has ended."""
    ok = pd.Series(True, index=df.index)
    starts = df["start_date"].astype(object).where(df["start_date"].notna(), None)
    ends = df["end_date"].astype(object).where(df["end_date"].notna(), None)
    for _family, idx in df.groupby("family_id").groups.items():
        if len(idx) < 2 or any(starts[i] is None for i in idx):
            continue
        previous_end = ...  # sentinel: no previous case yet
        for i in sorted(idx, key=lambda i: starts[i]):
            if previous_end is not ... and (previous_end is None or starts[i] <= previous_end):
                ok[i] = False
            previous_end = ends[i]
    return ok


RULES: dict[str, Rule] = {
    r.name: r
    for r in [
        Rule(
            "end_not_before_start",
            ("start_date", "end_date"),
            "data zakończenia nie wcześniejsza niż data rozpoczęcia",
            lambda df: _later_or_same(df, "end_date", "start_date"),
        ),
        Rule(
            "end_reason_iff_end_date",
            ("end_date", "end_reason"),
            "przyczyna zakończenia podana wtedy i tylko wtedy, gdy podano datę zakończenia",
            lambda df: (df["end_date"].isna() == df["end_reason"].isna()).astype(bool),
        ),
        Rule(
            "monitoring_not_before_end",
            ("work_end_date", "monitoring_start_date"),
            "monitorowanie rozpoczęte nie wcześniej niż zakończenie pracy asystenta",
            lambda df: _later_or_same(df, "monitoring_start_date", "work_end_date"),
        ),
        Rule(
            "one_open_case_per_family",
            ("family_id", "end_date"),
            "najwyżej jedna niezakończona sprawa tej samej rodziny (family_id)",
            _one_open_per_family,
        ),
        Rule(
            "family_cases_do_not_overlap",
            ("family_id", "start_date", "end_date"),
            "sprawy tej samej rodziny nie nakładają się w czasie (kolejna zaczyna się po zakończeniu poprzedniej)",
            _no_overlap,
        ),
    ]
}


# How each file read in this process was written (file path → Dialect), for provenance.json.
DIALECTS: dict[str, Dialect] = {}


def _no_rows(table: Table) -> pd.DataFrame:
    """A table with its columns and no rows (an optional file the municipality does not keep)."""
    return pd.DataFrame({c: pd.Series(dtype="string") for c in table.columns})


def find_file(data_dir: Path, name: str) -> Path:
    """``data_dir / name``, or the file whose name differs only in case (``.CSV`` from Windows)."""
    path = Path(data_dir) / name
    if path.is_file() or not Path(data_dir).is_dir():
        return path
    matches = [p for p in Path(data_dir).iterdir() if p.name.lower() == name.lower() and p.is_file()]
    return matches[0] if len(matches) == 1 else path


def _read_raw(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = path.name
    note_read(path)
    if not path.is_file():
        return None, [Problem(name, None, None, None, f"plik {table.file} ({table.title_pl}) w katalogu danych")]
    try:
        text, encoding = decode(path.read_bytes())
    except DialectError as exc:
        return None, [Problem(name, None, None, None, str(exc))]
    except OSError as exc:
        return None, [Problem(name, None, None, None, f"plik do odczytu ({exc.strerror})")]
    if not text.strip():
        if table.optional:  # an empty optional file is, like an absent one, a table with no rows
            return _no_rows(table), []
        return None, [Problem(name, None, None, "pusty plik", "wiersz nagłówka z kolumnami: " + ", ".join(table.columns))]
    sep = separator(text.lstrip("\ufeff").split("\n", 1)[0], table.columns)
    DIALECTS[str(path.resolve())] = Dialect(encoding, sep)
    try:
        # index_col=False: a row with one field too many is an error, never a shifted index
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype="string", keep_default_na=False, na_values=[],
                         index_col=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        return None, [Problem(name, None, None, None, f"poprawny plik CSV ({Dialect(encoding, sep).describe()}; {exc})")]
    except pd.errors.EmptyDataError:
        return None, [Problem(name, None, None, "pusty plik", "wiersz nagłówka z kolumnami: " + ", ".join(table.columns))]
    df.columns = [str(c).strip() for c in df.columns]
    problems = [
        Problem(name, 1, col, None, "kolumna obecna w nagłówku (" + ", ".join(table.columns) + ")")
        for col in table.columns
        if col not in df.columns
    ]
    problems += [
        Problem(name, 1, col, col, "tylko kolumny opisane w słowniku danych: " + ", ".join(table.columns))
        for col in df.columns
        if col not in table.columns
    ]
    return (None if problems else df), problems


def _normalise(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    reg = registry()
    out = df.copy()
    for col in table.columns:
        f = reg.field_of(table, col)
        s = out[col].str.strip()
        if f.type in ("money", "count", "date", "bool"):  # written the Polish way (72 360,56; 31.12.2025)
            s = s.map(lambda v, kind=f.type: normalise_value(v, kind), na_action="ignore")
        if f.type == "bool":
            s = s.map(normalise_bool, na_action="ignore")
        elif f.type == "code":
            codes = reg.codes[f.codes]
            s = s.map(lambda v: normalise_code(v, codes) if v else v, na_action="ignore")
        out[col] = s.mask(s == "").astype("string")
    return out


TOTAL_WORDS = {"razem", "suma", "ogółem", "łącznie", "w sumie", "total"}
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]")


def _silent_errors(df: pd.DataFrame, table: Table) -> list[Problem]:
    """What the schema would let through and the report would count wrong: an id that differs
    from another only in case, spaces or invisible characters (two families instead of one),
    and a total row at the end of a table (its total counted twice)."""
    reg = registry()
    problems = []
    for col in table.columns:
        f = reg.field_of(table, col)
        values = df[col].dropna()
        if f.type == "id":
            # The spelling most rows use is taken as meant; each other spelling is reported.
            groups: dict[str, list[tuple[str, int]]] = {}
            for idx, v in values.items():
                groups.setdefault(_INVISIBLE.sub("", v).casefold(), []).append((v, int(idx) + 2))
            for rows in groups.values():
                spellings = [v for v, _ in rows]
                if len(set(spellings)) < 2:
                    continue
                meant = max(dict.fromkeys(spellings), key=spellings.count)
                meant_row = next(row for v, row in rows if v == meant)
                problems += [Problem(table.file, row, col, v,
                                     f"identyfikator zapisany tak samo jak '{visible(meant)}' (wiersz {meant_row}); "
                                     "różnią się tylko wielkością liter, spacjami lub niewidocznymi znakami")
                             for v, row in rows if v != meant]
        if col in table.key and f.type in ("text", "code"):
            for idx, v in values.items():
                if v.strip().strip(":").casefold() in TOTAL_WORDS:
                    problems.append(Problem(table.file, int(idx) + 2, col, v,
                                            "wiersz danych, nie wiersz sumy (sumy liczy raport; usuń ten wiersz)"))
    return problems


def _problems_from(err: pa.errors.SchemaErrors, table: Table) -> list[Problem]:
    problems: dict[tuple, Problem] = {}
    for case in err.failure_cases.itertuples(index=False):
        idx = case.index
        row = None if pd.isna(idx) else int(idx) + 2
        check = str(case.check)
        if check in RULES:
            rule = RULES[check]
            key = (row, rule.name)
            problems[key] = Problem(table.file, row, ", ".join(rule.columns), None, rule.expected)
            continue
        column = case.column
        found = None if pd.isna(case.failure_case) else str(case.failure_case)
        if check == "not_nullable":
            found, expected = "", "wartość wymagana (puste pole)"
        elif check == "field_uniqueness" or check == "multiple_fields_uniqueness":
            expected = "wartość niepowtarzalna (klucz " + ", ".join(table.key) + " powtarza się)"
        elif check.startswith("dtype") or check.startswith("column_in_dataframe"):
            continue  # raw columns are strings by construction; missing columns reported earlier
        else:
            expected = check
        problems[(row, column, expected)] = Problem(table.file, row, column, found, expected)
    return list(problems.values())


def _convert(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    reg = registry()
    out = pd.DataFrame(index=df.index)
    for col in table.columns:
        f = reg.field_of(table, col)
        s = df[col]
        if f.type == "count":
            # A blank in an optional count stays None ("brak danych"), never 0.
            out[col] = s.astype(int) if not f.nullable else s.map(lambda v: int(v) if isinstance(v, str) else None).astype(object)
        elif f.type == "bool":
            out[col] = s.eq("true").astype(bool)
        elif f.type == "date":
            out[col] = s.map(lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else None).astype(object)
        elif f.type == "money":
            grosze = s.map(lambda v: int(Decimal(v) * 100) if isinstance(v, str) else None)
            out[col.removesuffix("_zl") + "_gr"] = grosze.astype(int) if not f.nullable else grosze.astype(object)
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out.reset_index(drop=True)


def read_table(data_dir: Path, table_name: str, year: int) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one table; return the typed frame, or None and the problems found."""
    table = registry().tables[table_name]
    path = find_file(Path(data_dir), table.file)
    if table.optional and not path.is_file():
        # An optional file the municipality does not keep is a table with no rows.
        note_read(path)
        raw, problems = _no_rows(table), []
    else:
        raw, problems = _read_raw(path, table)
    if raw is None:
        return None, problems
    df = _normalise(raw, table)
    silent = _silent_errors(df, table)
    try:
        pandera_schema(table, year, RULES).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        return None, silent + _problems_from(err, table)
    if silent:
        return None, silent
    if table.complete_codes:
        field = registry().fields[table.complete_codes]
        missing = [c for c in registry().codes[field.codes] if c not in set(df[table.complete_codes])]
        problems += [Problem(table.file, None, table.complete_codes, None, f"wiersz dla kodu '{c}'") for c in missing]
        if missing:
            return None, problems
    return _convert(df, table), []


def load_inputs(data_dir: Path | str, year: int, tables: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate every table (or the named ones); raise ``InputError`` listing all problems."""
    data_dir = Path(data_dir)
    names = tables or list(registry().tables)
    if not data_dir.is_dir():
        raise InputError([Problem(str(data_dir), None, None, None, "istniejący katalog z danymi roku")])
    frames, problems = {}, []
    for name in names:
        df, found = read_table(data_dir, name, year)
        problems += found
        if df is not None:
            frames[name] = df
    if problems:
        raise InputError(problems)
    return frames
