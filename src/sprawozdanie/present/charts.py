"""Charts for print and screen: Polish labels and number formats, one style for all.

Every text drawn (titles, axis, category, value and legend labels) passes through
``escape.mpl_text`` here, so a name from the inputs draws as written (``$x$`` is not maths).
"""

from __future__ import annotations

import functools
import logging
import textwrap
from io import BytesIO

import matplotlib
from IPython.display import Image

matplotlib.use("Agg")  # no screen on the build machines
# On a machine that never drew a chart, matplotlib builds its font cache and, past 5 s, says so on
# stderr: inside a notebook that line became an output, and a rebuild's notebook differed.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from . import fmt  # noqa: E402
from .escape import mpl_text  # noqa: E402

STYLE = {
    "figure.dpi": 150,
    "savefig.dpi": 200,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
}
BAR_COLOUR = "#2a6f97"
# Fewer bars than this are read as well from the sentence or table beside the chart. A
# template that refers to a chart drawn with ``worth_drawing`` states the same condition.
MIN_BARS = 4
LABEL_WIDTH = 42  # characters per line of a category label


def as_png(fig) -> Image:
    """The figure as a PNG output; its resolution is stored in the file, so pandoc and
    Typst size it as drawn (inches) rather than by pixels."""
    buf = BytesIO()
    # A fixed "Software" entry and no timestamps keep the bytes stable between runs.
    fig.savefig(buf, format="png", dpi=STYLE["savefig.dpi"], metadata={"Software": "sprawozdanie"})
    plt.close(fig)
    return Image(data=buf.getvalue(), format="png")


# Charts already drawn, by what they were drawn from: drawing takes most of a chapter's time,
# and a warm kernel or the live preview asks again for a chart whose data did not change.
_DRAWN: dict[str, bytes] = {}
_DRAWN_MAX = 64


def drawn_once(draw):
    """Memoise a chart function by the ``repr`` of its arguments (lists of strings and
    numbers: the repr is the data); each call still gets an ``Image`` of its own."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        key = f"{draw.__qualname__}{args!r}{sorted(kwargs.items())!r}"
        if key not in _DRAWN:
            drawn = draw(*args, **kwargs)
            if not isinstance(drawn, Image):  # a test's figure, looked at before it becomes a PNG
                return drawn
            if len(_DRAWN) >= _DRAWN_MAX:
                _DRAWN.clear()
            _DRAWN[key] = drawn.data
        return Image(data=_DRAWN[key], format="png")

    return wrapper


def worth_drawing(values: list) -> bool:
    """Whether bars of ``values`` (one per category, zeros included) show what the text beside
    them cannot: at least ``MIN_BARS`` values, not all zero."""
    return len(values) >= MIN_BARS and any(values)


def nonzero_bars(labels: list[str], values: list[int]) -> tuple[list[str], list[int]]:
    """The bars whose value is not 0, in order: a chart beside a text that names only what
    happened draws no bar the text leaves out.

    >>> nonzero_bars(["szkoła", "poradnia", "świetlica"], [4, 0, 2])
    (['szkoła', 'świetlica'], [4, 2])
    """
    kept = [(label, value) for label, value in zip(labels, values, strict=True) if value]
    return [label for label, _ in kept], [value for _, value in kept]


def horizontal_bars(
    labels: list[str], values: list[int], xlabel: str, width: float = 7.0, money: bool = False
) -> Image:
    """A horizontal bar chart in the order given, each bar labelled with its value.

    Long category names are wrapped onto several lines rather than cut. With ``money``
    the values are grosze, labelled in zł. Zeros draw as empty bars labelled 0.
    """
    if money:
        # Bars are drawn in złoty (geometry only: the labels are the exact amounts), so the
        # axis ticks fall on whole złoty.
        return _bars(labels, [v / 100 for v in values], [fmt.money(v) for v in values], xlabel, width)
    return _bars(labels, values, [fmt.number(v) for v in values], xlabel, width)


def _wrapped(labels: list[str]) -> tuple[list[str], int]:
    """Category names wrapped onto lines of ``LABEL_WIDTH``, and the number of lines in all
    (the figure's height grows with it)."""
    # textwrap breaks only at ordinary spaces, so a bound one-letter word stays with the next.
    wrapped = [mpl_text(textwrap.fill(fmt.bind_single_letter_words(label), LABEL_WIDTH)) for label in labels]
    return wrapped, sum(label.count("\n") + 1 for label in wrapped)


# Axis names that do not say what is counted: the mark of bars of different units on one axis.
VAGUE_AXES = ("liczba", "wartość", "ilość", "kwota")


def axis_name(xlabel: str) -> str:
    """The value axis's name, which must name one measure ("Liczba rodzin", "Wydatki (zł)"):
    bars of different units (families beside meetings, children beside applications) belong in
    separate panels (``small_multiples``) or in the sentence, not on one axis."""
    words = xlabel.strip().lower()
    if words in VAGUE_AXES or " lub " in words or not words:
        raise ValueError(f"axis {xlabel!r} does not name one measure: one unit per axis")
    return xlabel


def _horizontal_figure(labels: list[str], xlabel: str, width: float, height: float):
    """A figure for horizontal bars (call inside ``plt.rc_context(STYLE)``): the categories
    top to bottom at the returned y positions, whole numbers on the value axis, and a
    character's width of white at the sides (the layout keeps the value printed after the
    longest bar inside the figure, but by default only just)."""
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    fig.get_layout_engine().set(w_pad=STYLE["font.size"] / 72)
    y = list(range(len(labels)))[::-1]
    ax.set_yticks(y, labels)
    ax.set_xlabel(mpl_text(axis_name(xlabel)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt.number(int(x))))
    return fig, ax, y


def _value_axis(fig, ax, anything: bool) -> None:
    """With nothing but zeros, an axis from 0 to 1 (not ±0.05 with "0" at every tick);
    otherwise ticks spaced apart."""
    if anything:
        _spaced_ticks(fig, ax)
    else:
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 1])


