"""Ledger values as Markdown: each shown number carries its ledger id and derivation.

Pandoc turns ``[46]{.val data-id="…" title="…"}`` into a ``<span>`` with a tooltip in
HTML and into plain text in the PDF.
"""

from __future__ import annotations

from fractions import Fraction

from ..durations import round_months
from ..ledger import Ledger, Value
from . import fmt


def shown(v: Value, unit: bool = True) -> str:
    """The value as the report prints it (money in zł, means rounded to whole units).

    >>> shown(Value("x", 2800000, "gr", "", "", ""))
    '28\\xa0000,00\\xa0zł'
    >>> shown(Value("x", Fraction(43, 2), "miesiące", "", "", ""))
    '22'
    """
    if v.unit == "%":  # a relative change
        return fmt.percent_change(Fraction(v.value))
    if v.unit.startswith("Δ"):  # an absolute change, shown with its sign
        base = Value(v.id, abs(v.value), v.unit.removeprefix("Δ").strip(), "", "", "")
        return fmt.signed(shown(base, unit), v.value)
    if v.unit == "gr":
        return fmt.money(v.value, currency=unit)
    if isinstance(v.value, Fraction) and v.unit == "miesiące":  # durations: whole months, half up
        return fmt.number(round_months(v.value))
    if isinstance(v.value, Fraction):
        return fmt.decimal(v.value)
    return fmt.number(v.value)


def _attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


def span(v: Value, unit: bool = True) -> str:
    """Markdown span of a value, tagged with its ledger id and derivation."""
    title = _attr(f"{v.label_pl}. Wyliczenie: {v.formula_pl}. Źródło: {v.inputs}")
    return f'[{shown(v, unit)}]{{.val data-id="{v.id}" title="{title}"}}'


class Narrator:
    """Ledger values looked up across several ledgers and tagged for the report; the
    templates (``present/text.py``) and the charts print and test values through it.

    >>> led = Ledger("t"); _ = led.add("fam", 5, "rodziny", "Rodziny", "liczba", "a.csv")
    >>> Narrator(led)("fam"), Narrator(led).n("t.fam")
    ('[5]{.val data-id="t.fam" title="Rodziny. Wyliczenie: liczba. Źródło: a.csv"}', 5)
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
            return round_months(value) if self.value(key).unit == "miesiące" else value
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
        return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
    out = [line(header), "|" + "|".join(sep(a, w) for a, w in zip(align, widths)) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)
