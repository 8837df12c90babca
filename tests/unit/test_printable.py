"""The characters validation lets through are those the PDF can draw: every one of
``printable.GLYPHS`` has a glyph in the fonts inside Typst, read off a PDF Typst makes of them."""

from __future__ import annotations

import re

import typst
from pypdf import PdfReader

from sprawozdanie import printable


def _chars(ranges: list[str]) -> list[str]:
    out = []
    for r in ranges:
        first, last = (r[0], r[-1]) if len(r) == 3 and r[1] == "-" else (r, r)
        out += [chr(c) for c in range(ord(first), ord(last) + 1)]
    return out


def _mapped(pdf) -> set[int]:
    """The characters each font of the PDF maps a glyph to (its ToUnicode map)."""
    found = set()
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            to_unicode = ref.get_object().get("/ToUnicode")
            data = to_unicode.get_object().get_data().decode("latin-1") if to_unicode else ""
            for section in re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL):
                for _code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
                    found.update(ord(c) for c in bytes.fromhex(text).decode("utf-16-be"))
            for section in re.findall(r"beginbfrange(.*?)endbfrange", data, re.DOTALL):
                for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
                    first = ord(bytes.fromhex(start).decode("utf-16-be")[0])
                    found.update(range(first, first + int(high, 16) - int(low, 16) + 1))
    return found


def test_every_character_validation_admits_has_a_glyph_in_the_pdf(tmp_path):
    drawn_otherwise = set(_chars(printable.DRAWN_WITHOUT_GLYPH)) | {" "}
    chars = [c for c in _chars(printable.GLYPHS) if c not in drawn_otherwise]
    source = tmp_path / "glyphs.typ"
    source.write_text(
        '#set text(font: "Libertinus Serif")\n' + "\n".join(f"#str.from-unicode({ord(c)})" for c in chars),
        encoding="utf-8",
    )
    typst.compile(str(source), output=str(tmp_path / "glyphs.pdf"), ignore_system_fonts=True)
    mapped = _mapped(tmp_path / "glyphs.pdf")
    assert [f"U+{ord(c):04X}" for c in chars if ord(c) not in mapped] == []


def test_emoji_cjk_hebrew_and_controls_are_refused():
    for text in ("🙂", "学", "ש", "\x00", "\x0b", "\u202e", "\u2066", "\ufffd"):
        assert printable.first_unprintable(f"a{text}b") is not None, repr(text)
    assert printable.first_unprintable("Zażółć gęślą jaźń – „cudzysłów” № 1 § 2 € ½ ✓ → ≥ ΔΩ Ж ﬁ\u00ad") is None
