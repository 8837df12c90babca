"""How long a family was supported, in months: one definition, used everywhere.

Definition (also in docs/aqa/assumptions.md, and for the annex's readers ``DEFINITION_PL``):

* The period runs from the start date to the end date, **both days included**; a case
  still open at the year's end is counted up to 31 December of the report year.
* Its length in months is the number of whole months counted from the start date plus the remaining
  days as a fraction of the month that follows (so 1 Jan – 31 Dec is exactly 12, and
  15 Jan – 14 Apr is exactly 3). The value is an exact ``Fraction``; nothing is rounded.
* Bands: "do 3 miesięcy" is ≤ 3; "powyżej 3 do 12 miesięcy" is > 3 and ≤ 12;
  "powyżej 12 miesięcy" is > 12.
* The mean is the exact mean of the families' durations, rounded to whole months
  half up (21.5 → 22) only when it is shown.

``months_between`` states the definition for one period; ``month_parts`` computes the same
for whole columns at once (a register of a million cases in about a second), in integer
parts of a month, and a test holds the two equal.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
from dateutil.relativedelta import relativedelta

# The definition in the annex's words: its readers have the report, not this repository.
DEFINITION_PL = (
    "czas pracy liczy się od dnia rozpoczęcia do dnia zakończenia pracy, obu dni włącznie, a w sprawach"
    " trwających na koniec roku – do 31 grudnia; jego długość w miesiącach to liczba pełnych miesięcy"
    " liczonych od dnia rozpoczęcia i pozostałe dni jako ułamek następnego miesiąca; czas pracy z rodziną,"
    " z którą prowadzono kilka spraw, to suma czasu tych spraw"
)

BANDS = (
    ("up_to_3", "do 3 miesięcy", Fraction(0), Fraction(3)),
    ("3_to_12", "powyżej 3 do 12 miesięcy", Fraction(3), Fraction(12)),
    ("over_12", "powyżej 12 miesięcy", Fraction(12), None),
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


# A month has 28 to 31 days, so every length in months is a whole number of these parts:
# whole columns are counted in exact integers, with no Fraction per row.
MONTH_PARTS = math.lcm(28, 29, 30, 31)
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _as_days(dates: Sequence[dt.date]) -> np.ndarray:
    """Dates as numpy days, exact for every ``datetime.date`` (numpy's own conversion is slower)."""
    ordinals = np.fromiter((d.toordinal() for d in dates), dtype=np.int64, count=len(dates))
    return (ordinals - _EPOCH).astype("datetime64[D]")


def _month_anchor(start_month: np.ndarray, start_day: np.ndarray, whole: np.ndarray):
    """``start + whole months`` (the day clamped to the month's last) and that month's length."""
    month = start_month + whole
    first = month.astype("datetime64[D]")
    month_len = ((month + 1).astype("datetime64[D]") - first).astype(np.int64)
    return first + (np.minimum(start_day, month_len) - 1), month_len


def month_parts(starts: Sequence[dt.date], ends: Sequence[dt.date]) -> np.ndarray:
    """``months_between`` of each pair, in ``1 / MONTH_PARTS`` of a month (int64), for whole columns.

    >>> [Fraction(int(p), MONTH_PARTS) for p in month_parts([dt.date(2025, 1, 15)], [dt.date(2025, 4, 15)])]
    [Fraction(91, 30)]
    >>> month_parts([dt.date(2025, 1, 1), dt.date(2025, 3, 2)], [dt.date(2025, 1, 1), dt.date(2025, 3, 1)])
    Traceback (most recent call last):
    ValueError: end 2025-03-01 is before start 2025-03-02
    """
    start = _as_days(starts)
    stop = _as_days(ends) + 1  # first day after each period
    if (stop <= start).any():
        i = int(np.argmax(stop <= start))
        raise ValueError(f"end {ends[i]} is before start {starts[i]}")
    start_month = start.astype("datetime64[M]")
    start_day = (start - start_month.astype("datetime64[D]")).astype(np.int64) + 1
    # Whole months as relativedelta counts them: the calendar-month difference, less one
    # where adding it to the start (day clamped to the month's end) overshoots the stop.
    whole = (stop.astype("datetime64[M]") - start_month).astype(np.int64)
    anchor, _ = _month_anchor(start_month, start_day, whole)
    whole -= anchor > stop
    anchor, month_len = _month_anchor(start_month, start_day, whole)
    days_left = (stop - anchor).astype(np.int64)
    return whole * MONTH_PARTS + days_left * (MONTH_PARTS // month_len)


def bands_of(parts: np.ndarray) -> np.ndarray:
    """``band_of`` for lengths in ``1 / MONTH_PARTS`` of a month (as from ``month_parts``).

    >>> bands_of(np.array([3 * MONTH_PARTS, 3 * MONTH_PARTS + 1, 13 * MONTH_PARTS])).tolist()
    ['up_to_3', '3_to_12', 'over_12']
    >>> bands_of(np.array([0, 1, 12 * MONTH_PARTS, 12 * MONTH_PARTS + 1])).tolist()  # none, the least, the edges
    ['up_to_3', 'up_to_3', '3_to_12', 'over_12']
    >>> bands_of(np.array([MONTH_PARTS, -MONTH_PARTS]))  # a negative length is named, never banded
    Traceback (most recent call last):
    ValueError: no band for -1
    """
    parts = np.asarray(parts, dtype=np.int64)

    def above(limit: Fraction) -> np.ndarray:  # parts / MONTH_PARTS > limit, in integers (never a Fraction per row)
        limit = Fraction(limit) * MONTH_PARTS
        return parts * limit.denominator > limit.numerator

    chosen = [
        (above(low) & (True if high is None else ~above(high))) | ((low == 0) & (parts == 0))
        for _code, _label, low, high in BANDS
    ]
    out = np.select(chosen, [code for code, *_ in BANDS], default="")
    if (out == "").any():
        raise ValueError(f"no band for {Fraction(int(parts[np.argmax(out == '')]), MONTH_PARTS)}")
    return out.astype(object)


def band_of(months: Fraction) -> str:
    """The duration band code of a length in months.

    >>> [band_of(Fraction(m)) for m in (0, Fraction(1, 31), 3, Fraction(301, 100), 12, 13)]
    ['up_to_3', 'up_to_3', 'up_to_3', '3_to_12', '3_to_12', 'over_12']
    >>> band_of(Fraction(-1))
    Traceback (most recent call last):
    ValueError: no band for -1
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
