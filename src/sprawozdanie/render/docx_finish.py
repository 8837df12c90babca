"""What pandoc's Word writer cannot put in the report, added to its ``word/document.xml``:

- the contents written out (``docx_contents``);
- captions numbered by Word's own caption fields: "Tabela nr 3." keeps its text, and its
  number becomes a ``SEQ Tabela`` field whose result is that number, as Word's "Wstaw
  podpis" writes it, so Word's list of tables and figures finds the captions and renumbers
  them if the office inserts a table;
- the municipality's name on the title page, above the title, as the PDF has it (pandoc's
  title block has only title, subtitle, author and date).

The document is pandoc's own output, so its XML is read by pattern, not parsed.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from .docx_contents import with_contents

DOCUMENT = "word/document.xml"
# A caption paragraph's first text run: its label ("Tabela nr "), number and the rest.
CAPTION = re.compile(
    r'(?P<head><w:pStyle w:val="(?:Table|Image)Caption" />\s*</w:pPr>)\s*'
    r'<w:r>(?P<props><w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?<w:t xml:space="preserve">'
    r"(?P<label>[^<\d]*?\s)(?P<number>\d+)(?P<rest>[^<]*)</w:t></w:r>",
    re.S,
)
TITLE = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Title" />')


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


def finish(docx: Path, municipality: str = "", contents: bool = True) -> None:
    """Rewrite ``docx`` in place with its contents written out (``contents``), its captions
    numbered by fields and the municipality on its title page."""
    with zipfile.ZipFile(docx) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    scratch = docx.with_suffix(".tmp")
    with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == DOCUMENT:
                text = with_caption_fields(data.decode("utf-8"))
                text = with_municipality(with_contents(text) if contents else text, municipality)
                data = text.encode("utf-8")
            out.writestr(info, data)
    scratch.replace(docx)
