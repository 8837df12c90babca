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
    """Helpers a notebook uses to write sentences around ledger values.

    >>> led = Ledger("t"); _ = led.add("fam", 5, "rodziny", "Rodziny", "liczba", "a.csv")
    >>> Narrator(led).count("fam", "rodzina", "rodziny", "rodzin")
    '[5]{.val data-id="t.fam" title="Rodziny. Wyliczenie: liczba. Źródło: a.csv"}\\xa0rodzin'
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

    def count(self, key: str, one: str, few: str, many: str) -> str:
        """The value followed by the agreeing noun form."""
        n = self.n(key)
        return f"{self(key)}{fmt.NBSP}{fmt.plural(n, one, few, many)}"

    def agree(self, key: str, one: str, few: str, many: str) -> str:
        """Only the word form that agrees with the value (e.g. a verb)."""
        return fmt.plural(self.n(key), one, few, many)

    def either(self, key: str, some: str, none: str) -> str:
        """``some`` when the value is not zero, else ``none``: a year without any case gets a
        sentence saying so instead of "0 rodzin, w tym: 0 …".

        >>> led = Ledger("t"); _ = led.add("a", 0, "", "", "", "")
        >>> Narrator(led).either("a", "Były porady.", "Nie udzielono porad.")
        'Nie udzielono porad.'
        """
        return some if self.n(key) else none

    def any(self, *keys: str) -> bool:
        """True when any of the values is not zero: whether a chart of them has something to
        show (a chart of nothing is not drawn, and the text then does not refer to it).

        >>> led = Ledger("t"); _ = led.add("a", 0, "", "", "", ""); _ = led.add("b", 3, "", "", "", "")
        >>> Narrator(led).any("a"), Narrator(led).any("a", "b")
        (False, True)
        """
        return any(self.n(key) for key in keys)

    def listing(self, parts: list[tuple[str, str]]) -> str:
        """Join the clauses whose value is not zero: "a, b oraz c".

        ``parts`` are (ledger key, clause) pairs; a clause is dropped when its value is 0.

        >>> led = Ledger("t"); _ = led.add("a", 2, "", "", "", ""); _ = led.add("b", 0, "", "", "", "")
        >>> _ = led.add("c", 1, "", "", "", "")
        >>> Narrator(led).listing([("a", "A"), ("b", "B"), ("c", "C")])
        'A oraz C'
        """
        kept = [clause for key, clause in parts if self.n(key)]
        if len(kept) < 2:
            return "".join(kept)
        return ", ".join(kept[:-1]) + " oraz " + kept[-1]

    @staticmethod
    def md(text: str):
        from IPython.display import Markdown  # only a kernel displays; the build need not import it

        return Markdown(text.strip())

    @staticmethod
    def table(header: list[str], rows: list[list[str]], align: list[str], widths: list[int] | None = None):
        """A pipe table; cells are ready Markdown (use ``self(key)`` for numbers).

        ``widths`` are relative column widths in per cent (default: first column 70 %, the
        rest share 30 %); see ``pipe_table``.
        """
        from IPython.display import Markdown

        return Markdown(pipe_table(header, rows, align, widths))


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
