"""Paired horizontal bars (e.g. money granted and spent per purpose), in the house style."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from . import fmt
from .charts import BAR_COLOUR, LABEL_WIDTH, STYLE, as_png

SECOND_COLOUR = "#b5651d"  # brown-orange: told apart from BAR_COLOUR, contrast ≥ 3:1 on white


def paired_money_bars(labels: list[str], first: list[int], second: list[int], first_label: str,
                      second_label: str, xlabel: str, width: float = 8.0):
    """Two bars per category (amounts in grosze), each labelled with its amount in zł.

    Categories are drawn top to bottom in the order given; long names are wrapped.
    """
    if not (len(labels) == len(first) == len(second)):
        raise ValueError("labels and both series must have the same length")
    labels = [textwrap.fill(label, LABEL_WIDTH) for label in labels]
    lines = sum(label.count("\n") + 1 for label in labels)
    with plt.rc_context(STYLE):
        height = 1.3 + 0.3 * lines + 0.45 * len(labels)
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
        y = list(range(len(labels)))[::-1]
        h = 0.38
        b1 = ax.barh([v + h / 2 for v in y], first, height=h, color=BAR_COLOUR, label=first_label)
        b2 = ax.barh([v - h / 2 for v in y], second, height=h, color=SECOND_COLOUR, label=second_label)
        ax.set_yticks(y, labels)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt.number(int(x // 100))))
        ax.bar_label(b1, labels=[fmt.money(v) for v in first], padding=3, fontsize=8)
        ax.bar_label(b2, labels=[fmt.money(v) for v in second], padding=3, fontsize=8)
        ax.margins(x=0.28)
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        return as_png(fig)
