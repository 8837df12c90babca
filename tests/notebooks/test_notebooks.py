"""Notebooks stay thin, and nbval re-executes the built ones to the same outputs."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sprawozdanie.render.quarto_md import cell_options

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
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
                assert all(n.startswith(ALLOWED_IMPORTS) for n in names), f"import {names}: logic belongs in the package"
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


def test_nbval_reproduces_the_executed_notebooks(built_2025, tmp_path):
    """Re-run each executed notebook with nbval and compare every output with the build's."""
    executed = sorted(built_2025["notebooks"].glob("*.ipynb"))
    assert executed
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q",
         "--rootdir", str(tmp_path), "-o", "addopts=", *map(str, executed)],
        cwd=built_2025["project"].root / "notebooks", capture_output=True, text=True,
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
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q",
         "--rootdir", str(tmp_path), "-o", "addopts=", *map(str, reference)],
        cwd=REFERENCE, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)
