"""``sprawozdanie build <year>``: validate, execute the notebooks, render; all or nothing.

Everything is written into a staging folder beside ``output/<year>/`` and moved into
place only when every step has succeeded, so a failed or interrupted build leaves the
previous output as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import papermill as pm
import yaml

import nbformat

from . import checks, disagreements, provenance
from .errors import ReportError
from .ledger import COLUMNS as LEDGER_COLUMNS
from .ledger import LEDGER_MIME
from .load import load_inputs
from .params import Params, load_params
from .render import embedded
from .render import quarto as quarto_renderer
from .render.appendix import APPENDIX_FILE, appendix_markdown
from .schema import registry

Say = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """Where a project's files are; the root holds ``_quarto.yml``."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "_quarto.yml").is_file():
                return cls(folder)
        raise ReportError(f"nie znaleziono pliku _quarto.yml w {here} ani w katalogach nadrzędnych")

    @property
    def quarto(self) -> dict:
        return yaml.safe_load((self.root / "_quarto.yml").read_text(encoding="utf-8"))

    def chapters(self) -> list[str]:
        return list(self.quarto["book"]["chapters"])

    def params_file(self, year: int) -> Path:
        return self.root / "params" / f"{year}.yml"

    def output_dir(self, year: int) -> Path:
        return self.root / "output" / str(year)


def report_variables(p: Params) -> dict:
    """What ``{{< var … >}}`` can name: the year's parameters."""
    return p.model_dump(mode="json")


def report_metadata(p: Params) -> dict:
    return {
        "title": f"{p.report.title} za rok {p.year}",
        "subtitle": p.report.subtitle,
        "author": p.report.author,
        "date": p.report.date_text,
        "municipality": p.municipality.name,
    }


