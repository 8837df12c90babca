"""Chart helpers draw every year's data: zeros, one category, durations in hours and minutes."""

import pytest

from sprawozdanie.present import charts


@pytest.fixture()
def drawn(monkeypatch):
    """The helpers return the matplotlib figure instead of its PNG, to look at its axes."""
    monkeypatch.setattr(charts, "as_png", lambda fig: fig)


def axis(fig):
    ax = fig.axes[0]
    fig.canvas.draw()
    return ax, [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.texts]


def test_all_zeros_draw_an_axis_from_zero(drawn):
    ax, ticks, labels = axis(charts.horizontal_bars(["A", "B"], [0, 0], "Liczba rodzin"))
    assert ax.get_xlim() == (0, 1) and ticks == ["0", "1"]  # not ±0.05 with "0" at every tick
    assert labels == ["0", "0"]


def test_money_zeros_draw_one_zloty_of_axis(drawn):
    ax, ticks, labels = axis(charts.horizontal_bars(["A"], [0], "Kwota (zł)", money=True))
    assert ax.get_xlim() == (0, 100) and ticks == ["0", "1"]
    assert [t.replace("\u00a0", " ") for t in labels] == ["0,00 zł"]


def test_one_category_and_a_zero_among_others(drawn):
    _ax, ticks, labels = axis(charts.horizontal_bars(["A"], [1], "Liczba"))
    assert labels == ["1"] and ticks[0] == "0"
    _ax, _ticks, labels = axis(charts.horizontal_bars(["A", "B", "C"], [1, 2, 0], "Liczba"))
    assert labels == ["1", "2", "0"]


def test_durations_drawn_in_hours_labelled_as_the_text_says(drawn):
    ax, _ticks, labels = axis(charts.duration_bars(["A", "B", "C"], [(10, 0), (7, 0), (10, 30)]))
    assert [t.replace("\u00a0", " ") for t in labels] == ["10 h", "7 h", "10 h 30 min"]
    assert [round(p.get_width(), 2) for p in ax.patches] == [10, 7, 10.5]


def test_png_and_mismatched_lengths():
    assert charts.duration_bars(["A"], [(0, 0)]).data.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        charts.horizontal_bars(["A", "B"], [1], "Liczba")
