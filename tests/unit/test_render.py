"""The embedded renderer's reading of Quarto conventions."""

import base64

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from sprawozdanie.errors import ReportError
from sprawozdanie.render.quarto_md import Crossrefs, NotebookConverter, cell_options, chapters_to_markdown

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
QUARTO = {
    "lang": "pl",
    "execute": {"echo": False},
    "crossref": {"tbl-title": "Tabela nr", "fig-title": "Wykres nr", "title-delim": "."},
}


def md_out(text):
    return new_output("display_data", data={"text/markdown": text})


def notebook(tmp_path, cells):
    path = tmp_path / "ch.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_options_are_read_and_stripped():
    opts, code = cell_options("#| label: fig-a\n#| fig-cap: 'Wykres'\n#| echo: false\nplot()")
    assert opts == {"label": "fig-a", "fig-cap": "Wykres", "echo": False} and code == "plot()"


def test_tables_and_figures_numbered_through_the_report(tmp_path):
    cells = [
        new_markdown_cell("Zob. @tbl-b i @fig-c, a także @tbl-a."),
        new_code_cell("#| label: tbl-a\n#| tbl-cap: Pierwsza\nx", outputs=[md_out("| a |\n|--:|\n| 1 |")]),
        new_code_cell(
            "#| label: fig-c\n#| fig-cap: Rys\n#| fig-alt: Opis\nx",
            outputs=[new_output("display_data", data={"image/png": PNG})],
        ),
        new_code_cell("#| label: tbl-b\n#| tbl-cap: Druga\nx", outputs=[md_out("| b |\n|--:|\n| 2 |")]),
    ]
    md = chapters_to_markdown([notebook(tmp_path, cells)], tmp_path / "media", QUARTO, {})
    assert ": Tabela nr 1. Pierwsza {#tbl-a}" in md
    assert ": Tabela nr 2. Druga {#tbl-b}" in md
    assert '![Wykres nr 1. Rys](media/figure-01.png){#fig-c alt="Opis"}' in md
    assert (
        "Zob. [Tabela nr\u00a02](#tbl-b) i\u00a0[Wykres nr\u00a01](#fig-c), a\u00a0także [Tabela nr\u00a01](#tbl-a)."
        in md
    )
    assert (tmp_path / "media" / "figure-01.png").read_bytes().startswith(b"\x89PNG")


def test_tables_captioned_in_their_own_markdown_are_numbered_in_order(tmp_path):
    """A chapter printing one table per goal captions each itself (``: … {#tbl-x}``), as
    Quarto allows for Markdown tables; they are numbered in reading order with the labelled
    cells, keep their classes, and the build's list of numbers (annex, checks) agrees."""
    from sprawozdanie.render.quarto_md import table_numbers

    asis = new_code_cell(
        "#| output: asis\nx",
        outputs=[
            new_output(
                "stream",
                name="stdout",
                text="| a |\n|--|\n| 1 |\n\n: Cel 1 {#tbl-cel-1 .grupy}\n\n"
                "| b |\n|--|\n| 2 |\n\n: Cel 2 {#tbl-cel-2}\n",
            )
        ],
    )
    cells = [
        new_markdown_cell("W Tabeli nr -@tbl-cel-2 i @tbl-z."),
        new_code_cell("#| label: tbl-a\n#| tbl-cap: Pierwsza\nx", outputs=[md_out("| a |\n|--:|\n| 1 |")]),
        asis,
        new_code_cell("x", outputs=[md_out("| c |\n|--|\n| 3 |\n\n: Zbiorcza {#tbl-z}")]),
    ]
    path = notebook(tmp_path, cells)
    md = chapters_to_markdown([path], tmp_path / "media", QUARTO, {})
    assert ": Tabela nr 2. Cel 1 {#tbl-cel-1 .grupy}" in md and ": Tabela nr 3. Cel 2 {#tbl-cel-2}" in md
    assert ": Tabela nr 4. Zbiorcza {#tbl-z}" in md
    assert "W\u00a0Tabeli nr\u00a0[3](#tbl-cel-2) i\u00a0[Tabela nr\u00a04](#tbl-z)." in md
    numbers = table_numbers([path], QUARTO)
    assert numbers == {
        "tbl-a": "Tabela nr\u00a01",
        "tbl-cel-1": "Tabela nr\u00a02",
        "tbl-cel-2": "Tabela nr\u00a03",
        "tbl-z": "Tabela nr\u00a04",
    }


def test_unknown_reference_is_an_error(tmp_path):
    path = notebook(tmp_path, [new_markdown_cell("Zob. @tbl-brak.")])
    with pytest.raises(ReportError, match="@tbl-brak"):
        chapters_to_markdown([path], tmp_path / "media", QUARTO, {})


