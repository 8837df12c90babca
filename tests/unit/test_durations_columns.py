"""The column-wise duration functions agree with the one-period definition, day for day."""

import datetime as dt
import random
from fractions import Fraction

import numpy as np
import pytest

from sprawozdanie.durations import MONTH_PARTS, band_of, bands_of, month_parts, months_between

D = dt.date


def test_month_parts_equal_months_between_on_every_kind_of_period():
    rng = random.Random(7)
    # Month ends, leap days and short periods are where counting months goes wrong.
    edges = [
        D(2024, 1, 31),
        D(2024, 2, 28),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2023, 2, 28),
        D(2025, 1, 30),
        D(2025, 12, 31),
        D(2025, 1, 1),
    ]
    starts, ends = [], []
    for _ in range(20_000):
        start = rng.choice(edges) if rng.random() < 0.2 else D(2020, 1, 1) + dt.timedelta(days=rng.randrange(2200))
        end = start + dt.timedelta(days=rng.choice([0, 1, 27, 28, 29, 30, 31, rng.randrange(2000)]))
        starts.append(start)
        ends.append(end)
    parts = month_parts(starts, ends)
    assert parts.dtype == np.int64
    wrong = [(s, e) for s, e, p in zip(starts, ends, parts) if Fraction(int(p), MONTH_PARTS) != months_between(s, e)]
    assert wrong == []


def test_month_parts_refuses_end_before_start():
    with pytest.raises(ValueError, match="before start"):
        month_parts([D(2025, 1, 1), D(2025, 5, 2)], [D(2025, 1, 1), D(2025, 5, 1)])


def test_bands_of_equal_band_of_at_and_around_the_limits():
    parts = np.array(
        [
            1,
            3 * MONTH_PARTS - 1,
            3 * MONTH_PARTS,
            3 * MONTH_PARTS + 1,
            12 * MONTH_PARTS,
            12 * MONTH_PARTS + 1,
            40 * MONTH_PARTS,
        ]
    )
    assert bands_of(parts).tolist() == [band_of(Fraction(int(p), MONTH_PARTS)) for p in parts]
    assert bands_of(parts).tolist() == ["up_to_3", "up_to_3", "up_to_3", "3_to_12", "3_to_12", "over_12", "over_12"]
