"""The values ledger: every number the report shows, with how and from what it was computed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .measures import kind
from .present.units import shown

# Mime type under which a notebook records its ledger in its outputs; the build collects
# it from the executed notebooks, so the ledger is exactly what the notebook displayed.
LEDGER_MIME = "application/vnd.sprawozdanie.ledger+json"
COLUMNS = ["id", "value", "shown", "unit", "label_pl", "formula_pl", "inputs", "source"]
ROWS_KEPT = 1000  # keys a value keeps per input file: a register of a million rows must not
# put a million keys into every notebook; past this many, the value keeps how many there were
PEOPLE_UNITS = ("rodziny", "dzieci", "osoby")  # the units that count people (privacy, indicator checks)


@dataclass(frozen=True)
class Value:
    """One published number.

    ``value`` is exact: an ``int`` for counts and for money (in grosze, unit ``gr``), a
    ``Fraction`` for means; rounding happens only when it is shown.
    """

    id: str
    value: int | Fraction
    unit: str
    label_pl: str
    formula_pl: str
    inputs: str
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()  # per input file, the keys of the rows it is computed from
    rows_total: tuple[tuple[str, int], ...] = ()  # per input file whose keys were cut at ROWS_KEPT, how many rows


def exact(value: int | Fraction) -> str:
    """A ledger value as recorded: an integer as it is, a fraction always as ``a/b``.

    >>> exact(46), exact(Fraction(43, 2)), exact(Fraction(4))
    ('46', '43/2', '4/1')
    """
    return f"{value.numerator}/{value.denominator}" if isinstance(value, Fraction) else str(value)


def from_exact(text: str) -> int | Fraction:
    """The value ``exact`` wrote.

    >>> from_exact("46"), from_exact("43/2"), from_exact("4/1")
    (46, Fraction(43, 2), Fraction(4, 1))
    """
    return Fraction(text) if "/" in text else int(text)


class Ledger:
    """An ordered collection of ``Value`` with unique ids.

    >>> led = Ledger("family_assistance")
    >>> led.add("families", 46, "rodziny", "Rodziny objęte asystą", "liczba wierszy", "cases.csv").value
    46
    >>> led["family_assistance.families"].unit
    'rodziny'
    >>> led.add("children", 3, "dziecko", "Dzieci", "liczba", "cases.csv")
    Traceback (most recent call last):
    ValueError: unit 'dziecko' is not declared in measures.py
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._values: dict[str, Value] = {}

    def add(
        self,
        key: str,
        value,
        unit: str,
        label_pl: str,
        formula_pl: str,
        inputs: str,
        rows: Mapping[str, Iterable[str]] | None = None,
        rows_total: Mapping[str, int] | None = None,
    ) -> Value:
        """Record a value; ``rows`` names, per input file, the keys of the rows it is counted
        or summed from (``chapters.common.rows_of``), so that an auditor can trace a total to
        its rows. A value read from one row of a table of totals names that row. Past
        ``ROWS_KEPT`` keys of a file it keeps the first ones and their number (``rows_total``).

        >>> led = Ledger("t")
        >>> v = led.add("n", 1500, "sprawy", "Sprawy", "liczba wierszy", "c.csv", {"c.csv": map(str, range(1500))})
        >>> len(dict(v.rows)["c.csv"]), v.rows_total
        (1000, (('c.csv', 1500),))
        """
        vid = f"{self.prefix}.{key}"
        if vid in self._values:
            raise ValueError(f"duplicate ledger id {vid}")
        if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
            raise TypeError(f"{vid}: ledger values are exact int or Fraction, got {type(value).__name__}")
        kind(unit)  # a unit declared in measures.py, or ValueError
        every = {file: list(keys) for file, keys in (rows or {}).items()}
        total = {**{f: len(k) for f, k in every.items() if len(k) > ROWS_KEPT}, **(rows_total or {})}
        kept = tuple((file, tuple(str(k) for k in keys[:ROWS_KEPT])) for file, keys in every.items())
        v = Value(vid, value, unit, label_pl, formula_pl, inputs, kept, tuple(total.items()))
        self._values[vid] = v
        return v

    def __getitem__(self, vid: str) -> Value:
        if not vid.startswith(self.prefix + "."):
            vid = f"{self.prefix}.{vid}"
        return self._values[vid]

    def __contains__(self, vid: str) -> bool:
        return vid in self._values or f"{self.prefix}.{vid}" in self._values

    def __iter__(self):
        return iter(self._values.values())

    def records(self) -> list[dict[str, str]]:
        """One JSON-ready row per value; ``value`` exact (``a/b`` for a fraction, ``4/1`` too,
        so that ``from_records`` gives back the same type), ``shown`` as printed; ``rows``
        (file → keys) only for a value that names its rows, ``rows_total`` (file → number) only
        where the keys were cut."""
        return [
            {
                "id": v.id,
                "value": exact(v.value),
                "shown": shown(v).replace("\u00a0", " "),
                "unit": v.unit,
                "label_pl": v.label_pl,
                "formula_pl": v.formula_pl,
                "inputs": v.inputs,
                **({"rows": {file: list(keys) for file, keys in v.rows}} if v.rows else {}),
                **({"rows_total": dict(v.rows_total)} if v.rows_total else {}),
            }
            for v in self
        ]

    @classmethod
    def from_records(cls, prefix: str, records: list[dict[str, str]]) -> Ledger:
        """The ledger ``records`` holds under ``prefix`` (as ``records()`` wrote it)."""
        led = cls(prefix)
        for r in records:
            if r["id"].startswith(prefix + "."):
                led.add(
                    r["id"].removeprefix(prefix + "."),
                    from_exact(r["value"]),
                    r["unit"],
                    r["label_pl"],
                    r["formula_pl"],
                    r["inputs"],
                    r.get("rows"),
                    r.get("rows_total"),
                )
        return led

    def record(self) -> None:
        """Put the ledger into the notebook's outputs (hidden from the report)."""
        from IPython.display import display

        display({LEDGER_MIME: {"prefix": self.prefix, "values": self.records()}}, raw=True)
