"""The Quarto path's Typst book, compiled here as Quarto 1.10.18 would compile it.

No Quarto can be installed on these machines, so the test rebuilds the one step that decides
how the PDF numbers and captions its tables: Quarto's Typst template (``template.typ`` and
its partials, unchanged from Quarto 1.10.18), with the orange-book extension's partials over
them and the project's ``typst-show.typ`` over those (the order in which Quarto stages a
format's and then a project's partials), filled by pandoc from the metadata Quarto passes,
around a body written as Quarto's Lua filters write it (floats as ``#figure(…, kind:
"quarto-float-tbl", supplement: …)``, references as ``#ref(<…>, supplement: [])``, the
counter reset of ``book-numbering.lua`` in ``include-before``). The orange-book package
itself is the one Quarto 1.10.18 bundles (tests/fixtures/quarto-1.10.18/, MIT-0), found by
Typst through ``package_path`` as Quarto points ``typst compile --package-path`` at it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypandoc
import pytest
import typst
import yaml
from pypdf import PdfReader

from sprawozdanie.render import quarto

from .test_draft_mark import _texts  # each text of a page, and whether it is an artifact

ROOT = Path(__file__).resolve().parents[2]
QUARTO = ROOT / "tests" / "fixtures" / "quarto-1.10.18"
TOOL = ROOT / "src" / "sprawozdanie" / "report"


def _float(label: str, kind: str, supplement: str, caption: str, content: str) -> str:
    """A float as ``make_typst_figure`` (filters/layout/typst.lua) writes it."""
    return (
        f"#figure([{content}], caption: figure.caption(position: top, [{caption}]), "
        f'kind: "quarto-float-{kind}", supplement: "{supplement}", )<{label}>'
    )


# book-numbering.lua's rule, as it writes it for the float kinds of a book with tables and figures
COUNTER_RESET = """#show heading.where(level: 1): it => {
  counter(figure.where(kind: "quarto-float-fig")).update(0)
  counter(figure.where(kind: "quarto-float-tbl")).update(0)
  counter(math.equation).update(0)
  it
}"""


def _body(crossref: dict) -> str:
    tbl, fig = crossref["tbl-title"], crossref["fig-title"]
    cell = "#table(columns: 2, [Liczba rodzin], [46])"
    raw = lambda s: f"```{{=typst}}\n{s}\n```\n"  # noqa: E731
    return "\n".join(
        [
            "# Wstęp {.unnumbered}\n\nTekst wstępu.\n",
            "# Najważniejsze liczby {.unnumbered}\n",
            raw(_float("tbl-najwazniejsze", "tbl", tbl, "Najważniejsze liczby", cell)),
            "# Asystenci rodziny\n",
            raw(_float("tbl-asystenci", "tbl", tbl, "Asystenci rodziny", cell)),
            raw(_float("tbl-czas", "tbl", tbl, "Czas pracy", cell)),
            "Dane zestawiono w Tabeli nr `#ref(<tbl-czas>, supplement: [])`{=typst}.\n",
            "# Placówki wsparcia dziennego\n",
            raw(_float("tbl-placowki", "tbl", tbl, "Placówki", cell)),
            raw(_float("fig-placowki", "fig", fig, "Dzieci w placówkach", '#image("chart.svg", alt: "Wykres")')),
        ]
    )


PROJEKT = "PROJEKT – wersja 2 z dnia 1\u00a0grudnia 2026\u00a0r."


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory) -> tuple[str, PdfReader]:
    """The small book's PDF text, compiled with the Typst settings the Quarto path passes."""
    return _book(tmp_path_factory.mktemp("typst-book"), {})


@pytest.fixture(scope="module")
def draft_book_pdf(tmp_path_factory) -> tuple[str, PdfReader]:
    """The same book as a draft (the build's metadata ``projekt``)."""
    return _book(tmp_path_factory.mktemp("typst-draft"), {"projekt": PROJEKT})


