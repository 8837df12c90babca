"""A draft's mark ("PROJEKT – wersja …", the metadata ``projekt``) from the embedded renderer,
on a one-chapter report rendered twice, as a draft and as the final version (a few seconds):
the PDF prints it on every page as an artifact and moves nothing else, Word has it in every
page header, the HTML page's header shows it with the link to the changes; the final version
shows none of it. (The Quarto path: test_quarto_path.py, test_quarto_typst_book.py.)"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from docx import Document
from nbformat.v4 import new_markdown_cell, new_notebook
from pypdf import PdfReader

from sprawozdanie.render import embedded

PROJEKT = "PROJEKT – wersja 3 z dnia 7\u00a0grudnia 2026\u00a0r."
DRAFT = {"projekt": PROJEKT, "changes-href": "zmiany.html", "changes-label": "Zmiany względem wersji 2"}
META = {
    "title": "Sprawozdanie za rok 2025",
    "subtitle": "wraz z informacją",
    "author": "Ośrodek",
    "date": "marzec 2026",
    "municipality": "Gmina Miejska Mielec",
    "annex-href": "aneks/aneks.html",
    "pdf-href": "report.pdf",
}
QUARTO = {"lang": "pl", "number-sections": True, "format": {t: {"toc": True} for t in ("html", "docx", "typst")}}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The same report as a draft and as the final version: title page, contents and two
    chapters over several pages."""
    tmp = tmp_path_factory.mktemp("draft")
    text = "Tekst akapitu o pracy z rodziną. " * 250
    chapter = tmp / "ch.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell(f"# Rozdział\n\n{text}\n\n# Drugi\n\n{text}")]), chapter)
    out = {}
    for version, meta in (("draft", META | DRAFT), ("final", META)):
        staging = tmp / version
        staging.mkdir()
        out[version] = embedded.render(staging, [chapter], QUARTO, {}, meta, ("html", "pdf", "docx"))
    return out


def _texts(page) -> list[tuple[bool, str, tuple]]:
    """Each text a page shows: whether it is in a PDF artifact, the text, where it stands."""
    stack: list[str] = []
    found: list[tuple[bool, str, tuple]] = []

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t, cm, tm, font, size):
        if t.strip():
            found.append(("/Artifact" in stack, _flat(t), tuple(round(v, 2) for v in (*cm, *tm))))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return found


def test_the_pdf_prints_the_mark_on_every_page_as_an_artifact(rendered):
    pages = PdfReader(rendered["draft"]["pdf"]).pages
    assert len(pages) >= 4  # the title page, the contents, the chapters
    for number, page in enumerate(pages, 1):
        texts = _texts(page)
        assert (True, _flat(PROJEKT)) in {(art, t) for art, t, _ in texts}, f"page {number}"
        assert not [t for art, t, _ in texts if "PROJEKT" in t and not art], f"page {number}: read as content"


def test_the_pdf_s_mark_moves_nothing_and_a_final_version_has_none(rendered):
    draft, final = (PdfReader(rendered[v]["pdf"]).pages for v in ("draft", "final"))
    assert len(draft) == len(final)
    for number, (d, f) in enumerate(zip(draft, final), 1):
        final_texts = _texts(f)
        assert not [t for _, t, _ in final_texts if "PROJEKT" in t]
        # every other text of the page where it stood (the mark's own runs left out)
        assert [x for x in _texts(d) if x[:2] != (True, _flat(PROJEKT))] == final_texts, f"page {number}"


def test_word_has_the_mark_in_every_page_header_the_title_page_s_too(rendered):
    doc = Document(str(rendered["draft"]["docx"]))
    for section in doc.sections:
        assert section.different_first_page_header_footer  # the title page: a header of its own
        for header in (section.first_page_header, section.header):
            mark = header.paragraphs[0]
            assert mark.text == PROJEKT and all(run.bold for run in mark.runs)
    assert "PROJEKT" not in doc.element.body.xml  # a header, not the document's text
    with zipfile.ZipFile(rendered["draft"]["docx"]) as z:  # the HTML's link is no property of the file
        assert not [n for n in z.namelist() if "zmiany.html" in z.read(n).decode("utf-8", "replace")]


def test_a_final_word_document_has_no_mark_and_an_empty_title_page_header(rendered):
    doc = Document(str(rendered["final"]["docx"]))
    for section in doc.sections:
        assert [p.text for p in section.first_page_header.paragraphs] == [""]
        assert not [p.text for p in section.header.paragraphs if "PROJEKT" in p.text]


def _header(html: str) -> str:
    return _flat(re.search(r'<header id="title-block-header">(.*?)</header>', html, re.S).group(1))


def test_the_html_page_s_header_shows_the_mark_and_links_the_changes(rendered):
    header = _header(rendered["draft"]["html"].read_text(encoding="utf-8"))
    assert header.startswith(
        f'<p class="projekt"><strong>{_flat(PROJEKT)}</strong> <a href="zmiany.html">Zmiany względem wersji 2</a></p>'
    )
    final = rendered["final"]["html"].read_text(encoding="utf-8")
    assert 'class="projekt"' not in final and "PROJEKT –" not in final and "zmiany.html" not in final


def test_a_first_draft_has_its_mark_without_a_link(tmp_path):
    chapter = tmp_path / "ch.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Rozdział\n\nTekst.")]), chapter)
    html = embedded.render(tmp_path, [chapter], QUARTO, {}, META | {"projekt": PROJEKT}, ("html",))["html"]
    assert _header(html.read_text(encoding="utf-8")).startswith(
        f'<p class="projekt"><strong>{_flat(PROJEKT)}</strong></p>'
    )


def test_a_draft_s_annex_is_marked_without_its_version_so_that_drafts_share_it(tmp_path, monkeypatch):
    from sprawozdanie import rendering

    given = {}
    monkeypatch.setattr(
        embedded, "render", lambda folder, sources, config, variables, meta, formats: given.update(meta) or {}
    )
    rendering.render_annex(tmp_path / "aneks" / "aneks.qmd", QUARTO, {}, META | DRAFT, ("html",))
    assert given["projekt"] == "PROJEKT – aneks do projektu sprawozdania" and "changes-href" not in given
    later = META | DRAFT | {"projekt": PROJEKT.replace("3", "4"), "changes-label": "Zmiany względem wersji 3"}
    assert rendering.annex_metadata(later) == rendering.annex_metadata(META | DRAFT)
    assert "projekt" not in rendering.annex_metadata(META)  # a final version's annex: no mark


def test_the_sanitising_filter_admits_a_link_to_the_metadata_s_page_of_changes_only(tmp_path):
    """The build's own page of changes (``changes-href``) is the one link besides the report's
    own documents; the same link in a text without that metadata is its text."""
    import subprocess

    import pypandoc

    source = tmp_path / "a.md"
    source.write_text("[Zmiany](/zmiany.html) [Inne](/inne.html)\n", encoding="utf-8")
    sanitize = Path(embedded.__file__).parent / "assets" / embedded.SANITIZE

    def html(*meta: str) -> str:
        cmd = [pypandoc.get_pandoc_path(), str(source), "--to=html", f"--lua-filter={sanitize}", *meta]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    assert html("-M", "changes-href=/zmiany.html") == '<p><a href="/zmiany.html">Zmiany</a> Inne</p>'
    assert html() == "<p>Zmiany Inne</p>"
