"""Rendering with Quarto itself, where a ``quarto`` binary is on PATH.

The executed notebooks are laid out in a scratch copy of the project as ``_quarto.yml``
names them, with ``_variables.yml`` written from the year's parameters, and
``quarto render`` produces the book in HTML and Typst/PDF. Quarto does not execute
``.ipynb`` chapters by default, so the outputs papermill computed are the ones shown.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from ..errors import ReportError


def available() -> str | None:
    return shutil.which("quarto")


def version() -> str:
    return subprocess.run(["quarto", "--version"], capture_output=True, text=True, check=False).stdout.strip()


def render(project_root: Path, staging: Path, executed: dict[str, Path], variables: dict, meta: dict,
           formats: tuple[str, ...] = ("html", "pdf"), appendices: list[Path] = ()) -> dict[str, Path]:
    work = staging / "quarto-project"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    config = yaml.safe_load((project_root / "_quarto.yml").read_text(encoding="utf-8"))
    # Generated appendices (the checks and provenance) join the book as Quarto appendices.
    config["book"]["appendices"] = [*config["book"].get("appendices", []), *(a.name for a in appendices)]
    for appendix in appendices:
        shutil.copy(appendix, work / appendix.name)
    (work / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for chapter in config["book"]["chapters"]:
        target = work / chapter
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(executed.get(chapter, project_root / chapter), target)
    (work / "_variables.yml").write_text(yaml.safe_dump(variables, allow_unicode=True), encoding="utf-8")
    meta_args = [a for k, v in meta.items() if v for a in ("-M", f"{k}:{v}")]
    written = {}
    for fmt, to in (("html", "html"), ("pdf", "typst")):
        if fmt not in formats:
            continue
        proc = subprocess.run(["quarto", "render", "--to", to, *meta_args], cwd=work,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise ReportError(f"quarto render --to {to} nie powiódł się:\n{proc.stderr[-2000:]}")
    book = work / config.get("project", {}).get("output-dir", "_book")
    if "html" in formats:
        shutil.copytree(book, staging / "html", dirs_exist_ok=True)
        written["html"] = staging / "html" / "index.html"
    if "pdf" in formats:
        pdfs = sorted(book.glob("*.pdf"))
        if not pdfs:
            raise ReportError("quarto nie wygenerował pliku PDF")
        shutil.copy(pdfs[0], staging / "report.pdf")
        written["pdf"] = staging / "report.pdf"
    return written
