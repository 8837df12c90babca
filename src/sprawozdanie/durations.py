"""How long a family was supported, in months: one definition, used everywhere.

Definition (also in docs/aqa/assumptions.md and the report's notes):

* The period runs from the start date to the end date, **both days included**; a case
  still open at the year's end is counted up to 31 December of the report year.
* Its length in months is the number of whole calendar months in it plus the remaining
  days as a fraction of the month that follows (so 1 Jan – 31 Dec is exactly 12, and
  15 Jan – 14 Apr is exactly 3). The value is an exact ``Fraction``; nothing is rounded.
* Bands: "do 3 miesięcy" is ≤ 3; "powyżej 3 do 12 miesięcy" is > 3 and ≤ 12;
  "powyżej 1 roku" is > 12.
* The mean is the exact mean of the families' durations, rounded to whole months
  half up (21.5 → 22) only when it is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta

BANDS = (
    ("up_to_3", "do 3 miesięcy", Fraction(0), Fraction(3)),
    ("3_to_12", "powyżej 3 do 12 miesięcy", Fraction(3), Fraction(12)),
    ("over_12", "powyżej 1 roku", Fraction(12), None),
)


def months_between(start: dt.date, end: dt.date) -> Fraction:
    """Length of the period ``start``..``end`` (both included) in months, exactly.

    >>> months_between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    Fraction(12, 1)
    >>> months_between(dt.date(2025, 1, 15), dt.date(2025, 4, 14))
    Fraction(3, 1)
    >>> months_between(dt.date(2025, 2, 1), dt.date(2025, 2, 14))
    Fraction(1, 2)
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    stop = end + dt.timedelta(days=1)  # first day after the period
    delta = relativedelta(stop, start)
    whole = delta.years * 12 + delta.months
    anchor = start + relativedelta(months=whole)
    days_left = (stop - anchor).days
    month_len = calendar.monthrange(anchor.year, anchor.month)[1]
    return whole + Fraction(days_left, month_len)


def band_of(months: Fraction) -> str:
    """The duration band code of a length in months.

    >>> [band_of(Fraction(m)) for m in (3, Fraction(301, 100), 12, 13)]
    ['up_to_3', '3_to_12', '3_to_12', 'over_12']
    """
    for code, _label, low, high in BANDS:
        if months > low and (high is None or months <= high) or (low == 0 and months == 0):
            return code
    raise ValueError(f"no band for {months}")


def round_months(value: Fraction) -> int:
    """Round a number of months to whole months, half up.

    >>> [round_months(Fraction(x)) for x in ("20.49", "20.5", "21.5")]
    [20, 21, 22]
    """
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
