"""Polish formats for numbers, money and counted nouns, from Babel's CLDR data.

Babel does not apply CLDR's ``minimumGroupingDigits`` (2 for Polish), so four-digit
numbers would come out as "4 000"; Polish usage, CLDR and the published report write
"4000". ``_pattern`` adds that one rule on top of Babel's patterns.

Babel gives the separators and the plural category of a number (``one``, ``few``,
``many``); the word forms for each category are supplied by the caller, since Babel
has no dictionary of Polish nouns.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = Locale.parse("pl_PL")
NBSP = "\u00a0"
# After a range's dash a line may still break before the no-break space (Unicode line
# breaking lets a dash end a line); a word joiner forbids it, in browsers and in Typst alike.
WORD_JOINER = "\u2060"
# Polish typesetting: a one-letter word (w, z, i, o, a, u) must not end a line.
SINGLE_LETTER = re.compile(r"(?<![\w\-./])([aiouwzAIOUWZ]) (?=\S)")
# Nor may a number be parted from its unit or abbreviation ("2025 r.", "28 000,00 zł"), a day
# from its month ("31 grudnia"), "art." or "ust." from their number, a range from its ends
# ("15:00 – 17:00") or a postal code from its town. The text may be Markdown: a space may be
# a line break of the source, and punctuation may be escaped ("r\.", "39\-300").
UNIT_AFTER_NUMBER = re.compile(r"(?<=\d)[ \n](?=(?:r\\?\.|zł|gr|tys\\?\.|mln|mld|h|min|godz\\?\.|km)(?!\w))")
DAY_AND_MONTH = re.compile(
    r"(?<![\d.,])(\d{1,2})[ \n](?=(?:stycznia|lutego|marca|kwietnia|maja|czerwca|lipca"
    r"|sierpnia|września|października|listopada|grudnia)\b)"
)
NUMBER_AFTER = re.compile(r"(?<!\w)([Aa]rt\\?\.|ust\\?\.|pkt|poz\\?\.|§)[ \n](?=\d)")  # "Art." opens a sentence
# "art. 10 ust. 3 pkt 3 lit. c": a unit of a provision stays with the number before it, a letter
# with its "lit."
PROVISION_PARTS = re.compile(
    r"(?<=\d)[ \n](?=(?:ust\\?\.|pkt|lit\\?\.)[ \n\u00a0])|(?:(?<=\blit\.)|(?<=\blit\\\.))[ \n](?=[a-z]\b)"
)
RANGE = re.compile(r"(?<=\d)[ \n]([–—])[ \n](?=\d)")
# "3-letnich": a hyphen between a number and a word is no place to end a line (Polish would
# repeat the hyphen on the next); after a space or bracket only, so no identifier is touched.
# A range of years ("2024-2026") may break after its hyphen, and copies without a joiner.
NUMBER_HYPHEN = re.compile(r"(?<![^\s(„])(\d{1,4}\\?-)(?=[a-ząćęłńóśźż]{2,})")
# "4 osiągnęło": a number of the report (a value's span) stays with the word after it, as
# count() keeps it with its noun
VALUE_AND_WORD = re.compile(r"(\{\.val\b[^}\n]*\})[ \n](?=[a-ząćęłńóśźż])")
# A check's arithmetic ("(3 + 11 = 14 ≥ 13)"): no operator starts a line, and no relation ends
# one; a sum may still break after its "+" (checks._show writes them with plain spaces).
OPERATOR_AFTER_NUMBER = re.compile(r"(?:(?<=[\d\]])|(?<=zł)) (?=\\?[+=≠≤≥<>] \[?\d)")
# (an amount after it may still start a line: "… = 930 518,87 zł = 930 518,87 zł" outruns a phone)
NUMBER_AFTER_RELATION = re.compile(
    r"(?:(?<=[\d\]]\u00a0)|(?<=zł\u00a0))(\\?[=≠≤≥<>]) (?=\[?\d+(?:\u00a0\d{3})*(?![\d,]|\u00a0\d))"
)
# "z późn. zm.": the abbreviations of one phrase stay on one line
LATER_AMENDMENTS = re.compile(r"(?<=późn\\.)[ \n](?=zm\\?\.)|(?<=późn\.)[ \n](?=zm\\?\.)")
# "Karta Dużej Rodziny 3+", "MKR 3+": a name's number with its plus stays with the word before it
NAME_PLUS = re.compile(r"(?<=[^\W\d_])[ \n](?=\d+\\?\+(?!\\?[\d+]))")  # "3\+" as Markdown escapes it
# "39-300 Mielec": neither the hyphen nor the space after the code may end a line
POSTAL_CODE = re.compile(r"(?<![\w-])(\d\d\\?-)(\d\d\d)(?![\w-])([ \n](?=\w))?")


def _pattern(value: int | Decimal, decimals: int) -> str:
    grouped = abs(value) >= 10_000  # CLDR pl: minimumGroupingDigits = 2
    base = "#,##0" if grouped else "0"
    return base + ("." + "0" * decimals if decimals else "")


def number(value: int | Decimal) -> str:
    """A whole number in Polish notation, thousands separated by a non-breaking space.

    Polish CLDR data groups from five digits up (4000, but 28 000).

    >>> number(917), number(4000), number(28000).replace(NBSP, " ")
    ('917', '4000', '28 000')
    """
    return format_decimal(value, format=_pattern(value, 0), locale=LOCALE)


def decimal(value: Fraction, places: int = 1) -> str:
    """An exact fraction shown with at most ``places`` decimals (half up), Polish style.

    >>> decimal(Fraction(3, 2)), decimal(Fraction(2)), decimal(Fraction(1, 3)), decimal(Fraction(12001, 2))
    ('1,5', '2', '0,3', '6000,5')
    """
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    if rounded == rounded.to_integral():
        rounded = rounded.quantize(Decimal(1))
    digits = max(-rounded.as_tuple().exponent, 0)
    return format_decimal(rounded, format=_pattern(rounded, digits), locale=LOCALE)


def money(grosze: int, *, currency: bool = True) -> str:
    """An exact amount given in grosze, as Polish złoty with two decimals.

    >>> money(93051887).replace(NBSP, " ")
    '930 518,87 zł'
    >>> money(400000).replace(NBSP, " ")  # an amount is grouped from four digits, in prose as in tables
    '4 000,00 zł'
    >>> money(2800000, currency=False).replace(NBSP, " ")
    '28 000,00'
    """
    amount = Decimal(grosze) / 100
    # amounts of złoty are grouped from four digits ("2 146,00 zł"), as Polish financial
    # documents set them, so that one amount reads the same in a sentence and in a table
    grouped = "#,##0.00" if abs(amount) >= 1000 else "0.00"
    text = format_decimal(amount, format=grouped, locale=LOCALE)
    return f"{text}{NBSP}zł" if currency else text


def hours_minutes(hours: int, minutes: int) -> str:
    """A duration in whole hours and the minutes over, as the report states it.

    >>> [hours_minutes(*d).replace(NBSP, " ") for d in ((10, 30), (7, 0), (0, 45), (0, 0))]
    ['10 h 30 min', '7 h', '45 min', '0 h']
    """
    parts = [f"{number(hours)}{NBSP}h"] if hours or not minutes else []
    if minutes:
        parts.append(f"{number(minutes)}{NBSP}min")
    return " ".join(parts)


def plural_category(n: int) -> str:
    """CLDR plural category of a whole number in Polish: ``one``, ``few`` or ``many``.

    >>> [plural_category(n) for n in (0, 1, 2, 4, 5, 12, 22, 25, 101, 102)]
    ['many', 'one', 'few', 'few', 'many', 'many', 'few', 'many', 'many', 'few']
    """
    return LOCALE.plural_form(n)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The word form that agrees with ``n``.

    >>> [plural(n, "rodzina", "rodziny", "rodzin") for n in (1, 2, 5, 22)]
    ['rodzina', 'rodziny', 'rodzin', 'rodziny']
    """
    return {"one": one, "few": few, "many": many}.get(plural_category(n), many)


