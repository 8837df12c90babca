"""Shared fixtures: a scratch copy of the project and one 2025 build for the whole session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sprawozdanie.build import Project, build

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["_quarto.yml", "index.qmd", "notebooks", "templates", "params", "data"]


def copy_project(dest: Path) -> Project:
    """A copy of the project's sources (not its outputs) in ``dest``."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return Project(dest)


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