def _book(work: Path, draft: dict) -> tuple[str, PdfReader]:
    template = work / "template"
    template.mkdir()
    # Quarto's partials, then the extension's, then the project's: the last of a name wins
    for partial in sorted((QUARTO / "typst").iterdir()):
        shutil.copy(partial, template / partial.name)
    for partial in sorted((QUARTO / "orange-book").iterdir()):
        shutil.copy(partial, template / partial.name)
    config = quarto.staged_config(
        TOOL,
        {"title": "Sprawozdanie za rok 2025", "author": "Ośrodek", "date": "marzec 2026", **draft},
        [],
    )
    typst_options = config["format"]["typst"]
    # the project's partial, staged beside _quarto.yml by the name the staged config gives it
    sources = quarto.typst_partials(quarto.project_config(TOOL), TOOL)
    for name in typst_options["template-partials"]:
        shutil.copy(sources[name], template / name)
    crossref = config["crossref"]
    metadata = {
        "title": config["book"]["title"],
        "date": config["book"]["date"],
        "by-author": [{"name": {"literal": config["book"]["author"]}}],
        "lang": config["lang"],
        "papersize": typst_options["papersize"],
        "crossref": crossref,
        # what Quarto adds from its language file for `lang: pl` (resources/language/_language-pl.yml)
        "quarto": {"language": {"crossref-ch-prefix": "Rozdział"}},
        # the staged _quarto.yml's own metadata, which Quarto passes to every format's template
        **{k: config[k] for k in ("projekt",) if k in config},
    }
    (work / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>',
        encoding="utf-8",
    )
    (work / "meta.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    # brand.yml's declarations, as typst-brand-yaml.lua writes them for a project without a brand
    (work / "header.typ").write_text(
        "#let brand-color = (:)\n#let brand-color-background = (:)\n#let brand-logo = (:)\n", encoding="utf-8"
    )
    (work / "before.typ").write_text(COUNTER_RESET + "\n", encoding="utf-8")
    typ = work / "book.typ"
    pypandoc.convert_text(
        _body(crossref),
        "typst",
        format="markdown",
        outputfile=str(typ),
        extra_args=[
            "--standalone",
            f"--template={template / 'template.typ'}",
            f"--metadata-file={work / 'meta.yml'}",
            f"--include-in-header={work / 'header.typ'}",
            f"--include-before-body={work / 'before.typ'}",
            "--number-sections",
        ],
    )
    pdf = work / "book.pdf"
    typst.compile(
        str(typ),
        output=str(pdf),
        root=str(work),
        package_path=str(QUARTO / "typst-packages"),
        pdf_standards=typst_options["pdf-standard"],
    )
    reader = PdfReader(pdf)
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_tables_and_charts_are_numbered_by_chapter_with_the_title_delimiter(book_pdf):
    text = _flat(book_pdf[0])
    # a chapter without a number: the bare number (orange-book alone prints "0.1")
    assert "Tabela nr 1. Najważniejsze liczby" in text
    assert "Tabela nr 0.1" not in text
    # chapters 1 and 2: the chapter's number, then the table's, then "." (Typst's own is ":")
    for caption in ("Tabela nr 1.1. Asystenci rodziny", "Tabela nr 1.2. Czas pracy", "Tabela nr 2.1. Placówki"):
        assert caption in text
    assert "Wykres nr 2.1. Dzieci w placówkach" in text
    assert "Tabela nr 1.2:" not in text


def test_a_reference_prints_the_number_of_its_table(book_pdf):
    assert "Dane zestawiono w Tabeli nr 1.2." in _flat(book_pdf[0])


def test_the_cover_carries_the_date_and_every_page_is_a4(book_pdf):
    _, reader = book_pdf
    cover = _flat(reader.pages[0].extract_text())
    assert "Sprawozdanie za rok 2025" in cover and "marzec 2026" in cover
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_the_book_is_tagged_pdf_ua_in_polish(book_pdf):
    _, reader = book_pdf
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "pl"
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_the_running_headers_are_polish(book_pdf):
    assert "Rozdział 1. Asystenci rodziny" in _flat(book_pdf[0])
    assert "Chapter" not in book_pdf[0]


def test_a_draft_s_mark_is_on_every_page_the_cover_s_too_and_read_as_no_content(draft_book_pdf, book_pdf):
    _, reader = draft_book_pdf
    assert len(reader.pages) >= 4
    for number, page in enumerate(reader.pages, 1):
        assert PROJEKT.replace("\u00a0", " ") in _flat(page.extract_text()), f"page {number}"
    # an artifact, as a running header is: the tagged text (what a screen reader reads) has none of it
    assert "PROJEKT" not in _tagged_text(reader) and "Asystenci rodziny" in _tagged_text(reader)
    assert "PROJEKT" not in book_pdf[0]  # a final version


def _tagged_text(reader: PdfReader) -> str:
    """The text of every page outside PDF artifacts."""
    return " ".join(t for page in reader.pages for artifact, t, _ in _texts(page) if not artifact)
