"""The Word report's table of contents, written out.

pandoc writes the contents as an empty TOC field that Word fills when it updates fields, so
the document opens with "Spis treści" and nothing under it in a viewer that does not (and in
Word until then). Here the field is given its result: one linked line per heading of levels
1–3, in order, with its number, as Word itself writes a TOC before the page numbers are known.
The field stays a field (marked dirty, as pandoc marks it): Word replaces the lines with its
own, page numbers included, when it updates the document's fields.

The document is pandoc's own output, so its XML is read by pattern, not parsed: a heading is a
paragraph of style ``Heading1``–``Heading3`` with the bookmark pandoc puts just before it.
"""

from __future__ import annotations

import html
import re

HEADING = re.compile(
    r'<w:bookmarkStart w:id="\d+" w:name="(?P<anchor>[^"]+)" />\s*'
    r'<w:p><w:pPr><w:pStyle w:val="Heading(?P<level>[1-3])" />.*?</w:pPr>(?P<body>.*?)</w:p>',
    re.S,
)
TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab />")
# pandoc's TOC field: begin, instruction, separate and end in one run of one paragraph
EMPTY_FIELD = re.compile(r'(<w:fldChar w:fldCharType="separate" />)(<w:fldChar w:fldCharType="end" />)(</w:r></w:p>)')


def headings(document: str) -> list[tuple[int, str, str]]:
    """(level, bookmark, text) of each heading, the number and title parted by a space.

    >>> doc = ('<w:bookmarkStart w:id="1" w:name="sec-a" /><w:p><w:pPr><w:pStyle w:val="Heading2" />'
    ...        '</w:pPr><w:r><w:t xml:space="preserve">1.1</w:t></w:r><w:r><w:tab /></w:r>'
    ...        '<w:r><w:t>Zespół &amp; asysta</w:t></w:r></w:p>')
    >>> headings(doc)
    [(2, 'sec-a', '1.1 Zespół & asysta')]
    """
    found = []
    for m in HEADING.finditer(document):
        text = "".join(t.group(1) if t.group(1) is not None else " " for t in TEXT.finditer(m.group("body")))
        found.append((int(m.group("level")), m.group("anchor"), html.unescape(" ".join(text.split()))))
    return found


def _line(level: int, anchor: str, text: str) -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="TOC{level}" /></w:pPr><w:hyperlink w:anchor="{html.escape(anchor)}" '
        f'w:history="1"><w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'
        f"</w:hyperlink></w:p>"
    )


def with_contents(document: str) -> str:
    """The document with its TOC field's result written out (unchanged if it has no such field).

    >>> doc = ('<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /><w:instrText>TOC</w:instrText>'
    ...        '<w:fldChar w:fldCharType="separate" /><w:fldChar w:fldCharType="end" /></w:r></w:p>'
    ...        '<w:bookmarkStart w:id="1" w:name="wstep" /><w:p><w:pPr><w:pStyle w:val="Heading1" /></w:pPr>'
    ...        '<w:r><w:t>Wstęp</w:t></w:r></w:p>')
    >>> out = with_contents(doc)
    >>> out.count('w:anchor="wstep"'), out.index('fldCharType="separate"') < out.index("TOC1") < out.index('"end"')
    (1, True)
    """
    lines = "".join(_line(*h) for h in headings(document))
    if not lines:
        return document
    return EMPTY_FIELD.sub(
        lambda m: f"{m.group(1)}{m.group(3)}{lines}<w:p><w:r>{m.group(2)}</w:r></w:p>", document, count=1
    )
