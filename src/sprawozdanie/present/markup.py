"""Ledger values as Markdown: each shown number carries its ledger id and derivation.

Pandoc turns ``[46]{.val data-id="…" title="…"}`` into a ``<span>`` with a tooltip in
HTML and into plain text in the PDF. The tooltip is for the reader (the HTML report shows it
on focus, click or touch as well): what the number is, how it was reckoned and from which
file, in words. Column names and codes are left to the auditor's annex, which lists every
value by its id with the ledger's full formula and inputs.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache

from ..durations import round_months
from ..ledger import Ledger, Value
from ..measures import Kind, kind
from .fmt import UNESCAPED_PIPE
from .units import shown  # noqa: F401  (the numbers' printed form, used here and by importers)


def _attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


@cache
def _names() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """From the schema: the input columns' and codes' names (words a reader does not know),
    each input file's title, and the Polish label of each code that only one code list has."""
    from ..schema import registry  # the schema loads pandas and pandera: only when a value is tagged

    reg = registry()
    labels: dict[str, set[str]] = {}
    for items in reg.codes.values():
        for code in items.values():
            labels.setdefault(code.code, set()).add(code.label_pl)
    unique = {c: next(iter(ls)) for c, ls in labels.items() if len(ls) == 1}
    return frozenset(reg.fields) | frozenset(labels), {t.file: t.title_pl for t in reg.tables.values()}, unique


def _codes_in_words(formula: str) -> str:
    """A formula with each code ("end_reason = goals_achieved", "o statusie reported") as its label."""
    fields, _, labels = _names()

    def label(m: re.Match) -> str:
        return f"„{labels[m.group(2)]}”" if m.group(2) in labels else m.group(0)

    formula = re.sub(r"\b(\w+) = (\w+)\b", lambda m: label(m) if m.group(1) in fields else m.group(0), formula)
    return re.sub(r"(?<![\w„])()(\w+)\b(?!”)", label, formula)


def _technical(text: str) -> bool:
    """Whether ``text`` names a column, a code, an identifier or a file path.

    >>> _technical("family_assistance.families minus 1"), _technical("zadanie 1.3, np. 5 r.")
    (True, False)
    """
    words = set(re.findall(r"[\w./-]+", text))
    return bool(words & _names()[0]) or any(
        re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|\S+/\S+", w)  # a column or code; a path
        or re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z0-9_*]+)+", w)
        and "_" in w  # a ledger id
        for w in words
    )


def _sources(inputs: str) -> str:
    """The input files named in ``inputs`` by their titles: "dane za 2024: a.csv: x = y; b.csv"
    becomes "Title A (plik a.csv, dane za 2024 r.); Title B (plik b.csv)"."""
    titles = _names()[1]
    found = []
    for prior, file in re.findall(r"(?:dane za (\d{4}): )?([\w.-]+\.csv)", inputs):
        title = titles.get(file, "dane wejściowe")
        text = f"{title} (plik {file}" + (f", dane za {prior} r.)" if prior else ")")
        if text not in found:
            found.append(text)
    if found:
        return "; ".join(found)
    return inputs if not _technical(inputs) else "dane wejściowe opisane w aneksie do sprawozdania"


def details(v: Value) -> str:
    """The reader's description of a value: what it is, how it was reckoned, from which file.
    A formula that names columns or codes is left to the auditors' annex, where the value is
    listed under the same label; no id reaches the reader (the span's data-id keeps it).

    >>> print(details(Value("family_assistance.x", 5, "rodziny", "Rodziny objęte asystą", "liczba różnych family_id",
    ...                     "family_assistance_cases.csv: family_id")))
    Rodziny objęte asystą. Wyliczenie: opisane w aneksie do sprawozdania. Źródło: Rejestr spraw asysty rodzinnej (plik family_assistance_cases.csv).
    >>> print(details(Value("x", 5, "", "Rodziny", "liczba wierszy z end_reason = goals_achieved", "a.csv")))
    Rodziny. Wyliczenie: liczba wierszy z „osiągnięcie celów zawartych w planie pracy z rodziną”. Źródło: dane wejściowe (plik a.csv).
    >>> print(details(Value("x", 5, "", "Kwota", "kwota podana przez ośrodek", "dane za 2024: a.csv: b = c")))
    Kwota. Wyliczenie: kwota podana przez ośrodek. Źródło: dane wejściowe (plik a.csv, dane za 2024 r.).
    """
    formula = _codes_in_words(v.formula_pl)
    if _technical(formula):
        formula = "opisane w aneksie do sprawozdania"
    return f"{v.label_pl.rstrip('.')}. Wyliczenie: {formula.rstrip('.')}. Źródło: {_sources(v.inputs)}."


