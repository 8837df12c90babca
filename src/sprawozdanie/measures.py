"""What a ledger value measures: its unit, declared here once, and the kind by which the report
prints and checks it. The ledger refuses a unit not declared (a misspelt one would print a
sum of money as a count), and the printing, the checks and the CSV ask a unit's kind here
instead of comparing its words. Imports nothing: every stage may read it.
"""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    COUNT = "count"  # a number of things (children, meetings, hours): printed as a number
    MONEY = "money"  # integer grosze: printed in zł with two decimal places
    MONTHS = "months"  # a duration, a Fraction of months: printed as whole months, half up
    SHARE = "share"  # a statutory share in per cent
    RELATIVE_CHANGE = "relative change"  # this year against the prior one, as a percentage
    CHANGE = "change"  # this year minus the prior one, in the unit that follows the mark


MONEY = "gr"
MONTHS = "miesiące"
SHARE = "proc."
RELATIVE_CHANGE = "%"
CHANGE = "Δ "  # "Δ rodziny": a change in the number of families, "Δ gr" of an amount

# The things the report counts, each the word the ledger's CSV shows beside its number.
COUNTS = frozenset(
    {
        "cele", "działania", "dzieci", "h", "kontakty", "lata", "liczba", "liczby", "miejsca", "min",
        "minuty", "osoby", "pakiety", "placówki", "podmioty", "posiedzenia", "pozycje", "procedury", "projekty",
        "reguły", "rodziny", "spotkania", "sprawy", "stoiska", "wnioski", "wskaźniki", "zadania",
    }
)  # fmt: skip
_NAMED = {MONEY: Kind.MONEY, MONTHS: Kind.MONTHS, SHARE: Kind.SHARE, RELATIVE_CHANGE: Kind.RELATIVE_CHANGE}


def kind(unit: str) -> Kind:
    """The kind of a declared unit; ValueError for any other.

    >>> [kind(u).value for u in ("gr", "rodziny", "Δ gr", "%", "miesiące")]
    ['money', 'count', 'change', 'relative change', 'months']
    >>> kind("rodzin")
    Traceback (most recent call last):
    ValueError: unit 'rodzin' is not declared in measures.py
    """
    if unit in _NAMED:
        return _NAMED[unit]
    if unit in COUNTS:
        return Kind.COUNT
    if unit.startswith(CHANGE) and changed(unit) in COUNTS | {MONEY, MONTHS}:
        return Kind.CHANGE
    raise ValueError(f"unit {unit!r} is not declared in measures.py")


def changed(unit: str) -> str:
    """The unit of which ``unit`` (``"Δ …"``) is a change.

    >>> changed("Δ gr")
    'gr'
    """
    return unit.removeprefix(CHANGE)


def change_of(unit: str) -> str:
    """The unit of a change in values measured in ``unit``.

    >>> change_of("rodziny")
    'Δ rodziny'
    """
    return CHANGE + unit


def is_money(unit: str) -> bool:
    """An amount, or a change of one (both kept in grosze).

    >>> is_money("gr"), is_money("Δ gr"), is_money("rodziny"), is_money("")
    (True, True, False, False)
    """
    return unit == MONEY or (unit.startswith(CHANGE) and changed(unit) == MONEY)
