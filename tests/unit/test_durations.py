import datetime as dt
from fractions import Fraction

import pytest

from sprawozdanie.durations import band_of, months_between, round_months

D = dt.date


@pytest.mark.parametrize(
    "start, end, months",
    [
        pytest.param(D(2025, 1, 1), D(2025, 1, 31), Fraction(1), id="one whole calendar month"),
        pytest.param(D(2025, 1, 1), D(2025, 12, 31), Fraction(12), id="whole year is 12"),
        pytest.param(D(2025, 1, 15), D(2025, 4, 14), Fraction(3), id="15th to 14th is whole months"),
        pytest.param(
            D(2025, 1, 15), D(2025, 4, 15), 3 + Fraction(1, 30), id="one day past 3 months (April has 30 days)"
        ),
        pytest.param(D(2025, 3, 5), D(2025, 3, 5), Fraction(1, 31), id="a single day"),
        pytest.param(
            D(2025, 1, 31), D(2025, 2, 27), Fraction(28, 28), id="31 Jan to 27 Feb: anchor clamps to month end"
        ),
        pytest.param(D(2024, 2, 1), D(2024, 2, 29), Fraction(1), id="leap February whole"),
        pytest.param(D(2023, 12, 1), D(2025, 12, 31), Fraction(25), id="across years, open case to 31 Dec"),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


def test_months_between_refuses_end_before_start():
    with pytest.raises(ValueError, match="before start"):
        months_between(D(2025, 5, 2), D(2025, 5, 1))


@pytest.mark.parametrize(
    "months, band",
    [
        (Fraction(1, 31), "up_to_3"),
        (Fraction(3), "up_to_3"),
        (3 + Fraction(1, 30), "3_to_12"),
        (Fraction(12), "3_to_12"),
        (12 + Fraction(1, 31), "over_12"),
        (Fraction(40), "over_12"),
    ],
)
def test_band_boundaries(months, band):
    assert band_of(months) == band


@pytest.mark.parametrize(
    "value, rounded",
    [(Fraction(41, 2), 21), (Fraction(4099, 200), 20), (Fraction(43, 2), 22), (Fraction(21), 21), (Fraction(1, 3), 0)],
)
def test_round_months_half_up(value, rounded):
    assert round_months(value) == rounded