def joined(parts: list) -> str:
    """Items of a sentence's list: "a", "a i b", "a, b i c".

    >>> joined([2024]), joined([2024, 2025]), joined(["1", "2", "5"])
    ('2024', '2024 i 2025', '1, 2 i 5')
    """
    parts = [str(p) for p in parts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " i " + parts[-1]


def count(n: int, one: str, few: str, many: str) -> str:
    """A number followed by the agreeing noun, joined by a non-breaking space.

    >>> [count(n, "rodzina", "rodziny", "rodzin").replace(NBSP, " ") for n in (1, 2, 5)]
    ['1 rodzina', '2 rodziny', '5 rodzin']
    """
    return f"{number(n)}{NBSP}{plural(n, one, few, many)}"


def signed(text: str, value) -> str:
    """Prefix a formatted change with its sign (typographic minus for a fall).

    >>> signed("5", 5), signed("5", -5), signed("0", 0)
    ('+5', '−5', '0')
    """
    if value > 0:
        return "+" + text
    if value < 0:
        return "\u2212" + text.lstrip("-\u2212")
    return text


def percent_change(ratio) -> str:
    """A relative change (0.125 = 12.5 %) with one decimal and its sign.

    >>> percent_change(Fraction(1, 8)), percent_change(Fraction(-1, 3))
    ('+12,5%', '−33,3%')
    """
    from babel.numbers import format_percent

    rounded = (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return signed(format_percent(abs(rounded), format="#,##0.0%", locale=LOCALE), rounded)


def percent(part: int, whole: int) -> str:
    """A share in per cent with one decimal, Polish style; a dash when the whole is 0.

    >>> percent(19, 46).replace(NBSP, " ")
    '41,3%'
    >>> percent(0, 0)
    '–'
    """
    if whole == 0:
        return "–"
    from babel.numbers import format_percent

    return format_percent(Decimal(part) / Decimal(whole), format="#,##0.0%", locale=LOCALE)


def date_pl(value: dt.date | str) -> str:
    """A date as the report prints it, the month in words, in the genitive ("z dnia …").

    >>> date_pl(dt.date(2024, 6, 28)), date_pl("2026-12-07")
    ('28 czerwca 2024 r.', '7 grudnia 2026 r.')
    """
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "d MMMM y", locale="pl_PL") + " r."


def period_pl(start: dt.date, end: dt.date) -> str:
    """A period of days: one date, or "od … do …", the month and the year said once when both
    days share them.

    >>> period_pl(dt.date(2025, 6, 17), dt.date(2025, 6, 17))
    '17 czerwca 2025 r.'
    >>> period_pl(dt.date(2025, 8, 1), dt.date(2025, 8, 10))
    'od 1 do 10 sierpnia 2025 r.'
    >>> period_pl(dt.date(2025, 5, 21), dt.date(2025, 6, 11))
    'od 21 maja do 11 czerwca 2025 r.'
    >>> period_pl(dt.date(2024, 12, 30), dt.date(2025, 1, 3))
    'od 30 grudnia 2024 r. do 3 stycznia 2025 r.'
    """
    if start == end:
        return date_pl(start)
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    elif start.year == end.year:
        first = format_date(start, "d MMMM", locale="pl_PL")
    else:
        first = date_pl(start)
    return f"od {first} do {date_pl(end)}"


def bind_single_letter_words(text: str) -> str:
    """Join each one-letter Polish word to the next word with a non-breaking space (for the
    report's text, and for chart labels, which are wrapped at ordinary spaces only).

    >>> bind_single_letter_words("Praca w domu i z dziećmi") == "Praca w\u00a0domu i\u00a0z\u00a0dziećmi"
    True
    """
    return SINGLE_LETTER.sub("\\1" + NBSP, text)


def bind_ranges(text: str) -> str:
    """A range of numbers kept on one line: no-break spaces around its dash, a word joiner
    after it.

    >>> bind_ranges("8:00 – 13:00, lata 2024 – 2026").replace(NBSP, "~").replace(WORD_JOINER, "+")
    '8:00~–+~13:00, lata 2024~–+~2026'
    """
    return RANGE.sub(NBSP + "\\1" + WORD_JOINER + NBSP, text)


def bind_number_hyphens(text: str) -> str:
    """A word joiner after the hyphen of "3-letnich", so no line ends there.

    >>> bind_number_hyphens("3-letnich, na lata 2024\\-2026, sec-3-letni, 2025-03-31").replace(WORD_JOINER, "+")
    '3-+letnich, na lata 2024\\\\-2026, sec-3-letni, 2025-03-31'
    """
    return NUMBER_HYPHEN.sub("\\1" + WORD_JOINER, text)


def bind_comparisons(text: str) -> str:
    """A check's arithmetic kept readable across lines.

    >>> bind_comparisons("(3 + 11 = 14 ≥ 13), (19 ≤ 46), (0 [brak pozycji] = 0), 2 = x, 5,00 zł ≤ 7,00 zł").replace(NBSP, "~")
    '(3~+ 11~=~14~≥~13), (19~≤~46), (0 [brak pozycji]~=~0), 2 = x, 5,00 zł~≤ 7,00 zł'
    >>> bind_comparisons("(12\u00a0345 ≥ 9\u00a0037), udział > 50%, 3\\n+ 4").replace(NBSP, "~")
    '(12~345~≥~9~037), udział > 50%, 3\\n+ 4'
    """
    text = OPERATOR_AFTER_NUMBER.sub(NBSP, text)
    return NUMBER_AFTER_RELATION.sub("\\1" + NBSP, text)


def bind_polish(text: str) -> str:
    """The report's text with non-breaking spaces where Polish typesetting allows no line
    break: after a one-letter word, between a number and its unit or abbreviation, a day and
    its month, "art." or "ust." and its number (and the parts of a provision), within a range of
    numbers, after a postal code or a number's hyphen ("3-letnich") (for the HTML and the PDF
    alike).

    >>> bind_polish("w 2024 r. i 20.08.2025\\nr., 31 grudnia, art. 179 ust. 1 oraz 28 000,00 zł").replace(NBSP, "~")
    'w~2024~r. i~20.08.2025~r., 31~grudnia, art.~179~ust.~1 oraz 28 000,00~zł'
    >>> bind_polish("poz. 49 z późn. zm.), z późn\\. zm\\.").replace(NBSP, "~")
    'poz.~49 z~późn.~zm.), z~późn\\\\.~zm\\\\.'
    >>> bind_polish("zm.). Art. 176 ustawy").replace(NBSP, "~")
    'zm.). Art.~176 ustawy'
    >>> bind_polish("art. 10 ust. 3 pkt 3 oraz art. 176 pkt 2 i 4 lit. a").replace(NBSP, "~")
    'art.~10~ust.~3~pkt~3 oraz art.~176~pkt~2 i~4~lit.~a'
    >>> bind_polish("(art\\. 176 pkt 3 lit\\. b ustawy), monolit. a").replace(NBSP, "~")
    '(art\\\\.~176~pkt~3~lit\\\\.~b ustawy), monolit. a'
    >>> bind_polish("Kart MKR 3+, Karta 3\\\\+ oraz").replace(NBSP, "~")
    'Kart MKR~3+, Karta~3\\\\+ oraz'
    >>> bind_polish("2 razy, 5 minut, 10 h, 1 złoty, 2025 roku").replace(NBSP, "~")
    '2 razy, 5 minut, 10~h, 1 złoty, 2025 roku'
    >>> bind_polish('[4]{.val data-id="a.b" title="x"} osiągnęło, [2]{.val data-id="c"} (w tym)').replace(NBSP, "~")
    '[4]{.val data-id="a.b" title="x"}~osiągnęło, [2]{.val data-id="c"} (w~tym)'
    >>> bind_polish("dnia 29 lipca 2005 r\\\\. Wtorek\\\\: 15\\\\:00 – 17\\\\:00, ul. Reja 1, 39\\\\-300 Mielec").replace(NBSP, "~").replace(WORD_JOINER, "")
    'dnia 29~lipca 2005~r\\\\. Wtorek\\\\: 15\\\\:00~–~17\\\\:00, ul. Reja 1, 39\\\\-300~Mielec'
    """
    text = UNIT_AFTER_NUMBER.sub(NBSP, text)
    text = DAY_AND_MONTH.sub("\\1" + NBSP, text)
    text = NUMBER_AFTER.sub("\\1" + NBSP, text)
    text = PROVISION_PARTS.sub(NBSP, text)
    text = bind_ranges(text)
    text = bind_number_hyphens(text)
    text = bind_postal_codes(text)
    text = VALUE_AND_WORD.sub("\\1" + NBSP, text)
    text = bind_comparisons(text)
    text = LATER_AMENDMENTS.sub(NBSP, text)
    text = NAME_PLUS.sub(NBSP, text)
    return bind_single_letter_words(text)


def bind_postal_codes(text: str) -> str:
    """A word joiner after a postal code's hyphen and a no-break space before its town.

    >>> bind_postal_codes("39-300 Mielec, 39-300").replace(NBSP, "~").replace(WORD_JOINER, "^")
    '39-^300~Mielec, 39-^300'
    >>> bind_postal_codes("2024-2026, 17-787-56-11 i 123-456")
    '2024-2026, 17-787-56-11 i 123-456'
    """
    return POSTAL_CODE.sub(
        lambda m: m[1] + WORD_JOINER + m[2] + (NBSP if m[3] else ""),
        text,
    )


# A value's span whose number is grouped ("[520 100,00 zł]{.val …") and one of four digits
# ("[2146,00 zł]{.val …"), with its sign if it has one
_GROUPED_VALUE = re.compile(r"\[[+−-]?\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?(?:\u00a0\S+)?\]\{\.val\b")
_FOUR_DIGITS = re.compile(r"(\[[+−-]?\d)(\d{3}(?:,\d+)?(?:\u00a0\S+)?\]\{\.val\b)")
# a table cell's border: a "|" that no backslash escapes (one escaped by md_escape stays text)
UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def group_table_digits(text: str) -> str:
    """In a Markdown pipe table's column that holds a number of five digits or more, a number
    of four digits is grouped too ("8 367" above "12 500"): the column's digits then stand
    aligned, as Polish tables set them, though prose writes "8367" (amounts of złoty are
    grouped from four digits everywhere: ``money``).

    >>> row = "| {} | [{}]{{.val data-id=x}} |"
    >>> table = "\\n".join([row.format("a", "2146,00 zł"), "|---|---:|", row.format("b", "520 100,00 zł")])
    >>> print(group_table_digits(table.replace(" zł", NBSP + "zł").replace("0 1", "0" + NBSP + "1")).replace(NBSP, "~"))
    | a | [2~146,00~zł]{.val data-id=x} |
    |---|---:|
    | b | [520~100,00~zł]{.val data-id=x} |
    >>> group_table_digits(row.format("a", "2146") + "\\n" + row.format("b", "917")) == row.format("a", "2146") + "\\n" + row.format("b", "917")
    True
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines):
        if not lines[start].lstrip().startswith("|"):
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].lstrip().startswith("|"):
            end += 1
        rows = [_split_cells(line) for line in lines[start:end]]
        width = max(len(r) for r in rows)
        for col in range(width):
            cells = [r[col] for r in rows if col < len(r)]
            if any(_GROUPED_VALUE.search(c) for c in cells):
                for r in rows:
                    if col < len(r):
                        r[col] = _FOUR_DIGITS.sub(lambda m: m[1] + NBSP + m[2], r[col])
        lines[start:end] = ["|".join(r) for r in rows]
        start = end
    return "\n".join(lines)


def _split_cells(line: str) -> list[str]:
    """A table line's cells, split at its unescaped "|" (joined back with "|")."""
    cells, last = [], 0
    for m in UNESCAPED_PIPE.finditer(line):
        cells.append(line[last : m.end(1)])
        last = m.end()
    cells.append(line[last:])
    return cells
