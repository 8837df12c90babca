"""Notebooks stay thin, and nbval re-executes the built ones to the same outputs."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from sprawozdanie.render.quarto_md import cell_options

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as installed
NOTEBOOKS = sorted((TOOL / "notebooks").glob("*.ipynb"))
ALLOWED_IMPORTS = ("sprawozdanie",)
FORBIDDEN_CALLS = re.compile(r"\b(pd\.|pandas|read_csv|open\(|groupby|\.sum\(|\.mean\()")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any("parameters" in c.metadata.get("tags", []) for c in code), "no cell tagged 'parameters'"
    for cell in code:
        assert not cell.get("outputs"), "commit notebooks without outputs (outputs live in output/<year>/)"
        _options, source = cell_options(cell.source)
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert all(n.startswith(ALLOWED_IMPORTS) for n in names), (
                    f"import {names}: logic belongs in the package"
                )
        assert not FORBIDDEN_CALLS.search(source), f"computation in a notebook cell:\n{source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_quarto_cell_options_are_valid(path):
    nb = nbformat.read(path, as_version=4)
    labels = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        options, _ = cell_options(cell.source)
        label = options.get("label")
        if label:
            labels.append(label)
            kind = label.split("-", 1)[0]
            assert kind in ("tbl", "fig"), label
            assert options.get(f"{kind}-cap"), f"{label} has no {kind}-cap"
            if kind == "fig":
                assert options.get("fig-alt"), f"{label} has no alt text"
    assert len(labels) == len(set(labels))


# The charts of the 2025 report, in report order: notebook → (section id, figure label). Each
# shows what a sentence cannot (docs/adding-a-chapter.md, "Charts"): many categories of one
# measure, or two kinds over two years. Two or three numbers stated beside a chart, or bars of
# different units, are not drawn; a new chart is added here with its reason.
CHARTS = {
    "family_assistance": ("sec-praca-z-rodzina", "fig-kontakty"),  # contacts with 12 kinds of institution
    "child_support": ("sec-wsparcie-dzieci", "fig-wsparcie-dzieci"),  # children by 7 forms of support
    "foster_care_cofinancing": ("sec-wspolfinansowanie-pieczy", "fig-koszty-pieczy"),  # 2 kinds × 2 years
    "support_groups": ("sec-grupy-wsparcia", "fig-grupy-wsparcia"),  # participants of 10 projects
    "daily_centres": ("sec-placowki-wsparcia-dziennego", "fig-placowki-wsparcia-dziennego"),
}


@pytest.fixture(scope="module")
def report_html(built_2025):
    return BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser")


def test_the_report_draws_only_the_charts_that_carry_information(report_html):
    """No chart of two or three numbers stated beside it, none of mixed units: the 2025 report
    draws these charts and no others (the summary's chart of years needs a third year of data)."""
    drawn = [f["id"] for f in report_html.find_all("figure", id=re.compile(r"^fig-"))]
    assert drawn == [label for _section, label in CHARTS.values()]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chapter_draws_its_chart_with_caption_and_refers_to_it(built_2025, report_html, name):
    """The executed notebook's chart cell has an image; the report shows it in the chapter,
    numbered and captioned, and the chapter's text links to it."""
    section_id, label = CHARTS[name]
    nb = nbformat.read(built_2025["notebooks"] / f"{name}.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and cell_options(c.source)[0].get("label") == label]
    assert len(cells) == 1, f"{name}: no cell labelled {label}"
    caption = cell_options(cells[0].source)[0]["fig-cap"]
    assert any("image/png" in out.get("data", {}) for out in cells[0].outputs), f"{label}: no image drawn"
    section = report_html.find("section", id=section_id)
    figure = section.find("figure", id=label) if section else None
    assert figure is not None and figure.find("img"), f"{label} is not in section {section_id}"
    assert len(figure.find("img").get("alt", "")) > 10
    shown = " ".join(figure.find("figcaption").get_text().replace("\u00a0", " ").split())
    assert re.fullmatch(r"Wykres nr \d+\. " + re.escape(" ".join(caption.split())), shown), shown
    assert section.find("a", href=f"#{label}"), f"the text of {section_id} does not refer to {label}"


def test_nbval_reproduces_the_executed_notebooks(built_2025, tmp_path):
    """Re-run each executed notebook with nbval and compare every output with the build's."""
    executed = sorted(built_2025["notebooks"].glob("*.ipynb"))
    assert executed
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            "-o",
            "addopts=",
            *map(str, executed),
        ],
        cwd=built_2025["project"].root / "notebooks",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)


REFERENCE = ROOT / "tests" / "notebooks" / "reference" / "2025"


def test_nbval_reproduces_the_committed_reference_notebooks(tmp_path):
    """The committed 2025 reference notebooks (``sprawozdanie reference 2025``) re-execute to the
    same outputs: a change of data or code that moves a number fails here until they are renewed."""
    reference = sorted(REFERENCE.glob("*.ipynb"))
    assert [p.name for p in reference] == [p.name for p in NOTEBOOKS]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            "-o",
            "addopts=",
            *map(str, reference),
        ],
        cwd=REFERENCE,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)


REFERENCE = ROOT / "tests" / "notebooks" / "reference" / "2025"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reference_notebook_runs_the_same_code(path):
    """nbval re-executes the committed reference notebooks; they must hold the code of
    ``notebooks/`` (renew them with ``make reference``), or nbval tests something else."""
    ref = nbformat.read(REFERENCE / path.name, as_version=4)
    src = nbformat.read(path, as_version=4)

    def code(nb):
        return [
            c.source
            for c in nb.cells
            if c.cell_type == "code" and not {"injected-parameters"} & set(c.metadata.get("tags", []))
        ]

    def markdown(nb):
        return [c.source for c in nb.cells if c.cell_type == "markdown"]

    assert code(ref) == code(src), f"{path.name}: code differs from {REFERENCE / path.name}; run `make reference`"
    assert markdown(ref) == markdown(src), f"{path.name}: Markdown differs from the reference; run `make reference`"
