"""``sprawozdanie build <year>``: validate, execute the notebooks, render; all or nothing.

Everything is written into a staging folder beside ``output/<year>/`` and moved into
place only when every step has succeeded, so a failed or interrupted build leaves the
previous output as it was.
"""

from __future__ import annotations

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

from .errors import ReportError
from .load import load_inputs
from .params import Params, load_params
from .render import embedded
from .render import quarto as quarto_renderer

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
    steps = 1 + len(notebooks) + len(formats)
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
        parameters = {"year": year, "data_dir": str(data_dir), "params_file": str(params_path)}
        executed: dict[str, Path] = {}
        (staging / "notebooks").mkdir()
        for chapter in notebooks:
            src = project.root / chapter
            dst = staging / "notebooks" / src.name
            t0 = time.perf_counter()
            execute_notebook(src, dst, parameters)
            executed[chapter] = dst
            progress(f"notatnik {chapter} ({time.perf_counter() - t0:.1f} s)")

        # 3. Render.
        variables = report_variables(p)
        meta = report_metadata(p)
        quarto_bin = quarto_renderer.available()
        for fmt in formats:
            t0 = time.perf_counter()
            if quarto_bin:
                quarto_renderer.render(project.root, staging, executed, variables, meta, (fmt,))
                engine = "quarto"
            else:
                chapter_files = [executed.get(c, project.root / c) for c in chapters]
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
    }
    written = {k: v for k, v in written.items() if v.exists()}
    say(f"Gotowe w {time.perf_counter() - started:.1f} s:")
    for kind, path in written.items():
        say(f"  {kind:9} {path.relative_to(project.root)}")
    return written


def _cleanup_intermediates(staging: Path) -> None:
    """Drop the render's scratch files; keep the report, its images and the notebooks."""
    for name in ("typst-header.typ", "quarto-project"):
        path = staging / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the console command: sprawozdanie build <year>")
