"""The Typst layout filter (render/assets/typst-layout.lua): column widths from the cells' text,
rows taller than a page allowed to break, hyphenation only of words of 8 letters or more."""

from __future__ import annotations

import re
import subprocess
from importlib import resources

import pypandoc
import pytest

FILTER = resources.files("sprawozdanie.render").joinpath("assets/typst-layout.lua")
TEXT_WIDTH = 459  # pt, as in the filter and the template (A4 less two 2.4 cm margins)


def typst(markdown: str, to: str = "typst") -> str:
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", f"--to={to}", f"--lua-filter={FILTER}"],
        input=markdown,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return proc.stdout


def columns(out: str) -> list[float]:
    """The columns' widths in points."""
    spec = re.search(r"columns: \(([^)]*)\)", out).group(1)
    return [float(w.strip().rstrip("%")) / 100 * TEXT_WIDTH for w in spec.split(",") if w.strip()]


def test_a_short_column_keeps_its_line_beside_a_long_one():
    # the dashes would give the address column a sliver; its text decides instead
    md = (
        "| Nazwa | Adres |\n|:----------------------------------------|:-|\n"
        f"| {'Ośrodek Pomocy Społecznej ' * 12}| ul. Łukasiewicza 1c |\n"
    )
    name, address = columns(typst(md))
    assert address >= len("ul. Łukasiewicza 1c") * 4.6 + 10 - 0.5  # pandoc rounds the percentages
    assert name > address
    assert name + address == pytest.approx(TEXT_WIDTH, abs=0.5)


def test_no_column_is_narrower_than_its_longest_word():
    long_text = "pomoc psychologiczna i prawna dla rodzin " * 6
    md = (
        "| A | B | C | D | E |\n|:----------|:----------|:----------|:----------|:-|\n"
        f"| {long_text} | {long_text} | {long_text} | {long_text} | Przeciwdziałania |\n"
    )
    *_, last = columns(typst(md))
    assert last >= len("Przeciwdziałania") * 4.6 * 0.85  # the longest word, up to the cap of 14 letters


def test_only_a_row_taller_than_a_page_may_break():
    tall = " `#linebreak()`{=typst} ".join(["wiersz tekstu w komórce tabeli"] * 80)
    md = f"| Obszar | Działania |\n|:--|:--|\n| krótki | jeden wiersz |\n| długi | {tall} |\n"
    out = typst(md)
    assert "table.cell(breakable: true)[długi]" in out
    assert "table.cell(breakable: true)[krótki]" not in out and "[krótki]" in out


def test_only_long_words_may_be_hyphenated():
    out = typst("Pomocy rodzinie w przeciwdziałaniu przemocy.\n")
    assert "#text(hyphenate: true)[przeciwdziałaniu]" in out
    assert "#text(hyphenate: true)[Pomocy]" not in out and "#text(hyphenate: true)[rodzinie]" in out


def test_a_word_kept_on_one_line_is_a_box_without_its_joiner(tmp_path):
    """ "39-⁠300" (a word joiner after the hyphen, fmt.bind_polish) is a box Typst never breaks,
    and the PDF's text has no joiner: a search for "39-300" finds it."""
    out = typst('ul. Żeromskiego 26, 39-\u2060300 Mielec, "3-\u2060letnich" programów.\n')
    assert "#box[39-300]" in out and "#box[3-letnich]" in out
    # a lead-in ending with such a word is still held with its list
    held = typst("Punkt czynny w godz. 8:00\u00a0–\u2060\u00a013:00:\n\n- poniedziałek\n- wtorek\n")
    assert "sticky: true" in held and "#box[8:00" in held
    assert "\u2060" not in out
    import typst as typst_wheel

    (tmp_path / "t.typ").write_text(out, encoding="utf-8")
    typst_wheel.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"))
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "t.pdf").pages[0].extract_text()
    assert "39-300" in text and "\u2060" not in text


