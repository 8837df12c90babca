"""The Quarto path's configuration checked by Quarto's own validator.

Quarto cannot be installed here, but the validator of its editors (Quarto 1.10.18's
``src/resources/editor/tools``, MIT) runs with Node: ``quarto-lint.mjs`` beside this
project's folder (``../shared/``) checks one YAML file against Quarto's schemas, as Quarto
would on render (unknown keys, wrong types). Another place can be given in QUARTO_LINT.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from sprawozdanie.build import Project
from sprawozdanie.params import load_params
from sprawozdanie.render import quarto
from sprawozdanie.render.appendix import COUNCIL_TEMPLATE
from sprawozdanie.rendering import report_metadata

from ..conftest import ROOT
from ..fixture_years import make_fixture_project

TOOL = ROOT / "src" / "sprawozdanie" / "report"


def _linter() -> Path | None:
    given = os.environ.get("QUARTO_LINT")
    candidates = (
        [Path(given)] if given else [ROOT.parent / "shared" / "quarto-lint.mjs", Path("/work/shared/quarto-lint.mjs")]
    )
    return next((c for c in candidates if c.is_file()), None)


LINTER = _linter()
pytestmark = pytest.mark.skipif(
    LINTER is None or shutil.which("node") is None,
    reason="Quarto's validator (quarto-lint.mjs) or Node is not on this machine",
)


def lint(config: dict | Path, tmp_path: Path) -> list[dict]:
    """The problems Quarto's validator reports for a ``_quarto.yml`` (a file, or a dict written to one)."""
    if isinstance(config, dict):
        path = tmp_path / "_quarto.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        config = path
    proc = subprocess.run(
        ["node", str(LINTER), str(config), "html,typst,docx"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    problems = json.loads(proc.stdout)
    assert proc.returncode == (1 if any(p["type"] == "error" for p in problems) else 0), proc.stderr
    return problems


@pytest.mark.slow
def test_the_tool_s_quarto_yml_is_valid(tmp_path):
    assert lint(TOOL / "_quarto.yml", tmp_path) == []


def _staged(project: Project, year: int) -> dict:
    """The _quarto.yml the Quarto path writes for a build of ``project``."""
    meta = report_metadata(load_params(project.params_file(year), year))
    return quarto.staged_config(project.tool, meta, [f"{COUNCIL_TEMPLATE}.qmd"], project.chapters())


@pytest.mark.slow
def test_the_config_written_for_the_example_s_build_is_valid(tmp_path):
    config = _staged(Project.at(ROOT), 2025)
    assert config["book"]["title"].endswith("za rok 2025") and config["book"]["appendices"]
    assert lint(config, tmp_path) == []


@pytest.mark.slow
def test_the_config_written_for_a_draft_is_valid(tmp_path):
    """A draft's mark (render/quarto.py, with_draft_mark): ``book.body-header`` is the book's
    own option, ``projekt`` and ``changes-href`` the document's metadata."""
    meta = report_metadata(load_params(Project.at(ROOT).params_file(2025), 2025)) | {
        "projekt": "PROJEKT – wersja 3 z dnia 7\u00a0grudnia 2026\u00a0r.",
        "changes-href": "zmiany.html",
        "changes-label": "Zmiany względem wersji 2",
    }
    config = quarto.staged_config(TOOL, meta, [f"{COUNCIL_TEMPLATE}.qmd"])
    assert config["book"]["body-header"].startswith("::: {.projekt") and config["projekt"] == meta["projekt"]
    assert lint(config, tmp_path) == []


@pytest.mark.slow
def test_the_config_written_for_another_municipality_s_build_is_valid(tmp_path):
    (tmp_path / "project").mkdir()
    project, year, _ = make_fixture_project("gmina_wiejska", tmp_path / "project")
    config = _staged(project, year)
    assert "Modrzew" in json.dumps(config, ensure_ascii=False)  # its own names, not the example's
    assert lint(config, tmp_path) == []


@pytest.mark.parametrize(
    "change, said",
    [
        (lambda c: c["crossref"].update({"tbl-titel": "Tabela nr"}), "tbl-titel"),  # a misspelt key
        (lambda c: c["project"].update({"output-dirr": "_book"}), "output-dirr"),
        (lambda c: c["format"]["html"].update({"toc": "tak"}), "toc"),  # a wrong type
        (lambda c: c.update({"number-sections": "tak"}), "number-sections"),
        (lambda c: c["book"].update({"municipality": "Gmina X"}), "municipality"),  # the book's schema is closed
    ],
)
@pytest.mark.slow
def test_a_wrong_key_or_type_is_caught(tmp_path, change, said):
    config = yaml.safe_load((TOOL / "_quarto.yml").read_text(encoding="utf-8"))
    change(config)
    problems = lint(config, tmp_path)
    assert any(p["type"] == "error" and said in p["text"] for p in problems), problems
