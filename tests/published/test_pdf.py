"""The printed report: pages, title page, contents, running header, fonts, typesetting."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.artefacts import artefact_dir
from tests.missing_tools import needs


@pytest.fixture(scope="module")
def pdf(built_2025):
    return PdfReader(built_2025["pdf"])


@pytest.fixture(scope="module")
def pages(pdf):
    return [p.extract_text().replace("\u00a0", " ") for p in pdf.pages]


def test_page_count_and_text(pages):
    assert 8 <= len(pages) <= 150
    assert all(len(p.strip()) > 20 for p in pages), "a page without extractable text"


def test_title_page(pages):
    first = " ".join(pages[0].split())
    assert "GMINA MIEJSKA MIELEC" in first
    assert "Sprawozdanie z realizacji zadań z zakresu wspierania rodziny za rok 2025" in first
    assert "Opracowanie: Miejski Ośrodek Pomocy Społecznej w Mielcu" in first and "marzec 2026" in first


def test_contents_with_page_numbers(pages):
    assert "Spis treści" in pages[1]
    toc = "\n".join(p for p in pages[1:8] if re.search(r"\. \. \.", p))  # the contents may take several pages
    assert re.search(r"Praca z rodziną[\s.]*\d+", toc)
    assert re.search(r"Kontrola obliczeń[\s.]*\d+", toc)


def test_running_header_and_page_numbers(pages):
    # a draft's mark ("PROJEKT – wersja …", a page artifact drawn last) is read after the page's text
    unmarked = ["\n".join(line for line in p.strip().splitlines() if not line.startswith("PROJEKT")) for p in pages]
    body = [p for p in unmarked[2:] if not re.search(r"\. \. \. \.", p)]  # after the contents
    assert all("Sprawozdanie z realizacji zadań" in p.splitlines()[0] for p in body[1:])
    numbers = [int(p.splitlines()[-1]) for p in body if p.splitlines()[-1].strip().isdigit()]
    assert numbers[:3] == [1, 2, 3]
    assert all(p.strip().splitlines()[-1].startswith("PROJEKT – wersja nr 1 z dnia") for p in pages)  # a draft


def test_fonts_are_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object()
            fonts[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


def test_no_one_letter_word_ends_a_line(pages):
    offenders = [
        line for p in pages[2:] for line in p.splitlines() if re.search(r"(?:^|\s)[aiouwzAIOUWZ]$", line.strip())
    ]
    assert offenders == []


@needs(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm)")
def test_pages_as_images_for_reviewers(built_2025, pdf):
    out = artefact_dir("pdf")
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(built_2025["pdf"]), str(out / "page")], check=True)
    assert len(list(out.glob("page-*.png"))) == len(pdf.pages)
