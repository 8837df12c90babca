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
dates as 31.12.2025 or 31-12-2025, yes/no as PRAWDA/FAŁSZ. A value in another convention
that could be read two ways (72,360.56; 1.234; 05/06/2025) is refused with a Polish
explanation (``why_refused``), never guessed.
"""

from __future__ import annotations

import datetime as dt
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
        names = {
            "utf-8": "UTF-8",
            "utf-8-sig": "UTF-8 (z BOM)",
            "utf-16": "UTF-16 (Tekst Unicode)",
            "cp1250": "Windows-1250",
        }
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
            raise DialectError(
                f"plik zaczyna się znacznikiem UTF-8, ale bajt {exc.start + 1} nim nie jest; "
                "zapisz go ponownie jako „CSV UTF-8”"
            ) from None
    if _utf16_without_bom(data):
        raise DialectError(
            "plik jest zapisany jako UTF-16 bez znacznika na początku (tak zapisują go niektóre "
            "programy); otwórz go w Excelu i zapisz jako „CSV UTF-8 (rozdzielany przecinkami)”"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mixed = _mixed_line(data, first_bad)
    if mixed is not None:
        raise DialectError(
            f"wiersz {mixed}: zapisany w innym kodowaniu niż reszta pliku (plik jest w UTF-8, ten "
            "wiersz nie), więc polskie litery odczytałyby się błędnie; popraw ten wiersz albo zapisz "
            "cały plik ponownie jako „CSV UTF-8”"
        )
    try:
        windows = data.decode("cp1250")
    except UnicodeDecodeError:
        windows = None
    latin2 = data.decode("iso-8859-2")
    if windows is not None and (_C1.search(latin2) or windows == latin2):
        return windows, "cp1250"  # C1 control characters are never text: not ISO-8859-2
    raise DialectError(
        "nie da się ustalić kodowania pliku (Windows-1250 i ISO-8859-2 odczytałyby go różnie); "
        "zapisz go w Excelu jako „CSV UTF-8 (rozdzielany przecinkami)”"
    )


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mixed_line(data: bytes, first_bad: int) -> int | None:
    """The line (from 1) of the first byte that is not UTF-8, when other lines hold UTF-8
    letters: a file written in two encodings, which neither reading would get right.

    >>> _mixed_line("a;Zespół\\n".encode("utf-8") + "b;Zespół\\n".encode("cp1250"), 17)
    2
    >>> _mixed_line("a;Zespół\\n".encode("cp1250"), 5) is None
    True
    """
    if not _UTF8_SEQUENCE.search(data):
        return None
    lines = data.split(b"\n")
    has_utf8 = any(_UTF8_SEQUENCE.search(line) and _is_utf8(line) for line in lines)
    return data.count(b"\n", 0, first_bad) + 1 if has_utf8 else None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _utf16_without_bom(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte is NUL (ASCII letters).

    >>> _utf16_without_bom("a;b\\n1;2".encode("utf-16-le")), _utf16_without_bom(b"a;b")
    (True, False)
    """
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.4 * len(sample) / 2 and min(even, odd) < 0.05 * len(sample) / 2


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


_GROUP = "[ \u00a0\u202f\u2009]"  # between thousands: space, no-break, narrow no-break, thin space
_MONEY_PL = re.compile(
    rf"^-?\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[,.]\d{{1,2}})?$"  # 72 360,56 (or 72 360.56: the space marks thousands)
    r"|^-?\d+,\d{1,2}$"  # 72360,56
    r"|^-?\d{1,3}(?:\.\d{3})+,\d{1,2}$",  # 72.360,56: a comma after the dots, so the dots are thousands
    re.ASCII,  # ASCII digits only, as the schema reads them
)
_CURRENCY = re.compile(r"\s*(?:zł|pln)\.?$", re.IGNORECASE)  # Excel's currency format saves "72 360,56 zł"
_COUNT_PL = re.compile(rf"^\d{{1,3}}(?:{_GROUP}\d{{3}})+$", re.ASCII)
# 31.12.2025 or 31-12-2025: day first, four-digit year last, so never mistaken for 2025-12-31.
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})([.-])(\d{1,2})\2(\d{4})(?:\s*r\.?)?$", re.ASCII)  # day, separator, month, year
_BOOL_PL = {"prawda": "true", "fałsz": "false", "falsz": "false"}
_GROUPS = re.compile(_GROUP)


