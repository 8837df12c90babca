"""How an office's CSV file is written: its encoding and its separator, found once per file.

Excel on Polish Windows saves "CSV (rozdzielany przecinkami)" in Windows-1250 with ``;``
between fields and a decimal comma; "CSV UTF-8" is UTF-8 with a byte-order mark;
"Tekst Unicode" is UTF-16. Each is read as it is. Strict UTF-8 is tried first (a file
that decodes as UTF-8 is UTF-8). Windows-1250 and ISO-8859-2 share most Polish letters
but not ą, ś, ź (and their capitals): where the two would read a file differently and
nothing in the file tells them apart, the analyst is asked to save it as UTF-8 rather than
the program guessing.

Values written the Polish way are normalised per field type (``normalise_value``): money
with a decimal comma and spaces between thousands, counts with spaces between thousands,
dates as 31.12.2025, yes/no as PRAWDA/FAŁSZ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATORS = {",": "przecinek", ";": "średnik", "\t": "tabulator"}
_C1 = re.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class Dialect:
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1250"
    separator: str

    def describe(self) -> str:
        """In Polish, for provenance.json and messages.

        >>> Dialect("cp1250", ";").describe()
        'kodowanie Windows-1250, separator: średnik'
        """
        names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (z BOM)", "utf-16": "UTF-16 (Tekst Unicode)",
                 "cp1250": "Windows-1250"}
        return f"kodowanie {names.get(self.encoding, self.encoding)}, separator: {SEPARATORS[self.separator]}"


class DialectError(ValueError):
    """A file whose encoding cannot be told; the message is in Polish."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with.

    >>> decode("Zespół".encode("utf-8"))
    ('Zespół', 'utf-8')
    >>> decode(b"\\xef\\xbb\\xbf" + "Zespół".encode("utf-8"))
    ('Zespół', 'utf-8-sig')
    >>> decode("Zespół; świetlica".encode("cp1250"))
    ('Zespół; świetlica', 'cp1250')
    >>> decode("Zespół".encode("utf-16"))
    ('Zespół', 'utf-16')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DialectError(f"plik zaczyna się znacznikiem UTF-8, ale bajt {exc.start + 1} nim nie jest; "
                               "zapisz go ponownie jako „CSV UTF-8”") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        windows = data.decode("cp1250")
    except UnicodeDecodeError:
        windows = None
    latin2 = data.decode("iso-8859-2")
    if windows is not None and (_C1.search(latin2) or windows == latin2):
        return windows, "cp1250"  # C1 control characters are never text: not ISO-8859-2
    raise DialectError("nie da się ustalić kodowania pliku (Windows-1250 i ISO-8859-2 odczytałyby go różnie); "
                       "zapisz go w Excelu jako „CSV UTF-8 (rozdzielany przecinkami)”")


def separator(header_line: str, columns: tuple[str, ...]) -> str:
    """The separator that splits the header into the most expected column names (a comma
    when none does better).

    >>> separator("case_id;family_id;start_date", ("case_id", "family_id", "start_date"))
    ';'
    >>> separator("a,b", ("a", "b")), separator("a\\tb", ("a", "b"))
    (',', '\\t')
    """
    def hits(sep: str) -> int:
        return sum(name.strip().strip('"').lower() in columns for name in header_line.split(sep))

    best = max(SEPARATORS, key=lambda sep: (hits(sep), sep == ","))
    return best if hits(best) > 1 or (hits(best) == 1 and len(columns) == 1) else ","


_MONEY_PL = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d{1,2})?$|^-?\d+,\d{1,2}$")
_COUNT_PL = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$")
_DATE_PL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*r\.?)?$")
_BOOL_PL = {"prawda": "true", "fałsz": "false", "falsz": "false"}


def normalise_value(value: str, kind: str) -> str:
    """A value written the Polish way, in the form the schema reads; others unchanged.

    >>> normalise_value("72 360,56", "money"), normalise_value("72360,5", "money"), normalise_value("4000.00", "money")
    ('72360.56', '72360.5', '4000.00')
    >>> normalise_value("1\\u00a0234", "count"), normalise_value("31.12.2025", "date"), normalise_value("PRAWDA", "bool")
    ('1234', '2025-12-31', 'true')
    >>> normalise_value("1,234", "count")
    '1,234'
    """
    v = value.strip()
    if kind == "money" and _MONEY_PL.match(v):
        return re.sub(r"[ \u00a0\u202f]", "", v).replace(",", ".")
    if kind == "count" and _COUNT_PL.match(v):
        return re.sub(r"[ \u00a0\u202f]", "", v)
    if kind == "date":
        m = _DATE_PL.match(v)
        if m:
            return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if kind == "bool" and v.lower() in _BOOL_PL:
        return _BOOL_PL[v.lower()]
    return value
