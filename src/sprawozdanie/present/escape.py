"""Every text from the inputs, escaped for the format it is printed in.

Inputs (CSV fields, params, office texts, chart labels) are data, never markup: a name
such as ``<img src=x>``, ``$x$`` or ``=1+1`` must print as those characters in every
output. One function per target:

* :func:`md_escape` – pandoc Markdown (the report's text, tables, captions);
* :func:`md_attribute` – a quoted value of a pandoc attribute (``{alt="…"}``);
* :func:`mpl_text` – matplotlib text (titles, axis, tick and bar labels, legends);
* :func:`spreadsheet_text` and :func:`csv_cell` – a cell of a spreadsheet or CSV file
  that must not become a formula (OWASP, "CSV Injection").
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


class Md(str):
    """Markdown the project made itself (a tagged value, a word form): printed as it is."""


def md_escape(text) -> str:
    """Any text from the inputs, as Markdown that prints it literally (pandoc reads every
    backslash-escaped ASCII punctuation character as that character); line breaks become
    spaces, so a field cannot start a heading, a list or a ``:::`` block. ``Md`` (the
    project's own Markdown) is returned as it is.

    >>> md_escape("<img src=x> *a* [b](javascript:c) @d {{< var e >}}")
    '\\\\<img src\\\\=x\\\\> \\\\*a\\\\* \\\\[b\\\\]\\\\(javascript\\\\:c\\\\) \\\\@d \\\\{\\\\{\\\\< var e \\\\>\\\\}\\\\}'
    >>> md_escape("Ośrodek\\n# Fałszywy rozdział")
    'Ośrodek \\\\# Fałszywy rozdział'
    >>> md_escape("$x$ `#read()`{=typst}")
    '\\\\$x\\\\$ \\\\`\\\\#read\\\\(\\\\)\\\\`\\\\{\\\\=typst\\\\}'
    >>> md_escape(Md("[1]{.val}"))
    '[1]{.val}'
    """
    if isinstance(text, Md):
        return text
    return _PUNCT.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def md_attribute(text) -> str:
    """A value for a pandoc attribute, quoted: ``{alt=…}``. Pandoc reads ``\\"`` and ``\\\\``
    inside the quotes as those characters and escapes the value for HTML itself.

    >>> md_attribute('Wykres "A" \\\\ B')
    '"Wykres \\\\"A\\\\" \\\\\\\\ B"'
    >>> md_attribute("dwa\\nwiersze")
    '"dwa wiersze"'
    """
    value = _LINE_BREAKS.sub(" ", str(text))
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mpl_text(text) -> str:
    """A text matplotlib draws as it is. A ``$`` pair would start mathtext (a ``\\``-command
    in it can even stop the drawing), so every ``$`` is escaped; a legend leaves out a
    label that starts with ``_``, so such a label gets a zero-width space in front.

    >>> mpl_text("Koszt w $ i $x$")
    'Koszt w \\\\$ i \\\\$x\\\\$'
    >>> mpl_text("_ukryta") == "\\u200b_ukryta"
    True
    """
    value = str(text).replace("$", r"\$")
    return "\u200b" + value if value.startswith("_") else value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as the project prints it: an optional sign, digits with group separators, a
# decimal or fraction part, words of a unit ("+1 234,50 zł", "-5", "10 h 30 min", "3/4").
_NUMBER = re.compile(r"[+\-\u2212]?\d[\d \u00a0\u202f.,/%]*(?:[^\W\d_]+\.?[\d \u00a0\u202f.,/%]*)*")


def spreadsheet_text(value):
    """A text value for a spreadsheet cell that a spreadsheet program will not read as a
    formula: one starting with ``= + - @``, a tab or a carriage return gets a ``'`` in front
    (OWASP's advice). Anything that is not text (a number, a date, None) is returned as it is.

    >>> spreadsheet_text("=1+1"), spreadsheet_text("@SUM(A1)"), spreadsheet_text("-x")
    ("'=1+1", "'@SUM(A1)", "'-x")
    >>> spreadsheet_text("Ośrodek"), spreadsheet_text(-5)
    ('Ośrodek', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value, numeric: bool = False):
    """A value for a CSV cell: text escaped like :func:`spreadsheet_text`; in a ``numeric``
    column a value that is a number as printed ("-5", "+4,9%", "+1 234,50 zł") stays as it is.

    >>> csv_cell("-5", numeric=True), csv_cell("+4,9%", numeric=True)
    ('-5', '+4,9%')
    >>> csv_cell("-2+3+cmd|' /C calc'!A0", numeric=True)
    "'-2+3+cmd|' /C calc'!A0"
    >>> csv_cell("-5")
    "'-5"
    """
    if numeric and isinstance(value, str) and _NUMBER.fullmatch(value):
        return value
    return spreadsheet_text(value)


def csv_row(row: dict, numeric: tuple[str, ...] = ()) -> dict:
    """Every cell of a CSV row through :func:`csv_cell` (``numeric``: the number columns).

    >>> csv_row({"id": "@a", "value": "-1"}, numeric=("value",))
    {'id': "'@a", 'value': '-1'}
    """
    return {k: csv_cell(v, k in numeric) for k, v in row.items()}