def normalise_value(value: str, kind: str) -> str:
    """A value written the Polish way, in the form the schema reads; others unchanged.

    >>> normalise_value("72 360,56", "money"), normalise_value("72360,5", "money"), normalise_value("4000.00", "money")
    ('72360.56', '72360.5', '4000.00')
    >>> normalise_value("72\u202f360,56 zł", "money"), normalise_value("72.360,56", "money")
    ('72360.56', '72360.56')
    >>> normalise_value("1\\u00a0234", "count"), normalise_value("31.12.2025", "date"), normalise_value("PRAWDA", "bool")
    ('1234', '2025-12-31', 'true')
    >>> normalise_value("1,234", "count"), normalise_value("72,360.56", "money"), normalise_value("1-2-2025", "date")
    ('1,234', '72,360.56', '2025-02-01')
    >>> normalise_value("4000.00 zł", "money"), normalise_value("31.02.2025", "date")
    ('4000.00', '31.02.2025')
    """
    v = value.strip()
    if kind == "money":
        amount = _CURRENCY.sub("", v)
        if _MONEY_PL.match(amount):
            return _GROUPS.sub("", amount).replace(".", "" if "," in amount else ".").replace(",", ".")
        if amount != v and re.fullmatch(r"\d+(?:\.\d{1,2})?", amount):
            return amount  # 4000.00 zł
    if kind == "count" and _COUNT_PL.match(v):
        return _GROUPS.sub("", v)
    if kind == "date":
        m = DAY_FIRST_DATE.match(v)
        if m:
            try:  # 31.02.2025 is left as written, for the error to show what was typed
                return dt.date(int(m.group(4)), int(m.group(3)), int(m.group(1))).isoformat()
            except ValueError:
                return value
    if kind == "bool" and v.lower() in _BOOL_PL:
        return _BOOL_PL[v.lower()]
    return value


def day_first_date(value: str) -> tuple[int, int] | None:
    """(first, second) number of a date written day first (31.12.2025, 31-12-2025), else None.

    >>> day_first_date("12-31-2025"), day_first_date("2025-12-31")
    ((12, 31), None)
    """
    m = DAY_FIRST_DATE.match(value.strip())
    return (int(m.group(1)), int(m.group(3))) if m else None


_EN_MONEY = re.compile(r"^-?\d{1,3}(?:,\d{3})+\.\d+$")
_GROUPED_3 = re.compile(r"^-?\d{1,3}(?:[,.]\d{3})+$")
_SLASH_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
_SHORT_YEAR = re.compile(r"^\d{1,2}([.-])\d{1,2}\1\d{2}$")
_MONEY_FORMS = "72 360,56 albo 72360,56 albo 72360.56"


def why_refused(value: str, kind: str) -> str | None:
    """In Polish: why a value that looks like a number or a date in another convention is not
    read (guessing could change the amount a thousandfold or swap day and month), and the
    forms that are read; None when there is nothing more to say than the format expected.

    >>> why_refused("72,360.56", "money").split(";")[0]
    'kwota zapisana po angielsku (przecinek oddziela tysiące, kropka grosze)'
    >>> why_refused("4000.00", "money") is None
    True
    """
    v = value.strip()
    if kind == "money":
        v = _CURRENCY.sub("", v)
        if _EN_MONEY.match(v):
            return (
                "kwota zapisana po angielsku (przecinek oddziela tysiące, kropka grosze); "
                f"zapisz ją po polsku, np. {_MONEY_FORMS}"
            )
        if _GROUPED_3.match(v):
            return (
                "kwota niejednoznaczna: trzy cyfry po przecinku lub kropce to albo tysiące, albo ułamek "
                f"grosza; zapisz ją bez takiego separatora tysięcy, np. {_MONEY_FORMS}"
            )
    if kind == "count" and _GROUPED_3.match(v):
        return (
            "liczba niejednoznaczna: przecinek lub kropka to separator tysięcy albo część ułamkowa; "
            "zapisz liczbę całkowitą bez separatora albo ze spacją, np. 1234 lub 1 234"
        )
    if kind == "date":
        first_second = day_first_date(v)
        if _SLASH_DATE.match(v):
            return (
                "data z ukośnikami jest niejednoznaczna (dzień/miesiąc czy miesiąc/dzień); zapisz ją "
                "jako RRRR-MM-DD (2025-12-31), DD.MM.RRRR (31.12.2025) albo DD-MM-RRRR (31-12-2025)"
            )
        if _SHORT_YEAR.match(v):
            return "rok zapisany czterema cyframi: RRRR-MM-DD (2025-12-31), DD.MM.RRRR albo DD-MM-RRRR"
        if first_second and first_second[1] > 12 >= first_second[0]:
            return (
                "data w kolejności miesiąc-dzień-rok; zapisz ją jako RRRR-MM-DD (2025-12-31), "
                "DD.MM.RRRR (31.12.2025) albo DD-MM-RRRR (31-12-2025)"
            )
        if v.isdigit() and 20000 < int(v) < 80000:
            return (
                "liczba zamiast daty (tak Excel przechowuje datę w komórce sformatowanej jako liczba); "
                "sformatuj komórkę jako datę RRRR-MM-DD i zapisz plik ponownie"
            )
    return None
