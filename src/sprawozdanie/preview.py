"""A chapter's text without a kernel: ``sprawozdanie preview <year> <chapter id>`` prints the
Markdown its template gives for the year's data, in a second or two.

The notebook's own code cells run in this process (charts are not drawn), so the preview
shows exactly what the build would print. Tests use ``chapter_namespace`` to render every
template for years of zeros, ones and many.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat

from .errors import ReportError


def _code_cells(path: Path):
    from .render.quarto_md import cell_options

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        options, code = cell_options(cell.source)
        yield options, code


def _parameters(nb, notebook: Path, given: dict) -> dict:
    """A namespace as papermill leaves it: the parameters cell's defaults (e.g. the summary's
    ``values_file``, empty: computed here), then the given values, injected after it."""
    ns: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            exec(compile(cell.source, str(notebook), "exec"), ns)  # noqa: S102 - the project's own notebook
    ns.update(given)
    return ns


def chapter_namespace(
    notebook: Path, year: int, data_dir: Path, prior_data_dir: Path | None, params_file: Path
) -> dict:
    """Run a notebook's set-up cells (``include: false``) in a fresh namespace, after its
    parameters (``_parameters``); return it."""
    given = {
        "year": year,
        "data_dir": str(data_dir),
        "prior_data_dir": str(prior_data_dir or ""),
        "params_file": str(params_file),
    }
    ns = _parameters(nbformat.read(notebook, as_version=4), notebook, given)
    for options, code in _code_cells(notebook):
        if options.get("include") is False and "record()" not in code:
            exec(compile(code, str(notebook), "exec"), ns)  # noqa: S102 - the project's own notebook
    return ns


def chapter_markdown(notebook: Path, ns: dict) -> str:
    """The Markdown of every text cell (``output: asis``) and table of a notebook."""
    parts = []
    for options, code in _code_cells(notebook):
        if options.get("output") == "asis" or str(options.get("label", "")).startswith("tbl-"):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                result = eval(compile(code.strip().splitlines()[-1], str(notebook), "eval"), ns)  # noqa: S307
            if result is not None and hasattr(result, "data"):
                out.write(result.data + "\n")
            parts.append(out.getvalue().strip())
    return "\n\n".join(p for p in parts if p)


def preview(year: int, name: str, root: Path) -> str:
    import matplotlib

    matplotlib.use("Agg")
    # Only a chapter of the report (its id, as structure.yml or _quarto.yml lists it), never a path.
    from . import own_chapter
    from .params import load_params
    from .project import Project
    from .sources import data_folders

    project = Project.at(root)
    own_chapter.write_notebooks(project.root, project.root / project.OWN)  # an office's own chapter, too
    chapters = {Path(c).stem: project.source(c) for c in project.chapters() if c.endswith(".ipynb")}
    notebook = chapters.get(name.removesuffix(".ipynb"))
    if notebook is None or not notebook.is_file():
        raise ReportError(f"'{name}' nie jest rozdziałem raportu; rozdziały: {', '.join(chapters)}")
    params_file = root / "params" / f"{year}.yml"
    p = load_params(params_file, year)

    data_dir, prior = data_folders(p, project)
    ns = chapter_namespace(notebook, year, data_dir, prior, params_file)
    return chapter_markdown(notebook, ns)


def _display_data(obj) -> dict:
    """A value's outputs as a kernel would record them (IPython's own formatter: Markdown
    tables, PNG charts), images base64-encoded as in a notebook file."""
    import base64

    from IPython.core.formatters import DisplayFormatter

    data, _meta = DisplayFormatter().format(obj)
    return {k: base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for k, v in data.items()}


def run_in_process(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """Run a chapter's notebook in this process, as papermill would in a kernel: its
    parameters (``_parameters``), then each code cell, its printed text, its last expression's value and
    what it displays (the ledger) kept as the cell's outputs. Returns the executed notebook;
    an error in a cell is raised as it is (the caller reports it)."""
    import ast

    import IPython.display

    nb = nbformat.read(notebook, as_version=4)
    ns = _parameters(nb, notebook, parameters)
    shown_now: list[dict] = []

    def display(*objs, raw: bool = False, **_kw) -> None:  # the ledger's record() calls it
        for obj in objs:
            data = obj if raw else _display_data(obj)
            shown_now.append(nbformat.v4.new_output("display_data", data=data))

    real = IPython.display.display
    IPython.display.display = display
    try:
        for cell in nb.cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            tree = ast.parse(cell.source, str(notebook))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            out = io.StringIO()
            shown_now.clear()
            with contextlib.redirect_stdout(out):
                exec(compile(tree, str(notebook), "exec"), ns)  # noqa: S102 - the project's own notebook
                value = eval(compile(ast.Expression(last.value), str(notebook), "eval"), ns) if last else None  # noqa: S307
            outputs = []
            if out.getvalue():
                outputs.append(nbformat.v4.new_output("stream", name="stdout", text=out.getvalue()))
            outputs += shown_now
            if value is not None:
                outputs.append(nbformat.v4.new_output("execute_result", data=_display_data(value), execution_count=1))
            cell.outputs = outputs
    finally:
        IPython.display.display = real
    return nb
