"""A draft's HTML page (the metadata ``projekt``) printed from Chromium, as a reviewer prints
it: "PROJEKT" at the top of every sheet (report.css's named page) and the full mark on the
first; a final version prints neither. The page is a one-chapter report from the embedded
renderer (a few seconds), long enough for several sheets."""

from __future__ import annotations

import io

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook
from pypdf import PdfReader

from sprawozdanie.render import embedded
from tests.missing_tools import needs
from tests.unit.test_draft_mark import DRAFT, META, PROJEKT, QUARTO

from .test_html_in_chromium import CHROMIUM, browser, open_page  # noqa: F401 - the fixture

pytestmark = needs(CHROMIUM is not None, "Debian's chromium")


def _printed(browser, tmp_path, meta: dict) -> list[str]:  # noqa: F811 - the fixture
    """Each printed sheet's text, spaces as one."""
    chapter = tmp_path / "ch.ipynb"
    text = "Tekst akapitu o pracy z rodziną. " * 400
    nbformat.write(new_notebook(cells=[new_markdown_cell(f"# Rozdział\n\n{text}")]), chapter)
    html = embedded.render(tmp_path, [chapter], QUARTO, {}, meta, ("html",))["html"]
    page, errors = open_page(browser, html.as_uri(), {"width": 1366, "height": 900})
    try:
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.close()
    assert errors == []
    return [" ".join(p.extract_text().replace("\u00a0", " ").split()) for p in pdf.pages]


@pytest.mark.parametrize("draft", [True, False], ids=["draft", "final"])
def test_a_printed_draft_says_so_on_every_sheet(browser, tmp_path, draft):  # noqa: F811 - the fixture
    sheets = _printed(browser, tmp_path, META | DRAFT if draft else META)
    assert len(sheets) >= 3
    if draft:
        assert all(sheet.startswith("PROJEKT") for sheet in sheets), [s[:40] for s in sheets]
        assert " ".join(PROJEKT.replace("\u00a0", " ").split()) in sheets[0]
        assert "Zmiany względem" not in sheets[0]  # a link is no use on paper
    else:
        assert not any("PROJEKT" in sheet for sheet in sheets)
