"""Chart helpers draw every year's data (zeros, one category) on an axis of one measure."""

import pytest

from sprawozdanie.present import charts


@pytest.fixture()
def drawn(monkeypatch):
    """The helpers return the matplotlib figure instead of its PNG, to look at its axes."""
    monkeypatch.setattr(charts, "as_png", lambda fig: fig)
    monkeypatch.setattr(charts, "_DRAWN", {})  # no PNG drawn before stands in for the figure
    yield
    charts.plt.close("all")


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
    assert ax.get_xlim() == (0, 1) and ticks == ["0", "1"]
    assert [t.replace("\u00a0", " ") for t in labels] == ["0,00 zł"]


def spaced_whole_zloty_ticks(fig) -> bool:
    """The value axis's tick labels: on whole złoty, each shown once, not touching."""
    ax, _ticks, _labels = axis(fig)
    low, high = ax.get_xlim()
    shown = [t for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]
    boxes = sorted((t.get_window_extent() for t in shown), key=lambda b: b.x0)
    char = fig.dpi * charts.STYLE["font.size"] / 72
    return (
        all(float(t.get_position()[0]).is_integer() for t in shown)
        and len({t.get_text() for t in shown}) == len(shown) >= 2
        and all(a.x1 + char < b.x0 for a, b in zip(boxes, boxes[1:]))
    )


AMOUNTS = [[5_776_701, 3_528_486, 5_685_647], [150, 75], [50, 30], [123_456_789_00, 1]]


@pytest.mark.parametrize("amounts", AMOUNTS)
def test_money_ticks_fall_on_whole_zloty_and_do_not_overlap(drawn, amounts):
    """Large amounts give wide tick labels ("640 000"); small ones must not repeat "0"."""
    names = [f"Kategoria o długiej nazwie, zawinięta na dwa wiersze, nr {i}" for i in range(len(amounts))]
    assert spaced_whole_zloty_ticks(charts.horizontal_bars(names, amounts, "Wydatki (zł)", money=True))
    assert spaced_whole_zloty_ticks(
        charts.paired_money_bars(names, amounts, amounts[::-1], "2024", "2025", "Kwota (zł)")
    )


@pytest.mark.parametrize("amounts", AMOUNTS)
def test_bar_labels_end_inside_the_figure(drawn, amounts):
    """The amount printed after the longest bar ends clear of the figure's edge (a character)."""
    names = [f"Kategoria o długiej nazwie, zawinięta na dwa wiersze, nr {i}" for i in range(len(amounts))]
    for fig in (
        charts.horizontal_bars(names, amounts, "Wydatki (zł)", money=True),
        charts.paired_money_bars(names, amounts, amounts[::-1], "2024", "2025", "Kwota (zł)"),
    ):
        _ax, _ticks, labels = axis(fig)
        char = fig.dpi * charts.STYLE["font.size"] / 72
        assert labels and max(t.get_window_extent().x1 for t in fig.axes[0].texts) <= fig.bbox.x1 - char * 0.99


def test_paired_money_zeros_draw_one_zloty_of_axis(drawn):
    ax, ticks, _labels = axis(charts.paired_money_bars(["A"], [0], [0], "2024", "2025", "Kwota (zł)"))
    assert ax.get_xlim() == (0, 1) and ticks == ["0", "1"]


def test_one_category_and_a_zero_among_others(drawn):
    _ax, ticks, labels = axis(charts.horizontal_bars(["A"], [1], "Liczba rodzin"))
    assert labels == ["1"] and ticks[0] == "0"
    _ax, _ticks, labels = axis(charts.horizontal_bars(["A", "B", "C"], [1, 2, 0], "Liczba rodzin"))
    assert labels == ["1", "2", "0"]


def test_chart_labels_keep_one_letter_words_with_the_next():
    """A wrapped category name never ends a line with "z", "w", "i"… (Polish typesetting)."""
    wrapped, _lines = charts._wrapped(["Asystent osobisty osoby z niepełnosprawnością – dzieci"])
    assert all(not line.endswith((" z", "\u00a0z")) and line.split()[-1] != "z" for line in wrapped[0].split("\n"))
    assert "z\u00a0niepełnosprawnością" in wrapped[0]


def test_png_and_mismatched_lengths():
    assert charts.horizontal_bars(["A"], [0], "Liczba rodzin").data.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="same length"):
        charts.horizontal_bars(["A", "B"], [1], "Liczba rodzin")


@pytest.mark.parametrize("name", ["Liczba", "liczba ", "Liczba dzieci lub wniosków", ""])
def test_an_axis_of_mixed_units_is_refused(name):
    """An axis named only "Liczba" (families beside meetings) or "X lub Y" mixes units."""
    with pytest.raises(ValueError, match="one unit per axis"):
        charts.horizontal_bars(["Rodziny", "Posiedzenia"], [3, 2], name)
    with pytest.raises(ValueError, match="one unit per axis"):
        charts.paired_money_bars(["A"], [1], [2], "2024", "2025", name)


@pytest.mark.parametrize("name", ["Liczba rodzin", "Wydatki (zł)", "Kwota (zł)", "Liczba kontaktów"])
def test_an_axis_naming_one_measure_is_drawn(drawn, name):
    ax, _ticks, _labels = axis(charts.horizontal_bars(["A", "B"], [3, 2], name))
    assert ax.get_xlabel() == name


@pytest.mark.parametrize(
    ("values", "drawn"),
    [
        ([3, 2, 1, 0], True),  # four categories compared, a zero among them
        ([5, 0, 0, 0, 0], True),
        ([0, 0, 0, 0], False),  # nothing to show
        ([120, 100, 100], False),  # three numbers: the sentence beside the chart says them
        ([32, 34], False),
        ([], False),
    ],
)
def test_a_chart_needs_several_values(values, drawn):
    assert charts.worth_drawing(values) is drawn


def test_building_the_font_cache_prints_nothing_into_the_notebook(tmp_path):
    """On a machine that has never drawn a chart, matplotlib builds its font cache and, when that
    takes over 5 s (a loaded CI machine), logs a warning to stderr: it landed in chapter 1's
    executed notebook, so a rebuild's notebook differed from the first. Here the 5 s timer fires
    at once, with an empty cache folder; importing the charts module must print nothing."""
    import subprocess
    import sys

    code = (
        "import threading\n"
        "class Now:\n"
        "    def __init__(self, _delay, fn): self.fn = fn\n"
        "    def start(self): self.fn()\n"
        "    def cancel(self): pass\n"
        "threading.Timer = Now\n"
        "import sprawozdanie.present.charts\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "MPLCONFIGDIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.glob("fontlist-*.json")), "the font cache was not built afresh"
    assert proc.stderr == ""


def test_a_chart_drawn_again_from_the_same_data_is_not_drawn_twice(monkeypatch):
    monkeypatch.setattr(charts, "_DRAWN", {})
    calls = []
    real = charts.as_png
    monkeypatch.setattr(charts, "as_png", lambda fig: calls.append(1) or real(fig))
    first = charts.horizontal_bars(["a", "b", "c", "d"], [4, 3, 2, 1], "Liczba rodzin")
    again = charts.horizontal_bars(["a", "b", "c", "d"], [4, 3, 2, 1], "Liczba rodzin")
    other = charts.horizontal_bars(["a", "b", "c", "d"], [4, 3, 2, 2], "Liczba rodzin")
    assert len(calls) == 2  # the same data once, the changed data again
    assert first.data == again.data != other.data and first is not again
