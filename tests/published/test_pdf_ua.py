"""The printed report as PDF/UA-1: identified as such, tagged, titled, in Polish, every
chart with its alt text, tables with header cells, bookmarks. (Typst refuses to write a
PDF/UA document that breaks the rules it checks; veraPDF checks the rest, see docs/rendering.md.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from tests.published import report_ast
from tests.published.report_ast import words

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"


@pytest.fixture(scope="module")
def reader(built_2025):
    return PdfReader(built_2025["pdf"])


@pytest.fixture(scope="module")
def catalog(reader):
    return reader.trailer["/Root"]


def _elements(node, found: list) -> list:
    """Every structure element under ``node`` (a /StructTreeRoot's /K), depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _elements(kid, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            _elements(node["/K"], found)
    return found


@pytest.fixture(scope="module")
def source(built_2025):
    return report_ast.load(built_2025["project"].output_dir(2025) / "report.md")


@pytest.fixture(scope="module")
def elements(catalog):
    return _elements(catalog["/StructTreeRoot"].get_object()["/K"], [])


def test_identified_as_pdf_ua_1_in_xmp(catalog):
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    root = ET.fromstring(xmp[xmp.index("<x:xmpmeta") : xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
    parts = [el.text for el in root.iter(f"{{{PDFUA_NS}}}part")]
    parts += [v for el in root.iter() for k, v in el.attrib.items() if k == f"{{{PDFUA_NS}}}part"]
    assert parts == ["1"]


def test_tagged_titled_and_in_polish(reader, catalog, built_2025):
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "pl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])  # the title, not the file name
    assert words(reader.metadata.title).startswith(
        "Sprawozdanie z realizacji zadań z zakresu wspierania rodziny za rok 2025"
    )


def test_every_figure_has_its_alt_text(elements, source):
    alts = report_ast.image_alts(source)
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(alts) >= 2 and all(alts)
    assert [words(e.get("/Alt", "")) for e in figures] == alts


def test_tables_are_tagged_with_header_cells(elements, source):
    kinds = Counter(e["/S"] for e in elements)
    assert kinds["/Table"] == report_ast.table_count(source) >= 10
    for table in (e for e in elements if e["/S"] == "/Table"):
        cells = Counter(e["/S"] for e in _elements(table["/K"], []))
        assert cells["/TH"] >= 1 and cells["/TD"] >= 1
    assert kinds["/H1"] >= 20
    captioned = [t for t in report_ast.elements(source, "Table") if report_ast.stringify(t[1]).strip()]
    assert kinds["/Caption"] == len(captioned) + len(report_ast.image_alts(source))


def test_bookmarks_follow_the_headings(reader):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(words(item.title))

    walk(reader.outline)
    assert "1. Praca z rodziną" in titles
    assert len(titles) >= 25