def _use_this_interpreter_for_kernels() -> None:
    """Make the ``python3`` kernel the one of this environment (where the package is
    installed), even if the user has another ``python3`` kernelspec of their own."""
    here = str(Path(sys.prefix) / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([here, *filter(None, paths)])


def execute_notebook(src: Path, dst: Path, parameters: dict) -> None:
    _use_this_interpreter_for_kernels()
    try:
        pm.execute_notebook(
            str(src), str(dst), parameters=parameters, cwd=str(src.parent),
            progress_bar=False, log_output=False, kernel_name="python3",
            # Keep the kernel's own start-up warnings out of the build's progress output.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except pm.PapermillExecutionError as exc:
        raise ReportError(
            f"{src.name}: błąd w komórce {exc.exec_count}: {exc.ename}: {exc.evalue}\n"
            f"  (wykonany notatnik z pełnym opisem: {dst})"
        ) from None


def collect_ledger(executed: dict[str, Path]) -> list[dict[str, str]]:
    """The values each executed notebook recorded (``Ledger.record``), in report order."""
    records: list[dict[str, str]] = []
    for chapter, path in executed.items():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                payload = out.get("data", {}).get(LEDGER_MIME)
                if payload:
                    records += [{**r, "source": chapter} for r in payload["values"]]
    ids = [r["id"] for r in records]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ReportError(f"te same identyfikatory liczb w kilku miejscach: {', '.join(duplicated)}")
    return records


def write_ledger(records: list[dict[str, str]], folder: Path) -> None:
    import csv

    with open(folder / "values.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=LEDGER_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(records)
    (folder / "values.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def check_values(records: list[dict[str, str]], folder: Path | None = None) -> list[checks.Result]:
    """Run the consistency rules; write checks.csv into ``folder``; errors stop the build."""
    from fractions import Fraction

    results = checks.evaluate({r["id"]: Fraction(r["value"]) for r in records})
    if folder is not None:
        checks.write_csv(results, folder / "checks.csv")
    failed = checks.errors(results)
    if failed:
        lines = "\n".join(f"  - {r.rule.id}: {r.explanation_pl}" for r in failed)
        raise ReportError(f"Kontrola obliczeń wykryła błędy ({len(failed)}):\n{lines}")
    return results


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with renames only (atomic on one file system)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(year: int, project: Project | None = None, say: Say = print,
          formats: tuple[str, ...] = ("html", "pdf")) -> dict[str, Path]:
    """Build the report of ``year``; return the paths written."""
    project = project or Project.find()
    started = time.perf_counter()
    chapters = project.chapters()
    notebooks = [c for c in chapters if c.endswith(".ipynb")]
    steps = 2 + len(notebooks) + len(formats)
    step = 0

    def progress(text: str) -> None:
        nonlocal step
        step += 1
        say(f"[{step}/{steps}] {text}")

    # 1. Parameters and inputs: nothing is written before these pass.
    params_path = project.params_file(year)
    p = load_params(params_path, year)
    data_dir = p.data_path(project.root)
    t0 = time.perf_counter()
    frames = load_inputs(data_dir, year)
    progress(f"walidacja danych: {len(frames)} plików w {data_dir.relative_to(project.root)} "
             f"({time.perf_counter() - t0:.1f} s)")

    out_root = project.output_dir(year).parent
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}.staging-", dir=out_root))
    staging.chmod(0o755)  # mkdtemp makes it private; the report is for reading
    try:
        # 2. Notebooks, in the order of _quarto.yml.
        parameters = {"year": year, "data_dir": str(data_dir),
                      "prior_data_dir": str(p.prior_data_path(project.root)), "params_file": str(params_path)}
        executed: dict[str, Path] = {}
        (staging / "notebooks").mkdir()
        for chapter in notebooks:
            src = project.root / chapter
            dst = staging / "notebooks" / src.name
            t0 = time.perf_counter()
            execute_notebook(src, dst, parameters)
            executed[chapter] = dst
            progress(f"notatnik {chapter} ({time.perf_counter() - t0:.1f} s)")

        # 3. Values ledger and consistency checks: an error stops here, before rendering.
        records = collect_ledger(executed)
        write_ledger(records, staging)
        results = check_values(records, staging)
        from fractions import Fraction

        known = disagreements.load(data_dir)
        disagreements.verify(known, {r["id"]: Fraction(r["value"]) for r in records})
        n_warn = sum(r.verdict == "warning" for r in results)
        progress(f"kontrola obliczeń: {len(records)} liczb, {len(results)} reguł, ostrzeżeń: {n_warn}")

        # 4. Provenance and the appendix that reports all of it.
        quarto_bin = quarto_renderer.available()
        renderer = ({"quarto": quarto_renderer.version()} if quarto_bin else
                    {f"{k} (osadzony)": v for k, v in embedded.versions().items()})
        inputs = [data_dir / t.file for t in registry().tables.values()]
        inputs += [data_dir / disagreements.FILE] if (data_dir / disagreements.FILE).is_file() else []
        prov = provenance.collect(project.root, params_path, inputs, renderer)
        (staging / "provenance.json").write_text(json.dumps(prov, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        appendix = staging / APPENDIX_FILE
        appendix.write_text(appendix_markdown(results, records, prov, known), encoding="utf-8")

        # 5. Render.
        variables = report_variables(p)
        meta = report_metadata(p)
        for fmt in formats:
            t0 = time.perf_counter()
            if quarto_bin:
                quarto_renderer.render(project.root, staging, executed, variables, meta, (fmt,),
                                       appendices=[appendix])
                engine = "quarto"
            else:
                chapter_files = [executed.get(c, project.root / c) for c in chapters] + [appendix]
                embedded.render(staging, chapter_files, project.quarto, variables, meta, (fmt,))
                engine = "pandoc + typst"
            progress(f"render {fmt.upper()} ({engine}, {time.perf_counter() - t0:.1f} s)")
        _cleanup_intermediates(staging)
        target = project.output_dir(year)
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    written = {
        "html": target / "report.html" if (target / "report.html").exists() else target / "html" / "index.html",
        "pdf": target / "report.pdf",
        "notebooks": target / "notebooks",
        "values": target / "values.csv",
        "checks": target / "checks.csv",
        "provenance": target / "provenance.json",
    }
    written = {k: v for k, v in written.items() if v.exists()}
    say(f"Gotowe w {time.perf_counter() - started:.1f} s:")
    for kind, path in written.items():
        say(f"  {kind:9} {path.relative_to(project.root)}")
    return written


def write_reference_notebooks(year: int, project: Project, dest: Path, say: Say = print) -> list[Path]:
    """Execute the notebooks with paths relative to ``dest`` and keep them there, so that
    ``pytest --nbval`` can re-execute them from any checkout and compare every output."""
    p = load_params(project.params_file(year), year)
    data_dir = p.data_path(project.root)
    load_inputs(data_dir, year)
    dest.mkdir(parents=True, exist_ok=True)
    parameters = {"year": year, "data_dir": os.path.relpath(data_dir, dest),
                  "prior_data_dir": os.path.relpath(p.prior_data_path(project.root), dest),
                  "params_file": os.path.relpath(project.params_file(year), dest)}
    written = []
    for chapter in [c for c in project.chapters() if c.endswith(".ipynb")]:
        src = project.root / chapter
        tmp = dest / f".{src.stem}.tmp.ipynb"
        _use_this_interpreter_for_kernels()
        pm.execute_notebook(str(src), str(tmp), parameters=parameters, cwd=str(dest), progress_bar=False,
                            kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=ERROR"])
        nb = nbformat.read(tmp, as_version=4)
        _strip_volatile_metadata(nb)
        nbformat.write(nb, tmp)
        tmp.replace(dest / src.name)
        written.append(dest / src.name)
        say(f"zapisano {(dest / src.name).relative_to(project.root)}")
    return written


def _strip_volatile_metadata(nb) -> None:
    """Drop run times and durations so that a rerun with the same inputs gives the same file."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def _cleanup_intermediates(staging: Path) -> None:
    """Drop the render's scratch files; keep the report, its images and the notebooks."""
    for name in ("typst-header.typ", "quarto-project", APPENDIX_FILE):
        path = staging / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the console command: sprawozdanie build <year>")
