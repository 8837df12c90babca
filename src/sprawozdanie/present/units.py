"""How the report prints a ledger value, by its unit. Apart from the ledger's other
presentation (markup.py), so that the ledger itself can record each value's printed form
without importing what imports the ledger."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from ..measures import Kind, changed, kind
from . import fmt


def shown(v, unit: bool = True) -> str:
    """A ledger value (``ledger.Value``) as the report prints it (money in zł, means rounded
    to whole units).

    >>> from sprawozdanie.ledger import Value
    >>> shown(Value("x", 2800000, "gr", "", "", ""))
    '28\\xa0000,00\\xa0zł'
    >>> shown(Value("x", Fraction(43, 2), "miesiące", "", "", ""))
    '22'
    """
    measured = kind(v.unit)
    if measured is Kind.RELATIVE_CHANGE:
        return fmt.percent_change(Fraction(v.value))
    if measured is Kind.CHANGE:  # an absolute change, shown with its sign
        base = replace(v, value=abs(v.value), unit=changed(v.unit))
        return fmt.signed(shown(base, unit), v.value)
    if measured is Kind.MONEY:
        return fmt.money(v.value, currency=unit)
    if isinstance(v.value, Fraction) and measured is Kind.MONTHS:  # durations: whole months, half up
        from ..durations import round_months  # (numpy: not for every reader of the ledger)

        return fmt.number(round_months(v.value))
    if isinstance(v.value, Fraction):
        return fmt.decimal(v.value)
    return fmt.number(v.value)
