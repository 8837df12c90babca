"""Word and PDF/UA from the embedded renderer, on a one-chapter report (a few seconds):
alt texts reach both formats verbatim, values print as plain text, and the committed
reference document is the one its script writes."""

from __future__ import annotations

import io
import zipfile

import nbformat
import pytest
from docx import Document
from docx.oxml.ns import qn
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from sprawozdanie.render import embedded, reference_docx

# Quotes, a backslash and Typst/Markdown markup: all must stay text.
ALT = 'Wykres "słupkowy" \\ #strong[x] *y* $z$ – 3 słupki'
QUARTO = {
    "lang": "pl",
    "execute": {"echo": False},
    "crossref": {"tbl-title": "Tabela nr", "fig-title": "Wykres nr", "title-delim": "."},
    "format": {"docx": {"toc": True}, "typst": {"toc": True}},
}


def _png() -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buf, format="PNG")
    import base64

    return base64.b64encode(buf.getvalue()).decode()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    cells = [
        new_markdown_cell(
            '# Rozdział\n\nWsparciem objęto [46]{.val data-id="family_assistance.families" '
            'title="Rodziny. Wyliczenie: liczba. Źródło: plik"} rodzin.'
        ),
        new_code_cell(
            '#| label: tbl-a\n#| tbl-cap: "Rodziny"\nshow()',
            outputs=[
                new_output(
                    "display_data", data={"text/markdown": "| Wyszczególnienie | Liczba |\n|---|--:|\n| a | 1 |"}
                )
            ],
        ),
        new_code_cell(
            f"#| label: fig-a\n#| fig-cap: \"Rodziny w latach\"\n#| fig-alt: '{ALT}'\nplot()",
            outputs=[new_output("display_data", data={"image/png": _png()})],
        ),
    ]
    chapter = tmp / "ch.ipynb"
    nbformat.write(new_notebook(cells=cells), chapter)
    staging = tmp / "staging"
    staging.mkdir()
    meta = {
        "title": "Sprawozdanie za rok 2025",
        "subtitle": "wraz z informacją",
        "author": "Ośrodek",
        "date": "marzec 2026",
        "municipality": "Gmina Miejska Mielec",
    }
    return embedded.render(staging, [chapter], QUARTO, {}, meta, ("pdf", "docx"))


def test_pdf_is_pdf_ua_with_the_alt_text_verbatim(rendered):
    reader = PdfReader(rendered["pdf"])
    root = reader.trailer["/Root"]
    assert b"pdfuaid:part>1<" in root["/Metadata"].get_object().get_data()
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    assert [str(f["/Alt"]).replace("\u00a0", " ") for f in figures] == [ALT]


def test_docx_alt_text_caption_and_plain_value(rendered):
    doc = Document(str(rendered["docx"]))
    descr = [el.get("descr") for el in doc.element.body.iter(qn("wp:docPr"))]
    assert [d.replace("\u00a0", " ") for d in descr] == [ALT]
    texts = [(p.style.name, p.text.replace("\u00a0", " ")) for p in doc.paragraphs]
    assert ("Image Caption", "Wykres nr 1. Rodziny w latach") in texts
    assert ("Table Caption", "Tabela nr 1. Rodziny") in texts
    assert any(t == "Wsparciem objęto 46 rodzin." for _, t in texts)
    assert "Wyliczenie" not in doc.element.body.xml  # the HTML's tooltip is not carried over
    assert len(doc.tables) == 1


def test_docx_captions_are_word_caption_fields_and_the_title_page_names_the_municipality(rendered):
    """Word's list of tables finds a caption by its SEQ field; the field's result is the
    number the text cites, so the caption reads the same before and after Word updates it."""
    doc = Document(str(rendered["docx"]))
    fields = [t.text.strip() for t in doc.element.body.iter(qn("w:instrText"))]
    assert "SEQ Tabela" in fields and "SEQ Wykres" in fields
    first = [(p.style.name, p.text) for p in doc.paragraphs[:2]]
    assert first[0][1] == "Gmina Miejska Mielec" and first[1][0] == "Title"
    assert doc.paragraphs[0].runs[0].font.all_caps


def test_the_reference_document_is_what_its_script_writes(tmp_path):
    """Edit styles in render/reference_docx.py and rerun it; never the .docx by hand."""
    fresh = reference_docx.build(tmp_path / "reference.docx")

    def parts(path):
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n.startswith("word/")}

    assert parts(fresh) == parts(reference_docx.ASSET)