def span(v: Value, unit: bool = True) -> str:
    """Markdown span of a value, tagged with its ledger id and its details for the reader."""
    return f'[{shown(v, unit)}]{{.val data-id="{v.id}" title="{_attr(details(v))}"}}'


class Narrator:
    """Ledger values looked up across several ledgers and tagged for the report; the
    templates (``present/text.py``) and the charts print and test values through it.

    >>> led = Ledger("t"); _ = led.add("fam", 5, "rodziny", "Rodziny", "liczba", "a.csv")
    >>> Narrator(led)("fam"), Narrator(led).n("t.fam")
    ('[5]{.val data-id="t.fam" title="Rodziny. Wyliczenie: liczba. Źródło: dane wejściowe (plik a.csv)."}', 5)
    """

    def __init__(self, *ledgers: Ledger):
        self.ledgers = ledgers

    def value(self, key: str) -> Value:
        """The ledger entry of ``key``: a full id, or a key of the first ledger."""
        for led in self.ledgers:
            if key in led:
                return led[key]
        raise KeyError(key)

    def __call__(self, key: str, unit: bool = True) -> str:
        """The value, shown and tagged; ``unit=False`` drops "zł" (for table columns headed "(zł)")."""
        return span(self.value(key), unit)

    def n(self, key: str) -> int:
        """The value as shown (means rounded), for choosing words; never printed directly."""
        value = self.value(key).value
        if isinstance(value, Fraction):  # agree with the number as shown
            return round_months(value) if kind(self.value(key).unit) is Kind.MONTHS else value
        return value


def pipe_table(header: list[str], rows: list[list[str]], align: list[str], widths: list[int] | None = None) -> str:
    """A Markdown pipe table whose relative column widths are set by its separator line.

    Cells carry long span attributes, so lines are always longer than pandoc's column
    limit; pandoc (and Quarto) then size columns by the dashes of the separator line,
    which this function sets from ``widths`` rather than from the cell text.

    >>> print(pipe_table(["A", "B"], [["x", "1"]], ["left", "right"], [50, 50]))
    | A | B |
    |:-------------------------|-------------------------:|
    | x | 1 |
    >>> bs = chr(92)  # a backslash: a cell md_escape wrote is escaped once, never twice
    >>> pipe_table(["a|b", f"c{bs}|d"], [], ["left", "left"]).split()[:4] == ["|", f"a{bs}|b", "|", f"c{bs}|d"]
    True
    """
    n = len(header)
    if widths is None:
        widths = [70] + [30 // max(n - 1, 1)] * (n - 1) if n > 1 else [100]
    if not (len(align) == len(widths) == n and all(len(r) == n for r in rows)):
        raise ValueError("header, rows, align and widths must have the same number of columns")

    def sep(a: str, w: int) -> str:
        dashes = "-" * max(w // 2, 3)
        return {"left": ":" + dashes, "right": dashes + ":", "center": ":" + dashes + ":"}[a]

    def line(cells) -> str:
        # a "|" that md_escape already escaped (an odd number of backslashes before it) is kept
        return "| " + " | ".join(UNESCAPED_PIPE.sub(r"\1\\|", str(c)).replace("\n", " ") for c in cells) + " |"

    out = [line(header), "|" + "|".join(sep(a, w) for a, w in zip(align, widths)) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)
