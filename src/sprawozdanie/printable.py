"""Characters the report can print: what ``validate`` refuses before a build would fail late.

The PDF embeds only the fonts inside Typst (Libertinus Serif for text), so a character
without a glyph there (an emoji, a CJK character) would print as an empty box, and a
control character (NUL, a vertical tab, a bidirectional override) would stop Typst or hide
text. Such characters are refused in every text an office writes (CSV cells, office texts,
params) with the file, row and column, instead of failing at the PDF with Typst's English
message. No fallback font is embedded: the report is in Polish, and the scripts below cover
every name it can hold (Latin with Polish and other European letters, Greek, Cyrillic,
Hebrew, punctuation, currency and common symbols).
"""

from __future__ import annotations

import re
import unicodedata

# The characters the fonts inside Typst have a glyph for (Libertinus Serif, New Computer
# Modern, DejaVu Sans Mono: Typst falls back from one to the next), read off a PDF that
# Typst made of every candidate character (tests/unit/test_printable.py makes it again);
# with them the tab and line ends, and characters drawn with no glyph of their own:
# combining accents (on the letter before), the soft hyphen and the zero-width joiners.
# Left out: control characters, bidirectional controls, Hebrew, emoji, CJK and the rest.
GLYPHS = [
    "\u0020-\u007e",
    "\u00a0-\u0377",
    "\u037a-\u037f",
    "\u0384-\u038a",
    "\u038c",
    "\u038e-\u03a1",
    "\u03a3-\u0482",
    "\u048a-\u04ff",
    "\u1e00-\u1eff",
    "\u2000-\u200d",
    "\u2010-\u2027",
    "\u202f-\u2040",
    "\u2042",
    "\u2044-\u2052",
    "\u2054-\u205e",
    "\u2070-\u2071",
    "\u2074-\u208e",
    "\u2090-\u209c",
    "\u20a0-\u20c0",
    "\u2100-\u211e",
    "\u2120",
    "\u2122",
    "\u2124",
    "\u2126-\u2129",
    "\u212c-\u2151",
    "\u2153-\u2184",
    "\u2189",
    "\u2190-\u2246",
    "\u2248-\u22ab",
    "\u22ad-\u22ff",
    "\u2460-\u257f",
    "\u25a0-\u2606",
    "\u2609-\u262f",
    "\u2638-\u268b",
    "\u2690-\u269c",
    "\u26a0-\u26a7",
    "\u26aa-\u26af",
    "\u26b2",
    "\u2701-\u2704",
    "\u2706-\u2709",
    "\u270c-\u2714",
    "\u2717-\u2726",
    "\u272a-\u274b",
    "\u274d",
    "\u274f-\u2752",
    "\u2756",
    "\u2758-\u275e",
    "\u2761-\u277f",
    "\u2794",
    "\u2798-\u27af",
    "\u27b1-\u27bf",
    "\ufb00-\ufb06",
]
DRAWN_WITHOUT_GLYPH = ["\t", "\n", "\r", "\u0300-\u036f", "\u00ad", "\u200b-\u200d"]
_NOT_PRINTABLE = re.compile("[^" + "".join(GLYPHS + DRAWN_WITHOUT_GLYPH) + "]")


def first_unprintable(text: str) -> tuple[int, str] | None:
    """The position and a description of the first character the report cannot print.

    >>> first_unprintable("Zespół ds. Asysty Rodzinnej – „Promyk” 2025 r. № 5 €")
    >>> first_unprintable("Świetlica 🙂 dla dzieci")
    (10, "znak '🙂' (U+1F642, SLIGHTLY SMILING FACE), którego czcionka raportu nie ma")
    >>> first_unprintable("a\\x00b")
    (1, 'znak sterujący U+0000, niewidoczny w tekście (usuń go)')
    """
    m = _NOT_PRINTABLE.search(text)
    if m is None:
        return None
    return m.start(), describe(m.group())


def describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return f"znak sterujący {code}, niewidoczny w tekście (usuń go)"
    name = unicodedata.name(char, "bez nazwy")
    return f"znak '{char}' ({code}, {name}), którego czcionka raportu nie ma"


def column_problems(values) -> list[tuple[int, str, str]]:
    """(index, value, description) of each value of a pandas Series of text that holds a
    character the report cannot print (the whole column is searched at once)."""
    found = values.dropna()
    found = found[found.str.contains(_NOT_PRINTABLE)]
    return [(idx, v, first_unprintable(v)[1]) for idx, v in found.items()]