def test_code_hidden_by_default_and_parameters_never_shown(tmp_path):
    params = new_code_cell("year = 2025", outputs=[])
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        new_code_cell("x = 1\nx", outputs=[new_output("execute_result", data={"text/plain": "1"})]),
        new_code_cell("#| echo: true\ny = 2", outputs=[]),
        new_code_cell("#| include: false\nsecret()", outputs=[md_out("ukryte")]),
    ]
    md = chapters_to_markdown([notebook(tmp_path, cells)], tmp_path / "media", QUARTO, {})
    assert "year = 2025" not in md and "x = 1" not in md and "ukryte" not in md
    assert "```python\ny = 2\n```" in md


def test_cell_error_stops_the_render(tmp_path):
    err = new_output("error", ename="ValueError", evalue="zła wartość", traceback=[])
    with pytest.raises(ReportError, match="ValueError: zła wartość"):
        NotebookConverter(tmp_path, Crossrefs(), {}, False).convert(
            new_notebook(cells=[new_code_cell("x", outputs=[err])]), "ch.ipynb"
        )


def test_var_shortcode(tmp_path):
    qmd = tmp_path / "index.qmd"
    qmd.write_text("W {{< var municipality.locative >}} w {{< var year >}} r.", encoding="utf-8")
    md = chapters_to_markdown([qmd], tmp_path, QUARTO, {"year": 2025, "municipality": {"locative": "Gminie X"}})
    assert md == "W\u00a0Gminie X w\u00a02025\u00a0r."  # a year keeps its "r." (fmt.bind_polish)
    qmd.write_text("{{< var nie.ma >}}", encoding="utf-8")
    with pytest.raises(ReportError, match="nie.ma"):
        chapters_to_markdown([qmd], tmp_path, QUARTO, {})


def test_a_bare_reference_gives_the_number_for_a_declined_noun():
    """Quarto's ``-@label`` is the number alone, so that a text can write "w Tabeli nr -@tbl-a";
    the number stays on the line of "nr"."""
    refs = Crossrefs(tbl_prefix="Tabela nr")
    refs.number("tbl-a")
    assert (
        refs.resolve("w Tabeli nr -@tbl-a; @tbl-a", "x") == "w Tabeli nr\u00a0[1](#tbl-a); [Tabela nr\u00a01](#tbl-a)"
    )
    with pytest.raises(ReportError, match="tbl-b"):
        refs.resolve("w Tabeli nr -@tbl-b", "x")


def test_rendering_never_changes_the_process_working_directory(tmp_path, monkeypatch):
    """HTML and PDF are rendered at the same time, so neither may change this process's
    working directory (pypandoc's ``cworkdir`` does; a later build then deleted the folder
    it pointed to and every kernel start failed)."""
    import os

    from sprawozdanie.render import embedded

    chapter = tmp_path / "rozdzial.qmd"
    chapter.write_text("# Rozdział\n\nTekst.\n", encoding="utf-8")
    staging = tmp_path / "staging"
    staging.mkdir()

    def refuse(path):
        raise AssertionError(f"os.chdir({path}) during rendering")

    monkeypatch.setattr(os, "chdir", refuse)
    written = embedded.render(staging, [chapter], {"lang": "pl"}, {}, {"title": "T"}, ("html", "pdf"))
    assert set(written) == {"html", "pdf"} and all(p.is_file() for p in written.values())


def test_both_renderers_read_markdown_with_the_extensions_quarto_yml_names():
    """_quarto.yml's `from` (Quarto's reader) and the embedded renderer's reader agree, so that
    an anchor is the same plain-ASCII id whichever renderer made the page."""
    import re
    from pathlib import Path

    import yaml

    from sprawozdanie.render.embedded import READER

    quarto = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "src" / "sprawozdanie" / "report" / "_quarto.yml").read_text(
            encoding="utf-8"
        )
    )
    wanted = re.findall(r"[+-]\w+", quarto["from"].removeprefix("markdown"))
    assert "+ascii_identifiers" in wanted
    assert set(wanted) <= set(re.findall(r"[+-]\w+", READER.removeprefix("markdown")))


def test_the_typst_version_named_is_the_compilers_as_the_pdf_states_it():
    """The annex names the compiler's version, which each PDF names as its creator, and the
    Python package's, which differs from it (readers compared the two)."""
    import re

    from sprawozdanie.render import embedded

    said = embedded.versions()["typst"]
    compiler, package = re.fullmatch(r"(\d+(?:\.\d+)+) z pakietu Python typst (\S+)", said).groups()
    assert package == embedded.typst.__version__ and compiler != "?"