def test_other_formats_are_left_alone():
    md = "| A | B |\n|:-|:----------|\n| x | przeciwdziałaniu |\n"
    assert (
        typst(md, to="html")
        == subprocess.run(
            [pypandoc.get_pandoc_path(), "--from=markdown", "--to=html"],
            input=md,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        ).stdout
    )


def test_a_header_over_numbers_wraps_and_leaves_the_width_to_the_text():
    """Long headers over short numbers wrap; the column of text gets the width, and no word of
    the header row is hyphenated ("Wskaźni-ki")."""
    md = (
        "| Cel operacyjny | Zadania | Wskaźniki | w tym z podaną wartością | w tym bez danych |\n"
        "|:--|--:|--:|--:|--:|\n"
        f"| {'Budowanie zintegrowanego systemu wsparcia dla rodzin ' * 2} | 5 | 26 | 24 | 2 |\n"
    )
    out = typst(md)
    text, *numbers = columns(out)
    assert text > 0.45 * TEXT_WIDTH and all(n < text / 2.8 for n in numbers)
    head = out[out.index("table.header") : out.index("table.hline", out.index("table.header"))]
    assert "hyphenate" not in head


def test_a_long_header_word_is_never_wider_than_its_column():
    """A header of one long word over numbers keeps its column at least as wide as the word;
    a word longer than the cap may be hyphenated rather than overflow."""
    md = (
        "| Nazwa | Wnioskodawców | Zaświadczenia |\n|:--|--:|--:|\n"
        f"| {'Ośrodek Pomocy Społecznej w Gminie ' * 6} | 5 | 2 |\n"
    )
    out = typst(md)
    _, *numbers = columns(out)
    # the word's estimated bold width, its cell's padding and slack for wide letters: "Kwota
    # wykorzystana (zł)" ran into the next header when its column was the estimate exactly
    assert all(n >= (len("Wnioskodawców") * 1.1 + 1) * 4.6 + 10 - 0.5 for n in numbers)
    head = out[out.index("table.header") : out.index("table.hline", out.index("table.header"))]
    assert "hyphenate" not in head
    long = typst("| Przeciwdziałaniaprzemocy | B |\n|:--|--:|\n| x | 1 |\n")
    head = long[long.index("table.header") : long.index("table.hline", long.index("table.header"))]
    assert "#text(hyphenate: true)[Przeciwdziałaniaprzemocy]" in head


def test_an_office_text_is_a_paragraph_of_the_page_not_a_block():
    # Typst makes no paragraph of a block's text without a paragraph break, and such text is
    # not justified: a one-paragraph office text was set ragged among justified paragraphs
    out = typst("Przed.\n\n::: {.tekst-osrodka}\nTekst ośrodka jest krótki.\n:::\n\nPo.\n")
    assert "#block" not in out
    assert "Tekst ośrodka jest krótki." in out
    anchored = typst("::: {#roznica-1 .tekst-osrodka}\nTekst z kotwicą.\n:::\n")
    assert "<roznica-1>" in anchored  # a Div with an id keeps its block and its label


def test_a_code_name_breaks_between_its_parts_and_is_never_hyphenated(tmp_path):
    # the annex's "foster_care_families" printed as "foster_care_fami-" names no column; its
    # zero-width spaces are the edges of boxes, so the PDF's text has the name without them
    name = "foster_\u200bcare_\u200bfamilies.\u200bchildren_\u200bplaced"
    out = typst(f"Reguła dotyczy pozycji {name} oraz słowa niezależności.\n")
    assert "#box[foster\\_]#box[care\\_]#box[families.]#box[children\\_]#box[placed]" in out
    assert "\u200b" not in out and "hyphenate: true)[foster" not in out
    assert "#text(hyphenate: true)[niezależności.]" in out  # an ordinary long word still may be
    import typst as typst_wheel
    from pypdf import PdfReader

    narrow = "#set page(width: 4cm, height: auto)\n" + out
    (tmp_path / "t.typ").write_text(narrow, encoding="utf-8")
    typst_wheel.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"))
    lines = PdfReader(tmp_path / "t.pdf").pages[0].extract_text().splitlines()
    assert not any("\u200b" in line for line in lines)
    assert any(line.strip().startswith("care_") or line.strip().startswith("children_") for line in lines)


