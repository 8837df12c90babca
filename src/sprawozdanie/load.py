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
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .cache import file_version, note_read
from .dialect import DAY_FIRST_DATE, Dialect, DialectError, decode, normalise_value, separator, why_refused
from .errors import InputError, Problem, ReportError, visible
from .printable import first_unprintable
from .schema import Table, expected_pl, normalise_bool, normalise_code, registry
from .schema.row_rules import RULES
from .schema.validation import map_distinct, pandera_schema

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
    if path.is_symlink():  # it could lead to any readable file: the inputs are the data folder's own files
        return None, [
            Problem(
                name,
                None,
                None,
                "dowiązanie do innego pliku",
                f"plik {table.file} zapisany w katalogu danych (nie dowiązanie ani skrót)",
            )
        ]
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
        return None, [
            Problem(name, None, None, "pusty plik", "wiersz nagłówka z kolumnami: " + ", ".join(table.columns))
        ]
    # Blank lines above the header are skipped, and counted: rows keep their spreadsheet numbers.
    lines = text.lstrip("\ufeff").split("\n")
    lead = next(i for i, line in enumerate(lines) if line.strip())
    text = "\n".join(lines[lead:]) if lead else text
    sep = separator(lines[lead], table.columns)
    DIALECTS[str(path.resolve())] = Dialect(encoding, sep)
    if first_unprintable(text) is not None:  # (one search of the whole file; rarely true)
        return None, [_unprintable(lines, lead, sep, name)]
    try:
        # index_col=False: a row with one field too many is an error, never a shifted index
        # Blank lines are kept as rows (then dropped below with their index), so that each
        # row keeps its spreadsheet number: a blank line does not shift the rows after it.
        # (bytes, not StringIO: a StringIO holds 4 bytes a character, a 70 MB register 280 MB)
        df = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            encoding="utf-8",
            sep=sep,
            dtype="string",
            keep_default_na=False,
            na_values=[],
            index_col=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        return None, [
            Problem(name, None, None, None, f"poprawny plik CSV ({Dialect(encoding, sep).describe()}; {exc})")
        ]
    except pd.errors.EmptyDataError:
        return None, [
            Problem(name, None, None, "pusty plik", "wiersz nagłówka z kolumnami: " + ", ".join(table.columns))
        ]
    df.columns = [str(c).strip() for c in df.columns]
    df.index = df.index + lead
    # An empty row (a blank line, or only separators as Excel saves one) is no entry; the index
    # of the rows kept is their position in the file, so row = index + 2 as a spreadsheet shows it.
    blank = df.index
    for c in df.columns:  # only rows blank so far are looked at again: usually none after the first column
        blank = blank[df.loc[blank, c].fillna("").str.strip().eq("").to_numpy(dtype=bool)]
    df = df.drop(index=blank) if len(df.columns) else df
    # removed from the schema later: an older year's file keeps it, and it is no longer read
    df = df.drop(columns=[c for c in table.retired_columns if c in df.columns])
    for col in table.optional_columns:  # added to the schema later: a file without it is read as blank
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="string")
    problems = [
        Problem(name, lead + 1, col, None, "kolumna obecna w nagłówku (" + ", ".join(table.columns) + ")")
        for col in table.columns
        if col not in df.columns
    ]
    problems += [
        Problem(name, lead + 1, col, col, "tylko kolumny opisane w słowniku danych: " + ", ".join(table.columns))
        for col in df.columns
        if col not in table.columns
    ]
    return (None if problems else df), problems


def _unprintable(lines: list[str], lead: int, sep: str, name: str) -> Problem | None:
    """The first character the report cannot print (a control character, an emoji…), by
    row and column, before pandas reads the file (a NUL byte would stop it with its own message).
    The column is told by the separators before it, which a quoted field may miscount: then
    only the row is named."""
    for i, line in enumerate(lines):
        found = first_unprintable(line.rstrip("\r"))
        if found is None:
            continue
        at, what = found
        header = [c.strip().strip('"') for c in lines[lead].split(sep)]
        position = line[:at].count(sep)
        column = header[position] if '"' not in line[:at] and position < len(header) else None
        cell = line.split(sep)[position] if column else line
        return Problem(name, i + 1, column, cell.strip()[:60], f"tekst, który raport wydrukuje – {what}")
    return None


