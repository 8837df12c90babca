"""What pandoc's Word writer cannot put in the report, added to its ``word/document.xml``:

- the title's year kept with the word before it, and the author named "Opracowanie: …";
- every table row kept on one page, and a paragraph ending with a colon kept with what follows;
- a hyphen kept on its line ("39-300") as Word's non-breaking hyphen;
- each picture described by its alt text, also inside the drawing (pandoc puts the file's path there);
- Word's automatic hyphenation on (``word/settings.xml``), as justified text needs it;
- headings' numbers with their final dot ("1.", "1.2.1."), as the printed report has them
  (pandoc writes "1", "1.2.1");
- the contents written out (``docx_contents``);
- captions numbered by Word's own caption fields: "Tabela nr 3." keeps its text, and its
  number becomes a ``SEQ Tabela`` field whose result is that number, as Word's "Wstaw
  podpis" writes it, so Word's list of tables and figures finds the captions and renumbers
  them if the office inserts a table;
- the municipality's name on the title page, above the title, as the PDF has it (pandoc's
  title block has only title, subtitle, author and date);
- a draft's mark ("PROJEKT – wersja …") as the first line of every page header (the reference
  document gives the title page a header of its own, empty in a final version): Word keeps
  headers apart from the document's text, as the PDF keeps its mark an artifact.

The document is pandoc's own output, so its XML is read by pattern, not parsed.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from .docx_contents import TEXT, with_contents

DOCUMENT = "word/document.xml"
# A caption paragraph's first text run: its label ("Tabela nr "), number and the rest.
CAPTION = re.compile(
    r'(?P<head><w:pStyle w:val="(?:Table|Image)Caption" />\s*</w:pPr>)\s*'
    r'<w:r>(?P<props><w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?<w:t xml:space="preserve">'
    r"(?P<label>[^<\d]*?\s)(?P<number>\d+)(?P<rest>[^<]*)</w:t></w:r>",
    re.S,
)
TITLE = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Title" />')
HEADER_PART = re.compile(r"word/header\d*\.xml")  # every page header the document's sections use
HEADER_START = re.compile(r"<w:hdr\b[^>]*>")


# A heading's number, in the run pandoc styles SectionNumber.
SECTION_NUMBER = re.compile(
    r'(<w:rStyle w:val="SectionNumber" />\s*</w:rPr>\s*<w:t(?: [^>]*)?>)(\d+(?:\.\d+)*)(</w:t>)'
)


def with_dotted_numbers(document: str) -> str:
    """Each heading's number ended by a dot, as Polish documents number them.

    >>> with_dotted_numbers('<w:rPr><w:rStyle w:val="SectionNumber" /></w:rPr><w:t xml:space="preserve">1.2</w:t>')
    '<w:rPr><w:rStyle w:val="SectionNumber" /></w:rPr><w:t xml:space="preserve">1.2.</w:t>'
    """
    return SECTION_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}.{m.group(3)}", document)


TITLE_YEAR = re.compile(r'(<w:pStyle w:val="Title" />(?:(?!</w:p>).)*?) (\d{4})(</w:t>)', re.S)


def with_title_year_kept(document: str) -> str:
    """The title's year stays with the word before it ("za rok 2025"), not alone on a line; the
    document's title property keeps its plain space.

    >>> with_title_year_kept('<w:pStyle w:val="Title" /></w:pPr><w:r><w:t>Za rok 2025</w:t></w:r></w:p>')
    '<w:pStyle w:val="Title" /></w:pPr><w:r><w:t>Za rok\xa02025</w:t></w:r></w:p>'
    """
    return TITLE_YEAR.sub(lambda m: f"{m.group(1)}\u00a0{m.group(2)}{m.group(3)}", document, count=1)


def _run(props: str, body: str) -> str:
    return f"<w:r>{props}{body}</w:r>"


def with_caption_fields(document: str) -> str:
    """Each caption's number as a SEQ field named by its label's first word (arabic numerals
    are the field's default, so no switch is written).

    >>> doc = ('<w:p><w:pPr><w:pStyle w:val="TableCaption" /></w:pPr><w:r><w:t xml:space="preserve">'
    ...        'Tabela nr 12. Placówki</w:t></w:r></w:p>')
    >>> out = with_caption_fields(doc)
    >>> "SEQ Tabela " in out, re.sub(r"<[^>]+>", "", out)
    (True, 'Tabela nr  SEQ Tabela 12. Placówki')
    """

    def field(m: re.Match) -> str:
        props = m.group("props") or ""
        name = re.sub(r"\W", "", m.group("label").split()[0]) or "Tabela"
        return (
            m.group("head")
            + _run(props, f'<w:t xml:space="preserve">{m.group("label")}</w:t>')
            + _run(props, '<w:fldChar w:fldCharType="begin" />')
            + _run(props, f'<w:instrText xml:space="preserve"> SEQ {name} </w:instrText>')
            + _run(props, '<w:fldChar w:fldCharType="separate" />')
            + _run(props, f"<w:t>{m.group('number')}</w:t>")
            + _run(props, '<w:fldChar w:fldCharType="end" />')
            + _run(props, f'<w:t xml:space="preserve">{m.group("rest")}</w:t>')
        )

    return CAPTION.sub(field, document)


def with_municipality(document: str, municipality: str) -> str:
    """The municipality's name, in capitals, in a paragraph of its own before the title.

    >>> out = with_municipality('<w:body><w:p><w:pPr><w:pStyle w:val="Title" /></w:pPr></w:p>', "Gmina A & B")
    >>> out.index("Gmina A &amp; B") < out.index('w:val="Title"'), "<w:caps />" in out
    (True, True)
    """
    if not municipality.strip():
        return document
    line = (
        '<w:p><w:pPr><w:pStyle w:val="Subtitle" /><w:spacing w:after="480" /></w:pPr>'
        f'<w:r><w:rPr><w:i w:val="0" /><w:caps /></w:rPr><w:t>{html.escape(municipality.strip(), quote=False)}</w:t></w:r></w:p>'
    )
    return TITLE.sub(lambda m: line + m.group(0), document, count=1)


AUTHOR = re.compile(
    r'(<w:pStyle w:val="Author" />\s*</w:pPr>\s*<w:r>(?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?<w:t(?: [^>]*)?>)', re.S
)


def with_author_named(document: str) -> str:
    """The title page's author as the PDF names it, "Opracowanie: …" (the document's author
    property keeps the name alone).

    >>> with_author_named('<w:pPr><w:pStyle w:val="Author" /></w:pPr><w:r><w:t xml:space="preserve">MOPS</w:t></w:r>')
    '<w:pPr><w:pStyle w:val="Author" /></w:pPr><w:r><w:t xml:space="preserve">Opracowanie: MOPS</w:t></w:r>'
    """
    return AUTHOR.sub(lambda m: m.group(1) + "Opracowanie: ", document, count=1)


def with_draft_mark(header: str, projekt: str) -> str:
    """A page header's XML with the draft's mark as its first paragraph: bold, dark red, in a
    box (not by colour alone), centred; unchanged when there is no mark.

    >>> out = with_draft_mark('<w:hdr xmlns:w="w"><w:p /></w:hdr>', "PROJEKT – wersja 2 <a>")
    >>> out.index("PROJEKT – wersja 2 &lt;a&gt;") < out.index("<w:p />"), "<w:b />" in out
    (True, True)
    >>> with_draft_mark("<w:hdr><w:p /></w:hdr>", " ")
    '<w:hdr><w:p /></w:hdr>'
    """
    if not projekt.strip():
        return header
    box = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="2" w:color="8A1C1C" />' for side in ("top", "left", "bottom", "right"))  # fmt: skip
    mark = (
        f'<w:p><w:pPr><w:pStyle w:val="Header" /><w:pBdr>{box}</w:pBdr><w:spacing w:after="120" />'
        '<w:jc w:val="center" /></w:pPr><w:r><w:rPr><w:b /><w:color w:val="8A1C1C" /><w:sz w:val="18" /></w:rPr>'
        f'<w:t xml:space="preserve">{html.escape(projekt.strip(), quote=False)}</w:t></w:r></w:p>'
    )
    return HEADER_START.sub(lambda m: m.group(0) + mark, header, count=1)


def _rewrite(docx: Path, change) -> None:
    """Rewrite ``docx`` in place: an XML part for which ``change(name, text)`` returns text
    becomes that text (``None``: the part stays as it is)."""
    with zipfile.ZipFile(docx) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    scratch = docx.with_suffix(".tmp")
    with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            changed = change(info.filename, data.decode("utf-8")) if info.filename.endswith(".xml") else None
            out.writestr(info, data if changed is None else changed.encode("utf-8"))
    scratch.replace(docx)


SETTINGS = "word/settings.xml"
DEFAULT_TAB_STOP = re.compile(r"(<w:defaultTabStop [^>]*/>)")


def with_hyphenation(settings: str) -> str:
    """Word's automatic hyphenation on (in the document's language, Polish): justified text
    without it leaves gaps between words ("Na    dzień     31 grudnia"). Headings, the title and
    captions keep it off (reference.docx). The setting follows w:defaultTabStop (ECMA-376's order).

    >>> with_hyphenation('<w:settings><w:defaultTabStop w:val="720" /><w:x /></w:settings>')
    '<w:settings><w:defaultTabStop w:val="720" /><w:autoHyphenation /><w:x /></w:settings>'
    """
    if "<w:autoHyphenation" in settings:
        return settings
    return DEFAULT_TAB_STOP.sub(r"\1<w:autoHyphenation />", settings, count=1)


def _with_property(xml: str, head: re.Match, block: str, prop: str) -> str:
    """``xml`` (an element) with ``prop`` first in its properties' ``block`` ("w:trPr", "w:pPr").
    ``head``: group 1 the element's start tag and the space after it; group 2 the block's empty
    tag, or its start tag with what must stay before ``prop`` (a paragraph's style), or None."""
    props = head.group(2)
    if props is None:  # no properties: a block of its own
        return xml[: head.end(1)] + f"<{block}>{prop}</{block}>" + xml[head.end(1) :]
    if props.startswith(f"<{block}>"):
        return xml[: head.end(2)] + prop + xml[head.end(2) :]
    return xml[: head.start(2)] + f"<{block}>{prop}</{block}>" + xml[head.end(2) :]  # an empty block, filled


ROW = re.compile(r"<w:tr\b[^>]*>(?:(?!</w:tr>).)*</w:tr>", re.S)
ROW_HEAD = re.compile(r"(<w:tr\b[^>]*>\s*)(<w:trPr\s*/>|<w:trPr>)?")
TALL_ROW = 1500  # characters: a row longer may be taller than a page, which Word cannot move whole


def with_rows_kept(document: str) -> str:
    """A table row on one page: Word moves a row that does not fit whole to the next page, as
    the PDF does (typst-layout.lua), instead of leaving its last words alone at a page's top;
    a row that may be taller than a page is left to break, as the PDF leaves it.

    >>> with_rows_kept("<w:tr><w:tc/></w:tr><w:tr><w:trPr><w:tblHeader /></w:trPr></w:tr>")
    '<w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr>'
    >>> with_rows_kept('<w:tr w:rsidR="1"><w:trPr /><w:tc/></w:tr>')
    '<w:tr w:rsidR="1"><w:trPr><w:cantSplit /></w:trPr><w:tc/></w:tr>'
    """

    def keep(m: re.Match) -> str:
        row = m.group(0)
        if "<w:cantSplit" in row or len("".join(TEXT.findall(row))) > TALL_ROW:
            return row
        return _with_property(row, ROW_HEAD.match(row), "w:trPr", "<w:cantSplit />")

    return ROW.sub(keep, document)


PARAGRAPH = re.compile(r"<w:p\b[^>]*>(?:(?!</w:p>).)*</w:p>", re.S)
PARAGRAPH_HEAD = re.compile(r"(<w:p\b[^>]*>\s*)(<w:pPr\s*/>|<w:pPr>(?:\s*<w:pStyle [^>]*/>)?)?")
LEADS_IN = re.compile(r":</w:t>\s*</w:r>\s*</w:p>$")
TABLE_TAG = re.compile(r"<w:tbl>|</w:tbl>")


def _outside_tables(document: str, change) -> str:
    """``document`` with ``change`` applied to its text outside every table (tables may nest:
    pandoc puts a grid table inside a cell)."""
    out, depth, last = [], 0, 0
    for tag in TABLE_TAG.finditer(document):
        if depth == 0:
            out.append(change(document[last : tag.start()]))
            last = tag.start()
        depth += 1 if tag.group(0) == "<w:tbl>" else -1
        if depth == 0:
            out.append(document[last : tag.end()])
            last = tag.end()
    out.append(change(document[last:]) if depth == 0 else document[last:])
    return "".join(out)


def with_lead_ins_kept(document: str) -> str:
    """A paragraph whose last text run ends with a colon, outside tables, stays on the page of
    what it introduces (a list or a table): Word's "keep with next", after the paragraph's
    style, as ECMA-376 orders a paragraph's properties.

    >>> with_lead_ins_kept('<w:p><w:pPr><w:pStyle w:val="BodyText" /></w:pPr><w:r><w:t>Potrzeby:</w:t></w:r></w:p>')
    '<w:p><w:pPr><w:pStyle w:val="BodyText" /><w:keepNext /></w:pPr><w:r><w:t>Potrzeby:</w:t></w:r></w:p>'
    >>> with_lead_ins_kept("<w:p><w:r><w:t>Tak:</w:t></w:r></w:p><w:p><w:r><w:t>Nie.</w:t></w:r></w:p>")
    '<w:p><w:pPr><w:keepNext /></w:pPr><w:r><w:t>Tak:</w:t></w:r></w:p><w:p><w:r><w:t>Nie.</w:t></w:r></w:p>'
    >>> with_lead_ins_kept('<w:p>\\n  <w:pPr />\\n  <w:r><w:t>Tytuł:</w:t></w:r></w:p>')
    '<w:p>\\n  <w:pPr><w:keepNext /></w:pPr>\\n  <w:r><w:t>Tytuł:</w:t></w:r></w:p>'
    >>> cell = "<w:tbl><w:tr><w:tc><w:tbl></w:tbl><w:p><w:r><w:t>piątek:</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    >>> with_lead_ins_kept(cell) == cell
    True
    """

    def keep(m: re.Match) -> str:
        p = m.group(0)
        if not LEADS_IN.search(p) or "<w:keepNext" in p:
            return p
        return _with_property(p, PARAGRAPH_HEAD.match(p), "w:pPr", "<w:keepNext />")  # after the style, if any

    return _outside_tables(document, lambda part: PARAGRAPH.sub(keep, part))


# A hyphen the report's text keeps on its line is followed by a word joiner ("39-\u2060300",
# "3-\u2060letnich"; fmt.bind_polish, present/text.py): LibreOffice still breaks after the hyphen,
# so Word's own non-breaking hyphen takes its place.
KEPT_HYPHEN = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*?)-\u2060([^<]*)(</w:t>)")


def with_hyphens_kept(document: str) -> str:
    """Each "-" + word joiner in a run's text a ``w:noBreakHyphen``, the run's text split round it.

    >>> with_hyphens_kept('<w:r><w:t>39-\u2060300 Mielec, 3-\u2060letni</w:t></w:r>')
    '<w:r><w:t>39</w:t><w:noBreakHyphen/><w:t xml:space="preserve">300 Mielec, 3</w:t><w:noBreakHyphen/><w:t xml:space="preserve">letni</w:t></w:r>'
    """
    before = None
    while before != document:
        before = document
        document = KEPT_HYPHEN.sub(
            lambda m: (
                f'{m.group(1)}{m.group(2)}</w:t><w:noBreakHyphen/><w:t xml:space="preserve">{m.group(3)}{m.group(4)}'
            ),
            document,
        )
    return document


# A picture's description: pandoc writes its alt text on the drawing (wp:docPr) and the
# file's path on the picture inside it (pic:cNvPr), which some readers announce instead.
DRAWING = re.compile(r"<w:drawing>(?:(?!</w:drawing>).)*</w:drawing>", re.S)
DOC_DESCRIPTION = re.compile(r'<wp:docPr\b[^>]*\bdescr="([^"]*)"')
PICTURE_DESCRIPTION = re.compile(r'(<pic:cNvPr\b[^>]*\bdescr=")[^"]*(")')


def with_picture_descriptions(document: str) -> str:
    """Each picture described by its drawing's alt text, not by its file's path.

    >>> with_picture_descriptions('<w:drawing><wp:docPr descr="Wykres" id="1" /><pic:cNvPr descr="media/f.png" id="2" /></w:drawing>')
    '<w:drawing><wp:docPr descr="Wykres" id="1" /><pic:cNvPr descr="Wykres" id="2" /></w:drawing>'
    """

    def described(m: re.Match) -> str:
        alt = DOC_DESCRIPTION.search(m.group(0))
        if not alt:
            return m.group(0)
        return PICTURE_DESCRIPTION.sub(lambda p: p.group(1) + alt.group(1) + p.group(2), m.group(0))

    return DRAWING.sub(described, document)


def finish(docx: Path, municipality: str = "", contents: bool = True, projekt: str = "", captions: bool = True) -> None:
    """Rewrite ``docx`` in place with its contents written out (``contents``), its captions
    numbered by fields (``captions``: not for the Quarto path's book, whose captions are numbered
    by chapter, "Tabela nr 3.2", which one SEQ field cannot hold), the municipality on its title
    page, "Opracowanie:" before the author, each table row kept on one page and each lead-in
    with what it introduces, and a draft's mark (``projekt``) in its page headers. Both renderers' Word files are
    pandoc's writer's, so the same patterns apply; a pattern that finds nothing changes nothing."""

    def change(name: str, text: str) -> str | None:
        if name == DOCUMENT:
            text = with_title_year_kept(with_dotted_numbers(with_caption_fields(text) if captions else text))
            text = with_lead_ins_kept(with_rows_kept(with_author_named(with_picture_descriptions(text))))
            # last: the contents read the headings' text, which a w:noBreakHyphen would cut
            return with_hyphens_kept(with_municipality(with_contents(text) if contents else text, municipality))
        if name == SETTINGS:
            return with_hyphenation(text)
        return with_draft_mark(text, projekt) if HEADER_PART.fullmatch(name) else None

    _rewrite(docx, change)
