"""The reference notebooks (``tests/notebooks/reference/<year>/``): the chapters executed with
paths relative to their folder and without run-dependent metadata, so that ``pytest --nbval``
re-executes them from any checkout and compares every output
(``sprawozdanie reference <year>``).
"""

from __future__ import annotations

from pathlib import Path

from .params import load_params
from .paths import shown
from .project import Project
from .reuse import Say, notebook_parameters


def write_reference_notebooks(year: int, project: Project, dest: Path, say: Say = print) -> list[Path]:
    """Execute the notebooks with paths relative to ``dest`` and keep them there, so that
    ``pytest --nbval`` can re-execute them from any checkout and compare every output."""
    import nbformat

    from . import execute
    from .load import load_inputs

    p = load_params(project.params_file(year), year)
    load_inputs(p.data_path(project.root), year)
    dest.mkdir(parents=True, exist_ok=True)
    parameters = notebook_parameters(p, project, relative_to=dest)
    jobs = [
        execute.Job(c, project.tool / c, dest / f".{Path(c).stem}.tmp.ipynb", parameters, cwd=dest)
        for c in project.chapters()
        if c.endswith(".ipynb") and (project.tool / c).is_file()
    ]
    execute.run_all(jobs, 1, lambda job, result: None)
    written = []
    for job in jobs:
        nb = nbformat.read(job.dst, as_version=4)
        _strip_volatile_metadata(nb)
        nbformat.write(nb, job.dst)
        final = dest / job.src.name
        job.dst.replace(final)
        written.append(final)
        say(f"zapisano {shown(final, project.root)}")
    return written


def _strip_volatile_metadata(nb) -> None:
    """Drop run times, durations, random cell ids and kernel-wide execution counts, so that a
    rerun with the same inputs gives the same file (and a clean diff)."""
    nb.metadata.pop("papermill", None)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