def _normalised(v: str, f, reg) -> str:
    """One stripped value of a field that is not an id or text, in the form the schema reads."""
    if f.type in ("money", "count", "date", "bool"):  # written the Polish way (72 360,56; 31.12.2025)
        v = normalise_value(v, f.type)
    if f.type == "bool":
        return normalise_bool(v)
    if f.type == "code":
        return normalise_code(v, reg.codes[f.codes]) if v else v
    return v


def _normalise(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    reg = registry()
    out = df.copy()
    for col in table.columns:
        f = reg.field_of(table, col)
        if f.type in ("id", "text"):
            s = out[col].str.strip()
        else:  # dates, amounts, codes, yes/no repeat: each distinct value is normalised once
            s = map_distinct(out[col], lambda v, f=f: _normalised(v.strip(), f, reg))
        out[col] = s.mask(s == "").astype("string")
    return out


# A total row of a spreadsheet: a label made of total words ("Razem", "Suma końcowa" of an
# Excel pivot table, "Σ"), optionally with words that say of what ("gmina", "ogółem", a year)
# or the municipality's own name ("Razem Gmina Miejska Mielec").
TOTAL_WORDS = {"razem", "suma", "sumy", "sumie", "ogółem", "łącznie", "total", "sum", "σ", "∑"}
_OF_WHAT = {
    "końcowa",
    "końcowy",
    "końcowe",
    "ogólna",
    "ogólny",
    "całkowita",
    "całkowity",
    "ogółem",
    "w",
    "dla",
    "za",
    "gmina",
    "gminy",
    "gminie",
    "miasto",
    "miasta",
    "mieście",
    "wszystkie",
    "wszystkich",
    "wszystko",
    "rok",
    "roku",
    "r",
    "grand",
    "general",
    "cała",
    "całej",
    "całość",
    "ośrodek",
    "ośrodka",
}
_INVISIBLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_SAME_ID_NOTE = "różnią się tylko wielkością liter, spacjami lub niewidocznymi znakami"


def _id_form(value: str) -> str:
    """An id or a label as it is meant: without case, spaces, soft hyphens or invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", value)).casefold()


def is_total_label(value: str, place_words: frozenset[str] = frozenset()) -> bool:
    """True for a label that is a spreadsheet's total: total words, words of what it totals and
    the municipality's name (``place_words``), in any case, with punctuation; a description
    that merely contains such a word is not one.

    >>> [is_total_label(v) for v in ["Razem", " RAZEM: ", "Ogółem\u00a0", "Razem z rodzicami", "Suma kontroli"]]
    [True, True, True, False, False]
    >>> [is_total_label(v) for v in ["Suma końcowa", "Suma ogółem", "Razem gmina", "Σ", "Ogółem 2025 r."]]
    [True, True, True, True, True]
    >>> is_total_label("Razem Gmina Miejska Mielec", frozenset({"gmina", "miejska", "mielec"}))
    True
    """
    text = _INVISIBLE.sub(" ", unicodedata.normalize("NFC", value).replace("\u00ad", "")).casefold()
    words = re.findall(r"[^\W\d_]+|\d+|[σ∑]", text)
    return (
        bool(words)
        and any(w in TOTAL_WORDS for w in words)
        and all(w in TOTAL_WORDS or w in _OF_WHAT or w in place_words or w.isdigit() for w in words)
    )


def place_words(data_dir: Path) -> frozenset[str]:
    """The words of the municipality's name, from the year folder's ``gmina.yml``."""
    from . import owner

    try:
        found = owner.read(Path(data_dir))
    except ReportError:
        return frozenset()  # validate names the file's own problem
    return frozenset(re.findall(r"[^\W\d_]+", found.name.casefold())) if found else frozenset()


def _label_columns(table: Table) -> list[str]:
    """Where a total row puts its word: the key columns and the first column (the row label),
    when they hold text, a code or an id. Other text columns are descriptions and may say anything."""
    reg = registry()
    candidates = dict.fromkeys((*table.key, table.columns[0]))
    return [c for c in candidates if reg.field_of(table, c).type in ("text", "code", "id")]


def _spelt_alike(values: pd.Series) -> pd.Series:
    """True for an id whose ``_id_form`` another spelling in ``values`` shares (each distinct
    spelling is put in its form once, so a register of a million ids takes a second)."""
    distinct = pd.Series(values.unique(), dtype=object)
    forms = distinct.map(_id_form)
    return values.isin(set(distinct[forms.duplicated(keep=False)]))


def _silent_errors(df: pd.DataFrame, table: Table, places: frozenset[str] = frozenset()) -> list[Problem]:
    """What the schema would let through and the report would count wrong: an id, or a label
    that keys a table, that differs from another only in case, spaces, soft hyphens or
    invisible characters (two families or two forms instead of one), and a total row in a
    table (its total counted twice)."""
    reg = registry()
    problems = []
    for col in table.columns:
        f = reg.field_of(table, col)
        values = df[col].dropna()
        if f.type == "id" or (col in table.key and f.type in ("text", "code")):
            what = "identyfikator zapisany" if f.type == "id" else "etykieta zapisana"
            values = values[_spelt_alike(values)]  # (nearly always none: the loop below stays short)
            # The spelling most rows use is taken as meant; each other spelling is reported.
            groups: dict[str, list[tuple[str, int]]] = {}
            for idx, v in values.items():
                groups.setdefault(_id_form(v), []).append((v, int(idx) + 2))
            for rows in groups.values():
                spellings = [v for v, _ in rows]
                if len(set(spellings)) < 2:
                    continue
                meant = max(dict.fromkeys(spellings), key=spellings.count)
                meant_row = next(row for v, row in rows if v == meant)
                problems += [
                    Problem(
                        table.file,
                        row,
                        col,
                        v,
                        f"{what} tak samo jak '{visible(meant)}' (wiersz {meant_row}); " + _SAME_ID_NOTE,
                    )
                    for v, row in rows
                    if v != meant
                ]
    for col in _label_columns(table):
        labels = df[col].dropna()
        labels = labels[labels.str.len() <= 80]  # a total is short: long labels need no look (whole column at once)
        for idx, v in labels.items():
            if is_total_label(v, places):
                problems.append(
                    Problem(
                        table.file,
                        int(idx) + 2,
                        col,
                        v,
                        "wiersz danych, nie wiersz sumy (sumy liczy raport; usuń ten wiersz)",
                    )
                )
    return problems


def references() -> list[tuple[str, str, tuple[str, ...]]]:
    """Ids that one file takes from another: (id column, referenced table, referring tables).

    An id column found in several tables refers to the table keyed by it alone (the first
    such), or else to the first table that holds it (family_id: the cases register).
    """
    reg = registry()
    found = []
    for name, f in reg.fields.items():
        if f.type != "id":
            continue
        holders = [t.name for t in reg.tables.values() if name in t.columns]
        if len(holders) < 2:
            continue
        keyed = [t for t in holders if reg.tables[t].key == (name,)]
        target = (keyed or holders)[0]
        found.append((name, target, tuple(t for t in holders if t != target)))
    return found


def _reference_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A referring id spelt differently from the id it means in the referenced file (only case,
    spaces or invisible characters apart): the two would not be matched, silently.

    ``frames`` are the normalised text frames, indexed by position in their file."""
    reg = registry()
    problems = []
    for col, target, sources in references():
        if target not in frames:
            continue
        ref = frames[target][col].dropna()
        meant: dict[str, tuple[str, int]] | None = None  # form → first spelling and row, made when needed
        target_file = reg.tables[target].file
        for source in sources:
            if source not in frames:
                continue
            referring = frames[source][col].dropna()
            referring = referring[~referring.isin(ref)]  # ids found as spelt are fine (whole columns at once)
            if meant is None and len(referring):
                forms = ref.map(_id_form)
                first = ~forms.duplicated()
                meant = dict(zip(forms[first].tolist(), zip(ref[first].tolist(), (ref.index[first] + 2).tolist())))
            for idx, v in referring.items():
                if _id_form(v) not in meant:
                    continue
                spelling, row = meant[_id_form(v)]
                problems.append(
                    Problem(
                        reg.tables[source].file,
                        int(idx) + 2,
                        col,
                        v,
                        f"identyfikator zapisany tak jak w pliku {target_file} (wiersz {row}, kolumna '{col}': "
                        f"'{visible(spelling)}'); {_SAME_ID_NOTE}",
                    )
                )
    return problems


def _missing_references(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Ids a table declares as references (``references:`` in the schema) that the table keyed
    by them does not have: a form's institution missing from the directory, figures of a
    project or centre that is not listed, a task of an unknown goal. (Spellings that differ
    only in case or spaces are reported by ``_reference_problems``.)

    ``frames`` are the normalised text frames, indexed by position in their file."""
    reg = registry()
    problems = []
    for table in reg.tables.values():
        if table.name not in frames:
            continue
        for col in table.references:
            target = next(t for t in reg.tables.values() if t.key == (col,) and t is not table)
            if target.name not in frames:
                continue
            known = frames[target.name][col].dropna()
            known_forms = set(known.map(_id_form))
            referring = frames[table.name][col].dropna()
            missing = referring[~referring.isin(known) & ~referring.map(_id_form).isin(known_forms)]
            listed = ", ".join(map(visible, known.tolist()[:8])) + (", …" if len(known) > 8 else "")
            where = f"są tam: {listed}" if len(known) else "plik nie ma wierszy danych"
            for idx, v in missing.items():
                problems.append(
                    Problem(
                        table.file,
                        int(idx) + 2,
                        col,
                        v,
                        f"identyfikator z pliku {target.file} (kolumna '{col}'; {where})",
                    )
                )
    return problems


def _month_first_dates(raw: pd.DataFrame, df: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """A date column holding a date that can only be month first (12-31-2025) is written month
    first: its other day-first-looking dates (05-06-2025) are then not read as day first either
    (they are left as written, so the format check refuses them), and the column is named once."""
    problems = []
    for col in table.columns:
        if registry().field_of(table, col).type != "date":
            continue
        written = raw[col].fillna("").str.strip()
        # day, separator, month, year; each distinct date once (a register's dates repeat)
        codes, distinct = pd.factorize(written)
        parts = pd.Series(distinct, dtype=object).str.extract(DAY_FIRST_DATE).iloc[codes].set_axis(written.index)
        first, second = pd.to_numeric(parts[0]), pd.to_numeric(parts[2])
        month_first = ((second > 12) & (first <= 12)).fillna(False).astype(bool)
        if not month_first.any():
            continue
        proof = month_first.idxmax()
        ambiguous = parts[0].notna()
        df = df.copy()
        df.loc[ambiguous, col] = written[ambiguous]
        problems.append(
            Problem(
                table.file,
                None,
                col,
                None,
                f"daty w kolejności dzień-miesiąc-rok; w tej kolumnie data '{written[proof]}' (wiersz {int(proof) + 2}) "
                "jest zapisana jako miesiąc-dzień-rok, więc pozostałe daty z kropkami lub łącznikami mogą być odwrócone; "
                "zapisz wszystkie daty tej kolumny jako RRRR-MM-DD (np. 2025-12-31)",
            )
        )
    return df, problems


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
            if found and column in table.columns:
                f = registry().field_of(table, column)
                if check == expected_pl(f):  # the format check: say why a foreign convention is not read
                    expected = why_refused(found, f.type) or expected
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
            out[col] = s.astype(int) if not f.nullable else map_distinct(s, int)
        elif f.type == "bool":
            out[col] = s.eq("true").astype(bool)
        elif f.type == "date":
            out[col] = map_distinct(s, dt.date.fromisoformat)
        elif f.type == "money":
            grosze = map_distinct(s, lambda v: int(Decimal(v) * 100))
            out[col.removesuffix("_zl") + "_gr"] = grosze.astype(int) if not f.nullable else grosze.astype(object)
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out.reset_index(drop=True)


# Tables already read and validated, by the file's version: a warm kernel that runs several
# chapters, or the live preview, reads an unchanged file once. Keyed by what the result
# depends on; a hit hands out copies, so no chapter sees another's changes to a frame.
_READ: dict[tuple, tuple[pd.DataFrame | None, pd.DataFrame | None, list[Problem]]] = {}
_READ_MAX = 256


def _read_table(
    data_dir: Path, table_name: str, year: int, places: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    """The typed frame (or None), the normalised text frame (for checks across files) and the problems."""
    table = registry().tables[table_name]
    path = find_file(Path(data_dir), table.file)
    version = file_version(path)
    key = (str(path.resolve()), version, table_name, year, places, path.is_symlink())
    if version is not None and key in _READ:
        note_read(path)  # what the notebook read, for the build's cache, as on a first read
    else:
        found = _read_table_uncached(path, table, year, places)
        if version is None or file_version(path) != version:  # absent, or changed while it was read
            return found
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        _READ[key] = found
    df, text, problems = _READ[key]
    return (None if df is None else df.copy()), (None if text is None else text.copy()), list(problems)


def _read_table_uncached(
    path: Path, table, year: int, places: frozenset[str]
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    if table.optional and not path.is_file():
        # An optional file the municipality does not keep is a table with no rows.
        note_read(path)
        raw, problems = _no_rows(table), []
    else:
        raw, problems = _read_raw(path, table)
    if raw is None:
        return None, None, problems
    df, month_first = _month_first_dates(raw, _normalise(raw, table), table)
    silent = month_first + _silent_errors(df, table, places)
    try:
        pandera_schema(table, year, RULES).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        return None, df, silent + _problems_from(err, table)
    if silent:
        return None, df, silent
    if table.single_row and len(df) != 1:
        return (
            None,
            df,
            [
                Problem(
                    table.file, None, None, f"wierszy danych: {len(df)}", "dokładnie jeden wiersz danych pod nagłówkiem"
                )
            ],
        )
    if table.at_most_one_row and len(df) > 1:
        return (
            None,
            df,
            [
                Problem(
                    table.file,
                    None,
                    None,
                    f"wierszy danych: {len(df)}",
                    "najwyżej jeden wiersz danych pod nagłówkiem (albo sam nagłówek)",
                )
            ],
        )
    if table.complete_codes:
        field = registry().fields[table.complete_codes]
        missing = [c for c in registry().codes[field.codes] if c not in set(df[table.complete_codes])]
        problems += [Problem(table.file, None, table.complete_codes, None, f"wiersz dla kodu '{c}'") for c in missing]
        if missing:
            return None, df, problems
    return _convert(df, table), df, []


def load_inputs(data_dir: Path | str, year: int, tables: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate every table (or the named ones); raise ``InputError`` listing all problems."""
    data_dir = Path(data_dir)
    names = tables or list(registry().tables)
    if not data_dir.is_dir():
        raise InputError([Problem(str(data_dir), None, None, None, "istniejący katalog z danymi roku")])
    frames, texts, problems = {}, {}, []
    places = place_words(data_dir)
    for name in names:
        df, text, found = _read_table(data_dir, name, year, places)
        problems += found
        if df is not None:
            frames[name] = df
        if text is not None:
            texts[name] = text
    problems += _reference_problems(texts) + _missing_references(texts)
    if not problems:
        problems += _chapter_problems(frames)
    if problems:
        raise InputError(problems)
    return frames


def _chapter_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """What a chapter checks across its inputs (``input_problems(frames)`` in its module),
    for every chapter whose tables are all loaded: ``validate`` finds them before a build."""
    from .chapters import MODULES  # (the chapters read their inputs through this module)

    problems = []
    for module in MODULES:
        check = getattr(module, "input_problems", None)
        if check is not None and all(t in frames for t in module.TABLES):
            problems += check(frames)
    return problems


def left_out_activities(data_dir: Path, read: set[str] | None = None) -> list[str]:
    """The titles of the optional files the office left out of ``data_dir`` whose absence the
    report reads as "there was none" (no such activity, no such money): a file whose absence
    means something else says so (``optional_pl``), and one that details another's rows
    (``references``) is absent with it. ``read``: the tables the report's chapters read (a
    chapter the office's structure leaves out says nothing of its files). The draft asks the
    office to confirm them."""
    return [
        t.title_pl
        for name, t in missing_tables(data_dir).items()
        if (read is None or name in read) and t.optional and not t.optional_pl and not t.references
    ]


def missing_tables(data_dir: Path) -> dict:
    """The registry's tables, by name, whose file ``data_dir`` does not hold."""
    from .schema import registry

    return {name: t for name, t in registry().tables.items() if not (Path(data_dir) / t.file).is_file()}
