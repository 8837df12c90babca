"""The Word report (report.docx): title page, headings, captioned tables and charts with
their alt texts, plain numbers, page numbers and contents, and the published figures."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from sprawozdanie.params import load_params
from sprawozdanie.rendering import report_metadata
from tests.published import report_ast
from tests.published.report_ast import words
from tests.published.test_published_2025 import PUBLISHED, _is_number, as_number, published_caption


@pytest.fixture(scope="module")
def doc(built_2025):
    assert built_2025["docx"].name == "report.docx"
    return Document(str(built_2025["docx"]))


@pytest.fixture(scope="module")
def body(doc):
    """The body in order: ("p", style, text) for a paragraph, ("tbl", table element, "")."""
    items = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            items.append(("p", style.get(qn("w:val")) if style is not None else "", words(text)))
        elif el.tag == qn("w:tbl"):
            items.append(("tbl", el, ""))
    return items


@pytest.fixture(scope="module")
def source(built_2025):
    """The Markdown the report was rendered from, read by pandoc."""
    return report_ast.load(built_2025["project"].output_dir(2025) / "report.md")


def test_title_page_and_properties(doc, built_2025):
    proj = built_2025["project"]
    meta = report_metadata(load_params(proj.params_file(2025), 2025))
    first = [(p.style.name, words(p.text)) for p in doc.paragraphs[:5]]
    assert first == [
        ("Subtitle", words(meta["municipality"])),
        ("Title", words(meta["title"])),
        ("Subtitle", words(meta["subtitle"])),
        ("Author", words("Opracowanie: " + meta["author"])),  # as the PDF's title page says it
        ("Date", words(meta["date"])),
    ]
    assert doc.core_properties.title == meta["title"]
    assert doc.core_properties.author == meta["author"]  # the property: the name alone
    langs = [el.get(qn("w:val")) for el in doc.styles.element.find(qn("w:docDefaults")).iter(qn("w:lang"))]
    assert langs and all(lang == "pl-PL" for lang in langs)  # Word's proofing language


def test_every_heading_of_the_report_in_order(doc, source):
    got, numbered = [], []
    for p in doc.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:  # the section number is a run of its own, before a tab
            got.append((int(m.group(1)), words(re.sub(r"^[\d.]+\t", "", p.text))))
            numbered.extend(re.findall(r"^([\d.]+)\t", p.text))
    expected = report_ast.headings(source)
    assert len(expected) > 25
    assert got == expected
    # numbered as the printed report is: "1.", "1.2.1." (pandoc writes "1", "1.2.1")
    assert len(numbered) > 20 and all(re.fullmatch(r"(\d+\.)+", n) for n in numbered), numbered


def test_every_table_has_its_caption_above(body, source):
    tables = [i for i, item in enumerate(body) if item[0] == "tbl"]
    captions = [i for i, item in enumerate(body) if item[:2] == ("p", "TableCaption")]
    assert len(tables) == report_ast.table_count(source) >= 10
    # Every table has its numbered caption right above it ("Tabela nr 1. …"), numbered in order
    for i in captions:
        assert body[i + 1][0] == "tbl", f"caption {body[i][2]!r} not followed by its table"
    numbered = [re.match(r"Tabela nr (\d+)\. \S", body[i][2]) for i in captions]
    assert all(numbered), [body[i][2] for i, m in zip(captions, numbered) if not m]
    assert [int(m.group(1)) for m in numbered] == list(range(1, len(tables) + 1))
    assert any("Najważniejsze liczby" in body[i][2] for i in captions)
    for number in PUBLISHED["tables"]:
        assert any(body[i][2].lower().endswith(published_caption(number).lower()) for i in captions), number


def test_tables_have_a_repeating_header_row(body):
    for _, tbl, _ in (item for item in body if item[0] == "tbl"):
        first_row = tbl.find(qn("w:tr"))
        assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) == "Table"


def test_a_row_stays_on_its_page_and_a_lead_in_with_its_list(doc, body):
    """Word moves a row that does not fit to the next page, and keeps a paragraph ending with
    a colon with what it introduces (docx_finish): no row's last words alone at a page's top."""
    for _, tbl, _ in (item for item in body if item[0] == "tbl"):
        for row in tbl.findall(qn("w:tr")):
            assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    lead_ins = [p for p in doc.paragraphs if p.text.rstrip().endswith(":") and not p.style.name.startswith("Heading")]
    assert lead_ins and all(p.paragraph_format.keep_with_next for p in lead_ins)
    assert any(p.text.startswith("Na kolejne lata wskazano") for p in lead_ins)


def _docx_table(body, number: int) -> list[list[str]]:
    for i, (kind, style, text) in enumerate(body):
        if kind == "p" and style == "TableCaption" and text.lower().endswith(published_caption(number).lower()):
            rows = body[i + 1][1].findall(qn("w:tr"))[1:]  # the header row aside
            return [
                [words("".join(t.text or "" for t in tc.iter(qn("w:t")))) for tc in tr.findall(qn("w:tc"))]
                for tr in rows
            ]
    raise AssertionError(f"Tabela nr {number} is not in the docx")


DIFFERENCE_MARK = re.compile(r"\s*\((?:różnica|różnice) nr [\d, ]+\)")  # render/assets/marks.lua


@pytest.mark.parametrize("number", sorted(PUBLISHED["tables"]))
def test_table_figures_as_published(body, number):
    """The same figures as in the published report, as plain text in the cells."""
    rows = _docx_table(body, number)
    spec = PUBLISHED["tables"][number]["rows"]
    assert len(rows) == len(spec), f"Tabela nr {number}: {len(rows)} rows, published {len(spec)}"
    for got, want in zip(rows, spec):
        for g, w in zip(got[1:], want[1:]):
            if _is_number(w):
                g = DIFFERENCE_MARK.sub("", g)  # "3 (różnica nr 3)": the number, marked as differing
                assert as_number(g)[0] == as_number(w)[0], f"Tabela nr {number}, {want[0]}: {g!r} ≠ {w!r}"


def test_numbers_are_plain_text(doc, body):
    text = " ".join(item[2] for item in body)
    assert "data-id" not in text and "{.val" not in text and "Wyliczenie:" not in text.split("Kontrola")[0]
    assert "930 518,87 zł" in text
    chapter_1 = text[text.index("Praca z rodziną") :]
    # (a number a difference of "Kontrola obliczeń" concerns carries its mark: marks.lua)
    assert re.search(r"objęto 46(\s?\(różnica nr \d+\))? rodzin", chapter_1)
    # every amount stated in the chapters' text, as published (the report may write the
    # grosze the published text left out: 4 000,00 zł for 4000 zł)
    amounts = {as_number(m)[0] for m in re.findall(r"(?<![\d,])\d+(?: \d{3})*(?:,\d{2})? zł", text)}
    for item in PUBLISHED["text"]:
        if item["published"].endswith("zł") and not item.get("absent_in_text"):
            assert as_number(item["published"])[0] in amounts, item["where"]


def test_charts_have_captions_below_and_alt_texts(doc, body, source):
    alts = [words(el.get("descr", "")) for el in doc.element.body.iter(qn("wp:docPr"))]
    assert len(alts) >= 2 and all(alts)
    assert alts == report_ast.image_alts(source)
    # the picture inside each drawing has the same description, not its file's path
    inner = [words(el.get("descr", "")) for el in doc.element.body.iter(qn("pic:cNvPr"))]
    assert inner == alts
    figures = [i for i, item in enumerate(body) if item[:2] == ("p", "CaptionedFigure")]
    assert len(figures) == len(alts)
    for n, i in enumerate(figures, start=1):
        assert body[i + 1][1] == "ImageCaption" and body[i + 1][2].startswith(f"Wykres nr {n}. ")


def test_contents_field_and_page_numbers(doc):
    xml = doc.element.body.xml
    assert re.search(r"<w:instrText[^>]*>\s*TOC \\o", xml), "no table-of-contents field"
    assert "Spis treści" in xml
    section = doc.sections[-1]
    assert section.different_first_page_header_footer  # no header or number on the title page
    footer = section.footer._element.xml
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*<", footer), "no page number in the footer"
    header = section.header._element.xml  # the running title: the document's title property
    assert re.search(r"<w:instrText[^>]*>\s*TITLE\s*<", header) and doc.core_properties.title


def test_contents_open_filled_and_linked_to_the_headings(doc, source):
    """The contents are not an empty field until Word updates it: each heading of levels 1–3
    has its line, in order, linked to the heading's bookmark; the field is still Word's TOC."""
    sdt = next(el for el in doc.element.body.iter(qn("w:sdt")) if el.find(f".//{qn('w:docPartGallery')}") is not None)
    assert "TOC" in "".join(t.text or "" for t in sdt.iter(qn("w:instrText")))
    lines = [
        (p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")), p.find(qn("w:hyperlink")))
        for p in sdt.iter(qn("w:p"))
        if p.find(qn("w:hyperlink")) is not None
    ]
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    expected = [h for h in report_ast.headings(source) if h[0] <= 3]
    assert len(lines) == len(expected) > 20
    assert [int(style.removeprefix("TOC")) for style, _ in lines] == [level for level, _ in expected]
    for (_, link), (_, title) in zip(lines, expected):
        assert link.get(qn("w:anchor")) in bookmarks
        assert words("".join(t.text or "" for t in link.iter(qn("w:t")))).endswith(title)


def test_a_cell_of_several_lines_keeps_its_line_breaks(body):
    """An institution's address and hours, one line each in the HTML and the PDF, are lines
    in Word too, not one run-on line."""
    broken = [
        cell
        for kind, el, _ in body
        if kind == "tbl"
        for cell in el.iter(qn("w:tc"))
        if cell.find(f".//{qn('w:br')}") is not None
    ]
    assert broken, "no table cell of the report has a line break"
    # a break stands in a run, as Word's schema wants it (one outside a run is unreadable content)
    assert all(br.getparent().tag == qn("w:r") for cell in broken for br in cell.iter(qn("w:br")))
    text = "".join(
        "\n" if node.tag == qn("w:br") else (node.text or "")
        for node in broken[0].iter()
        if node.tag in (qn("w:t"), qn("w:br"))
    )
    assert all(line.strip() for line in text.split("\n")), text


def test_word_hyphenates_the_text_but_not_its_headings_title_or_captions(doc):
    """Justified text without hyphenation leaves gaps between words; a heading, the title or a
    caption is never hyphenated (as in the PDF)."""
    settings = doc.settings.element
    assert settings.find(qn("w:autoHyphenation")) is not None
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Table Caption", "Image Caption"):
        ppr = doc.styles[name].element.find(qn("w:pPr"))
        assert ppr is not None and ppr.find(qn("w:suppressAutoHyphens")) is not None, name
    body_ppr = doc.styles["Body Text"].element.find(qn("w:pPr"))
    assert body_ppr is None or body_ppr.find(qn("w:suppressAutoHyphens")) is None
