"""Shared fixtures: a scratch copy of the project and one 2025 build for the whole session."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sprawozdanie.build import Project, build

# Skips for a missing tool fail the run under CI (tests/missing_tools.py).
pytest_plugins = ["tests.missing_tools", "pytester"]

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as the package installs them
TOOL_FILES = ["_quarto.yml", "chapters.yml", "index.qmd", "notebooks", "templates"]
WORKSPACE_FILES = ["params", "data", "structure.yml"]  # Mielec's workspace: the worked example


# The slow tier (pytest -m slow; make test-fast leaves it out): whole folders whose every
# test builds a report or reads one through a browser, a PDF reader or LibreOffice, and every
# test that uses a fixture which builds one. A slow test elsewhere is marked where it stands.
SLOW_FOLDERS = {"browser", "notebooks", "published", "years"}
SLOW_FIXTURES = {"built_2025", "warm", "own_built", "reordered", "report"}  # each builds a report


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder in SLOW_FOLDERS or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def copy_project(dest: Path) -> Project:
    """A copy of Mielec's workspace (not its outputs) in ``dest``, with a copy of the tool's
    files beside it, which a test may change (the copy's ``_quarto.yml`` makes it its tool)."""
    for name in TOOL_FILES + WORKSPACE_FILES:
        src = (TOOL if name in TOOL_FILES else ROOT) / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return Project.at(dest)


def use_chapters(root: Path, chapters) -> None:
    """Build only these of the tool copy's book files (a list, or a test of each file of
    ``_quarto.yml``'s), in that order; the workspace's structure.yml (Mielec's order) is set
    aside, since it would name the chapters itself."""
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    listed = config["book"]["chapters"]
    config["book"]["chapters"] = list(chapters) if not callable(chapters) else [c for c in listed if chapters(c)]
    (root / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "structure.yml").unlink(missing_ok=True)


@pytest.fixture()
def project(tmp_path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_2025(tmp_path_factory) -> dict:
    """The 2025 report built once from a copy of the project; its paths by kind."""
    proj = copy_project(tmp_path_factory.mktemp("project"))
    lines: list[str] = []
    written = build(2025, proj, say=lines.append)
    return {"project": proj, "progress": lines, **written}


def write_notebook(path: Path, title: str, code: str) -> Path:
    """A chapter notebook of the project's shape: a title, the parameters cell, ``code``."""
    nb = new_notebook(
        cells=[
            new_markdown_cell(title),
            new_code_cell('year: int = 2025\ndata_dir: str = ""\nprior_data_dir: str = ""\nparams_file: str = ""'),
            new_code_cell(code),
        ]
    )
    nb.cells[1].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture()
def warm(project):
    """A project with a third notebook that reads no input file, built once."""
    write_notebook(
        project.root / "notebooks" / "99_bez_danych.ipynb",
        "# Bez danych {#sec-bez-danych}",
        "#| include: false\nfrom sprawozdanie.present import fmt",
    )
    # Three notebooks are enough to see what runs again (and keep the test quick).
    use_chapters(
        project.root,
        ["index.qmd", "notebooks/summary.ipynb", "notebooks/family_assistance.ipynb", "notebooks/99_bez_danych.ipynb"],
    )
    lines: list[str] = []
    build(2025, project, say=lines.append, formats=("html",))
    assert sum("notatnik " in line for line in lines) == 3
    return project
