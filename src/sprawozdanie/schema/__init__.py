"""The input registry: every field, code list and table declared once, in ``schema/*.yml``.

Each chapter has its own file (``family_assistance.yml``, …); they are merged into one
registry, and a field, code list or table declared twice is an error. Pandera schemas
(``schema/validation.py``: pandas and pandera are imported only where inputs are
validated, not by every reader of the registry), the data dictionary (``dictionary_rows``) and the wording of error
messages are derived from it, so a column's type or meaning is written nowhere else.
The field types and date rules are described at the top of ``family_assistance.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

FIELD_TYPES = ("id", "text", "count", "money", "date", "bool", "code")
TRUE_WORDS = frozenset({"true", "tak", "yes", "1", "t", "y"})
FALSE_WORDS = frozenset({"false", "nie", "no", "0", "f", "n"})

_ID = r"^[A-Za-z0-9_-]+$"
# Digits are ASCII only, and bounded: a count or amount no register can hold (a 23-digit
# paste) is an input error, not an overflow of the 64-bit columns the chapters compute with.
_COUNT = r"^[0-9]{1,12}$"
_MONEY = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"

TYPE_LABELS_PL = {
    "id": "identyfikator",
    "text": "tekst",
    "count": "liczba całkowita ≥ 0",
    "money": "kwota w zł",
    "date": "data RRRR-MM-DD",
    "bool": "tak/nie (true/false)",
    "code": "kod ze słownika",
}


@dataclass(frozen=True)
class Code:
    code: str
    label_pl: str
    variants: tuple[str, ...] = ()
    phrase_pl: str = ""  # the words a sentence of the report gives it, where one does


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning_pl: str
    nullable: bool = False
    codes: str | None = None
    date_rule: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    title_pl: str
    meaning_pl: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rules: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    complete_codes: str | None = None
    optional: bool = False  # an absent file is read as a table with no rows
    references: tuple[str, ...] = ()  # id columns whose values must be ids of the table keyed by them
    single_row: bool = False  # exactly one data row (the programme's description)
    at_most_one_row: bool = False  # none or one (a team an office may not have)
    optional_columns: tuple[str, ...] = ()  # may be missing from the file (older years): read as blank
    retired_columns: tuple[str, ...] = ()  # no longer read: a file of an older year that has one is read without it
    optional_pl: str = ""  # what an optional file's absence means, when not "no such activity" (the checklist)
    given_only: bool = False  # absent = figures not given, nothing missing: a prior year is compared without it


@dataclass(frozen=True)
class Registry:
    fields: dict[str, Field]
    codes: dict[str, dict[str, Code]]
    tables: dict[str, Table] = field(default_factory=dict)

    def field_of(self, table: Table, column: str) -> Field:
        """The column's field, with the table's own ``not_null`` override applied."""
        f = self.fields[column]
        if column in table.not_null:
            return Field(f.name, f.type, f.meaning_pl, False, f.codes, f.date_rule)
        return f


# The package's own files, read on every build (a no-op one too): libyaml's safe loader where
# PyYAML has it, ten times faster than the pure-Python one, which reads them alike.
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _merged_declarations() -> dict:
    """All ``schema/*.yml`` files merged; a name declared in two files is an error."""
    merged: dict[str, dict] = {"fields": {}, "codes": {}, "tables": {}}
    from ..structure import tool_order  # one file per chapter, merged in the registry's order

    files = sorted(
        (f for f in resources.files(__package__).iterdir() if f.name.endswith(".yml")), key=lambda f: tool_order(f.name)
    )
    for f in files:
        raw = yaml.load(f.read_text("utf-8"), Loader=_SAFE) or {}
        for section in merged:
            for name, spec in (raw.get(section) or {}).items():
                if name in merged[section]:
                    raise ValueError(f"schema/{f.name}: {section[:-1]} '{name}' is already declared")
                merged[section][name] = spec
    return merged


@cache
def registry() -> Registry:
    """Load and check the declarations (cached: they never change during a run)."""
    raw = _merged_declarations()
    codes = {
        name: {
            c: Code(c, spec["label_pl"], tuple(spec.get("variants", ())), spec.get("phrase_pl", ""))
            for c, spec in items.items()
        }
        for name, items in raw["codes"].items()
    }
    fields = {name: Field(name=name, **spec) for name, spec in raw["fields"].items()}
    tables = {
        name: Table(
            name=name,
            file=spec["file"],
            title_pl=spec["title_pl"],
            meaning_pl=spec["meaning_pl"],
            key=tuple(spec["key"]),
            columns=tuple(spec["columns"]),
            rules=tuple(spec.get("rules", ())),
            not_null=tuple(spec.get("not_null", ())),
            complete_codes=spec.get("complete_codes"),
            optional=bool(spec.get("optional", False)),
            references=tuple(spec.get("references", ())),
            single_row=bool(spec.get("single_row", False)),
            at_most_one_row=bool(spec.get("at_most_one_row", False)),
            optional_columns=tuple(spec.get("optional_columns", ())),
            retired_columns=tuple(spec.get("retired_columns", ())),
            optional_pl=" ".join(str(spec.get("optional_pl", "")).split()),
            given_only=bool(spec.get("given_only", False)),
        )
        for name, spec in raw["tables"].items()
    }
    for f in fields.values():
        if f.type not in FIELD_TYPES:
            raise ValueError(f"field {f.name}: unknown type {f.type!r}")
        if (f.type == "code") != (f.codes is not None) or (f.codes and f.codes not in codes):
            raise ValueError(f"field {f.name}: a code field needs a known code list")
    for t in tables.values():
        if t.given_only and not t.optional:
            raise ValueError(f"table {t.name}: only an optional table's absence can mean 'not given'")
        if t.optional and t.complete_codes:
            raise ValueError(f"table {t.name}: a table that needs a row per code cannot be optional")
        unknown = [c for c in t.columns if c not in fields]
        if unknown:
            raise ValueError(f"table {t.name}: undeclared columns {unknown}")
        if any(c not in t.columns or not fields[c].nullable for c in t.optional_columns):
            raise ValueError(f"table {t.name}: an optional column must be one of its nullable columns")
        for col in t.references:
            if col not in t.columns or not [o for o in tables.values() if o.key == (col,) and o is not t]:
                raise ValueError(f"table {t.name}: references {col!r}, which no other table is keyed by")
    return Registry(fields, codes, tables)


# --- normalising raw text before validation -------------------------------------------


def normalise_bool(value: str) -> str:
    """Map the accepted spellings of yes/no onto ``true``/``false``; leave others as found.

    >>> [normalise_bool(v) for v in ["Tak", "nie", "1", "maybe"]]
    ['true', 'false', 'true', 'maybe']
    """
    low = value.strip().lower()
    if low in TRUE_WORDS:
        return "true"
    if low in FALSE_WORDS:
        return "false"
    return value


def normalise_code(value: str, codes: dict[str, Code]) -> str:
    """Map a known variant spelling (any case) onto its canonical code; leave others as found.

    >>> normalise_code("Odmowa", registry().codes["end_reason"])
    'refusal'
    """
    low = value.strip().lower()
    for code in codes.values():
        if low == code.code.lower() or low in (v.lower() for v in code.variants):
            return code.code
    return value


def expected_pl(f: Field) -> str:
    """What a valid value of the field looks like, in the analyst's words."""
    reg = registry()
    if f.type == "code":
        return "jeden z kodów: " + ", ".join(reg.codes[f.codes])
    return {
        "id": "identyfikator z liter, cyfr, '-' lub '_'",
        "text": "niepusty tekst",
        "count": "liczba całkowita nieujemna (np. 0, 12), najwyżej 12 cyfr",
        "money": "kwota w zł ≥ 0 z kropką dziesiętną, najwyżej 2 miejsca po kropce (np. 4000.00), najwyżej 13 cyfr przed kropką",
        "date": "data w formacie RRRR-MM-DD",
        "bool": "tak/nie (true/false)",
    }[f.type]


def dictionary_rows() -> list[dict[str, str]]:
    """Rows of the data dictionary (file, column, type, meaning in Polish, allowed values)."""
    reg = registry()
    rows = []
    for t in reg.tables.values():
        for name in t.columns:
            f = reg.field_of(t, name)
            allowed = ""
            if f.type == "code":
                allowed = "; ".join(f"{c.code} = {c.label_pl}" for c in reg.codes[f.codes].values())
            elif f.type == "bool":
                allowed = "true; false"
            if f.date_rule == "within_year":
                allowed = "data w roku sprawozdawczym"
            elif f.date_rule == "not_after_year":
                allowed = "data nie późniejsza niż 31 grudnia roku sprawozdawczego"
            rows.append(
                {
                    "file": t.file,
                    "column": name,
                    "type": f.type,
                    "required": "nie" if f.nullable else "tak",
                    "key": "tak" if name in t.key else "nie",
                    "meaning_pl": f.meaning_pl,
                    "allowed_values": allowed,
                }
            )
    return rows
