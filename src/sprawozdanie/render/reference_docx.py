"""Writes ``assets/reference.docx``, the styles pandoc's docx writer gives ``report.docx``.

Run after changing a style here (python-docx is a dev dependency; the build only reads
the committed file)::

    .venv/bin/python -m sprawozdanie.render.reference_docx

It starts from pandoc's own reference document (so every style pandoc uses exists) and
sets: a title page (Title, Subtitle, Author, Date), headings like the PDF's (never
hyphenated, nor are the title and captions, in a document Word hyphenates), captions
("Tabela nr …" above a table, "Wykres nr …" below a chart, each kept on the page of what
it names), a table style with a bold, ruled header row and smaller type, Polish as the
language, and from the second page on the report's title as running header (Word's TITLE
field: the document property pandoc sets) and page numbers in the footer.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ASSET = Path(__file__).with_name("assets") / "reference.docx"
ACCENT = "0B3C5D"  # the PDF's link and rule colour


def _pandoc_default(dest: Path) -> None:
    import pypandoc

    subprocess.run(
        [pypandoc.get_pandoc_path(), "-o", str(dest), "--print-default-data-file", "reference.docx"], check=True
    )


def _xml(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _border(side: str, size_eighths: int, color: str):
    return _xml(f"w:{side}", val="single", sz=str(size_eighths), space="0", color=color)


def _table_style(style) -> None:
    """Rules under the header row and between rows; the header row bold (pandoc marks it
    as the table's first row and as a header that repeats on each page)."""
    from docx.oxml.ns import qn

    el = style.element
    for old in [*el.findall(qn("w:tblStylePr")), *el.findall(qn("w:rPr"))]:
        el.remove(old)
    tbl_pr = el.find(qn("w:tblPr"))
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = _xml("w:tblBorders")
    borders.append(_border("top", 8, "000000"))
    borders.append(_border("bottom", 8, "000000"))
    borders.append(_border("insideH", 2, "C8C8C8"))
    # the schema's order: borders before the cell margins
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is not None:
        margins.addprevious(borders)
    else:
        tbl_pr.append(borders)
    r_pr = _xml("w:rPr")  # cells in 10 pt
    r_pr.append(_xml("w:sz", val="20"))
    r_pr.append(_xml("w:szCs", val="20"))
    el.insert(list(el).index(tbl_pr), r_pr)
    first = _xml("w:tblStylePr", type="firstRow")
    r_pr = _xml("w:rPr")
    r_pr.append(_xml("w:b"))
    first.append(r_pr)
    tc_pr = _xml("w:tcPr")
    tc_borders = _xml("w:tcBorders")
    tc_borders.append(_border("bottom", 6, "000000"))
    tc_pr.append(tc_borders)
    tc_pr.append(_xml("w:vAlign", val="bottom"))
    first.append(tc_pr)
    el.append(first)


def _field(para, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``, ``TITLE``…) at the end of ``para``; ``shown`` until Word updates it."""
    run = para.add_run()
    run._r.append(_xml("w:fldChar", fldCharType="begin"))
    instr = _xml("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run._r.append(_xml("w:fldChar", fldCharType="separate"))
    para.add_run(shown)
    para.add_run()._r.append(_xml("w:fldChar", fldCharType="end"))


def _header_and_footer(section) -> None:
    """The title as running header over a rule, the page number centred in the footer; the
    first page (the title page) has neither, but a header of its own, empty, in which a draft
    gets its mark as every other page does (docx_finish.py)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header part of its own
    header = section.header.paragraphs[0]
    _field(header, "TITLE", "")
    for run in header.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x50, 0x50, 0x50)
    p_pr = header._p.get_or_add_pPr()
    rule = _xml("w:pBdr")
    rule.append(_border("bottom", 4, "A0A0A0"))
    p_pr.append(rule)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


# Word's default theme font (Aptos, from 2023) is missing from older Word and from LibreOffice,
# which then set the text in a font of other widths (justified lines gape). Times New Roman is in
# every Word and Windows, and LibreOffice sets it in the metric-compatible Liberation Serif; it is
# a serif like the PDF's.
THEME_FONT = "Times New Roman"
THEME_PANOSE = "02020603050405020304"  # Times New Roman's PANOSE class (a serif), not Aptos's