@drawn_once
def _bars(labels: list[str], values: list[float], texts: list[str], xlabel: str, width: float) -> Image:
    """Horizontal bars, top to bottom in the order given, labelled with ``texts``."""
    if not (len(labels) == len(values) == len(texts)):
        raise ValueError("labels and values must have the same length")
    labels, lines = _wrapped(labels)
    with plt.rc_context(STYLE):
        fig, ax, y = _horizontal_figure(labels, xlabel, width, 0.9 + 0.22 * lines + 0.12 * len(labels))
        bars = ax.barh(y, values, color=BAR_COLOUR)
        ax.bar_label(bars, labels=[mpl_text(t) for t in texts], padding=3)
        ax.margins(x=0.12)  # room right of the longest bar for its label
        _value_axis(fig, ax, any(values))
        return as_png(fig)


def _spaced_ticks(fig, ax, most: int = 8) -> None:
    """Whole-number ticks on the value axis, as many as fit without their labels touching
    (amounts such as "640 000" are wide, and long category names narrow the axis). An axis
    shorter than one unit (every amount under 1 zł) is lengthened to one, else its ticks
    would be fractions, each printed as "0"."""
    low, high = ax.get_xlim()
    if high < 1:
        ax.set_xlim(low, 1)
    gap = 1.5 * fig.dpi * STYLE["font.size"] / 72  # about two digits' width of white between labels
    bins = most
    while True:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 5, 10], integer=True))
        fig.draw_without_rendering()  # layout and text sizes, no pixels: several times cheaper
        low, high = ax.get_xlim()
        boxes = sorted(
            (
                t.get_window_extent()
                for t in ax.get_xticklabels()
                if low <= t.get_position()[0] <= high and t.get_text()
            ),
            key=lambda b: b.x0,
        )
        if bins == 1 or all(a.x1 + gap < b.x0 for a, b in zip(boxes, boxes[1:])):
            return
        # As many intervals as labels of the widest kind fit side by side, and at least one fewer.
        fit = int(ax.bbox.width // (max(b.width for b in boxes) + gap))
        bins = max(1, min(bins - 1, fit - 1))


SECOND_COLOUR = "#b5651d"  # brown-orange: told apart from BAR_COLOUR, contrast ≥ 3:1 on white


@drawn_once
def paired_money_bars(
    labels: list[str],
    first: list[int],
    second: list[int],
    first_label: str,
    second_label: str,
    xlabel: str,
    width: float = 8.0,
) -> Image:
    """Two bars per category (amounts in grosze), each labelled with its amount in zł.

    Categories are drawn top to bottom in the order given; long names are wrapped.
    """
    if not (len(labels) == len(first) == len(second)):
        raise ValueError("labels and both series must have the same length")
    labels, lines = _wrapped(labels)
    with plt.rc_context(STYLE):
        fig, ax, y = _horizontal_figure(labels, xlabel, width, 1.3 + 0.3 * lines + 0.45 * len(labels))
        h = 0.38
        # Drawn in złoty (geometry only: the labels are the exact amounts).
        b1 = ax.barh(
            [v + h / 2 for v in y], [v / 100 for v in first], height=h, color=BAR_COLOUR, label=mpl_text(first_label)
        )
        b2 = ax.barh(
            [v - h / 2 for v in y],
            [v / 100 for v in second],
            height=h,
            color=SECOND_COLOUR,
            label=mpl_text(second_label),
        )
        ax.bar_label(b1, labels=[fmt.money(v) for v in first], padding=3, fontsize=8)
        ax.bar_label(b2, labels=[fmt.money(v) for v in second], padding=3, fontsize=8)
        ax.margins(x=0.28)
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        _value_axis(fig, ax, any(first) or any(second))
        return as_png(fig)


@drawn_once
def small_multiples(panels: list[tuple[str, list[tuple[str, float, str]]]], columns: int = 2) -> Image:
    """One small bar chart per panel (title, [(bar label, value, value as printed)]), so
    that figures with different units sit side by side, each on its own scale."""
    rows = -(-len(panels) // columns)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(rows, columns, figsize=(7.2, 2.3 * rows), layout="constrained", squeeze=False)
        for ax, (title, bars) in zip(axes.flat, panels):
            heights = [float(v) for _label, v, _text in bars]
            drawn = ax.bar([mpl_text(label) for label, _v, _text in bars], heights, color=BAR_COLOUR, width=0.6)
            ax.bar_label(drawn, labels=[mpl_text(text) for _l, _v, text in bars], padding=2, fontsize=8)
            ax.set_title(mpl_text(textwrap.fill(fmt.bind_single_letter_words(title), 44)), fontsize=9)
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            ax.margins(y=0.25)
        for ax in list(axes.flat)[len(panels) :]:
            ax.set_visible(False)
        return as_png(fig)