def test_a_word_that_fits_its_column_is_not_hyphenated_in_a_body_cell():
    # Typst split "pomoc psycholo-giczna" in a narrow column rather than move the word whole
    long_text = "opis działań prowadzonych przez instytucję na rzecz rodzin " * 4
    md = (
        "| Nazwa | Pomoc | Opis |\n|:--|:--|:--|\n"
        f"| Ośrodek | pomoc psychologiczna | {long_text} |\n"
        f"| Ośrodek | przeciwdziałaniaprzemocy | {long_text} |\n"
    )
    out = typst(md)
    assert "[psychologiczna]" not in out  # fits its column whole: no hyphenation span
    assert "#text(hyphenate: true)[przeciwdziałaniaprzemocy]" in out  # wider than its column


def test_captions_are_never_hyphenated():
    md = (
        "| Nazwa | Adres |\n|:--|:--|\n| Ośrodek | ul. Długa 1 |\n\n"
        ": Zasoby gminy w obszarze wspierania rodziny – specjalistyczne poradnictwo {#tbl-zasoby}\n\n"
        "![Kontakty z instytucjami według rodzaju pieczy zastępczej](wykres.png){#fig-kontakty}\n"
    )
    out = typst(md)
    assert "poradnictwo" in out and "[poradnictwo]" not in out
    assert "zastępczej" in out and "[zastępczej]" not in out
    assert "hyphenate: true" not in out


def test_a_superscript_sign_is_measured_at_its_printed_size():
    # "(różnica nr 7)" beside a number is set small: the value column need not be 14 letters wide
    sign = "^(różnica\u00a0nr\u00a07)^"
    md = (
        "| Wskaźnik | Wartość |\n|:--|--:|\n"
        f"| {'liczba osób korzystających ze specjalistycznego poradnictwa ' * 3} | 9037{sign} |\n"
    )
    _, value = columns(typst(md))
    assert value < len("(różnica nr 7)") * 4.6 + 10


@pytest.mark.parametrize(
    "md, kept",
    [
        ("Przedstawiono je poniżej:\n\n- pierwsze\n- drugie\n", "je poniżej:"),
        # its last word in a hyphenation span (8 letters or more) decides nothing
        ("Liczba dzieci przedstawiała się następująco:\n\n- pierwsze\n- drugie\n", "następująco:"),
        (
            "1. **„Oaza spokoju”**\n\n    Termin realizacji: 16 czerwca 2025 r.\n\n2. **„Inny”**\n\n    Opis.\n",
            "Oaza spokoju",
        ),
    ],
)
def test_a_lead_in_and_an_item_s_title_never_end_a_page_alone(md, kept):
    # a sticky block holds each: Typst moves it to the next page with what follows it
    out = typst(md)
    block = out.index("#block(sticky: true")
    assert block < out.index(kept) < out.index("]", out.index(kept))


def test_a_held_lead_in_is_still_a_justified_paragraph():
    # in Typst, text alone in a block is no paragraph (and is set ragged): par() makes it one;
    # a block of auto width is its content's, which a justified line does not fill
    out = typst("Liczba dzieci przedstawiała się następująco:\n\n- pierwsze\n- drugie\n")
    assert re.search(r"#block\(sticky: true, width: 100%[^)]*\)\[#par\[\s*Liczba", out), out


def test_a_paragraph_without_a_colon_or_an_item_without_a_title_is_not_held():
    assert "sticky" not in typst("Tekst bez dwukropka.\n\n- pierwsze\n\n1. zwykły punkt\n2. drugi\n")
