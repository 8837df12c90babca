"""The naive baseline of the benchmark: the same work as `sprawozdanie build`, done plainly.

    python benchmarks/naive_build.py 2025      (run in a project folder)

Every notebook of _quarto.yml is executed one after another by papermill, each in a
fresh kernel, with nothing cached; then the ledger is collected and checked and HTML and
PDF, DOCX and the auditors' annex are rendered with the same renderer as the build. Output
goes to output/naive-<year>/.
"""

from __future__ import annotations

import shutil
import sys

import papermill as pm

from sprawozdanie.execute import KERNEL_ARGS, use_this_interpreter_for_kernels
from sprawozdanie.params import load_params
from sprawozdanie.project import Project
from sprawozdanie.recorded import check_values, collect_ledger
from sprawozdanie.render import embedded
from sprawozdanie.render.appendix import annex_markdown, council_markdown
from sprawozdanie.rendering import ANNEX_DIR, APPENDIX_FILE, render_annex, report_metadata, report_variables
from sprawozdanie.reuse import notebook_parameters

FORMATS = ("html", "pdf", "docx")  # what `sprawozdanie build` makes by default


def main(year: int) -> None:
    project = Project.find()
    p = load_params(project.params_file(year), year)
    out = project.root / "output" / f"naive-{year}"
    shutil.rmtree(out, ignore_errors=True)
    (out / "notebooks").mkdir(parents=True)
    use_this_interpreter_for_kernels()
    parameters = notebook_parameters(p, project)
    executed = {}
    for chapter in [c for c in project.chapters() if c.endswith(".ipynb")]:
        src = project.tool / chapter
        executed[chapter] = out / "notebooks" / src.name
        pm.execute_notebook(
            str(src),
            str(executed[chapter]),
            parameters=parameters,
            cwd=str(src.parent),
            progress_bar=False,
            kernel_name="python3",
            extra_arguments=KERNEL_ARGS,
        )
    records = collect_ledger(executed)
    data_dir, params_file = p.data_path(project.root), project.params_file(year)
    results = check_values(records, None, data_dir, year)
    appendix = out / APPENDIX_FILE
    appendix.write_text(council_markdown(params_file, year, data_dir, results, records), encoding="utf-8")
    prov = {
        "inputs": {},
        "params": {"file": "", "sha256": ""},
        "git": {"commit": "", "clean": ""},
        "software": {},
        "renderer": {},
        "built_at": "",
    }
    annex = out / ANNEX_DIR / f"{ANNEX_DIR}.qmd"
    annex.parent.mkdir()
    annex.write_text(annex_markdown(params_file, year, data_dir, results, records, prov), encoding="utf-8")
    chapters = [executed.get(c, project.tool / c) for c in project.chapters()] + [appendix]
    embedded.render(out, chapters, project.quarto, report_variables(p), report_metadata(p), FORMATS)
    render_annex(annex, project.quarto, report_variables(p), report_metadata(p), FORMATS)


if __name__ == "__main__":
    main(int(sys.argv[1]))