def _theme_fonts(doc, font: str) -> None:
    """The theme's heading and body fonts (``a:majorFont``, ``a:minorFont``) set to ``font``."""
    import re

    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            xml = re.sub(
                r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"(?: panose="[^"]*")?',
                rf'\g<1>{font}" panose="{THEME_PANOSE}"',
                xml,
            )
            part._blob = xml.encode("utf-8")  # a theme is a plain part: python-docx keeps its bytes


def _contents_styles(doc, text_width) -> None:
    """The contents' lines (``TOC1``–``TOC3``, Word's "toc 1"–"toc 3"), each level indented
    further, with a dotted tab to the page number Word writes when it updates the contents.
    Without them Word uses its built-in ones but LibreOffice sets every level flush left."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    for level in (1, 2, 3):
        style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.element.attrib.pop(qn("w:customStyle"), None)  # Word's own style, restyled
        style.base_style = doc.styles["Normal"]
        fmt = style.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_before = Pt(4 if level == 1 else 0)
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _defaults(doc, lang: str, half_points: int) -> None:
    """Language and type size of the whole document. The size is a default, not the Normal
    style's, so that the table style's smaller size reaches the cells (a paragraph style's
    size would outrank the table style's)."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for el in defaults.iter(qn("w:lang")):
        el.set(qn("w:val"), lang)
    for tag in ("w:sz", "w:szCs"):
        for el in defaults.iter(qn(tag)):
            el.set(qn("w:val"), str(half_points))


# What follows w:suppressAutoHyphens in a paragraph's properties (ECMA-376, CT_PPrBase).
_AFTER_SUPPRESS_HYPHENS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _unhyphenated(style) -> None:
    """A title, heading or caption is never hyphenated, though the document is (docx_finish)."""
    ppr = style.element.get_or_add_pPr()
    ppr.insert_element_before(_xml("w:suppressAutoHyphens"), *_AFTER_SUPPRESS_HYPHENS)


def build(dest: Path = ASSET) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "default.docx"
        _pandoc_default(base)
        doc = Document(str(base))
    styles = doc.styles
    accent = RGBColor.from_string(ACCENT)
    _defaults(doc, "pl-PL", 22)  # 11 pt
    _theme_fonts(doc, THEME_FONT)

    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name in ("Body Text", "First Paragraph"):  # a little space above: a text after a table
        styles[name].paragraph_format.space_before = Pt(3)
        styles[name].paragraph_format.space_after = Pt(5)
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # Title page: the PDF's order and weight; the contents start on a page of their own.
    for name, size, space_before, bold, italic in (
        ("Title", 22, 110, True, False),
        ("Subtitle", 13, 10, False, True),
        ("Author", 12, 150, False, False),
        ("Date", 12, 6, False, False),
    ):
        st = styles[name]
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        st.font.color.rgb = accent if name == "Title" else RGBColor(0, 0, 0)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        st.paragraph_format.space_before = Pt(space_before)
        st.paragraph_format.space_after = Pt(6)
    toc_heading = styles["TOC Heading"]
    toc_heading.paragraph_format.page_break_before = True

    _contents_styles(doc, Cm(21 - 2 * 2.4))

    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        st = styles[f"Heading {level}"]
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = accent
        st.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True

    caption = next(s for s in styles if s.style_id == "Caption")  # Word's built-in "caption"
    caption.font.italic = False
    caption.font.bold = True
    caption.font.size = Pt(10)
    table_caption = styles["Table Caption"]  # above its table: kept with it
    table_caption.paragraph_format.keep_with_next = True
    table_caption.paragraph_format.space_before = Pt(8)
    table_caption.paragraph_format.space_after = Pt(4)
    image_caption = styles["Image Caption"]  # below its chart
    image_caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    image_caption.paragraph_format.space_after = Pt(10)
    figure = styles["Captioned Figure"]  # the chart stays on the page of its caption
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Compact"].paragraph_format.space_after = Pt(2)  # table cells and tight lists

    _table_style(styles["Table"])
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Table Caption", "Image Caption"):
        _unhyphenated(styles[name])
    _unhyphenated(caption)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
    _header_and_footer(section)

    dest.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    doc.save(str(dest))
    return dest


if __name__ == "__main__":  # pragma: no cover
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ASSET))
